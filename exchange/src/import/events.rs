//! The events table: one row per event with its first control point; each
//! further control point on a row below with the event's «Код» repeated (or
//! left empty) and the other event columns empty.

use stratmon_core::model::{ControlPointId, EventId, EventPeriod, ParticipantId, StrategyNodeId};
use stratmon_core::plan::{EventDraft, Origin, PlanProblem, PlannedControlPoint};

use super::cells;
use super::table::{Columns, Table, data_rows};

/// Field name and Russian header of each column of the events table.
pub(crate) const COLUMNS: [(&str, &str); 11] = [
    ("id", "Код"),
    ("title", "Наименование"),
    ("direction", "Направление"),
    ("responsible", "Ответственный исполнитель"),
    ("co_executors", "Соисполнители"),
    ("period.start", "Начало"),
    ("period.end", "Окончание"),
    ("expected_result", "Ожидаемый результат"),
    ("cp.id", "КТ: код"),
    ("cp.title", "КТ: наименование"),
    ("cp.planned", "КТ: плановая дата"),
];

const REQUIRED: [&str; 6] = [
    "id",
    "title",
    "direction",
    "responsible",
    "period.start",
    "period.end",
];

/// The event columns (everything but the control point's).
const EVENT_FIELDS: [&str; 8] = [
    "id",
    "title",
    "direction",
    "responsible",
    "co_executors",
    "period.start",
    "period.end",
    "expected_result",
];

/// Reads events from `table`, listing every bad cell. An event with a bad
/// cell is left out of the draft (its problems block applying anyway).
pub fn events_from_table(table: &Table) -> (Vec<EventDraft>, Vec<PlanProblem>) {
    let mut problems = Vec::new();
    let cols = Columns::find(table, &COLUMNS, &REQUIRED, |_, _| false, &mut problems);
    let mut events: Vec<EventDraft> = Vec::new();
    // The event the rows below continue: its code and first row, and whether
    // it was read (its index in `events`).
    let mut open: Option<(String, u32, &Vec<String>, Option<usize>)> = None;
    for (row, cells) in data_rows(table) {
        let mut cell_problem = |field: &str, message: String| {
            problems.push(PlanProblem::at_cell(
                table.name.clone(),
                row,
                cols.header(field),
                field.to_owned(),
                message,
            ));
        };
        let code = cols.cell(cells, "id");
        let continues = match &open {
            Some((open_code, first_row, first_cells, _))
                if code.is_empty() || code == open_code =>
            {
                for field in &EVENT_FIELDS[1..] {
                    let value = cols.cell(cells, field);
                    let first = cols.cell(first_cells, field);
                    if !value.is_empty() && value != first {
                        cell_problem(
                            field,
                            format!(
                                "differs from row {first_row} of the same event; \
                                 leave event columns empty on rows of further control points"
                            ),
                        );
                    }
                }
                true
            }
            None if code.is_empty() => {
                cell_problem("id", "must not be empty".into());
                continue;
            }
            _ => false,
        };
        if !continues {
            let read = read_event(cells, &cols, row, table, &mut cell_problem);
            let index = read.map(|e| {
                events.push(e);
                events.len() - 1
            });
            open = Some((code.to_owned(), row, cells, index));
        }
        let has_point = ["cp.id", "cp.title", "cp.planned"]
            .iter()
            .any(|f| !cols.cell(cells, f).is_empty());
        if !has_point {
            if continues {
                cell_problem(
                    "cp.id",
                    "a row of a further control point has no control point".into(),
                );
            }
            continue;
        }
        let point = read_control_point(cells, &cols, row, table, &mut cell_problem);
        let target = open.as_ref().and_then(|(_, _, _, index)| *index);
        if let (Some(point), Some(i)) = (point, target) {
            if let Some(event) = events.get_mut(i) {
                event.control_points.push(point);
            }
        }
    }
    (events, problems)
}

fn read_event(
    cells: &[String],
    cols: &Columns,
    row: u32,
    table: &Table,
    problem: &mut impl FnMut(&str, String),
) -> Option<EventDraft> {
    let cell = |f: &str| cols.cell(cells, f);
    let mut ok = true;
    let mut take = |field: &str, value: Result<(), String>| {
        if let Err(m) = value {
            problem(field, m);
            ok = false;
        }
    };
    // A required cell left empty says so; a filled one gives its own reason.
    let filled = |field: &str| {
        if cell(field).is_empty() {
            Err("must not be empty".to_owned())
        } else {
            Ok(())
        }
    };
    let id = filled("id").and_then(|()| cells::id::<EventId>(cell("id")));
    let direction =
        filled("direction").and_then(|()| cells::id::<StrategyNodeId>(cell("direction")));
    let responsible =
        filled("responsible").and_then(|()| cells::id::<ParticipantId>(cell("responsible")));
    let start = filled("period.start").and_then(|()| cells::date(cell("period.start")));
    let end = filled("period.end").and_then(|()| cells::date(cell("period.end")));
    take("id", id.as_ref().map(drop).map_err(Clone::clone));
    take(
        "direction",
        direction.as_ref().map(drop).map_err(Clone::clone),
    );
    take(
        "responsible",
        responsible.as_ref().map(drop).map_err(Clone::clone),
    );
    take(
        "period.start",
        start.as_ref().map(drop).map_err(Clone::clone),
    );
    take("period.end", end.as_ref().map(drop).map_err(Clone::clone));
    let mut co_executors = std::collections::BTreeSet::new();
    for code in cells::codes(cell("co_executors")) {
        match cells::id::<ParticipantId>(code) {
            Ok(p) => {
                co_executors.insert(p);
            }
            Err(m) => take("co_executors", Err(format!("`{code}`: {m}"))),
        }
    }
    let (Ok(id), Ok(direction), Ok(responsible), Ok(start), Ok(end), true) =
        (id, direction, responsible, start, end, ok)
    else {
        return None;
    };
    Some(EventDraft {
        id,
        title: cell("title").to_owned(),
        direction,
        responsible,
        co_executors,
        period: EventPeriod { start, end },
        expected_result: cell("expected_result").to_owned(),
        control_points: Vec::new(),
        origin: Some(Origin {
            source: table.name.clone(),
            row,
            columns: cols.origin_columns(&EVENT_FIELDS),
        }),
    })
}

fn read_control_point(
    cells: &[String],
    cols: &Columns,
    row: u32,
    table: &Table,
    problem: &mut impl FnMut(&str, String),
) -> Option<PlannedControlPoint> {
    let cell = |f: &str| cols.cell(cells, f);
    let id = if cell("cp.id").is_empty() {
        Err("must not be empty when the row has a control point".to_owned())
    } else {
        cells::id::<ControlPointId>(cell("cp.id"))
    };
    let planned = if cell("cp.planned").is_empty() {
        Err("must not be empty when the row has a control point".to_owned())
    } else {
        cells::date(cell("cp.planned"))
    };
    if let Err(m) = &id {
        problem("cp.id", m.clone());
    }
    if let Err(m) = &planned {
        problem("cp.planned", m.clone());
    }
    let (Ok(id), Ok(planned)) = (id, planned) else {
        return None;
    };
    let columns = ["cp.id", "cp.title", "cp.planned"]
        .iter()
        .filter_map(|f| {
            let name = f.trim_start_matches("cp.");
            cols.header(f).map(|h| (name.to_owned(), h))
        })
        .collect();
    Some(PlannedControlPoint {
        id,
        title: cell("cp.title").to_owned(),
        planned,
        origin: Some(Origin {
            source: table.name.clone(),
            row,
            columns,
        }),
    })
}

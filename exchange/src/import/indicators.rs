//! The indicators table: one row per indicator, a column per plan year
//! («2023» … «2035»).

use std::collections::{BTreeMap, BTreeSet};

use stratmon_core::model::{Direction, EventId, IndicatorId};
use stratmon_core::plan::{IndicatorDraft, Origin, PlanProblem};

use super::cells;
use super::table::{Columns, Table, data_rows, normalize_header};

/// Field name and Russian header of each fixed column of the indicators table.
pub(crate) const COLUMNS: [(&str, &str); 6] = [
    ("id", "Код"),
    ("name", "Наименование"),
    ("unit", "Ед. изм."),
    ("direction", "Направление"),
    ("cumulative", "Нарастающим итогом"),
    ("events", "Мероприятия"),
];

const REQUIRED: [&str; 4] = ["id", "name", "unit", "direction"];

fn direction(cell: &str) -> Result<Direction, String> {
    let h = normalize_header(cell);
    if h.starts_with("больше") || h == "рост" || h == "increase" {
        Ok(Direction::Increase)
    } else if h.starts_with("меньше") || h == "снижение" || h == "decrease" {
        Ok(Direction::Decrease)
    } else {
        Err(format!(
            "`{cell}` is neither «больше — лучше» nor «меньше — лучше»"
        ))
    }
}

/// Reads indicators from `table`, listing every bad cell. An indicator with
/// a bad cell is left out of the draft.
pub fn indicators_from_table(table: &Table) -> (Vec<IndicatorDraft>, Vec<PlanProblem>) {
    let mut problems = Vec::new();
    let mut years: Vec<(usize, i32)> = Vec::new();
    let cols = Columns::find(
        table,
        &COLUMNS,
        &REQUIRED,
        |i, header| match header.parse::<i32>() {
            Ok(year) if (2000..=2100).contains(&year) => {
                years.push((i, year));
                true
            }
            _ => false,
        },
        &mut problems,
    );
    let mut out = Vec::new();
    for (row, cells) in data_rows(table) {
        let mut ok = true;
        let mut problem = |field: &str, column: Option<String>, message: String| {
            problems.push(PlanProblem::at_cell(
                table.name.clone(),
                row,
                column,
                field.to_owned(),
                message,
            ));
            ok = false;
        };
        let cell = |f: &str| cols.cell(cells, f);
        let id = if cell("id").is_empty() {
            Err("must not be empty".to_owned())
        } else {
            cells::id::<IndicatorId>(cell("id"))
        };
        if let Err(m) = &id {
            problem("id", cols.header("id"), m.clone());
        }
        let dir = direction(cell("direction"));
        if let Err(m) = &dir {
            problem("direction", cols.header("direction"), m.clone());
        }
        let cumulative = cells::yes_no(cell("cumulative"));
        if let Err(m) = &cumulative {
            problem("cumulative", cols.header("cumulative"), m.clone());
        }
        let mut events = BTreeSet::new();
        for code in cells::codes(cell("events")) {
            match cells::id::<EventId>(code) {
                Ok(e) => {
                    events.insert(e);
                }
                Err(m) => problem("events", cols.header("events"), format!("`{code}`: {m}")),
            }
        }
        let mut plan = BTreeMap::new();
        let mut columns =
            cols.origin_columns(&["id", "name", "unit", "direction", "cumulative", "events"]);
        for (i, year) in &years {
            let header = cols.headers.get(*i).cloned();
            if let Some(h) = &header {
                columns.insert(format!("plan.{year}"), h.clone());
            }
            let value = cells.get(*i).map_or("", |s| s.as_str());
            if value.is_empty() {
                continue;
            }
            match cells::decimal(value) {
                Ok(v) => {
                    plan.insert(*year, v);
                }
                Err(m) => problem(&format!("plan.{year}"), header, m),
            }
        }
        let (Ok(id), Ok(direction), Ok(cumulative), true) = (id, dir, cumulative, ok) else {
            continue;
        };
        out.push(IndicatorDraft {
            id,
            name: cell("name").to_owned(),
            unit: cell("unit").to_owned(),
            direction,
            cumulative,
            plan,
            events,
            origin: Some(Origin {
                source: table.name.clone(),
                row,
                columns,
            }),
        });
    }
    (out, problems)
}

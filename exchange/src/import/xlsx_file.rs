//! XLSX workbooks: the events on the sheet «Мероприятия», the indicators on
//! the sheet «Показатели» (either may be absent).

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::{Days, NaiveDate};

use super::file_problem;
use super::table::Table;
use super::{ReadPlan, events_from_table, indicators_from_table};

/// The sheet the events are read from.
pub const EVENTS_SHEET: &str = "Мероприятия";
/// The sheet the indicators are read from.
pub const INDICATORS_SHEET: &str = "Показатели";

/// An Excel serial day number (1900 date system) as a date.
fn serial_date(serial: f64) -> Option<NaiveDate> {
    if !serial.is_finite() || !(1.0..3_000_000.0).contains(&serial) {
        return None;
    }
    // Day 60 is the phantom 29.02.1900; from day 61 on, day 0 is 30.12.1899.
    let days = serial.floor();
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let days = if days < 61.0 { days + 1.0 } else { days };
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "checked to lie in 1..3e6 above"
    )]
    base.checked_add_days(Days::new(days as u64))
}

/// A cell as the text a user would type for it.
fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "да" } else { "нет" }.to_owned(),
        Data::DateTime(d) => serial_date(d.as_f64()).map_or_else(
            || d.as_f64().to_string(),
            |d| d.format("%Y-%m-%d").to_string(),
        ),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Reads a plan from an XLSX workbook. `name` labels problems with the
/// workbook as a whole; cell problems name the sheet.
pub fn plan_from_xlsx(name: &str, bytes: &[u8]) -> ReadPlan {
    let mut out = ReadPlan::default();
    let draft = &mut out.draft;
    let mut workbook = match Xlsx::new(Cursor::new(bytes)) {
        Ok(w) => w,
        Err(e) => {
            draft.problems.push(file_problem(
                name,
                format!("cannot read the workbook as XLSX: {e}"),
            ));
            return out;
        }
    };
    let sheets = workbook.sheet_names();
    let find = |wanted: &str| {
        sheets
            .iter()
            .find(|s| super::table::normalize_header(s) == super::table::normalize_header(wanted))
            .cloned()
    };
    let (events_sheet, indicators_sheet) = (find(EVENTS_SHEET), find(INDICATORS_SHEET));
    if events_sheet.is_none() && indicators_sheet.is_none() {
        draft.problems.push(file_problem(
            name,
            format!("the workbook has neither a sheet «{EVENTS_SHEET}» nor «{INDICATORS_SHEET}»"),
        ));
        return out;
    }
    out.has_events = events_sheet.is_some();
    out.has_indicators = indicators_sheet.is_some();
    for (sheet, is_events) in [(events_sheet, true), (indicators_sheet, false)] {
        let Some(sheet) = sheet else { continue };
        let range = match workbook.worksheet_range(&sheet) {
            Ok(r) => r,
            Err(e) => {
                draft
                    .problems
                    .push(file_problem(&sheet, format!("cannot read the sheet: {e}")));
                continue;
            }
        };
        let first_row = range.start().map_or(1, |(row, _)| row.saturating_add(1));
        let leading = range.start().map_or(0, |(_, col)| col as usize);
        let rows: Vec<Vec<String>> = range
            .rows()
            .map(|r| {
                // Keep column positions stable when the sheet starts at a later column.
                let mut cells = vec![String::new(); leading];
                cells.extend(r.iter().map(text));
                cells
            })
            .collect();
        if rows.is_empty() {
            draft.problems.push(file_problem(
                &sheet,
                "the sheet is empty; the first row must be the header",
            ));
            continue;
        }
        let table = Table::new(sheet, rows, first_row);
        if is_events {
            let (items, problems) = events_from_table(&table);
            draft.events = items;
            draft.problems.extend(problems);
        } else {
            let (items, problems) = indicators_from_table(&table);
            draft.indicators = items;
            draft.problems.extend(problems);
        }
    }
    out
}

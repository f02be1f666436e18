//! XLSX workbooks: the events on the sheet «Мероприятия», the indicators on
//! the sheet «Показатели» (either may be absent).

use std::io::Cursor;

use calamine::{DataRef, Reader, Xlsx};
use chrono::{Days, NaiveDate};
use stratmon_core::plan::PlanProblem;

use super::file_problem;
use super::table::Table;
use super::{ReadPlan, events_from_table, indicators_from_table};

/// The sheet the events are read from.
pub const EVENTS_SHEET: &str = "Мероприятия";
/// The sheet the indicators are read from.
pub const INDICATORS_SHEET: &str = "Показатели";

/// Most rows a sheet may span, counted from the first row with a value; a
/// plan of 10,000 events with their control points fits many times over.
pub const MAX_SHEET_ROWS: u32 = 100_000;
/// Most columns a sheet may span, from column A: the widest table, the
/// indicators with a column per plan year, needs about 20.
pub const MAX_SHEET_COLUMNS: u32 = 100;

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
fn text(cell: &DataRef<'_>) -> String {
    match cell {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.trim().to_owned(),
        DataRef::SharedString(s) => s.trim().to_owned(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        DataRef::Float(f) => f.to_string(),
        DataRef::Bool(b) => if *b { "да" } else { "нет" }.to_owned(),
        DataRef::DateTime(d) => serial_date(d.as_f64()).map_or_else(
            || d.as_f64().to_string(),
            |d| d.format("%Y-%m-%d").to_string(),
        ),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => format!("#{e:?}"),
    }
}

/// A column's letters as Excel names it (`A`, `Z`, `AA`), from 0-based `col`.
fn column_name(col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = u64::from(col) + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// A cell's position as Excel names it (`B7`), from 0-based row and column.
fn cell_name(row: u32, col: u32) -> String {
    format!("{}{}", column_name(col), u64::from(row) + 1)
}

/// The rows of `sheet` as text, column A first, from the first row holding a
/// value, and that row's number as the user sees it. Cells are read one by
/// one and placed only within [`MAX_SHEET_ROWS`] × [`MAX_SHEET_COLUMNS`], so
/// a sheet claiming a far-away cell costs no memory for the gap; such a
/// sheet is refused with a problem naming the cell.
fn sheet_rows<R: std::io::Read + std::io::Seek>(
    workbook: &mut Xlsx<R>,
    sheet: &str,
) -> Result<(Vec<Vec<String>>, u32), PlanProblem> {
    let unreadable =
        |e: calamine::XlsxError| file_problem(sheet, format!("cannot read the sheet: {e}"));
    let mut reader = workbook.worksheet_cells_reader(sheet).map_err(unreadable)?;
    let mut cells: Vec<(u32, u32, String)> = Vec::new();
    let mut top = u32::MAX;
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        let (row, col) = cell.get_position();
        let value = text(cell.get_value());
        if value.is_empty() {
            continue;
        }
        top = top.min(row);
        if col >= MAX_SHEET_COLUMNS {
            return Err(file_problem(
                sheet,
                format!(
                    "cell {} lies beyond column {}: a plan table has at most {MAX_SHEET_COLUMNS} columns",
                    cell_name(row, col),
                    column_name(MAX_SHEET_COLUMNS - 1),
                ),
            ));
        }
        cells.push((row, col, value));
    }
    if let Some(&(row, col, _)) = cells.iter().find(|(row, ..)| row - top >= MAX_SHEET_ROWS) {
        return Err(file_problem(
            sheet,
            format!(
                "cell {} is more than {MAX_SHEET_ROWS} rows below the first filled row {}",
                cell_name(row, col),
                u64::from(top) + 1
            ),
        ));
    }
    let height = cells
        .iter()
        .map(|(row, ..)| row - top + 1)
        .max()
        .unwrap_or(0);
    let mut rows = vec![Vec::new(); height as usize];
    for (row, col, value) in cells {
        let Some(cells) = rows.get_mut((row - top) as usize) else {
            continue;
        };
        let col = col as usize;
        if cells.len() <= col {
            cells.resize(col + 1, String::new());
        }
        if let Some(slot) = cells.get_mut(col) {
            *slot = value;
        }
    }
    Ok((rows, top.saturating_add(1)))
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
        let (rows, first_row) = match sheet_rows(&mut workbook, &sheet) {
            Ok(read) => read,
            Err(problem) => {
                draft.problems.push(problem);
                continue;
            }
        };
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

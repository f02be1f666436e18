//! A sheet whose cells lie further apart than a plan table can (a million
//! rows, thousands of columns) is refused with a problem naming the cell,
//! without setting aside memory for the empty cells between: the reader
//! used to lay out every cell of the spanned rectangle, so two cells could
//! exhaust the memory of the server.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

#[path = "common/raw_xlsx.rs"]
mod raw_xlsx;

use stratmon_exchange::plan_from_xlsx;

fn problems(rows: &str) -> Vec<String> {
    let bytes = raw_xlsx::events_workbook(rows, &[]);
    plan_from_xlsx("plan.xlsx", &bytes)
        .draft
        .problems
        .iter()
        .map(|p| format!("{} | {}", p.location(), p.message))
        .collect()
}

fn cell(at: &str, text: &str) -> String {
    format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

#[test]
fn a_cell_in_the_last_row_of_excel_refuses_the_sheet_and_names_the_cell() {
    let rows = format!(
        r#"<row r="1">{}</row><row r="1048576">{}</row>"#,
        cell("A1", "Код"),
        cell("XFD1048576", "x")
    );
    assert_eq!(
        problems(&rows),
        [
            "Мероприятия | cell XFD1048576 lies beyond column CV: a plan table has at most 100 columns"
        ]
    );
}

#[test]
fn a_cell_a_million_rows_below_the_first_refuses_the_sheet_and_names_the_cell() {
    let rows = format!(
        r#"<row r="3">{}</row><row r="1000003">{}</row>"#,
        cell("B3", "Код"),
        cell("B1000003", "x")
    );
    assert_eq!(
        problems(&rows),
        ["Мероприятия | cell B1000003 is more than 100000 rows below the first filled row 3"]
    );
}

#[test]
fn a_table_starting_below_and_right_of_a1_keeps_its_rows_and_columns() {
    let rows = format!(
        r#"<row r="3">{}{}</row><row r="4">{}</row>"#,
        cell("C3", "Код"),
        cell("D3", "Наименование"),
        cell("C4", "1.1.1")
    );
    let found = problems(&rows);
    assert!(
        found
            .iter()
            .all(|p| !p.contains("lies beyond") && !p.contains("rows below")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|p| p.starts_with("Мероприятия:row 4")),
        "problems name the row as Excel numbers it: {found:?}"
    );
}

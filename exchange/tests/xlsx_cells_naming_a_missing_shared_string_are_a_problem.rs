//! A cell that names a shared string the workbook does not have (found by the
//! `plan_import_xlsx` fuzz target, which made the XLSX reader panic) makes its
//! sheet a problem; the import goes on with the other sheet.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

#[path = "common/raw_xlsx.rs"]
mod raw_xlsx;

use stratmon_exchange::plan_from_xlsx;

#[test]
fn a_cell_naming_a_shared_string_beyond_the_table_is_a_problem_of_its_sheet() {
    let bytes = raw_xlsx::events_workbook(r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#, &[]);
    let read = plan_from_xlsx("plan.xlsx", &bytes);
    assert!(read.draft.events.is_empty());
    let problems: Vec<String> = read
        .draft
        .problems
        .iter()
        .map(|p| format!("{} | {}", p.location(), p.message))
        .collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("Мероприятия | cannot read the sheet: "),
        "{problems:?}"
    );
}

#[test]
fn a_cell_naming_an_existing_shared_string_reads_as_its_text() {
    let bytes = raw_xlsx::events_workbook(
        r#"<row r="1"><c r="A1" t="s"><v>1</v></c></row>"#,
        &["Наименование", "Код"],
    );
    let read = plan_from_xlsx("plan.xlsx", &bytes);
    assert!(read.has_events);
    assert!(
        read.draft
            .problems
            .iter()
            .all(|p| !p.message.contains("cannot read")),
        "{:?}",
        read.draft.problems
    );
}

//! A cell reference no spreadsheet writes (`novokuzF1`: eight column letters,
//! past what 32 bits hold; found by the `plan_import_xlsx` fuzz target) made
//! the XLSX reader's arithmetic overflow, a panic in debug builds. Its
//! position wraps as in release builds and the sheet's bounds catch it.
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
fn a_cell_reference_with_more_column_letters_than_fit_is_read_without_a_panic() {
    for reference in ["novokuzF1", "ZZZZZZZZZZZZZZZZ1", "A99999999999999999999"] {
        let rows = format!(
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Код</t></is></c><c r="{reference}" t="inlineStr"><is><t>x</t></is></c></row>"#
        );
        let read = plan_from_xlsx("plan.xlsx", &raw_xlsx::events_workbook(&rows, &[]));
        assert!(read.has_events, "{reference}");
        assert!(read.draft.events.is_empty(), "{reference}");
        assert!(!read.draft.problems.is_empty(), "{reference}");
    }
}

//! Government tables start with a title and the act's requisites above the
//! header; the reader finds the header by its «Код» cell and keeps the row
//! numbers the spreadsheet shows.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use stratmon_exchange::plan_from_csv;

#[test]
fn a_title_above_the_header_is_skipped_and_rows_keep_their_numbers() {
    let events = include_str!("data/events.csv").trim_start_matches('\u{feff}');
    let titled = format!(
        "\u{feff}План мероприятий по реализации Стратегии\n\
         (в редакции распоряжения от 20.03.2026 № 275-р)\n\
         \n{}",
        events.replace("31.12.2028", "31.12.20xx")
    );
    let draft = plan_from_csv(Some(("events.csv", titled.as_bytes())), None).draft;
    let locations: Vec<_> = draft.problems.iter().map(|p| p.location()).collect();
    assert_eq!(locations, ["events.csv:row 7:«Окончание»"]);
    assert_eq!(draft.events[0].origin.as_ref().unwrap().row, 5);
}

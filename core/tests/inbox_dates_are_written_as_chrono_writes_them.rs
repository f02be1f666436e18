//! An inbox item's `due` date is written by its own short path; whatever the
//! date, the JSON is the same as chrono's own serialization writes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use chrono::NaiveDate;
use proptest::prelude::*;
use stratmon_core::status::{InboxItem, InboxTask};

fn item(due: NaiveDate) -> InboxItem {
    InboxItem {
        task: InboxTask::FillReport,
        event: None,
        request: None,
        title: "Строительство жилья".into(),
        period: None,
        year: None,
        due,
        overdue: false,
    }
}

fn written_due(due: NaiveDate) -> serde_json::Value {
    serde_json::to_value(item(due)).unwrap()["due"].clone()
}

proptest! {
    #[test]
    fn any_due_date_is_written_as_chrono_writes_it(days in -4_000_000i32..4_000_000) {
        let due = NaiveDate::from_num_days_from_ce_opt(days).unwrap();
        prop_assert_eq!(written_due(due), serde_json::to_value(due).unwrap());
    }
}

#[test]
fn dates_at_the_edges_of_four_digit_years_are_written_as_chrono_writes_them() {
    for (y, m, d) in [
        (0, 1, 1),
        (9, 9, 9),
        (999, 12, 31),
        (2026, 3, 30),
        (9999, 12, 31),
        (10000, 1, 1),
        (-1, 12, 31),
    ] {
        let due = NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            written_due(due),
            serde_json::to_value(due).unwrap(),
            "{due}"
        );
    }
    assert_eq!(
        written_due(NaiveDate::from_ymd_opt(2026, 3, 30).unwrap()),
        "2026-03-30"
    );
}

#[test]
fn an_inbox_item_read_back_has_the_same_due_date() {
    let due = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let back: InboxItem = serde_json::from_value(serde_json::to_value(item(due)).unwrap()).unwrap();
    assert_eq!(back, item(due));
}

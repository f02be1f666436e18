#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! Through the service, the consolidated report covers the events the reader
//! sees: everything for the Coordinator, their own events for participants'
//! staff, nothing for the Admin; bad queries are refused with the field.

use std::sync::Arc;

use stratmon_core::ErrorKind;
use stratmon_core::conformance::Fixture;
use stratmon_core::store::MemoryStore;
use stratmon_core::summary::SummaryQuery;

fn february() -> SummaryQuery {
    SummaryQuery {
        year: 2026,
        month: 2,
        participant: None,
        direction: None,
    }
}

#[tokio::test]
async fn each_reader_gets_the_summary_of_the_events_they_see() {
    let f = Fixture::build(Arc::new(MemoryStore::new())).await.unwrap();
    f.submitted_report().await.unwrap();
    let all = f
        .service
        .consolidated_report(&f.coordinator, &february())
        .await
        .unwrap();
    assert!(all.event_lines.iter().any(|l| l.event == f.event));
    assert_eq!(all.reports.in_check, 1);
    let own = f
        .service
        .consolidated_report(&f.planner, &february())
        .await
        .unwrap();
    assert!(
        own.event_lines
            .iter()
            .all(|l| l.responsible.as_str() == "minstroy")
    );
    let unrelated = f
        .service
        .consolidated_report(&f.other_planner, &february())
        .await
        .unwrap();
    assert!(unrelated.event_lines.iter().all(|l| l.event != f.event));
    let refused = f
        .service
        .consolidated_report(&f.admin, &february())
        .await
        .unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::PermissionDenied);
}

#[tokio::test]
async fn a_bad_month_or_an_unknown_filter_is_refused() {
    let f = Fixture::build(Arc::new(MemoryStore::new())).await.unwrap();
    let bad_month = SummaryQuery {
        month: 13,
        ..february()
    };
    let e = f
        .service
        .consolidated_report(&f.coordinator, &bad_month)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    let unknown = SummaryQuery {
        participant: Some("nobody".parse().unwrap()),
        ..february()
    };
    let e = f
        .service
        .consolidated_report(&f.coordinator, &unknown)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    let unknown = SummaryQuery {
        direction: Some("9.9".parse().unwrap()),
        ..february()
    };
    let e = f
        .service
        .consolidated_report(&f.coordinator, &unknown)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
}

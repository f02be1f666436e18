//! After a commit of one report month, an inbox reads that month of that
//! event again, not the event's other months or plans; after a plan commit,
//! the event's plans only; after a month no inbox looks at, nothing. What the
//! inbox answers is the same as a service that kept nothing (the property
//! walk in `inbox_kept_between_calls.rs` checks that on every step).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod common;

use common::*;
use stratmon_core::calendar::ReportingPeriod;
use stratmon_core::model::ReportContent;

/// The planner's inbox as a service that kept nothing computes it.
async fn planner_inbox_afresh(
    f: &stratmon_core::conformance::Fixture,
) -> Vec<stratmon_core::status::InboxItem> {
    afresh(f, f.service.store())
        .inbox(&f.planner)
        .await
        .unwrap()
}

/// A draft with nothing but progress in words.
fn draft() -> ReportContent {
    ReportContent {
        progress: "Работы ведутся".into(),
        ..ReportContent::default()
    }
}

fn month(year: i32, month: u32) -> ReportingPeriod {
    ReportingPeriod::new(year, month).unwrap()
}

#[tokio::test]
async fn a_saved_report_month_is_the_only_thing_the_next_inbox_reads_again() {
    let f = fixture().await;
    let (watched, service) = watched_service(&f);
    let first = service.inbox(&f.planner).await.unwrap();
    assert!(
        !watched.take_revision_reads().is_empty(),
        "the first inbox reads everything it is computed from"
    );

    // February 2026 lies inside December 2025 – February 2026, the months an
    // inbox on 26 March 2026 looks at. Saved and submitted: two commits.
    f.submitted_report().await.unwrap();
    let after = service.inbox(&f.planner).await.unwrap();
    assert_eq!(
        watched.take_revision_reads(),
        vec![RevisionRead::Reports {
            events: vec![f.event.clone()],
            from: f.period,
            to: f.period,
        }]
    );
    assert_eq!(after, planner_inbox_afresh(&f).await);
    assert_eq!(after.len(), first.len() - 1, "February went to the Analyst");
}

#[tokio::test]
async fn a_report_of_a_month_no_inbox_looks_at_is_not_read_again() {
    let f = fixture().await;
    let (watched, service) = watched_service(&f);
    let before = service.inbox(&f.planner).await.unwrap();
    watched.take_revision_reads();

    // March 2026 is still open on 26 March: no inbox of that day shows it.
    f.service
        .save_report(&f.planner, &f.event, month(2026, 3), 0, f.valid_content())
        .await
        .unwrap();
    assert_eq!(service.inbox(&f.planner).await.unwrap(), before);
    assert_eq!(watched.take_revision_reads(), vec![]);
}

#[tokio::test]
async fn a_plan_commit_reads_the_events_plans_again_and_no_reports() {
    let f = fixture().await;
    extend_annual_window(&f, 2026).await;
    let (watched, service) = watched_service(&f);
    service.inbox(&f.planner).await.unwrap();
    watched.take_revision_reads();

    f.service
        .save_annual_plan(&f.planner, &f.event, 2026, 0, plan_content(2026))
        .await
        .unwrap();
    let after = service.inbox(&f.planner).await.unwrap();
    assert_eq!(
        watched.take_revision_reads(),
        vec![RevisionRead::Plans {
            events: vec![f.event.clone()],
        }]
    );
    assert_eq!(after, planner_inbox_afresh(&f).await);
}

#[tokio::test]
async fn commits_of_one_month_on_two_events_are_read_again_together() {
    let f = fixture().await;
    let (watched, service) = watched_service(&f);
    let second = second_event(&f).await;
    service.inbox(&f.planner).await.unwrap();
    watched.take_revision_reads();

    let draft = draft();
    for event in [&f.event, &second] {
        f.service
            .save_report(&f.planner, event, f.period, 0, draft.clone())
            .await
            .unwrap();
    }
    let after = service.inbox(&f.planner).await.unwrap();
    let reads = watched.take_revision_reads();
    assert_eq!(reads.len(), 1, "one read for both: {reads:?}");
    let RevisionRead::Reports { events, from, to } = &reads[0] else {
        panic!("a read of reports, not {reads:?}");
    };
    assert_eq!((*from, *to), (f.period, f.period));
    let mut events = events.clone();
    events.sort();
    let mut expected = vec![f.event.clone(), second];
    expected.sort();
    assert_eq!(events, expected);
    assert_eq!(after, planner_inbox_afresh(&f).await);
}

/// A second event of the planner's participant, `1.1.2`, like the first.
async fn second_event(f: &stratmon_core::conformance::Fixture) -> stratmon_core::model::EventId {
    let first = f.service.get_event(&f.coordinator, &f.event).await.unwrap();
    let id: stratmon_core::model::EventId = "1.1.2".parse().unwrap();
    f.service
        .create_event(&f.coordinator, id.clone(), first.plan)
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn a_month_this_service_committed_is_taken_from_what_it_kept() {
    let f = fixture().await;
    let (watched, service) = watched_service(&f);
    let first = service.inbox(&f.planner).await.unwrap();
    watched.take_revision_reads();

    // Saved and submitted through the service that computes the inbox: it
    // kept February as its commits left it.
    let saved = service
        .save_report(&f.planner, &f.event, f.period, 0, f.valid_content())
        .await
        .unwrap()
        .saved;
    service
        .submit_report(&f.planner, &f.event, f.period, saved.version)
        .await
        .unwrap();
    let after = service.inbox(&f.planner).await.unwrap();
    assert_eq!(watched.take_revision_reads(), vec![]);
    assert_eq!(after, planner_inbox_afresh(&f).await);
    assert_eq!(after.len(), first.len() - 1, "February went to the Analyst");
}

#[tokio::test]
async fn of_two_events_saved_in_one_month_only_the_one_saved_elsewhere_is_read() {
    let f = fixture().await;
    let (watched, service) = watched_service(&f);
    let second = second_event(&f).await;
    service.inbox(&f.planner).await.unwrap();
    watched.take_revision_reads();

    let draft = draft();
    // The first through the inbox's service, which keeps the month; the
    // second through another one, as another process would.
    service
        .save_report(&f.planner, &f.event, f.period, 0, draft.clone())
        .await
        .unwrap();
    f.service
        .save_report(&f.planner, &second, f.period, 0, draft)
        .await
        .unwrap();
    let after = service.inbox(&f.planner).await.unwrap();
    assert_eq!(
        watched.take_revision_reads(),
        vec![RevisionRead::Reports {
            events: vec![second],
            from: f.period,
            to: f.period,
        }]
    );
    assert_eq!(after, planner_inbox_afresh(&f).await);
}

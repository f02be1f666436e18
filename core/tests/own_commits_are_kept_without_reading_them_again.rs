//! A service that commits a report or plan revision keeps the period as its
//! commit left it, instead of reading it back on the next call: at a
//! month's end a Planner saves the same report again and again, and the
//! Analyst reads it between saves. What it keeps is what a service that
//! kept nothing reads; a commit by anyone else still makes it read again.
//! (A write by someone else between a call's read and its commit is
//! decided by the audit log's order; the unit tests of `service::kept::own`
//! try it in every order.)
#![allow(clippy::unwrap_used, reason = "tests fail loudly")]

mod common;

use common::*;
use stratmon_core::Service;
use stratmon_core::conformance::Fixture;
use stratmon_core::model::MonthlyReport;

/// The fixture's report saved for the first time through `service`.
async fn first_save(f: &Fixture, service: &Service) -> MonthlyReport {
    service
        .save_report(&f.planner, &f.event, f.period, 0, f.valid_content())
        .await
        .unwrap()
        .saved
}

#[tokio::test]
async fn a_saved_report_is_read_back_from_what_the_save_kept() {
    let f = fixture().await;
    let (watched, service) = watched_service(&f);
    let reads = || watched.reads_of(&[]);
    let (e, p) = (&f.event, f.period);
    // The users and the event are kept after their first read.
    service.get_event(&f.analyst, e).await.unwrap();

    let saved = first_save(&f, &service).await;
    let before = reads();
    let read = service.get_report(&f.analyst, e, p).await.unwrap();
    assert_eq!(read, saved);
    assert_eq!(reads(), before, "the save kept its month");
    assert_eq!(
        read,
        afresh(&f, f.service.store())
            .get_report(&f.analyst, e, p)
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn every_step_of_the_chain_keeps_what_it_committed() {
    use stratmon_core::report::Action;
    let f = fixture().await;
    let (watched, service) = watched_service(&f);
    let reads = || watched.reads_of(&[]);
    let (e, p) = (&f.event, f.period);
    for who in [&f.analyst, &f.head, &f.coordinator] {
        service.get_event(who, e).await.unwrap();
    }
    let saved = first_save(&f, &service).await;
    let mut version = saved.version;
    // After each step the month is read back from what the step kept.
    let steps = [
        (&f.planner, Action::Submit, None),
        (&f.analyst, Action::Return, Some("Уточнить факты")),
        (&f.planner, Action::Submit, None),
        (&f.analyst, Action::Accept, None),
        (&f.head, Action::Approve, None),
        (&f.coordinator, Action::Reopen, Some("Исправить расходы")),
    ];
    for (who, action, comment) in steps {
        let moved = service
            .transition_report(who, e, p, version, action, comment)
            .await
            .unwrap();
        let before = reads();
        let history = service.report_history(&f.head, e, p).await.unwrap();
        assert_eq!(reads(), before, "{action} kept its month");
        assert_eq!(history.last(), Some(&moved));
        assert_eq!(
            history,
            afresh(&f, f.service.store())
                .report_history(&f.head, e, p)
                .await
                .unwrap(),
            "after {action}"
        );
        version = moved.version;
    }
    let history = service.report_history(&f.head, e, p).await.unwrap();
    assert_eq!(history.len(), 2, "the reopen began a second revision");
}

#[tokio::test]
async fn a_commit_by_another_service_is_read_again() {
    let f = fixture().await;
    let (watched, service) = watched_service(&f);
    let reads = || watched.reads_of(&[]);
    let (e, p) = (&f.event, f.period);
    service.get_event(&f.analyst, e).await.unwrap();

    let saved = first_save(&f, &service).await;
    let elsewhere = f
        .service
        .save_report(&f.planner, e, p, saved.version, f.valid_content())
        .await
        .unwrap()
        .saved;
    let before = reads();
    let read = service.get_report(&f.analyst, e, p).await.unwrap();
    assert_eq!(read, elsewhere);
    assert_eq!(reads(), before + 1, "the other service's save is read");
}

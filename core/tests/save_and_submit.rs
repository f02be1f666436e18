//! Saving and submitting in one call, as data-entry scripts do: one
//! transaction, the same checks, and nothing written when any check fails.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod common;

use common::*;
use stratmon_core::ErrorKind;
use stratmon_core::conformance::snapshot;
use stratmon_core::model::ReportContent;
use stratmon_core::report::ReportState;

#[tokio::test]
async fn one_call_submits_a_new_report_with_one_audit_entry() {
    let f = fixture().await;
    let before = snapshot(&**f.service.store()).await.unwrap();
    let report = f
        .service
        .save_and_submit_report(&f.planner, &f.event, f.period, 0, f.valid_content())
        .await
        .unwrap();
    assert_eq!(
        (report.workflow.state, report.version),
        (ReportState::Submitted, 1)
    );
    assert_eq!(report.content, f.valid_content());
    let after = snapshot(&**f.service.store()).await.unwrap();
    assert_eq!(after.audit.len(), before.audit.len() + 1);
    assert_eq!(after.audit.last().unwrap().draft.action, "report.submit");
    assert!(
        f.service
            .accept_report(&f.analyst, &f.event, f.period, report.version)
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn incomplete_content_writes_not_even_a_draft() {
    let f = fixture().await;
    let before = snapshot(&**f.service.store()).await.unwrap();
    let err = f
        .service
        .save_and_submit_report(&f.planner, &f.event, f.period, 0, ReportContent::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation);
    let fields: Vec<&str> = err.problems().iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["progress", "indicator_facts.IND-1"]);
    assert_eq!(snapshot(&**f.service.store()).await.unwrap(), before);
}

#[tokio::test]
async fn before_the_window_nothing_is_written() {
    let f = fixture().await;
    set_local_noon(&f, 2026, 3, 10);
    let before = snapshot(&**f.service.store()).await.unwrap();
    let err = f
        .service
        .save_and_submit_report(&f.planner, &f.event, f.period, 0, f.valid_content())
        .await;
    assert_eq!(kind(err), Some(ErrorKind::WindowClosed));
    assert_eq!(snapshot(&**f.service.store()).await.unwrap(), before);
}

#[tokio::test]
async fn a_returned_report_is_fixed_and_resubmitted_in_one_call_naming_its_version() {
    let f = fixture().await;
    let v = f.submitted_report().await.unwrap();
    let returned = f
        .service
        .return_report(&f.analyst, &f.event, f.period, v, "Уточните ход")
        .await
        .unwrap();
    let mut content = f.valid_content();
    content.progress = "Уточнённый ход реализации".into();
    let stale = f
        .service
        .save_and_submit_report(&f.planner, &f.event, f.period, v, content.clone())
        .await;
    assert_eq!(kind(stale), Some(ErrorKind::Conflict));
    let again = f
        .service
        .save_and_submit_report(&f.planner, &f.event, f.period, returned.version, content)
        .await
        .unwrap();
    assert_eq!(again.workflow.state, ReportState::Submitted);
    assert_eq!(again.content.progress, "Уточнённый ход реализации");
    let busy = f
        .service
        .save_and_submit_report(
            &f.planner,
            &f.event,
            f.period,
            again.version,
            f.valid_content(),
        )
        .await;
    assert_eq!(kind(busy), Some(ErrorKind::InvalidTransition));
}

#[tokio::test]
async fn only_the_responsible_planner_may_do_it() {
    let f = fixture().await;
    for (who, expected) in [
        (&f.analyst, ErrorKind::PermissionDenied),
        (&f.co_planner, ErrorKind::PermissionDenied),
        (&f.other_planner, ErrorKind::NotFound),
    ] {
        let r = f
            .service
            .save_and_submit_report(who, &f.event, f.period, 0, f.valid_content())
            .await;
        assert_eq!(kind(r), Some(expected), "{}", who.user);
    }
}

#[tokio::test]
async fn an_annual_plan_is_saved_and_submitted_in_one_call_inside_its_window() {
    let f = fixture().await;
    let year = 2026;
    set_local_noon(&f, 2025, 12, 15);
    let before = snapshot(&**f.service.store()).await.unwrap();
    let plan = f
        .service
        .save_and_submit_annual_plan(&f.planner, &f.event, year, 0, plan_content(year))
        .await
        .unwrap();
    assert_eq!(
        (plan.workflow.state, plan.version),
        (ReportState::Submitted, 1)
    );
    assert_eq!(plan.content, plan_content(year));
    let after = snapshot(&**f.service.store()).await.unwrap();
    assert_eq!(after.audit.len(), before.audit.len() + 1);
    assert_eq!(
        after.audit.last().unwrap().draft.action,
        "annual_plan.submit"
    );
    assert!(
        f.service
            .accept_annual_plan(&f.analyst, &f.event, year, plan.version)
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn an_annual_plan_refused_by_any_check_writes_not_even_a_draft() {
    let f = fixture().await;
    let year = 2026;
    let before = snapshot(&**f.service.store()).await.unwrap();
    // Outside the window (10–25 December of the year before).
    set_local_noon(&f, 2025, 12, 26);
    let closed = f
        .service
        .save_and_submit_annual_plan(&f.planner, &f.event, year, 0, plan_content(year))
        .await;
    assert_eq!(kind(closed), Some(ErrorKind::WindowClosed));
    // Inside it, but with no works.
    set_local_noon(&f, 2025, 12, 15);
    let empty = f
        .service
        .save_and_submit_annual_plan(&f.planner, &f.event, year, 0, Default::default())
        .await;
    assert_eq!(kind(empty), Some(ErrorKind::Validation));
    // By someone who may not submit it.
    let foreign = f
        .service
        .save_and_submit_annual_plan(&f.analyst, &f.event, year, 0, plan_content(year))
        .await;
    assert_eq!(kind(foreign), Some(ErrorKind::PermissionDenied));
    assert_eq!(snapshot(&**f.service.store()).await.unwrap(), before);
}

#[tokio::test]
async fn a_submitted_annual_plan_is_not_saved_again_in_one_call() {
    let f = fixture().await;
    let year = 2026;
    set_local_noon(&f, 2025, 12, 15);
    let plan = f
        .service
        .save_and_submit_annual_plan(&f.planner, &f.event, year, 0, plan_content(year))
        .await
        .unwrap();
    let before = snapshot(&**f.service.store()).await.unwrap();
    let again = f
        .service
        .save_and_submit_annual_plan(&f.planner, &f.event, year, plan.version, plan_content(year))
        .await;
    assert_eq!(kind(again), Some(ErrorKind::InvalidTransition));
    let stale = f
        .service
        .save_and_submit_annual_plan(&f.planner, &f.event, year, 0, plan_content(year))
        .await;
    assert!(matches!(
        kind(stale),
        Some(ErrorKind::InvalidTransition | ErrorKind::Conflict)
    ));
    assert_eq!(snapshot(&**f.service.store()).await.unwrap(), before);
}

//! Firing a transition by its `Action` (as adapters do) runs exactly the
//! checks of the named methods: the submission window, the comment rule.
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
use stratmon_core::report::{Action, ReportState};

#[tokio::test]
async fn a_submit_by_action_is_refused_before_the_window_like_submit_report() {
    let f = fixture().await;
    set_local_noon(&f, 2026, 3, 20);
    let v = f
        .service
        .save_report(&f.planner, &f.event, f.period, 0, f.valid_content())
        .await
        .unwrap()
        .saved
        .version;
    let before = snapshot(&**f.service.store()).await.unwrap();
    let early = f
        .service
        .transition_report(&f.planner, &f.event, f.period, v, Action::Submit, None)
        .await;
    assert_eq!(kind(early), Some(ErrorKind::WindowClosed));
    assert_eq!(snapshot(&**f.service.store()).await.unwrap(), before);
}

#[tokio::test]
async fn the_whole_chain_runs_by_action_and_a_return_needs_its_comment() {
    let f = fixture().await;
    let (s, e, p) = (&f.service, &f.event, f.period);
    let v = s
        .save_report(&f.planner, e, p, 0, f.valid_content())
        .await
        .unwrap()
        .saved
        .version;
    let v = s
        .transition_report(&f.planner, e, p, v, Action::Submit, None)
        .await
        .unwrap()
        .version;
    let no_comment = s
        .transition_report(&f.analyst, e, p, v, Action::Return, None)
        .await;
    assert_eq!(kind(no_comment), Some(ErrorKind::Validation));
    let v = s
        .transition_report(&f.analyst, e, p, v, Action::Accept, Some("ignored"))
        .await
        .unwrap()
        .version;
    let approved = s
        .transition_report(&f.head, e, p, v, Action::Approve, None)
        .await
        .unwrap();
    assert_eq!(approved.workflow.state, ReportState::Approved);
    assert!(
        approved
            .workflow
            .history
            .iter()
            .all(|step| step.comment.is_none())
    );
    let reopened = s
        .transition_report(
            &f.coordinator,
            e,
            p,
            approved.version,
            Action::Reopen,
            Some("Уточнение"),
        )
        .await
        .unwrap();
    assert_eq!(reopened.workflow.revision, 2);

    let year = 2026;
    let v = submitted_plan(&f, year).await;
    let plan = s
        .transition_annual_plan(&f.analyst, e, year, v, Action::Accept, None)
        .await
        .unwrap();
    assert_eq!(plan.workflow.state, ReportState::Accepted);
}

//! A returned report remembers what it held when it was returned, so the
//! reviewers can see what the Planner changed; a new revision forgets it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod common;

use common::*;
use rust_decimal::Decimal;
use stratmon_core::report::{Action, ReportState};

#[tokio::test]
async fn a_return_keeps_the_returned_content_beside_the_corrected_one() {
    let f = fixture().await;
    let (s, e, p) = (&f.service, &f.event, f.period);
    let v = f.submitted_report().await.unwrap();
    let fresh = s.get_report(&f.planner, e, p).await.unwrap();
    assert_eq!(fresh.returned_content, None, "nothing was returned yet");

    let returned = s
        .transition_report(&f.analyst, e, p, v, Action::Return, Some("Уточните ввод"))
        .await
        .unwrap();
    assert_eq!(returned.returned_content.as_ref(), Some(&returned.content));

    let mut corrected = f.valid_content();
    corrected
        .indicator_facts
        .insert(f.indicator.clone(), Decimal::new(320, 0));
    let saved = s
        .save_report(&f.planner, e, p, returned.version, corrected.clone())
        .await
        .unwrap()
        .saved;
    let resubmitted = s
        .transition_report(&f.planner, e, p, saved.version, Action::Submit, None)
        .await
        .unwrap();
    assert_eq!(resubmitted.workflow.state, ReportState::Submitted);
    assert_eq!(resubmitted.content, corrected);
    assert_eq!(resubmitted.returned_content, Some(f.valid_content()));
}

#[tokio::test]
async fn a_new_revision_starts_without_the_old_returned_content() {
    let f = fixture().await;
    let (s, e, p) = (&f.service, &f.event, f.period);
    let v = f.submitted_report().await.unwrap();
    let r = s
        .transition_report(&f.analyst, e, p, v, Action::Return, Some("Уточните"))
        .await
        .unwrap();
    let r = s
        .transition_report(&f.planner, e, p, r.version, Action::Submit, None)
        .await
        .unwrap();
    let r = s
        .transition_report(&f.analyst, e, p, r.version, Action::Accept, None)
        .await
        .unwrap();
    let r = s
        .transition_report(&f.head, e, p, r.version, Action::Approve, None)
        .await
        .unwrap();
    assert!(
        r.returned_content.is_some(),
        "the approved revision keeps its record"
    );
    let reopened = s
        .transition_report(
            &f.head,
            e,
            p,
            r.version,
            Action::Reopen,
            Some("Новые данные"),
        )
        .await
        .unwrap();
    assert_eq!(reopened.workflow.revision, 2);
    assert_eq!(reopened.returned_content, None);
}

//! Deputies act for a Head or Analyst within the delegation's dates only, and
//! their actions are recorded as on behalf of the principal.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod common;

use common::*;
use stratmon_core::ErrorKind;
use stratmon_core::audit::AuditQuery;
use stratmon_core::conformance::Fixture;
use stratmon_core::model::Role;

/// stroy.all submits, stroy.analyst accepts; returns the version to approve.
async fn accepted_by_others(f: &Fixture) -> u64 {
    let (s, e, p) = (&f.service, &f.event, f.period);
    let v = s
        .save_report(&f.all_roles, e, p, 0, f.valid_content())
        .await
        .unwrap()
        .saved
        .version;
    let v = s
        .submit_report(&f.all_roles, e, p, v)
        .await
        .unwrap()
        .version;
    s.accept_report(&f.analyst, e, p, v).await.unwrap().version
}

#[tokio::test]
async fn a_deputy_approves_on_behalf_of_the_head_within_the_dates() {
    let f = fixture().await;
    f.service
        .create_delegation(
            &f.head,
            &f.planner.user,
            Role::Head,
            date(2026, 3, 20),
            date(2026, 3, 31),
        )
        .await
        .unwrap();
    let v = accepted_by_others(&f).await;
    let deputy = f.planner.clone().on_behalf_of(f.head.user.clone());
    let approved = f
        .service
        .approve_report(&deputy, &f.event, f.period, v)
        .await
        .unwrap();
    assert_eq!(approved.workflow.history.last().unwrap().by, f.planner.user);
    let q = AuditQuery {
        action: Some("report.approve".into()),
        ..Default::default()
    };
    let entry = f.service.audit(&f.admin, &q).await.unwrap().remove(0);
    assert_eq!(entry.draft.actor, f.planner.user);
    assert_eq!(entry.draft.on_behalf_of.as_ref(), Some(&f.head.user));
}

#[tokio::test]
async fn a_deputy_outside_the_date_range_cannot_act() {
    let f = fixture().await;
    f.service
        .create_delegation(
            &f.head,
            &f.planner.user,
            Role::Head,
            date(2026, 3, 27),
            date(2026, 3, 28),
        )
        .await
        .unwrap();
    let v = accepted_by_others(&f).await;
    let deputy = f.planner.clone().on_behalf_of(f.head.user.clone());
    let before = f
        .service
        .approve_report(&deputy, &f.event, f.period, v)
        .await;
    assert_eq!(kind(before), Some(ErrorKind::PermissionDenied));
    set_local_noon(&f, 2026, 3, 29);
    let after = f
        .service
        .approve_report(&deputy, &f.event, f.period, v)
        .await;
    assert_eq!(kind(after), Some(ErrorKind::PermissionDenied));
    set_local_noon(&f, 2026, 3, 28);
    assert!(
        f.service
            .approve_report(&deputy, &f.event, f.period, v)
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn without_naming_the_principal_the_deputy_has_only_their_own_roles() {
    let f = fixture().await;
    f.service
        .create_delegation(
            &f.head,
            &f.planner.user,
            Role::Head,
            date(2026, 3, 20),
            date(2026, 3, 31),
        )
        .await
        .unwrap();
    let v = accepted_by_others(&f).await;
    assert_eq!(
        kind(
            f.service
                .approve_report(&f.planner, &f.event, f.period, v)
                .await
        ),
        Some(ErrorKind::PermissionDenied)
    );
}

#[tokio::test]
async fn separation_of_duties_applies_to_the_deputy_in_person() {
    let f = fixture().await;
    f.service
        .create_delegation(
            &f.head,
            &f.analyst.user,
            Role::Head,
            date(2026, 3, 20),
            date(2026, 3, 31),
        )
        .await
        .unwrap();
    let v = accepted_by_others(&f).await; // accepted by stroy.analyst
    let deputy = f.analyst.clone().on_behalf_of(f.head.user.clone());
    assert_eq!(
        kind(
            f.service
                .approve_report(&deputy, &f.event, f.period, v)
                .await
        ),
        Some(ErrorKind::PermissionDenied)
    );
}

#[tokio::test]
async fn a_delegation_ends_with_the_principals_access() {
    let f = fixture().await;
    f.service
        .create_delegation(
            &f.head,
            &f.planner.user,
            Role::Head,
            date(2026, 3, 20),
            date(2026, 3, 31),
        )
        .await
        .unwrap();
    let v = accepted_by_others(&f).await;
    f.service
        .revoke_user(&f.admin, &f.head.user, "Увольнение")
        .await
        .unwrap();
    let deputy = f.planner.clone().on_behalf_of(f.head.user.clone());
    assert_eq!(
        kind(
            f.service
                .approve_report(&deputy, &f.event, f.period, v)
                .await
        ),
        Some(ErrorKind::PermissionDenied)
    );
}

#[tokio::test]
async fn only_ones_own_role_can_be_delegated_to_a_colleague() {
    let f = fixture().await;
    let s = &f.service;
    let (from, to) = (date(2026, 3, 20), date(2026, 3, 31));
    let outsider = s
        .create_delegation(&f.head, &f.co_planner.user, Role::Head, from, to)
        .await
        .unwrap_err();
    assert_eq!(outsider.problems()[0].field, "deputy");
    let not_mine = s
        .create_delegation(&f.analyst, &f.planner.user, Role::Head, from, to)
        .await
        .unwrap_err();
    assert_eq!(not_mine.problems()[0].field, "role");
    let backwards = s
        .create_delegation(&f.head, &f.planner.user, Role::Head, to, from)
        .await
        .unwrap_err();
    assert_eq!(backwards.problems()[0].field, "to");
    assert_eq!(
        kind(
            s.create_delegation(&f.planner, &f.analyst.user, Role::Planner, from, to)
                .await
        ),
        Some(ErrorKind::PermissionDenied)
    );
    assert!(s.list_delegations(&f.head).await.unwrap().is_empty());
}

//! Each applied act is a version of the plan: listed with its act, author,
//! time and counts; any two versions can be compared.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod common;
mod plan_common;

use common::*;
use plan_common::*;
use stratmon_core::ErrorKind;
use stratmon_core::audit::AuditQuery;
use stratmon_core::plan::*;

#[tokio::test]
async fn versions_are_listed_and_any_two_compared() {
    let f = fixture().await;
    let v0 = current(&f).await;
    set_local_noon(&f, 2026, 3, 27);
    f.service
        .import_plan(&f.coordinator, v0.clone(), act("1-р"), false)
        .await
        .unwrap();
    let mut v2 = v0.clone();
    v2.events.push(new_event("2.1"));
    set_local_noon(&f, 2026, 4, 2);
    f.service
        .import_plan(&f.coordinator, v2.clone(), act("2-р"), false)
        .await
        .unwrap();
    let mut v3 = v2.clone();
    v3.events[0].title = "Новое наименование".into();
    v3.indicators.push(new_indicator("IND-2", &["2.1"]));
    f.service
        .import_plan(&f.coordinator, v3.clone(), act("3-р"), false)
        .await
        .unwrap();

    let versions = f.service.plan_versions(&f.coordinator).await.unwrap();
    let summary: Vec<_> = versions
        .iter()
        .map(|v| (v.number, v.act.number.as_str(), v.events, v.indicators))
        .collect();
    assert_eq!(
        summary,
        [(1, "1-р", 1, 1), (2, "2-р", 2, 1), (3, "3-р", 2, 2)]
    );
    assert_eq!(versions[0].applied_by.as_str(), "coord");
    assert_eq!(
        versions[1].applied_at,
        chrono::DateTime::parse_from_rfc3339("2026-04-02T05:00:00Z").unwrap()
    );
    assert_eq!(versions[1].changes.events_added, 1);

    let s = &f.service;
    let c = &f.coordinator;
    assert!(s.plan_diff(c, 2, Some(2)).await.unwrap().is_empty());
    assert_eq!(s.plan_diff(c, 1, Some(2)).await.unwrap(), diff(&v0, &v2));
    assert_eq!(s.plan_diff(c, 1, Some(3)).await.unwrap(), diff(&v0, &v3));
    // Backwards: what undoing versions 2 and 3 would change.
    let back = s.plan_diff(c, 3, Some(1)).await.unwrap();
    assert_eq!(back.events_removed.len(), 1);
    assert_eq!(back.indicators_removed.len(), 1);
    assert_eq!(
        back.events_changed[0].fields[0].new,
        "Строительство жилья в Новокузнецке"
    );
    // Version 0 is the empty plan.
    assert_eq!(
        s.plan_diff(c, 0, Some(1)).await.unwrap().events_added.len(),
        1
    );
    assert_eq!(
        s.plan_at_version(c, 3).await.unwrap(),
        v3.clone().normalized()
    );
}

#[tokio::test]
async fn an_unknown_version_is_not_found() {
    let f = fixture().await;
    let err = f
        .service
        .plan_diff(&f.coordinator, 0, Some(7))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
}

#[tokio::test]
async fn edits_since_the_last_version_show_against_the_plan_in_force() {
    let f = fixture().await;
    f.service
        .import_plan(&f.coordinator, current(&f).await, act("1-р"), false)
        .await
        .unwrap();
    let e = event(&f).await;
    let mut plan = e.plan.clone();
    plan.title = "Исправлено вручную".into();
    f.service
        .amend_event(&f.coordinator, &e.id, e.version, plan)
        .await
        .unwrap();
    let d = f.service.plan_diff(&f.coordinator, 1, None).await.unwrap();
    assert_eq!(d.events_changed.len(), 1);
    assert_eq!(d.events_changed[0].fields[0].field, "title");
}

#[tokio::test]
async fn one_import_is_one_audit_entry() {
    let f = fixture().await;
    let mut plan = current(&f).await;
    plan.events.push(new_event("2.1"));
    plan.events.push(new_event("2.2"));
    let before = f
        .service
        .audit(&f.coordinator, &AuditQuery::default())
        .await
        .unwrap()
        .len();
    f.service
        .import_plan(&f.coordinator, plan, act("1-р"), false)
        .await
        .unwrap();
    let log = f
        .service
        .audit(&f.coordinator, &AuditQuery::default())
        .await
        .unwrap();
    assert_eq!(log.len(), before + 1);
    let entry = log.iter().max_by_key(|e| e.seq).unwrap();
    assert_eq!(entry.draft.action, "plan.import");
    assert_eq!(entry.draft.object.id, "000001");
    assert!(
        entry.draft.summary.contains("events +2 ~0 -0"),
        "{}",
        entry.draft.summary
    );
}

#[tokio::test]
async fn versions_and_diffs_are_the_coordinators() {
    let f = fixture().await;
    for who in [&f.admin, &f.planner, &f.head] {
        assert_eq!(
            kind(f.service.plan_versions(who).await),
            Some(ErrorKind::PermissionDenied)
        );
        assert_eq!(
            kind(f.service.plan_diff(who, 0, None).await),
            Some(ErrorKind::PermissionDenied)
        );
    }
}

#[tokio::test]
async fn repeating_the_last_act_unchanged_is_a_conflict_not_a_new_version() {
    let f = fixture().await;
    let mut plan = current(&f).await;
    plan.events.push(new_event("2.1"));
    let s = &f.service;
    s.import_plan(&f.coordinator, plan.clone(), act("1-р"), false)
        .await
        .unwrap();
    let err = s
        .import_plan(&f.coordinator, plan.clone(), act("1-р"), false)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict, "{err}");
    assert_eq!(s.plan_versions(&f.coordinator).await.unwrap().len(), 1);
    // The same plan confirmed by another act is a version of its own.
    s.import_plan(&f.coordinator, plan, act("2-р"), false)
        .await
        .unwrap();
    assert_eq!(s.plan_versions(&f.coordinator).await.unwrap().len(), 2);
}

//! The diff of a changed plan lists exactly the changes made: events and
//! indicators added, removed, and changed field by field; applying it makes
//! the store hold exactly that plan.
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
use rust_decimal::Decimal;
use serde_json::json;
use stratmon_core::model::*;
use stratmon_core::plan::*;
use stratmon_core::store::StoreExt;

fn changes(fields: &[FieldChange]) -> Vec<(String, serde_json::Value, serde_json::Value)> {
    fields
        .iter()
        .map(|c| (c.field.clone(), c.old.clone(), c.new.clone()))
        .collect()
}

/// The fixture plan with: 1.1.1 retitled, its end moved, KT1 moved and KT2
/// added; 2.1 added; IND-1's 2026 plan raised and 2027 added; IND-2 added.
async fn amended(f: &stratmon_core::conformance::Fixture) -> PlanDraft {
    let mut plan = current(f).await;
    let e = &mut plan.events[0];
    e.title = "Строительство жилья в Новокузнецке и пригородах".into();
    e.period.end = day(2031, 12, 31);
    e.control_points[0].planned = day(2026, 3, 1);
    e.control_points
        .push(control_point("KT2", "Введены дома", day(2027, 12, 1)));
    plan.events.push(new_event("2.1"));
    let i = &mut plan.indicators[0];
    i.plan.insert(2026, Decimal::new(2100, 0));
    i.plan.insert(2027, Decimal::new(2500, 0));
    plan.indicators.push(new_indicator("IND-2", &["2.1"]));
    plan
}

#[tokio::test]
async fn an_unchanged_plan_has_an_empty_diff() {
    let f = fixture().await;
    let outcome = f
        .service
        .import_plan(&f.coordinator, current(&f).await, act("12-р"), true)
        .await
        .unwrap();
    assert!(outcome.problems.is_empty());
    assert!(outcome.diff.is_empty(), "{:?}", outcome.diff);
}

#[tokio::test]
async fn the_dry_run_lists_added_and_field_by_field_changes_exactly() {
    let f = fixture().await;
    let outcome = f
        .service
        .import_plan(&f.coordinator, amended(&f).await, act("12-р"), true)
        .await
        .unwrap();
    assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
    let d = &outcome.diff;
    assert_eq!(
        d.events_added
            .iter()
            .map(|e| e.id.as_str())
            .collect::<Vec<_>>(),
        ["2.1"]
    );
    assert!(d.events_removed.is_empty() && d.indicators_removed.is_empty());
    assert_eq!(d.events_changed.len(), 1);
    assert_eq!(d.events_changed[0].id.as_str(), "1.1.1");
    assert_eq!(
        changes(&d.events_changed[0].fields),
        vec![
            (
                "title".into(),
                json!("Строительство жилья в Новокузнецке"),
                json!("Строительство жилья в Новокузнецке и пригородах")
            ),
            (
                "period.end".into(),
                json!("2030-12-31"),
                json!("2031-12-31")
            ),
            (
                "control_points.KT1.planned".into(),
                json!("2026-02-15"),
                json!("2026-03-01")
            ),
            (
                "control_points.KT2".into(),
                json!(null),
                json!({"title": "Введены дома", "planned": "2027-12-01"})
            ),
        ]
    );
    assert_eq!(
        d.indicators_added
            .iter()
            .map(|i| i.id.as_str())
            .collect::<Vec<_>>(),
        ["IND-2"]
    );
    assert_eq!(d.indicators_changed.len(), 1);
    assert_eq!(
        changes(&d.indicators_changed[0].fields),
        vec![
            ("plan.2026".into(), json!("2000"), json!("2100")),
            ("plan.2027".into(), json!(null), json!("2500")),
        ]
    );
}

#[tokio::test]
async fn removed_events_and_indicators_are_listed_and_excluded_not_deleted() {
    let f = fixture().await;
    let mut plan = current(&f).await;
    plan.events.clear();
    plan.indicators.clear();
    plan.events.push(new_event("2.1"));
    let outcome = f
        .service
        .import_plan(&f.coordinator, plan, act("13-р"), false)
        .await
        .unwrap();
    let d = &outcome.diff;
    assert_eq!(d.events_removed.len(), 1);
    assert_eq!(d.events_removed[0].id.as_str(), "1.1.1");
    assert_eq!(d.indicators_removed.len(), 1);
    assert_eq!(d.indicators_removed[0].id.as_str(), "IND-1");

    let event = event(&f).await;
    assert!(event.plan.excluded, "kept, marked excluded");
    assert_eq!(event.plan.amending_act, "№ 13-р от 20.03.2026");
    let indicator: Indicator = f.service.store().load("IND-1").await.unwrap().unwrap();
    assert!(indicator.fields.excluded);
    // Excluded items leave the plan in force.
    assert_eq!(current(&f).await.events.len(), 1);
    assert!(current(&f).await.indicators.is_empty());
}

#[tokio::test]
async fn applying_makes_the_plan_in_force_exactly_the_draft() {
    let f = fixture().await;
    let draft = amended(&f).await;
    let responsible_person = event(&f).await.card.responsible_person;
    let outcome = f
        .service
        .import_plan(&f.coordinator, draft.clone(), act("12-р"), false)
        .await
        .unwrap();
    assert_eq!(current(&f).await, draft.clone().normalized());
    // Nothing is left to change.
    assert!(
        f.service
            .plan_diff(&f.coordinator, 1, None)
            .await
            .unwrap()
            .is_empty()
    );
    // The Planner's part of the card stays.
    let e = event(&f).await;
    assert_eq!(e.card.responsible_person, responsible_person);
    assert_eq!(e.plan.amending_act, "№ 12-р от 20.03.2026");
    let v = outcome.version.unwrap();
    assert_eq!((v.events, v.indicators), (2, 2));
    assert_eq!((v.changes.events_added, v.changes.events_changed), (1, 1));
    assert_eq!(
        (v.changes.indicators_added, v.changes.indicators_changed),
        (1, 1)
    );
}

#[tokio::test]
async fn an_excluded_event_returns_to_the_plan_when_a_later_act_adds_it() {
    let f = fixture().await;
    let kept = current(&f).await;
    f.service
        .import_plan(&f.coordinator, PlanDraft::default(), act("13-р"), false)
        .await
        .unwrap();
    let outcome = f
        .service
        .import_plan(&f.coordinator, kept.clone(), act("14-р"), false)
        .await
        .unwrap();
    assert_eq!(outcome.diff.events_added.len(), 1);
    assert!(!event(&f).await.plan.excluded);
    assert_eq!(current(&f).await, kept);
}

//! Cases that import plans: one commit of many records of several kinds,
//! plan versions listed by partition apart from their bodies.

use std::sync::Arc;

use chrono::NaiveDate;

use super::{Fixture, snapshot};
use crate::error::{ErrorKind, Result};
use crate::model::{Event, EventPeriod, Indicator};
use crate::plan::{AmendingAct, EventDraft, PlanDraft, PlannedControlPoint};
use crate::store::{Store, StoreExt};

fn day(y: i32, m: u32, d: u32) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| crate::Error::invalid("date", "bad date"))
}

/// Imports a plan that adds, changes and removes events and indicators, then
/// a second act; versions list in order, compare, and a bad draft writes
/// nothing.
pub async fn a_plan_import_commits_whole_and_versions_compare(store: Arc<dyn Store>) -> Result<()> {
    let f = Fixture::build(store.clone()).await?;
    let s = &f.service;
    let c = &f.coordinator;
    let act = |number: &str| -> Result<AmendingAct> {
        Ok(AmendingAct {
            number: number.into(),
            date: day(2026, 3, 20)?,
        })
    };
    let before = s.plan_in_force(c).await?;
    let mut first = before.clone();
    first.events[0].title = "Строительство жилья (в редакции акта)".into();
    first.events.push(EventDraft {
        id: "2.1".parse()?,
        title: "Строительство поликлиники".into(),
        direction: "G1.1".parse()?,
        responsible: "minzdrav".parse()?,
        co_executors: ["novokuz".parse()?].into(),
        period: EventPeriod {
            start: day(2026, 1, 1)?,
            end: day(2028, 12, 31)?,
        },
        expected_result: String::new(),
        control_points: vec![PlannedControlPoint {
            id: "KT1".parse()?,
            title: "Заключён контракт".into(),
            planned: day(2026, 6, 1)?,
            origin: None,
        }],
        origin: None,
    });
    let applied = s.import_plan(c, first.clone(), act("1-р")?, false).await?;
    assert_eq!(applied.diff.events_added.len(), 1);
    assert_eq!(applied.diff.events_changed.len(), 1);
    assert_eq!(s.plan_in_force(c).await?, first.clone().normalized());
    let added: Option<Event> = store.load("2.1").await?;
    assert_eq!(
        added.map(|e| (e.plan.responsible.to_string(), e.version)),
        Some(("minzdrav".into(), 1))
    );

    // The second act removes the indicator and the first event.
    let mut second = first.clone();
    second.indicators.clear();
    second.events.remove(0);
    s.import_plan(c, second.clone(), act("2-р")?, false).await?;
    let indicator: Option<Indicator> = store.load(f.indicator.as_str()).await?;
    assert!(indicator.is_some_and(|i| i.fields.excluded));
    let event: Option<Event> = store.load(f.event.as_str()).await?;
    assert!(event.is_some_and(|e| e.plan.excluded));

    let versions = s.plan_versions(c).await?;
    let numbers: Vec<(u32, &str)> = versions
        .iter()
        .map(|v| (v.number, v.act.number.as_str()))
        .collect();
    assert_eq!(numbers, [(1, "1-р"), (2, "2-р")]);
    let d = s.plan_diff(c, 1, Some(2)).await?;
    assert_eq!((d.events_removed.len(), d.indicators_removed.len()), (1, 1));
    assert_eq!(s.plan_diff(c, 0, Some(1)).await?.events_added.len(), 2);
    assert!(s.plan_diff(c, 2, None).await?.is_empty());

    // A draft with a problem writes nothing, not even part of it.
    let mut bad = second;
    bad.events[0].responsible = "nobody".parse()?;
    bad.events.push(first.events[0].clone());
    let seen = snapshot(&*store).await?;
    let refused = s.import_plan(c, bad, act("3-р")?, false).await;
    assert_eq!(refused.err().map(|e| e.kind()), Some(ErrorKind::Validation));
    assert!(snapshot(&*store).await? == seen, "a refused import wrote");
    let empty = s.plan_at_version(c, 0).await?;
    assert_eq!(empty, PlanDraft::default());
    Ok(())
}

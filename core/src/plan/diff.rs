//! What changes between two plans: events and indicators added, removed, and
//! changed field by field.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::draft::{EventDraft, IndicatorDraft, PlanDraft, PlannedControlPoint};
use crate::model::{EventId, IndicatorId};

/// One changed field: its path and the values before and after (`null`
/// where the field did not exist, e.g. a control point added).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FieldChange {
    /// Path of the field: `title`, `period.end`, `control_points.KT1.planned`,
    /// `plan.2026`.
    pub field: String,
    /// The value before.
    pub old: Value,
    /// The value after.
    pub new: Value,
}

/// An event whose plan entry changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChangedEvent {
    /// The event's code.
    pub id: EventId,
    /// Every changed field.
    pub fields: Vec<FieldChange>,
    /// The entry after the change.
    pub after: EventDraft,
}

/// An indicator whose definition or plan values change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChangedIndicator {
    /// The indicator's code.
    pub id: IndicatorId,
    /// Every changed field.
    pub fields: Vec<FieldChange>,
    /// The indicator after the change.
    pub after: IndicatorDraft,
}

/// The differences between two plans, each list ordered by code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlanDiff {
    /// Events in the new plan only.
    pub events_added: Vec<EventDraft>,
    /// Events in the old plan only, as they were.
    pub events_removed: Vec<EventDraft>,
    /// Events in both whose entries differ.
    pub events_changed: Vec<ChangedEvent>,
    /// Indicators in the new plan only.
    pub indicators_added: Vec<IndicatorDraft>,
    /// Indicators in the old plan only, as they were.
    pub indicators_removed: Vec<IndicatorDraft>,
    /// Indicators in both whose definitions differ.
    pub indicators_changed: Vec<ChangedIndicator>,
}

impl PlanDiff {
    /// Whether the two plans are the same.
    pub fn is_empty(&self) -> bool {
        self.events_added.is_empty()
            && self.events_removed.is_empty()
            && self.events_changed.is_empty()
            && self.indicators_added.is_empty()
            && self.indicators_removed.is_empty()
            && self.indicators_changed.is_empty()
    }
}

fn json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Records `field` when `old` and `new` differ.
fn compare<T: Serialize + PartialEq>(out: &mut Vec<FieldChange>, field: &str, old: &T, new: &T) {
    if old != new {
        out.push(FieldChange {
            field: field.to_owned(),
            old: json(old),
            new: json(new),
        });
    }
}

fn control_point_value(cp: &PlannedControlPoint) -> Value {
    serde_json::json!({ "title": cp.title, "planned": json(&cp.planned) })
}

fn event_changes(old: &EventDraft, new: &EventDraft) -> Vec<FieldChange> {
    let mut out = Vec::new();
    compare(&mut out, "title", &old.title, &new.title);
    compare(&mut out, "direction", &old.direction, &new.direction);
    compare(&mut out, "responsible", &old.responsible, &new.responsible);
    compare(
        &mut out,
        "co_executors",
        &old.co_executors,
        &new.co_executors,
    );
    compare(
        &mut out,
        "period.start",
        &old.period.start,
        &new.period.start,
    );
    compare(&mut out, "period.end", &old.period.end, &new.period.end);
    compare(
        &mut out,
        "expected_result",
        &old.expected_result,
        &new.expected_result,
    );
    let before: BTreeMap<_, _> = old.control_points.iter().map(|c| (&c.id, c)).collect();
    let after: BTreeMap<_, _> = new.control_points.iter().map(|c| (&c.id, c)).collect();
    let ids: BTreeSet<_> = before.keys().chain(after.keys()).copied().collect();
    for id in ids {
        let path = format!("control_points.{id}");
        match (before.get(id), after.get(id)) {
            (Some(a), Some(b)) => {
                compare(&mut out, &format!("{path}.title"), &a.title, &b.title);
                compare(&mut out, &format!("{path}.planned"), &a.planned, &b.planned);
            }
            (a, b) => out.push(FieldChange {
                field: path,
                old: a.map_or(Value::Null, |c| control_point_value(c)),
                new: b.map_or(Value::Null, |c| control_point_value(c)),
            }),
        }
    }
    if out.is_empty() && old != new {
        // Same control points in another order: the card shows them in order.
        let order = |e: &EventDraft| -> Vec<String> {
            e.control_points.iter().map(|c| c.id.to_string()).collect()
        };
        compare(&mut out, "control_points", &order(old), &order(new));
    }
    out
}

fn indicator_changes(old: &IndicatorDraft, new: &IndicatorDraft) -> Vec<FieldChange> {
    let mut out = Vec::new();
    compare(&mut out, "name", &old.name, &new.name);
    compare(&mut out, "unit", &old.unit, &new.unit);
    compare(&mut out, "direction", &old.direction, &new.direction);
    compare(&mut out, "cumulative", &old.cumulative, &new.cumulative);
    let years: BTreeSet<_> = old.plan.keys().chain(new.plan.keys()).collect();
    for year in years {
        compare(
            &mut out,
            &format!("plan.{year}"),
            &old.plan.get(year),
            &new.plan.get(year),
        );
    }
    compare(&mut out, "events", &old.events, &new.events);
    out
}

/// Compares two plans item by item (origins and reading problems ignored).
pub fn diff(old: &PlanDraft, new: &PlanDraft) -> PlanDiff {
    let old = old.clone().normalized();
    let new = new.clone().normalized();
    let mut out = PlanDiff::default();

    let before: BTreeMap<_, _> = old.events.iter().map(|e| (&e.id, e)).collect();
    let after: BTreeMap<_, _> = new.events.iter().map(|e| (&e.id, e)).collect();
    for (id, e) in &before {
        if !after.contains_key(id) {
            out.events_removed.push((*e).clone());
        }
    }
    for (id, e) in &after {
        match before.get(id) {
            None => out.events_added.push((*e).clone()),
            Some(old) if old != e => out.events_changed.push(ChangedEvent {
                id: (*id).clone(),
                fields: event_changes(old, e),
                after: (*e).clone(),
            }),
            Some(_) => {}
        }
    }

    let before: BTreeMap<_, _> = old.indicators.iter().map(|i| (&i.id, i)).collect();
    let after: BTreeMap<_, _> = new.indicators.iter().map(|i| (&i.id, i)).collect();
    for (id, i) in &before {
        if !after.contains_key(id) {
            out.indicators_removed.push((*i).clone());
        }
    }
    for (id, i) in &after {
        match before.get(id) {
            None => out.indicators_added.push((*i).clone()),
            Some(old) if old != i => out.indicators_changed.push(ChangedIndicator {
                id: (*id).clone(),
                fields: indicator_changes(old, i),
                after: (*i).clone(),
            }),
            Some(_) => {}
        }
    }
    out
}

/// Replays `diff` on `base`: `apply(a, &diff(a, b))` is `b` (normalised).
pub fn apply(base: &PlanDraft, diff: &PlanDiff) -> PlanDraft {
    let base = base.clone().normalized();
    let mut events: BTreeMap<EventId, EventDraft> =
        base.events.into_iter().map(|e| (e.id.clone(), e)).collect();
    for e in &diff.events_removed {
        events.remove(&e.id);
    }
    for e in &diff.events_added {
        events.insert(e.id.clone(), e.clone());
    }
    for c in &diff.events_changed {
        events.insert(c.id.clone(), c.after.clone());
    }
    let mut indicators: BTreeMap<IndicatorId, IndicatorDraft> = base
        .indicators
        .into_iter()
        .map(|i| (i.id.clone(), i))
        .collect();
    for i in &diff.indicators_removed {
        indicators.remove(&i.id);
    }
    for i in &diff.indicators_added {
        indicators.insert(i.id.clone(), i.clone());
    }
    for c in &diff.indicators_changed {
        indicators.insert(c.id.clone(), c.after.clone());
    }
    PlanDraft {
        events: events.into_values().collect(),
        indicators: indicators.into_values().collect(),
        problems: Vec::new(),
    }
    .normalized()
}

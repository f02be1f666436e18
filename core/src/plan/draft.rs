//! The full intended plan: events with their control points and indicators
//! with their plan values, as an amending act fixes them.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::problem::PlanProblem;
use crate::model::{
    ControlPoint, ControlPointId, Direction, Event, EventId, EventPeriod, Indicator,
    IndicatorFields, IndicatorId, ParticipantId, PlanFields, StrategyNodeId,
};

/// The act (постановление, распоряжение) that amends the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AmendingAct {
    /// Its number, e.g. `275-р`.
    pub number: String,
    /// The date it was signed.
    pub date: NaiveDate,
}

impl AmendingAct {
    /// How the act is named in the plan fields of the events it touches:
    /// `№ 275-р от 03.06.2022`.
    pub fn label(&self) -> String {
        format!(
            "№ {} от {}",
            self.number.trim(),
            self.date.format("%d.%m.%Y")
        )
    }
}

/// Where a draft item was read from, so that a problem points at the cell a
/// user can find: the file or sheet, the row number as a spreadsheet shows it,
/// and the column header of each field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Origin {
    /// File or sheet name, e.g. `events.csv` or `Мероприятия`.
    pub source: String,
    /// Row number as the user sees it (the header row is 1).
    pub row: u32,
    /// Column header of each field read from this row, by field name
    /// (`title` → «Наименование»).
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
}

/// A control point as the plan fixes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlannedControlPoint {
    /// Code within the event, e.g. `KT1`.
    pub id: ControlPointId,
    /// What is achieved.
    pub title: String,
    /// Плановая дата.
    pub planned: NaiveDate,
    /// Where it was read from; not part of the plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
}

/// One event of the intended plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EventDraft {
    /// Event code.
    pub id: EventId,
    /// Наименование.
    pub title: String,
    /// The strategy direction it serves.
    pub direction: StrategyNodeId,
    /// Ответственный исполнитель.
    pub responsible: ParticipantId,
    /// Соисполнители.
    #[serde(default)]
    pub co_executors: BTreeSet<ParticipantId>,
    /// Срок реализации.
    pub period: EventPeriod,
    /// Ожидаемый результат.
    #[serde(default)]
    pub expected_result: String,
    /// Контрольные точки.
    #[serde(default)]
    pub control_points: Vec<PlannedControlPoint>,
    /// Where it was read from; not part of the plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
}

impl EventDraft {
    /// The event's current plan entry as a draft (control points from its card).
    pub fn from_event(event: &Event) -> Self {
        Self {
            id: event.id.clone(),
            title: event.plan.title.clone(),
            direction: event.plan.direction.clone(),
            responsible: event.plan.responsible.clone(),
            co_executors: event.plan.co_executors.clone(),
            period: event.plan.period,
            expected_result: event.plan.expected_result.clone(),
            control_points: event
                .card
                .control_points
                .iter()
                .map(|cp| PlannedControlPoint {
                    id: cp.id.clone(),
                    title: cp.title.clone(),
                    planned: cp.planned,
                    origin: None,
                })
                .collect(),
            origin: None,
        }
    }

    /// The plan fields this draft sets, under the act named `act`.
    pub fn plan_fields(&self, act: &str) -> PlanFields {
        PlanFields {
            title: self.title.clone(),
            direction: self.direction.clone(),
            responsible: self.responsible.clone(),
            co_executors: self.co_executors.clone(),
            period: self.period,
            expected_result: self.expected_result.clone(),
            amending_act: act.to_owned(),
            excluded: false,
        }
    }

    /// The control points as the event card keeps them.
    pub fn card_control_points(&self) -> Vec<ControlPoint> {
        self.control_points
            .iter()
            .map(|cp| ControlPoint {
                id: cp.id.clone(),
                title: cp.title.clone(),
                planned: cp.planned,
            })
            .collect()
    }

    fn without_origin(mut self) -> Self {
        self.origin = None;
        for cp in &mut self.control_points {
            cp.origin = None;
        }
        self
    }
}

/// One target indicator of the intended plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IndicatorDraft {
    /// Code.
    pub id: IndicatorId,
    /// Наименование.
    pub name: String,
    /// Единица измерения.
    pub unit: String,
    /// More or less is better.
    pub direction: Direction,
    /// Reported year-to-date.
    pub cumulative: bool,
    /// Plan value per year.
    #[serde(default)]
    pub plan: BTreeMap<i32, Decimal>,
    /// Events whose reports carry its facts.
    #[serde(default)]
    pub events: BTreeSet<EventId>,
    /// Where it was read from; not part of the plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
}

impl IndicatorDraft {
    /// The indicator's current definition as a draft.
    pub fn from_indicator(indicator: &Indicator) -> Self {
        let f = &indicator.fields;
        Self {
            id: indicator.id.clone(),
            name: f.name.clone(),
            unit: f.unit.clone(),
            direction: f.direction,
            cumulative: f.cumulative,
            plan: f.plan.clone(),
            events: f.events.clone(),
            origin: None,
        }
    }

    /// The indicator fields this draft sets.
    pub fn fields(&self) -> IndicatorFields {
        IndicatorFields {
            name: self.name.clone(),
            unit: self.unit.clone(),
            direction: self.direction,
            cumulative: self.cumulative,
            plan: self.plan.clone(),
            events: self.events.clone(),
            excluded: false,
        }
    }
}

/// The full intended plan. Whatever is not in it is removed from the plan
/// when it is applied.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlanDraft {
    /// Plan events.
    #[serde(default)]
    pub events: Vec<EventDraft>,
    /// Target indicators.
    #[serde(default)]
    pub indicators: Vec<IndicatorDraft>,
    /// What the reader of a file could not read (bad dates, missing columns);
    /// any of them blocks applying the draft.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<PlanProblem>,
}

impl PlanDraft {
    /// The plan in force: events and indicators not excluded by an act.
    pub fn current(events: &[Event], indicators: &[Indicator]) -> Self {
        Self {
            events: events
                .iter()
                .filter(|e| !e.plan.excluded)
                .map(EventDraft::from_event)
                .collect(),
            indicators: indicators
                .iter()
                .filter(|i| !i.fields.excluded)
                .map(IndicatorDraft::from_indicator)
                .collect(),
            problems: Vec::new(),
        }
        .normalized()
    }

    /// The plan alone: ordered by code, first of each code kept, without
    /// origins or reading problems. Two drafts of the same plan normalise
    /// to equal values.
    pub fn normalized(self) -> Self {
        let mut events = BTreeMap::new();
        for e in self.events {
            events
                .entry(e.id.clone())
                .or_insert_with(|| e.without_origin());
        }
        let mut indicators = BTreeMap::new();
        for mut i in self.indicators {
            i.origin = None;
            indicators.entry(i.id.clone()).or_insert(i);
        }
        Self {
            events: events.into_values().collect(),
            indicators: indicators.into_values().collect(),
            problems: Vec::new(),
        }
    }
}

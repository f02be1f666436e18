//! Plan events and their cards.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::ids::{ControlPointId, EventId, ParticipantId, StrategyNodeId};
use super::text::{MAX_LONG_TEXT, MAX_SHORT_TEXT, check_text};
use crate::error::{Error, Problem, Result};

/// The years an event runs, as a date range (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EventPeriod {
    /// First day of the event.
    pub start: NaiveDate,
    /// Last day of the event.
    pub end: NaiveDate,
}

/// The part of an event that the plan of events fixes. Only the Coordinator
/// changes it, on the basis of an amending act.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PlanFields {
    /// Наименование мероприятия.
    pub title: String,
    /// The strategy direction the event serves.
    pub direction: StrategyNodeId,
    /// Ответственный исполнитель: the participant that reports.
    pub responsible: ParticipantId,
    /// Соисполнители: participants that read the event.
    #[serde(default)]
    pub co_executors: BTreeSet<ParticipantId>,
    /// Срок реализации.
    pub period: EventPeriod,
    /// Ожидаемый результат.
    pub expected_result: String,
    /// The act that introduced or last changed the event, e.g.
    /// «распоряжение от 03.06.2022 № 275-р».
    pub amending_act: String,
    /// Excluded from the plan by an amending act; kept for history, no longer reported.
    #[serde(default)]
    pub excluded: bool,
}

impl PlanFields {
    /// Lists every problem with the fields (lengths, dates, co-executors).
    pub fn problems(&self) -> Vec<Problem> {
        let mut p = Vec::new();
        check_text(&mut p, "title", &self.title, true, MAX_SHORT_TEXT);
        check_text(
            &mut p,
            "expected_result",
            &self.expected_result,
            false,
            MAX_LONG_TEXT,
        );
        check_text(
            &mut p,
            "amending_act",
            &self.amending_act,
            true,
            MAX_SHORT_TEXT,
        );
        if self.period.end < self.period.start {
            p.push(Problem::error(
                "period.end",
                format!(
                    "`{}` is before the start `{}`",
                    self.period.end, self.period.start
                ),
            ));
        }
        if self.co_executors.contains(&self.responsible) {
            p.push(Problem::error(
                "co_executors",
                format!("`{}` is already the responsible executor", self.responsible),
            ));
        }
        p
    }
}

/// The contact person responsible for an event (filled by the Planner).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ResponsiblePerson {
    /// ФИО.
    pub full_name: String,
    /// Должность.
    pub position: String,
    /// Телефон.
    pub phone: String,
}

/// A milestone of an event with its planned date; actual dates arrive in
/// monthly reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ControlPoint {
    /// Identifier within the event.
    pub id: ControlPointId,
    /// What is achieved.
    pub title: String,
    /// Плановая дата.
    pub planned: NaiveDate,
}

/// The part of an event card the responsible participant's Planner fills.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EventCard {
    /// Ответственное лицо.
    pub responsible_person: Option<ResponsiblePerson>,
    /// Контрольные точки.
    #[serde(default)]
    pub control_points: Vec<ControlPoint>,
}

impl EventCard {
    /// Checks the card: bounded text, unique control points inside the event's
    /// period. Returns every problem at once.
    pub fn validate(&self, period: EventPeriod) -> Result<()> {
        let mut p = Vec::new();
        if let Some(person) = &self.responsible_person {
            check_text(
                &mut p,
                "responsible_person.full_name",
                &person.full_name,
                true,
                MAX_SHORT_TEXT,
            );
            check_text(
                &mut p,
                "responsible_person.position",
                &person.position,
                false,
                MAX_SHORT_TEXT,
            );
            check_text(&mut p, "responsible_person.phone", &person.phone, false, 64);
        }
        if self.control_points.len() > 200 {
            p.push(Problem::error(
                "control_points",
                "at most 200 control points per event",
            ));
        }
        let mut seen = BTreeSet::new();
        for (i, cp) in self.control_points.iter().enumerate() {
            if !seen.insert(&cp.id) {
                p.push(Problem::error(
                    format!("control_points[{i}].id"),
                    format!("`{}` appears twice", cp.id),
                ));
            }
            check_text(
                &mut p,
                &format!("control_points[{i}].title"),
                &cp.title,
                true,
                MAX_SHORT_TEXT,
            );
            if cp.planned < period.start || cp.planned > period.end {
                p.push(Problem::error(
                    format!("control_points[{i}].planned"),
                    format!(
                        "`{}` is outside the event period {} – {}",
                        cp.planned, period.start, period.end
                    ),
                ));
            }
        }
        if p.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation { problems: p })
        }
    }

    /// The control point with `id`.
    pub fn control_point(&self, id: &ControlPointId) -> Option<&ControlPoint> {
        self.control_points.iter().find(|cp| &cp.id == id)
    }
}

/// A plan event with its card (карточка мероприятия).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Event {
    /// Event code.
    pub id: EventId,
    /// Fields fixed by the plan (Coordinator).
    pub plan: PlanFields,
    /// Fields filled by the responsible participant (Planner).
    #[serde(default)]
    pub card: EventCard,
    /// Storage version; edits name it.
    #[serde(default)]
    pub version: u64,
}

impl Event {
    /// Whether `participant` is the responsible executor or a co-executor.
    pub fn involves(&self, participant: &ParticipantId) -> bool {
        &self.plan.responsible == participant || self.plan.co_executors.contains(participant)
    }
}

/// An event reduced to what derived statuses and the consolidated report
/// read: no expected result, act, contact person or control point titles.
/// Stores that can pick these fields out without decoding whole events do
/// so ([`crate::store::Store::event_digests`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDigest {
    /// Event code.
    pub id: EventId,
    /// Наименование мероприятия.
    pub title: String,
    /// The strategy direction the event serves.
    pub direction: StrategyNodeId,
    /// The responsible executor.
    pub responsible: ParticipantId,
    /// Co-executors.
    pub co_executors: BTreeSet<ParticipantId>,
    /// Срок реализации.
    pub period: EventPeriod,
    /// Excluded from the plan.
    pub excluded: bool,
    /// The control points' planned dates, in the card's order.
    pub control_points: Vec<(ControlPointId, NaiveDate)>,
}

impl EventDigest {
    /// The digest of a whole event.
    pub fn of(event: &Event) -> Self {
        Self {
            id: event.id.clone(),
            title: event.plan.title.clone(),
            direction: event.plan.direction.clone(),
            responsible: event.plan.responsible.clone(),
            co_executors: event.plan.co_executors.clone(),
            period: event.plan.period,
            excluded: event.plan.excluded,
            control_points: event
                .card
                .control_points
                .iter()
                .map(|cp| (cp.id.clone(), cp.planned))
                .collect(),
        }
    }

    /// Whether `participant` is the responsible executor or a co-executor.
    pub fn involves(&self, participant: &ParticipantId) -> bool {
        &self.responsible == participant || self.co_executors.contains(participant)
    }
}

//! Checks a plan draft as a whole: each event and indicator by the same rules
//! as a single edit, plus what only the whole plan shows (duplicate codes,
//! indicators linked to events that are not in the plan).

use std::collections::{BTreeMap, BTreeSet};

use super::draft::{AmendingAct, Origin, PlanDraft};
use super::problem::PlanProblem;
use crate::model::{
    EventCard, EventId, IndicatorId, ParticipantId, ParticipantStatus, StrategyNodeId,
};

/// The reference books a draft is checked against.
#[derive(Debug, Clone, Default)]
pub struct PlanReference {
    /// Codes of the strategy tree's nodes.
    pub directions: BTreeSet<StrategyNodeId>,
    /// Registered participants and whether they are active.
    pub participants: BTreeMap<ParticipantId, ParticipantStatus>,
    /// Who is responsible for or co-executes each event in the plan in force.
    /// A participant closed since keeps those events without a problem until
    /// an act reassigns them, so that an act about other events still applies;
    /// assigning a closed participant anew is a problem.
    pub assigned: BTreeSet<(EventId, ParticipantId)>,
}

fn row_of(origin: Option<&Origin>) -> String {
    origin.map_or_else(String::new, |o| format!(" (first in row {})", o.row))
}

/// Lists every problem of `draft` under `act`: the reading problems it
/// carries, then every bad event, control point and indicator. An empty list
/// means the draft can be applied.
pub fn validate(
    draft: &PlanDraft,
    act: &AmendingAct,
    reference: &PlanReference,
) -> Vec<PlanProblem> {
    let mut out = draft.problems.clone();
    let number = act.number.trim();
    if number.is_empty() {
        out.push(PlanProblem::at_field("act.number", "must not be empty"));
    } else if number.chars().count() > 100 {
        out.push(PlanProblem::at_field(
            "act.number",
            "must be at most 100 characters",
        ));
    }
    let act_label = act.label();

    let mut events: BTreeMap<&EventId, Option<&Origin>> = BTreeMap::new();
    for event in &draft.events {
        let item = format!("events.{}", event.id);
        let origin = event.origin.as_ref();
        let at = |field: &str, message: String| PlanProblem::located(origin, &item, field, message);
        if let Some(first) = events.get(&event.id) {
            out.push(at(
                "id",
                format!("`{}` appears twice{}", event.id, row_of(*first)),
            ));
            continue;
        }
        events.insert(&event.id, origin);
        for p in event.plan_fields(&act_label).problems() {
            if p.field != "amending_act" {
                out.push(at(&p.field, p.message));
            }
        }
        if !reference.directions.contains(&event.direction) {
            out.push(at(
                "direction",
                format!("`{}` is not in the strategy tree", event.direction),
            ));
        }
        let participants = std::iter::once(("responsible", &event.responsible))
            .chain(event.co_executors.iter().map(|p| ("co_executors", p)));
        for (field, id) in participants {
            match reference.participants.get(id) {
                None => out.push(at(field, format!("`{id}` is not a registered participant"))),
                Some(ParticipantStatus::Closed)
                    if !reference.assigned.contains(&(event.id.clone(), id.clone())) =>
                {
                    out.push(at(field, format!("`{id}` is closed")));
                }
                Some(ParticipantStatus::Closed) => {}
                Some(ParticipantStatus::Active) => {}
            }
        }
        let card = EventCard {
            responsible_person: None,
            control_points: event.card_control_points(),
        };
        if let Err(e) = card.validate(event.period) {
            for p in e.problems() {
                out.push(control_point_problem(event, &item, &p.field, &p.message));
            }
        }
    }

    let mut indicators: BTreeMap<&IndicatorId, Option<&Origin>> = BTreeMap::new();
    for indicator in &draft.indicators {
        let item = format!("indicators.{}", indicator.id);
        let origin = indicator.origin.as_ref();
        let at = |field: &str, message: String| PlanProblem::located(origin, &item, field, message);
        if let Some(first) = indicators.get(&indicator.id) {
            out.push(at(
                "id",
                format!("`{}` appears twice{}", indicator.id, row_of(*first)),
            ));
            continue;
        }
        indicators.insert(&indicator.id, origin);
        for p in indicator.fields().problems() {
            out.push(at(&p.field, p.message));
        }
        for event in &indicator.events {
            if !events.contains_key(event) {
                out.push(at(
                    "events",
                    format!("`{event}` is not an event of the plan"),
                ));
            }
        }
    }
    out
}

/// Places a problem the event card reported (`control_points[2].planned`) on
/// the control point's own row.
fn control_point_problem(
    event: &super::draft::EventDraft,
    item: &str,
    field: &str,
    message: &str,
) -> PlanProblem {
    let indexed = field
        .strip_prefix("control_points[")
        .and_then(|rest| rest.split_once("]."))
        .and_then(|(i, sub)| Some((i.parse::<usize>().ok()?, sub)));
    match indexed.and_then(|(i, sub)| Some((event.control_points.get(i)?, sub))) {
        Some((cp, sub)) => PlanProblem::located(
            cp.origin.as_ref().or(event.origin.as_ref()),
            &format!("{item}.control_points.{}", cp.id),
            sub,
            message,
        ),
        None => PlanProblem::located(event.origin.as_ref(), item, "control_points", message),
    }
}

//! Plan amendments: the Coordinator imports the full plan an amending act
//! fixes, sees exactly what changes, and applies it atomically as a new
//! version of the plan.

use std::collections::BTreeMap;

use super::Service;
use crate::access::{Actor, Operation};
use crate::audit::ObjectRef;
use crate::error::{Error, Result};
use crate::model::{Event, EventCard, EventId, Indicator, IndicatorId, Participant, StrategyNode};
use crate::plan::{
    self, AmendingAct, DiffCounts, ImportOutcome, PlanDiff, PlanDraft, PlanProblem, PlanReference,
    PlanVersion, PlanVersionBody, VERSION_HEADERS, version_key,
};
use crate::store::{ChangeSet, Put, StoreExt, encode};

impl Service {
    async fn plan_reference(&self, events: &[Event]) -> Result<PlanReference> {
        let directions = self
            .store
            .load_all::<StrategyNode>(None)
            .await?
            .into_iter()
            .map(|n| n.id)
            .collect();
        let participants = self
            .store
            .load_all::<Participant>(None)
            .await?
            .into_iter()
            .map(|p| (p.id, p.status))
            .collect();
        let assigned = events
            .iter()
            .filter(|e| !e.plan.excluded)
            .flat_map(|e| {
                std::iter::once(&e.plan.responsible)
                    .chain(&e.plan.co_executors)
                    .map(|p| (e.id.clone(), p.clone()))
            })
            .collect();
        Ok(PlanReference {
            directions,
            participants,
            assigned,
        })
    }

    /// Imports the full plan an amending act fixes (Coordinator).
    ///
    /// Checks `draft` (its reading problems included) and compares it with the
    /// plan in force. A dry run returns the problems and the changes and writes
    /// nothing. A real run with any problem is refused as `Validation` listing
    /// every one, and writes nothing. Otherwise it adds, amends and excludes
    /// events and indicators (excluded ones are kept: reports refer to them)
    /// and records the next [`PlanVersion`], all in one commit with one audit
    /// entry; a concurrent change to any of them makes it a `Conflict`, and so
    /// does repeating the last act when it would change nothing.
    pub async fn import_plan(
        &self,
        actor: &Actor,
        draft: PlanDraft,
        act: AmendingAct,
        dry_run: bool,
    ) -> Result<ImportOutcome> {
        self.authorized(actor, Operation::ImportPlan).await?;
        let events = self.store.load_all::<Event>(None).await?;
        let indicators = self.store.load_all::<Indicator>(None).await?;
        let problems = plan::validate(&draft, &act, &self.plan_reference(&events).await?);
        let current = PlanDraft::current(&events, &indicators);
        let diff = plan::diff(&current, &draft);
        if dry_run {
            return Ok(ImportOutcome {
                problems,
                diff,
                version: None,
            });
        }
        if !problems.is_empty() {
            return Err(Error::Validation {
                problems: problems.iter().map(PlanProblem::to_problem).collect(),
            });
        }

        let last = self
            .store
            .load_all::<PlanVersion>(Some(VERSION_HEADERS))
            .await?
            .pop();
        if let Some(last) = last.as_ref().filter(|v| v.act == act && diff.is_empty()) {
            // A repeated request (a double click on "apply"): nothing to record.
            return Err(Error::conflict(format!(
                "the plan in force already is this plan under act {} (version {})",
                act.label(),
                last.number
            )));
        }
        let number = last.map_or(1, |v| v.number.saturating_add(1));
        let label = act.label();
        let mut puts = amended_events(&events, &diff, &label)?;
        puts.extend(amended_indicators(&indicators, &diff)?);
        let after = plan::apply(&current, &diff);
        let header = PlanVersion {
            number,
            act,
            applied_by: actor.user.clone(),
            applied_at: self.now(),
            events: after.events.len(),
            indicators: after.indicators.len(),
            changes: DiffCounts::from(&diff),
            version: 0,
        };
        puts.push(encode(&header)?);
        puts.push(encode(&PlanVersionBody {
            number,
            diff: diff.clone(),
            plan: after,
            version: 0,
        })?);
        let c = header.changes;
        let audit = self.draft(
            actor,
            Operation::ImportPlan,
            ObjectRef::new("plan_version", version_key(number)),
            None,
            format!(
                "plan version {number} by {label}: events +{} ~{} -{}, indicators +{} ~{} -{}",
                c.events_added,
                c.events_changed,
                c.events_removed,
                c.indicators_added,
                c.indicators_changed,
                c.indicators_removed
            ),
        );
        self.commit_change(ChangeSet { puts, audit }).await?;
        Ok(ImportOutcome {
            problems,
            diff,
            version: Some(PlanVersion {
                version: 1,
                ..header
            }),
        })
    }

    /// Every version of the plan, oldest first (Coordinator).
    pub async fn plan_versions(&self, actor: &Actor) -> Result<Vec<PlanVersion>> {
        self.authorized(actor, Operation::ListPlanVersions).await?;
        self.store
            .load_all::<PlanVersion>(Some(VERSION_HEADERS))
            .await
    }

    /// The plan in force: events and indicators not excluded (Coordinator).
    pub async fn plan_in_force(&self, actor: &Actor) -> Result<PlanDraft> {
        self.authorized(actor, Operation::DiffPlan).await?;
        self.plan_now().await
    }

    async fn plan_now(&self) -> Result<PlanDraft> {
        let events = self.store.load_all::<Event>(None).await?;
        let indicators = self.store.load_all::<Indicator>(None).await?;
        Ok(PlanDraft::current(&events, &indicators))
    }

    /// The plan as version `number` left it; version 0 is the empty plan
    /// before any import (Coordinator).
    pub async fn plan_at_version(&self, actor: &Actor, number: u32) -> Result<PlanDraft> {
        self.authorized(actor, Operation::DiffPlan).await?;
        self.plan_at(number).await
    }

    async fn plan_at(&self, number: u32) -> Result<PlanDraft> {
        if number == 0 {
            return Ok(PlanDraft::default());
        }
        self.store
            .load::<PlanVersionBody>(&format!("{}/plan", version_key(number)))
            .await?
            .map(|b| b.plan)
            .ok_or_else(|| Error::not_found("plan version", number))
    }

    /// What changed from version `from` to version `to` of the plan; `to` =
    /// `None` compares with the plan in force, edits made since the last
    /// import included. Version 0 is the empty plan (Coordinator).
    pub async fn plan_diff(&self, actor: &Actor, from: u32, to: Option<u32>) -> Result<PlanDiff> {
        self.authorized(actor, Operation::DiffPlan).await?;
        let old = self.plan_at(from).await?;
        let new = match to {
            Some(to) => self.plan_at(to).await?,
            None => self.plan_now().await?,
        };
        Ok(plan::diff(&old, &new))
    }
}

/// The event writes of `diff`: added ones created (or returned to the plan if
/// an act once excluded them), changed ones amended, removed ones excluded.
/// Each names the version loaded, so a concurrent edit conflicts.
fn amended_events(events: &[Event], diff: &PlanDiff, act: &str) -> Result<Vec<Put>> {
    let stored: BTreeMap<&EventId, &Event> = events.iter().map(|e| (&e.id, e)).collect();
    let mut puts = Vec::new();
    let targets = diff
        .events_added
        .iter()
        .chain(diff.events_changed.iter().map(|c| &c.after));
    for draft in targets {
        let event = match stored.get(&draft.id) {
            Some(existing) => {
                let mut event = (*existing).clone();
                event.plan = draft.plan_fields(act);
                event.card.control_points = draft.card_control_points();
                event
            }
            None => Event {
                id: draft.id.clone(),
                plan: draft.plan_fields(act),
                card: EventCard {
                    responsible_person: None,
                    control_points: draft.card_control_points(),
                },
                version: 0,
            },
        };
        puts.push(encode(&event)?);
    }
    for removed in &diff.events_removed {
        if let Some(existing) = stored.get(&removed.id) {
            let mut event = (*existing).clone();
            event.plan.excluded = true;
            event.plan.amending_act = act.to_owned();
            puts.push(encode(&event)?);
        }
    }
    Ok(puts)
}

/// The indicator writes of `diff`, like [`amended_events`].
fn amended_indicators(indicators: &[Indicator], diff: &PlanDiff) -> Result<Vec<Put>> {
    let stored: BTreeMap<&IndicatorId, &Indicator> =
        indicators.iter().map(|i| (&i.id, i)).collect();
    let mut puts = Vec::new();
    let targets = diff
        .indicators_added
        .iter()
        .chain(diff.indicators_changed.iter().map(|c| &c.after));
    for draft in targets {
        let indicator = match stored.get(&draft.id) {
            Some(existing) => Indicator {
                fields: draft.fields(),
                ..(*existing).clone()
            },
            None => Indicator {
                id: draft.id.clone(),
                fields: draft.fields(),
                version: 0,
            },
        };
        puts.push(encode(&indicator)?);
    }
    for removed in &diff.indicators_removed {
        if let Some(existing) = stored.get(&removed.id) {
            let mut indicator = (*existing).clone();
            indicator.fields.excluded = true;
            puts.push(encode(&indicator)?);
        }
    }
    Ok(puts)
}

//! Plan events and indicators: the Coordinator keeps the plan, the responsible
//! participant's Planner fills the event card.

use std::collections::BTreeSet;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::kept::Depends;
use super::{Service, check_version};
use crate::access::{Actor, Operation, Scope, authorize, sees_event};
use crate::audit::ObjectRef;
use crate::error::{Error, Problem, Result};
use crate::model::{
    Event, EventCard, EventId, Indicator, IndicatorFields, IndicatorId, Participant, ParticipantId,
    ParticipantStatus, PlanFields, StrategyNode, StrategyNodeId, User,
};
use crate::status::{EventStatus, EventStatusReport, event_status};
use crate::store::StoreExt;

/// Filters for listing events; every set filter must match.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct EventFilter {
    /// Responsible executor or co-executor.
    pub participant: Option<ParticipantId>,
    /// Strategy node the event serves (directly).
    pub direction: Option<StrategyNodeId>,
    /// Case-insensitive substring of the code or title.
    pub text: Option<String>,
    /// Derived status.
    pub status: Option<EventStatus>,
    /// Include events excluded from the plan.
    pub include_excluded: bool,
}

impl Service {
    /// Loads an event the user may act on with `op`; out of scope is not
    /// found. Shared with the kept copy: most callers only check or read it.
    pub(super) async fn event_for(
        &self,
        user: &User,
        op: Operation,
        id: &EventId,
    ) -> Result<Arc<Event>> {
        let event = self
            .kept_record::<Event>(|kept| &mut kept.events, id.as_str())
            .await?
            .ok_or_else(|| Error::not_found("event", id))?;
        authorize(user, op, Scope::Event(&event))?;
        Ok(event)
    }

    async fn check_plan_fields(&self, plan: &PlanFields) -> Result<()> {
        let mut problems = plan.problems();
        if self
            .store
            .load::<StrategyNode>(plan.direction.as_str())
            .await?
            .is_none()
        {
            problems.push(Problem::error(
                "direction",
                format!("`{}` is not in the strategy tree", plan.direction),
            ));
        }
        let mut participants = vec![("responsible".to_owned(), &plan.responsible)];
        participants.extend(
            plan.co_executors
                .iter()
                .map(|p| ("co_executors".to_owned(), p)),
        );
        for (field, id) in participants {
            match self.store.load::<Participant>(id.as_str()).await? {
                None => problems.push(Problem::error(
                    field,
                    format!("`{id}` is not a registered participant"),
                )),
                Some(p) if p.status != ParticipantStatus::Active => {
                    problems.push(Problem::error(field, format!("`{id}` is closed")));
                }
                Some(_) => {}
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation { problems })
        }
    }

    /// Adds an event to the plan (Coordinator).
    pub async fn create_event(
        &self,
        actor: &Actor,
        id: EventId,
        plan: PlanFields,
    ) -> Result<Event> {
        self.authorized(actor, Operation::CreateEvent).await?;
        self.check_plan_fields(&plan).await?;
        let event = Event {
            id,
            plan,
            card: EventCard::default(),
            version: 0,
        };
        let audit = self.draft(
            actor,
            Operation::CreateEvent,
            ObjectRef::new("event", event.id.as_str()),
            Some(&event.plan.responsible),
            format!(
                "event «{}» added by {}",
                event.plan.title, event.plan.amending_act
            ),
        );
        self.commit_one(event, audit).await
    }

    /// Changes the plan fields of an event on the basis of an amending act
    /// (Coordinator), naming the version edited.
    pub async fn amend_event(
        &self,
        actor: &Actor,
        id: &EventId,
        version: u64,
        plan: PlanFields,
    ) -> Result<Event> {
        let user = self.user(actor).await?;
        let mut event =
            Arc::unwrap_or_clone(self.event_for(&user, Operation::AmendEvent, id).await?);
        self.check_plan_fields(&plan).await?;
        // Control points set by the Planner must stay inside the new period.
        event.card.validate(plan.period)?;
        check_version("event", id, event.version, version)?;
        let summary = format!("amended by {}", plan.amending_act);
        event.plan = plan;
        let audit = self.draft(
            actor,
            Operation::AmendEvent,
            ObjectRef::new("event", id.as_str()),
            Some(&event.plan.responsible),
            summary,
        );
        self.commit_one(event, audit).await
    }

    /// Fills the event card: responsible person and control points (Planner of
    /// the responsible executor).
    pub async fn update_event_card(
        &self,
        actor: &Actor,
        id: &EventId,
        version: u64,
        card: EventCard,
    ) -> Result<Event> {
        let user = self.user(actor).await?;
        let mut event = Arc::unwrap_or_clone(
            self.event_for(&user, Operation::UpdateEventCard, id)
                .await?,
        );
        card.validate(event.plan.period)?;
        check_version("event", id, event.version, version)?;
        let summary = format!("card updated: {} control points", card.control_points.len());
        event.card = card;
        let audit = self.draft(
            actor,
            Operation::UpdateEventCard,
            ObjectRef::new("event", id.as_str()),
            Some(&event.plan.responsible),
            summary,
        );
        self.commit_one(event, audit).await
    }

    /// One event card, if the actor's scope includes it.
    pub async fn get_event(&self, actor: &Actor, id: &EventId) -> Result<Event> {
        let user = self.user(actor).await?;
        Ok(Arc::unwrap_or_clone(
            self.event_for(&user, Operation::ReadEvent, id).await?,
        ))
    }

    /// The derived status of an event on today's date.
    pub async fn event_status(&self, actor: &Actor, id: &EventId) -> Result<EventStatusReport> {
        let user = self.user(actor).await?;
        let event = self.event_for(&user, Operation::ReadEvent, id).await?;
        self.status_of(&event).await
    }

    pub(super) async fn status_of(&self, event: &Event) -> Result<EventStatusReport> {
        let participant = self.participant(&event.plan.responsible).await?;
        let reports: Vec<crate::model::MonthlyReport> =
            self.store.load_all(Some(event.id.as_str())).await?;
        Ok(event_status(
            event,
            reports
                .iter()
                .map(crate::model::ReportDigest::of)
                .collect::<Vec<_>>()
                .iter(),
            participant.settings.window,
            self.today(),
        ))
    }

    /// Events in the actor's scope that match `filter`, ordered by code.
    pub async fn list_events(&self, actor: &Actor, filter: &EventFilter) -> Result<Vec<Event>> {
        let user = self.authorized(actor, Operation::ListEvents).await?;
        let text = filter.text.as_ref().map(|t| t.to_lowercase());
        let mut out = Vec::new();
        for event in self.store.load_all::<Event>(None).await? {
            let matches = sees_event(&user, &event)
                && (filter.include_excluded || !event.plan.excluded)
                && filter
                    .participant
                    .as_ref()
                    .is_none_or(|p| event.involves(p))
                && filter
                    .direction
                    .as_ref()
                    .is_none_or(|d| &event.plan.direction == d)
                && text.as_ref().is_none_or(|t| {
                    event.id.as_str().to_lowercase().contains(t)
                        || event.plan.title.to_lowercase().contains(t)
                });
            if !matches {
                continue;
            }
            if let Some(wanted) = filter.status {
                if self.status_of(&event).await?.status != wanted {
                    continue;
                }
            }
            out.push(event);
        }
        Ok(out)
    }

    async fn check_indicator_fields(&self, fields: &IndicatorFields) -> Result<()> {
        let mut problems = fields.problems();
        for event in &fields.events {
            if self.store.load::<Event>(event.as_str()).await?.is_none() {
                problems.push(Problem::error(
                    "events",
                    format!("`{event}` is not a plan event"),
                ));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation { problems })
        }
    }

    /// The participants involved in the events an indicator is linked to.
    async fn indicator_scope(&self, indicator: &Indicator) -> Result<BTreeSet<ParticipantId>> {
        let mut involved = BTreeSet::new();
        for id in &indicator.fields.events {
            if let Some(event) = self.store.load::<Event>(id.as_str()).await? {
                involved.insert(event.plan.responsible.clone());
                involved.extend(event.plan.co_executors.iter().cloned());
            }
        }
        Ok(involved)
    }

    async fn indicator_for(
        &self,
        user: &User,
        op: Operation,
        id: &IndicatorId,
    ) -> Result<Indicator> {
        let indicator = self
            .store
            .load::<Indicator>(id.as_str())
            .await?
            .ok_or_else(|| Error::not_found("indicator", id))?;
        let involved = self.indicator_scope(&indicator).await?;
        authorize(
            user,
            op,
            Scope::Indicator {
                id: id.as_str(),
                involved: &involved,
            },
        )?;
        Ok(indicator)
    }

    /// Adds a target indicator (Coordinator).
    pub async fn create_indicator(
        &self,
        actor: &Actor,
        id: IndicatorId,
        fields: IndicatorFields,
    ) -> Result<Indicator> {
        self.authorized(actor, Operation::CreateIndicator).await?;
        self.check_indicator_fields(&fields).await?;
        let indicator = Indicator {
            id,
            fields,
            version: 0,
        };
        let audit = self.draft(
            actor,
            Operation::CreateIndicator,
            ObjectRef::new("indicator", indicator.id.as_str()),
            None,
            format!(
                "indicator «{}» ({}) created",
                indicator.fields.name, indicator.fields.unit
            ),
        );
        self.commit_one(indicator, audit).await
    }

    /// Changes an indicator's definition or plan values (Coordinator).
    pub async fn update_indicator(
        &self,
        actor: &Actor,
        id: &IndicatorId,
        version: u64,
        fields: IndicatorFields,
    ) -> Result<Indicator> {
        let user = self.user(actor).await?;
        let mut indicator = self
            .indicator_for(&user, Operation::UpdateIndicator, id)
            .await?;
        self.check_indicator_fields(&fields).await?;
        check_version("indicator", id, indicator.version, version)?;
        indicator.fields = fields;
        let audit = self.draft(
            actor,
            Operation::UpdateIndicator,
            ObjectRef::new("indicator", id.as_str()),
            None,
            "indicator updated".into(),
        );
        self.commit_one(indicator, audit).await
    }

    /// One indicator, if linked to an event in the actor's scope.
    pub async fn get_indicator(&self, actor: &Actor, id: &IndicatorId) -> Result<Indicator> {
        let user = self.user(actor).await?;
        self.indicator_for(&user, Operation::ReadIndicator, id)
            .await
    }

    /// Indicators in the actor's scope; with `event`, only those linked to it.
    pub async fn list_indicators(
        &self,
        actor: &Actor,
        event: Option<&EventId>,
    ) -> Result<Vec<Indicator>> {
        let user = self.authorized(actor, Operation::ListIndicators).await?;
        let candidates = match event {
            Some(event) => {
                self.event_for(&user, Operation::ReadEvent, event).await?;
                self.store.event_indicators(event).await?
            }
            None => self.store.load_all::<Indicator>(None).await?,
        };
        let mut out = Vec::new();
        for indicator in candidates {
            let involved = self.indicator_scope(&indicator).await?;
            let scope = Scope::Indicator {
                id: indicator.id.as_str(),
                involved: &involved,
            };
            if authorize(&user, Operation::ReadIndicator, scope).is_ok() {
                out.push(indicator);
            }
        }
        Ok(out)
    }

    /// Indicators of the plan linked to `event` and not excluded, without
    /// permission checks (the caller has already authorised access to the
    /// event). Every report save and submit needs them; shared with the
    /// kept list.
    pub(super) async fn indicators_of(&self, event: &EventId) -> Result<Arc<Vec<Indicator>>> {
        let key = event.as_str();
        let read = async {
            let mut linked = self.store.event_indicators(event).await?;
            linked.retain(|indicator| !indicator.fields.excluded);
            Ok(Some(Arc::new(linked)))
        };
        let linked = self
            .kept_or_read(
                Depends::Records,
                |kept| kept.records.indicators.get(key).cloned(),
                read,
                |kept, linked| kept.records.indicators.put(key, linked),
            )
            .await?;
        Ok(linked.unwrap_or_default())
    }
}

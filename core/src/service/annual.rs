//! Annual plans of events (works, control dates, planned expenditures), entered
//! 10–25 December of the previous year or within a Coordinator's extension.

use std::sync::Arc;

use chrono::Datelike;

use super::revision::{PeriodRevisions, object_of};
use super::{SaveOutcome, Service, check_version};
use crate::access::{Actor, Operation};
use crate::calendar::{SubmissionWindow, annual_window};
use crate::error::{Error, Problem, Result, Severity};
use crate::model::{
    AnnualPlan, AnnualPlanContent, Event, EventId, ParticipantId, User, WindowExtension,
};
use crate::report::{Action, Workflow};
use crate::store::StoreExt;
use crate::validation::check_annual_plan;

impl Service {
    /// The newest revision of `event`'s plan for `year`; not found if none.
    async fn existing_plan(&self, event: &EventId, year: i32) -> Result<AnnualPlan> {
        Ok(self.existing_plan_seen(event, year).await?.0)
    }

    /// The revisions of `event`'s plan for `year`, as a call that commits
    /// the next one needs them.
    async fn plan_revisions(
        &self,
        event: &EventId,
        year: i32,
    ) -> Result<PeriodRevisions<AnnualPlan>> {
        self.period_revisions_seen::<AnnualPlan>(event, &year.to_string())
            .await
    }

    /// The newest revision of `event`'s plan for `year`, with the revisions
    /// it was found among, for a call that commits the next one.
    async fn existing_plan_seen(
        &self,
        event: &EventId,
        year: i32,
    ) -> Result<(AnnualPlan, PeriodRevisions<AnnualPlan>)> {
        let seen = self.plan_revisions(event, year).await?;
        let plan = seen
            .newest()
            .ok_or_else(|| Error::not_found("annual_plan", format!("{event}/{year}")))?;
        Ok((plan, seen))
    }

    /// The window in which `participant` may submit the plan for `year`: the
    /// decree's 10–25 December, or the Coordinator's extension if later.
    pub async fn annual_window_for(
        &self,
        participant: &ParticipantId,
        year: i32,
    ) -> Result<Option<SubmissionWindow>> {
        let regular = annual_window(year);
        let extension = self
            .store
            .load::<WindowExtension>(&format!("{participant}/{year}"))
            .await?;
        Ok(match (regular, extension) {
            (Some(w), Some(e)) if e.until > w.closes => Some(SubmissionWindow {
                opens: w.opens,
                closes: e.until,
            }),
            (Some(w), _) => Some(w),
            (None, Some(e)) => Some(SubmissionWindow {
                opens: chrono::NaiveDate::MIN,
                closes: e.until,
            }),
            (None, None) => None,
        })
    }

    fn check_plan_year(&self, event: &Event, year: i32) -> Result<()> {
        if event.plan.excluded {
            return Err(Error::invalid(
                "event",
                format!("`{}` is excluded from the plan", event.id),
            ));
        }
        if year < event.plan.period.start.year() || year > event.plan.period.end.year() {
            return Err(Error::invalid(
                "year",
                format!(
                    "`{year}` is outside the event period {} – {}",
                    event.plan.period.start, event.plan.period.end
                ),
            ));
        }
        Ok(())
    }

    /// The current revision of an annual plan.
    pub async fn get_annual_plan(
        &self,
        actor: &Actor,
        event: &EventId,
        year: i32,
    ) -> Result<AnnualPlan> {
        let user = self.user(actor).await?;
        self.event_for(&user, Operation::ReadAnnualPlan, event)
            .await?;
        self.existing_plan(event, year).await
    }

    /// Every revision of an annual plan, oldest first.
    pub async fn annual_plan_history(
        &self,
        actor: &Actor,
        event: &EventId,
        year: i32,
    ) -> Result<Vec<AnnualPlan>> {
        let user = self.user(actor).await?;
        self.event_for(&user, Operation::ReadAnnualPlan, event)
            .await?;
        let all = self
            .period_revisions::<AnnualPlan>(event, &year.to_string())
            .await?;
        if all.is_empty() {
            return Err(Error::not_found("annual_plan", format!("{event}/{year}")));
        }
        Ok(Arc::unwrap_or_clone(all))
    }

    /// Saves the draft annual plan (Planner); drafts may be prepared at any time.
    pub async fn save_annual_plan(
        &self,
        actor: &Actor,
        event: &EventId,
        year: i32,
        version: u64,
        content: AnnualPlanContent,
    ) -> Result<SaveOutcome<AnnualPlan>> {
        let user = self.user(actor).await?;
        let event = self
            .event_for(&user, Operation::SaveAnnualPlan, event)
            .await?;
        let (mut plan, seen) = self.editable_plan(&event, year, version).await?;
        let errors: Vec<Problem> = check_annual_plan(&content, year, event.plan.period, false)
            .into_iter()
            .filter(|p| p.severity == Severity::Error)
            .collect();
        if !errors.is_empty() {
            return Err(Error::Validation { problems: errors });
        }
        plan.content = content;
        let audit = self.draft(
            actor,
            Operation::SaveAnnualPlan,
            object_of(&plan),
            Some(&event.plan.responsible),
            format!("draft saved: {} works", plan.content.works.len()),
        );
        let saved = self.commit_revision(&seen, plan, audit).await?;
        let problems = check_annual_plan(&saved.content, year, event.plan.period, true);
        Ok(SaveOutcome { saved, problems })
    }

    /// Submits the annual plan (Planner), inside its window or an extension.
    pub async fn submit_annual_plan(
        &self,
        actor: &Actor,
        event: &EventId,
        year: i32,
        version: u64,
    ) -> Result<AnnualPlan> {
        let user = self.user(actor).await?;
        let event = self
            .event_for(&user, Operation::SubmitAnnualPlan, event)
            .await?;
        let (plan, seen) = self.existing_plan_seen(&event.id, year).await?;
        check_version(
            "annual_plan",
            &format!("{}/{year}", event.id),
            plan.version,
            version,
        )?;
        self.submit_checked(actor, &user, &event, &seen, plan, version)
            .await
    }

    /// Saves `content` and submits it in one step and one transaction
    /// (Planner), as the web form's «Сохранить и отправить» does. The same
    /// checks apply as to a save followed by a submit; if any fails, nothing
    /// is written — not even the draft.
    pub async fn save_and_submit_annual_plan(
        &self,
        actor: &Actor,
        event: &EventId,
        year: i32,
        version: u64,
        content: AnnualPlanContent,
    ) -> Result<AnnualPlan> {
        let user = self.user(actor).await?;
        let event = self
            .event_for(&user, Operation::SubmitAnnualPlan, event)
            .await?;
        let (mut plan, seen) = self.editable_plan(&event, year, version).await?;
        plan.content = content;
        self.submit_checked(actor, &user, &event, &seen, plan, version)
            .await
    }

    /// Submits `plan` as it stands in memory once every submission check
    /// holds: the transition, the complete content, the window. The one
    /// place both [`Service::submit_annual_plan`] and
    /// [`Service::save_and_submit_annual_plan`] write.
    async fn submit_checked(
        &self,
        actor: &Actor,
        user: &User,
        event: &Event,
        seen: &PeriodRevisions<AnnualPlan>,
        plan: AnnualPlan,
        version: u64,
    ) -> Result<AnnualPlan> {
        crate::report::next_state(plan.workflow.state, Action::Submit)?;
        let problems = check_annual_plan(&plan.content, plan.year, event.plan.period, true);
        if !problems.is_empty() {
            return Err(Error::Validation { problems });
        }
        self.check_annual_window_open(event, plan.year).await?;
        self.fire(
            actor,
            user,
            Operation::SubmitAnnualPlan,
            event,
            seen,
            plan,
            version,
            Action::Submit,
            None,
            false,
        )
        .await
    }

    /// The current revision of `event`'s plan for `year` if it may be
    /// edited at `version`, or a new first draft when there is none yet.
    async fn editable_plan(
        &self,
        event: &Event,
        year: i32,
        version: u64,
    ) -> Result<(AnnualPlan, PeriodRevisions<AnnualPlan>)> {
        self.check_plan_year(event, year)?;
        let seen = self.plan_revisions(&event.id, year).await?;
        let plan = match seen.newest() {
            Some(plan) => plan,
            None => AnnualPlan {
                event: event.id.clone(),
                year,
                workflow: Workflow::draft(1),
                content: AnnualPlanContent::default(),
                version: 0,
            },
        };
        if !plan.workflow.state.is_editable() {
            return Err(Error::InvalidTransition {
                action: "edit",
                state: plan.workflow.state.as_str(),
            });
        }
        check_version(
            "annual_plan",
            &format!("{}/{year}", event.id),
            plan.version,
            version,
        )?;
        Ok((plan, seen))
    }

    /// Refuses a submission outside the annual window of the responsible
    /// executor (with any extension the Coordinator granted).
    async fn check_annual_window_open(&self, event: &Event, year: i32) -> Result<()> {
        let today = self.today();
        let open = self
            .annual_window_for(&event.plan.responsible, year)
            .await?
            .is_some_and(|w| w.contains(today));
        if open {
            return Ok(());
        }
        let reason = match annual_window(year) {
            Some(w) => format!(
                "the annual plan for {year} is submitted from {} to {}; ask the coordinator for an extension",
                w.opens, w.closes
            ),
            None => format!("the annual plan for {year} needs an extension from the coordinator"),
        };
        Err(Error::WindowClosed { reason })
    }

    /// Fires `action` on the current revision of an annual plan (see
    /// [`Service::transition_report`]); a submit runs every check of
    /// [`Service::submit_annual_plan`].
    pub async fn transition_annual_plan(
        &self,
        actor: &Actor,
        event: &EventId,
        year: i32,
        version: u64,
        action: Action,
        comment: Option<&str>,
    ) -> Result<AnnualPlan> {
        match action {
            Action::Submit => self.submit_annual_plan(actor, event, year, version).await,
            Action::Accept | Action::Approve => {
                self.act_on_plan(actor, action, event, year, version, None)
                    .await
            }
            Action::Return | Action::Reopen => {
                self.act_on_plan(actor, action, event, year, version, comment)
                    .await
            }
        }
    }

    async fn act_on_plan(
        &self,
        actor: &Actor,
        action: Action,
        event: &EventId,
        year: i32,
        version: u64,
        comment: Option<&str>,
    ) -> Result<AnnualPlan> {
        let op = match action {
            Action::Submit => Operation::SubmitAnnualPlan,
            Action::Accept => Operation::AcceptAnnualPlan,
            Action::Approve => Operation::ApproveAnnualPlan,
            Action::Return => Operation::ReturnAnnualPlan,
            Action::Reopen => Operation::ReopenAnnualPlan,
        };
        let user = self.user(actor).await?;
        let event = self.event_for(&user, op, event).await?;
        let (plan, seen) = self.existing_plan_seen(&event.id, year).await?;
        self.fire(
            actor, &user, op, &event, &seen, plan, version, action, comment, false,
        )
        .await
    }

    /// Accepts a submitted annual plan (Analyst).
    pub async fn accept_annual_plan(
        &self,
        actor: &Actor,
        event: &EventId,
        year: i32,
        version: u64,
    ) -> Result<AnnualPlan> {
        self.act_on_plan(actor, Action::Accept, event, year, version, None)
            .await
    }

    /// Approves an accepted annual plan (Head).
    pub async fn approve_annual_plan(
        &self,
        actor: &Actor,
        event: &EventId,
        year: i32,
        version: u64,
    ) -> Result<AnnualPlan> {
        self.act_on_plan(actor, Action::Approve, event, year, version, None)
            .await
    }

    /// Returns an annual plan with a comment (Analyst or Head).
    pub async fn return_annual_plan(
        &self,
        actor: &Actor,
        event: &EventId,
        year: i32,
        version: u64,
        comment: &str,
    ) -> Result<AnnualPlan> {
        self.act_on_plan(actor, Action::Return, event, year, version, Some(comment))
            .await
    }

    /// Reopens an approved annual plan as a new draft revision (Head or
    /// Coordinator, with a reason).
    pub async fn reopen_annual_plan(
        &self,
        actor: &Actor,
        event: &EventId,
        year: i32,
        version: u64,
        reason: &str,
    ) -> Result<AnnualPlan> {
        self.act_on_plan(actor, Action::Reopen, event, year, version, Some(reason))
            .await
    }
}

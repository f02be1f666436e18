//! Monthly reports: the Planner fills and submits, the Analyst accepts or
//! returns, the Head approves or returns; Head or Coordinator may reopen.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::Service;
use super::revision::{PeriodRevisions, object_of};
use crate::access::{Actor, Operation};
use crate::calendar::{ReportingPeriod, Timing, monthly_window};
use crate::error::{Error, Problem, Result, Severity};
use crate::model::{AnnualPlan, Event, EventId, MonthlyReport, ReportContent};
use crate::report::{Action, ReportState, Workflow};
use crate::validation::{ReportContext, check_report};

/// A saved draft and what still stands between it and a submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "SaveOutcomeOf{T}"))]
pub struct SaveOutcome<T> {
    /// The draft as stored, with its new version.
    pub saved: T,
    /// Missing facts and unexplained warnings that would block a submission.
    pub problems: Vec<Problem>,
}

/// What a monthly report is checked against, loaded once per operation.
struct ReportBasis {
    indicators: Arc<Vec<crate::model::Indicator>>,
    previous: Option<MonthlyReport>,
    plan: Option<AnnualPlan>,
}

impl ReportBasis {
    fn check(
        &self,
        event: &Event,
        period: ReportingPeriod,
        today: chrono::NaiveDate,
        content: &ReportContent,
        for_submit: bool,
    ) -> Vec<Problem> {
        let ctx = ReportContext {
            event,
            indicators: &self.indicators,
            period,
            previous: self.previous.as_ref().map(|r| &r.content),
            plan: self.plan.as_ref().map(|p| &p.content),
            today,
        };
        check_report(content, &ctx, for_submit)
    }
}

impl Service {
    /// The revisions of the report for `period`, as a call that commits the
    /// next one needs them.
    async fn report_revisions(
        &self,
        event: &EventId,
        period: ReportingPeriod,
    ) -> Result<PeriodRevisions<MonthlyReport>> {
        self.period_revisions_seen::<MonthlyReport>(event, &period.to_string())
            .await
    }

    /// The newest revision of the report for `period`; not found if none.
    async fn existing_report(
        &self,
        event: &EventId,
        period: ReportingPeriod,
    ) -> Result<MonthlyReport> {
        Ok(self.existing_report_seen(event, period).await?.0)
    }

    /// The newest revision of the report for `period`, with the revisions
    /// it was found among, for a call that commits the next one.
    async fn existing_report_seen(
        &self,
        event: &EventId,
        period: ReportingPeriod,
    ) -> Result<(MonthlyReport, PeriodRevisions<MonthlyReport>)> {
        let seen = self.report_revisions(event, period).await?;
        let report = seen
            .newest()
            .ok_or_else(|| Error::not_found("report", format!("{event}/{period}")))?;
        Ok((report, seen))
    }

    /// Loads what a monthly report of `event` is checked against: its
    /// indicators, last month's latest submitted revision, the approved plan.
    async fn report_basis(&self, event: &Event, period: ReportingPeriod) -> Result<ReportBasis> {
        let indicators = self.indicators_of(&event.id).await?;
        let previous = if period.month > 1 {
            self.period_revisions::<MonthlyReport>(&event.id, &period.previous().to_string())
                .await?
                .iter()
                .rfind(|r| r.workflow.submitted_at.is_some())
                .cloned()
        } else {
            None
        };
        let plan = self
            .period_revisions::<AnnualPlan>(&event.id, &period.year.to_string())
            .await?
            .iter()
            .rfind(|p| p.workflow.state == ReportState::Approved)
            .cloned();
        Ok(ReportBasis {
            indicators,
            previous,
            plan,
        })
    }

    /// Every problem with `content` as of today.
    async fn report_problems(
        &self,
        event: &Event,
        period: ReportingPeriod,
        content: &ReportContent,
        for_submit: bool,
    ) -> Result<Vec<Problem>> {
        let basis = self.report_basis(event, period).await?;
        Ok(basis.check(event, period, self.today(), content, for_submit))
    }

    /// Refuses periods outside the event or not yet begun, and excluded events.
    fn check_period(&self, event: &Event, period: ReportingPeriod) -> Result<()> {
        if event.plan.excluded {
            return Err(Error::invalid(
                "event",
                format!("`{}` is excluded from the plan", event.id),
            ));
        }
        if period.first_day() > self.today() {
            return Err(Error::invalid(
                "period",
                format!("`{period}` has not begun"),
            ));
        }
        if period.last_day() < event.plan.period.start || period.first_day() > event.plan.period.end
        {
            return Err(Error::invalid(
                "period",
                format!(
                    "`{period}` is outside the event period {} – {}",
                    event.plan.period.start, event.plan.period.end
                ),
            ));
        }
        Ok(())
    }

    /// The current revision of a monthly report.
    pub async fn get_report(
        &self,
        actor: &Actor,
        event: &EventId,
        period: ReportingPeriod,
    ) -> Result<MonthlyReport> {
        let user = self.user(actor).await?;
        self.event_for(&user, Operation::ReadReport, event).await?;
        self.existing_report(event, period).await
    }

    /// Every revision of a monthly report, oldest first (approved ones are kept
    /// forever).
    pub async fn report_history(
        &self,
        actor: &Actor,
        event: &EventId,
        period: ReportingPeriod,
    ) -> Result<Vec<MonthlyReport>> {
        let user = self.user(actor).await?;
        self.event_for(&user, Operation::ReadReport, event).await?;
        let all = self
            .period_revisions::<MonthlyReport>(event, &period.to_string())
            .await?;
        if all.is_empty() {
            return Err(Error::not_found("report", format!("{event}/{period}")));
        }
        Ok(Arc::unwrap_or_clone(all))
    }

    /// Every revision of every monthly report of an event.
    pub async fn list_reports(&self, actor: &Actor, event: &EventId) -> Result<Vec<MonthlyReport>> {
        let user = self.user(actor).await?;
        self.event_for(&user, Operation::ReadReport, event).await?;
        self.revisions(event, |_: &MonthlyReport| true).await
    }

    /// What would block submitting the current revision now.
    pub async fn check_report(
        &self,
        actor: &Actor,
        event: &EventId,
        period: ReportingPeriod,
    ) -> Result<Vec<Problem>> {
        let user = self.user(actor).await?;
        let event = self.event_for(&user, Operation::ReadReport, event).await?;
        let report = self.existing_report(&event.id, period).await?;
        self.report_problems(&event, period, &report.content, true)
            .await
    }

    /// Saves the draft of a monthly report (Planner). `version` is the version
    /// being edited, 0 for a report not yet started. Only Draft and Returned
    /// revisions are editable.
    pub async fn save_report(
        &self,
        actor: &Actor,
        event: &EventId,
        period: ReportingPeriod,
        version: u64,
        content: ReportContent,
    ) -> Result<SaveOutcome<MonthlyReport>> {
        let user = self.user(actor).await?;
        let event = self.event_for(&user, Operation::SaveReport, event).await?;
        self.check_period(&event, period)?;
        let (mut report, seen) = self.editable_report(&event, period, version).await?;
        let basis = self.report_basis(&event, period).await?;
        let today = self.today();
        let errors: Vec<Problem> = basis
            .check(&event, period, today, &content, false)
            .into_iter()
            .filter(|p| p.severity == Severity::Error)
            .collect();
        if !errors.is_empty() {
            return Err(Error::Validation { problems: errors });
        }
        report.content = content;
        let audit = self.draft(
            actor,
            Operation::SaveReport,
            object_of(&report),
            Some(&event.plan.responsible),
            format!(
                "draft saved: {} facts, {} control-point dates, {} expenditure lines",
                report.content.indicator_facts.len(),
                report.content.control_points.len(),
                report.content.expenditures.len()
            ),
        );
        let saved = self.commit_revision(&seen, report, audit).await?;
        let problems = basis.check(&event, period, today, &saved.content, true);
        Ok(SaveOutcome { saved, problems })
    }

    /// The revision a Planner may edit now, naming `version` (0 for a report
    /// not yet started): the current Draft or Returned one, or a new draft.
    async fn editable_report(
        &self,
        event: &Event,
        period: ReportingPeriod,
        version: u64,
    ) -> Result<(MonthlyReport, PeriodRevisions<MonthlyReport>)> {
        let seen = self.report_revisions(&event.id, period).await?;
        let report = match seen.newest() {
            Some(report) => report,
            None => MonthlyReport {
                event: event.id.clone(),
                period,
                workflow: Workflow::draft(1),
                content: ReportContent::default(),
                returned_content: None,
                version: 0,
            },
        };
        if !report.workflow.state.is_editable() {
            return Err(Error::InvalidTransition {
                action: "edit",
                state: report.workflow.state.as_str(),
            });
        }
        super::check_version(
            "report",
            &format!("{}/{period}", event.id),
            report.version,
            version,
        )?;
        Ok((report, seen))
    }

    /// Whether a submission for `period` now is late; refused before the
    /// window opens unless the participant allows early submission.
    async fn monthly_lateness(&self, event: &Event, period: ReportingPeriod) -> Result<bool> {
        let participant = self.participant(&event.plan.responsible).await?;
        let window = monthly_window(period, participant.settings.window);
        match window.timing(self.today()) {
            Timing::Early if !participant.settings.allow_early_submission => {
                Err(Error::WindowClosed {
                    reason: format!(
                        "the report for {period} is submitted from {} to {}",
                        window.opens, window.closes
                    ),
                })
            }
            Timing::Early | Timing::OnTime => Ok(false),
            Timing::Late => Ok(true),
        }
    }

    /// Saves `content` and submits it in one step and one transaction
    /// (Planner): what a data-entry script does for each report. The same
    /// checks apply as to a save followed by a submit; if any fails, nothing
    /// is written — not even the draft.
    pub async fn save_and_submit_report(
        &self,
        actor: &Actor,
        event: &EventId,
        period: ReportingPeriod,
        version: u64,
        content: ReportContent,
    ) -> Result<MonthlyReport> {
        let user = self.user(actor).await?;
        let event = self
            .event_for(&user, Operation::SubmitReport, event)
            .await?;
        self.check_period(&event, period)?;
        let (mut report, seen) = self.editable_report(&event, period, version).await?;
        let basis = self.report_basis(&event, period).await?;
        let problems = basis.check(&event, period, self.today(), &content, true);
        if !problems.is_empty() {
            return Err(Error::Validation { problems });
        }
        let late = self.monthly_lateness(&event, period).await?;
        report.content = content;
        self.fire(
            actor,
            &user,
            Operation::SubmitReport,
            &event,
            &seen,
            report,
            version,
            Action::Submit,
            None,
            late,
        )
        .await
    }

    /// Submits the report for checking (Planner). Refused before the window
    /// opens unless the participant allows early submission; marked late after
    /// it closes.
    pub async fn submit_report(
        &self,
        actor: &Actor,
        event: &EventId,
        period: ReportingPeriod,
        version: u64,
    ) -> Result<MonthlyReport> {
        let user = self.user(actor).await?;
        let event = self
            .event_for(&user, Operation::SubmitReport, event)
            .await?;
        let (report, seen) = self.existing_report_seen(&event.id, period).await?;
        super::check_version(
            "report",
            &format!("{}/{period}", event.id),
            report.version,
            version,
        )?;
        crate::report::next_state(report.workflow.state, Action::Submit)?;
        let problems = self
            .report_problems(&event, period, &report.content, true)
            .await?;
        if !problems.is_empty() {
            return Err(Error::Validation { problems });
        }
        let late = self.monthly_lateness(&event, period).await?;
        self.fire(
            actor,
            &user,
            Operation::SubmitReport,
            &event,
            &seen,
            report,
            version,
            Action::Submit,
            None,
            late,
        )
        .await
    }

    /// Fires `action` on the current revision of a monthly report: one entry
    /// point for adapters that map a route or command to an action. A submit
    /// runs every check of [`Service::submit_report`]; `comment` is the return
    /// comment or reopen reason and is ignored by the other actions.
    pub async fn transition_report(
        &self,
        actor: &Actor,
        event: &EventId,
        period: ReportingPeriod,
        version: u64,
        action: Action,
        comment: Option<&str>,
    ) -> Result<MonthlyReport> {
        match action {
            Action::Submit => self.submit_report(actor, event, period, version).await,
            Action::Accept | Action::Approve => {
                self.act_on_report(actor, action, event, period, version, None)
                    .await
            }
            Action::Return | Action::Reopen => {
                self.act_on_report(actor, action, event, period, version, comment)
                    .await
            }
        }
    }

    async fn act_on_report(
        &self,
        actor: &Actor,
        action: Action,
        event: &EventId,
        period: ReportingPeriod,
        version: u64,
        comment: Option<&str>,
    ) -> Result<MonthlyReport> {
        let op = match action {
            Action::Submit => Operation::SubmitReport,
            Action::Accept => Operation::AcceptReport,
            Action::Approve => Operation::ApproveReport,
            Action::Return => Operation::ReturnReport,
            Action::Reopen => Operation::ReopenReport,
        };
        let user = self.user(actor).await?;
        let event = self.event_for(&user, op, event).await?;
        let (report, seen) = self.existing_report_seen(&event.id, period).await?;
        self.fire(
            actor, &user, op, &event, &seen, report, version, action, comment, false,
        )
        .await
    }

    /// Accepts a submitted report (Analyst; not the submitter when separation of
    /// duties is on).
    pub async fn accept_report(
        &self,
        actor: &Actor,
        event: &EventId,
        period: ReportingPeriod,
        version: u64,
    ) -> Result<MonthlyReport> {
        self.act_on_report(actor, Action::Accept, event, period, version, None)
            .await
    }

    /// Approves an accepted report (Head; neither the submitter nor the accepter
    /// when separation of duties is on).
    pub async fn approve_report(
        &self,
        actor: &Actor,
        event: &EventId,
        period: ReportingPeriod,
        version: u64,
    ) -> Result<MonthlyReport> {
        self.act_on_report(actor, Action::Approve, event, period, version, None)
            .await
    }

    /// Returns a report for correction with a comment (Analyst from Submitted,
    /// Head from Accepted).
    pub async fn return_report(
        &self,
        actor: &Actor,
        event: &EventId,
        period: ReportingPeriod,
        version: u64,
        comment: &str,
    ) -> Result<MonthlyReport> {
        self.act_on_report(actor, Action::Return, event, period, version, Some(comment))
            .await
    }

    /// Reopens an approved report as a new draft revision, keeping the approved
    /// one (Head or Coordinator, with a reason).
    pub async fn reopen_report(
        &self,
        actor: &Actor,
        event: &EventId,
        period: ReportingPeriod,
        version: u64,
        reason: &str,
    ) -> Result<MonthlyReport> {
        self.act_on_report(actor, Action::Reopen, event, period, version, Some(reason))
            .await
    }
}

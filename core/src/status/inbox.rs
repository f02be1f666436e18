//! What waits for a user, and by when.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::ReportingPeriod;
use crate::model::EventId;

/// The kind of work an inbox item asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum InboxTask {
    /// Planner: fill and submit the monthly report.
    FillReport,
    /// Planner: fix and resubmit a returned monthly report.
    FixReport,
    /// Analyst: check a submitted monthly report.
    CheckReport,
    /// Head: approve an accepted monthly report.
    ApproveReport,
    /// Planner: fill and submit the annual plan.
    FillAnnualPlan,
    /// Planner: fix and resubmit a returned annual plan.
    FixAnnualPlan,
    /// Analyst: check a submitted annual plan.
    CheckAnnualPlan,
    /// Head: approve an accepted annual plan.
    ApproveAnnualPlan,
    /// Admin: process a registration, revocation or role-change request.
    ProcessRequest,
}

/// One thing waiting for the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InboxItem {
    /// What to do.
    pub task: InboxTask,
    /// On which event, for plan work.
    pub event: Option<EventId>,
    /// Which access request, for the Admin's work.
    pub request: Option<String>,
    /// What it concerns, for display: the event's title or the request's
    /// kind and participant.
    pub title: String,
    /// The reporting month, for monthly work.
    pub period: Option<ReportingPeriod>,
    /// The plan year, for annual work.
    pub year: Option<i32>,
    /// The last day to do it (the window's closing day).
    pub due: NaiveDate,
    /// Whether `due` has passed.
    pub overdue: bool,
}

impl InboxItem {
    /// Inbox order: overdue first, then by due date, then by event.
    pub fn sort(items: &mut [InboxItem]) {
        items.sort_by(|a, b| {
            b.overdue
                .cmp(&a.overdue)
                .then(a.due.cmp(&b.due))
                .then(a.event.cmp(&b.event))
                .then(a.request.cmp(&b.request))
                .then(a.task.cmp(&b.task))
        });
    }
}

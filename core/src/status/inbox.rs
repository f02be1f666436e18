//! What waits for a user, and by when.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize, Serializer};

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
    #[serde(serialize_with = "iso_date")]
    pub due: NaiveDate,
    /// Whether `due` has passed.
    pub overdue: bool,
}

/// `date` as chrono writes it (`2026-03-30`), without going through
/// `fmt` one piece at a time: a planner's inbox at the month's end has
/// fifty of them, and every call writes them all.
fn iso_date<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    let Ok(year) = u16::try_from(date.year()) else {
        return date.serialize(serializer);
    };
    if year > 9999 {
        return date.serialize(serializer);
    }
    let digit = |n: u32| b'0' + (n % 10) as u8;
    let (year, month, day) = (u32::from(year), date.month(), date.day());
    let text = [
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        b'-',
        digit(month / 10),
        digit(month),
        b'-',
        digit(day / 10),
        digit(day),
    ];
    match std::str::from_utf8(&text) {
        Ok(text) => serializer.serialize_str(text),
        Err(_) => date.serialize(serializer),
    }
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

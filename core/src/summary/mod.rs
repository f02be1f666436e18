//! The consolidated report (сводный отчёт, decree 1.6): for one reporting
//! month, which events are on track, who has reported and who has not, how
//! the indicators stand against their plans and where the money went.
//!
//! [`consolidate`] is a pure function of the plan, the reports and the date,
//! so every figure can be checked against hand-computed values; the service
//! ([`crate::Service::consolidated_report`]) loads what the actor may see and
//! calls it.

mod compute;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use compute::{SummaryInput, consolidate};

use crate::calendar::ReportingPeriod;
use crate::model::{Direction, EventId, FundingSource, IndicatorId, ParticipantId, StrategyNodeId};
use crate::report::ReportState;
use crate::status::{Achievement, EventStatus};

/// What to consolidate: a month and optional filters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SummaryQuery {
    /// The reporting year.
    pub year: i32,
    /// The reporting month, 1–12.
    pub month: u32,
    /// Only events this participant is responsible for.
    #[serde(default)]
    pub participant: Option<ParticipantId>,
    /// Only events serving this strategy node or any node below it.
    #[serde(default)]
    pub direction: Option<StrategyNodeId>,
}

/// Events by derived status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StatusCounts {
    /// Every control point reached on time, every due report submitted.
    pub done: u32,
    /// Reached or reported late.
    pub done_late: u32,
    /// A control point passed unreached, or a due report is missing.
    pub overdue: u32,
    /// Running, nothing overdue.
    pub in_progress: u32,
    /// All of them.
    pub total: u32,
}

/// Reports of the month by state and timeliness.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReportCounts {
    /// Events that owe a report for the month.
    pub expected: u32,
    /// Approved by the Head.
    pub approved: u32,
    /// Submitted or accepted: with the Analyst or the Head.
    pub in_check: u32,
    /// Returned for correction.
    pub returned: u32,
    /// Started but never submitted.
    pub draft: u32,
    /// Submitted inside the window.
    pub on_time: u32,
    /// Submitted after the window.
    pub late: u32,
    /// Never submitted (including not started).
    pub missing: u32,
}

/// When the month's report came.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Timeliness {
    /// Submitted inside the window.
    OnTime,
    /// Submitted after the window.
    Late,
    /// Never submitted.
    Missing,
}

/// One event, for drilling down from the totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EventLine {
    /// The event's code.
    pub event: EventId,
    /// Its title.
    pub title: String,
    /// The responsible executor.
    pub responsible: ParticipantId,
    /// The strategy node it serves.
    pub direction: StrategyNodeId,
    /// Derived status as of the report's date.
    pub status: EventStatus,
    /// The month's report: state of its newest revision, if any.
    pub report_state: Option<ReportState>,
    /// The month's report: on time, late or missing; `None` when the event
    /// owes no report for the month.
    pub timeliness: Option<Timeliness>,
}

/// One participant's line: its events and reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ParticipantLine {
    /// The participant.
    pub participant: ParticipantId,
    /// Its name.
    pub name: String,
    /// Its events by status.
    pub events: StatusCounts,
    /// Its reports for the month.
    pub reports: ReportCounts,
}

/// One month's value of an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MonthValue {
    /// The month, 1–12.
    pub month: u32,
    /// The value, `None` where no report counts.
    pub value: Option<Decimal>,
}

/// One indicator against its plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IndicatorLine {
    /// The indicator's code.
    pub indicator: IndicatorId,
    /// Its name.
    pub name: String,
    /// Unit of measure.
    pub unit: String,
    /// Whether more or less is better.
    pub direction: Direction,
    /// Facts are year-to-date.
    pub cumulative: bool,
    /// The plan for the year.
    pub plan: Option<Decimal>,
    /// The fact for the month (YTD for cumulative indicators): the sum over
    /// its events of the newest revision in the approval chain.
    pub fact: Option<Decimal>,
    /// Fact against plan, with the traffic light.
    pub achievement: Option<Achievement>,
    /// Reported facts, January to the month.
    pub series: Vec<MonthValue>,
    /// What each month added: the difference of consecutive cumulative facts
    /// (January's is its fact); for other indicators the fact itself.
    pub increments: Vec<MonthValue>,
    /// The fact for the same month a year earlier, for the trend.
    pub previous_year: Option<Decimal>,
    /// A cumulative fact fell in some month: `Some(true)` if every such fall
    /// is explained, `Some(false)` if one is not; `None` if none fell.
    pub decreases_explained: Option<bool>,
    /// The strategy nodes its counted events serve, for grouping by direction.
    pub serves: Vec<StrategyNodeId>,
}

/// Planned and actual spending of one funding source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SpendingLine {
    /// The funding source.
    pub source: FundingSource,
    /// Planned for the year in the annual plans.
    pub planned: Decimal,
    /// Spent year-to-date as reported for the month.
    pub actual: Decimal,
    /// actual / planned, 4 places; `None` when nothing is planned.
    pub share: Option<Decimal>,
}

/// The consolidated report of one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ConsolidatedReport {
    /// The reporting month.
    pub period: ReportingPeriod,
    /// The date the statuses are derived for: today, or the day after the
    /// month's window closes if that is earlier.
    pub as_of: NaiveDate,
    /// The participant filter, if any.
    pub participant: Option<ParticipantId>,
    /// The direction filter, if any.
    pub direction: Option<StrategyNodeId>,
    /// Events by status, in total.
    pub events: StatusCounts,
    /// Reports of the month, in total.
    pub reports: ReportCounts,
    /// Per participant, in the order of their ids.
    pub participants: Vec<ParticipantLine>,
    /// Every event counted, for drilling down.
    pub event_lines: Vec<EventLine>,
    /// Indicators linked to the events counted.
    pub indicators: Vec<IndicatorLine>,
    /// Spending by funding source.
    pub spending: Vec<SpendingLine>,
    /// Spending per participant and source: (planned, actual).
    pub spending_by_participant: BTreeMap<ParticipantId, Vec<SpendingLine>>,
}

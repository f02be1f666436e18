//! What participants report: monthly reports and annual plans. Both go through
//! the same approval chain, kept in [`crate::report::Workflow`].

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::ids::{ControlPointId, EventId, IndicatorId};
use super::money::FundingSource;
use crate::calendar::ReportingPeriod;
use crate::report::Workflow;

/// The content of a monthly report; everything year-to-date from 1 January.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct ReportContent {
    /// Ход реализации: what was done.
    pub progress: String,
    /// Actual dates of control points reached.
    pub control_points: BTreeMap<ControlPointId, NaiveDate>,
    /// Indicator facts, cumulative year-to-date for cumulative indicators.
    pub indicator_facts: BTreeMap<IndicatorId, Decimal>,
    /// Expenditures year-to-date by funding source.
    pub expenditures: BTreeMap<FundingSource, Decimal>,
    /// Explanations keyed by the field they explain (e.g. `indicator_facts.IND-1`).
    pub explanations: BTreeMap<String, String>,
}

/// A monthly report revision of one event for one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MonthlyReport {
    /// The event reported on.
    pub event: EventId,
    /// The reporting month.
    pub period: ReportingPeriod,
    /// State, revision and history.
    pub workflow: Workflow,
    /// The data.
    pub content: ReportContent,
    /// The data as it stood when the report was last returned, so that the
    /// Analyst and Head see what the Planner changed before resubmitting.
    /// Cleared when a new revision starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returned_content: Option<ReportContent>,
    /// Storage version; every transition names it.
    #[serde(default)]
    pub version: u64,
}

/// A monthly report revision reduced to what derived statuses and the
/// consolidated report read: no progress text, no history. Stores that can
/// pick these fields out without decoding whole reports do so
/// ([`crate::store::Store::report_digests`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportDigest {
    /// The event reported on.
    pub event: EventId,
    /// The reporting month.
    pub period: ReportingPeriod,
    /// The revision number.
    pub revision: u32,
    /// Its state.
    pub state: crate::report::ReportState,
    /// Submitted after its window.
    pub late: bool,
    /// Submitted at least once.
    pub submitted: bool,
    /// Actual dates of control points.
    pub control_points: BTreeMap<ControlPointId, NaiveDate>,
    /// Indicator facts.
    pub indicator_facts: BTreeMap<IndicatorId, Decimal>,
    /// Expenditures by funding source.
    pub expenditures: BTreeMap<FundingSource, Decimal>,
    /// The fields with a non-blank explanation.
    pub explained: std::collections::BTreeSet<String>,
}

impl ReportDigest {
    /// The digest of a whole report.
    pub fn of(report: &MonthlyReport) -> Self {
        Self {
            event: report.event.clone(),
            period: report.period,
            revision: report.workflow.revision,
            state: report.workflow.state,
            late: report.workflow.late,
            submitted: report.workflow.submitted_at.is_some(),
            control_points: report.content.control_points.clone(),
            indicator_facts: report.content.indicator_facts.clone(),
            expenditures: report.content.expenditures.clone(),
            explained: report
                .content
                .explanations
                .iter()
                .filter(|(_, text)| !text.trim().is_empty())
                .map(|(field, _)| field.clone())
                .collect(),
        }
    }
}

/// Where one monthly report revision stands: the least an inbox needs to
/// say what waits for whom ([`crate::store::Store::event_report_revisions`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRevision {
    /// The reporting month.
    pub period: ReportingPeriod,
    /// The revision number.
    pub revision: u32,
    /// Its state.
    pub state: crate::report::ReportState,
}

impl ReportRevision {
    /// Where `report` stands.
    pub fn of(report: &MonthlyReport) -> Self {
        Self {
            period: report.period,
            revision: report.workflow.revision,
            state: report.workflow.state,
        }
    }
}

/// Where one annual plan revision stands: the least an inbox needs
/// ([`crate::store::Store::event_annual_plan_revisions`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnualPlanRevision {
    /// The plan year.
    pub year: i32,
    /// The revision number.
    pub revision: u32,
    /// Its state.
    pub state: crate::report::ReportState,
}

impl AnnualPlanRevision {
    /// Where `plan` stands.
    pub fn of(plan: &AnnualPlan) -> Self {
        Self {
            year: plan.year,
            revision: plan.workflow.revision,
            state: plan.workflow.state,
        }
    }
}

/// A control point reached in a year before the one a summary shows: the
/// actual date that the counted revision (the newest submitted, accepted or
/// approved one) of the latest month carrying it gives, with that month.
/// What derived statuses need from earlier years, without their reports
/// ([`crate::store::Store::reached_points`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ReachedPoint {
    /// The event.
    pub event: EventId,
    /// The control point.
    pub control_point: ControlPointId,
    /// The month whose counted revision gives the date.
    pub period: ReportingPeriod,
    /// The actual date.
    pub date: NaiveDate,
}

impl ReachedPoint {
    /// The reached points of `digests` whose period lies before 1 January
    /// of `before_year`, one per event and control point, ordered by event
    /// and control point: the reference the stores' digests are held to.
    pub fn latest_of<'a>(
        digests: impl IntoIterator<Item = &'a ReportDigest>,
        before_year: i32,
    ) -> Vec<ReachedPoint> {
        use crate::report::ReportState;
        // The counted revision of each event's month.
        let mut counted: BTreeMap<(&EventId, ReportingPeriod), &ReportDigest> = BTreeMap::new();
        for digest in digests.into_iter().filter(|d| {
            d.period.year < before_year
                && matches!(
                    d.state,
                    ReportState::Submitted | ReportState::Accepted | ReportState::Approved
                )
        }) {
            let slot = counted
                .entry((&digest.event, digest.period))
                .or_insert(digest);
            if digest.revision > slot.revision {
                *slot = digest;
            }
        }
        // Months in order, so a later month's date replaces an earlier one.
        let mut latest: BTreeMap<(&EventId, &ControlPointId), (ReportingPeriod, NaiveDate)> =
            BTreeMap::new();
        for ((event, period), digest) in counted {
            for (point, date) in &digest.control_points {
                latest.insert((event, point), (period, *date));
            }
        }
        latest
            .into_iter()
            .map(|((event, point), (period, date))| ReachedPoint {
                event: event.clone(),
                control_point: point.clone(),
                period,
                date,
            })
            .collect()
    }
}

/// One line of works planned for the plan year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Work {
    /// What is done.
    pub title: String,
    /// Контрольный срок.
    pub control_date: NaiveDate,
    /// Planned expenditures by funding source.
    #[serde(default)]
    pub planned: BTreeMap<FundingSource, Decimal>,
}

/// The content of an annual plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct AnnualPlanContent {
    /// Works with control dates and planned expenditures.
    pub works: Vec<Work>,
    /// Explanations keyed by field.
    pub explanations: BTreeMap<String, String>,
}

impl AnnualPlanContent {
    /// Planned expenditures for the year by funding source.
    pub fn planned_by_source(&self) -> BTreeMap<FundingSource, Decimal> {
        let mut sum = BTreeMap::new();
        for work in &self.works {
            for (source, amount) in &work.planned {
                *sum.entry(*source).or_insert(Decimal::ZERO) += *amount;
            }
        }
        sum
    }
}

/// An annual plan revision reduced to what the consolidated report reads:
/// its state and its planned spending by source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnualPlanDigest {
    /// The event planned.
    pub event: EventId,
    /// The plan year.
    pub year: i32,
    /// The revision number.
    pub revision: u32,
    /// Its state.
    pub state: crate::report::ReportState,
    /// Planned expenditures by funding source, summed over the works.
    pub planned: BTreeMap<FundingSource, Decimal>,
}

impl AnnualPlanDigest {
    /// The digest of a whole plan.
    pub fn of(plan: &AnnualPlan) -> Self {
        Self {
            event: plan.event.clone(),
            year: plan.year,
            revision: plan.workflow.revision,
            state: plan.workflow.state,
            planned: plan.content.planned_by_source(),
        }
    }
}

/// An annual plan revision of one event for one plan year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AnnualPlan {
    /// The event planned.
    pub event: EventId,
    /// The plan year.
    pub year: i32,
    /// State, revision and history.
    pub workflow: Workflow,
    /// The data.
    pub content: AnnualPlanContent,
    /// Storage version.
    #[serde(default)]
    pub version: u64,
}

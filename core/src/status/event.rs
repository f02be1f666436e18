//! Status of a whole event: the worst of its control points and reports.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::control_point::{ControlPointStatus, control_point_status};
use crate::calendar::{ReportingPeriod, WindowBounds, monthly_window};
use crate::model::{ControlPoint, ControlPointId, Event, EventId, ReportDigest};
use crate::report::ReportState;

/// Derived status of an event, ordered from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum EventStatus {
    /// Every control point reached on time and every due report submitted.
    Done,
    /// Running: pending control points, nothing overdue.
    InProgress,
    /// Something was reached or reported late.
    DoneLate,
    /// A control point passed its date unreached, or a due report is missing.
    Overdue,
}

/// One control point with its actual date and status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ControlPointView {
    /// The planned control point.
    pub control_point: ControlPoint,
    /// Actual date from the newest report that gives one.
    pub actual: Option<NaiveDate>,
    /// Derived status.
    pub status: ControlPointStatus,
}

/// An event's derived status with its reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EventStatusReport {
    /// The event.
    pub event: EventId,
    /// Overall status.
    pub status: EventStatus,
    /// Control points with their statuses.
    pub control_points: Vec<ControlPointView>,
    /// Reporting months whose window has closed without a submitted report.
    pub missing_reports: Vec<ReportingPeriod>,
    /// Reporting months submitted after their window.
    pub late_reports: Vec<ReportingPeriod>,
}

/// Derives the status of `event` on `today` from all its report revisions
/// (as digests: [`ReportDigest::of`] makes one from a whole report).
///
/// Actual dates come from the newest submitted, accepted or approved revision
/// of each month, so a draft or a returned report does not mark a control
/// point done. Reports are
/// expected for every month of the event's period within `today`'s year whose
/// window (per `bounds`) has closed.
pub fn event_status<'a>(
    event: &Event,
    reports: impl IntoIterator<Item = &'a ReportDigest>,
    bounds: WindowBounds,
    today: NaiveDate,
) -> EventStatusReport {
    let reports: Vec<&ReportDigest> = reports
        .into_iter()
        .filter(|r| r.event == event.id)
        .collect();
    let in_chain = |r: &ReportDigest| {
        matches!(
            r.state,
            ReportState::Submitted | ReportState::Accepted | ReportState::Approved
        )
    };
    // The newest revision in the chain per month: its data is what counts.
    let mut counted: BTreeMap<ReportingPeriod, &ReportDigest> = BTreeMap::new();
    for report in reports.iter().copied().filter(|r| in_chain(r)) {
        let slot = counted.entry(report.period).or_insert(report);
        if report.revision > slot.revision {
            *slot = report;
        }
    }

    let mut actuals: BTreeMap<&ControlPointId, NaiveDate> = BTreeMap::new();
    for report in counted.values() {
        for (cp, date) in &report.control_points {
            actuals.insert(cp, *date);
        }
    }

    let control_points: Vec<ControlPointView> = event
        .card
        .control_points
        .iter()
        .map(|cp| {
            let actual = actuals.get(&cp.id).copied();
            ControlPointView {
                control_point: cp.clone(),
                actual,
                status: control_point_status(cp.planned, actual, today),
            }
        })
        .collect();

    let mut missing_reports = Vec::new();
    let mut late_reports = Vec::new();
    for period in due_periods(event, bounds, today) {
        let revisions = reports.iter().filter(|r| r.period == period);
        let ever_submitted = revisions.clone().any(|r| r.submitted);
        if !ever_submitted {
            missing_reports.push(period);
        } else if revisions.clone().any(|r| r.late) {
            late_reports.push(period);
        }
    }

    let mut status = if today > event.plan.period.end {
        EventStatus::Done
    } else {
        EventStatus::InProgress
    };
    for cp in &control_points {
        let s = match cp.status {
            ControlPointStatus::DoneOnTime => EventStatus::Done,
            ControlPointStatus::Pending => EventStatus::InProgress,
            ControlPointStatus::DoneLate => EventStatus::DoneLate,
            ControlPointStatus::Overdue => EventStatus::Overdue,
        };
        status = status.max(s);
    }
    if !late_reports.is_empty() {
        status = status.max(EventStatus::DoneLate);
    }
    if !missing_reports.is_empty() {
        status = EventStatus::Overdue;
    }
    EventStatusReport {
        event: event.id.clone(),
        status,
        control_points,
        missing_reports,
        late_reports,
    }
}

/// Months of `today`'s year (and December of the previous year while its
/// window runs into January) that fall inside the event period and whose
/// window has closed by `today`.
fn due_periods(event: &Event, bounds: WindowBounds, today: NaiveDate) -> Vec<ReportingPeriod> {
    use chrono::Datelike;
    let mut periods = Vec::new();
    let Ok(mut period) = ReportingPeriod::new(today.year() - 1, 12) else {
        return periods;
    };
    loop {
        if period.first_day() > today {
            break;
        }
        let window = monthly_window(period, bounds);
        let in_event = period.last_day() >= event.plan.period.start
            && period.first_day() <= event.plan.period.end;
        if window.closes < today && in_event {
            periods.push(period);
        }
        period = period.next();
    }
    periods
}

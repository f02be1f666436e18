//! Status of a whole event: the worst of its control points and reports.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::control_point::{ControlPointStatus, control_point_status};
use crate::calendar::{ReportingPeriod, WindowBounds, monthly_window};
use crate::model::{
    ControlPoint, ControlPointId, Event, EventDigest, EventId, EventPeriod, ReachedPoint,
    ReportDigest,
};
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
    event_status_with_reached(event, [], reports, bounds, today)
}

/// [`event_status`] from this year's report revisions and the control
/// points reached in earlier years ([`crate::store::Store::reached_points`]),
/// so that earlier years' reports need not be read. A date of a later month
/// replaces one of an earlier month, whichever of the two it comes from; the
/// result is the same as [`event_status`] over every revision.
pub fn event_status_with_reached<'a, 'r>(
    event: &Event,
    reached: impl IntoIterator<Item = &'r ReachedPoint>,
    reports: impl IntoIterator<Item = &'a ReportDigest>,
    bounds: WindowBounds,
    today: NaiveDate,
) -> EventStatusReport {
    let closed = closed_months(bounds, today);
    let mut reports: Vec<&ReportDigest> = reports
        .into_iter()
        .filter(|r| r.event == event.id)
        .collect();
    reports.sort_unstable_by_key(|r| (r.period, r.revision));
    let reached = reached.into_iter().filter(|p| p.event == event.id);
    let derived = derive(event, reached, &reports, &closed);
    let control_points = event
        .card
        .control_points
        .iter()
        .zip(&derived.actuals)
        .map(|(cp, &actual)| ControlPointView {
            control_point: cp.clone(),
            actual,
            status: control_point_status(cp.planned, actual, today),
        })
        .collect();
    EventStatusReport {
        event: event.id.clone(),
        status: derived.status(event, today),
        control_points,
        missing_reports: derived.missing,
        late_reports: derived.late,
    }
}

/// What an event's derived status reads of it: its period and its control
/// points' planned dates, in the card's order. A whole event and its
/// digest give the same.
pub(crate) trait StatusPlan {
    /// Срок реализации.
    fn period(&self) -> EventPeriod;
    /// Each control point with its planned date.
    fn planned(&self) -> impl Iterator<Item = (&ControlPointId, NaiveDate)>;
}

impl StatusPlan for Event {
    fn period(&self) -> EventPeriod {
        self.plan.period
    }

    fn planned(&self) -> impl Iterator<Item = (&ControlPointId, NaiveDate)> {
        self.card
            .control_points
            .iter()
            .map(|cp| (&cp.id, cp.planned))
    }
}

impl StatusPlan for EventDigest {
    fn period(&self) -> EventPeriod {
        self.period
    }

    fn planned(&self) -> impl Iterator<Item = (&ControlPointId, NaiveDate)> {
        self.control_points
            .iter()
            .map(|(id, planned)| (id, *planned))
    }
}

/// Only the overall status of [`event_status_with_reached`], without
/// building the views: what the consolidated report needs of each event.
/// `reached` and `reports` must be the event's own, the reports ordered
/// by period and revision; `closed` is [`closed_months`] of the event's
/// bounds and `today`, which the caller computes once for all events that
/// share them.
pub(crate) fn overall_status<'r>(
    event: &impl StatusPlan,
    reached: impl IntoIterator<Item = &'r ReachedPoint>,
    reports: &[&ReportDigest],
    closed: &[ClosedMonth],
    today: NaiveDate,
) -> EventStatus {
    derive(event, reached, reports, closed).status(event, today)
}

/// What an event's status is derived from.
struct Derived {
    /// The actual date of each of the card's control points, in its order.
    actuals: Vec<Option<NaiveDate>>,
    /// Due months without a submitted report.
    missing: Vec<ReportingPeriod>,
    /// Due months submitted late.
    late: Vec<ReportingPeriod>,
}

impl Derived {
    /// The worst of the control points and reports.
    fn status(&self, event: &impl StatusPlan, today: NaiveDate) -> EventStatus {
        let mut status = if today > event.period().end {
            EventStatus::Done
        } else {
            EventStatus::InProgress
        };
        for ((_, planned), &actual) in event.planned().zip(&self.actuals) {
            let s = match control_point_status(planned, actual, today) {
                ControlPointStatus::DoneOnTime => EventStatus::Done,
                ControlPointStatus::Pending => EventStatus::InProgress,
                ControlPointStatus::DoneLate => EventStatus::DoneLate,
                ControlPointStatus::Overdue => EventStatus::Overdue,
            };
            status = status.max(s);
        }
        if !self.late.is_empty() {
            status = status.max(EventStatus::DoneLate);
        }
        if !self.missing.is_empty() {
            status = EventStatus::Overdue;
        }
        status
    }
}

/// Derives from the event's own `reached` points and `reports`, the latter
/// ordered by month, then revision: the last revision in the chain of each
/// month is the one whose data counts.
fn derive<'r>(
    event: &impl StatusPlan,
    reached: impl IntoIterator<Item = &'r ReachedPoint>,
    reports: &[&ReportDigest],
    closed: &[ClosedMonth],
) -> Derived {
    let in_chain = |r: &ReportDigest| {
        matches!(
            r.state,
            ReportState::Submitted | ReportState::Accepted | ReportState::Approved
        )
    };

    // The date of the latest month that gives one, per control point of
    // the card (points not on the card do not count).
    let mut actuals: Vec<Option<(ReportingPeriod, NaiveDate)>> =
        vec![None; event.planned().count()];
    let mut give = |cp: &ControlPointId, period: ReportingPeriod, date: NaiveDate| {
        for ((id, _), actual) in event.planned().zip(actuals.iter_mut()) {
            if id == cp && actual.is_none_or(|(seen, _)| period >= seen) {
                *actual = Some((period, date));
            }
        }
    };
    for point in reached {
        give(&point.control_point, point.period, point.date);
    }
    let mut chain = reports.iter().copied().filter(|r| in_chain(r)).peekable();
    while let Some(report) = chain.next() {
        let newest_of_month = chain.peek().is_none_or(|next| next.period != report.period);
        if newest_of_month {
            for (cp, date) in &report.control_points {
                give(cp, report.period, *date);
            }
        }
    }

    let mut missing = Vec::new();
    let mut late = Vec::new();
    for period in due_periods(event.period(), closed) {
        // The month's revisions: a range of the ordered reports.
        let from = reports.partition_point(|r| r.period < period);
        let to = reports.partition_point(|r| r.period <= period);
        let revisions = &reports[from..to];
        let ever_submitted = revisions.iter().any(|r| r.submitted);
        if !ever_submitted {
            missing.push(period);
        } else if revisions.iter().any(|r| r.late) {
            late.push(period);
        }
    }
    Derived {
        actuals: actuals
            .into_iter()
            .map(|a| a.map(|(_, date)| date))
            .collect(),
        missing,
        late,
    }
}

/// A month whose report window has closed, with its first and last day.
pub(crate) type ClosedMonth = (ReportingPeriod, NaiveDate, NaiveDate);

/// Months of `today`'s year (and December of the previous year while its
/// window runs into January) whose window (per `bounds`) has closed by
/// `today`: the same for every event with these bounds.
pub(crate) fn closed_months(bounds: WindowBounds, today: NaiveDate) -> Vec<ClosedMonth> {
    use chrono::Datelike;
    let mut months = Vec::new();
    let Ok(mut period) = ReportingPeriod::new(today.year() - 1, 12) else {
        return months;
    };
    loop {
        let first = period.first_day();
        if first > today {
            break;
        }
        if monthly_window(period, bounds).closes < today {
            months.push((period, first, period.last_day()));
        }
        period = period.next();
    }
    months
}

/// Of the `closed` months, those that fall inside the event period: the
/// months a report is due for.
fn due_periods(
    period: EventPeriod,
    closed: &[ClosedMonth],
) -> impl Iterator<Item = ReportingPeriod> + '_ {
    closed
        .iter()
        .filter(move |(_, first, last)| *last >= period.start && *first <= period.end)
        .map(|&(p, _, _)| p)
}

//! Computing the consolidated report from plain data.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{
    ConsolidatedReport, EventLine, IndicatorLine, MonthValue, ParticipantLine, ReportCounts,
    SpendingLine, StatusCounts, Timeliness,
};
use crate::calendar::{ReportingPeriod, monthly_window};
use crate::model::{
    AnnualPlanDigest, Event, FundingSource, Indicator, Participant, ParticipantId, ReportDigest,
    StrategyNode, StrategyNodeId, Thresholds,
};
use crate::report::ReportState;
use crate::status::{EventStatus, achievement, event_status};

/// Everything the consolidated report is computed from.
#[derive(Debug, Clone, Copy)]
pub struct SummaryInput<'a> {
    /// The reporting month.
    pub period: ReportingPeriod,
    /// Today in the region.
    pub today: NaiveDate,
    /// Only events this participant is responsible for.
    pub participant: Option<&'a ParticipantId>,
    /// Only events serving this node or a node below it.
    pub direction: Option<&'a StrategyNodeId>,
    /// The events the reader may see (excluded ones are skipped here).
    pub events: &'a [Event],
    /// Every revision of the monthly reports of those events, as digests:
    /// at least the previous December to the month, and the same month a
    /// year earlier for the trend (later months are ignored).
    pub reports: &'a [ReportDigest],
    /// Every revision of their annual plans.
    pub annual_plans: &'a [AnnualPlanDigest],
    /// The indicators (those linked to no counted event are skipped).
    pub indicators: &'a [Indicator],
    /// The participants, for names, windows and thresholds.
    pub participants: &'a [Participant],
    /// The strategy tree, for the direction filter.
    pub strategy: &'a [StrategyNode],
}

fn in_chain(state: ReportState) -> bool {
    matches!(
        state,
        ReportState::Submitted | ReportState::Accepted | ReportState::Approved
    )
}

/// `root` and every node below it.
fn subtree(root: &StrategyNodeId, strategy: &[StrategyNode]) -> BTreeSet<StrategyNodeId> {
    let mut nodes = BTreeSet::from([root.clone()]);
    loop {
        let before = nodes.len();
        for node in strategy {
            if node.parent.as_ref().is_some_and(|p| nodes.contains(p)) {
                nodes.insert(node.id.clone());
            }
        }
        if nodes.len() == before {
            return nodes;
        }
    }
}

fn count_status(counts: &mut StatusCounts, status: EventStatus) {
    counts.total += 1;
    match status {
        EventStatus::Done => counts.done += 1,
        EventStatus::DoneLate => counts.done_late += 1,
        EventStatus::Overdue => counts.overdue += 1,
        EventStatus::InProgress => counts.in_progress += 1,
    }
}

fn count_report(counts: &mut ReportCounts, line: &EventLine) {
    let Some(timeliness) = line.timeliness else {
        return;
    };
    counts.expected += 1;
    match timeliness {
        Timeliness::OnTime => counts.on_time += 1,
        Timeliness::Late => counts.late += 1,
        Timeliness::Missing => counts.missing += 1,
    }
    match line.report_state {
        Some(ReportState::Approved) => counts.approved += 1,
        Some(ReportState::Submitted | ReportState::Accepted) => counts.in_check += 1,
        Some(ReportState::Returned) => counts.returned += 1,
        Some(ReportState::Draft) => counts.draft += 1,
        None => {}
    }
}

/// Revisions of one event's reports, grouped by month.
type ByMonth<'a> = BTreeMap<ReportingPeriod, Vec<&'a ReportDigest>>;

/// The revision whose data counts for a month: the newest one in the
/// approval chain.
fn counted<'a>(revisions: &[&'a ReportDigest]) -> Option<&'a ReportDigest> {
    revisions
        .iter()
        .filter(|r| in_chain(r.state))
        .max_by_key(|r| r.revision)
        .copied()
}

fn share(actual: Decimal, planned: Decimal) -> Option<Decimal> {
    (!planned.is_zero())
        .then(|| actual.checked_div(planned).map(|s| s.round_dp(4)))
        .flatten()
}

fn spending_lines(
    planned: &BTreeMap<FundingSource, Decimal>,
    actual: &BTreeMap<FundingSource, Decimal>,
) -> Vec<SpendingLine> {
    FundingSource::ALL
        .iter()
        .filter(|s| planned.contains_key(s) || actual.contains_key(s))
        .map(|&source| {
            let planned = planned.get(&source).copied().unwrap_or_default();
            let actual = actual.get(&source).copied().unwrap_or_default();
            SpendingLine {
                source,
                planned,
                actual,
                share: share(actual, planned),
            }
        })
        .collect()
}

/// Computes the consolidated report of `input.period`.
pub fn consolidate(input: SummaryInput<'_>) -> ConsolidatedReport {
    let period = input.period;
    let year_start = ReportingPeriod::new(period.year, 1).unwrap_or(period);
    let participants: BTreeMap<&ParticipantId, &Participant> =
        input.participants.iter().map(|p| (&p.id, p)).collect();
    let bounds_of = |id: &ParticipantId| {
        participants
            .get(id)
            .map(|p| p.settings.window)
            .unwrap_or_default()
    };
    let directions = input.direction.map(|d| subtree(d, input.strategy));

    // The events counted: in the plan, matching the filters, and running at
    // some time between 1 January and the end of the month.
    let events: Vec<&Event> = input
        .events
        .iter()
        .filter(|e| !e.plan.excluded)
        .filter(|e| input.participant.is_none_or(|p| &e.plan.responsible == p))
        .filter(|e| {
            directions
                .as_ref()
                .is_none_or(|d| d.contains(&e.plan.direction))
        })
        .filter(|e| {
            e.plan.period.start <= period.last_day() && e.plan.period.end >= year_start.first_day()
        })
        .collect();
    let counted_ids: HashSet<&str> = events.iter().map(|e| e.id.as_str()).collect();

    let mut reports: HashMap<&str, ByMonth<'_>> = HashMap::with_capacity(events.len());
    // Months before the trend's month matter only for the control-point
    // dates they carry; the rest is skipped before grouping.
    let trend_start = ReportingPeriod::new(period.year - 1, period.month).unwrap_or(period);
    for report in input.reports {
        let relevant = report.period >= trend_start || !report.control_points.is_empty();
        if relevant && report.period <= period && counted_ids.contains(report.event.as_str()) {
            reports
                .entry(report.event.as_str())
                .or_default()
                .entry(report.period)
                .or_default()
                .push(report);
        }
    }

    let mut total_events = StatusCounts::default();
    let mut total_reports = ReportCounts::default();
    let mut per_participant: BTreeMap<ParticipantId, ParticipantLine> = BTreeMap::new();
    let mut event_lines = Vec::with_capacity(events.len());
    let mut as_of = input.today;
    for event in &events {
        let bounds = bounds_of(&event.plan.responsible);
        let window = monthly_window(period, bounds);
        // The day after the window closes: the month's missing reports are
        // then overdue, and nothing later is taken into account.
        let after_window = window.closes.succ_opt().unwrap_or(window.closes);
        let event_as_of = input.today.min(after_window);
        as_of = as_of.min(event_as_of);
        let by_month = reports.get(event.id.as_str());
        let status = event_status(
            event,
            by_month
                .into_iter()
                .flat_map(|m| m.values().flatten().copied()),
            bounds,
            event_as_of,
        )
        .status;
        let owes = event.plan.period.start <= period.last_day()
            && event.plan.period.end >= period.first_day();
        let revisions = by_month.and_then(|m| m.get(&period));
        let newest = revisions.and_then(|r| r.iter().max_by_key(|r| r.revision));
        let timeliness = owes.then(|| {
            let submitted = revisions.is_some_and(|r| r.iter().any(|r| r.submitted));
            let late = revisions.is_some_and(|r| r.iter().any(|r| r.late));
            match (submitted, late) {
                (false, _) => Timeliness::Missing,
                (true, true) => Timeliness::Late,
                (true, false) => Timeliness::OnTime,
            }
        });
        let line = EventLine {
            event: event.id.clone(),
            title: event.plan.title.clone(),
            responsible: event.plan.responsible.clone(),
            direction: event.plan.direction.clone(),
            status,
            report_state: newest.map(|r| r.state),
            timeliness,
        };
        count_status(&mut total_events, status);
        count_report(&mut total_reports, &line);
        let entry = per_participant
            .entry(event.plan.responsible.clone())
            .or_insert_with(|| ParticipantLine {
                participant: event.plan.responsible.clone(),
                name: participants
                    .get(&event.plan.responsible)
                    .map(|p| p.name.clone())
                    .unwrap_or_default(),
                events: StatusCounts::default(),
                reports: ReportCounts::default(),
            });
        count_status(&mut entry.events, status);
        count_report(&mut entry.reports, &line);
        event_lines.push(line);
    }

    // Indicators: facts of the counted revisions, summed over their events.
    let fact_of = |event: &str, p: ReportingPeriod, indicator: &str| -> Option<(Decimal, bool)> {
        let report = counted(reports.get(event)?.get(&p)?)?;
        let value = report
            .indicator_facts
            .iter()
            .find(|(id, _)| id.as_str() == indicator)
            .map(|(_, v)| *v)?;
        let explained = report
            .explained
            .contains(&format!("indicator_facts.{indicator}"));
        Some((value, explained))
    };
    let by_id: HashMap<&str, &Event> = events.iter().map(|e| (e.id.as_str(), *e)).collect();
    let mut indicators = Vec::new();
    for indicator in input.indicators.iter().filter(|i| !i.fields.excluded) {
        let linked: Vec<&Event> = indicator
            .fields
            .events
            .iter()
            .filter_map(|id| by_id.get(id.as_str()).copied())
            .collect();
        if linked.is_empty() {
            continue;
        }
        let id = indicator.id.as_str();
        let value_at = |p: ReportingPeriod| -> (Option<Decimal>, bool) {
            let mut sum: Option<Decimal> = None;
            let mut explained = false;
            for event in &linked {
                if let Some((v, e)) = fact_of(event.id.as_str(), p, id) {
                    sum = Some(sum.unwrap_or_default() + v);
                    explained |= e;
                }
            }
            (sum, explained)
        };
        let mut series = Vec::new();
        let mut increments = Vec::new();
        let mut previous: Option<Decimal> = Some(Decimal::ZERO);
        let mut decreases: Option<bool> = None;
        for month in 1..=period.month {
            let Ok(p) = ReportingPeriod::new(period.year, month) else {
                continue;
            };
            let (value, explained) = value_at(p);
            series.push(MonthValue { month, value });
            let increment = if indicator.fields.cumulative {
                match (value, previous) {
                    (Some(v), Some(prev)) => Some(v - prev),
                    _ => None,
                }
            } else {
                value
            };
            if indicator.fields.cumulative
                && increment.is_some_and(|i| i.is_sign_negative() && !i.is_zero())
            {
                decreases = Some(decreases.unwrap_or(true) && explained);
            }
            increments.push(MonthValue {
                month,
                value: increment,
            });
            previous = value;
        }
        let fact = series.last().and_then(|m| m.value);
        let plan = indicator.fields.plan.get(&period.year).copied();
        let thresholds = linked
            .first()
            .and_then(|e| participants.get(&e.plan.responsible))
            .map_or_else(Thresholds::default, |p| p.settings.thresholds);
        let achievement = match (plan, fact) {
            (Some(plan), Some(fact)) => Some(achievement(
                indicator.fields.direction,
                plan,
                fact,
                thresholds,
            )),
            _ => None,
        };
        let previous_year = ReportingPeriod::new(period.year - 1, period.month)
            .ok()
            .and_then(|p| value_at(p).0);
        indicators.push(IndicatorLine {
            indicator: indicator.id.clone(),
            name: indicator.fields.name.clone(),
            unit: indicator.fields.unit.clone(),
            direction: indicator.fields.direction,
            cumulative: indicator.fields.cumulative,
            plan,
            fact,
            achievement,
            series,
            increments,
            previous_year,
            decreases_explained: decreases,
            serves: linked
                .iter()
                .map(|e| e.plan.direction.clone())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect(),
        });
    }

    // Spending: planned in the newest annual plan in the chain, actual YTD in
    // the month's counted report.
    type Sums = BTreeMap<FundingSource, Decimal>;
    let mut planned_total = Sums::new();
    let mut actual_total = Sums::new();
    let mut by_participant: BTreeMap<ParticipantId, (Sums, Sums)> = BTreeMap::new();
    let mut plans: HashMap<&str, &AnnualPlanDigest> = HashMap::new();
    for plan in input
        .annual_plans
        .iter()
        .filter(|p| p.year == period.year && in_chain(p.state))
    {
        let slot = plans.entry(plan.event.as_str()).or_insert(plan);
        if plan.revision > slot.revision {
            *slot = plan;
        }
    }
    for event in &events {
        let plan = plans.get(event.id.as_str());
        let actual = reports
            .get(event.id.as_str())
            .and_then(|m| m.get(&period))
            .and_then(|r| counted(r));
        let (planned_sums, actual_sums) = by_participant
            .entry(event.plan.responsible.clone())
            .or_default();
        if let Some(plan) = plan {
            for (source, amount) in &plan.planned {
                *planned_total.entry(*source).or_default() += *amount;
                *planned_sums.entry(*source).or_default() += *amount;
            }
        }
        if let Some(report) = actual {
            for (source, amount) in &report.expenditures {
                *actual_total.entry(*source).or_default() += *amount;
                *actual_sums.entry(*source).or_default() += *amount;
            }
        }
    }

    ConsolidatedReport {
        period,
        as_of,
        participant: input.participant.cloned(),
        direction: input.direction.cloned(),
        events: total_events,
        reports: total_reports,
        participants: per_participant.into_values().collect(),
        event_lines,
        indicators,
        spending: spending_lines(&planned_total, &actual_total),
        spending_by_participant: by_participant
            .into_iter()
            .map(|(p, (planned, actual))| (p, spending_lines(&planned, &actual)))
            .filter(|(_, lines)| !lines.is_empty())
            .collect(),
    }
}

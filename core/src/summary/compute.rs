//! Computing the consolidated report from plain data.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{
    ConsolidatedReport, EventLine, IndicatorLine, MonthValue, ParticipantLine, ReportCounts,
    SpendingLine, StatusCounts, Timeliness,
};
use crate::calendar::{ReportingPeriod, WindowBounds, monthly_window};
use crate::model::{
    AnnualPlanDigest, EventDigest, FundingSource, Indicator, IndicatorId, Participant,
    ParticipantId, ReachedPoint, ReportDigest, StrategyNode, StrategyNodeId, Thresholds,
};
use crate::report::ReportState;
use crate::status::{ClosedMonth, EventStatus, achievement, closed_months, overall_status};

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
    /// The events the reader may see (excluded ones are skipped here), as
    /// digests ([`EventDigest::of`] makes one from a whole event).
    pub events: &'a [EventDigest],
    /// Every revision of the monthly reports of those events (rows of other
    /// events are ignored), as digests:
    /// at least the previous December to the month, and the same month a
    /// year earlier for the trend (later months are ignored). Earlier
    /// months count only for their control-point dates, which `reached`
    /// may give instead. Only the month's own rows count for spending, so
    /// the others may come without it
    /// ([`crate::store::Store::report_digests_without_spending`]).
    pub reports: &'a [ReportDigest],
    /// Control points reached in the years before the month's year
    /// ([`crate::store::Store::reached_points`]); a date from `reports` of a
    /// later month replaces one of these.
    pub reached: &'a [ReachedPoint],
    /// Every revision of their annual plans (others are ignored).
    pub annual_plans: &'a [AnnualPlanDigest],
    /// The indicators (those linked to no counted event are skipped).
    pub indicators: &'a [Indicator],
    /// The participants, for names, windows and thresholds.
    pub participants: &'a [Participant],
    /// The strategy tree, for the direction filter.
    pub strategy: &'a [StrategyNode],
}

/// FNV-1a: the joins below hash some 130,000 short ids per report, and the
/// standard library's SipHash, built to resist flooding by untrusted keys,
/// took a tenth of the computation. These keys are the store's own ids.
#[derive(Debug, Clone, Copy)]
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// A map keyed by ids, hashed with [`Fnv`].
type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

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
    let participants: IdMap<&ParticipantId, &Participant> =
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
    let events: Vec<&EventDigest> = input
        .events
        .iter()
        .filter(|e| !e.excluded)
        .filter(|e| input.participant.is_none_or(|p| &e.responsible == p))
        .filter(|e| directions.as_ref().is_none_or(|d| d.contains(&e.direction)))
        .filter(|e| e.period.start <= period.last_day() && e.period.end >= year_start.first_day())
        .collect();
    // Every input row is joined to its event once, by the event's index.
    let index: IdMap<&str, usize> = events
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    // Months before the trend's month matter only for the control-point
    // dates they carry; the rest is skipped before grouping.
    let year_ago = ReportingPeriod::new(period.year - 1, period.month).ok();
    let trend_start = year_ago.unwrap_or(period);
    let joined: Vec<(usize, &ReportDigest)> = input
        .reports
        .iter()
        .filter(|r| (r.period >= trend_start || !r.control_points.is_empty()) && r.period <= period)
        .filter_map(|r| index.get(r.event.as_str()).map(|&i| (i, r)))
        .collect();
    // Each event's rows, in input order, as one slice of a single list:
    // event `i`'s are `grouped[starts[i]..starts[i + 1]]`.
    let mut starts = vec![0usize; events.len() + 1];
    for &(i, _) in &joined {
        starts[i + 1] += 1;
    }
    for i in 0..events.len() {
        starts[i + 1] += starts[i];
    }
    // Filled from any row, then every place overwritten by its own.
    let mut grouped: Vec<&ReportDigest> = match joined.first() {
        Some(&(_, any)) => vec![any; joined.len()],
        None => Vec::new(),
    };
    let mut next = starts.clone();
    for &(i, report) in &joined {
        grouped[next[i]] = report;
        next[i] += 1;
    }
    // Each event's revisions by month, then revision number.
    for i in 0..events.len() {
        grouped[starts[i]..starts[i + 1]].sort_unstable_by_key(|r| (r.period, r.revision));
    }
    let revisions_of = |i: usize| -> &[&ReportDigest] { &grouped[starts[i]..starts[i + 1]] };
    let mut reached: Vec<Vec<&ReachedPoint>> = vec![Vec::new(); events.len()];
    for point in input.reached.iter().filter(|p| p.period <= period) {
        if let Some(&i) = index.get(point.event.as_str()) {
            reached[i].push(point);
        }
    }
    // One month's revisions of an event, oldest first.
    let month_of = |i: usize, p: ReportingPeriod| -> &[&ReportDigest] {
        let mine = revisions_of(i);
        let from = mine.partition_point(|r| r.period < p);
        let to = mine.partition_point(|r| r.period <= p);
        &mine[from..to]
    };
    // The counted revision of each event for every month of the year up to
    // the report's (slots 1..=month) and for the month a year earlier (slot
    // 0): the newest revision in the chain of the month, found in one walk
    // of the event's revisions in order.
    let slots = period.month as usize + 1;
    let mut counted_rows: Vec<Option<&ReportDigest>> = vec![None; events.len() * slots];
    for (i, row) in counted_rows.chunks_exact_mut(slots).enumerate() {
        for &r in revisions_of(i).iter().filter(|r| in_chain(r.state)) {
            let slot = if Some(r.period) == year_ago {
                Some(0)
            } else if r.period.year == period.year && r.period.month <= period.month {
                Some(r.period.month as usize)
            } else {
                None
            };
            if let Some(slot) = slot {
                row[slot] = Some(r);
            }
        }
    }
    let counted_at = |i: usize| -> &[Option<&ReportDigest>] { &counted_rows[i * slots..][..slots] };

    let mut total_events = StatusCounts::default();
    let mut total_reports = ReportCounts::default();
    // Each event's line of its responsible executor, in first-seen order
    // (sorted by participant at the end).
    let mut slot_of: IdMap<&ParticipantId, usize> = IdMap::default();
    let mut per_participant: Vec<ParticipantLine> = Vec::new();
    let mut who: Vec<usize> = Vec::with_capacity(events.len());
    let mut event_lines = Vec::with_capacity(events.len());
    let mut as_of = input.today;
    let mut closed_by_bounds: Vec<(WindowBounds, Vec<ClosedMonth>)> = Vec::new();
    for (i, event) in events.iter().enumerate() {
        let bounds = bounds_of(&event.responsible);
        let window = monthly_window(period, bounds);
        // The day after the window closes: the month's missing reports are
        // then overdue, and nothing later is taken into account.
        let after_window = window.closes.succ_opt().unwrap_or(window.closes);
        let event_as_of = input.today.min(after_window);
        as_of = as_of.min(event_as_of);
        // The months whose window has closed are the same for every event
        // with these bounds (nearly always all of them).
        let closed = match closed_by_bounds.iter().position(|(b, _)| *b == bounds) {
            Some(at) => &closed_by_bounds[at].1,
            None => {
                closed_by_bounds.push((bounds, closed_months(bounds, event_as_of)));
                &closed_by_bounds[closed_by_bounds.len() - 1].1
            }
        };
        let status = overall_status(
            *event,
            reached[i].iter().copied(),
            revisions_of(i),
            closed,
            event_as_of,
        );
        let owes =
            event.period.start <= period.last_day() && event.period.end >= period.first_day();
        let month = month_of(i, period);
        let timeliness = owes.then(|| {
            let submitted = month.iter().any(|r| r.submitted);
            let late = month.iter().any(|r| r.late);
            match (submitted, late) {
                (false, _) => Timeliness::Missing,
                (true, true) => Timeliness::Late,
                (true, false) => Timeliness::OnTime,
            }
        });
        let line = EventLine {
            event: event.id.clone(),
            title: event.title.clone(),
            responsible: event.responsible.clone(),
            direction: event.direction.clone(),
            status,
            report_state: month.last().map(|r| r.state),
            timeliness,
        };
        count_status(&mut total_events, status);
        count_report(&mut total_reports, &line);
        let slot = *slot_of.entry(&event.responsible).or_insert_with(|| {
            per_participant.push(ParticipantLine {
                participant: event.responsible.clone(),
                name: participants
                    .get(&event.responsible)
                    .map(|p| p.name.clone())
                    .unwrap_or_default(),
                events: StatusCounts::default(),
                reports: ReportCounts::default(),
            });
            per_participant.len() - 1
        });
        who.push(slot);
        let entry = &mut per_participant[slot];
        count_status(&mut entry.events, status);
        count_report(&mut entry.reports, &line);
        event_lines.push(line);
    }

    // Indicators: facts of the counted revisions, summed over their events.
    let fact_of = |i: usize, slot: usize, indicator: &IndicatorId| -> Option<(Decimal, bool)> {
        let report = counted_at(i).get(slot).copied().flatten()?;
        let value = report.indicator_facts.get(indicator).copied()?;
        let explained = report
            .explained
            .iter()
            .any(|field| field.strip_prefix("indicator_facts.") == Some(indicator.as_str()));
        Some((value, explained))
    };
    let mut indicators = Vec::new();
    for indicator in input.indicators.iter().filter(|i| !i.fields.excluded) {
        let linked: Vec<usize> = indicator
            .fields
            .events
            .iter()
            .filter_map(|id| index.get(id.as_str()).copied())
            .collect();
        if linked.is_empty() {
            continue;
        }
        let id = &indicator.id;
        let value_at = |slot: usize| -> (Option<Decimal>, bool) {
            let mut sum: Option<Decimal> = None;
            let mut explained = false;
            for &i in &linked {
                if let Some((v, e)) = fact_of(i, slot, id) {
                    sum = Some(sum.unwrap_or_default() + v);
                    explained |= e;
                }
            }
            (sum, explained)
        };
        let mut series = Vec::with_capacity(period.month as usize);
        let mut increments = Vec::with_capacity(period.month as usize);
        let mut previous: Option<Decimal> = Some(Decimal::ZERO);
        let mut decreases: Option<bool> = None;
        for month in 1..=period.month {
            let (value, explained) = value_at(month as usize);
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
            .and_then(|&i| participants.get(&events[i].responsible))
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
        let previous_year = year_ago.and_then(|_| value_at(0).0);
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
                .map(|&i| &events[i].direction)
                .collect::<BTreeSet<_>>()
                .into_iter()
                .cloned()
                .collect(),
        });
    }

    // Spending: planned in the newest annual plan in the chain, actual YTD in
    // the month's counted report.
    type Sums = BTreeMap<FundingSource, Decimal>;
    let mut planned_total = Sums::new();
    let mut actual_total = Sums::new();
    let mut by_participant: Vec<(Sums, Sums)> = vec![Default::default(); per_participant.len()];
    let mut plans: IdMap<&str, &AnnualPlanDigest> = IdMap::default();
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
    for (i, event) in events.iter().enumerate() {
        let plan = plans.get(event.id.as_str());
        let actual = counted_at(i).last().copied().flatten();
        let (planned_sums, actual_sums) = &mut by_participant[who[i]];
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

    let spending_by_participant = per_participant
        .iter()
        .zip(&by_participant)
        .map(|(line, (planned, actual))| {
            (line.participant.clone(), spending_lines(planned, actual))
        })
        .filter(|(_, lines)| !lines.is_empty())
        .collect();
    let mut participants = per_participant;
    participants.sort_by(|a, b| a.participant.cmp(&b.participant));
    ConsolidatedReport {
        period,
        as_of,
        participant: input.participant.cloned(),
        direction: input.direction.cloned(),
        events: total_events,
        reports: total_reports,
        participants,
        event_lines,
        indicators,
        spending: spending_lines(&planned_total, &actual_total),
        spending_by_participant,
    }
}

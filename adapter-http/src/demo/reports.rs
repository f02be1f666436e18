//! The report history of the demo region: every month from January 2023 (at
//! most four years back) up to today, replayed on the simulation clock.
//!
//! Each month of each reporting event has a fate, decided by a small hash of
//! the event and the month so that every run is the same: most reports are
//! submitted inside their window and approved, some come late, some are
//! returned with a comment and corrected, a few are never sent. The latest
//! month whose window has opened is caught mid-way: approved, accepted,
//! submitted, returned, draft or missing; the month after it has drafts.

use std::collections::BTreeMap;
use stratmon_exchange::export::words::MONTHS_NAMED;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use rust_decimal::Decimal;
use stratmon_core::calendar::{ReportingPeriod, WindowBounds, monthly_window};
use stratmon_core::model::{
    ControlPoint, ControlPointId, Direction, EventId, IndicatorFields, IndicatorId, ReportContent,
};
use stratmon_core::{Actor, Error, Result};

use super::Sim;
use super::region::EventSpec;

/// The people of one participant, as far as it has them.
#[derive(Debug, Clone, Default)]
pub(super) struct Staff {
    /// Fills cards and reports.
    pub planner: Option<Actor>,
    /// Checks reports.
    pub analyst: Option<Actor>,
    /// Approves reports.
    pub head: Option<Actor>,
}

impl Staff {
    /// Whether the whole chain is staffed, so reports can go all the way.
    pub fn reports(&self) -> bool {
        self.planner.is_some() && self.analyst.is_some() && self.head.is_some()
    }
}

/// The event whose latest month is left open, with no report and no draft,
/// for the walk-through in the README: 2.1.1 of Минстрой, which
/// `demo.planner` fills.
const LEFT_OPEN: usize = 0;

/// An event whose participant reports, with what its reports need.
pub(super) struct Tracked {
    index: usize,
    id: EventId,
    years: (i32, i32),
    /// Control points and the day each is actually reached.
    points: Vec<(ControlPointId, String, NaiveDate)>,
    indicator: Option<(IndicatorId, IndicatorFields)>,
    planner: Actor,
    analyst: Actor,
    head: Actor,
}

impl Tracked {
    /// The `index`-th event of the plan, reported by `staff`.
    pub fn new(
        index: usize,
        event: &EventSpec,
        points: &[ControlPoint],
        indicator: Option<&(String, IndicatorFields)>,
        staff: Staff,
    ) -> Result<Self> {
        let missing = || Error::not_found("demo user", event.responsible);
        // Some events reach their control points on the day, others a few
        // days or weeks late.
        const DELAYS: [i64; 5] = [0, 0, 4, 12, 35];
        let points = points
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let delay = DELAYS[(mix(index as u64, i as u64) % 5) as usize];
                (
                    p.id.clone(),
                    p.title.clone(),
                    p.planned + Duration::days(delay),
                )
            })
            .collect();
        Ok(Self {
            index,
            id: event.id.parse()?,
            years: event.years,
            points,
            indicator: indicator
                .map(|(id, fields)| Ok::<_, Error>((id.parse()?, fields.clone())))
                .transpose()?,
            planner: staff.planner.ok_or_else(missing)?,
            analyst: staff.analyst.ok_or_else(missing)?,
            head: staff.head.ok_or_else(missing)?,
        })
    }

    fn runs_in(&self, period: ReportingPeriod) -> bool {
        (self.years.0..=self.years.1).contains(&period.year)
    }
}

/// A small deterministic hash (splitmix64 over two numbers).
fn mix(a: u64, b: u64) -> u64 {
    let mut z = a
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(b)
        .wrapping_add(0x632B_E59B_D9B3_E50F);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Whole numbers from 100 up, one decimal place below.
pub(super) fn rounded(value: Decimal) -> Decimal {
    if value.abs() >= Decimal::from(100) {
        value.round_dp(0)
    } else {
        value.round_dp(1)
    }
}

/// How one month of one event ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    /// Never sent.
    Missing,
    /// Saved, not submitted.
    Draft,
    /// Submitted, not yet checked.
    Submitted,
    /// Submitted and accepted, waiting for the Head.
    Accepted,
    /// Returned with a comment, not yet corrected.
    Returned,
    /// Submitted in the window and approved.
    OnTime,
    /// Returned, corrected in the window and approved.
    Corrected,
    /// Submitted after the window closed, then approved.
    Late,
}

impl Fate {
    /// The fate of `event` in `period`; `age` is 0 for the latest month whose
    /// window has opened, 1 for the one before, and so on.
    fn of(event: &Tracked, period: ReportingPeriod, age: u32) -> Fate {
        if age == 0 && event.index == LEFT_OPEN {
            return Fate::Missing;
        }
        if age == 0 {
            // The month being reported now: every state side by side.
            const NOW: [Fate; 10] = [
                Fate::OnTime,
                Fate::Accepted,
                Fate::Submitted,
                Fate::OnTime,
                Fate::Returned,
                Fate::Draft,
                Fate::Submitted,
                Fate::Missing,
                Fate::Corrected,
                Fate::Accepted,
            ];
            return NOW[(event.index + period.month as usize) % NOW.len()];
        }
        let roll = mix(
            event.index as u64,
            (period.year * 12) as u64 + u64::from(period.month),
        ) % 100;
        match (age, roll) {
            (_, 0..3) => Fate::Missing,
            (_, 3..11) => Fate::Late,
            (_, 11..19) => Fate::Corrected,
            (1, 19..24) => Fate::Returned,
            (1, 24..27) => Fate::Accepted,
            _ => Fate::OnTime,
        }
    }
}

/// What a step does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    Save,
    /// Save and submit; `true` for the first, sketchy attempt of a report
    /// that will be returned.
    Submit(bool),
    Accept,
    Approve,
    Return,
}

/// One step of the history: when, on which event (by position), what.
type Step = (DateTime<Utc>, usize, Act);

/// Return comments, as analysts write them.
const COMMENTS: [&str; 5] = [
    "Не отражено исполнение контрольной точки, уточните ход реализации",
    "Значение показателя не подтверждено документами, приложите акт выполненных работ",
    "Ход реализации описан формально, укажите конкретные результаты за месяц",
    "Факт расходится с данными муниципалитета, уточните значение показателя",
    "Не указаны причины отклонения от графика и меры по их устранению",
];

/// What was done in the month.
const PROGRESS: [&str; 6] = [
    "работы ведутся в соответствии с графиком",
    "выполнены работы текущего этапа, подписаны акты приёмки",
    "проведены конкурсные процедуры, заключены договоры с подрядчиками",
    "продолжаются основные работы, отставания от графика нет",
    "осуществляется приёмка выполненных работ, оплата по факту выполнения",
    "мероприятие реализуется, риски неисполнения не выявлены",
];

/// Replays the reports of `events` month by month up to the simulation's
/// end and returns how many reports were written.
pub(super) async fn history(sim: &Sim, events: &[Tracked]) -> Result<usize> {
    let region = sim.service.region();
    let today = region.local_date(sim.end);
    let bounds = WindowBounds::default();
    // The latest month whose window has opened.
    let mut latest = ReportingPeriod::new(today.year(), today.month())?.previous();
    if monthly_window(latest, bounds).opens > today {
        latest = latest.previous();
    }
    let mut period = ReportingPeriod::new(2023, 1)?;
    let months = |p: ReportingPeriod| p.year * 12 + p.month as i32;
    while months(latest) - months(period) >= 48 {
        period = period.next();
    }
    let mut written = 0;
    while period <= latest {
        let age = (months(latest) - months(period)) as u32;
        written += replay_month(sim, events, period, age).await?;
        period = period.next();
    }
    // The month after: a third of the Planners have started their drafts.
    let next = latest.next();
    sim.set(sim.end);
    for event in events
        .iter()
        .filter(|e| e.index % 3 == 0 && e.runs_in(next))
    {
        let content = content(sim, event, next, false);
        sim.service
            .save_report(&event.planner, &event.id, next, 0, content)
            .await?;
        written += 1;
    }
    Ok(written)
}

/// Plays one month: schedules every step of every event, then runs them in
/// time order. Returns how many reports were written.
async fn replay_month(
    sim: &Sim,
    events: &[Tracked],
    period: ReportingPeriod,
    age: u32,
) -> Result<usize> {
    let window = monthly_window(period, WindowBounds::default());
    let mut steps: Vec<Step> = Vec::new();
    let mut written = 0;
    for (e, event) in events.iter().enumerate() {
        if !event.runs_in(period) {
            continue;
        }
        let h = mix(event.index as u64 + 1000, u64::from(period.month));
        let day = |offset: i64, hour: i64| {
            sim.at(window.opens + Duration::days(offset), hour + (h % 4) as i64)
        };
        let late = |offset: i64, hour: i64| {
            sim.at(
                window.closes + Duration::days(offset + (h % 8) as i64),
                hour,
            )
        };
        let fate = Fate::of(event, period, age);
        let plan: &[(DateTime<Utc>, Act)] = &match fate {
            Fate::Missing => vec![],
            Fate::Draft => vec![(day(0, 9), Act::Save)],
            Fate::Submitted => vec![(day(2, 10), Act::Submit(false))],
            Fate::Accepted => vec![(day(1, 10), Act::Submit(false)), (day(2, 11), Act::Accept)],
            Fate::Returned => vec![(day(0, 10), Act::Submit(true)), (day(2, 12), Act::Return)],
            Fate::OnTime => vec![
                (day((h % 3) as i64, 9), Act::Submit(false)),
                (day(3, 10), Act::Accept),
                (day(4, 14), Act::Approve),
            ],
            Fate::Corrected => vec![
                (day(0, 9), Act::Submit(true)),
                (day(1, 11), Act::Return),
                (day(2, 15), Act::Submit(false)),
                (day(3, 10), Act::Accept),
                (day(5, 11), Act::Approve),
            ],
            Fate::Late => vec![
                (late(3, 10), Act::Submit(false)),
                (late(4, 11), Act::Accept),
                (late(5, 15), Act::Approve),
            ],
        };
        if !plan.is_empty() {
            written += 1;
        }
        steps.extend(plan.iter().map(|(at, act)| (*at, e, *act)));
    }
    steps.sort_by_key(|(at, e, _)| (*at, *e));

    let mut versions: BTreeMap<usize, u64> = BTreeMap::new();
    for (at, e, act) in steps {
        let Some(event) = events.get(e) else { continue };
        sim.set(at);
        let version = versions.get(&e).copied().unwrap_or(0);
        let s = &sim.service;
        let (id, p) = (&event.id, period);
        let report = match act {
            Act::Save => {
                s.save_report(
                    &event.planner,
                    id,
                    p,
                    version,
                    content(sim, event, p, false),
                )
                .await?
                .saved
            }
            Act::Submit(sketchy) => {
                s.save_and_submit_report(
                    &event.planner,
                    id,
                    p,
                    version,
                    content(sim, event, p, sketchy),
                )
                .await?
            }
            Act::Accept => s.accept_report(&event.analyst, id, p, version).await?,
            Act::Approve => s.approve_report(&event.head, id, p, version).await?,
            Act::Return => {
                let comment = COMMENTS[(mix(event.index as u64, u64::from(p.month)) % 5) as usize];
                s.return_report(&event.analyst, id, p, version, comment)
                    .await?
            }
        };
        versions.insert(e, report.version);
    }
    Ok(written)
}

/// The report of `event` for `period` as its Planner writes it now:
/// progress, control points reached by the end of the month (and by today),
/// the indicator fact year-to-date. A `sketchy` one (returned later) says
/// little.
fn content(sim: &Sim, event: &Tracked, period: ReportingPeriod, sketchy: bool) -> ReportContent {
    let today = sim.service.today();
    let until = period.last_day().min(today);
    let mut content = ReportContent::default();
    let mut reached = Vec::new();
    for (id, title, actual) in &event.points {
        if *actual <= until {
            content.control_points.insert(id.clone(), *actual);
            if actual.year() == period.year && actual.month() == period.month {
                reached.push(title.as_str());
            }
        }
    }
    let month = MONTHS_NAMED[(period.month as usize + 11) % 12];
    content.progress = if sketchy {
        "Работы ведутся.".into()
    } else {
        let phrase = PROGRESS[(mix(event.index as u64, u64::from(period.month)) % 6) as usize];
        let mut text = format!("За {month} {} г.: {phrase}.", period.year);
        for title in reached {
            text.push_str(&format!(" Достигнута контрольная точка «{title}»."));
        }
        text
    };
    if let Some((id, fields)) = &event.indicator {
        content
            .indicator_facts
            .insert(id.clone(), fact(fields, event.index, period));
    }
    content
}

/// The fact of an indicator for `period`: year-to-date for cumulative ones
/// (a steady share of the year's plan, so it never falls within a year), the
/// level reached for the others; each event runs a little ahead of or behind
/// its plan.
fn fact(fields: &IndicatorFields, index: usize, period: ReportingPeriod) -> Decimal {
    let plan = fields.plan.get(&period.year).copied().unwrap_or_default();
    let pace = Decimal::from(86 + mix(index as u64, period.year as u64) % 22) / Decimal::from(100);
    let value = if fields.cumulative {
        plan * pace * Decimal::from(period.month) / Decimal::from(12)
    } else {
        let wobble =
            Decimal::from(mix(index as u64, u64::from(period.month)) % 5) / Decimal::from(200);
        let pace = pace + wobble;
        match fields.direction {
            Direction::Increase => plan * pace,
            Direction::Decrease => plan * (Decimal::TWO - pace),
        }
    };
    let value = if fields.unit == "%" {
        value.min(Decimal::ONE_HUNDRED)
    } else {
        value
    };
    rounded(value)
}

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! The consolidated report of a small region built by hand: every figure is
//! checked against values computed on paper.
//!
//! March 2026, seen on 10 May 2026 (the March window, 25–30 April, has
//! closed, so statuses are taken as of 1 May):
//!
//! | event | who      | Jan      | Feb               | Mar                 | status      |
//! |-------|----------|----------|-------------------|---------------------|-------------|
//! | E1    | minstroy | approved | approved          | approved            | in progress |
//! | E2    | minstroy | approved | submitted, late   | returned            | done late   |
//! | E3    | novokuz  | approved | —                 | draft               | overdue     |
//! | E6    | novokuz  | approved | approved          | accepted, late      | done late   |
//! | E4    | novokuz  | starts in June: not counted                        |             |
//! | E5    | minstroy | excluded from the plan: not counted                |             |

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, TimeZone, Utc};
use rust_decimal::Decimal;
use stratmon_core::calendar::ReportingPeriod;
use stratmon_core::model::{
    AnnualPlan, AnnualPlanContent, AnnualPlanDigest, ControlPoint, Direction, Event, EventCard,
    EventDigest, EventPeriod, FundingSource, Indicator, IndicatorFields, MonthlyReport,
    Participant, ParticipantKind, ParticipantSettings, ParticipantStatus, PlanFields, ReachedPoint,
    ReportContent, ReportDigest, StrategyNode, StrategyNodeKind, Work,
};
use stratmon_core::report::{ReportState, Workflow};
use stratmon_core::status::{EventStatus, TrafficLight};
use stratmon_core::summary::{
    ConsolidatedReport, ReportCounts, StatusCounts, SummaryInput, Timeliness, consolidate,
};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn participant(id: &str, name: &str) -> Participant {
    Participant {
        id: id.parse().unwrap(),
        name: name.into(),
        kind: ParticipantKind::ExecutiveBody,
        status: ParticipantStatus::Active,
        settings: ParticipantSettings::default(),
        version: 1,
    }
}

fn node(id: &str, parent: Option<&str>) -> StrategyNode {
    StrategyNode {
        id: id.parse().unwrap(),
        kind: StrategyNodeKind::Direction,
        title: format!("Направление {id}"),
        parent: parent.map(|p| p.parse().unwrap()),
        version: 1,
    }
}

fn event(id: &str, who: &str, direction: &str, start: NaiveDate, end: NaiveDate) -> Event {
    Event {
        id: id.parse().unwrap(),
        plan: PlanFields {
            title: format!("Мероприятие {id}"),
            direction: direction.parse().unwrap(),
            responsible: who.parse().unwrap(),
            co_executors: BTreeSet::new(),
            period: EventPeriod { start, end },
            expected_result: "Результат".into(),
            amending_act: "распоряжение № 1-р".into(),
            excluded: false,
        },
        card: EventCard::default(),
        version: 1,
    }
}

struct Report {
    event: &'static str,
    year: i32,
    month: u32,
    revision: u32,
    state: ReportState,
    submitted: bool,
    late: bool,
    facts: &'static [(&'static str, &'static str)],
    spent: &'static [(FundingSource, &'static str)],
    explained: &'static [&'static str],
    reached: &'static [(&'static str, (i32, u32, u32))],
}

const NOTHING: Report = Report {
    event: "",
    year: 2026,
    month: 1,
    revision: 1,
    state: ReportState::Approved,
    submitted: true,
    late: false,
    facts: &[],
    spent: &[],
    explained: &[],
    reached: &[],
};

impl Report {
    fn build(&self) -> MonthlyReport {
        let mut workflow = Workflow::draft(self.revision);
        workflow.state = self.state;
        workflow.late = self.late;
        if self.submitted {
            workflow.submitted_by = Some("planner".parse().unwrap());
            workflow.submitted_at = Some(Utc.with_ymd_and_hms(2026, 4, 27, 5, 0, 0).unwrap());
        }
        MonthlyReport {
            event: self.event.parse().unwrap(),
            period: ReportingPeriod::new(self.year, self.month).unwrap(),
            workflow,
            returned_content: None,
            content: ReportContent {
                progress: "Ход реализации".into(),
                control_points: self
                    .reached
                    .iter()
                    .map(|(cp, (y, m, d))| (cp.parse().unwrap(), date(*y, *m, *d)))
                    .collect(),
                indicator_facts: self
                    .facts
                    .iter()
                    .map(|(id, v)| (id.parse().unwrap(), dec(v)))
                    .collect(),
                expenditures: self.spent.iter().map(|(s, v)| (*s, dec(v))).collect(),
                explanations: self
                    .explained
                    .iter()
                    .map(|field| ((*field).to_owned(), "Пересчёт по уточнённым данным".into()))
                    .collect(),
            },
            version: 1,
        }
    }
}

fn annual(
    event: &str,
    revision: u32,
    state: ReportState,
    planned: &[(FundingSource, &str)],
) -> AnnualPlan {
    let mut workflow = Workflow::draft(revision);
    workflow.state = state;
    AnnualPlan {
        event: event.parse().unwrap(),
        year: 2026,
        workflow,
        content: AnnualPlanContent {
            works: vec![Work {
                title: "Работы года".into(),
                control_date: date(2026, 12, 1),
                planned: planned.iter().map(|(s, v)| (*s, dec(v))).collect(),
            }],
            explanations: BTreeMap::new(),
        },
        version: 1,
    }
}

fn indicator(
    id: &str,
    direction: Direction,
    cumulative: bool,
    plan: &str,
    events: &[&str],
) -> Indicator {
    Indicator {
        id: id.parse().unwrap(),
        fields: IndicatorFields {
            name: format!("Показатель {id}"),
            unit: "единица".into(),
            direction,
            cumulative,
            plan: BTreeMap::from([(2026, dec(plan))]),
            events: events.iter().map(|e| e.parse().unwrap()).collect(),
            excluded: false,
        },
        version: 1,
    }
}

struct Region {
    participants: Vec<Participant>,
    strategy: Vec<StrategyNode>,
    events: Vec<Event>,
    reports: Vec<ReportDigest>,
    annual_plans: Vec<AnnualPlan>,
    indicators: Vec<Indicator>,
}

fn region() -> Region {
    use FundingSource::{Federal, Municipal, Regional};
    use ReportState::{Accepted, Approved, Draft, Returned, Submitted};
    let year = (date(2026, 1, 1), date(2026, 12, 31));
    let mut e1 = event("E1", "minstroy", "D1.1", date(2025, 1, 1), year.1);
    e1.card.control_points.push(ControlPoint {
        id: "KT0".parse().unwrap(),
        title: "Площадка подготовлена".into(),
        planned: date(2025, 3, 20),
    });
    e1.card.control_points.push(ControlPoint {
        id: "KT1".parse().unwrap(),
        title: "Проект утверждён".into(),
        planned: date(2026, 2, 15),
    });
    let mut e5 = event("E5", "minstroy", "D1.1", year.0, year.1);
    e5.plan.excluded = true;
    let reports = [
        // KT0 was reached in an earlier year: it still counts as done.
        Report {
            event: "E1",
            year: 2025,
            month: 3,
            facts: &[("I1", "30")],
            reached: &[("KT0", (2025, 3, 18))],
            ..NOTHING
        },
        Report {
            event: "E1",
            year: 2025,
            month: 12,
            ..NOTHING
        },
        Report {
            event: "E1",
            month: 1,
            facts: &[("I1", "10")],
            ..NOTHING
        },
        Report {
            event: "E1",
            month: 2,
            facts: &[("I1", "25")],
            reached: &[("KT1", (2026, 2, 10))],
            ..NOTHING
        },
        Report {
            event: "E1",
            month: 3,
            facts: &[("I1", "40")],
            spent: &[(Regional, "300"), (Federal, "100")],
            ..NOTHING
        },
        Report {
            event: "E2",
            month: 1,
            facts: &[("I2", "50")],
            ..NOTHING
        },
        Report {
            event: "E2",
            month: 2,
            state: Submitted,
            late: true,
            facts: &[("I2", "45")],
            explained: &["indicator_facts.I2"],
            ..NOTHING
        },
        Report {
            event: "E2",
            month: 3,
            state: Returned,
            facts: &[("I2", "60")],
            spent: &[(Regional, "150")],
            ..NOTHING
        },
        Report {
            event: "E3",
            month: 1,
            ..NOTHING
        },
        Report {
            event: "E3",
            month: 3,
            state: Draft,
            submitted: false,
            ..NOTHING
        },
        Report {
            event: "E6",
            month: 1,
            facts: &[("I3", "3")],
            ..NOTHING
        },
        Report {
            event: "E6",
            month: 2,
            facts: &[("I3", "2")],
            ..NOTHING
        },
        Report {
            event: "E6",
            month: 3,
            state: Accepted,
            late: true,
            facts: &[("I3", "10")],
            spent: &[(Municipal, "50")],
            ..NOTHING
        },
        // A later month never counts for March.
        Report {
            event: "E1",
            month: 4,
            facts: &[("I1", "99")],
            ..NOTHING
        },
    ];
    Region {
        participants: vec![
            participant("minstroy", "Министерство строительства"),
            participant("novokuz", "Новокузнецкий городской округ"),
        ],
        strategy: vec![node("D1", None), node("D1.1", Some("D1")), node("D2", None)],
        events: vec![
            e1,
            event("E2", "minstroy", "D1.1", year.0, year.1),
            event("E3", "novokuz", "D2", year.0, year.1),
            event("E4", "novokuz", "D2", date(2026, 6, 1), year.1),
            e5,
            event("E6", "novokuz", "D2", year.0, year.1),
        ],
        reports: reports
            .iter()
            .map(|r| ReportDigest::of(&r.build()))
            .collect(),
        annual_plans: vec![
            annual("E1", 1, Approved, &[(Regional, "1000"), (Federal, "500")]),
            annual("E2", 1, Approved, &[(Regional, "200")]),
            // Reopened: the new draft does not count until it is submitted.
            annual("E2", 2, Draft, &[(Regional, "999")]),
            annual("E6", 1, Submitted, &[(Municipal, "400")]),
        ],
        indicators: vec![
            indicator("I1", Direction::Increase, true, "120", &["E1"]),
            indicator("I2", Direction::Increase, true, "100", &["E2"]),
            indicator("I3", Direction::Decrease, false, "8", &["E6"]),
            indicator("I4", Direction::Increase, true, "5", &["E4"]),
        ],
    }
}

fn march(
    region: &Region,
    participant: Option<&str>,
    direction: Option<&str>,
) -> ConsolidatedReport {
    let participant = participant.map(|p| p.parse().unwrap());
    let direction = direction.map(|d| d.parse().unwrap());
    consolidate(SummaryInput {
        period: ReportingPeriod::new(2026, 3).unwrap(),
        today: date(2026, 5, 10),
        participant: participant.as_ref(),
        direction: direction.as_ref(),
        events: &region
            .events
            .iter()
            .map(EventDigest::of)
            .collect::<Vec<_>>(),
        reports: &region.reports,
        reached: &[],
        annual_plans: &region
            .annual_plans
            .iter()
            .map(AnnualPlanDigest::of)
            .collect::<Vec<_>>(),
        indicators: &region.indicators,
        participants: &region.participants,
        strategy: &region.strategy,
    })
}

/// March 2026 over `reports`, with `reached` for the earlier years.
fn march_from(
    region: &Region,
    reports: &[ReportDigest],
    reached: &[ReachedPoint],
) -> ConsolidatedReport {
    consolidate(SummaryInput {
        period: ReportingPeriod::new(2026, 3).unwrap(),
        today: date(2026, 5, 10),
        participant: None,
        direction: None,
        events: &region
            .events
            .iter()
            .map(EventDigest::of)
            .collect::<Vec<_>>(),
        reports,
        reached,
        annual_plans: &region
            .annual_plans
            .iter()
            .map(AnnualPlanDigest::of)
            .collect::<Vec<_>>(),
        indicators: &region.indicators,
        participants: &region.participants,
        strategy: &region.strategy,
    })
}

/// The service's way: whole digests of the months the report shows (the
/// previous December to March, and March a year earlier) and, of earlier
/// years, only the control points reached — the same report.
#[test]
fn earlier_years_as_reached_points_give_the_same_report_as_their_digests() {
    let region = region();
    let december = ReportingPeriod::new(2025, 12).unwrap();
    let year_ago = ReportingPeriod::new(2025, 3).unwrap();
    let reached = ReachedPoint::latest_of(&region.reports, 2026);
    assert_eq!(reached.len(), 1, "{reached:?}");
    let shown: Vec<ReportDigest> = region
        .reports
        .iter()
        .filter(|r| r.period >= december || r.period == year_ago)
        .cloned()
        .collect();
    assert_eq!(
        march_from(&region, &shown, &reached),
        march(&region, None, None)
    );

    // Without the trend's month, KT0 (reached in March 2025) comes from the
    // reached points alone: E1 stays in progress, and is overdue without.
    let this_year: Vec<ReportDigest> = shown.into_iter().filter(|r| r.period >= december).collect();
    let status_of_e1 = |report: ConsolidatedReport| {
        report
            .event_lines
            .iter()
            .find(|l| l.event.as_str() == "E1")
            .map(|l| l.status)
    };
    assert_eq!(
        status_of_e1(march_from(&region, &this_year, &reached)),
        Some(EventStatus::InProgress)
    );
    assert_eq!(
        status_of_e1(march_from(&region, &this_year, &[])),
        Some(EventStatus::Overdue)
    );
}

#[test]
fn events_are_counted_by_status_in_total_and_per_participant() {
    let summary = march(&region(), None, None);
    assert_eq!(summary.as_of, date(2026, 5, 1));
    let statuses: Vec<(&str, EventStatus)> = summary
        .event_lines
        .iter()
        .map(|l| (l.event.as_str(), l.status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("E1", EventStatus::InProgress),
            ("E2", EventStatus::DoneLate),
            ("E3", EventStatus::Overdue),
            ("E6", EventStatus::DoneLate),
        ]
    );
    assert_eq!(
        summary.events,
        StatusCounts {
            done: 0,
            done_late: 2,
            overdue: 1,
            in_progress: 1,
            total: 4
        }
    );
    let minstroy = &summary.participants[0];
    assert_eq!(minstroy.participant.as_str(), "minstroy");
    assert_eq!(minstroy.name, "Министерство строительства");
    assert_eq!(
        minstroy.events,
        StatusCounts {
            done: 0,
            done_late: 1,
            overdue: 0,
            in_progress: 1,
            total: 2
        }
    );
    assert_eq!(
        summary.participants[1].events,
        StatusCounts {
            done: 0,
            done_late: 1,
            overdue: 1,
            in_progress: 0,
            total: 2
        }
    );
}

#[test]
fn reports_are_counted_by_state_and_timeliness_and_the_missing_one_is_named() {
    let summary = march(&region(), None, None);
    assert_eq!(
        summary.reports,
        ReportCounts {
            expected: 4,
            approved: 1,
            in_check: 1,
            returned: 1,
            draft: 1,
            on_time: 2,
            late: 1,
            missing: 1,
        }
    );
    let missing: Vec<&str> = summary
        .event_lines
        .iter()
        .filter(|l| l.timeliness == Some(Timeliness::Missing))
        .map(|l| l.event.as_str())
        .collect();
    assert_eq!(missing, ["E3"]);
    assert_eq!(
        summary.participants[0].reports,
        ReportCounts {
            expected: 2,
            approved: 1,
            returned: 1,
            on_time: 2,
            ..ReportCounts::default()
        }
    );
    assert_eq!(
        summary.participants[1].reports,
        ReportCounts {
            expected: 2,
            in_check: 1,
            draft: 1,
            late: 1,
            missing: 1,
            ..ReportCounts::default()
        }
    );
}

#[test]
fn indicators_show_ytd_fact_plan_achievement_increments_and_trend() {
    let summary = march(&region(), None, None);
    let ids: Vec<&str> = summary
        .indicators
        .iter()
        .map(|i| i.indicator.as_str())
        .collect();
    assert_eq!(ids, ["I1", "I2", "I3"], "I4's only event has not started");
    let values = |v: &[stratmon_core::summary::MonthValue]| -> Vec<Option<Decimal>> {
        v.iter().map(|m| m.value).collect()
    };

    let i1 = &summary.indicators[0];
    assert_eq!((i1.plan, i1.fact), (Some(dec("120")), Some(dec("40"))));
    let a1 = i1.achievement.unwrap();
    assert_eq!(
        (a1.ratio, a1.light),
        (Some(dec("0.3333")), TrafficLight::Red)
    );
    assert_eq!(
        values(&i1.series),
        [Some(dec("10")), Some(dec("25")), Some(dec("40"))]
    );
    assert_eq!(
        values(&i1.increments),
        [Some(dec("10")), Some(dec("15")), Some(dec("15"))]
    );
    assert_eq!(i1.previous_year, Some(dec("30")));
    assert_eq!(i1.decreases_explained, None);

    // The March report was returned, so March has no counted fact; February
    // fell from 50 to 45 and says why.
    let i2 = &summary.indicators[1];
    assert_eq!((i2.fact, i2.achievement), (None, None));
    assert_eq!(values(&i2.series), [Some(dec("50")), Some(dec("45")), None]);
    assert_eq!(
        values(&i2.increments),
        [Some(dec("50")), Some(dec("-5")), None]
    );
    assert_eq!(i2.decreases_explained, Some(true));

    // Less is better: achievement is plan / fact = 8 / 10.
    let i3 = &summary.indicators[2];
    assert_eq!((i3.plan, i3.fact), (Some(dec("8")), Some(dec("10"))));
    let a3 = i3.achievement.unwrap();
    assert_eq!(
        (a3.ratio, a3.light),
        (Some(dec("0.8")), TrafficLight::Yellow)
    );
    assert_eq!(
        values(&i3.increments),
        [Some(dec("3")), Some(dec("2")), Some(dec("10"))]
    );
}

#[test]
fn spending_compares_the_annual_plans_with_the_months_counted_reports() {
    use FundingSource::{Federal, Municipal, Regional};
    let summary = march(&region(), None, None);
    let lines: Vec<(FundingSource, Decimal, Decimal, Option<Decimal>)> = summary
        .spending
        .iter()
        .map(|l| (l.source, l.planned, l.actual, l.share))
        .collect();
    assert_eq!(
        lines,
        [
            (Federal, dec("500"), dec("100"), Some(dec("0.2"))),
            (Regional, dec("1200"), dec("300"), Some(dec("0.25"))),
            (Municipal, dec("400"), dec("50"), Some(dec("0.125"))),
        ]
    );
    let novokuz = &summary.spending_by_participant[&"novokuz".parse().unwrap()];
    assert_eq!(novokuz.len(), 1);
    assert_eq!(
        (novokuz[0].planned, novokuz[0].actual),
        (dec("400"), dec("50"))
    );
}

#[test]
fn a_direction_filter_takes_the_nodes_below_it_and_a_participant_filter_its_events() {
    let region = region();
    let d1 = march(&region, None, Some("D1"));
    let events: Vec<&str> = d1.event_lines.iter().map(|l| l.event.as_str()).collect();
    assert_eq!(events, ["E1", "E2"]);
    assert_eq!(d1.reports.expected, 2);
    let novokuz = march(&region, Some("novokuz"), None);
    let events: Vec<&str> = novokuz
        .event_lines
        .iter()
        .map(|l| l.event.as_str())
        .collect();
    assert_eq!(events, ["E3", "E6"]);
    assert_eq!(novokuz.indicators.len(), 1);
    assert_eq!(novokuz.spending.len(), 1);
}

//! A consolidated report computed from a small hand-built region, for the
//! export tests.

#![allow(dead_code, reason = "each test file uses a different part")]

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, TimeZone, Utc};
use stratmon_core::calendar::ReportingPeriod;
use stratmon_core::model::{
    AnnualPlan, AnnualPlanContent, AnnualPlanDigest, Direction, Event, EventCard, EventDigest,
    EventPeriod, FundingSource, Indicator, IndicatorFields, MonthlyReport, Participant,
    ParticipantKind, ParticipantSettings, ParticipantStatus, PlanFields, ReportContent,
    ReportDigest, StrategyNode, StrategyNodeKind, Work,
};
use stratmon_core::report::{ReportState, Workflow};
use stratmon_core::summary::{ConsolidatedReport, SummaryInput, consolidate};

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn strategy() -> Vec<StrategyNode> {
    vec![
        StrategyNode {
            id: "1".parse().unwrap(),
            kind: StrategyNodeKind::Goal,
            title: "Комфортная среда".into(),
            parent: None,
            version: 1,
        },
        StrategyNode {
            id: "1.1".parse().unwrap(),
            kind: StrategyNodeKind::Direction,
            title: "Жильё & <школы>".into(),
            parent: Some("1".parse().unwrap()),
            version: 1,
        },
    ]
}

fn event(id: &str, title: &str) -> Event {
    Event {
        id: id.parse().unwrap(),
        plan: PlanFields {
            title: title.into(),
            direction: "1.1".parse().unwrap(),
            responsible: "minstroy".parse().unwrap(),
            co_executors: BTreeSet::new(),
            period: EventPeriod {
                start: date(2026, 1, 1),
                end: date(2026, 12, 31),
            },
            expected_result: "Результат".into(),
            amending_act: "№ 1".into(),
            excluded: false,
        },
        card: EventCard::default(),
        version: 1,
    }
}

fn report(event: &str, month: u32, state: ReportState, fact: &str, spent: &str) -> MonthlyReport {
    let mut workflow = Workflow::draft(1);
    workflow.state = state;
    workflow.submitted_at = Some(Utc.with_ymd_and_hms(2026, 4, 27, 5, 0, 0).unwrap());
    MonthlyReport {
        event: event.parse().unwrap(),
        period: ReportingPeriod::new(2026, month).unwrap(),
        workflow,
        returned_content: None,
        content: ReportContent {
            progress: "Ход".into(),
            control_points: BTreeMap::new(),
            indicator_facts: BTreeMap::from([("I1".parse().unwrap(), fact.parse().unwrap())]),
            expenditures: BTreeMap::from([(FundingSource::Regional, spent.parse().unwrap())]),
            explanations: BTreeMap::new(),
        },
        version: 1,
    }
}

/// March 2026 of a region with two events of Минстрой.
pub fn summary() -> ConsolidatedReport {
    let events = [
        event("1.1.1", "Строительство; ремонт \"школ\""),
        event("1.1.2", "Капитальный ремонт дорог"),
    ];
    let reports = [
        report("1.1.1", 1, ReportState::Approved, "10", "100"),
        report("1.1.1", 2, ReportState::Approved, "25", "200"),
        report("1.1.1", 3, ReportState::Approved, "40", "300"),
        report("1.1.2", 3, ReportState::Submitted, "0", "0"),
    ];
    let mut plan = Workflow::draft(1);
    plan.state = ReportState::Approved;
    let annual_plans = [AnnualPlan {
        event: "1.1.1".parse().unwrap(),
        year: 2026,
        workflow: plan,
        content: AnnualPlanContent {
            works: vec![Work {
                title: "Работы".into(),
                control_date: date(2026, 12, 1),
                planned: BTreeMap::from([(FundingSource::Regional, "1200".parse().unwrap())]),
            }],
            explanations: BTreeMap::new(),
        },
        version: 1,
    }];
    let indicators = vec![Indicator {
        id: "I1".parse().unwrap(),
        fields: IndicatorFields {
            name: "Введено жилья".into(),
            unit: "тыс. кв. м".into(),
            direction: Direction::Increase,
            cumulative: true,
            plan: BTreeMap::from([(2026, "120".parse().unwrap())]),
            events: BTreeSet::from(["1.1.1".parse().unwrap()]),
            excluded: false,
        },
        version: 1,
    }];
    let participants = vec![Participant {
        id: "minstroy".parse().unwrap(),
        name: "Министерство строительства Кузбасса".into(),
        kind: ParticipantKind::ExecutiveBody,
        status: ParticipantStatus::Active,
        settings: ParticipantSettings::default(),
        version: 1,
    }];
    let strategy = strategy();
    consolidate(SummaryInput {
        period: ReportingPeriod::new(2026, 3).unwrap(),
        today: date(2026, 5, 10),
        participant: None,
        direction: None,
        events: &events.iter().map(EventDigest::of).collect::<Vec<_>>(),
        reports: &reports.iter().map(ReportDigest::of).collect::<Vec<_>>(),
        reached: &[],
        annual_plans: &annual_plans
            .iter()
            .map(AnnualPlanDigest::of)
            .collect::<Vec<_>>(),
        indicators: &indicators,
        participants: &participants,
        strategy: &strategy,
    })
}

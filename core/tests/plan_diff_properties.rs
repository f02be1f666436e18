//! Properties of the plan diff over random small plans: a plan differs from
//! itself in nothing, and replaying the diff of two plans on the first gives
//! the second.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::collections::BTreeMap;

use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;
use stratmon_core::model::{Direction, EventPeriod};
use stratmon_core::plan::*;

fn day(offset: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(offset.into())
}

fn control_points() -> impl Strategy<Value = Vec<PlannedControlPoint>> {
    prop::collection::btree_map(0..4u8, (0..3u8, 0..400u32), 0..3).prop_map(|m| {
        m.into_iter()
            .map(|(id, (title, planned))| PlannedControlPoint {
                id: format!("KT{id}").parse().unwrap(),
                title: format!("точка {title}"),
                planned: day(planned),
                origin: None,
            })
            .collect()
    })
}

fn events() -> impl Strategy<Value = Vec<EventDraft>> {
    prop::collection::btree_map(
        0..6u8,
        (0..3u8, 0..2u8, 0..3u8, 0..300u32, 0..2u8, control_points()),
        0..5,
    )
    .prop_map(|m| {
        m.into_iter()
            .map(|(id, (title, dir, who, end, co, cps))| EventDraft {
                id: format!("1.{id}").parse().unwrap(),
                title: format!("мероприятие {title}"),
                direction: format!("G{dir}").parse().unwrap(),
                responsible: format!("p{who}").parse().unwrap(),
                co_executors: (0..co).map(|c| format!("c{c}").parse().unwrap()).collect(),
                period: EventPeriod {
                    start: day(0),
                    end: day(end),
                },
                expected_result: String::new(),
                control_points: cps,
                origin: None,
            })
            .collect()
    })
}

fn indicators() -> impl Strategy<Value = Vec<IndicatorDraft>> {
    prop::collection::btree_map(
        0..4u8,
        (
            0..2u8,
            any::<bool>(),
            any::<bool>(),
            prop::collection::btree_map(2025..2029i32, 0..100i64, 0..3),
            prop::collection::btree_set(0..6u8, 0..3),
        ),
        0..4,
    )
    .prop_map(|m| {
        m.into_iter()
            .map(
                |(id, (unit, up, cumulative, plan, events))| IndicatorDraft {
                    id: format!("IND-{id}").parse().unwrap(),
                    name: format!("показатель {id}"),
                    unit: format!("ед{unit}"),
                    direction: if up {
                        Direction::Increase
                    } else {
                        Direction::Decrease
                    },
                    cumulative,
                    plan: plan
                        .into_iter()
                        .map(|(y, v)| (y, Decimal::new(v, 1)))
                        .collect::<BTreeMap<_, _>>(),
                    events: events
                        .into_iter()
                        .map(|e| format!("1.{e}").parse().unwrap())
                        .collect(),
                    origin: None,
                },
            )
            .collect()
    })
}

fn plans() -> impl Strategy<Value = PlanDraft> {
    (events(), indicators()).prop_map(|(events, indicators)| PlanDraft {
        events,
        indicators,
        problems: Vec::new(),
    })
}

proptest! {
    #[test]
    fn a_plan_differs_from_itself_in_nothing(a in plans()) {
        prop_assert!(diff(&a, &a).is_empty());
    }

    #[test]
    fn replaying_the_diff_of_two_plans_on_the_first_gives_the_second(a in plans(), b in plans()) {
        let d = diff(&a, &b);
        prop_assert_eq!(apply(&a, &d), b.clone().normalized());
        prop_assert_eq!(d.is_empty(), a.normalized() == b.normalized());
    }

    #[test]
    fn every_changed_item_names_at_least_one_field(a in plans(), b in plans()) {
        let d = diff(&a, &b);
        prop_assert!(d.events_changed.iter().all(|c| !c.fields.is_empty()));
        prop_assert!(d.indicators_changed.iter().all(|c| !c.fields.is_empty()));
    }
}

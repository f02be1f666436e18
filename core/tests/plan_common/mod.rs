//! Plans built by hand for the plan import tests, on top of the fixture
//! region (event `1.1.1` of minstroy with control point `KT1`, indicator
//! `IND-1`, directions `G1` and `G1.1`).
#![allow(dead_code, reason = "each test file uses a different subset")]

use chrono::NaiveDate;
use rust_decimal::Decimal;
use stratmon_core::conformance::Fixture;
use stratmon_core::model::*;
use stratmon_core::plan::*;
use stratmon_core::store::StoreExt;

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn act(number: &str) -> AmendingAct {
    AmendingAct {
        number: number.into(),
        date: day(2026, 3, 20),
    }
}

/// The plan in force, read straight from the store.
pub async fn current(f: &Fixture) -> PlanDraft {
    let store = f.service.store();
    let events: Vec<Event> = store.load_all(None).await.unwrap();
    let indicators: Vec<Indicator> = store.load_all(None).await.unwrap();
    PlanDraft::current(&events, &indicators)
}

pub fn control_point(id: &str, title: &str, planned: NaiveDate) -> PlannedControlPoint {
    PlannedControlPoint {
        id: id.parse().unwrap(),
        title: title.into(),
        planned,
        origin: None,
    }
}

/// A new event of novokuz in direction `G1.1`, 2026–2027, with one control point.
pub fn new_event(id: &str) -> EventDraft {
    EventDraft {
        id: id.parse().unwrap(),
        title: format!("Благоустройство дворов, этап {id}"),
        direction: "G1.1".parse().unwrap(),
        responsible: "novokuz".parse().unwrap(),
        co_executors: ["minstroy".parse().unwrap()].into(),
        period: EventPeriod {
            start: day(2026, 1, 1),
            end: day(2027, 12, 31),
        },
        expected_result: "Благоустроено 40 дворов".into(),
        control_points: vec![control_point("KT1", "Заключены контракты", day(2026, 5, 1))],
        origin: None,
    }
}

/// A new indicator linked to `events`.
pub fn new_indicator(id: &str, events: &[&str]) -> IndicatorDraft {
    IndicatorDraft {
        id: id.parse().unwrap(),
        name: "Доля благоустроенных дворов".into(),
        unit: "процент".into(),
        direction: Direction::Increase,
        cumulative: false,
        plan: [(2026, Decimal::new(40, 0)), (2027, Decimal::new(60, 0))].into(),
        events: events.iter().map(|e| e.parse().unwrap()).collect(),
        origin: None,
    }
}

/// An origin on `row` of `source` naming each field's column.
pub fn origin(source: &str, row: u32, columns: &[(&str, &str)]) -> Origin {
    Origin {
        source: source.into(),
        row,
        columns: columns
            .iter()
            .map(|(f, c)| ((*f).to_owned(), (*c).to_owned()))
            .collect(),
    }
}

//! CSV files as Excel saves them — `;` with a BOM in a Russian locale, `,`
//! without one elsewhere — read to the same plan.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use rust_decimal::Decimal;
use stratmon_core::model::Direction;
use stratmon_core::plan::PlanDraft;
use stratmon_exchange::plan_from_csv;

const EVENTS: &[u8] = include_bytes!("data/events.csv");
const EVENTS_COMMA: &[u8] = include_bytes!("data/events_comma.csv");
const INDICATORS: &[u8] = include_bytes!("data/indicators.csv");

#[test]
fn semicolons_with_a_bom_and_commas_without_read_the_same_plan() {
    let semicolons = plan_from_csv(Some(("events.csv", EVENTS)), None).draft;
    let commas = plan_from_csv(Some(("events.csv", EVENTS_COMMA)), None).draft;
    assert!(semicolons.problems.is_empty(), "{:?}", semicolons.problems);
    assert!(commas.problems.is_empty(), "{:?}", commas.problems);
    assert_eq!(semicolons.clone().normalized(), commas.normalized());

    let e = &semicolons.events;
    assert_eq!(e.len(), 2);
    assert_eq!(e[0].id.as_str(), "1.1.1");
    assert_eq!(e[0].title, "Строительство жилья в Новокузнецке");
    assert_eq!(
        e[0].control_points
            .iter()
            .map(|c| (c.id.as_str(), c.planned.to_string()))
            .collect::<Vec<_>>(),
        [("KT1", "2026-02-15".into()), ("KT2", "2027-12-01".into())]
    );
    assert_eq!(e[1].co_executors.len(), 2);
    assert_eq!(
        e[1].expected_result,
        "Поликлиника на 500 посещений; \"под ключ\""
    );
}

#[test]
fn rows_are_numbered_as_the_spreadsheet_shows_them() {
    let draft = plan_from_csv(Some(("events.csv", EVENTS)), None).draft;
    let origin = draft.events[1].origin.as_ref().unwrap();
    assert_eq!((origin.source.as_str(), origin.row), ("events.csv", 4));
    assert_eq!(origin.columns["period.end"], "Окончание");
    let kt2 = draft.events[0].control_points[1].origin.as_ref().unwrap();
    assert_eq!(kt2.row, 3);
    assert_eq!(kt2.columns["planned"], "КТ: плановая дата");
}

#[test]
fn indicators_carry_units_directions_and_plan_values_by_year() {
    let read = plan_from_csv(None, Some(("indicators.csv", INDICATORS)));
    assert!(!read.has_events && read.has_indicators);
    let draft = read.draft;
    assert!(draft.problems.is_empty(), "{:?}", draft.problems);
    let [housing, waiting] = &draft.indicators[..] else {
        panic!("{:?}", draft.indicators)
    };
    assert_eq!(housing.unit, "тыс. кв. м");
    assert_eq!(housing.direction, Direction::Increase);
    assert!(housing.cumulative);
    assert_eq!(
        housing.plan,
        [
            (2026, Decimal::new(2000, 0)),
            (2027, Decimal::new(22005, 1))
        ]
        .into()
    );
    assert_eq!(waiting.direction, Direction::Decrease);
    assert!(!waiting.cumulative);
    assert_eq!(
        waiting
            .events
            .iter()
            .map(|e| e.as_str())
            .collect::<Vec<_>>(),
        ["2.1.1"]
    );
}

#[test]
fn a_table_the_files_do_not_hold_is_kept_from_the_plan_in_force() {
    let read = plan_from_csv(None, Some(("indicators.csv", INDICATORS)));
    let current = PlanDraft {
        events: plan_from_csv(Some(("events.csv", EVENTS)), None)
            .draft
            .events,
        ..PlanDraft::default()
    };
    let draft = read.over(current.clone());
    assert_eq!(draft.events, current.events);
    assert_eq!(draft.indicators.len(), 2);
}

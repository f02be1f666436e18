//! The annual plan window: 10 to 25 December of the year before the plan year.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;
use stratmon_core::calendar::{Timing, annual_window};

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

#[test]
fn plan_for_2024_is_entered_from_10_to_25_december_2023() {
    let window = annual_window(2024).unwrap();
    assert_eq!(window.opens, date(2023, 12, 10));
    assert_eq!(window.closes, date(2023, 12, 25));
    assert_eq!(window.timing(date(2023, 12, 9)), Timing::Early);
    assert_eq!(window.timing(date(2023, 12, 25)), Timing::OnTime);
    assert_eq!(window.timing(date(2023, 12, 26)), Timing::Late);
}

#[test]
fn plan_years_before_the_2023_rule_have_no_regular_window() {
    for plan_year in [2000, 2020, 2022, 2023] {
        assert_eq!(annual_window(plan_year), None, "{plan_year}");
    }
}

#[test]
fn plan_years_beyond_representable_dates_have_no_window() {
    assert_eq!(annual_window(i32::MAX), None);
}

proptest! {
    #[test]
    fn every_plan_year_from_2024_opens_on_10_and_closes_on_25_december_before_it(
        plan_year in 2024..=2040i32,
    ) {
        let window = annual_window(plan_year).unwrap();
        prop_assert_eq!(window.opens, date(plan_year - 1, 12, 10));
        prop_assert_eq!(window.closes, date(plan_year - 1, 12, 25));
        prop_assert_eq!(window.closes.signed_duration_since(window.opens).num_days(), 15);
        prop_assert!(window.closes.year() < plan_year);
    }
}

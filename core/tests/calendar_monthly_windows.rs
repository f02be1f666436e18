//! Monthly submission windows (decree 901) and the reporting period they hang on.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use chrono::{Datelike, Duration, NaiveDate};
use proptest::prelude::*;
use stratmon_core::calendar::{
    ReportingPeriod, Timing, WindowBounds, last_day_of_month, monthly_window,
};

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

fn period(year: i32, month: u32) -> ReportingPeriod {
    ReportingPeriod::new(year, month).unwrap()
}

#[test]
fn every_month_of_2023_to_2040_opens_on_the_25th_and_closes_on_the_30th_of_the_next_month() {
    const LEAP_FEBRUARIES: [i32; 5] = [2024, 2028, 2032, 2036, 2040];
    let mut checked = 0;
    for year in 2023..=2040 {
        for month in 1..=12 {
            let window = monthly_window(period(year, month), WindowBounds::default());
            let (entry_year, entry_month) = if month == 12 {
                (year + 1, 1)
            } else {
                (year, month + 1)
            };
            let close_day = match entry_month {
                2 if LEAP_FEBRUARIES.contains(&entry_year) => 29,
                2 => 28,
                _ => 30,
            };
            assert_eq!(
                window.opens,
                date(entry_year, entry_month, 25),
                "{year}-{month}"
            );
            assert_eq!(
                window.closes,
                date(entry_year, entry_month, close_day),
                "{year}-{month}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 18 * 12);
}

#[test]
fn december_window_opens_in_january_of_next_year() {
    let window = monthly_window(period(2025, 12), WindowBounds::default());
    assert_eq!(window.opens, date(2026, 1, 25));
    assert_eq!(window.closes, date(2026, 1, 30));
}

#[test]
fn january_window_closes_on_the_last_day_of_february() {
    let bounds = WindowBounds::default();
    assert_eq!(
        monthly_window(period(2026, 1), bounds).closes,
        date(2026, 2, 28)
    );
    assert_eq!(
        monthly_window(period(2028, 1), bounds).closes,
        date(2028, 2, 29)
    );
}

#[test]
fn default_bounds_follow_decree_901() {
    assert_eq!(
        WindowBounds::default(),
        WindowBounds {
            open_day: 25,
            close_day: 30
        }
    );
    assert!(WindowBounds::default().validate().is_ok());
}

#[test]
fn bounds_validation_names_the_offending_day() {
    let fields = |bounds: WindowBounds| -> Vec<String> {
        let err = bounds.validate().unwrap_err();
        err.problems().iter().map(|p| p.field.clone()).collect()
    };
    let zero_open = WindowBounds {
        open_day: 0,
        close_day: 30,
    };
    assert_eq!(fields(zero_open), ["window.open_day"]);
    let huge_close = WindowBounds {
        open_day: 25,
        close_day: 32,
    };
    assert_eq!(fields(huge_close), ["window.close_day"]);
    let inverted = WindowBounds {
        open_day: 28,
        close_day: 5,
    };
    assert_eq!(fields(inverted), ["window.close_day"]);
}

#[test]
fn timing_is_early_before_on_time_within_and_late_after_the_window() {
    let window = monthly_window(period(2026, 2), WindowBounds::default());
    assert_eq!(window.timing(date(2026, 3, 24)), Timing::Early);
    assert_eq!(window.timing(date(2026, 3, 25)), Timing::OnTime);
    assert_eq!(window.timing(date(2026, 3, 30)), Timing::OnTime);
    assert_eq!(window.timing(date(2026, 3, 31)), Timing::Late);
    assert!(window.contains(date(2026, 3, 27)));
    assert!(!window.contains(date(2026, 3, 31)));
}

#[test]
fn reporting_period_rejects_month_zero_and_thirteen_naming_the_field() {
    for month in [0, 13] {
        let err = ReportingPeriod::new(2026, month).unwrap_err();
        let problems = err.problems();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, "month");
        assert!(problems[0].message.contains(&format!("`{month}`")));
    }
}

#[test]
fn reporting_period_rejects_years_outside_2000_to_2100_naming_the_field() {
    for year in [1999, 2101] {
        let err = ReportingPeriod::new(year, 3).unwrap_err();
        assert_eq!(err.problems()[0].field, "year");
    }
    assert!(ReportingPeriod::new(2000, 1).is_ok());
    assert!(ReportingPeriod::new(2100, 12).is_ok());
}

#[test]
fn reporting_period_reports_both_fields_when_both_are_wrong() {
    let err = ReportingPeriod::new(1900, 0).unwrap_err();
    let fields: Vec<_> = err.problems().iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["month", "year"]);
}

#[test]
fn reporting_period_displays_and_parses_as_year_dash_month() {
    let march = period(2026, 3);
    assert_eq!(march.to_string(), "2026-03");
    assert_eq!("2026-03".parse::<ReportingPeriod>().unwrap(), march);
}

#[test]
fn reporting_period_parsing_rejects_bad_text_naming_the_period_field() {
    for text in [
        "2026-13",
        "2026-3",
        "26-03",
        "2026/03",
        "",
        "2026-03-01",
        "1999-12",
    ] {
        let err = text.parse::<ReportingPeriod>().unwrap_err();
        let problems = err.problems();
        assert_eq!(problems.len(), 1, "{text}");
        assert_eq!(problems[0].field, "period", "{text}");
        assert!(problems[0].message.contains(&format!("`{text}`")), "{text}");
    }
}

#[test]
fn reporting_period_knows_its_first_and_last_day() {
    assert_eq!(period(2026, 3).first_day(), date(2026, 3, 1));
    assert_eq!(period(2026, 3).last_day(), date(2026, 3, 31));
    assert_eq!(period(2024, 2).last_day(), date(2024, 2, 29));
    assert_eq!(period(2100, 2).last_day(), date(2100, 2, 28));
}

#[test]
fn december_is_followed_by_january_of_the_next_year() {
    assert_eq!(period(2025, 12).next(), period(2026, 1));
    assert_eq!(period(2026, 1).previous(), period(2025, 12));
}

#[test]
fn last_day_of_month_follows_gregorian_leap_years() {
    assert_eq!(last_day_of_month(2024, 2), 29);
    assert_eq!(last_day_of_month(2025, 2), 28);
    assert_eq!(last_day_of_month(2000, 2), 29);
    assert_eq!(last_day_of_month(2100, 2), 28);
    assert_eq!(last_day_of_month(2026, 4), 30);
    assert_eq!(last_day_of_month(2026, 12), 31);
}

fn any_period() -> impl Strategy<Value = ReportingPeriod> {
    (2000..=2100i32, 1..=12u32).prop_map(|(year, month)| period(year, month))
}

fn any_bounds() -> impl Strategy<Value = WindowBounds> {
    (1..=31u32, 1..=31u32).prop_map(|(a, b)| WindowBounds {
        open_day: a.min(b),
        close_day: a.max(b),
    })
}

proptest! {
    #[test]
    fn window_lies_inside_the_next_month_and_opens_no_later_than_it_closes(
        period in any_period(),
        bounds in any_bounds(),
    ) {
        prop_assert!(bounds.validate().is_ok());
        let window = monthly_window(period, bounds);
        let entry = period.next();
        prop_assert!(window.opens <= window.closes);
        prop_assert!(window.opens >= entry.first_day());
        prop_assert!(window.closes <= entry.last_day());
        prop_assert_eq!(window.opens.day(), bounds.open_day.min(entry.last_day().day()));
        prop_assert_eq!(window.closes.day(), bounds.close_day.min(entry.last_day().day()));
    }

    #[test]
    fn timing_matches_the_position_of_the_day_relative_to_the_window(
        period in any_period(),
        bounds in any_bounds(),
        offset in -100i64..100,
    ) {
        let window = monthly_window(period, bounds);
        let today = window.opens + Duration::days(offset);
        let expected = if today < window.opens {
            Timing::Early
        } else if today > window.closes {
            Timing::Late
        } else {
            Timing::OnTime
        };
        prop_assert_eq!(window.timing(today), expected);
        prop_assert_eq!(window.contains(today), expected == Timing::OnTime);
    }

    #[test]
    fn next_and_previous_are_inverse(period in any_period()) {
        prop_assert_eq!(period.next().previous(), period);
        prop_assert_eq!(period.previous().next(), period);
        prop_assert!(period.next() > period);
        prop_assert!(period.previous() < period);
    }

    #[test]
    fn display_and_parse_round_trip(period in any_period()) {
        prop_assert_eq!(period.to_string().parse::<ReportingPeriod>().unwrap(), period);
    }

    #[test]
    fn last_day_of_month_agrees_with_chrono(year in 1600..=2400i32, month in 1..=12u32) {
        let day = last_day_of_month(year, month);
        prop_assert!(NaiveDate::from_ymd_opt(year, month, day).is_some());
        prop_assert!(NaiveDate::from_ymd_opt(year, month, day + 1).is_none());
    }
}

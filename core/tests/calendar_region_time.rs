//! The region's time zone decides the local date, and the clock is injected.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use chrono::{DateTime, Duration, NaiveDate, Utc};
use proptest::prelude::*;
use stratmon_core::calendar::{
    Clock, ManualClock, Region, ReportingPeriod, SystemClock, Timing, WindowBounds, monthly_window,
};

fn utc(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

#[test]
fn default_region_is_novokuznetsk() {
    assert_eq!(Region::default().time_zone(), chrono_tz::Asia::Novokuznetsk);
    assert_eq!(
        Region::from_name("Asia/Novokuznetsk").unwrap(),
        Region::default()
    );
}

#[test]
fn evening_utc_on_the_24th_is_already_the_window_opening_day_in_novokuznetsk() {
    let region = Region::default();
    let at = utc("2026-03-24T17:30:00Z");
    let today = region.local_date(at);
    assert_eq!(today, date(2026, 3, 25));
    let window = monthly_window(
        ReportingPeriod::new(2026, 2).unwrap(),
        WindowBounds::default(),
    );
    assert_eq!(window.timing(today), Timing::OnTime);
    // One hour earlier it is still 23:30 on the 24th locally.
    assert_eq!(
        region.local_date(at - Duration::hours(1)),
        date(2026, 3, 24)
    );
}

#[test]
fn novokuznetsk_day_starts_at_17_utc_of_the_previous_day() {
    let region = Region::default();
    let start = region.start_of_day(date(2026, 3, 25));
    assert_eq!(start, utc("2026-03-24T17:00:00Z"));
    assert_eq!(region.local_date(start), date(2026, 3, 25));
    assert_eq!(
        region.local_date(start - Duration::seconds(1)),
        date(2026, 3, 24)
    );
}

#[test]
fn start_of_day_skips_a_midnight_removed_by_a_clock_change() {
    // Havana moves clocks from 00:00 to 01:00 in March.
    let region = Region::new(chrono_tz::America::Havana);
    let day = date(2024, 3, 10);
    let start = region.start_of_day(day);
    assert_eq!(region.local_date(start), day);
    assert_eq!(
        region.local_date(start - Duration::seconds(1)),
        date(2024, 3, 9)
    );
}

#[test]
fn start_of_day_of_a_skipped_day_still_gives_an_instant() {
    // Samoa skipped 30 December 2011 when it crossed the date line.
    let region = Region::new(chrono_tz::Pacific::Apia);
    let start = region.start_of_day(date(2011, 12, 30));
    assert_eq!(region.local_date(start), date(2011, 12, 31));
}

#[test]
fn from_name_rejects_an_unknown_zone_naming_the_time_zone_field() {
    let err = Region::from_name("Mars/Olympus").unwrap_err();
    let problems = err.problems();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].field, "time_zone");
    assert!(problems[0].message.contains("`Mars/Olympus`"));
}

#[test]
fn manual_clock_shows_what_it_was_set_to_and_advances_on_request() {
    let clock = ManualClock::new(utc("2026-03-24T17:30:00Z"));
    assert_eq!(clock.now(), utc("2026-03-24T17:30:00Z"));
    assert_eq!(clock.now(), clock.now());
    clock.advance(Duration::days(6));
    assert_eq!(clock.now(), utc("2026-03-30T17:30:00Z"));
    clock.advance(Duration::minutes(-30));
    assert_eq!(clock.now(), utc("2026-03-30T17:00:00Z"));
    clock.set(utc("2025-01-01T00:00:00Z"));
    assert_eq!(clock.now(), utc("2025-01-01T00:00:00Z"));
}

#[test]
fn manual_clock_saturates_instead_of_overflowing() {
    let clock = ManualClock::new(DateTime::<Utc>::MAX_UTC - Duration::days(1));
    clock.advance(Duration::days(10));
    assert_eq!(clock.now(), DateTime::<Utc>::MAX_UTC);
}

#[test]
fn clocks_can_be_shared_as_trait_objects() {
    let clocks: Vec<Box<dyn Clock>> = vec![
        Box::new(SystemClock),
        Box::new(ManualClock::new(utc("2026-01-01T00:00:00Z"))),
    ];
    assert_eq!(clocks[1].now(), utc("2026-01-01T00:00:00Z"));
}

proptest! {
    #[test]
    fn start_of_day_round_trips_through_local_date(days in 0i64..40_000) {
        let region = Region::default();
        let day = date(2000, 1, 1) + Duration::days(days);
        let start = region.start_of_day(day);
        prop_assert_eq!(region.local_date(start), day);
        prop_assert_eq!(region.local_date(start - Duration::seconds(1)), day.pred_opt().unwrap());
    }

    #[test]
    fn local_date_is_within_start_and_end_of_that_day(seconds in 946_684_800i64..4_102_444_800) {
        let region = Region::default();
        let at = DateTime::from_timestamp(seconds, 0).unwrap();
        let day = region.local_date(at);
        prop_assert!(region.start_of_day(day) <= at);
        prop_assert!(at < region.start_of_day(day.succ_opt().unwrap()));
    }
}

//! The Russian production calendar: holidays, decree transfers, corrections.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use proptest::prelude::*;
use stratmon_core::calendar::{DayKind, ProductionCalendar, Transfer, YearCorrections};

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

fn assert_off(calendar: &ProductionCalendar, year: i32, month: u32, days: &[u32]) {
    for &day in days {
        let d = date(year, month, day);
        assert!(!calendar.is_business_day(d), "{d} should be a day off");
    }
}

fn assert_working(calendar: &ProductionCalendar, year: i32, month: u32, days: &[u32]) {
    for &day in days {
        let d = date(year, month, day);
        assert!(calendar.is_business_day(d), "{d} should be a working day");
    }
}

fn corrections(year: i32) -> YearCorrections {
    YearCorrections {
        year,
        transfers: Vec::new(),
        extra_days_off: Vec::new(),
        extra_working_days: Vec::new(),
    }
}

fn fields(corrections: &YearCorrections) -> Vec<String> {
    let err = corrections.validate().unwrap_err();
    err.problems().iter().map(|p| p.field.clone()).collect()
}

#[test]
fn new_year_holidays_of_2025_end_on_8_january() {
    let calendar = ProductionCalendar::russian();
    assert_off(&calendar, 2025, 1, &[1, 2, 3, 4, 5, 6, 7, 8]);
    assert_working(&calendar, 2025, 1, &[9, 10]);
}

#[test]
fn new_year_holidays_of_2026_run_to_11_january_after_the_31_december_day_off() {
    let calendar = ProductionCalendar::russian();
    assert_off(&calendar, 2025, 12, &[31]);
    assert_eq!(calendar.day_kind(date(2025, 12, 31)), DayKind::DayOff);
    assert_working(&calendar, 2025, 12, &[30]);
    assert_off(&calendar, 2026, 1, &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    assert_eq!(calendar.day_kind(date(2026, 1, 9)), DayKind::DayOff);
    assert_working(&calendar, 2026, 1, &[12]);
    assert_off(&calendar, 2026, 12, &[31]);
}

#[test]
fn may_holidays_of_2025_are_1_to_4_and_8_to_11_may() {
    let calendar = ProductionCalendar::russian();
    assert_off(&calendar, 2025, 5, &[1, 2, 3, 4, 8, 9, 10, 11]);
    assert_working(&calendar, 2025, 5, &[5, 6, 7, 12]);
    assert_eq!(calendar.day_kind(date(2025, 5, 8)), DayKind::DayOff);
    assert_eq!(calendar.day_kind(date(2025, 5, 9)), DayKind::Holiday);
}

#[test]
fn may_holidays_of_2026_are_1_to_3_and_9_to_11_may() {
    let calendar = ProductionCalendar::russian();
    assert_off(&calendar, 2026, 5, &[1, 2, 3, 9, 10, 11]);
    assert_working(&calendar, 2026, 5, &[4, 5, 6, 7, 8, 12]);
    assert_eq!(calendar.day_kind(date(2026, 5, 11)), DayKind::DayOff);
}

#[test]
fn saturday_1_november_2025_is_worked_and_monday_3_november_is_off() {
    let calendar = ProductionCalendar::russian();
    assert_eq!(date(2025, 11, 1).weekday(), Weekday::Sat);
    assert_eq!(calendar.day_kind(date(2025, 11, 1)), DayKind::Business);
    assert_eq!(calendar.day_kind(date(2025, 11, 3)), DayKind::DayOff);
    assert_eq!(calendar.day_kind(date(2025, 11, 4)), DayKind::Holiday);
}

#[test]
fn weekend_holidays_transferred_by_decree_do_not_also_move_automatically() {
    let calendar = ProductionCalendar::russian();
    // 23 February 2025 (Sunday) went to 8 May, so Monday 24 February is worked.
    assert_working(&calendar, 2025, 2, &[24]);
    // 8 March 2025 (Saturday) went to 13 June, so Monday 10 March is worked.
    assert_working(&calendar, 2025, 3, &[10]);
    assert_off(&calendar, 2025, 6, &[12, 13, 14, 15]);
}

#[test]
fn march_8_2026_on_sunday_moves_to_monday_9_march() {
    let calendar = ProductionCalendar::russian();
    assert_eq!(calendar.day_kind(date(2026, 3, 8)), DayKind::Holiday);
    assert_eq!(calendar.day_kind(date(2026, 3, 9)), DayKind::DayOff);
    assert_working(&calendar, 2026, 3, &[10]);
}

#[test]
fn both_2025_and_2026_have_247_business_days() {
    let calendar = ProductionCalendar::russian();
    assert_eq!(calendar.business_days_in_year(2025), 247);
    assert_eq!(calendar.business_days_in_year(2026), 247);
}

#[test]
fn business_days_in_year_agrees_with_day_by_day_classification() {
    let calendar = ProductionCalendar::russian();
    for year in [2024, 2025, 2026, 2027] {
        let mut day = date(year, 1, 1);
        let mut count = 0;
        while day.year() == year {
            if calendar.is_business_day(day) {
                count += 1;
            }
            day = day.succ_opt().unwrap();
        }
        assert_eq!(calendar.business_days_in_year(year), count, "{year}");
    }
}

#[test]
fn years_beyond_representable_dates_have_no_business_days() {
    assert_eq!(
        ProductionCalendar::russian().business_days_in_year(i32::MAX),
        0
    );
}

#[test]
fn two_business_days_after_friday_6_march_2026_is_wednesday_11_march() {
    let calendar = ProductionCalendar::russian();
    assert_eq!(
        calendar.add_business_days(date(2026, 3, 6), 2),
        date(2026, 3, 11)
    );
}

#[test]
fn two_business_days_after_tuesday_30_december_2025_is_tuesday_13_january_2026() {
    let calendar = ProductionCalendar::russian();
    assert_eq!(
        calendar.add_business_days(date(2025, 12, 30), 2),
        date(2026, 1, 13)
    );
}

#[test]
fn adding_zero_business_days_returns_the_same_date_even_on_a_holiday() {
    let calendar = ProductionCalendar::russian();
    assert_eq!(
        calendar.add_business_days(date(2026, 1, 1), 0),
        date(2026, 1, 1)
    );
}

#[test]
fn without_data_a_weekend_holiday_moves_to_the_next_working_day() {
    let calendar = ProductionCalendar::russian();
    assert!(calendar.corrections(2027).is_none());
    assert_eq!(date(2027, 5, 9).weekday(), Weekday::Sun);
    assert_eq!(calendar.day_kind(date(2027, 5, 9)), DayKind::Holiday);
    assert_eq!(calendar.day_kind(date(2027, 5, 10)), DayKind::DayOff);
    // 1 May 2027 is a Saturday and takes Monday 3 May.
    assert_eq!(calendar.day_kind(date(2027, 5, 3)), DayKind::DayOff);
    assert_working(&calendar, 2027, 5, &[4, 11]);
}

#[test]
fn january_holidays_on_a_weekend_do_not_move_without_a_decree() {
    let calendar = ProductionCalendar::empty_corrections();
    // 2026 without its decree: 3 and 4 January are weekend holidays, yet
    // 9 January stays a working day.
    assert_off(&calendar, 2026, 1, &[1, 2, 3, 4, 5, 6, 7, 8]);
    assert_working(&calendar, 2026, 1, &[9]);
    assert_eq!(calendar.business_days_in_year(2026), 249);
}

#[test]
fn an_extra_day_off_on_the_automatic_target_shifts_nothing() {
    let mut calendar = ProductionCalendar::empty_corrections();
    // 2027: 1 May is Saturday (to Monday 3 May). Mark Monday 3 May as an extra
    // day off too; the automatic move is already there, so nothing else shifts.
    calendar
        .set_year(YearCorrections {
            extra_days_off: vec![date(2027, 5, 3)],
            ..corrections(2027)
        })
        .unwrap();
    assert_eq!(calendar.day_kind(date(2027, 5, 3)), DayKind::DayOff);
    assert_eq!(calendar.day_kind(date(2027, 5, 10)), DayKind::DayOff);
    assert_working(&calendar, 2027, 5, &[4, 11]);
}

#[test]
fn automatic_move_skips_a_day_already_transferred_by_decree() {
    let mut calendar = ProductionCalendar::empty_corrections();
    // 2027: 9 May is Sunday. A decree making Monday 10 May a day off for a
    // January weekend holiday pushes the automatic move to Tuesday 11 May.
    calendar
        .set_year(YearCorrections {
            transfers: vec![Transfer {
                from: date(2027, 1, 2),
                to: date(2027, 5, 10),
            }],
            ..corrections(2027)
        })
        .unwrap();
    assert_off(&calendar, 2027, 5, &[9, 10, 11]);
    assert_working(&calendar, 2027, 5, &[12]);
}

#[test]
fn extra_working_days_override_every_rule() {
    let mut calendar = ProductionCalendar::russian();
    calendar
        .set_year(YearCorrections {
            extra_days_off: vec![date(2027, 7, 1), date(2027, 7, 3)],
            extra_working_days: vec![date(2027, 7, 10), date(2027, 6, 14)],
            ..corrections(2027)
        })
        .unwrap();
    assert_eq!(calendar.day_kind(date(2027, 7, 1)), DayKind::DayOff);
    assert_eq!(calendar.day_kind(date(2027, 7, 3)), DayKind::Weekend);
    assert_eq!(calendar.day_kind(date(2027, 7, 10)), DayKind::Business);
    // 12 June 2027 is Saturday; its automatic Monday off is cancelled.
    assert_eq!(calendar.day_kind(date(2027, 6, 14)), DayKind::Business);
}

#[test]
fn set_year_replaces_the_built_in_data_for_that_year() {
    let mut calendar = ProductionCalendar::russian();
    assert_eq!(calendar.corrections(2025).unwrap().transfers.len(), 5);
    let replacement = YearCorrections {
        transfers: vec![Transfer {
            from: date(2025, 1, 4),
            to: date(2025, 5, 2),
        }],
        ..corrections(2025)
    };
    calendar.set_year(replacement.clone()).unwrap();
    assert_eq!(calendar.corrections(2025), Some(&replacement));
    // Saturday 1 November is no longer worked and Monday 3 November is.
    assert_eq!(calendar.day_kind(date(2025, 11, 1)), DayKind::Weekend);
    assert_eq!(calendar.day_kind(date(2025, 11, 3)), DayKind::Business);
    // 2026 is untouched.
    assert_eq!(calendar.business_days_in_year(2026), 247);
}

#[test]
fn set_year_rejects_invalid_corrections_and_keeps_the_old_data() {
    let mut calendar = ProductionCalendar::russian();
    let before = calendar.corrections(2025).cloned();
    let bad = YearCorrections {
        transfers: vec![Transfer {
            from: date(2025, 11, 3),
            to: date(2025, 11, 5),
        }],
        ..corrections(2025)
    };
    let err = calendar.set_year(bad).unwrap_err();
    assert_eq!(err.problems()[0].field, "transfers[0].from");
    assert!(err.problems()[0].message.contains("`2025-11-03`"));
    assert_eq!(calendar.corrections(2025).cloned(), before);
}

#[test]
fn built_in_data_passes_validation() {
    let calendar = ProductionCalendar::russian();
    for year in [2025, 2026] {
        calendar.corrections(year).unwrap().validate().unwrap();
    }
}

#[test]
fn validation_rejects_dates_outside_the_year() {
    let bad = YearCorrections {
        transfers: vec![Transfer {
            from: date(2025, 1, 4),
            to: date(2026, 1, 9),
        }],
        extra_days_off: vec![date(2024, 12, 31)],
        extra_working_days: vec![date(2026, 1, 1)],
        ..corrections(2025)
    };
    assert_eq!(
        fields(&bad),
        [
            "transfers[0].to",
            "extra_days_off[0]",
            "extra_working_days[0]"
        ]
    );
}

#[test]
fn validation_rejects_a_transfer_to_itself_a_weekend_or_a_holiday() {
    let to_itself = YearCorrections {
        transfers: vec![Transfer {
            from: date(2025, 11, 1),
            to: date(2025, 11, 1),
        }],
        ..corrections(2025)
    };
    assert_eq!(fields(&to_itself), ["transfers[0].to"]);
    let to_weekend = YearCorrections {
        transfers: vec![Transfer {
            from: date(2025, 11, 1),
            to: date(2025, 11, 2),
        }],
        ..corrections(2025)
    };
    assert_eq!(fields(&to_weekend), ["transfers[0].to"]);
    let to_holiday = YearCorrections {
        transfers: vec![Transfer {
            from: date(2025, 11, 1),
            to: date(2025, 11, 4),
        }],
        ..corrections(2025)
    };
    assert_eq!(fields(&to_holiday), ["transfers[0].to"]);
}

#[test]
fn validation_rejects_duplicate_transfers_and_contradictory_corrections() {
    let bad = YearCorrections {
        transfers: vec![
            Transfer {
                from: date(2025, 11, 1),
                to: date(2025, 11, 3),
            },
            Transfer {
                from: date(2025, 11, 1),
                to: date(2025, 11, 3),
            },
        ],
        extra_days_off: vec![date(2025, 7, 1)],
        extra_working_days: vec![date(2025, 7, 1)],
        ..corrections(2025)
    };
    assert_eq!(
        fields(&bad),
        [
            "transfers[1].from",
            "transfers[1].to",
            "extra_working_days[0]"
        ]
    );
}

#[test]
fn a_decade_without_business_days_stops_the_search_instead_of_looping() {
    let mut calendar = ProductionCalendar::empty_corrections();
    for year in 2030..=2040 {
        let mut days = Vec::new();
        let mut day = date(year, 1, 1);
        while day.year() == year {
            days.push(day);
            day = day.succ_opt().unwrap();
        }
        calendar
            .set_year(YearCorrections {
                extra_days_off: days,
                ..corrections(year)
            })
            .unwrap();
    }
    assert_eq!(calendar.business_days_in_year(2035), 0);
    let start = date(2029, 12, 31);
    assert_eq!(
        calendar.add_business_days(start, 1),
        start + Duration::days(3660)
    );
}

#[test]
fn the_end_of_representable_dates_stops_the_search() {
    let calendar = ProductionCalendar::russian();
    assert_eq!(
        calendar.add_business_days(NaiveDate::MAX, 5),
        NaiveDate::MAX
    );
}

#[test]
fn default_calendar_is_the_russian_one() {
    assert_eq!(
        ProductionCalendar::default().business_days_in_year(2025),
        247
    );
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (0i64..(366 * 20)).prop_map(|offset| date(2020, 1, 1) + Duration::days(offset))
}

proptest! {
    #[test]
    fn adding_business_days_lands_on_a_business_day_strictly_after_the_start(
        start in any_date(),
        n in 1u32..400,
    ) {
        let calendar = ProductionCalendar::russian();
        let end = calendar.add_business_days(start, n);
        prop_assert!(end > start);
        prop_assert!(calendar.is_business_day(end));
    }

    #[test]
    fn adding_more_business_days_lands_strictly_later(
        start in any_date(),
        n in 0u32..300,
        extra in 1u32..50,
    ) {
        let calendar = ProductionCalendar::russian();
        let near = calendar.add_business_days(start, n);
        let far = calendar.add_business_days(start, n + extra);
        prop_assert!(near < far);
        // Counting on from the nearer result gives the same day.
        prop_assert_eq!(calendar.add_business_days(near, extra), far);
    }

    #[test]
    fn weekends_and_holidays_are_never_business_days_without_corrections(
        start in any_date(),
    ) {
        let calendar = ProductionCalendar::empty_corrections();
        let kind = calendar.day_kind(start);
        let is_weekend = matches!(start.weekday(), Weekday::Sat | Weekday::Sun);
        prop_assert_eq!(kind == DayKind::Business, calendar.is_business_day(start));
        if is_weekend {
            prop_assert_ne!(kind, DayKind::Business);
        }
    }
}

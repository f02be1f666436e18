//! The Russian production calendar: which days are business days.
//!
//! Deadlines such as "within N business days" are counted on this calendar.
//! It combines three sources, in increasing priority:
//! 1. the fixed federal holidays of Labour Code art. 112 and the rule that a
//!    holiday falling on a weekend moves to the next working day;
//! 2. the yearly government decree transferring days off ([`Transfer`]);
//! 3. manual corrections by the Coordinator (extra days off and extra working
//!    days), for decrees not yet built in or regional days off.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};

use crate::error::{Error, Problem, Result};

/// Fixed non-working holidays (month, day), Labour Code art. 112.
const FIXED_HOLIDAYS: [(u32, u32); 14] = [
    (1, 1),
    (1, 2),
    (1, 3),
    (1, 4),
    (1, 5),
    (1, 6),
    (1, 7),
    (1, 8),
    (2, 23),
    (3, 8),
    (5, 1),
    (5, 9),
    (6, 12),
    (11, 4),
];

/// The month whose holidays do not move automatically: the government
/// transfers the New Year holidays that fall on weekends by decree instead.
const NEW_YEAR_MONTH: u32 = 1;

/// Longest run of consecutive non-business days `add_business_days` walks
/// through before giving up: about ten years, far beyond any real calendar,
/// so that corrections marking every day off cannot make it loop for ever.
const MAX_NON_BUSINESS_RUN: u32 = 3660;

/// Days off moved by the decree of 4 October 2024 No. 1335 for 2025.
const TRANSFERS_2025: [((u32, u32), (u32, u32)); 5] = [
    ((1, 4), (5, 2)),
    ((1, 5), (12, 31)),
    ((2, 23), (5, 8)),
    ((3, 8), (6, 13)),
    ((11, 1), (11, 3)),
];

/// Days off moved by the decree of 24 September 2025 No. 1466 for 2026.
const TRANSFERS_2026: [((u32, u32), (u32, u32)); 2] = [((1, 3), (1, 9)), ((1, 4), (12, 31))];

/// A day off moved by a government decree.
///
/// `to` becomes a day off. If `from` is an ordinary weekend day it becomes a
/// working day (e.g. Saturday 1 November 2025); if it is a holiday it stays
/// one, and the transfer only replaces the automatic move of that holiday.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// The Saturday or Sunday whose day off is moved.
    pub from: NaiveDate,
    /// The weekday that becomes a day off instead.
    pub to: NaiveDate,
}

/// One year's decree plus the Coordinator's manual corrections.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct YearCorrections {
    /// The calendar year these corrections apply to; every date lies in it.
    pub year: i32,
    /// Days off moved by the government decree for the year.
    pub transfers: Vec<Transfer>,
    /// Additional days off (e.g. regional holidays); they override the rules.
    pub extra_days_off: Vec<NaiveDate>,
    /// Days forced to be working days; they override everything else.
    pub extra_working_days: Vec<NaiveDate>,
}

impl YearCorrections {
    /// Corrections for `year` that change nothing.
    fn none(year: i32) -> Self {
        Self {
            year,
            transfers: Vec::new(),
            extra_days_off: Vec::new(),
            extra_working_days: Vec::new(),
        }
    }

    /// Checks that the corrections are consistent, listing every problem.
    ///
    /// Every date must lie in `year`; a transfer must move a Saturday or
    /// Sunday to a different weekday that is not already a holiday, and no day
    /// may be transferred, or receive a transfer, twice; no day may be both an
    /// extra day off and an extra working day.
    pub fn validate(&self) -> Result<()> {
        let mut problems = Vec::new();
        let check_year = |field: &str, date: NaiveDate, problems: &mut Vec<Problem>| {
            if date.year() != self.year {
                problems.push(Problem::error(
                    field,
                    format!("`{date}` is outside year `{}`", self.year),
                ));
            }
        };
        for (i, transfer) in self.transfers.iter().enumerate() {
            let from_field = format!("transfers[{i}].from");
            let to_field = format!("transfers[{i}].to");
            let (from, to) = (transfer.from, transfer.to);
            check_year(&from_field, from, &mut problems);
            check_year(&to_field, to, &mut problems);
            if !is_weekend(from) {
                problems.push(Problem::error(
                    from_field.as_str(),
                    format!(
                        "`{from}` is a {}; only a saturday or sunday can be transferred",
                        weekday_name(from.weekday())
                    ),
                ));
            }
            if from == to {
                problems.push(Problem::error(
                    to_field.as_str(),
                    format!("`{to}` is the day being transferred"),
                ));
            } else if is_weekend(to) {
                problems.push(Problem::error(
                    to_field.as_str(),
                    format!("`{to}` is already a weekend day; a day off must move to a weekday"),
                ));
            } else if is_fixed_holiday(to) {
                problems.push(Problem::error(
                    to_field.as_str(),
                    format!("`{to}` is already a public holiday"),
                ));
            }
            let earlier = &self.transfers[..i];
            if earlier.iter().any(|other| other.from == from) {
                problems.push(Problem::error(
                    from_field,
                    format!("`{from}` is transferred more than once"),
                ));
            }
            if earlier.iter().any(|other| other.to == to) {
                problems.push(Problem::error(
                    to_field,
                    format!("`{to}` already receives another transfer"),
                ));
            }
        }
        for (i, &date) in self.extra_days_off.iter().enumerate() {
            check_year(&format!("extra_days_off[{i}]"), date, &mut problems);
        }
        for (i, &date) in self.extra_working_days.iter().enumerate() {
            let field = format!("extra_working_days[{i}]");
            check_year(&field, date, &mut problems);
            if self.extra_days_off.contains(&date) {
                problems.push(Problem::error(
                    field,
                    format!("`{date}` is also listed as an extra day off"),
                ));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation { problems })
        }
    }
}

/// What kind of day a date is on the production calendar.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// A working day: deadlines count it.
    Business,
    /// A Saturday or Sunday that is not a holiday and was not made working.
    Weekend,
    /// A fixed federal holiday (Labour Code art. 112), whatever the weekday.
    Holiday,
    /// A weekday made a day off: transferred by decree, moved from a holiday
    /// on a weekend, or added by the Coordinator.
    DayOff,
}

/// One year of the production calendar as a reader sees it: how many
/// business days it has and which days differ from the plain Monday–Friday
/// week, with the decree data and corrections that made them so.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CalendarYear {
    /// The calendar year.
    pub year: i32,
    /// Business days in the year.
    pub business_days: u32,
    /// Weekdays that are not worked: holidays and days off, in date order.
    pub weekdays_off: Vec<(NaiveDate, DayKind)>,
    /// Saturdays and Sundays that are worked, in date order.
    pub weekends_worked: Vec<NaiveDate>,
    /// The decree data and corrections in force for the year (empty lists
    /// when the year follows the Labour Code alone).
    pub corrections: YearCorrections,
}

/// The Russian production calendar with per-year decree data.
///
/// Years without data follow the Labour Code alone, which is right except for
/// the transfers the government decides each autumn for the next year; the
/// Coordinator enters those with [`ProductionCalendar::set_year`].
#[derive(Debug, Clone)]
pub struct ProductionCalendar {
    years: BTreeMap<i32, YearCorrections>,
}

impl Default for ProductionCalendar {
    fn default() -> Self {
        Self::russian()
    }
}

impl ProductionCalendar {
    /// The calendar with the built-in decrees (2025 and 2026) loaded.
    pub fn russian() -> Self {
        let mut calendar = Self::empty_corrections();
        for (year, transfers) in [(2025, &TRANSFERS_2025[..]), (2026, &TRANSFERS_2026[..])] {
            // The tables are constants checked by the tests (247 business days
            // in each year), so dates that fail to build cannot occur.
            let transfers = transfers
                .iter()
                .filter_map(|&((from_month, from_day), (to_month, to_day))| {
                    Some(Transfer {
                        from: NaiveDate::from_ymd_opt(year, from_month, from_day)?,
                        to: NaiveDate::from_ymd_opt(year, to_month, to_day)?,
                    })
                })
                .collect();
            calendar.years.insert(
                year,
                YearCorrections {
                    transfers,
                    ..YearCorrections::none(year)
                },
            );
        }
        calendar
    }

    /// The calendar with the Labour Code rules only and no yearly decrees.
    pub fn empty_corrections() -> Self {
        Self {
            years: BTreeMap::new(),
        }
    }

    /// Validates `corrections` and replaces whatever was known for its year.
    pub fn set_year(&mut self, corrections: YearCorrections) -> Result<()> {
        corrections.validate()?;
        self.years.insert(corrections.year, corrections);
        Ok(())
    }

    /// The decree data and corrections in force for `year`, if any.
    pub fn corrections(&self, year: i32) -> Option<&YearCorrections> {
        self.years.get(&year)
    }

    /// What kind of day `date` is.
    pub fn day_kind(&self, date: NaiveDate) -> DayKind {
        self.kind(&mut None, date).into()
    }

    /// Whether `date` is a working day.
    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        self.kind(&mut None, date) == Kind::Business
    }

    /// The `n`-th business day strictly after `date`; `date` itself for `n = 0`.
    ///
    /// Walks day by day. If no business day occurs in 3660 consecutive days
    /// (only possible with corrections marking whole years off) or the end of
    /// the representable dates is reached, the walk stops and returns the last
    /// date it examined, so the call always terminates.
    pub fn add_business_days(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut table = None;
        let mut current = date;
        let mut remaining = n;
        let mut run = 0;
        while remaining > 0 {
            let Some(next) = current.succ_opt() else {
                return current;
            };
            current = next;
            if self.kind(&mut table, current) == Kind::Business {
                remaining -= 1;
                run = 0;
            } else {
                run += 1;
                if run >= MAX_NON_BUSINESS_RUN {
                    return current;
                }
            }
        }
        current
    }

    /// The whole of `year` as a reader sees it; `None` beyond the
    /// representable dates.
    pub fn year(&self, year: i32) -> Option<CalendarYear> {
        let first = NaiveDate::from_ymd_opt(year, 1, 1)?;
        let last = NaiveDate::from_ymd_opt(year, 12, 31)?;
        let mut weekdays_off = Vec::new();
        let mut weekends_worked = Vec::new();
        let mut business_days = 0;
        for date in first.iter_days().take_while(|d| *d <= last) {
            let kind = self.day_kind(date);
            let weekend = is_weekend(date);
            match kind {
                DayKind::Business => {
                    business_days += 1;
                    if weekend {
                        weekends_worked.push(date);
                    }
                }
                DayKind::Holiday | DayKind::DayOff if !weekend => weekdays_off.push((date, kind)),
                DayKind::Holiday | DayKind::DayOff | DayKind::Weekend => {}
            }
        }
        Some(CalendarYear {
            year,
            business_days,
            weekdays_off,
            weekends_worked,
            corrections: self
                .corrections(year)
                .cloned()
                .unwrap_or_else(|| YearCorrections::none(year)),
        })
    }

    /// The number of business days in `year` (0 for years beyond the
    /// representable dates).
    pub fn business_days_in_year(&self, year: i32) -> u32 {
        YearTable::build(year, self.years.get(&year)).map_or(0, |table| {
            let count = table.days().filter(|&&kind| kind == Kind::Business).count();
            u32::try_from(count).unwrap_or(u32::MAX)
        })
    }

    /// The kind of `date`, reusing `cache` when it already holds `date`'s year
    /// so that walks across many days build each year's table only once.
    fn kind(&self, cache: &mut Option<YearTable>, date: NaiveDate) -> Kind {
        let year = date.year();
        if cache.as_ref().is_none_or(|table| table.year != year) {
            *cache = YearTable::build(year, self.years.get(&year));
        }
        cache
            .as_ref()
            .and_then(|table| table.get(date))
            .unwrap_or_else(|| base_kind(date))
    }
}

/// Internal, copyable twin of [`DayKind`] for the per-year table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Business,
    Weekend,
    Holiday,
    DayOff,
}

impl From<Kind> for DayKind {
    fn from(kind: Kind) -> Self {
        match kind {
            Kind::Business => DayKind::Business,
            Kind::Weekend => DayKind::Weekend,
            Kind::Holiday => DayKind::Holiday,
            Kind::DayOff => DayKind::DayOff,
        }
    }
}

/// The kind of every day of one year, indexed by day of year from 0.
///
/// Built on the stack in one pass over the year, so computing it per call is
/// cheap and no state has to be kept in sync with the corrections.
struct YearTable {
    year: i32,
    len: usize,
    kinds: [Kind; 366],
}

impl YearTable {
    /// The table for `year`, or `None` if the year is beyond chrono's range.
    fn build(year: i32, corrections: Option<&YearCorrections>) -> Option<Self> {
        let jan_1 = NaiveDate::from_ymd_opt(year, 1, 1)?;
        let dec_31 = NaiveDate::from_ymd_opt(year, 12, 31)?;
        let mut table = Self {
            year,
            len: usize::try_from(dec_31.ordinal()).ok()?,
            kinds: [Kind::Business; 366],
        };
        let mut weekday = jan_1.weekday();
        for kind in &mut table.kinds[..table.len] {
            if matches!(weekday, Weekday::Sat | Weekday::Sun) {
                *kind = Kind::Weekend;
            }
            weekday = weekday.succ();
        }

        let holidays = FIXED_HOLIDAYS
            .iter()
            .filter_map(|&(month, day)| NaiveDate::from_ymd_opt(year, month, day));
        for holiday in holidays.clone() {
            table.set(holiday, Kind::Holiday);
        }

        let none = YearCorrections::none(year);
        let corrections = corrections.filter(|c| c.year == year).unwrap_or(&none);

        for transfer in &corrections.transfers {
            // A transferred holiday stays a holiday; an ordinary weekend day
            // is worked instead.
            if table.get(transfer.from) == Some(Kind::Weekend) {
                table.set(transfer.from, Kind::Business);
            }
            if table.get(transfer.to) == Some(Kind::Business) {
                table.set(transfer.to, Kind::DayOff);
            }
        }

        // Art. 112: a holiday on a weekend gives a day off on the next working
        // day, unless the decree already moved it. Holidays are visited in
        // date order so that a later one skips a day an earlier one took. The
        // search stays within the year, which bounds it; the fixed holidays
        // end on 4 November, so real calendars never need more.
        for holiday in holidays {
            let movable = holiday.month() != NEW_YEAR_MONTH
                && is_weekend(holiday)
                && !corrections.transfers.iter().any(|t| t.from == holiday);
            if !movable {
                continue;
            }
            let start = table.index(holiday).map_or(table.len, |i| i + 1);
            if let Some(kind) = table.kinds[start..table.len]
                .iter_mut()
                .find(|kind| **kind == Kind::Business)
            {
                *kind = Kind::DayOff;
            }
        }

        // Manual corrections come last so that they override every rule.
        for &date in &corrections.extra_days_off {
            if is_weekend(date) {
                table.set(date, Kind::Weekend);
            } else if table.get(date) != Some(Kind::Holiday) {
                table.set(date, Kind::DayOff);
            }
        }
        for &date in &corrections.extra_working_days {
            table.set(date, Kind::Business);
        }
        Some(table)
    }

    /// Position of `date` in the table, if it lies in the table's year.
    fn index(&self, date: NaiveDate) -> Option<usize> {
        if date.year() != self.year {
            return None;
        }
        usize::try_from(date.ordinal0())
            .ok()
            .filter(|&i| i < self.len)
    }

    fn get(&self, date: NaiveDate) -> Option<Kind> {
        self.index(date).map(|i| self.kinds[i])
    }

    fn set(&mut self, date: NaiveDate, kind: Kind) {
        if let Some(i) = self.index(date) {
            self.kinds[i] = kind;
        }
    }

    /// The kinds of the year's days, in order.
    fn days(&self) -> impl Iterator<Item = &Kind> {
        self.kinds[..self.len].iter()
    }
}

/// The kind of `date` by weekday alone, a fallback that cannot occur for
/// representable dates but keeps the lookup total.
fn base_kind(date: NaiveDate) -> Kind {
    if is_weekend(date) {
        Kind::Weekend
    } else {
        Kind::Business
    }
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn is_fixed_holiday(date: NaiveDate) -> bool {
    FIXED_HOLIDAYS.contains(&(date.month(), date.day()))
}

/// Lowercase weekday name for error messages.
fn weekday_name(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Mon => "monday",
        Weekday::Tue => "tuesday",
        Weekday::Wed => "wednesday",
        Weekday::Thu => "thursday",
        Weekday::Fri => "friday",
        Weekday::Sat => "saturday",
        Weekday::Sun => "sunday",
    }
}

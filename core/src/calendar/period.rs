//! The reporting month: the unit in which monthly data is collected.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

use crate::error::{Error, Problem, Result};

/// First year the system accepts; earlier data predates the strategy.
const MIN_YEAR: i32 = 2000;
/// Last year the system accepts; later years are certainly typos.
const MAX_YEAR: i32 = 2100;

/// A month for which data is reported, e.g. March 2026.
///
/// Fields are public for pattern matching and serialization; values built
/// through [`ReportingPeriod::new`] or parsing are guaranteed valid.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReportingPeriod {
    /// Calendar year, 2000 to 2100.
    pub year: i32,
    /// Calendar month, 1 to 12.
    pub month: u32,
}

impl ReportingPeriod {
    /// The first month the system accepts: January 2000.
    pub const EARLIEST: Self = Self {
        year: MIN_YEAR,
        month: 1,
    };
    /// The last month the system accepts: December 2100.
    pub const LATEST: Self = Self {
        year: MAX_YEAR,
        month: 12,
    };

    /// A validated period; reports every field that is out of range.
    pub fn new(year: i32, month: u32) -> Result<Self> {
        let mut problems = Vec::new();
        if !(1..=12).contains(&month) {
            problems.push(Problem::error(
                "month",
                format!("month must be between 1 and 12, got `{month}`"),
            ));
        }
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            problems.push(Problem::error(
                "year",
                format!("year must be between {MIN_YEAR} and {MAX_YEAR}, got `{year}`"),
            ));
        }
        if problems.is_empty() {
            Ok(Self { year, month })
        } else {
            Err(Error::Validation { problems })
        }
    }

    /// The first day of the month.
    pub fn first_day(&self) -> NaiveDate {
        clamped_date(self.year, self.month, 1)
    }

    /// The last day of the month, accounting for leap years.
    pub fn last_day(&self) -> NaiveDate {
        clamped_date(
            self.year,
            self.month,
            last_day_of_month(self.year, self.month),
        )
    }

    /// The following month; December rolls over to January of the next year.
    pub fn next(&self) -> Self {
        if self.month >= 12 {
            Self {
                year: self.year.saturating_add(1),
                month: 1,
            }
        } else {
            Self {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// The preceding month; January rolls back to December of the previous year.
    pub fn previous(&self) -> Self {
        if self.month <= 1 {
            Self {
                year: self.year.saturating_sub(1),
                month: 12,
            }
        } else {
            Self {
                year: self.year,
                month: self.month - 1,
            }
        }
    }
}

impl fmt::Display for ReportingPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for ReportingPeriod {
    type Err = Error;

    /// Parses the `YYYY-MM` form produced by `Display`.
    fn from_str(s: &str) -> Result<Self> {
        let malformed = || Error::invalid("period", format!("expected `YYYY-MM`, got `{s}`"));
        let (year, month) = s.split_once('-').ok_or_else(malformed)?;
        // Exact widths keep the textual form canonical (no `2026-3`, no `+2026-03`).
        let digits = |part: &str, width: usize| {
            part.len() == width && part.bytes().all(|b| b.is_ascii_digit())
        };
        if !digits(year, 4) || !digits(month, 2) {
            return Err(malformed());
        }
        let year: i32 = year.parse().map_err(|_| malformed())?;
        let month: u32 = month.parse().map_err(|_| malformed())?;
        // Range errors are re-labelled so the caller sees the field it sent.
        Self::new(year, month).map_err(|err| {
            let reasons = err
                .problems()
                .iter()
                .map(|p| p.message.clone())
                .collect::<Vec<_>>()
                .join(", ");
            Error::invalid("period", format!("`{s}` is out of range: {reasons}"))
        })
    }
}

/// The number of days in `month` of `year` (28 to 31), by the Gregorian rules.
///
/// Months outside 1..=12 count as 31 days; callers validate months first.
pub fn last_day_of_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Gregorian leap year: every fourth year, except centuries not divisible by 400.
fn is_leap_year(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// A date built from possibly out-of-range parts, clamped into range.
///
/// The public types expose their fields, so an invalid value can reach the
/// date helpers; clamping keeps them total without panicking.
pub(crate) fn clamped_date(year: i32, month: u32, day: u32) -> NaiveDate {
    let year = year.clamp(NaiveDate::MIN.year(), NaiveDate::MAX.year());
    let month = month.clamp(1, 12);
    let day = day.clamp(1, last_day_of_month(year, month));
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MIN)
}

//! Submission windows: the days on which data for a period may be entered,
//! and the region whose time zone decides what "today" is.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

use crate::error::{Error, Problem, Result};

use super::period::{ReportingPeriod, clamped_date, last_day_of_month};

/// First plan year covered by the annual rule adopted in 2023.
const ANNUAL_RULE_FIRST_PLAN_YEAR: i32 = 2024;
/// Day of December of the preceding year on which annual plan entry opens.
const ANNUAL_OPEN_DAY: u32 = 10;
/// Day of December of the preceding year on which annual plan entry closes.
const ANNUAL_CLOSE_DAY: u32 = 25;

/// The days of month M+1 on which data for month M is entered.
///
/// Configurable because the regional decree may change; the default follows
/// decree 901 (from the 25th to the 30th of the following month).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WindowBounds {
    /// Day of month M+1 on which entry opens (inclusive).
    pub open_day: u32,
    /// Day of month M+1 on which entry closes (inclusive); clamped to the
    /// month's last day, so 30 means 28 or 29 in February.
    pub close_day: u32,
}

impl Default for WindowBounds {
    fn default() -> Self {
        Self {
            open_day: 25,
            close_day: 30,
        }
    }
}

impl WindowBounds {
    /// Checks that both days are days of a month and the window is not inverted.
    pub fn validate(&self) -> Result<()> {
        let mut problems = Vec::new();
        let in_month = 1..=31;
        if !in_month.contains(&self.open_day) {
            problems.push(Problem::error(
                "window.open_day",
                format!("day must be between 1 and 31, got `{}`", self.open_day),
            ));
        }
        if !in_month.contains(&self.close_day) {
            problems.push(Problem::error(
                "window.close_day",
                format!("day must be between 1 and 31, got `{}`", self.close_day),
            ));
        }
        if problems.is_empty() && self.open_day > self.close_day {
            problems.push(Problem::error(
                "window.close_day",
                format!(
                    "close day `{}` is before open day `{}`",
                    self.close_day, self.open_day
                ),
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation { problems })
        }
    }
}

/// The dates on which a submission is accepted.
///
/// Both ends are inclusive local dates in the region's time zone, because the
/// decree speaks of calendar days where the participants work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SubmissionWindow {
    /// First day on which entry is allowed.
    pub opens: NaiveDate,
    /// Last day on which entry is allowed.
    pub closes: NaiveDate,
}

impl SubmissionWindow {
    /// Whether a submission made on `today` is early, on time or late.
    pub fn timing(&self, today: NaiveDate) -> Timing {
        if today < self.opens {
            Timing::Early
        } else if today > self.closes {
            Timing::Late
        } else {
            Timing::OnTime
        }
    }

    /// Whether the window is open on `today`.
    pub fn contains(&self, today: NaiveDate) -> bool {
        self.timing(today) == Timing::OnTime
    }
}

/// Where a day falls relative to a submission window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Timing {
    /// Before the window opens.
    Early,
    /// Inside the window.
    OnTime,
    /// After the window has closed; entry needs an extension.
    Late,
}

/// The window for monthly data of `period`: days `bounds` of the next month.
///
/// December's data is entered in January of the following year. Each bound is
/// clamped to the last day of that month, so a window ending on the 30th ends
/// on the 28th or 29th in February. Bounds are expected to be validated; days
/// outside 1..=31 are clamped as well rather than rejected.
pub fn monthly_window(period: ReportingPeriod, bounds: WindowBounds) -> SubmissionWindow {
    let entry = period.next();
    let last = last_day_of_month(entry.year, entry.month);
    SubmissionWindow {
        opens: clamped_date(entry.year, entry.month, bounds.open_day.min(last)),
        closes: clamped_date(entry.year, entry.month, bounds.close_day.min(last)),
    }
}

/// The window for the annual plan of `plan_year`: 10 to 25 December before it.
///
/// The rule is in force from 2023, so it first covers plan year 2024; earlier
/// plan years have no regular window and need an extension (`None`). `None` is
/// also returned for years beyond the range of dates.
pub fn annual_window(plan_year: i32) -> Option<SubmissionWindow> {
    if plan_year < ANNUAL_RULE_FIRST_PLAN_YEAR {
        return None;
    }
    let entry_year = plan_year - 1;
    Some(SubmissionWindow {
        opens: NaiveDate::from_ymd_opt(entry_year, 12, ANNUAL_OPEN_DAY)?,
        closes: NaiveDate::from_ymd_opt(entry_year, 12, ANNUAL_CLOSE_DAY)?,
    })
}

/// The region whose local calendar decides which day it is.
///
/// A submission at 01:00 local time on the 25th is on time even though it is
/// still the 24th in UTC; every "today" is derived through this type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    tz: Tz,
}

impl Default for Region {
    /// Kemerovo Oblast (Kuzbass), whose strategy the system was built for.
    fn default() -> Self {
        Self::new(chrono_tz::Asia::Novokuznetsk)
    }
}

impl Region {
    /// A region in time zone `tz`.
    pub fn new(tz: Tz) -> Self {
        Self { tz }
    }

    /// A region from an IANA zone name such as `Asia/Novokuznetsk`, as found
    /// in configuration files.
    pub fn from_name(name: &str) -> Result<Self> {
        name.parse::<Tz>()
            .map(Self::new)
            .map_err(|_| Error::invalid("time_zone", format!("unknown time zone `{name}`")))
    }

    /// The region's time zone.
    pub fn time_zone(&self) -> Tz {
        self.tz
    }

    /// The local calendar date at instant `at`.
    pub fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.tz).date_naive()
    }

    /// The first instant of local `date`, as a UTC instant.
    ///
    /// Normally local midnight. If a clock change skips midnight, this is the
    /// first existing local minute of the day; if it is repeated, the earlier
    /// of the two instants. If the whole day was skipped (as in Samoa in
    /// 2011), midnight is converted with the offset in force around it.
    pub fn start_of_day(&self, date: NaiveDate) -> DateTime<Utc> {
        let midnight = date.and_time(NaiveTime::MIN);
        let first_existing = (0..24 * 60).find_map(|minute| {
            let local = midnight.checked_add_signed(TimeDelta::minutes(minute))?;
            match self.tz.from_local_datetime(&local) {
                LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => Some(at),
                LocalResult::None => None,
            }
        });
        match first_existing {
            Some(at) => at.with_timezone(&Utc),
            None => {
                let offset = self.tz.offset_from_utc_datetime(&midnight);
                let utc = midnight
                    .checked_sub_offset(chrono::Offset::fix(&offset))
                    .unwrap_or(midnight);
                Utc.from_utc_datetime(&utc)
            }
        }
    }
}

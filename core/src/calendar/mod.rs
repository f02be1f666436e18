//! The reporting calendar: when data for a month or a year may be entered,
//! in which time zone "today" is reckoned, and which days are business days
//! under the Russian production calendar.
//!
//! Everything here is pure: the current time comes only from an injected
//! [`Clock`], so deadlines can be tested without reading the wall clock.

mod clock;
mod period;
mod production;
mod window;

pub use clock::{Clock, ManualClock, SystemClock};
pub use period::{ReportingPeriod, last_day_of_month};
pub use production::{CalendarYear, DayKind, ProductionCalendar, Transfer, YearCorrections};
pub use window::{Region, SubmissionWindow, Timing, WindowBounds, annual_window, monthly_window};

//! Status of one control point.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where a control point stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ControlPointStatus {
    /// Reached on or before the planned date.
    DoneOnTime,
    /// Not reached yet; the planned date has not passed.
    Pending,
    /// Reached after the planned date.
    DoneLate,
    /// Not reached and the planned date has passed.
    Overdue,
}

/// The status of a control point planned for `planned`, reached on `actual`
/// (if at all), as seen on `today`.
pub fn control_point_status(
    planned: NaiveDate,
    actual: Option<NaiveDate>,
    today: NaiveDate,
) -> ControlPointStatus {
    match actual {
        Some(done) if done <= planned => ControlPointStatus::DoneOnTime,
        Some(_) => ControlPointStatus::DoneLate,
        None if today > planned => ControlPointStatus::Overdue,
        None => ControlPointStatus::Pending,
    }
}

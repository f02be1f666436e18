//! Delegation: a Head or Analyst names a deputy of the same participant to act
//! in their role for a date range (leave, business trip).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::{ParticipantId, Role, UserId};

/// A deputy acting in `role` for `principal` from `from` to `to` (inclusive,
/// local dates).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Delegation {
    /// Sequential number.
    pub id: String,
    /// The participant both work for.
    pub participant: ParticipantId,
    /// Who delegates.
    pub principal: UserId,
    /// Who acts for them.
    pub deputy: UserId,
    /// The role delegated (Head or Analyst).
    pub role: Role,
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Ended early by its principal or an Admin.
    #[serde(default)]
    pub cancelled: bool,
    /// Storage version.
    #[serde(default)]
    pub version: u64,
}

impl Delegation {
    /// Whether the deputy may act under it on `today`.
    pub fn active_on(&self, today: NaiveDate) -> bool {
        !self.cancelled && self.from <= today && today <= self.to
    }
}

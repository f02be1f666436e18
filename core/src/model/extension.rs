//! Extensions of the annual submission window, opened by the Coordinator.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::ids::{ParticipantId, UserId};

/// Lets a participant submit its annual plan for `year` outside the 10–25
/// December window, up to and including `until`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WindowExtension {
    /// Who may submit late.
    pub participant: ParticipantId,
    /// The plan year.
    pub year: i32,
    /// Last day (local) on which the plan may be submitted.
    pub until: NaiveDate,
    /// Why the extension was granted.
    pub reason: String,
    /// The Coordinator who granted it.
    pub granted_by: UserId,
    /// Storage version.
    #[serde(default)]
    pub version: u64,
}

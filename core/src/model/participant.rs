//! Participants of information interaction and their per-participant settings
//! (decree 901, 1.7: parameters are configurable per participant).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::ids::ParticipantId;
use crate::calendar::WindowBounds;
use crate::error::{Error, Problem, Result};

/// What kind of body a participant is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ParticipantKind {
    /// Исполнительный орган (a ministry or agency of the region).
    ExecutiveBody,
    /// Муниципальное образование.
    Municipality,
    /// Организация, реализующая мероприятия.
    Organisation,
}

/// Whether a participant still reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ParticipantStatus {
    /// Reports and has users.
    Active,
    /// Liquidated or reorganised; kept for history.
    Closed,
}

/// Traffic-light thresholds for indicator achievement (a ratio, `1` = 100%).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// Achievement at or above this is green.
    pub green: Decimal,
    /// Achievement at or above this (and below green) is yellow; below it red.
    pub yellow: Decimal,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            green: Decimal::new(95, 2),
            yellow: Decimal::new(80, 2),
        }
    }
}

/// Settings a Coordinator configures per participant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct ParticipantSettings {
    /// The submitter may not accept, and the accepter may not approve.
    pub separation_of_duties: bool,
    /// Monthly reports may be submitted before the window opens.
    pub allow_early_submission: bool,
    /// Days of month M+1 during which month M is reported.
    pub window: WindowBounds,
    /// Indicator achievement colours.
    pub thresholds: Thresholds,
}

impl Default for ParticipantSettings {
    fn default() -> Self {
        Self {
            separation_of_duties: true,
            allow_early_submission: false,
            window: WindowBounds::default(),
            thresholds: Thresholds::default(),
        }
    }
}

impl ParticipantSettings {
    /// Checks the bounds and thresholds, listing every problem.
    pub fn validate(&self) -> Result<()> {
        let mut problems = Vec::new();
        if let Err(e) = self.window.validate() {
            problems.extend(e.problems().iter().cloned());
        }
        let t = self.thresholds;
        if t.yellow < Decimal::ZERO {
            problems.push(Problem::error("thresholds.yellow", "must not be negative"));
        }
        if t.green < t.yellow {
            problems.push(Problem::error(
                "thresholds.green",
                format!("`{}` is below the yellow threshold `{}`", t.green, t.yellow),
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation { problems })
        }
    }
}

/// An organisation that reports on the events it is responsible for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Participant {
    /// Short stable identifier, e.g. `minecon`.
    pub id: ParticipantId,
    /// Full name in Russian.
    pub name: String,
    /// Executive body, municipality or organisation.
    pub kind: ParticipantKind,
    /// Active or closed.
    pub status: ParticipantStatus,
    /// Per-participant configuration.
    pub settings: ParticipantSettings,
    /// Storage version; transitions name it.
    #[serde(default)]
    pub version: u64,
}

//! The versions of the plan: one per applied amending act, each with the
//! changes it made and the plan as it stood after it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::diff::PlanDiff;
use super::draft::{AmendingAct, PlanDraft};
use super::problem::PlanProblem;
use crate::model::UserId;

/// The partition of [`PlanVersion`] records, listed without their bodies.
pub const VERSION_HEADERS: &str = "header";

/// The storage key of version `number`: zero-padded so keys sort by number.
pub fn version_key(number: u32) -> String {
    format!("{number:06}")
}

/// How many items an amendment added, changed and removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DiffCounts {
    /// Events added (or returned to the plan).
    pub events_added: usize,
    /// Events whose entries changed.
    pub events_changed: usize,
    /// Events excluded from the plan.
    pub events_removed: usize,
    /// Indicators added (or returned to the plan).
    pub indicators_added: usize,
    /// Indicators whose definitions changed.
    pub indicators_changed: usize,
    /// Indicators excluded from the plan.
    pub indicators_removed: usize,
}

impl From<&PlanDiff> for DiffCounts {
    fn from(d: &PlanDiff) -> Self {
        Self {
            events_added: d.events_added.len(),
            events_changed: d.events_changed.len(),
            events_removed: d.events_removed.len(),
            indicators_added: d.indicators_added.len(),
            indicators_changed: d.indicators_changed.len(),
            indicators_removed: d.indicators_removed.len(),
        }
    }
}

/// One version of the plan: the act applied, by whom and when, and what it
/// changed. Version numbers start at 1 and have no gaps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlanVersion {
    /// Number of the version, from 1.
    pub number: u32,
    /// The amending act applied.
    pub act: AmendingAct,
    /// The Coordinator who applied it.
    pub applied_by: UserId,
    /// When, by the injected clock.
    pub applied_at: DateTime<Utc>,
    /// Events in the plan after it.
    pub events: usize,
    /// Indicators in the plan after it.
    pub indicators: usize,
    /// What it changed, counted.
    pub changes: DiffCounts,
    /// Storage version.
    #[serde(default)]
    pub version: u64,
}

/// The bulk of a version, stored apart from [`PlanVersion`] so that listing
/// versions stays cheap: the changes in full and the whole plan after them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlanVersionBody {
    /// Number of the version it belongs to.
    pub number: u32,
    /// The changes the act made to the plan as it stood before.
    pub diff: PlanDiff,
    /// The plan after the act (normalised).
    pub plan: PlanDraft,
    /// Storage version.
    #[serde(default)]
    pub version: u64,
}

/// What importing a plan draft found and did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ImportOutcome {
    /// Every bad row and cell; empty when the draft can be applied.
    pub problems: Vec<PlanProblem>,
    /// The changes against the plan in force.
    pub diff: PlanDiff,
    /// The version recorded; `None` for a dry run.
    pub version: Option<PlanVersion>,
}

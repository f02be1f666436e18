//! The strategy tree: goals, and the directions under them that events serve.

use serde::{Deserialize, Serialize};

use super::ids::StrategyNodeId;

/// Level of a node in the strategy tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum StrategyNodeKind {
    /// A strategic goal (root level).
    Goal,
    /// A direction (or sub-direction) under a goal.
    Direction,
}

/// A goal or direction of the strategy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StrategyNode {
    /// Code, e.g. `G1` or `G1.3`.
    pub id: StrategyNodeId,
    /// Goal or direction.
    pub kind: StrategyNodeKind,
    /// Title in Russian.
    pub title: String,
    /// The goal or direction above; `None` only for goals.
    pub parent: Option<StrategyNodeId>,
    /// Storage version.
    #[serde(default)]
    pub version: u64,
}

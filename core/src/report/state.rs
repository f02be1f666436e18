//! The transition table.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::Role;

/// Where a report or annual plan revision stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportState {
    /// Being filled by the Planner; editable.
    Draft,
    /// Waiting for the Analyst.
    Submitted,
    /// Checked by the Analyst; waiting for the Head.
    Accepted,
    /// Approved by the Head; final for this revision.
    Approved,
    /// Sent back with a comment; editable, then resubmitted.
    Returned,
}

impl ReportState {
    /// Every state.
    pub const ALL: [ReportState; 5] = [
        ReportState::Draft,
        ReportState::Submitted,
        ReportState::Accepted,
        ReportState::Approved,
        ReportState::Returned,
    ];

    /// Whether the Planner may still change the content.
    pub fn is_editable(self) -> bool {
        matches!(self, ReportState::Draft | ReportState::Returned)
    }

    /// Stable lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportState::Draft => "draft",
            ReportState::Submitted => "submitted",
            ReportState::Accepted => "accepted",
            ReportState::Approved => "approved",
            ReportState::Returned => "returned",
        }
    }
}

impl fmt::Display for ReportState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A transition of the approval chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Planner sends a draft or returned report for checking.
    Submit,
    /// Analyst accepts a submitted report.
    Accept,
    /// Head approves an accepted report.
    Approve,
    /// Analyst (from Submitted) or Head (from Accepted) sends it back with a comment.
    Return,
    /// Head or Coordinator reopens an approved report as a new draft revision.
    Reopen,
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 5] = [
        Action::Submit,
        Action::Accept,
        Action::Approve,
        Action::Return,
        Action::Reopen,
    ];

    /// Stable lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Submit => "submit",
            Action::Accept => "accept",
            Action::Approve => "approve",
            Action::Return => "return",
            Action::Reopen => "reopen",
        }
    }

    /// Whether the action must carry a comment (a return says what to fix, a
    /// reopen says why).
    pub fn needs_comment(self) -> bool {
        matches!(self, Action::Return | Action::Reopen)
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The state `action` leads to from `state`, or [`Error::InvalidTransition`].
///
/// Reopen leads to `Draft`: the caller starts a new revision with it and keeps
/// the approved one.
pub fn next_state(state: ReportState, action: Action) -> Result<ReportState> {
    use Action as A;
    use ReportState as S;
    match (state, action) {
        (S::Draft | S::Returned, A::Submit) => Ok(S::Submitted),
        (S::Submitted, A::Accept) => Ok(S::Accepted),
        (S::Accepted, A::Approve) => Ok(S::Approved),
        (S::Submitted | S::Accepted, A::Return) => Ok(S::Returned),
        (S::Approved, A::Reopen) => Ok(S::Draft),
        _ => Err(Error::InvalidTransition {
            action: action.as_str(),
            state: state.as_str(),
        }),
    }
}

/// The roles that may fire `action` from `state` (any one of them suffices).
/// A return from Submitted is the Analyst's, from Accepted the Head's.
pub fn required_roles(state: ReportState, action: Action) -> &'static [Role] {
    match (action, state) {
        (Action::Submit, _) => &[Role::Planner],
        (Action::Accept, _) => &[Role::Analyst],
        (Action::Approve, _) => &[Role::Head],
        (Action::Return, ReportState::Accepted) => &[Role::Head],
        (Action::Return, _) => &[Role::Analyst],
        (Action::Reopen, _) => &[Role::Head, Role::Coordinator],
    }
}

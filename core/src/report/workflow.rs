//! A revision's position in the chain and its history.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::state::{Action, ReportState};
use crate::model::UserId;

/// One transition that happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Step {
    /// What was done.
    pub action: Action,
    /// State before.
    pub from: ReportState,
    /// State after.
    pub to: ReportState,
    /// Who did it.
    pub by: UserId,
    /// When.
    pub at: DateTime<Utc>,
    /// The return comment or reopen reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// State, revision and history of a monthly report or annual plan revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Workflow {
    /// Revision number, from 1; a reopen starts the next one.
    pub revision: u32,
    /// Current state.
    pub state: ReportState,
    /// Submitted after its window closed.
    #[serde(default)]
    pub late: bool,
    /// The last submitter (separation of duties looks here).
    #[serde(default)]
    pub submitted_by: Option<UserId>,
    /// When it was last submitted.
    #[serde(default)]
    pub submitted_at: Option<DateTime<Utc>>,
    /// The accepter of the current submission.
    #[serde(default)]
    pub accepted_by: Option<UserId>,
    /// The approver.
    #[serde(default)]
    pub approved_by: Option<UserId>,
    /// Every transition of this revision, oldest first.
    #[serde(default)]
    pub history: Vec<Step>,
}

impl Workflow {
    /// A fresh draft of `revision`.
    pub fn draft(revision: u32) -> Self {
        Self {
            revision,
            state: ReportState::Draft,
            late: false,
            submitted_by: None,
            submitted_at: None,
            accepted_by: None,
            approved_by: None,
            history: Vec::new(),
        }
    }

    /// Records a transition already checked by the caller: moves to `to`,
    /// remembers who acted for the duties rule, appends the step.
    pub fn record(
        &mut self,
        action: Action,
        to: ReportState,
        by: &UserId,
        at: DateTime<Utc>,
        comment: Option<String>,
    ) {
        match action {
            Action::Submit => {
                self.submitted_by = Some(by.clone());
                self.submitted_at = Some(at);
                self.accepted_by = None;
            }
            Action::Accept => self.accepted_by = Some(by.clone()),
            Action::Approve => self.approved_by = Some(by.clone()),
            Action::Return => self.accepted_by = None,
            Action::Reopen => {}
        }
        self.history.push(Step {
            action,
            from: self.state,
            to,
            by: by.clone(),
            at,
            comment,
        });
        self.state = to;
    }
}

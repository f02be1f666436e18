//! Filtering the log.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::entry::AuditEntry;
use crate::model::{ParticipantId, UserId};

/// Filters for reading the audit log; every set filter must match.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct AuditQuery {
    /// Entries by this actor.
    pub actor: Option<UserId>,
    /// Entries about objects of this participant.
    pub participant: Option<ParticipantId>,
    /// Entries about this object kind.
    pub object_kind: Option<String>,
    /// Entries about this object id.
    pub object_id: Option<String>,
    /// Entries with this action name (`report.submit`).
    pub action: Option<String>,
    /// At or after.
    pub from: Option<DateTime<Utc>>,
    /// Strictly before.
    pub to: Option<DateTime<Utc>>,
    /// At most this many (newest first when set); `None` for all.
    pub limit: Option<usize>,
}

impl AuditQuery {
    /// Whether `entry` passes every filter.
    pub fn matches(&self, entry: &AuditEntry) -> bool {
        let d = &entry.draft;
        self.actor.as_ref().is_none_or(|a| &d.actor == a)
            && self
                .participant
                .as_ref()
                .is_none_or(|p| d.participant.as_ref() == Some(p))
            && self
                .object_kind
                .as_ref()
                .is_none_or(|k| &d.object.kind == k)
            && self.object_id.as_ref().is_none_or(|i| &d.object.id == i)
            && self.action.as_ref().is_none_or(|a| &d.action == a)
            && self.from.is_none_or(|f| d.at >= f)
            && self.to.is_none_or(|t| d.at < t)
    }
}

//! Audit entries and how they are sealed into the chain.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::model::{ParticipantId, UserId};

/// The `prev_hash` of the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What an entry is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ObjectRef {
    /// Kind of object: `event`, `report`, `user`…
    pub kind: String,
    /// Its identifier (`1.2.3/2026-03/r1` for a report revision).
    pub id: String,
}

impl ObjectRef {
    /// A reference to `kind` `id`.
    pub fn new(kind: impl Into<String>, id: impl Into<String>) -> Self {
        Self {
            kind: kind.into(),
            id: id.into(),
        }
    }
}

/// An entry before the store gives it a place in the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AuditDraft {
    /// When, by the injected clock.
    pub at: DateTime<Utc>,
    /// Who acted.
    pub actor: UserId,
    /// The user a deputy acted for, if any.
    pub on_behalf_of: Option<UserId>,
    /// Where from, as the adapter reported it.
    pub client: Option<String>,
    /// The operation's stable name (`report.submit`).
    pub action: String,
    /// The object changed.
    pub object: ObjectRef,
    /// The participant the object belongs to, for queries by participant.
    pub participant: Option<ParticipantId>,
    /// A short account of what changed; never secrets.
    pub summary: String,
}

/// A sealed entry of the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AuditEntry {
    /// Position in the chain, from 1, without gaps.
    pub seq: u64,
    /// The recorded facts.
    #[serde(flatten)]
    pub draft: AuditDraft,
    /// Hash of the previous entry ([`GENESIS_HASH`] for the first).
    pub prev_hash: String,
    /// SHA-256 over the canonical encoding of `seq`, the draft and `prev_hash`.
    pub hash: String,
}

#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct Canonical<'a> {
    seq: u64,
    draft: &'a AuditDraft,
    prev_hash: &'a str,
}

/// The hash an entry with these contents must carry. The encoding is JSON with
/// fields in declaration order, which is stable across backends and versions.
pub fn compute_hash(seq: u64, draft: &AuditDraft, prev_hash: &str) -> String {
    let canonical = Canonical {
        seq,
        draft,
        prev_hash,
    };
    // Serialising plain data to a Vec cannot fail; an empty encoding would
    // still yield a hash that verification rejects, never a silent pass.
    let bytes = serde_json::to_vec(&canonical).unwrap_or_default();
    hex::encode(Sha256::digest(&bytes))
}

impl AuditDraft {
    /// Seals the draft as entry `seq` after an entry whose hash is `prev_hash`.
    /// Backends call this inside the transaction that appends the entry.
    pub fn seal(self, seq: u64, prev_hash: &str) -> AuditEntry {
        let hash = compute_hash(seq, &self, prev_hash);
        AuditEntry {
            seq,
            draft: self,
            prev_hash: prev_hash.to_owned(),
            hash,
        }
    }
}

impl AuditEntry {
    /// Whether the stored hash matches the contents.
    pub fn hash_matches(&self) -> bool {
        compute_hash(self.seq, &self.draft, &self.prev_hash) == self.hash
    }
}

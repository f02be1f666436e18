//! Checking the chain.

use serde::{Deserialize, Serialize};

use super::entry::{AuditEntry, GENESIS_HASH};

/// A verified chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChainReport {
    /// Number of entries checked.
    pub entries: u64,
    /// Hash of the last entry (the genesis hash for an empty log).
    pub head: String,
}

/// The first entry where the chain is broken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChainBreak {
    /// The sequence number of the first broken entry.
    pub seq: u64,
    /// What is wrong with it.
    pub reason: String,
}

/// Walks `entries` in order and names the first entry that was altered,
/// inserted, removed or reordered.
pub fn verify_chain<'a>(
    entries: impl IntoIterator<Item = &'a AuditEntry>,
) -> Result<ChainReport, ChainBreak> {
    let mut prev = GENESIS_HASH.to_owned();
    let mut expected_seq = 1u64;
    for entry in entries {
        if entry.seq != expected_seq {
            return Err(ChainBreak {
                seq: entry.seq,
                reason: format!("expected entry {expected_seq}, found {}", entry.seq),
            });
        }
        if entry.prev_hash != prev {
            return Err(ChainBreak {
                seq: entry.seq,
                reason: "does not link to the previous entry".into(),
            });
        }
        if !entry.hash_matches() {
            return Err(ChainBreak {
                seq: entry.seq,
                reason: "contents do not match the recorded hash".into(),
            });
        }
        prev.clone_from(&entry.hash);
        expected_seq += 1;
    }
    Ok(ChainReport {
        entries: expected_seq - 1,
        head: prev,
    })
}

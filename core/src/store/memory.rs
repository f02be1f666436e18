//! The in-memory reference backend.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use async_trait::async_trait;

use super::{ChangeSet, Collection, Expect, Record, Store};
use crate::audit::{AuditEntry, GENESIS_HASH};
use crate::error::{Error, Result};

#[derive(Debug, Default)]
struct State {
    records: BTreeMap<(Collection, String), Record>,
    audit: Vec<AuditEntry>,
}

/// A store that lives in memory: the reference every backend is compared
/// with, and a quick store for tests and examples. Nothing survives the process.
#[derive(Debug, Default)]
pub struct MemoryStore {
    state: Mutex<State>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave half a change behind:
        // changes are applied only after every check passed.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Replaces the stored audit entry `seq` as-is, bypassing the chain. Only for
    /// tests that prove tampering is detected.
    #[doc(hidden)]
    pub fn tamper_audit_entry(&self, entry: AuditEntry) {
        let mut state = self.lock();
        if let Some(slot) = state.audit.iter_mut().find(|e| e.seq == entry.seq) {
            *slot = entry;
        }
    }
}

/// Checks a put's precondition against the stored version; backends share it so
/// that conflicts read the same everywhere.
pub fn check_expect(
    current: Option<u64>,
    expect: Expect,
    collection: Collection,
    key: &str,
) -> Result<()> {
    match (current, expect) {
        (None, Expect::Absent) => Ok(()),
        (Some(v), Expect::Version(e)) if v == e => Ok(()),
        (Some(_), Expect::Absent) => Err(Error::conflict(format!(
            "{} `{key}` already exists",
            collection.as_str()
        ))),
        (None, Expect::Version(_)) => Err(Error::conflict(format!(
            "{} `{key}` does not exist",
            collection.as_str()
        ))),
        (Some(v), Expect::Version(e)) => Err(Error::conflict(format!(
            "{} `{key}` is at version {v}, not {e}",
            collection.as_str()
        ))),
    }
}

#[async_trait]
impl Store for MemoryStore {
    fn backend(&self) -> &'static str {
        "memory"
    }

    async fn get(&self, collection: Collection, key: &str) -> Result<Option<Record>> {
        Ok(self
            .lock()
            .records
            .get(&(collection, key.to_owned()))
            .cloned())
    }

    async fn list(&self, collection: Collection, partition: Option<&str>) -> Result<Vec<Record>> {
        let state = self.lock();
        Ok(state
            .records
            .range((collection, String::new())..)
            .take_while(|((c, _), _)| *c == collection)
            .map(|(_, r)| r)
            .filter(|r| partition.is_none_or(|p| r.partition == p))
            .cloned()
            .collect())
    }

    async fn list_prefix(&self, collection: Collection, prefix: &str) -> Result<Vec<Record>> {
        let state = self.lock();
        Ok(state
            .records
            .range((collection, prefix.to_owned())..)
            .take_while(|((c, key), _)| *c == collection && key.starts_with(prefix))
            .map(|(_, r)| r.clone())
            .collect())
    }

    async fn commit(&self, change: ChangeSet) -> Result<AuditEntry> {
        let mut state = self.lock();
        let mut pending: BTreeMap<(Collection, &str), u64> = BTreeMap::new();
        for put in &change.puts {
            let current = pending
                .get(&(put.collection, put.key.as_str()))
                .copied()
                .or_else(|| {
                    state
                        .records
                        .get(&(put.collection, put.key.clone()))
                        .map(|r| r.version)
                });
            check_expect(current, put.expect, put.collection, &put.key)?;
            pending.insert((put.collection, put.key.as_str()), put.new_version());
        }
        for put in &change.puts {
            state.records.insert(
                (put.collection, put.key.clone()),
                Record {
                    collection: put.collection,
                    key: put.key.clone(),
                    partition: put.partition.clone(),
                    version: put.new_version(),
                    body: put.body.clone(),
                },
            );
        }
        let (seq, prev) = match state.audit.last() {
            Some(last) => (last.seq + 1, last.hash.clone()),
            None => (1, GENESIS_HASH.to_owned()),
        };
        let entry = change.audit.seal(seq, &prev);
        state.audit.push(entry.clone());
        Ok(entry)
    }

    async fn restore(&self, records: Vec<Record>, audit: Vec<AuditEntry>) -> Result<()> {
        let mut state = self.lock();
        if !state.records.is_empty() || !state.audit.is_empty() {
            return Err(Error::conflict("the target store is not empty"));
        }
        state.records = records
            .into_iter()
            .map(|r| ((r.collection, r.key.clone()), r))
            .collect();
        state.audit = audit;
        Ok(())
    }

    async fn audit_entries(&self, from_seq: u64, limit: usize) -> Result<Vec<AuditEntry>> {
        let state = self.lock();
        Ok(state
            .audit
            .iter()
            .filter(|e| e.seq >= from_seq)
            .take(limit)
            .cloned()
            .collect())
    }
}

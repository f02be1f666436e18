//! A store that keeps something alive for as long as it lives.

use std::any::Any;
use std::fmt;

use async_trait::async_trait;

use crate::audit::AuditEntry;
use crate::error::Result;
use crate::store::{ChangeSet, Collection, Record, Store};

/// Wraps a backend together with a guard — typically the temporary directory
/// its files live in — so the directory is removed only when the store is
/// dropped. Forwards every method, the provided ones included, so the suite
/// runs the backend's own implementations.
pub struct Guarded<S> {
    store: S,
    _guard: Box<dyn Any + Send + Sync>,
}

impl<S: Store> Guarded<S> {
    /// `store`, keeping `guard` alive with it.
    pub fn new(store: S, guard: impl Any + Send + Sync) -> Self {
        Self {
            store,
            _guard: Box::new(guard),
        }
    }
}

impl<S: fmt::Debug> fmt::Debug for Guarded<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Guarded")
            .field("store", &self.store)
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl<S: Store> Store for Guarded<S> {
    fn backend(&self) -> &'static str {
        self.store.backend()
    }
    async fn get(&self, collection: Collection, key: &str) -> Result<Option<Record>> {
        self.store.get(collection, key).await
    }
    async fn list(&self, collection: Collection, partition: Option<&str>) -> Result<Vec<Record>> {
        self.store.list(collection, partition).await
    }
    async fn list_prefix(&self, collection: Collection, prefix: &str) -> Result<Vec<Record>> {
        self.store.list_prefix(collection, prefix).await
    }
    async fn commit(&self, change: ChangeSet) -> Result<AuditEntry> {
        self.store.commit(change).await
    }
    async fn audit_entries(&self, from_seq: u64, limit: usize) -> Result<Vec<AuditEntry>> {
        self.store.audit_entries(from_seq, limit).await
    }
    async fn restore(&self, records: Vec<Record>, audit: Vec<AuditEntry>) -> Result<()> {
        self.store.restore(records, audit).await
    }
}

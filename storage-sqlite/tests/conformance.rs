//! The SQLite backend passes the whole conformance suite of the core, each
//! case on a fresh file, directly and through `Box<dyn Store>`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::sync::Arc;

use async_trait::async_trait;
use stratmon_core::audit::AuditEntry;
use stratmon_core::store::{ChangeSet, Collection, Record, Store};
use stratmon_sqlite::SqliteStore;
use tempfile::TempDir;

/// A store on a file in its own temporary directory, removed with the store.
/// Forwards every method, the provided ones included, so the suite runs the
/// SQLite implementations.
#[derive(Debug)]
struct TempStore {
    store: SqliteStore,
    _dir: TempDir,
}

impl TempStore {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path().join("store.sqlite")).unwrap();
        Self { store, _dir: dir }
    }
}

#[async_trait]
impl Store for TempStore {
    fn backend(&self) -> &'static str {
        self.store.backend()
    }
    async fn get(&self, c: Collection, key: &str) -> stratmon_core::Result<Option<Record>> {
        self.store.get(c, key).await
    }
    async fn list(
        &self,
        c: Collection,
        partition: Option<&str>,
    ) -> stratmon_core::Result<Vec<Record>> {
        self.store.list(c, partition).await
    }
    async fn list_prefix(&self, c: Collection, prefix: &str) -> stratmon_core::Result<Vec<Record>> {
        self.store.list_prefix(c, prefix).await
    }
    async fn commit(&self, change: ChangeSet) -> stratmon_core::Result<AuditEntry> {
        self.store.commit(change).await
    }
    async fn audit_entries(
        &self,
        from_seq: u64,
        limit: usize,
    ) -> stratmon_core::Result<Vec<AuditEntry>> {
        self.store.audit_entries(from_seq, limit).await
    }
    async fn restore(
        &self,
        records: Vec<Record>,
        audit: Vec<AuditEntry>,
    ) -> stratmon_core::Result<()> {
        self.store.restore(records, audit).await
    }
}

stratmon_core::conformance_tests!(|| async { Arc::new(TempStore::new()) as Arc<dyn Store> });

#[tokio::test]
async fn the_suite_runs_in_one_call_through_a_boxed_store() {
    stratmon_core::conformance::run_all(|| async {
        let boxed: Box<dyn Store> = Box::new(TempStore::new());
        Arc::from(boxed)
    })
    .await
    .unwrap();
}

//! The sled backend passes the core's whole conformance suite, each case on a
//! fresh database in its own temporary directory, directly and through
//! `Box<dyn Store>`.
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
use stratmon_sled::SledStore;

/// A store that owns its temporary directory, so the directory outlives the
/// database in it (fields drop in declaration order: the store first).
#[derive(Debug)]
struct TempSledStore {
    store: SledStore,
    _dir: tempfile::TempDir,
}

impl TempSledStore {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = SledStore::open(dir.path().join("db")).unwrap();
        Self { store, _dir: dir }
    }
}

#[async_trait]
impl Store for TempSledStore {
    fn backend(&self) -> &'static str {
        self.store.backend()
    }
    async fn get(
        &self,
        collection: Collection,
        key: &str,
    ) -> stratmon_core::Result<Option<Record>> {
        self.store.get(collection, key).await
    }
    async fn list(
        &self,
        collection: Collection,
        partition: Option<&str>,
    ) -> stratmon_core::Result<Vec<Record>> {
        self.store.list(collection, partition).await
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

stratmon_core::conformance_tests!(|| async { Arc::new(TempSledStore::new()) as Arc<dyn Store> });

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_suite_runs_in_one_call_through_a_boxed_store() {
    stratmon_core::conformance::run_all(|| async {
        let boxed: Box<dyn Store> = Box::new(TempSledStore::new());
        Arc::from(boxed)
    })
    .await
    .unwrap();
}

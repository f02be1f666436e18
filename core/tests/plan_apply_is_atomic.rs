//! Applying an imported plan is one commit: when another change to one of
//! its events lands first, the import conflicts and writes nothing at all.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod common;
mod plan_common;

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use plan_common::*;
use stratmon_core::ErrorKind;
use stratmon_core::audit::AuditEntry;
use stratmon_core::audit::{AuditDraft, ObjectRef};
use stratmon_core::conformance::{Fixture, Snapshot, snapshot};
use stratmon_core::model::Event;
use stratmon_core::store::{ChangeSet, Collection, MemoryStore, Record, Store, StoreExt, encode};

/// A memory store that lets one prepared change land just before the first
/// plan import commits, as a concurrent editor would.
#[derive(Debug, Default)]
struct Racing {
    inner: MemoryStore,
    interloper: Mutex<Option<ChangeSet>>,
    /// The store right after the interloper's change.
    after_interloper: Mutex<Option<Snapshot>>,
}

#[async_trait]
impl Store for Racing {
    fn backend(&self) -> &'static str {
        "racing"
    }
    async fn get(&self, c: Collection, key: &str) -> stratmon_core::Result<Option<Record>> {
        self.inner.get(c, key).await
    }
    async fn list(
        &self,
        c: Collection,
        partition: Option<&str>,
    ) -> stratmon_core::Result<Vec<Record>> {
        self.inner.list(c, partition).await
    }
    async fn commit(&self, change: ChangeSet) -> stratmon_core::Result<AuditEntry> {
        if change.audit.action == "plan.import" {
            let first = self.interloper.lock().unwrap().take();
            if let Some(first) = first {
                self.inner.commit(first).await?;
                let seen = snapshot(&self.inner).await?;
                *self.after_interloper.lock().unwrap() = Some(seen);
            }
        }
        self.inner.commit(change).await
    }
    async fn audit_entries(
        &self,
        from: u64,
        limit: usize,
    ) -> stratmon_core::Result<Vec<AuditEntry>> {
        self.inner.audit_entries(from, limit).await
    }
    async fn restore(&self, r: Vec<Record>, a: Vec<AuditEntry>) -> stratmon_core::Result<()> {
        self.inner.restore(r, a).await
    }
}

#[tokio::test]
async fn a_concurrent_edit_makes_the_import_conflict_and_write_nothing() {
    let store = Arc::new(Racing::default());
    let f = Fixture::build(store.clone()).await.unwrap();
    let mut plan = current(&f).await;
    plan.events[0].title = "Изменено актом".into();
    plan.events.push(new_event("2.1"));
    plan.indicators.push(new_indicator("IND-2", &["2.1"]));

    // Another Coordinator's amendment of 1.1.1, prepared from the same state.
    let mut edited: Event = store.load("1.1.1").await.unwrap().unwrap();
    edited.plan.expected_result = "Ввод 3 млн кв. м жилья".into();
    let audit = AuditDraft {
        at: f.service.now(),
        actor: "coord".parse().unwrap(),
        on_behalf_of: None,
        client: None,
        action: "event.amend".into(),
        object: ObjectRef::new("event", "1.1.1"),
        participant: None,
        summary: "amended by hand".into(),
    };
    let edit = ChangeSet {
        puts: vec![encode(&edited).unwrap()],
        audit,
    };
    *store.interloper.lock().unwrap() = Some(edit);

    let err = f
        .service
        .import_plan(&f.coordinator, plan, act("12-р"), false)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict, "{err}");

    // The store holds the interloper's change and nothing of the import.
    let seen = store.after_interloper.lock().unwrap().take().unwrap();
    assert_eq!(snapshot(&**f.service.store()).await.unwrap(), seen);
    assert!(store.load::<Event>("2.1").await.unwrap().is_none());
    assert!(
        f.service
            .plan_versions(&f.coordinator)
            .await
            .unwrap()
            .is_empty()
    );
}

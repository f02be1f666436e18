//! An audit entry edited behind the core's back, with raw sled calls, is
//! found by `verify_audit`, which names exactly that entry.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod support;

use std::sync::Arc;

use stratmon_core::Service;
use stratmon_core::audit::AuditEntry;
use stratmon_core::conformance::Fixture;
use stratmon_core::service::AuditVerdict;
use stratmon_core::store::Store;
use stratmon_sled::SledStore;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edited_audit_entry_is_named_by_verify() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let store: Arc<dyn Store> = Arc::new(SledStore::open(&path).unwrap());
    let f = Fixture::build(store.clone()).await.unwrap();
    f.approved_report().await.unwrap();
    let victim = store.audit_entries(1, usize::MAX).await.unwrap()[10].clone();
    drop(f);
    drop(store);

    // Rewrite the entry's summary in place, keeping its hash: what an
    // intruder with file access would do to hide an action.
    {
        let db = support::open_raw(&path);
        let audit = db.open_tree(b"audit").unwrap();
        let key = victim.seq.to_be_bytes();
        let value = audit.get(key).unwrap().unwrap();
        let mut entry: AuditEntry = serde_json::from_slice(&value[1..]).unwrap();
        assert_eq!(entry, victim);
        entry.draft.summary = "ничего не менялось".into();
        let mut forged = vec![value[0]];
        forged.extend(serde_json::to_vec(&entry).unwrap());
        audit.insert(key, forged).unwrap();
        db.flush().unwrap();
    }

    let reopened: Arc<dyn Store> = Arc::new(SledStore::open(&path).unwrap());
    let service = Service::new(reopened);
    let admin = stratmon_core::Actor::user("admin".parse().unwrap());
    match service.verify_audit(&admin).await.unwrap() {
        AuditVerdict::Broken(b) => assert_eq!(b.seq, victim.seq, "{}", b.reason),
        AuditVerdict::Intact(_) => panic!("the edit went unnoticed"),
    }
}

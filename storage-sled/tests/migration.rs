//! Schema versions are migrated on open: a database written in the version 1
//! layout (by hand, with raw sled calls, as an old build wrote it) opens with
//! its data intact and its audit chain verifying; a newer one is refused.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod support;

use std::path::Path;
use std::sync::Arc;

use stratmon_core::audit::{AuditEntry, verify_chain};
use stratmon_core::conformance::{Fixture, Snapshot, snapshot};
use stratmon_core::store::{Collection, MemoryStore, Record, Store};
use stratmon_core::{ErrorKind, Service};
use stratmon_sled::{SCHEMA_VERSION, SledStore};

/// A small region with an approved report, built on the reference store.
async fn reference() -> (Fixture, Snapshot) {
    let memory: Arc<dyn Store> = Arc::new(MemoryStore::new());
    let f = Fixture::build(memory.clone()).await.unwrap();
    f.approved_report().await.unwrap();
    let snap = snapshot(&*memory).await.unwrap();
    (f, snap)
}

fn record_key(r: &Record) -> Vec<u8> {
    format!("{}\0{}", r.collection.as_str(), r.key).into_bytes()
}

/// Schema version 1: records as tag 1 + the whole record as JSON, audit
/// entries as tag 1 + JSON, no index tree, no audit head.
fn v1_record(r: &Record) -> Vec<u8> {
    let mut v = vec![1];
    v.extend(serde_json::to_vec(r).unwrap());
    v
}

/// Schema version 2's compact record encoding.
fn v2_record(r: &Record) -> Vec<u8> {
    let mut v = vec![2];
    v.extend(r.version.to_be_bytes());
    v.extend(u32::try_from(r.partition.len()).unwrap().to_be_bytes());
    v.extend(r.partition.as_bytes());
    v.extend(r.body.as_bytes());
    v
}

fn audit_value(e: &AuditEntry) -> Vec<u8> {
    let mut v = vec![1];
    v.extend(serde_json::to_vec(e).unwrap());
    v
}

/// Writes `snap` the way a version 1 build did; `encode` picks each record's
/// value (to simulate a migration interrupted halfway).
fn write_v1(path: &Path, snap: &Snapshot, encode: impl Fn(usize, &Record) -> Vec<u8>) {
    let db = sled::open(path).unwrap();
    let records = db.open_tree("records").unwrap();
    for (i, r) in snap.records.iter().enumerate() {
        records.insert(record_key(r), encode(i, r)).unwrap();
    }
    let audit = db.open_tree("audit").unwrap();
    for e in &snap.audit {
        audit.insert(e.seq.to_be_bytes(), audit_value(e)).unwrap();
    }
    let meta = db.open_tree("meta").unwrap();
    meta.insert("schema_version", &1u32.to_be_bytes()).unwrap();
    db.flush().unwrap();
}

fn raw_schema_version(path: &Path) -> u32 {
    let db = sled::open(path).unwrap();
    let v = db
        .open_tree("meta")
        .unwrap()
        .get("schema_version")
        .unwrap()
        .unwrap();
    u32::from_be_bytes(v.as_ref().try_into().unwrap())
}

async fn assert_same_as_reference(store: &SledStore, expected: &Snapshot) {
    assert_eq!(&snapshot(store).await.unwrap(), expected);
    verify_chain(&store.audit_entries(1, usize::MAX).await.unwrap()).unwrap();
    // The partition index was built: listing by partition matches the records.
    for collection in Collection::ALL {
        let all = store.list(collection, None).await.unwrap();
        let mut partitions: Vec<&str> = all.iter().map(|r| r.partition.as_str()).collect();
        partitions.dedup();
        for p in partitions {
            let listed = store.list(collection, Some(p)).await.unwrap();
            let expected: Vec<&Record> = all.iter().filter(|r| r.partition == p).collect();
            assert_eq!(
                listed.iter().collect::<Vec<_>>(),
                expected,
                "{collection:?} `{p}`"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_version_1_database_is_migrated_on_open_with_data_intact() {
    let (f, expected) = reference().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    write_v1(&path, &expected, |_, r| v1_record(r));

    let store = SledStore::open(&path).unwrap();
    assert_same_as_reference(&store, &expected).await;

    // The migrated store carries on: the chain continues from the old head.
    let service = Service::new(Arc::new(store.clone())).with_clock(f.clock.clone());
    let report = service
        .get_report(&f.head, &f.event, f.period)
        .await
        .unwrap();
    service
        .reopen_report(
            &f.head,
            &f.event,
            f.period,
            report.version,
            "Проверка миграции",
        )
        .await
        .unwrap();
    let entries = store.audit_entries(1, usize::MAX).await.unwrap();
    assert_eq!(entries.len(), expected.audit.len() + 1);
    verify_chain(&entries).unwrap();
    drop((service, store));
    assert_eq!(raw_schema_version(&path), SCHEMA_VERSION);

    // Opening again finds the current version and changes nothing.
    let again = SledStore::open(&path).unwrap();
    assert_eq!(again.audit_entries(1, usize::MAX).await.unwrap(), entries);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_migration_interrupted_halfway_completes_on_the_next_open() {
    let (_f, expected) = reference().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    // Every other record already re-encoded, the version not yet bumped, and
    // a stale index entry left behind.
    write_v1(&path, &expected, |i, r| {
        if i % 2 == 0 {
            v2_record(r)
        } else {
            v1_record(r)
        }
    });
    {
        let db = sled::open(&path).unwrap();
        let index = db.open_tree("index").unwrap();
        index.insert(b"event\0nobody\x001.1.1", &[]).unwrap();
        db.flush().unwrap();
    }
    let store = SledStore::open(&path).unwrap();
    assert_same_as_reference(&store, &expected).await;
    assert!(
        store
            .list(Collection::Event, Some("nobody"))
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_version_1_database_is_migrated_and_usable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    write_v1(
        &path,
        &Snapshot {
            records: vec![],
            audit: vec![],
        },
        |_, r| v1_record(r),
    );
    let store = SledStore::open(&path).unwrap();
    let f = Fixture::build(Arc::new(store.clone())).await.unwrap();
    f.submitted_report().await.unwrap();
    verify_chain(&store.audit_entries(1, usize::MAX).await.unwrap()).unwrap();
}

#[test]
fn a_database_with_a_newer_schema_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    {
        let db = sled::open(&path).unwrap();
        let meta = db.open_tree("meta").unwrap();
        meta.insert("schema_version", &(SCHEMA_VERSION + 1).to_be_bytes())
            .unwrap();
        db.flush().unwrap();
    }
    let err = SledStore::open(&path).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Storage);
    let message = err.to_string();
    assert!(
        message.contains(&format!("schema version {}", SCHEMA_VERSION + 1))
            && message.contains("newer"),
        "{message}"
    );
    // Refusing leaves the database as it was.
    assert_eq!(raw_schema_version(&path), SCHEMA_VERSION + 1);
}

#[test]
fn data_without_a_schema_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    {
        let db = sled::open(&path).unwrap();
        db.open_tree("records")
            .unwrap()
            .insert(b"event\0x", b"?")
            .unwrap();
        db.flush().unwrap();
    }
    let err = SledStore::open(&path).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Storage);
    assert!(err.to_string().contains("no schema version"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_value_with_an_unknown_encoding_version_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let f = Fixture::build(Arc::new(SledStore::open(&path).unwrap()))
        .await
        .unwrap();
    drop(f);
    {
        let db = support::open_raw(&path);
        let records = db.open_tree("records").unwrap();
        let key = b"participant\0minstroy";
        let mut value = records.get(key).unwrap().unwrap().to_vec();
        value[0] = 9;
        records.insert(key, value).unwrap();
        db.flush().unwrap();
    }
    let store = SledStore::open(&path).unwrap();
    let err = store
        .get(Collection::Participant, "minstroy")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Storage);
    let message = err.to_string();
    assert!(
        message.contains("sled")
            && message.contains("`minstroy`")
            && message.contains("unknown encoding version 9"),
        "{message}"
    );
    // Other records still read.
    assert!(
        store
            .get(Collection::Participant, "minzdrav")
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_current_database_reopens_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let store = SledStore::open(&path).unwrap();
    let f = Fixture::build(Arc::new(store.clone())).await.unwrap();
    f.approved_report().await.unwrap();
    let before = snapshot(&store).await.unwrap();
    drop((f, store));
    let store = SledStore::open(&path).unwrap();
    assert_same_as_reference(&store, &before).await;
}

//! Random histories of commits dump, restore into a fresh sled store and dump
//! again to the same bytes; and a sled store dumps to the same bytes as the
//! reference memory store given the same history.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use stratmon_core::ErrorKind;
use stratmon_core::audit::{AuditDraft, ObjectRef};
use stratmon_core::model::UserId;
use stratmon_core::store::{ChangeSet, Collection, Expect, MemoryStore, Put, Store, dump};
use stratmon_sled::SledStore;

/// Keys and partitions include non-Latin text, separators and NUL bytes.
const KEYS: &[&str] = &["a", "a/b", "ab", "b", "ключ", "a\0b"];
const PARTITIONS: &[&str] = &["", "p", "p\0x", "часть", "p\u{1}"];

#[derive(Debug, Clone)]
struct PutOp {
    collection: usize,
    key: usize,
    partition: usize,
    body: String,
}

#[derive(Debug, Clone)]
struct Commit {
    puts: Vec<PutOp>,
    /// Names a version that cannot match, so the whole set must conflict.
    stale: bool,
}

fn commits() -> impl Strategy<Value = Vec<Commit>> {
    let put = (
        0..Collection::ALL.len(),
        0..KEYS.len(),
        0..PARTITIONS.len(),
        "\\PC{0,24}",
    )
        .prop_map(|(collection, key, partition, body)| PutOp {
            collection,
            key,
            partition,
            body,
        });
    let commit = (prop::collection::vec(put, 1..4), prop::bool::weighted(0.15))
        .prop_map(|(puts, stale)| Commit { puts, stale });
    prop::collection::vec(commit, 1..30)
}

/// Turns a generated commit into a change set valid against `reference`
/// (unless it is meant to be stale), tracking versions inside the set.
async fn change_set(reference: &MemoryStore, commit: &Commit, n: usize) -> ChangeSet {
    let mut seen: Vec<(Collection, &str, u64)> = Vec::new();
    let mut puts = Vec::new();
    for op in &commit.puts {
        let collection = Collection::ALL[op.collection];
        let key = KEYS[op.key];
        let current = match seen
            .iter()
            .rev()
            .find(|(c, k, _)| *c == collection && *k == key)
        {
            Some((_, _, v)) => *v,
            None => reference
                .get(collection, key)
                .await
                .unwrap()
                .map_or(0, |r| r.version),
        };
        let expect = match current {
            _ if commit.stale => Expect::Version(current + 5),
            0 => Expect::Absent,
            v => Expect::Version(v),
        };
        seen.push((collection, key, current + 1));
        puts.push(Put {
            collection,
            key: key.into(),
            partition: PARTITIONS[op.partition].into(),
            expect,
            body: serde_json::json!({ "text": op.body }).to_string(),
        });
    }
    ChangeSet {
        puts,
        audit: AuditDraft {
            at: Utc
                .timestamp_opt(1_770_000_000 + n as i64, 0)
                .single()
                .unwrap(),
            actor: UserId::new("prop").unwrap(),
            on_behalf_of: None,
            client: Some("127.0.0.1".into()),
            action: "test.write".into(),
            object: ObjectRef::new("test", n.to_string()),
            participant: None,
            summary: format!("commit {n}"),
        },
    }
}

async fn dump_bytes(store: &dyn Store) -> Vec<u8> {
    let mut out = Vec::new();
    dump::dump(store, &mut out).await.unwrap();
    out
}

async fn round_trip(history: Vec<Commit>) {
    let dir = tempfile::tempdir().unwrap();
    let reference = MemoryStore::new();
    let sled = SledStore::open(dir.path().join("source")).unwrap();
    for (n, commit) in history.iter().enumerate() {
        let change = change_set(&reference, commit, n).await;
        let expected = reference.commit(change.clone()).await;
        let got = sled.commit(change).await;
        match (&expected, &got) {
            (Ok(a), Ok(b)) => assert_eq!(a, b),
            (Err(a), Err(b)) => {
                assert_eq!(a.kind(), ErrorKind::Conflict);
                assert_eq!(a.to_string(), b.to_string());
            }
            _ => panic!("commit {n}: memory {expected:?}, sled {got:?}"),
        }
    }
    let first = dump_bytes(&sled).await;
    assert_eq!(
        String::from_utf8_lossy(&first),
        String::from_utf8_lossy(&dump_bytes(&reference).await),
        "sled and the reference store hold different data"
    );
    let target = SledStore::open(dir.path().join("target")).unwrap();
    dump::restore(&target, first.as_slice()).await.unwrap();
    let second = dump_bytes(&target).await;
    assert_eq!(
        String::from_utf8_lossy(&first),
        String::from_utf8_lossy(&second)
    );
    for collection in Collection::ALL {
        for partition in PARTITIONS {
            assert_eq!(
                target.list(collection, Some(partition)).await.unwrap(),
                reference.list(collection, Some(partition)).await.unwrap(),
                "{collection:?} `{partition}`"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn dump_restore_dump_gives_identical_bytes(history in commits()) {
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        runtime.block_on(round_trip(history));
    }
}

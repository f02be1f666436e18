//! Whatever random commits put into a SQLite store, it dumps to exactly the
//! bytes the reference memory store dumps for the same commits, and dump →
//! restore into a fresh SQLite store → dump gives the same bytes again.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use stratmon_core::audit::{AuditDraft, ObjectRef};
use stratmon_core::model::{ParticipantId, UserId};
use stratmon_core::store::{ChangeSet, Collection, Expect, MemoryStore, Put, Store, dump};
use stratmon_sqlite::{Durability, Options, SqliteStore};

const KEYS: &[&str] = &[
    "1.1.1",
    "1.1.1/2026-02/r0001",
    "1.1.1/2026-02/r0002",
    "ab",
    "ключ",
    "a b\tc",
    "",
];
const PARTITIONS: &[&str] = &["", "minstroy", "1.1.1", "часть"];

/// One put as generated: which collection, key and partition, its body, and
/// whether its precondition is deliberately wrong.
#[derive(Debug, Clone)]
struct PutSpec {
    collection: usize,
    key: usize,
    partition: usize,
    body: String,
    stale: bool,
}

/// One commit as generated.
#[derive(Debug, Clone)]
struct CommitSpec {
    puts: Vec<PutSpec>,
    nanos: u32,
    on_behalf_of: bool,
    client: Option<String>,
    participant: bool,
    summary: String,
}

fn put_spec() -> impl Strategy<Value = PutSpec> {
    (
        0..Collection::ALL.len(),
        0..KEYS.len(),
        0..PARTITIONS.len(),
        any::<String>(),
        proptest::bool::weighted(0.1),
    )
        .prop_map(|(collection, key, partition, body, stale)| PutSpec {
            collection,
            key,
            partition,
            body,
            stale,
        })
}

fn commit_spec() -> impl Strategy<Value = CommitSpec> {
    (
        proptest::collection::vec(put_spec(), 0..4),
        0..1_000_000_000u32,
        any::<bool>(),
        proptest::option::of("[0-9a-f:. ]{0,12}"),
        any::<bool>(),
        any::<String>(),
    )
        .prop_map(
            |(puts, nanos, on_behalf_of, client, participant, summary)| CommitSpec {
                puts,
                nanos,
                on_behalf_of,
                client,
                participant,
                summary,
            },
        )
}

/// The change set for `spec`, with preconditions from `versions` (wrong ones
/// where the spec asks), updating `versions` as the puts would.
fn change_set(n: usize, spec: &CommitSpec, versions: &BTreeMap<(usize, usize), u64>) -> ChangeSet {
    let mut pending = versions.clone();
    let puts = spec
        .puts
        .iter()
        .map(|p| {
            let current = pending.get(&(p.collection, p.key)).copied().unwrap_or(0);
            let expect = match (current, p.stale) {
                (0, false) => Expect::Absent,
                (v, false) => Expect::Version(v),
                (0, true) => Expect::Version(1),
                (_, true) => Expect::Absent,
            };
            pending.insert((p.collection, p.key), current + 1);
            Put {
                collection: Collection::ALL[p.collection],
                key: KEYS[p.key].into(),
                partition: PARTITIONS[p.partition].into(),
                expect,
                body: p.body.clone(),
            }
        })
        .collect();
    ChangeSet {
        puts,
        audit: AuditDraft {
            at: Utc
                .timestamp_opt(1_770_000_000 + n as i64 * 61, spec.nanos)
                .unwrap(),
            actor: UserId::new("stroy.planner").unwrap(),
            on_behalf_of: spec
                .on_behalf_of
                .then(|| UserId::new("stroy.head").unwrap()),
            client: spec.client.clone(),
            action: "test.write".into(),
            object: ObjectRef::new("test", n.to_string()),
            participant: spec
                .participant
                .then(|| ParticipantId::new("minstroy").unwrap()),
            summary: spec.summary.clone(),
        },
    }
}

fn fresh(dir: &tempfile::TempDir, name: &str) -> SqliteStore {
    // Durability does not change what is stored; NORMAL keeps the cases fast.
    SqliteStore::open_with(
        dir.path().join(name),
        Options::new().durability(Durability::Normal),
    )
    .unwrap()
}

async fn dump_of(store: &dyn Store) -> Vec<u8> {
    let mut bytes = Vec::new();
    dump::dump(store, &mut bytes).await.unwrap();
    bytes
}

async fn round_trip(commits: Vec<CommitSpec>) {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = fresh(&dir, "source.sqlite");
    let memory = MemoryStore::new();
    let mut versions = BTreeMap::new();
    for (n, spec) in commits.iter().enumerate() {
        let change = change_set(n, spec, &versions);
        let in_sqlite = sqlite.commit(change.clone()).await;
        let in_memory = memory.commit(change).await;
        match (&in_sqlite, &in_memory) {
            (Ok(a), Ok(b)) => assert_eq!(a, b),
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
            _ => panic!("commit {n}: sqlite {in_sqlite:?}, memory {in_memory:?}"),
        }
        if in_sqlite.is_ok() {
            for p in &spec.puts {
                *versions.entry((p.collection, p.key)).or_insert(0) += 1;
            }
        }
    }

    let first = dump_of(&sqlite).await;
    assert_eq!(
        String::from_utf8_lossy(&first),
        String::from_utf8_lossy(&dump_of(&memory).await),
        "the SQLite dump differs from the reference"
    );
    let restored = fresh(&dir, "restored.sqlite");
    dump::restore(&restored, first.as_slice()).await.unwrap();
    let second = dump_of(&restored).await;
    assert_eq!(
        String::from_utf8_lossy(&first),
        String::from_utf8_lossy(&second)
    );
    drop(restored);
    // And once more after the restored file was closed and reopened.
    let reopened = SqliteStore::open(dir.path().join("restored.sqlite")).unwrap();
    assert_eq!(dump_of(&reopened).await, first);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn dump_restore_dump_gives_the_same_bytes_as_the_reference(
        commits in proptest::collection::vec(commit_spec(), 0..24)
    ) {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(round_trip(commits));
    }
}

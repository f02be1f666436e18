//! Many more reads at once than the store has read connections: every read
//! waits its turn and completes, sees only committed states, and each
//! reader's view never goes back in time while a writer commits beside them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod support;

use std::sync::Arc;

use stratmon_core::store::{ChangeSet, Collection, Put, Store};
use stratmon_sqlite::{Durability, Options, SqliteStore};

const READERS: usize = 48;
const COMMITS: u64 = 40;

fn put(key: &str, partition: &str, version: u64) -> Put {
    Put {
        collection: Collection::MonthlyReport,
        key: key.into(),
        partition: partition.into(),
        expect: support::expect(version),
        body: format!("{{\"n\":{version}}}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_beyond_the_pool_wait_their_turn_and_never_see_the_past() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(
        SqliteStore::open_with(
            dir.path().join("store.sqlite"),
            Options::new().durability(Durability::Normal).readers(2),
        )
        .unwrap(),
    );
    // Two records written together in every commit: a reader that sees
    // them disagree saw half a commit.
    store
        .commit(ChangeSet {
            puts: vec![
                put("1.1/2026-01/r0001", "1.1", 0),
                put("1.1/2026-02/r0001", "1.1", 0),
            ],
            audit: support::draft("tester", "test.write", "test", "x", 1),
        })
        .await
        .unwrap();

    let writer = {
        let store = Arc::clone(&store);
        tokio::spawn(async move {
            for n in 1..=COMMITS {
                store
                    .commit(ChangeSet {
                        puts: vec![
                            put("1.1/2026-01/r0001", "1.1", n),
                            put("1.1/2026-02/r0001", "1.1", n),
                        ],
                        audit: support::draft("tester", "test.write", "test", "x", n + 1),
                    })
                    .await
                    .unwrap();
            }
        })
    };
    let mut readers = Vec::new();
    for i in 0..READERS {
        let store = Arc::clone(&store);
        readers.push(tokio::spawn(async move {
            let mut last = 0;
            for _ in 0..20 {
                // Point reads, one partition, a small prefix and a whole
                // collection: the paths a read can take.
                let seen = match i % 4 {
                    0 => vec![
                        store
                            .get(Collection::MonthlyReport, "1.1/2026-01/r0001")
                            .await
                            .unwrap()
                            .unwrap(),
                    ],
                    1 => store
                        .list(Collection::MonthlyReport, Some("1.1"))
                        .await
                        .unwrap(),
                    2 => store
                        .list_prefix(Collection::MonthlyReport, "1.1/")
                        .await
                        .unwrap(),
                    _ => store.list(Collection::MonthlyReport, None).await.unwrap(),
                };
                let versions: Vec<u64> = seen.iter().map(|r| r.version).collect();
                assert!(
                    versions.windows(2).all(|w| w[0] == w[1]),
                    "half a commit: {versions:?}"
                );
                let version = versions[0];
                assert!(version >= last, "went back from {last} to {version}");
                last = version;
                tokio::task::yield_now().await;
            }
        }));
    }
    writer.await.unwrap();
    for reader in readers {
        reader.await.unwrap();
    }
    let last = store
        .list(Collection::MonthlyReport, Some("1.1"))
        .await
        .unwrap();
    assert!(last.iter().all(|r| r.version == COMMITS + 1));
}

//! The write-ahead log is checkpointed by a thread beside the writer (every
//! few hundred commits) while readers and the writer go on: everything
//! committed meanwhile is there, in order, after the store is closed and
//! opened again.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod support;

use std::sync::Arc;

use stratmon_core::audit::verify_chain;
use stratmon_core::store::{ChangeSet, Collection, Expect, Put, Store};
use stratmon_sqlite::SqliteStore;
use support::draft;

const COMMITS: u64 = 1_200;

/// Commits report `n` (key `rNNNNN`), new, with its audit entry.
async fn save_report(store: &SqliteStore, n: u64) {
    let key = format!("r{n:05}");
    store
        .commit(ChangeSet {
            puts: vec![Put {
                collection: Collection::MonthlyReport,
                key: key.clone(),
                partition: "p".into(),
                expect: Expect::Absent,
                body: support::report_body(&key, 1, "w"),
            }],
            audit: draft("w", "report.save", "report", &key, n),
        })
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_checkpointed_beside_the_writer_are_all_there_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("region.sqlite");
    {
        let store = Arc::new(SqliteStore::open(&path).unwrap());
        let reader = {
            let store = store.clone();
            tokio::spawn(async move {
                let mut seen = 0;
                while seen < COMMITS {
                    let now = store.list(Collection::MonthlyReport, None).await.unwrap();
                    let now = now.len() as u64;
                    assert!(now >= seen, "a reader went back in time");
                    seen = now;
                    tokio::task::yield_now().await;
                }
            })
        };
        for n in 0..COMMITS {
            save_report(&store, n).await;
        }
        reader.await.unwrap();
    }
    let store = SqliteStore::open(&path).unwrap();
    let reports = store.list(Collection::MonthlyReport, None).await.unwrap();
    assert_eq!(reports.len() as u64, COMMITS);
    let log = store.audit_entries(1, usize::MAX).await.unwrap();
    assert_eq!(log.len() as u64, COMMITS);
    verify_chain(&log).unwrap();
    assert_eq!(store.audit_head().await.unwrap(), COMMITS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_store_leaves_one_whole_file_without_its_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("region.sqlite");
    let wal = dir.path().join("region.sqlite-wal");
    {
        let store = SqliteStore::open(&path).unwrap();
        // Past one checkpoint, so the checkpointing thread has done work
        // and holds its connection open.
        for n in 0..300 {
            save_report(&store, n).await;
        }
        assert!(wal.exists(), "an open store writes ahead into its log");
    }
    assert!(
        !wal.exists(),
        "the last connection to close folds the log into the file and removes it"
    );
    // The file alone, copied elsewhere, is the whole store.
    let copy = dir.path().join("copy.sqlite");
    std::fs::copy(&path, &copy).unwrap();
    let store = SqliteStore::open(&copy).unwrap();
    assert_eq!(
        store
            .list(Collection::MonthlyReport, None)
            .await
            .unwrap()
            .len(),
        300
    );
    verify_chain(&store.audit_entries(1, usize::MAX).await.unwrap()).unwrap();
}

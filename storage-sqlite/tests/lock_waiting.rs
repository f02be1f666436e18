//! A commit waits for a write lock another connection holds briefly, and
//! fails with a clear storage error, writing nothing, only once the busy
//! timeout has passed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod support;

use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use rusqlite::Connection;
use stratmon_core::ErrorKind;
use stratmon_core::store::{ChangeSet, Collection, Expect, Put, Store};
use stratmon_sqlite::{Options, SqliteStore};

fn change(key: &str) -> ChangeSet {
    ChangeSet {
        puts: vec![Put {
            collection: Collection::Event,
            key: key.into(),
            partition: String::new(),
            expect: Expect::Absent,
            body: "{}".into(),
        }],
        audit: support::draft("tester", "test.write", "event", key, 1),
    }
}

/// Holds the write lock of `path` from another connection for `hold`, and
/// says when it has it.
fn hold_write_lock(path: &std::path::Path, hold: Duration) -> thread::JoinHandle<()> {
    let path = path.to_owned();
    let (locked, is_locked) = mpsc::channel();
    let holder = thread::spawn(move || {
        let conn = Connection::open(path).unwrap();
        conn.execute_batch("BEGIN IMMEDIATE").unwrap();
        locked.send(()).unwrap();
        thread::sleep(hold);
        conn.execute_batch("COMMIT").unwrap();
    });
    is_locked.recv().unwrap();
    holder
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_commit_waits_for_a_lock_held_briefly_by_another_connection() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.sqlite");
    let store = SqliteStore::open(&path).unwrap();
    let holder = hold_write_lock(&path, Duration::from_millis(700));
    let started = Instant::now();
    store.commit(change("waited")).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(500));
    holder.join().unwrap();
    assert!(
        store
            .get(Collection::Event, "waited")
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lock_held_past_the_busy_timeout_fails_clearly_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.sqlite");
    let store = SqliteStore::open_with(
        &path,
        Options::new().busy_timeout(Duration::from_millis(300)),
    )
    .unwrap();
    let holder = hold_write_lock(&path, Duration::from_secs(3));
    let err = store.commit(change("refused")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Storage);
    assert!(
        err.to_string().contains("locked by another process"),
        "{err}"
    );
    holder.join().unwrap();
    assert!(
        store
            .get(Collection::Event, "refused")
            .await
            .unwrap()
            .is_none()
    );
    assert!(store.audit_entries(1, 10).await.unwrap().is_empty());
    // Once the lock is free, the next commit goes through.
    store.commit(change("later")).await.unwrap();
}

//! sled 0.34 writes a snapshot of its page table to `snap.<lsn>.generating`
//! and renames it when whole, but on opening takes the newest `snap.*` file
//! as the snapshot, `.generating` ones included. A process killed while
//! writing one left a database sled then refused to open as corrupt (about
//! once in seven hundred kills in `crash_safety.rs`). The store discards such
//! leftovers before sled looks, and only when no process has the database
//! open: a live owner's snapshot in progress is left alone.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::path::Path;
use std::sync::Arc;

use stratmon_core::ErrorKind;
use stratmon_core::conformance::{Fixture, snapshot};
use stratmon_core::store::Store;
use stratmon_sled::SledStore;

/// What a kill in the middle of writing a snapshot leaves: a prefix of one,
/// its length and checksum never written.
fn leave_half_written_snapshot(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("snap.7FFFFFFFFFFFFFFF.generating");
    std::fs::write(&path, [0x5Au8; 300]).unwrap();
    path
}

/// Opens `path`, waiting for the lock sled's flusher holds for a moment
/// after a store over it was dropped.
fn reopen(path: &Path) -> SledStore {
    SledStore::open(path).unwrap()
}

#[tokio::test]
async fn a_snapshot_half_written_when_the_process_was_killed_does_not_stop_the_store_opening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let before = {
        let store: Arc<dyn Store> = Arc::new(SledStore::open(&path).unwrap());
        let f = Fixture::build(store.clone()).await.unwrap();
        f.approved_report().await.unwrap();
        snapshot(&*store).await.unwrap()
    };
    let leftover = leave_half_written_snapshot(&path);

    let store = reopen(&path);
    assert_eq!(snapshot(&store).await.unwrap(), before);
    assert!(!leftover.exists(), "the half-written snapshot is discarded");
}

#[test]
fn a_snapshot_in_progress_of_the_process_that_has_the_database_open_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let owner = SledStore::open(&path).unwrap();
    let in_progress = leave_half_written_snapshot(&path);

    let err = SledStore::open(&path).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Storage);
    assert!(in_progress.exists(), "the owner's snapshot was not touched");

    std::fs::remove_file(&in_progress).unwrap();
    drop(owner);
    reopen(&path);
}

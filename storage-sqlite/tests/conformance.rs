//! The SQLite backend passes the whole conformance suite of the core, each
//! case on a fresh file, directly and through `Box<dyn Store>`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::sync::Arc;

use stratmon_core::conformance::Guarded;
use stratmon_core::store::Store;
use stratmon_sqlite::SqliteStore;

/// A fresh store in its own temporary directory, removed with the store.
fn fresh() -> Arc<dyn Store> {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path().join("store.sqlite")).unwrap();
    Arc::new(Guarded::new(store, dir))
}

stratmon_core::conformance_tests!(|| async { fresh() });

#[tokio::test]
async fn the_suite_runs_in_one_call_through_a_boxed_store() {
    stratmon_core::conformance::run_all(|| async {
        let dir = tempfile::tempdir().unwrap();
        let boxed: Box<dyn Store> = Box::new(Guarded::new(
            SqliteStore::open(dir.path().join("store.sqlite")).unwrap(),
            dir,
        ));
        Arc::from(boxed)
    })
    .await
    .unwrap();
}

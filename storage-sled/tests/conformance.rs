//! The sled backend passes the core's whole conformance suite, each case on a
//! fresh database in its own temporary directory, directly and through
//! `Box<dyn Store>`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::sync::Arc;

use stratmon_core::conformance::Guarded;
use stratmon_core::store::Store;
use stratmon_sled::SledStore;

/// A fresh store in its own temporary directory, removed with the store.
fn fresh() -> Arc<dyn Store> {
    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open(dir.path().join("db")).unwrap();
    Arc::new(Guarded::new(store, dir))
}

stratmon_core::conformance_tests!(|| async { fresh() });

#[tokio::test]
async fn the_suite_runs_in_one_call_through_a_boxed_store() {
    stratmon_core::conformance::run_all(|| async {
        let dir = tempfile::tempdir().unwrap();
        let boxed: Box<dyn Store> = Box::new(Guarded::new(
            SledStore::open(dir.path().join("db")).unwrap(),
            dir,
        ));
        Arc::from(boxed)
    })
    .await
    .unwrap();
}

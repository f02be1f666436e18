//! The reference backend passes the whole conformance suite, directly and
//! through `Box<dyn Store>`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::sync::Arc;

use stratmon_core::store::{MemoryStore, Store};

stratmon_core::conformance_tests!(|| async { Arc::new(MemoryStore::new()) as Arc<dyn Store> });

#[tokio::test]
async fn the_suite_runs_in_one_call_through_a_boxed_store() {
    stratmon_core::conformance::run_all(|| async {
        let boxed: Box<dyn Store> = Box::new(MemoryStore::new());
        Arc::from(boxed)
    })
    .await
    .unwrap();
}

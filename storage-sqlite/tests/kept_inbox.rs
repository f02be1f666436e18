//! The service keeps what inboxes are computed from and follows the audit
//! log to stay current. Another process writing the same file is seen at
//! once: here a second store handle on the file, with its own connections,
//! as a script beside the server would have.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::sync::Arc;

use stratmon_core::Service;
use stratmon_core::conformance::Fixture;
use stratmon_core::status::{InboxItem, InboxTask};
use stratmon_core::store::Store;
use stratmon_sqlite::SqliteStore;

#[tokio::test]
async fn a_kept_inbox_shows_at_once_what_another_handle_on_the_file_committed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("region.sqlite");
    let here: Arc<dyn Store> = Arc::new(SqliteStore::open(&path).unwrap());
    let f = Fixture::build(here.clone()).await.unwrap();
    let there: Arc<dyn Store> = Arc::new(SqliteStore::open(&path).unwrap());
    let script = Service::new(there).with_clock(f.clock.clone());
    let tasks = |items: Vec<InboxItem>| -> Vec<InboxTask> {
        items
            .into_iter()
            .filter(|i| i.period == Some(f.period))
            .map(|i| i.task)
            .collect()
    };
    // Computed, and kept, before the script writes.
    assert_eq!(
        tasks(f.service.inbox(&f.planner).await.unwrap()),
        [InboxTask::FillReport]
    );
    assert!(tasks(f.service.inbox(&f.analyst).await.unwrap()).is_empty());

    script
        .save_and_submit_report(&f.planner, &f.event, f.period, 0, f.valid_content())
        .await
        .unwrap();

    assert!(tasks(f.service.inbox(&f.planner).await.unwrap()).is_empty());
    assert_eq!(
        tasks(f.service.inbox(&f.analyst).await.unwrap()),
        [InboxTask::CheckReport]
    );
    let afresh = Service::new(here).with_clock(f.clock.clone());
    for who in [&f.planner, &f.analyst, &f.head] {
        assert_eq!(
            f.service.inbox(who).await.unwrap(),
            afresh.inbox(who).await.unwrap()
        );
    }
}

//! A whole store moves between backends through a dump: sled → SQLite (the
//! migration a deployment makes when it adopts the default backend) and back,
//! with every record, version and audit entry intact and the service carrying
//! on where it stopped.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::sync::Arc;

use stratmon_core::conformance::{Fixture, snapshot};
use stratmon_core::report::ReportState;
use stratmon_core::service::AuditVerdict;
use stratmon_core::store::{Store, dump};
use stratmon_core::{ErrorKind, Service};
use stratmon_sled::SledStore;
use stratmon_sqlite::SqliteStore;

async fn populated(store: Arc<dyn Store>) -> Fixture {
    let f = Fixture::build(store).await.unwrap();
    let v = f.approved_report().await.unwrap();
    f.service
        .reopen_report(&f.coordinator, &f.event, f.period, v, "Уточнение данных")
        .await
        .unwrap();
    f
}

async fn dump_of(store: &dyn Store) -> Vec<u8> {
    let mut bytes = Vec::new();
    dump::dump(store, &mut bytes).await.unwrap();
    bytes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sled_store_moves_to_sqlite_whole_and_keeps_working() {
    let dir = tempfile::tempdir().unwrap();
    let sled: Arc<dyn Store> = Arc::new(SledStore::open(dir.path().join("sled")).unwrap());
    let f = populated(sled.clone()).await;
    let bytes = dump_of(&*sled).await;

    let sqlite: Arc<dyn Store> =
        Arc::new(SqliteStore::open(dir.path().join("stratmon.sqlite")).unwrap());
    let summary = dump::restore(&*sqlite, bytes.as_slice()).await.unwrap();
    assert!(summary.records > 20 && summary.audit > 20, "{summary:?}");
    assert_eq!(
        snapshot(&*sqlite).await.unwrap(),
        snapshot(&*sled).await.unwrap()
    );
    assert_eq!(
        dump_of(&*sqlite).await,
        bytes,
        "the dump is the same from either backend"
    );

    // The service picks up on SQLite where it stopped on sled.
    let service = Service::new(sqlite.clone()).with_clock(f.clock.clone());
    let history = service
        .report_history(&f.planner, &f.event, f.period)
        .await
        .unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].workflow.state, ReportState::Approved);
    let draft = &history[1];
    let saved = service
        .save_report(
            &f.planner,
            &f.event,
            f.period,
            draft.version,
            f.valid_content(),
        )
        .await
        .unwrap();
    service
        .submit_report(&f.planner, &f.event, f.period, saved.saved.version)
        .await
        .unwrap();
    let stale = service
        .submit_report(&f.planner, &f.event, f.period, saved.saved.version)
        .await;
    assert_eq!(stale.err().map(|e| e.kind()), Some(ErrorKind::Conflict));
    match service.verify_audit(&f.admin).await.unwrap() {
        AuditVerdict::Intact(report) => assert_eq!(report.entries, summary.audit + 2),
        AuditVerdict::Broken(b) => panic!("chain broken at {}: {}", b.seq, b.reason),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_store_moves_to_sled_and_a_reopened_copy_is_identical() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stratmon.sqlite");
    let sqlite: Arc<dyn Store> = Arc::new(SqliteStore::open(&path).unwrap());
    populated(sqlite.clone()).await;
    let bytes = dump_of(&*sqlite).await;
    {
        let sled: Arc<dyn Store> = Arc::new(SledStore::open(dir.path().join("sled")).unwrap());
        dump::restore(&*sled, bytes.as_slice()).await.unwrap();
    }
    // Reopened from disk, the copy still dumps to the same bytes.
    let sled: Arc<dyn Store> = Arc::new(SledStore::open(dir.path().join("sled")).unwrap());
    assert_eq!(dump_of(&*sled).await, bytes);
}

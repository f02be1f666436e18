//! Commits that arrive together share one transaction (group commit), yet
//! each change set stands or falls alone: winners are all in the store and
//! in one linear audit chain, each at the entry its caller was given; a
//! change set refused for its precondition leaves nothing behind.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod support;

use std::sync::Arc;

use stratmon_core::ErrorKind;
use stratmon_core::audit::verify_chain;
use stratmon_core::store::{ChangeSet, Collection, Expect, Put, Store};
use stratmon_sqlite::SqliteStore;
use support::draft;

fn create(key: &str, writer: &str, n: u64) -> ChangeSet {
    ChangeSet {
        puts: vec![Put {
            collection: Collection::MonthlyReport,
            key: key.into(),
            partition: writer.into(),
            expect: Expect::Absent,
            body: support::report_body(key, 1, writer),
        }],
        audit: draft(writer, "report.save", "report", key, n),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn commits_queued_together_each_stand_or_fall_alone() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open(dir.path().join("region.sqlite")).unwrap());
    let mut tasks = Vec::new();
    for n in 0..96u64 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            // Every third writer races for one key; the rest write their own.
            let key = if n % 3 == 0 {
                "contested".to_owned()
            } else {
                format!("own-{n:03}")
            };
            let outcome = store.commit(create(&key, &format!("w{n}"), n)).await;
            (key, n, outcome)
        }));
    }
    let mut won = Vec::new();
    let mut contested_winners = 0;
    for task in tasks {
        let (key, n, outcome) = task.await.unwrap();
        match outcome {
            Ok(entry) => {
                if key == "contested" {
                    contested_winners += 1;
                }
                won.push((key, n, entry));
            }
            Err(e) => {
                assert_eq!(key, "contested", "{key} failed: {e}");
                assert_eq!(e.kind(), ErrorKind::Conflict, "{e}");
            }
        }
    }
    assert_eq!(contested_winners, 1);
    assert_eq!(won.len(), 64 + 1);

    let log = store.audit_entries(1, usize::MAX).await.unwrap();
    assert_eq!(
        log.len(),
        won.len(),
        "one entry per winner, none for losers"
    );
    verify_chain(&log).unwrap();
    for (key, n, entry) in &won {
        let at = usize::try_from(entry.seq - 1).unwrap();
        assert_eq!(
            &log[at], entry,
            "the entry {key} was given is the one stored"
        );
        assert_eq!(
            entry.draft,
            draft(&format!("w{n}"), "report.save", "report", key, *n)
        );
        let stored = store
            .get(Collection::MonthlyReport, key)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.partition, format!("w{n}"));
    }
    let reports = store.list(Collection::MonthlyReport, None).await.unwrap();
    assert_eq!(reports.len(), 64 + 1);
}

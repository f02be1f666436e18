//! The log in the file refuses edits through plain SQL, and an edit made by
//! someone who drops the guard first shows up when the chain is verified.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod support;

use rusqlite::Connection;
use stratmon_core::audit::verify_chain;
use stratmon_core::store::{ChangeSet, Collection, Expect, Put, Store};
use stratmon_sqlite::SqliteStore;

async fn store_with_three_entries(dir: &tempfile::TempDir) -> SqliteStore {
    let store = SqliteStore::open(dir.path().join("store.sqlite")).unwrap();
    for n in 1..=3u64 {
        let key = format!("e{n}");
        store
            .commit(ChangeSet {
                puts: vec![Put {
                    collection: Collection::Event,
                    key: key.clone(),
                    partition: String::new(),
                    expect: Expect::Absent,
                    body: "{}".into(),
                }],
                audit: support::draft("coord", "event.create", "event", &key, n),
            })
            .await
            .unwrap();
    }
    store
}

#[tokio::test]
async fn the_audit_table_refuses_updates_and_deletions_and_records_refuse_deletion() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_three_entries(&dir).await;
    let conn = Connection::open(store.path()).unwrap();
    for statement in [
        "UPDATE audit SET summary = 'nothing happened' WHERE seq = 2",
        "DELETE FROM audit WHERE seq = 3",
        "DELETE FROM records WHERE key = 'e1'",
    ] {
        let err = conn.execute(statement, []).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("append-only") || message.contains("never deleted"),
            "{statement}: {message}"
        );
    }
    let audit = store.audit_entries(1, 10).await.unwrap();
    assert_eq!(audit.len(), 3);
    verify_chain(&audit).unwrap();
}

#[tokio::test]
async fn an_entry_edited_behind_the_stores_back_breaks_the_chain_at_that_entry() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_three_entries(&dir).await;
    let conn = Connection::open(store.path()).unwrap();
    conn.execute_batch(
        "DROP TRIGGER audit_is_append_only_update;
         UPDATE audit SET actor = 'someone.else' WHERE seq = 2;",
    )
    .unwrap();
    let audit = store.audit_entries(1, 10).await.unwrap();
    assert_eq!(audit[1].draft.actor.as_str(), "someone.else");
    let broken = verify_chain(&audit).unwrap_err();
    assert_eq!(broken.seq, 2);
}

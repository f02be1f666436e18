//! `stratmon-server verify-audit` names the first broken entry and exits 1
//! after an audit entry was edited behind the store's back.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::process::Command;

const SERVER: &str = env!("CARGO_BIN_EXE_stratmon-server");

#[test]
fn verify_audit_is_ok_on_an_intact_store_and_names_an_edited_entry() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store.sqlite");
    let init = Command::new(SERVER)
        .args(["init", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    assert!(init.status.success(), "{init:?}");

    let ok = Command::new(SERVER)
        .args(["verify-audit", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    assert!(ok.status.success(), "{ok:?}");
    assert!(
        String::from_utf8_lossy(&ok.stdout).starts_with("OK"),
        "{ok:?}"
    );

    // An intruder with file access drops the append-only trigger and rewrites
    // who created the first Admin.
    let conn = rusqlite::Connection::open(&data).unwrap();
    conn.execute_batch(
        "DROP TRIGGER audit_is_append_only_update;
         UPDATE audit SET actor = 'intruder' WHERE seq = 1;",
    )
    .unwrap();
    drop(conn);

    let broken = Command::new(SERVER)
        .args(["verify-audit", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    assert_eq!(broken.status.code(), Some(1), "{broken:?}");
    let out = format!(
        "{}{}",
        String::from_utf8_lossy(&broken.stdout),
        String::from_utf8_lossy(&broken.stderr)
    );
    assert!(out.contains("BROKEN: audit entry 1"), "{out}");
}

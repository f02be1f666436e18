#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! The maintenance commands refuse a store that does not exist rather than
//! creating an empty one.

use std::process::Command;

const SERVER: &str = env!("CARGO_BIN_EXE_stratmon-server");

#[test]
fn dump_and_verify_audit_on_a_missing_store_fail_without_creating_it() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.sqlite");
    for args in [&["verify-audit"][..], &["dump", "--out", "x.dump"][..]] {
        let failed = Command::new(SERVER)
            .current_dir(dir.path())
            .args(args)
            .arg("--data")
            .arg(&missing)
            .output()
            .unwrap();
        assert_eq!(failed.status.code(), Some(1), "{failed:?}");
        let stderr = String::from_utf8_lossy(&failed.stderr);
        assert!(stderr.contains("no store"), "{stderr}");
    }
    assert!(!missing.exists());
    assert!(!dir.path().join("x.dump").exists());
}

#[test]
fn an_unknown_subcommand_is_a_usage_error() {
    let failed = Command::new(SERVER).arg("frobnicate").output().unwrap();
    assert_eq!(failed.status.code(), Some(2), "{failed:?}");
}

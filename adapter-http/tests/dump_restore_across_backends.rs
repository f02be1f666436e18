#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! A SQLite store dumped and restored into sled verifies on both sides and
//! dumps to the same bytes.

use std::path::Path;
use std::process::{Command, Output};

const SERVER: &str = env!("CARGO_BIN_EXE_stratmon-server");

fn run(args: &[&str], paths: &[(&str, &Path)]) -> Output {
    let mut command = Command::new(SERVER);
    command.args(args);
    for (flag, path) in paths {
        command.arg(flag).arg(path);
    }
    let output = command.output().unwrap();
    assert!(output.status.success(), "{args:?}: {output:?}");
    output
}

#[test]
fn a_sqlite_dump_restored_into_sled_verifies_and_dumps_to_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("store.sqlite");
    let sled = dir.path().join("store.sled");
    let first = dir.path().join("first.dump");
    let second = dir.path().join("second.dump");

    run(&["init"], &[("--data", &sqlite)]);
    run(&["dump"], &[("--data", &sqlite), ("--out", &first)]);
    let restored = run(
        &["restore", "--backend", "sled"],
        &[("--data", &sled), ("--in", &first)],
    );
    assert!(
        String::from_utf8_lossy(&restored.stdout).contains("restored"),
        "{restored:?}"
    );

    let on_sqlite = run(&["verify-audit"], &[("--data", &sqlite)]);
    let on_sled = run(&["verify-audit", "--backend", "sled"], &[("--data", &sled)]);
    let on_sqlite = String::from_utf8_lossy(&on_sqlite.stdout).into_owned();
    assert!(on_sqlite.starts_with("OK"), "{on_sqlite}");
    assert!(on_sqlite.contains("1 entries"), "{on_sqlite}");
    assert_eq!(on_sqlite, String::from_utf8_lossy(&on_sled.stdout));

    run(
        &["dump", "--backend", "sled"],
        &[("--data", &sled), ("--out", &second)],
    );
    let first = std::fs::read(first).unwrap();
    assert!(!first.is_empty());
    assert_eq!(first, std::fs::read(second).unwrap());
}

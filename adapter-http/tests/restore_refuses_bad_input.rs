#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! `restore` refuses a truncated dump and a non-empty target, and writes
//! nothing.

use std::path::Path;
use std::process::{Command, Output};

const SERVER: &str = env!("CARGO_BIN_EXE_stratmon-server");

fn server(args: &[&str], paths: &[(&str, &Path)]) -> Output {
    let mut command = Command::new(SERVER);
    command.args(args);
    for (flag, path) in paths {
        command.arg(flag).arg(path);
    }
    command.output().unwrap()
}

/// A dump of a freshly initialised SQLite store.
fn dump_of_a_new_store(dir: &Path) -> std::path::PathBuf {
    let store = dir.join("source.sqlite");
    let file = dir.join("source.dump");
    assert!(server(&["init"], &[("--data", &store)]).status.success());
    assert!(
        server(&["dump"], &[("--data", &store), ("--out", &file)])
            .status
            .success()
    );
    file
}

#[test]
fn restoring_a_truncated_dump_fails_with_one_line_and_leaves_the_target_empty() {
    let dir = tempfile::tempdir().unwrap();
    let whole = std::fs::read(dump_of_a_new_store(dir.path())).unwrap();
    let truncated = dir.path().join("truncated.dump");
    std::fs::write(&truncated, &whole[..whole.len() - 20]).unwrap();

    for backend in ["sqlite", "sled"] {
        let target = dir.path().join(format!("target-{backend}"));
        let failed = server(
            &["restore", "--backend", backend],
            &[("--data", &target), ("--in", &truncated)],
        );
        let stderr = String::from_utf8_lossy(&failed.stderr);
        assert_eq!(failed.status.code(), Some(1), "{failed:?}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        assert!(stderr.contains("truncated.dump"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        // The file is checked before the target is opened, so none is created.
        assert!(!target.exists(), "{}", target.display());

        // Nothing was written: the target is still free for a good restore.
        let good = dir.path().join("source.dump");
        let restored = server(
            &["restore", "--backend", backend],
            &[("--data", &target), ("--in", &good)],
        );
        assert!(restored.status.success(), "{restored:?}");
    }
}

#[test]
fn restoring_into_a_non_empty_store_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dump_of_a_new_store(dir.path());
    let target = dir.path().join("target.sqlite");
    assert!(server(&["init"], &[("--data", &target)]).status.success());
    let before = server(
        &["dump"],
        &[("--data", &target), ("--out", &dir.path().join("before"))],
    );
    assert!(before.status.success());

    let refused = server(&["restore"], &[("--data", &target), ("--in", &file)]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{refused:?}");
    assert!(stderr.contains("not empty"), "{stderr}");

    assert!(
        server(
            &["dump"],
            &[("--data", &target), ("--out", &dir.path().join("after"))]
        )
        .status
        .success()
    );
    assert_eq!(
        std::fs::read(dir.path().join("before")).unwrap(),
        std::fs::read(dir.path().join("after")).unwrap()
    );
}

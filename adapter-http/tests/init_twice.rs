#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! `stratmon-server init` creates the store once and refuses a second time.

use std::process::Command;

const SERVER: &str = env!("CARGO_BIN_EXE_stratmon-server");

#[test]
fn init_prints_the_one_time_password_once_and_a_second_init_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store.sqlite");

    let first = Command::new(SERVER)
        .args(["init", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert!(first.status.success(), "{first:?}");
    assert!(stdout.contains("one-time password `"), "{stdout}");

    let second = Command::new(SERVER)
        .args(["init", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&second.stdout);
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(1), "{second:?}");
    assert!(!stdout.contains("password"), "{stdout}");
    assert!(stderr.contains("already initialised"), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
}

#[test]
fn init_on_a_sled_directory_is_refused_the_second_time_too() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store.sled");
    let init = || {
        Command::new(SERVER)
            .args(["init", "--backend", "sled", "--data"])
            .arg(&data)
            .output()
            .unwrap()
    };
    assert!(init().status.success());
    assert_eq!(init().status.code(), Some(1));
}

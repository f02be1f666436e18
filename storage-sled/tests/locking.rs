//! sled lets one process at a time open a database: a second opener gets a
//! clear storage error instead of corrupting it, and can open it once the
//! first has closed it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use stratmon_core::ErrorKind;
use stratmon_sled::SledStore;

#[test]
fn a_second_opener_of_an_open_database_is_refused_until_it_closes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let first = SledStore::open(&path).unwrap();
    let err = SledStore::open(&path).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Storage);
    assert!(
        err.to_string().contains("is open in another process"),
        "{err}"
    );
    drop(first);
    SledStore::open(&path).unwrap();
}

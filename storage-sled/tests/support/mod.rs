//! Shared by the sled tests that edit a database behind the store.

use std::path::Path;

/// Opens the sled database at `path` directly, as a tool editing the files
/// would. Waits, as `SledStore::open` does, for the file lock that sled's
/// background flusher still holds for a moment after a store over the same
/// directory was dropped; a bounded number of attempts, not a deadline.
pub fn open_raw(path: &Path) -> sled::Db {
    let mut pause = std::time::Duration::from_millis(1);
    for _ in 0..200 {
        match sled::open(path) {
            Ok(db) => return db,
            Err(sled::Error::Io(io)) if io.to_string().starts_with("could not acquire lock") => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(std::time::Duration::from_millis(50));
            }
            Err(other) => panic!("cannot open {}: {other}", path.display()),
        }
    }
    panic!("{} stayed locked", path.display())
}

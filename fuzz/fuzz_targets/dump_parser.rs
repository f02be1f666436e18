//! `stratmon-server restore`: a dump file read and checked by
//! `stratmon_core::store::dump::read`, then restored into an empty store.
//!
//! Random bytes almost never carry a matching SHA-256 trailer, which would
//! stop every input at the checksum; so when the first byte is odd the
//! harness drops the input's trailer lines and seals the rest with a correct
//! one (counts and checksum), as anyone can, and the records and the audit
//! chain behind it get fuzzed too.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use stratmon_core::store::{MemoryStore, Store, dump};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let input = if mode & 1 == 1 {
        stratmon_fuzz::sealed_dump(rest)
    } else {
        rest.to_vec()
    };
    if dump::read(input.as_slice()).is_err() {
        return;
    }
    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    let restored =
        stratmon_fuzz::runtime().block_on(dump::restore(store.as_ref(), input.as_slice()));
    if restored.is_ok() {
        let _ = stratmon_fuzz::runtime().block_on(store.audit_entries(1, 1000));
    }
});

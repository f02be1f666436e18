//! The tamper-evident audit log: every change is recorded in the same storage
//! transaction as the change itself, and each entry's SHA-256 hash covers the
//! previous entry's hash, so editing or removing any entry breaks the chain
//! from that point on.

mod entry;
mod query;
mod verify;

pub use entry::{AuditDraft, AuditEntry, GENESIS_HASH, ObjectRef};
pub use query::AuditQuery;
pub use verify::{ChainBreak, ChainReport, verify_chain};

//! Schema versions and the migrations that run on open, in order.
//!
//! Each migration is idempotent and the new version is written only after the
//! migration's writes are flushed, so a process killed mid-migration leaves a
//! database that the next open migrates again from the start.

use sled::Batch;

use crate::error::SledError;
use crate::layout::{
    AUDIT_HEAD_KEY, Head, RECORD_V2, SCHEMA_VERSION_KEY, decode_audit, decode_record,
    decode_schema_version, encode_record, encode_schema_version, index_key, split_record_key,
};
use crate::store::Trees;

/// The schema version this build writes. Older databases are migrated to it
/// on open; newer ones are refused.
pub const SCHEMA_VERSION: u32 = 2;

/// The oldest schema version this build can migrate from.
const OLDEST: u32 = 1;

/// How many records a migration writes per batch.
const BATCH: usize = 10_000;

/// One step from the previous schema version to `to`.
struct Migration {
    to: u32,
    run: fn(&Trees) -> Result<(), SledError>,
}

/// Every migration, oldest first.
const MIGRATIONS: &[Migration] = &[Migration {
    to: 2,
    run: partition_index_and_compact_records,
}];

/// Brings the database at `trees` to [`SCHEMA_VERSION`]: stamps a new
/// database, migrates an older one, refuses a newer one, and checks that the
/// audit head agrees with the log.
pub(crate) fn migrate(t: &Trees) -> Result<(), SledError> {
    let found = match t.meta.get(SCHEMA_VERSION_KEY)? {
        Some(v) => decode_schema_version(&v)?,
        None => {
            if !(t.records.is_empty() && t.audit.is_empty() && t.index.is_empty()) {
                return Err(SledError::Corrupt(
                    "it holds data but no schema version, so it is not a stratmon store".into(),
                ));
            }
            set_version(t, SCHEMA_VERSION)?;
            return Ok(());
        }
    };
    if found > SCHEMA_VERSION {
        return Err(SledError::NewerSchema {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    if found < OLDEST {
        return Err(SledError::Corrupt(format!(
            "schema version {found} was never written by stratmon"
        )));
    }
    for step in MIGRATIONS.iter().filter(|m| m.to > found) {
        (step.run)(t)?;
        t.db.flush()?;
        set_version(t, step.to)?;
    }
    check_head(t)
}

fn set_version(t: &Trees, version: u32) -> Result<(), SledError> {
    t.meta
        .insert(SCHEMA_VERSION_KEY, &encode_schema_version(version))?;
    t.db.flush()?;
    Ok(())
}

/// The head in `meta` names the last entry of the log.
fn check_head(t: &Trees) -> Result<(), SledError> {
    let head = t
        .meta
        .get(AUDIT_HEAD_KEY)?
        .map(|v| Head::decode(&v))
        .transpose()?;
    let last = match t.audit.last()? {
        Some((k, v)) => Some(Head::of(&decode_audit(&k, &v)?)),
        None => None,
    };
    match (head, last) {
        (None, None) => Ok(()),
        (Some(head), None) if head == Head::genesis() => Ok(()),
        (Some(head), Some(last)) if head == last => Ok(()),
        (head, last) => Err(SledError::Corrupt(format!(
            "the audit head (entry {}) does not match the last audit entry ({})",
            head.map_or(0, |h| h.seq),
            last.map_or(0, |h| h.seq)
        ))),
    }
}

/// Version 1 → 2: builds the partition index, re-encodes records compactly
/// (version 2 header instead of whole-record JSON) and records the audit head.
fn partition_index_and_compact_records(t: &Trees) -> Result<(), SledError> {
    t.index.clear()?;
    let mut records = Batch::default();
    let mut index = Batch::default();
    let mut pending = 0usize;
    for item in t.records.iter() {
        let (raw_key, value) = item?;
        let (collection, key) = split_record_key(&raw_key)?;
        let record = decode_record(collection, &key, &value)?;
        index.insert(index_key(collection, &record.partition, &key), &[]);
        if value.first() != Some(&RECORD_V2) {
            records.insert(
                raw_key,
                encode_record(record.version, &record.partition, &record.body)?,
            );
        }
        pending += 1;
        if pending == BATCH {
            t.records.apply_batch(std::mem::take(&mut records))?;
            t.index.apply_batch(std::mem::take(&mut index))?;
            pending = 0;
        }
    }
    t.records.apply_batch(records)?;
    t.index.apply_batch(index)?;
    let head = match t.audit.last()? {
        Some((k, v)) => Head::of(&decode_audit(&k, &v)?),
        None => Head::genesis(),
    };
    if head.seq > 0 || !t.records.is_empty() {
        t.meta.insert(AUDIT_HEAD_KEY, head.encode())?;
    }
    Ok(())
}

//! How stratmon data sits in sled: tree names, key layouts and the versioned
//! value encodings. Everything that turns bytes into records and back is here,
//! so the store and the migrations share one definition.
//!
//! Schema version 2 (current):
//!
//! | tree      | key                                   | value                                   |
//! |-----------|---------------------------------------|-----------------------------------------|
//! | `records` | `collection 0x00 key`                 | [`RECORD_V2`], version (u64 BE), partition length (u32 BE), partition, body |
//! | `index`   | `collection 0x00 partition 0x00 key`  | empty                                   |
//! | `audit`   | seq (u64 BE)                          | [`AUDIT_JSON`], the sealed entry as JSON |
//! | `meta`    | `schema_version`                      | u32 BE                                  |
//! | `meta`    | `audit_head`                          | last seq (u64 BE), its hash (ASCII hex) |
//!
//! Schema version 1 had no `index` tree and no `audit_head`, and stored each
//! record as [`RECORD_V1`] followed by the whole record as JSON.
//!
//! Collection names never contain `0x00`, so the first `0x00` of a record key
//! ends the collection and keys sort by their bytes within it. A partition is
//! escaped (`0x00` → `0x01 0x01`, `0x01` → `0x01 0x02`), so the `0x00` after it
//! is unambiguous and one partition is one prefix; ordinary partitions are
//! stored as they are.

use stratmon_core::audit::{AuditEntry, GENESIS_HASH};
use stratmon_core::store::{Collection, Record};

use crate::error::SledError;

/// Tree of records.
pub(crate) const RECORDS: &[u8] = b"records";
/// Tree of partition index entries (from schema version 2).
pub(crate) const INDEX: &[u8] = b"index";
/// Tree of audit entries.
pub(crate) const AUDIT: &[u8] = b"audit";
/// Tree of store-wide facts.
pub(crate) const META: &[u8] = b"meta";

/// Meta key of the schema version.
pub(crate) const SCHEMA_VERSION_KEY: &[u8] = b"schema_version";
/// Meta key of the audit head (from schema version 2).
pub(crate) const AUDIT_HEAD_KEY: &[u8] = b"audit_head";

/// Record encoding of schema version 1: a tag, then the record as JSON.
pub(crate) const RECORD_V1: u8 = 1;
/// Record encoding of schema version 2: a tag, then a compact header and the body.
pub(crate) const RECORD_V2: u8 = 2;
/// Audit entry encoding: a tag, then the sealed entry as JSON.
pub(crate) const AUDIT_JSON: u8 = 1;

const SEPARATOR: u8 = 0;
const ESCAPE: u8 = 1;

/// `collection 0x00`: the prefix of every record of a collection.
pub(crate) fn collection_prefix(collection: Collection) -> Vec<u8> {
    let name = collection.as_str().as_bytes();
    let mut out = Vec::with_capacity(name.len() + 1);
    out.extend_from_slice(name);
    out.push(SEPARATOR);
    out
}

/// `collection 0x00 key`.
pub(crate) fn record_key(collection: Collection, key: &str) -> Vec<u8> {
    let mut out = collection_prefix(collection);
    out.extend_from_slice(key.as_bytes());
    out
}

/// `collection 0x00 partition 0x00`: the prefix of one partition's index entries.
pub(crate) fn partition_prefix(collection: Collection, partition: &str) -> Vec<u8> {
    let mut out = collection_prefix(collection);
    for &b in partition.as_bytes() {
        match b {
            SEPARATOR => out.extend_from_slice(&[ESCAPE, 1]),
            ESCAPE => out.extend_from_slice(&[ESCAPE, 2]),
            other => out.push(other),
        }
    }
    out.push(SEPARATOR);
    out
}

/// `collection 0x00 partition 0x00 key`.
pub(crate) fn index_key(collection: Collection, partition: &str, key: &str) -> Vec<u8> {
    let mut out = partition_prefix(collection, partition);
    out.extend_from_slice(key.as_bytes());
    out
}

/// The collection a record key belongs to, and the record's own key.
pub(crate) fn split_record_key(raw: &[u8]) -> Result<(Collection, String), SledError> {
    let corrupt = || SledError::Corrupt(format!("record key `{}` has no collection", lossy(raw)));
    let at = raw
        .iter()
        .position(|&b| b == SEPARATOR)
        .ok_or_else(corrupt)?;
    let (name, rest) = raw.split_at(at);
    let collection = Collection::ALL
        .into_iter()
        .find(|c| c.as_str().as_bytes() == name)
        .ok_or_else(|| {
            SledError::Corrupt(format!(
                "record key names unknown collection `{}`",
                lossy(name)
            ))
        })?;
    Ok((collection, utf8(&rest[1..], "record key")?))
}

/// The key part of a scanned key after `prefix`.
pub(crate) fn key_after(raw: &[u8], prefix: &[u8]) -> Result<String, SledError> {
    utf8(raw.get(prefix.len()..).unwrap_or_default(), "record key")
}

fn utf8(bytes: &[u8], what: &str) -> Result<String, SledError> {
    String::from_utf8(bytes.to_vec())
        .map_err(|_| SledError::Corrupt(format!("{what} `{}` is not UTF-8", lossy(bytes))))
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Encodes a record value in the current encoding.
pub(crate) fn encode_record(
    version: u64,
    partition: &str,
    body: &str,
) -> Result<Vec<u8>, SledError> {
    let partition_len = u32::try_from(partition.len()).map_err(|_| {
        SledError::Corrupt(format!(
            "partition of {} bytes is too long",
            partition.len()
        ))
    })?;
    let mut out = Vec::with_capacity(1 + 8 + 4 + partition.len() + body.len());
    out.push(RECORD_V2);
    out.extend_from_slice(&version.to_be_bytes());
    out.extend_from_slice(&partition_len.to_be_bytes());
    out.extend_from_slice(partition.as_bytes());
    out.extend_from_slice(body.as_bytes());
    Ok(out)
}

/// The version and partition of a stored record, without copying its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Header {
    pub(crate) version: u64,
    pub(crate) partition: String,
}

fn fixed<const N: usize>(bytes: &[u8], at: usize) -> Option<[u8; N]> {
    bytes.get(at..at + N)?.try_into().ok()
}

/// Splits a v2 value into its header and the position where the body starts.
fn split_v2(value: &[u8]) -> Option<(u64, &[u8], usize)> {
    let version = u64::from_be_bytes(fixed(value, 1)?);
    let len = usize::try_from(u32::from_be_bytes(fixed(value, 9)?)).ok()?;
    let partition = value.get(13..13 + len)?;
    Some((version, partition, 13 + len))
}

fn truncated(collection: Collection, key: &str) -> SledError {
    SledError::Corrupt(format!(
        "record {} `{key}` is truncated",
        collection.as_str()
    ))
}

fn unknown_encoding(collection: Collection, key: &str, tag: Option<u8>) -> SledError {
    match tag {
        Some(tag) => SledError::UnknownEncoding {
            what: format!("record {} `{key}`", collection.as_str()),
            tag,
        },
        None => SledError::Corrupt(format!("record {} `{key}` is empty", collection.as_str())),
    }
}

fn decode_v1(collection: Collection, key: &str, value: &[u8]) -> Result<Record, SledError> {
    let record: Record =
        serde_json::from_slice(value.get(1..).unwrap_or_default()).map_err(|e| {
            SledError::Corrupt(format!(
                "record {} `{key}` (encoding 1) cannot be read: {e}",
                collection.as_str()
            ))
        })?;
    if record.collection != collection || record.key != key {
        return Err(SledError::Corrupt(format!(
            "record {} `{key}` holds {} `{}`",
            collection.as_str(),
            record.collection.as_str(),
            record.key
        )));
    }
    Ok(record)
}

/// Reads a stored record's version and partition, in any known encoding.
pub(crate) fn decode_header(
    collection: Collection,
    key: &str,
    value: &[u8],
) -> Result<Header, SledError> {
    match value.first().copied() {
        Some(RECORD_V2) => {
            let (version, partition, _) =
                split_v2(value).ok_or_else(|| truncated(collection, key))?;
            Ok(Header {
                version,
                partition: utf8(partition, "partition")?,
            })
        }
        Some(RECORD_V1) => {
            let record = decode_v1(collection, key, value)?;
            Ok(Header {
                version: record.version,
                partition: record.partition,
            })
        }
        tag => Err(unknown_encoding(collection, key, tag)),
    }
}

/// Reads a stored record, in any known encoding.
pub(crate) fn decode_record(
    collection: Collection,
    key: &str,
    value: &[u8],
) -> Result<Record, SledError> {
    match value.first().copied() {
        Some(RECORD_V2) => {
            let (version, partition, body_at) =
                split_v2(value).ok_or_else(|| truncated(collection, key))?;
            Ok(Record {
                collection,
                key: key.to_owned(),
                partition: utf8(partition, "partition")?,
                version,
                body: utf8(value.get(body_at..).unwrap_or_default(), "record body")?,
            })
        }
        Some(RECORD_V1) => decode_v1(collection, key, value),
        tag => Err(unknown_encoding(collection, key, tag)),
    }
}

/// The key of audit entry `seq`: big-endian, so the tree iterates in order.
pub(crate) fn audit_key(seq: u64) -> [u8; 8] {
    seq.to_be_bytes()
}

/// Encodes a sealed audit entry.
pub(crate) fn encode_audit(entry: &AuditEntry) -> Result<Vec<u8>, SledError> {
    let mut out = vec![AUDIT_JSON];
    serde_json::to_writer(&mut out, entry).map_err(|e| {
        SledError::Corrupt(format!("audit entry {} cannot be encoded: {e}", entry.seq))
    })?;
    Ok(out)
}

/// Decodes a stored audit entry and checks it sits under its own sequence number.
pub(crate) fn decode_audit(raw_key: &[u8], value: &[u8]) -> Result<AuditEntry, SledError> {
    let seq = fixed::<8>(raw_key, 0)
        .filter(|_| raw_key.len() == 8)
        .map(u64::from_be_bytes)
        .ok_or_else(|| SledError::Corrupt("an audit key is not a sequence number".into()))?;
    match value.first().copied() {
        Some(AUDIT_JSON) => {
            let entry: AuditEntry = serde_json::from_slice(value.get(1..).unwrap_or_default())
                .map_err(|e| {
                    SledError::Corrupt(format!("audit entry {seq} cannot be read: {e}"))
                })?;
            if entry.seq != seq {
                return Err(SledError::Corrupt(format!(
                    "audit entry {} is stored under sequence number {seq}",
                    entry.seq
                )));
            }
            Ok(entry)
        }
        Some(tag) => Err(SledError::UnknownEncoding {
            what: format!("audit entry {seq}"),
            tag,
        }),
        None => Err(SledError::Corrupt(format!("audit entry {seq} is empty"))),
    }
}

/// The last sealed entry: its sequence number and hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Head {
    pub(crate) seq: u64,
    pub(crate) hash: String,
}

impl Head {
    /// The head of an empty log.
    pub(crate) fn genesis() -> Self {
        Head {
            seq: 0,
            hash: GENESIS_HASH.to_owned(),
        }
    }

    /// The head after `entry`.
    pub(crate) fn of(entry: &AuditEntry) -> Self {
        Head {
            seq: entry.seq,
            hash: entry.hash.clone(),
        }
    }

    pub(crate) fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(8 + self.hash.len());
        out.extend_from_slice(&self.seq.to_be_bytes());
        out.extend_from_slice(self.hash.as_bytes());
        out
    }

    pub(crate) fn decode(value: &[u8]) -> Result<Self, SledError> {
        let seq = fixed::<8>(value, 0)
            .map(u64::from_be_bytes)
            .ok_or_else(|| SledError::Corrupt("the audit head is truncated".into()))?;
        Ok(Head {
            seq,
            hash: utf8(&value[8..], "audit head hash")?,
        })
    }
}

/// Encodes a schema version for the meta tree.
pub(crate) fn encode_schema_version(version: u32) -> [u8; 4] {
    version.to_be_bytes()
}

/// Decodes the meta tree's schema version.
pub(crate) fn decode_schema_version(value: &[u8]) -> Result<u32, SledError> {
    fixed::<4>(value, 0)
        .filter(|_| value.len() == 4)
        .map(u32::from_be_bytes)
        .ok_or_else(|| SledError::Corrupt("the schema version is not a 4-byte number".into()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly")]

    use super::*;

    #[test]
    fn a_partition_with_separator_bytes_is_its_own_prefix() {
        let plain = partition_prefix(Collection::Event, "a");
        let tricky = partition_prefix(Collection::Event, "a\0b");
        let also = index_key(Collection::Event, "a", "b\0c");
        assert!(!tricky.starts_with(&plain));
        assert!(!also.starts_with(&tricky));
        assert_eq!(partition_prefix(Collection::Event, "p"), b"event\0p\0");
    }

    #[test]
    fn records_round_trip_in_the_current_encoding() {
        let value = encode_record(7, "часть", "{\"a\":\"ж\"}").unwrap();
        let r = decode_record(Collection::User, "k", &value).unwrap();
        assert_eq!(
            (r.version, r.partition.as_str(), r.body.as_str()),
            (7, "часть", "{\"a\":\"ж\"}")
        );
        let h = decode_header(Collection::User, "k", &value).unwrap();
        assert_eq!(h.version, 7);
    }

    #[test]
    fn an_unknown_encoding_names_its_tag() {
        let err = decode_record(Collection::User, "k", &[9, 1, 2]).unwrap_err();
        assert!(err.to_string().contains("encoding version 9"), "{err}");
    }

    #[test]
    fn a_truncated_record_is_corrupt() {
        let value = encode_record(1, "partition", "{}").unwrap();
        let err = decode_record(Collection::User, "k", &value[..12]).unwrap_err();
        assert!(err.to_string().contains("truncated"), "{err}");
    }
}

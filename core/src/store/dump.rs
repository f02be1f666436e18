//! Dumping a whole store to one portable file and restoring it into any
//! backend: backups, and moving between backends (sled → SQLite).
//!
//! The format is JSON Lines: a header naming the format and its version, one
//! line per record, one per audit entry, and a trailer with the counts and a
//! SHA-256 over every line before it, so that a truncated or edited file is
//! refused before anything is written.

use std::io::{BufRead, Write};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Collection, Record, Store};
use crate::audit::{AuditEntry, verify_chain};
use crate::error::{Error, Result};

/// The format name in the header.
pub const FORMAT: &str = "stratmon-dump";
/// The format version this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
enum Line {
    Header {
        format: String,
        version: u32,
    },
    Record(Record),
    Audit(AuditEntry),
    End {
        records: u64,
        audit: u64,
        sha256: String,
    },
}

/// What a dump held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DumpSummary {
    /// Records written or read.
    pub records: u64,
    /// Audit entries written or read.
    pub audit: u64,
}

fn io_error(e: impl std::fmt::Display) -> Error {
    Error::storage("dump", format!("i/o error: {e}"))
}

fn corrupt(line: usize, why: impl std::fmt::Display) -> Error {
    Error::invalid("dump", format!("line {line}: {why}"))
}

struct Writer<W> {
    out: W,
    hash: Sha256,
}

impl<W: Write> Writer<W> {
    fn line(&mut self, line: &Line) -> Result<()> {
        let mut text = serde_json::to_string(line).map_err(io_error)?;
        text.push('\n');
        self.hash.update(text.as_bytes());
        self.out.write_all(text.as_bytes()).map_err(io_error)
    }
}

/// Writes everything `store` holds to `out`. The output depends only on the
/// contents, so dump → restore → dump gives the same bytes.
pub async fn dump(store: &dyn Store, out: impl Write) -> Result<DumpSummary> {
    let mut w = Writer {
        out,
        hash: Sha256::new(),
    };
    w.line(&Line::Header {
        format: FORMAT.into(),
        version: FORMAT_VERSION,
    })?;
    let mut records = 0u64;
    for collection in Collection::ALL {
        for record in store.list(collection, None).await? {
            w.line(&Line::Record(record))?;
            records += 1;
        }
    }
    let mut audit = 0u64;
    let mut from = 1;
    loop {
        let page = store.audit_entries(from, 1000).await?;
        let Some(last) = page.last() else { break };
        from = last.seq + 1;
        for entry in page {
            w.line(&Line::Audit(entry))?;
            audit += 1;
        }
    }
    let sha256 = hex::encode(w.hash.clone().finalize());
    w.line(&Line::End {
        records,
        audit,
        sha256,
    })?;
    w.out.flush().map_err(io_error)?;
    Ok(DumpSummary { records, audit })
}

/// Reads and checks a whole dump: header, every line, counts, checksum and the
/// audit chain. Nothing is written anywhere.
pub fn read(input: impl BufRead) -> Result<(Vec<Record>, Vec<AuditEntry>)> {
    let mut hash = Sha256::new();
    let mut records = Vec::new();
    let mut audit = Vec::new();
    let mut seen_header = false;
    let mut end = None;
    for (i, line) in input.lines().enumerate() {
        let n = i + 1;
        let text = line.map_err(|e| corrupt(n, format!("unreadable: {e}")))?;
        if end.is_some() {
            return Err(corrupt(n, "data after the end line"));
        }
        let parsed: Line =
            serde_json::from_str(&text).map_err(|e| corrupt(n, format!("not a dump line: {e}")))?;
        match parsed {
            Line::Header { format, version } => {
                if seen_header || n != 1 {
                    return Err(corrupt(n, "a second header"));
                }
                if format != FORMAT {
                    return Err(corrupt(n, format!("format `{format}` is not `{FORMAT}`")));
                }
                if version != FORMAT_VERSION {
                    return Err(corrupt(
                        n,
                        format!(
                            "format version {version} is not supported (this build reads {FORMAT_VERSION})"
                        ),
                    ));
                }
                seen_header = true;
            }
            _ if !seen_header => return Err(corrupt(n, "the header is missing")),
            Line::Record(r) => records.push(r),
            Line::Audit(a) => audit.push(a),
            Line::End {
                records: nr,
                audit: na,
                sha256,
            } => {
                let actual = hex::encode(hash.clone().finalize());
                if actual != sha256 {
                    return Err(corrupt(n, "checksum mismatch: the file was altered"));
                }
                if nr != records.len() as u64 || na != audit.len() as u64 {
                    return Err(corrupt(n, "counts do not match the lines read"));
                }
                end = Some(n);
                continue;
            }
        }
        hash.update(text.as_bytes());
        hash.update(b"\n");
    }
    if !seen_header {
        return Err(corrupt(1, "empty file"));
    }
    if end.is_none() {
        return Err(Error::invalid(
            "dump",
            "the end line is missing: the file is truncated",
        ));
    }
    let mut keys = std::collections::BTreeSet::new();
    for r in &records {
        if !keys.insert((r.collection, r.key.as_str())) {
            return Err(Error::invalid(
                "dump",
                format!("record {} `{}` appears twice", r.collection.as_str(), r.key),
            ));
        }
    }
    verify_chain(&audit)
        .map_err(|b| Error::invalid("dump", format!("audit entry {}: {}", b.seq, b.reason)))?;
    Ok((records, audit))
}

/// Restores a dump into an empty `store`. A corrupt, truncated or foreign file
/// is refused before anything is written; so is a non-empty target.
pub async fn restore(store: &dyn Store, input: impl BufRead) -> Result<DumpSummary> {
    let (records, audit) = read(input)?;
    let summary = DumpSummary {
        records: records.len() as u64,
        audit: audit.len() as u64,
    };
    store.restore(records, audit).await?;
    Ok(summary)
}

//! The audit log: reading, exporting and verifying it.

use serde::{Deserialize, Serialize};

use super::Service;
use crate::access::{Actor, Operation};
use crate::audit::{AuditEntry, AuditQuery, ChainBreak, ChainReport, verify_chain};
use crate::error::Result;

/// The outcome of verifying the audit chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum AuditVerdict {
    /// Every entry links and hashes correctly.
    Intact(ChainReport),
    /// The first entry that does not.
    Broken(ChainBreak),
}

/// How many entries are read from the store at a time.
const AUDIT_PAGE: usize = 1000;

impl Service {
    async fn all_audit_entries(&self) -> Result<Vec<AuditEntry>> {
        let mut out = Vec::new();
        let mut from = 1;
        loop {
            let page = self.store.audit_entries(from, AUDIT_PAGE).await?;
            let Some(last) = page.last() else { break };
            from = last.seq + 1;
            let full = page.len() == AUDIT_PAGE;
            out.extend(page);
            if !full {
                break;
            }
        }
        Ok(out)
    }

    /// Audit entries matching `query`, newest first (Coordinator, Admin).
    pub async fn audit(&self, actor: &Actor, query: &AuditQuery) -> Result<Vec<AuditEntry>> {
        self.authorized(actor, Operation::ReadAudit).await?;
        let mut entries: Vec<AuditEntry> = self
            .all_audit_entries()
            .await?
            .into_iter()
            .filter(|e| query.matches(e))
            .collect();
        entries.reverse();
        if let Some(limit) = query.limit {
            entries.truncate(limit);
        }
        Ok(entries)
    }

    /// Writes the entries matching `query` to `out` as JSON Lines, oldest
    /// first, each with its hash so the export can be checked against the
    /// chain (Coordinator, Admin). Returns how many were written.
    pub async fn export_audit(
        &self,
        actor: &Actor,
        query: &AuditQuery,
        mut out: impl std::io::Write,
    ) -> Result<u64> {
        let mut entries = self.audit(actor, query).await?;
        entries.reverse();
        let io = |e: std::io::Error| crate::Error::storage("export", e.to_string());
        for entry in &entries {
            let line = serde_json::to_string(entry)
                .map_err(|e| crate::Error::storage("export", e.to_string()))?;
            out.write_all(line.as_bytes()).map_err(io)?;
            out.write_all(b"\n").map_err(io)?;
        }
        out.flush().map_err(io)?;
        Ok(entries.len() as u64)
    }

    /// Recomputes the hash chain and names the first broken entry (Coordinator,
    /// Admin).
    pub async fn verify_audit(&self, actor: &Actor) -> Result<AuditVerdict> {
        self.authorized(actor, Operation::VerifyAudit).await?;
        let entries = self.all_audit_entries().await?;
        Ok(match verify_chain(&entries) {
            Ok(report) => AuditVerdict::Intact(report),
            Err(broken) => AuditVerdict::Broken(broken),
        })
    }
}

//! A store that keeps something alive for as long as it lives.

use std::any::Any;
use std::fmt;

use async_trait::async_trait;

use crate::audit::AuditEntry;
use crate::calendar::ReportingPeriod;
use crate::error::Result;
use crate::model::{
    AnnualPlanDigest, AnnualPlanRevision, EventDigest, EventId, Indicator, ParticipantId,
    ReachedPoint, ReportDigest, ReportRevision,
};
use crate::store::{ChangeSet, Collection, Record, Store};

/// Wraps a backend together with a guard — typically the temporary directory
/// its files live in — so the directory is removed only when the store is
/// dropped. Forwards every method, the provided ones included, so the suite
/// runs the backend's own implementations (a provided method left out here
/// would test the trait's default instead, silently).
pub struct Guarded<S> {
    store: S,
    _guard: Box<dyn Any + Send + Sync>,
}

impl<S: Store> Guarded<S> {
    /// `store`, keeping `guard` alive with it.
    pub fn new(store: S, guard: impl Any + Send + Sync) -> Self {
        Self {
            store,
            _guard: Box::new(guard),
        }
    }
}

impl<S: fmt::Debug> fmt::Debug for Guarded<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Guarded")
            .field("store", &self.store)
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl<S: Store> Store for Guarded<S> {
    fn backend(&self) -> &'static str {
        self.store.backend()
    }
    async fn get(&self, collection: Collection, key: &str) -> Result<Option<Record>> {
        self.store.get(collection, key).await
    }
    async fn list(&self, collection: Collection, partition: Option<&str>) -> Result<Vec<Record>> {
        self.store.list(collection, partition).await
    }
    async fn list_prefix(&self, collection: Collection, prefix: &str) -> Result<Vec<Record>> {
        self.store.list_prefix(collection, prefix).await
    }
    async fn commit(&self, change: ChangeSet) -> Result<AuditEntry> {
        self.store.commit(change).await
    }
    async fn event_digests(&self) -> Result<Vec<EventDigest>> {
        self.store.event_digests().await
    }
    async fn responsible_event_digests(
        &self,
        participant: &ParticipantId,
    ) -> Result<Vec<EventDigest>> {
        self.store.responsible_event_digests(participant).await
    }
    async fn event_indicators(&self, event: &EventId) -> Result<Vec<Indicator>> {
        self.store.event_indicators(event).await
    }
    async fn report_digests(
        &self,
        from: ReportingPeriod,
        to: ReportingPeriod,
    ) -> Result<Vec<ReportDigest>> {
        self.store.report_digests(from, to).await
    }
    async fn report_digests_without_spending(
        &self,
        from: ReportingPeriod,
        to: ReportingPeriod,
    ) -> Result<Vec<ReportDigest>> {
        self.store.report_digests_without_spending(from, to).await
    }
    async fn reached_points(&self, before_year: i32) -> Result<Vec<ReachedPoint>> {
        self.store.reached_points(before_year).await
    }
    async fn annual_plan_digests(&self, year: i32) -> Result<Vec<AnnualPlanDigest>> {
        self.store.annual_plan_digests(year).await
    }
    async fn event_report_revisions(
        &self,
        events: &[EventId],
        from: ReportingPeriod,
        to: ReportingPeriod,
    ) -> Result<Vec<Vec<ReportRevision>>> {
        self.store.event_report_revisions(events, from, to).await
    }
    async fn event_annual_plan_revisions(
        &self,
        events: &[EventId],
    ) -> Result<Vec<Vec<AnnualPlanRevision>>> {
        self.store.event_annual_plan_revisions(events).await
    }
    async fn audit_head(&self) -> Result<u64> {
        self.store.audit_head().await
    }
    async fn audit_entries(&self, from_seq: u64, limit: usize) -> Result<Vec<AuditEntry>> {
        self.store.audit_entries(from_seq, limit).await
    }
    async fn restore(&self, records: Vec<Record>, audit: Vec<AuditEntry>) -> Result<()> {
        self.store.restore(records, audit).await
    }
}

//! The storage seam. Backends implement [`Store`]: a few methods that load and
//! store opaque records and append audit entries atomically. Every rule lives
//! above this trait, in the [`crate::Service`]; a backend that passes the
//! conformance suite behaves like [`MemoryStore`], the reference.

pub mod dump;
mod memory;
mod record;
mod typed;

pub use memory::{MemoryStore, check_expect};
pub use record::{ChangeSet, Collection, Expect, Put, Record};
pub(crate) use typed::revision_prefix;
pub use typed::{StoreExt, Stored, decode, encode, report_period_of_key};

use async_trait::async_trait;

use crate::audit::AuditEntry;
use crate::calendar::ReportingPeriod;
use crate::error::Result;
use crate::model::{
    AnnualPlan, AnnualPlanDigest, AnnualPlanRevision, Event, EventDigest, EventId, Indicator,
    MonthlyReport, ParticipantId, ReachedPoint, ReportDigest, ReportRevision,
};

/// A storage backend.
///
/// Records are addressed by collection and key, carry a version the store
/// increments on every write, and may be grouped by a partition key for
/// listing (e.g. the reports of one event). Records are never deleted: the
/// plan keeps its history.
#[async_trait]
pub trait Store: Send + Sync + std::fmt::Debug {
    /// The backend's name for error messages (`memory`, `sqlite`, `sled`).
    fn backend(&self) -> &'static str;

    /// Loads one record.
    ///
    /// # Behavior
    /// Returns `Ok(None)` for a key never written; the returned record carries the
    /// version of its last write.
    async fn get(&self, collection: Collection, key: &str) -> Result<Option<Record>>;

    /// Lists records of a collection, all or one partition's, ordered by key.
    ///
    /// # Behavior
    /// Keys compare as byte strings; an unknown partition yields an empty list.
    async fn list(&self, collection: Collection, partition: Option<&str>) -> Result<Vec<Record>>;

    /// Applies a change set atomically and appends its audit entry.
    ///
    /// # Behavior
    /// Every put's [`Expect`] is checked against the stored version (puts earlier
    /// in the same set count). If any fails, returns `Conflict` naming the key and
    /// writes nothing, audit entry included. Otherwise writes every put with
    /// version `expected + 1` (1 for a new record), seals the audit draft as the
    /// next entry of the chain with [`crate::audit::AuditDraft::seal`], and
    /// returns that entry. Once this returns `Ok`, the change survives a crash.
    /// Concurrent commits are serialised: the chain never forks or skips.
    async fn commit(&self, change: ChangeSet) -> Result<AuditEntry>;

    /// Lists records of a collection whose key starts with `prefix`, ordered by
    /// key: the revisions of one report period (`event/period/`), say.
    ///
    /// # Behavior
    /// Same as filtering [`Store::list`] by key prefix. The provided method
    /// does exactly that; backends override it with an index range scan.
    async fn list_prefix(&self, collection: Collection, prefix: &str) -> Result<Vec<Record>> {
        Ok(self
            .list(collection, None)
            .await?
            .into_iter()
            .filter(|r| r.key.starts_with(prefix))
            .collect())
    }

    /// Digests of every event, ordered by id: what the consolidated report
    /// reads of the plan.
    ///
    /// # Behavior
    /// Same as decoding every event and taking [`EventDigest::of`] each, in
    /// key order. The provided method does exactly that; a backend that
    /// keeps the digests up to date as events are written overrides it, so
    /// that texts the report does not show never leave the store.
    async fn event_digests(&self) -> Result<Vec<EventDigest>> {
        let mut digests = Vec::new();
        for record in self.list(Collection::Event, None).await? {
            let event: Event = decode(&record, self.backend())?;
            digests.push(EventDigest::of(&event));
        }
        Ok(digests)
    }

    /// Digests of the events `participant` is responsible for (their
    /// partition), in key order: what an inbox reads of its events.
    ///
    /// # Behavior
    /// Same as [`Store::event_digests`] restricted to the events whose
    /// responsible executor is `participant`; an unknown participant has
    /// none. The provided method decodes that partition's events.
    async fn responsible_event_digests(
        &self,
        participant: &ParticipantId,
    ) -> Result<Vec<EventDigest>> {
        let mut digests = Vec::new();
        for record in self
            .list(Collection::Event, Some(participant.as_str()))
            .await?
        {
            let event: Event = decode(&record, self.backend())?;
            digests.push(EventDigest::of(&event));
        }
        Ok(digests)
    }

    /// The indicators linked to `event` (their `events` name it), excluded
    /// ones included, in key order: what checking a report of the event
    /// reads on every save and submit.
    ///
    /// # Behavior
    /// Same as decoding every indicator whose body names `event` (its id
    /// in quotes) and keeping those whose `events` contain it; an unknown
    /// event has none. A body that names the event and cannot be decoded is
    /// refused as damage; one that does not name it is not read, so one
    /// damaged indicator stops only the reports of the events it names. The
    /// provided method does exactly that; a backend that keeps an index of
    /// the links as indicators are written overrides it, so that a save does
    /// not read the whole collection.
    async fn event_indicators(&self, event: &EventId) -> Result<Vec<Indicator>> {
        // Ids need no escaping in JSON, so a body naming the event holds
        // this string.
        let quoted = format!("\"{event}\"");
        let mut linked = Vec::new();
        for record in self.list(Collection::Indicator, None).await? {
            if !record.body.contains(&quoted) {
                continue;
            }
            let indicator: Indicator = decode(&record, self.backend())?;
            if indicator.fields.events.contains(event) {
                linked.push(indicator);
            }
        }
        Ok(linked)
    }

    /// Digests of every monthly report revision, of every event, whose period
    /// lies in `from..=to`: what the consolidated report reads.
    ///
    /// # Behavior
    /// Same as decoding every monthly report in the range and taking
    /// [`ReportDigest::of`] each, in any order. The provided method does
    /// exactly that (skipping other periods by key before decoding); a
    /// backend that can pick fields out of the stored JSON overrides it, so
    /// that progress texts and histories never leave the store.
    async fn report_digests(
        &self,
        from: ReportingPeriod,
        to: ReportingPeriod,
    ) -> Result<Vec<ReportDigest>> {
        let mut digests = Vec::new();
        for record in self.list(Collection::MonthlyReport, None).await? {
            let in_range = report_period_of_key(&record.key).is_some_and(|p| p >= from && p <= to);
            if in_range {
                let report: MonthlyReport = decode(&record, self.backend())?;
                digests.push(ReportDigest::of(&report));
            }
        }
        Ok(digests)
    }

    /// [`Store::report_digests`] without the spending: every digest's
    /// `expenditures` left empty. What the consolidated report reads for the
    /// months before the one it shows, whose spending it does not use: a
    /// map less per row is about a tenth of the report's work.
    ///
    /// # Behavior
    /// Same as [`Store::report_digests`] with every digest's `expenditures`
    /// cleared, in any order. The provided method does exactly that; a
    /// backend that keeps digests overrides it and never reads the
    /// spending.
    async fn report_digests_without_spending(
        &self,
        from: ReportingPeriod,
        to: ReportingPeriod,
    ) -> Result<Vec<ReportDigest>> {
        let mut digests = self.report_digests(from, to).await?;
        for digest in &mut digests {
            digest.expenditures.clear();
        }
        Ok(digests)
    }

    /// The control points reached in the years before `before_year`: per
    /// event and control point, the actual date that the counted revision
    /// of the latest month before 1 January `before_year` carrying it gives.
    /// What derived statuses need from earlier years, so a summary reads
    /// whole digests of the months it shows only.
    ///
    /// # Behavior
    /// Same as [`ReachedPoint::latest_of`] over every report digest before
    /// that day, in any order. The provided method does exactly that; a
    /// backend that keeps these rows up to date as reports are written
    /// overrides it.
    async fn reached_points(&self, before_year: i32) -> Result<Vec<ReachedPoint>> {
        let last_year = before_year.saturating_sub(1);
        if last_year < ReportingPeriod::EARLIEST.year {
            return Ok(Vec::new());
        }
        let last = ReportingPeriod::new(last_year.min(ReportingPeriod::LATEST.year), 12)?;
        let digests = self.report_digests(ReportingPeriod::EARLIEST, last).await?;
        Ok(ReachedPoint::latest_of(&digests, before_year))
    }

    /// Digests of every annual plan revision, of every event, for `year`.
    ///
    /// # Behavior
    /// Same as decoding every annual plan of the year and taking
    /// [`AnnualPlanDigest::of`] each, in any order; the provided method does
    /// that, skipping other years by key before decoding.
    async fn annual_plan_digests(&self, year: i32) -> Result<Vec<AnnualPlanDigest>> {
        let year = year.to_string();
        let mut digests = Vec::new();
        for record in self.list(Collection::AnnualPlan, None).await? {
            if record.key.split('/').nth(1) == Some(year.as_str()) {
                let plan: AnnualPlan = decode(&record, self.backend())?;
                digests.push(AnnualPlanDigest::of(&plan));
            }
        }
        Ok(digests)
    }

    /// Where each monthly report revision of `events` whose period lies in
    /// `from..=to` stands: one list per event, in the order of `events`.
    /// What an inbox reads for one participant's events.
    ///
    /// # Behavior
    /// The list of an event is the same as decoding every monthly report of
    /// it in the range and taking [`ReportRevision::of`] each, in any order;
    /// an unknown event's list is empty. The provided method does exactly
    /// that, one event at a time; a backend that keeps digests reads them in
    /// one go, so the inbox at the month's end costs one read rather than
    /// several per event. Lists, not one list of pairs, so that no event id
    /// is copied per row.
    async fn event_report_revisions(
        &self,
        events: &[EventId],
        from: ReportingPeriod,
        to: ReportingPeriod,
    ) -> Result<Vec<Vec<ReportRevision>>> {
        let mut revisions = Vec::with_capacity(events.len());
        for event in events {
            let prefix = format!("{event}/");
            let mut theirs = Vec::new();
            for record in self.list_prefix(Collection::MonthlyReport, &prefix).await? {
                let in_range =
                    report_period_of_key(&record.key).is_some_and(|p| p >= from && p <= to);
                if in_range {
                    let report: MonthlyReport = decode(&record, self.backend())?;
                    theirs.push(ReportRevision::of(&report));
                }
            }
            revisions.push(theirs);
        }
        Ok(revisions)
    }

    /// Where every annual plan revision, of every year, of `events` stands:
    /// one list per event, in the order of `events`. What an inbox reads
    /// besides the monthly reports.
    ///
    /// # Behavior
    /// The list of an event is the same as decoding every annual plan of it
    /// and taking [`AnnualPlanRevision::of`] each, in any order; an unknown
    /// event's list is empty. The provided method does that, one event at a
    /// time.
    async fn event_annual_plan_revisions(
        &self,
        events: &[EventId],
    ) -> Result<Vec<Vec<AnnualPlanRevision>>> {
        let mut revisions = Vec::with_capacity(events.len());
        for event in events {
            let prefix = format!("{event}/");
            let mut theirs = Vec::new();
            for record in self.list_prefix(Collection::AnnualPlan, &prefix).await? {
                let plan: AnnualPlan = decode(&record, self.backend())?;
                theirs.push(AnnualPlanRevision::of(&plan));
            }
            revisions.push(theirs);
        }
        Ok(revisions)
    }

    /// Reads audit entries with `seq >= from_seq`, oldest first, at most `limit`.
    ///
    /// # Behavior
    /// Returns entries exactly as sealed, so that tampering done behind the
    /// core's back shows up in [`crate::audit::verify_chain`].
    async fn audit_entries(&self, from_seq: u64, limit: usize) -> Result<Vec<AuditEntry>>;

    /// The `seq` of the newest audit entry, 0 for an empty log: where a
    /// reader that follows the log from now on starts.
    ///
    /// # Behavior
    /// Any entry up to the answer was committed before the call returned.
    /// The provided default searches with one-entry [`Store::audit_entries`]
    /// reads (about 2 log₂ n of them), which the chain's lack of gaps makes
    /// exact; stores that index the log answer in one read.
    async fn audit_head(&self) -> Result<u64> {
        let exists = |seq: u64| async move {
            Ok::<_, crate::Error>(!self.audit_entries(seq, 1).await?.is_empty())
        };
        if !exists(1).await? {
            return Ok(0);
        }
        // Invariant: entry `low` exists, entry `high` did not when asked.
        let (mut low, mut high) = (1u64, 2u64);
        while exists(high).await? {
            low = high;
            high = high.saturating_mul(2);
        }
        while high - low > 1 {
            let middle = low + (high - low) / 2;
            if exists(middle).await? {
                low = middle;
            } else {
                high = middle;
            }
        }
        Ok(low)
    }

    /// Loads a whole store's contents into this one, as they are: records with
    /// their versions and partitions, audit entries with their hashes.
    ///
    /// # Behavior
    /// Refuses with `Conflict` and writes nothing unless this store is empty (no
    /// records, no audit entries). Otherwise writes everything in one
    /// transaction: after a crash the store is either empty or complete. The
    /// caller ([`dump::restore`]) has already checked the data.
    async fn restore(&self, records: Vec<Record>, audit: Vec<AuditEntry>) -> Result<()>;
}

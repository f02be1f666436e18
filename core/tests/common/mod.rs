//! Shared helpers for the core's behaviour tests.
#![allow(dead_code, reason = "each test file uses a different subset")]

use std::sync::Arc;

use chrono::{NaiveDate, TimeZone, Utc};
use rust_decimal::Decimal;
use stratmon_core::calendar::YearCorrections;
use stratmon_core::conformance::Fixture;
use stratmon_core::model::*;
use stratmon_core::store::{MemoryStore, StoreExt};
use stratmon_core::{Actor, ErrorKind, Result};

/// A fresh fixture region on a memory store.
pub async fn fixture() -> Fixture {
    Fixture::build(Arc::new(MemoryStore::new())).await.unwrap()
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Sets the fixture clock to noon local time (UTC+7) on the given day.
pub fn set_local_noon(f: &Fixture, y: i32, m: u32, d: u32) {
    f.clock.set(Utc.with_ymd_and_hms(y, m, d, 5, 0, 0).unwrap());
}

pub fn kind<T: std::fmt::Debug>(r: Result<T>) -> Option<ErrorKind> {
    r.err().map(|e| e.kind())
}

pub async fn participant(f: &Fixture, id: &str) -> Participant {
    f.service
        .store()
        .load::<Participant>(id)
        .await
        .unwrap()
        .unwrap()
}

pub async fn event(f: &Fixture) -> Event {
    f.service
        .store()
        .load::<Event>(f.event.as_str())
        .await
        .unwrap()
        .unwrap()
}

pub fn plan_content(year: i32) -> AnnualPlanContent {
    AnnualPlanContent {
        works: vec![Work {
            title: "Разработка проектной документации".into(),
            control_date: date(year, 6, 30),
            planned: [(FundingSource::Regional, Decimal::new(1_500_000, 0))].into(),
        }],
        explanations: Default::default(),
    }
}

/// Opens a Coordinator extension so the annual plan for `year` can be submitted now.
pub async fn extend_annual_window(f: &Fixture, year: i32) {
    extend_annual_window_through(&f.service, f, year).await;
}

/// The same through `service` (another service over the fixture's store).
pub async fn extend_annual_window_through(
    service: &stratmon_core::Service,
    f: &Fixture,
    year: i32,
) {
    service
        .open_window_extension(
            &f.coordinator,
            &"minstroy".parse().unwrap(),
            year,
            date(2026, 12, 31),
            "Продление по письму",
        )
        .await
        .unwrap();
}

/// The planner saves and submits the annual plan for `year`; returns its version.
pub async fn submitted_plan(f: &Fixture, year: i32) -> u64 {
    extend_annual_window(f, year).await;
    let saved = f
        .service
        .save_annual_plan(&f.planner, &f.event, year, 0, plan_content(year))
        .await
        .unwrap();
    f.service
        .submit_annual_plan(&f.planner, &f.event, year, saved.saved.version)
        .await
        .unwrap()
        .version
}

pub async fn accepted_plan(f: &Fixture, year: i32) -> u64 {
    let v = submitted_plan(f, year).await;
    f.service
        .accept_annual_plan(&f.analyst, &f.event, year, v)
        .await
        .unwrap()
        .version
}

pub async fn approved_plan(f: &Fixture, year: i32) -> u64 {
    let v = accepted_plan(f, year).await;
    f.service
        .approve_annual_plan(&f.head, &f.event, year, v)
        .await
        .unwrap()
        .version
}

pub async fn accepted_report(f: &Fixture) -> u64 {
    let v = f.submitted_report().await.unwrap();
    f.service
        .accept_report(&f.analyst, &f.event, f.period, v)
        .await
        .unwrap()
        .version
}

pub fn no_corrections(year: i32) -> YearCorrections {
    YearCorrections {
        year,
        transfers: vec![],
        extra_days_off: vec![],
        extra_working_days: vec![],
    }
}

pub fn actor(login: &str) -> Actor {
    Actor::user(login.parse().unwrap())
}

/// A store over another that counts the reads of records by collection and
/// can hold its next read of the audit log, for tests of what the service
/// keeps between calls.
#[derive(Debug)]
pub struct WatchedStore {
    inner: std::sync::Arc<dyn stratmon_core::store::Store>,
    reads: std::sync::Mutex<Vec<stratmon_core::store::Collection>>,
    log_reads: std::sync::atomic::AtomicUsize,
    revision_reads: std::sync::Mutex<Vec<RevisionRead>>,
    hold_log: std::sync::atomic::AtomicBool,
    release_log: tokio::sync::Notify,
}

/// One read of the revisions an inbox is computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RevisionRead {
    /// Report revisions of `events` from one month to another.
    Reports {
        events: Vec<EventId>,
        from: stratmon_core::calendar::ReportingPeriod,
        to: stratmon_core::calendar::ReportingPeriod,
    },
    /// Annual plan revisions of `events`.
    Plans { events: Vec<EventId> },
}

impl WatchedStore {
    /// Watches `inner`.
    pub fn over(inner: std::sync::Arc<dyn stratmon_core::store::Store>) -> std::sync::Arc<Self> {
        std::sync::Arc::new(Self {
            inner,
            reads: std::sync::Mutex::default(),
            log_reads: std::sync::atomic::AtomicUsize::new(0),
            revision_reads: std::sync::Mutex::default(),
            hold_log: std::sync::atomic::AtomicBool::new(false),
            release_log: tokio::sync::Notify::new(),
        })
    }

    /// Reads of records of `collections` so far (every collection if empty);
    /// the revision reads of inboxes are counted apart
    /// ([`Self::take_revision_reads`]).
    pub fn reads_of(&self, collections: &[stratmon_core::store::Collection]) -> usize {
        let reads = self.reads.lock().unwrap();
        reads
            .iter()
            .filter(|c| collections.is_empty() || collections.contains(c))
            .count()
    }

    /// Reads of the audit log so far.
    pub fn log_reads(&self) -> usize {
        self.log_reads.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The reads of inbox revisions since the last call of this method.
    pub fn take_revision_reads(&self) -> Vec<RevisionRead> {
        std::mem::take(&mut *self.revision_reads.lock().unwrap())
    }

    /// The next read of the audit log answers only after [`Self::release_log`].
    pub fn hold_next_log_read(&self) {
        self.hold_log
            .store(true, std::sync::atomic::Ordering::SeqCst);
    }

    /// Whether a read of the audit log has been held since
    /// [`Self::hold_next_log_read`].
    pub fn log_read_held(&self) -> bool {
        !self.hold_log.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Lets the held read of the audit log answer.
    pub fn release_log(&self) {
        self.release_log.notify_one();
    }
}

#[async_trait::async_trait]
impl stratmon_core::store::Store for WatchedStore {
    fn backend(&self) -> &'static str {
        self.inner.backend()
    }
    async fn get(
        &self,
        collection: stratmon_core::store::Collection,
        key: &str,
    ) -> Result<Option<stratmon_core::store::Record>> {
        self.reads.lock().unwrap().push(collection);
        self.inner.get(collection, key).await
    }
    async fn list(
        &self,
        collection: stratmon_core::store::Collection,
        partition: Option<&str>,
    ) -> Result<Vec<stratmon_core::store::Record>> {
        self.reads.lock().unwrap().push(collection);
        self.inner.list(collection, partition).await
    }
    async fn commit(
        &self,
        change: stratmon_core::store::ChangeSet,
    ) -> Result<stratmon_core::audit::AuditEntry> {
        self.inner.commit(change).await
    }
    async fn audit_entries(
        &self,
        from_seq: u64,
        limit: usize,
    ) -> Result<Vec<stratmon_core::audit::AuditEntry>> {
        self.log_reads
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let page = self.inner.audit_entries(from_seq, limit).await;
        if self
            .hold_log
            .swap(false, std::sync::atomic::Ordering::SeqCst)
        {
            self.release_log.notified().await;
        }
        page
    }
    async fn restore(
        &self,
        records: Vec<stratmon_core::store::Record>,
        audit: Vec<stratmon_core::audit::AuditEntry>,
    ) -> Result<()> {
        self.inner.restore(records, audit).await
    }
    async fn event_report_revisions(
        &self,
        events: &[EventId],
        from: stratmon_core::calendar::ReportingPeriod,
        to: stratmon_core::calendar::ReportingPeriod,
    ) -> Result<Vec<Vec<ReportRevision>>> {
        self.revision_reads
            .lock()
            .unwrap()
            .push(RevisionRead::Reports {
                events: events.to_vec(),
                from,
                to,
            });
        self.inner.event_report_revisions(events, from, to).await
    }
    async fn event_annual_plan_revisions(
        &self,
        events: &[EventId],
    ) -> Result<Vec<Vec<AnnualPlanRevision>>> {
        self.revision_reads
            .lock()
            .unwrap()
            .push(RevisionRead::Plans {
                events: events.to_vec(),
            });
        self.inner.event_annual_plan_revisions(events).await
    }
}

/// A report action of the approval chain, as the property walks take them.
#[derive(Debug, Clone, Copy)]
pub enum ReportAction {
    Save,
    Submit,
    Accept,
    Return,
    Approve,
    Reopen,
}

/// Does `action` on the fixture event's report for `p` through `s`, naming
/// `version`, by the role that does it; a refusal is part of a walk and
/// changes nothing.
pub async fn report_action(
    f: &Fixture,
    s: &stratmon_core::Service,
    p: stratmon_core::calendar::ReportingPeriod,
    version: u64,
    action: ReportAction,
) {
    let e = &f.event;
    let _ = match action {
        ReportAction::Save => s
            .save_report(&f.planner, e, p, version, f.valid_content())
            .await
            .map(|o| o.saved),
        ReportAction::Submit => s.submit_report(&f.planner, e, p, version).await,
        ReportAction::Accept => s.accept_report(&f.analyst, e, p, version).await,
        ReportAction::Return => {
            s.return_report(&f.analyst, e, p, version, "Исправьте")
                .await
        }
        ReportAction::Approve => s.approve_report(&f.head, e, p, version).await,
        ReportAction::Reopen => s.reopen_report(&f.head, e, p, version, "Пересмотр").await,
    };
}

/// A second service over the fixture's store, with its clock, whose reads
/// of the store are watched.
pub fn watched_service(f: &Fixture) -> (Arc<WatchedStore>, stratmon_core::Service) {
    let watched = WatchedStore::over(f.service.store().clone());
    let service = stratmon_core::Service::new(watched.clone()).with_clock(f.clock.clone());
    (watched, service)
}

/// A service over `store` with the fixture's clock that has kept nothing
/// (what kept state is compared with).
pub fn afresh(f: &Fixture, store: &Arc<dyn stratmon_core::store::Store>) -> stratmon_core::Service {
    stratmon_core::Service::new(store.clone()).with_clock(f.clock.clone())
}

/// A runtime for async walks inside `proptest!`.
pub fn walk_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
}

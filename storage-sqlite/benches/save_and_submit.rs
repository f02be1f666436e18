//! Benchmarks of the SQLite backend (issue 3); the figures and how to read
//! them are in `bench/README.md`.
//!
//! - `sqlite_save_and_submit/service/{full,normal}`: a Planner saves a monthly
//!   report with ten indicator facts and submits it, through the
//!   [`Service`] on a [`SqliteStore`]: every read, check and both commits.
//! - `sqlite_save_and_submit/store_two_commits/{full,normal}`: the two
//!   commits the service makes (report and audit entry, twice) straight on
//!   the store: the backend's own cost, without the service's reads.
//! - `sqlite_save_and_submit/raw_one_tx/{full,normal}`: the baseline of the issue,
//!   the report's JSON row and one audit row with a SHA-256 hash written by
//!   raw rusqlite in one transaction, no service logic.
//! - `sqlite_save_and_submit/raw_two_tx/{full,normal}`: the same rows as the
//!   service's two commits (report row and audit row, twice), raw.
//! - `sqlite_open/100k_reports`: `SqliteStore::open` of a file holding 100,000
//!   monthly reports and their 100,000 audit entries.
//!
//! `full` and `normal` are `synchronous=FULL` (the default: durable across
//! power loss) and `synchronous=NORMAL`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "benchmarks fail loudly"
)]

use std::collections::BTreeMap;
use std::future::Future;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use criterion::{Criterion, criterion_group, criterion_main};
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};
use stratmon_core::Service;
use stratmon_core::audit::{AuditDraft, AuditEntry, GENESIS_HASH, ObjectRef};
use stratmon_core::calendar::ReportingPeriod;
use stratmon_core::conformance::Fixture;
use stratmon_core::model::{
    Direction, EventId, IndicatorFields, IndicatorId, MonthlyReport, ReportContent, UserId,
};
use stratmon_core::store::{ChangeSet, Collection, Expect, Put, Record, Store};
use stratmon_sqlite::{Durability, Options, SqliteStore};
use tokio::runtime::Runtime;

const INDICATORS: usize = 10;
const REPORTS_TO_OPEN: usize = 100_000;

fn runtime() -> Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap()
}

/// Every month from January 2023 to February 2026: the periods an event
/// running since 2023 can report on the fixture's date (26 March 2026).
fn periods() -> Vec<ReportingPeriod> {
    (2023..=2026)
        .flat_map(|y| (1..=12).map(move |m| (y, m)))
        .filter(|&(y, m)| y < 2026 || m <= 2)
        .map(|(y, m)| ReportingPeriod::new(y, m).unwrap())
        .collect()
}

/// The fixture region on a SQLite store, with ten indicators linked to each
/// event, and a supply of (event, period) pairs not yet reported.
struct Region {
    runtime: Runtime,
    fixture: Fixture,
    store: Arc<dyn Store>,
    indicators: Vec<IndicatorId>,
    events: Vec<EventId>,
    periods: Vec<ReportingPeriod>,
    next_period: usize,
    _dir: tempfile::TempDir,
}

impl Region {
    fn new(durability: Durability) -> Self {
        Self::with(durability, |store| store)
    }

    /// The region on a SQLite store wrapped by `wrap`.
    fn with(durability: Durability, wrap: impl FnOnce(Arc<dyn Store>) -> Arc<dyn Store>) -> Self {
        let runtime = runtime();
        let dir = tempfile::tempdir().unwrap();
        let store = wrap(Arc::new(
            SqliteStore::open_with(
                dir.path().join("bench.sqlite"),
                Options::new().durability(durability),
            )
            .unwrap(),
        ));
        let fixture = runtime.block_on(Fixture::build(store.clone())).unwrap();
        let mut indicators = vec![fixture.indicator.clone()];
        for i in 2..=INDICATORS {
            let id: IndicatorId = format!("IND-{i}").parse().unwrap();
            runtime
                .block_on(fixture.service.create_indicator(
                    &fixture.coordinator,
                    id.clone(),
                    IndicatorFields {
                        name: format!("Показатель {i}"),
                        unit: "процент".into(),
                        direction: Direction::Increase,
                        cumulative: true,
                        plan: [(2026, Decimal::new(100, 0))].into(),
                        events: [fixture.event.clone()].into(),
                        excluded: false,
                    },
                ))
                .unwrap();
            indicators.push(id);
        }
        let events = vec![fixture.event.clone()];
        Self {
            runtime,
            fixture,
            store,
            indicators,
            events,
            periods: periods(),
            next_period: 0,
            _dir: dir,
        }
    }

    fn service(&self) -> &Service {
        &self.fixture.service
    }

    /// A new event like the fixture's, linked to every indicator (not timed).
    fn add_event(&mut self) {
        let f = &self.fixture;
        let id: EventId = format!("9.9.{}", self.events.len()).parse().unwrap();
        self.runtime.block_on(async {
            let model = f.service.get_event(&f.coordinator, &f.event).await.unwrap();
            f.service
                .create_event(&f.coordinator, id.clone(), model.plan.clone())
                .await
                .unwrap();
            for indicator in &self.indicators {
                let current = f
                    .service
                    .get_indicator(&f.coordinator, indicator)
                    .await
                    .unwrap();
                let mut fields = current.fields.clone();
                fields.events.insert(id.clone());
                f.service
                    .update_indicator(&f.coordinator, indicator, current.version, fields)
                    .await
                    .unwrap();
            }
        });
        self.events.push(id);
        self.next_period = 0;
    }

    /// The next (event, period) without a report, adding an event when the
    /// current one has reported every month.
    fn next_slot(&mut self) -> (EventId, ReportingPeriod) {
        if self.next_period == self.periods.len() {
            self.add_event();
        }
        let period = self.periods[self.next_period];
        self.next_period += 1;
        (self.events[self.events.len() - 1].clone(), period)
    }

    fn content(&self, period: ReportingPeriod) -> ReportContent {
        ReportContent {
            progress: "Проектная документация утверждена, ведутся строительно-монтажные работы \
                       на трёх объектах; заключены контракты на поставку оборудования"
                .into(),
            control_points: Default::default(),
            indicator_facts: self
                .indicators
                .iter()
                .enumerate()
                .map(|(i, id)| {
                    // Year to date: grows month by month within a year.
                    let value = i64::from(period.month) * 1000 + i as i64 * 7;
                    (id.clone(), Decimal::new(value, 1))
                })
                .collect(),
            expenditures: Default::default(),
            explanations: Default::default(),
        }
    }

    /// The timed operation.
    async fn save_and_submit(&self, event: &EventId, period: ReportingPeriod) -> MonthlyReport {
        let planner = &self.fixture.planner;
        let saved = self
            .service()
            .save_report(planner, event, period, 0, self.content(period))
            .await
            .unwrap();
        assert!(saved.problems.is_empty(), "{:?}", saved.problems);
        self.service()
            .submit_report(planner, event, period, saved.saved.version)
            .await
            .unwrap()
    }

    /// The same in one call and one transaction
    /// (`Service::save_and_submit_report`), as a data-entry script does it.
    async fn save_and_submit_at_once(
        &self,
        event: &EventId,
        period: ReportingPeriod,
    ) -> MonthlyReport {
        self.service()
            .save_and_submit_report(
                &self.fixture.planner,
                event,
                period,
                0,
                self.content(period),
            )
            .await
            .unwrap()
    }

    /// A submitted report's stored body, for the raw baselines.
    fn sample_report_body(&mut self) -> String {
        let (event, period) = self.next_slot();
        self.runtime.block_on(async {
            let report = self.save_and_submit(&event, period).await;
            let key = format!("{event}/{period}/r{:04}", report.workflow.revision);
            self.store
                .get(Collection::MonthlyReport, &key)
                .await
                .unwrap()
                .unwrap()
                .body
        })
    }
}

/// Raw rusqlite on a file with the store's layout: no service, no store.
struct Raw {
    conn: rusqlite::Connection,
    seq: i64,
    prev_hash: String,
    body: String,
    _dir: tempfile::TempDir,
}

impl Raw {
    fn new(durability: Durability, body: String) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("raw.sqlite");
        drop(SqliteStore::open(&path).unwrap());
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        let sync = match durability {
            Durability::Normal => "NORMAL",
            _ => "FULL",
        };
        conn.pragma_update(None, "synchronous", sync).unwrap();
        Self {
            conn,
            seq: 0,
            prev_hash: GENESIS_HASH.into(),
            body,
            _dir: dir,
        }
    }

    /// The report row and one audit row with its hash, in the open
    /// transaction.
    fn rows(&mut self, key: &str, version: i64, action: &str) {
        self.conn
            .prepare_cached(
                "INSERT INTO records (collection, key, partition, version, body)
                 VALUES ('monthly_report', ?1, '1.1.1', ?2, ?3)
                 ON CONFLICT (collection, key) DO UPDATE
                 SET version = excluded.version, body = excluded.body",
            )
            .unwrap()
            .execute(rusqlite::params![key, version, self.body])
            .unwrap();
        self.seq += 1;
        let summary = "draft saved: 10 facts, 0 control-point dates, 0 expenditure lines";
        let at = "2026-03-26T05:00:00Z";
        let canonical = format!(
            r#"{{"seq":{},"draft":{{"at":"{at}","actor":"stroy.planner","on_behalf_of":null,"client":null,"action":"{action}","object":{{"kind":"report","id":"{key}"}},"participant":"minstroy","summary":"{summary}"}},"prev_hash":"{}"}}"#,
            self.seq, self.prev_hash
        );
        let hash = hex::encode(Sha256::digest(canonical.as_bytes()));
        self.conn
            .prepare_cached(
                "INSERT INTO audit (seq, at, actor, on_behalf_of, client, action, object_kind,
                 object_id, participant, summary, prev_hash, hash)
                 VALUES (?1, ?2, 'stroy.planner', NULL, NULL, ?3, 'report', ?4, 'minstroy',
                 ?5, ?6, ?7)",
            )
            .unwrap()
            .execute(rusqlite::params![
                self.seq,
                at,
                action,
                key,
                summary,
                self.prev_hash,
                hash
            ])
            .unwrap();
        self.prev_hash = hash;
    }

    fn one_transaction(&mut self, n: u64) {
        let key = format!("raw/{n}");
        self.conn.execute_batch("BEGIN IMMEDIATE").unwrap();
        self.rows(&key, 2, "report.submit");
        self.conn.execute_batch("COMMIT").unwrap();
    }

    fn two_transactions(&mut self, n: u64) {
        let key = format!("raw/{n}");
        for (version, action) in [(1, "report.save"), (2, "report.submit")] {
            self.conn.execute_batch("BEGIN IMMEDIATE").unwrap();
            self.rows(&key, version, action);
            self.conn.execute_batch("COMMIT").unwrap();
        }
    }
}

type Spent = Arc<Mutex<BTreeMap<&'static str, (u64, Duration)>>>;

/// A store that counts the calls and the time the service spends waiting
/// for each method, to tell store time from service time.
#[derive(Debug)]
struct Timed {
    inner: Arc<dyn Store>,
    spent: Spent,
}

impl Timed {
    async fn time<T>(&self, method: &'static str, call: impl Future<Output = T>) -> T {
        let started = Instant::now();
        let out = call.await;
        let mut spent = self.spent.lock().unwrap();
        let slot = spent.entry(method).or_default();
        slot.0 += 1;
        slot.1 += started.elapsed();
        out
    }
}

#[async_trait]
impl Store for Timed {
    fn backend(&self) -> &'static str {
        self.inner.backend()
    }
    async fn get(&self, c: Collection, key: &str) -> stratmon_core::Result<Option<Record>> {
        self.time("get", self.inner.get(c, key)).await
    }
    async fn list(&self, c: Collection, p: Option<&str>) -> stratmon_core::Result<Vec<Record>> {
        self.time("list", self.inner.list(c, p)).await
    }
    async fn list_prefix(&self, c: Collection, p: &str) -> stratmon_core::Result<Vec<Record>> {
        self.time("list_prefix", self.inner.list_prefix(c, p)).await
    }
    async fn commit(&self, change: ChangeSet) -> stratmon_core::Result<AuditEntry> {
        self.time("commit", self.inner.commit(change)).await
    }
    async fn audit_entries(
        &self,
        from: u64,
        limit: usize,
    ) -> stratmon_core::Result<Vec<AuditEntry>> {
        self.time("audit_entries", self.inner.audit_entries(from, limit))
            .await
    }
    async fn restore(&self, r: Vec<Record>, a: Vec<AuditEntry>) -> stratmon_core::Result<()> {
        self.time("restore", self.inner.restore(r, a)).await
    }
}

/// Prints where the time of one save-and-submit goes: each store method
/// (calls and time, the hop to the blocking pool included), and the rest,
/// which is the service's own work (decoding, checks, encoding).
fn breakdown(name: &str, durability: Durability) {
    const OPS: u32 = 300;
    let spent: Spent = Arc::default();
    let mut region = Region::with(durability, |store| {
        Arc::new(Timed {
            inner: store,
            spent: spent.clone(),
        })
    });
    let mut total = Duration::ZERO;
    let mut sums = BTreeMap::new();
    for _ in 0..OPS {
        let (event, period) = region.next_slot();
        spent.lock().unwrap().clear();
        let started = Instant::now();
        region
            .runtime
            .block_on(region.save_and_submit(&event, period));
        total += started.elapsed();
        // Only the timed operation's calls, not those of the set-up.
        for (method, (calls, time)) in std::mem::take(&mut *spent.lock().unwrap()) {
            let slot: &mut (u64, Duration) = sums.entry(method).or_default();
            slot.0 += calls;
            slot.1 += time;
        }
    }
    let per_op = |d: Duration| d.as_secs_f64() * 1e6 / f64::from(OPS);
    let in_store: Duration = sums.values().map(|(_, t)| *t).sum();
    eprintln!(
        "breakdown/{name}: {:.0} µs per save-and-submit",
        per_op(total)
    );
    for (method, (calls, time)) in &sums {
        eprintln!(
            "  store.{method:<8} {:>5.1} calls {:>7.0} µs",
            *calls as f64 / f64::from(OPS),
            per_op(*time)
        );
    }
    eprintln!(
        "  service's own work   {:>7.0} µs",
        per_op(total.saturating_sub(in_store))
    );
    // The fixed cost of one trip to the blocking pool and back.
    let trips = 10_000;
    let started = Instant::now();
    region.runtime.block_on(async {
        for _ in 0..trips {
            tokio::task::spawn_blocking(|| ()).await.unwrap();
        }
    });
    eprintln!(
        "  one spawn_blocking round trip: {:.1} µs",
        started.elapsed().as_secs_f64() * 1e6 / f64::from(trips)
    );
}

fn save_and_submit(c: &mut Criterion) {
    breakdown("full", Durability::Full);
    breakdown("normal", Durability::Normal);
    let mut group = c.benchmark_group("sqlite_save_and_submit");
    for (name, durability) in [("full", Durability::Full), ("normal", Durability::Normal)] {
        let mut region = Region::new(durability);
        let body = region.sample_report_body();
        eprintln!("report body: {} bytes", body.len());
        group.bench_function(format!("service/{name}"), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let (event, period) = region.next_slot();
                    let started = Instant::now();
                    region
                        .runtime
                        .block_on(region.save_and_submit(&event, period));
                    total += started.elapsed();
                }
                total
            });
        });
        group.bench_function(format!("service_one_call/{name}"), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let (event, period) = region.next_slot();
                    let started = Instant::now();
                    region
                        .runtime
                        .block_on(region.save_and_submit_at_once(&event, period));
                    total += started.elapsed();
                }
                total
            });
        });
        let mut n = 0u64;
        group.bench_function(format!("store_two_commits/{name}"), |b| {
            b.iter(|| {
                n += 1;
                region
                    .runtime
                    .block_on(two_commits(&*region.store, n, &body));
            });
        });
        let mut raw = Raw::new(durability, body);
        group.bench_function(format!("raw_one_tx/{name}"), |b| {
            b.iter(|| {
                n += 1;
                raw.one_transaction(n);
            });
        });
        group.bench_function(format!("raw_two_tx/{name}"), |b| {
            b.iter(|| {
                n += 1;
                raw.two_transactions(n);
            });
        });
    }
    group.finish();
}

/// The service's two commits of a save and a submit (report put and audit
/// entry, twice) straight on the store: no reads, no checks, no decoding.
async fn two_commits(store: &dyn Store, n: u64, body: &str) {
    let key = format!("direct/{n}");
    for (expect, action) in [
        (Expect::Absent, "report.save"),
        (Expect::Version(1), "report.submit"),
    ] {
        store
            .commit(ChangeSet {
                puts: vec![Put {
                    collection: Collection::MonthlyReport,
                    key: key.clone(),
                    partition: "1.1.1".into(),
                    expect,
                    body: body.to_owned(),
                }],
                audit: AuditDraft {
                    at: chrono::DateTime::UNIX_EPOCH,
                    actor: UserId::new("stroy.planner").unwrap(),
                    on_behalf_of: None,
                    client: None,
                    action: action.into(),
                    object: ObjectRef::new("report", &key),
                    participant: Some("minstroy".parse().unwrap()),
                    summary: "draft saved: 10 facts, 0 control-point dates, 0 expenditure lines"
                        .into(),
                },
            })
            .await
            .unwrap();
    }
}

/// Writes a store of `REPORTS_TO_OPEN` reports (100 per event) with one
/// sealed audit entry each, through the store's own `restore`.
fn build_large_store(path: &Path, body: &str) {
    let mut records = Vec::with_capacity(REPORTS_TO_OPEN);
    let mut audit: Vec<AuditEntry> = Vec::with_capacity(REPORTS_TO_OPEN);
    let mut prev = GENESIS_HASH.to_owned();
    let at = chrono::DateTime::parse_from_rfc3339("2026-03-26T05:00:00Z")
        .unwrap()
        .to_utc();
    for n in 0..REPORTS_TO_OPEN {
        let event = format!("{}.{}.{}", n / 10_000, (n / 100) % 100, 1);
        let key = format!("{event}/{}/r0001", 2000 + n % 100);
        let entry = AuditDraft {
            at,
            actor: UserId::new("stroy.planner").unwrap(),
            on_behalf_of: None,
            client: Some("10.0.0.1".into()),
            action: "report.submit".into(),
            object: ObjectRef::new("report", &key),
            participant: Some("minstroy".parse().unwrap()),
            summary: "submitted".into(),
        }
        .seal(n as u64 + 1, &prev);
        prev.clone_from(&entry.hash);
        audit.push(entry);
        records.push(Record {
            collection: Collection::MonthlyReport,
            key,
            partition: event,
            version: 2,
            body: body.to_owned(),
        });
    }
    let store =
        SqliteStore::open_with(path, Options::new().durability(Durability::Normal)).unwrap();
    runtime().block_on(store.restore(records, audit)).unwrap();
}

fn open_large(c: &mut Criterion) {
    let body = Region::new(Durability::Normal).sample_report_body();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.sqlite");
    let started = Instant::now();
    build_large_store(&path, &body);
    let size = std::fs::metadata(&path).unwrap().len();
    eprintln!(
        "built {REPORTS_TO_OPEN} reports ({:.0} MiB) in {:.1} s",
        size as f64 / (1024.0 * 1024.0),
        started.elapsed().as_secs_f64()
    );
    let mut group = c.benchmark_group("sqlite_open");
    group.bench_function("100k_reports", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let started = Instant::now();
                let store = SqliteStore::open(&path).unwrap();
                total += started.elapsed();
                drop(store);
            }
            total
        });
    });
    group.finish();
}

/// The benchmarks, for `criterion_main!`.
mod group {
    #![allow(
        missing_docs,
        reason = "criterion_group! generates an undocumented function"
    )]
    use super::*;

    criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    targets = save_and_submit, open_large
    }
}
criterion_main!(group::benches);

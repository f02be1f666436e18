//! Benchmarks of the sled backend (issue 3):
//!
//! - `sled/save_and_submit_10_facts`: the Planner saves a monthly report with
//!   10 indicator facts and submits it, through the `Service` on a `SledStore`
//!   (two commits, each flushed to disk, plus the reads the service does);
//! - `memory/save_and_submit_10_facts`: the same on the in-memory reference
//!   store, i.e. the core's own work without any I/O;
//! - `sled/commit_report_with_audit`: one `Store::commit` of such a report and
//!   its audit entry, without the service (one transaction and one flush);
//! - `sled/open_100k_reports`: opening a store that holds 100,000 monthly
//!   reports and their audit entries.
//!
//! Run with `cargo bench -p stratmon-sled`; figures are in `bench/README.md`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "benchmarks fail loudly"
)]

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use criterion::{Criterion, criterion_main};
use rust_decimal::Decimal;
use stratmon_core::audit::{AuditDraft, GENESIS_HASH, ObjectRef};
use stratmon_core::calendar::{ManualClock, ReportingPeriod};
use stratmon_core::model::*;
use stratmon_core::service::NewUser;
use stratmon_core::store::{ChangeSet, Collection, Expect, MemoryStore, Put, Record, Store};
use stratmon_core::{Actor, Service};
use stratmon_sled::SledStore;
use tokio::runtime::Runtime;

const INDICATORS: usize = 10;
/// Events created up front; more are added (untimed) when their periods run out.
const INITIAL_EVENTS: usize = 20;
const REPORTS_TO_OPEN: usize = 100_000;

fn runtime() -> Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .build()
        .unwrap()
}

/// A region with one reporting ministry, its Planner, events and 10
/// indicators linked to every event, on a fresh `SledStore`.
struct Region {
    _dir: Option<tempfile::TempDir>,
    service: Service,
    coordinator: Actor,
    planner: Actor,
    indicators: Vec<IndicatorId>,
    events: usize,
    /// (event, period) pairs with no report yet.
    free: VecDeque<(EventId, ReportingPeriod)>,
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

impl Region {
    /// The region on a fresh `SledStore` in a temporary directory.
    async fn on_sled() -> Region {
        let dir = tempfile::tempdir().unwrap();
        let store = SledStore::open(dir.path().join("db")).unwrap();
        Region::build(Arc::new(store), Some(dir)).await
    }

    async fn build(store: Arc<dyn Store>, dir: Option<tempfile::TempDir>) -> Region {
        let clock = Arc::new(ManualClock::new(
            Utc.with_ymd_and_hms(2026, 3, 26, 5, 0, 0).single().unwrap(),
        ));
        let service = Service::new(store).with_clock(clock);
        let admin_login = UserId::new("admin").unwrap();
        service
            .initialize(
                Participant {
                    id: "mincifra".parse().unwrap(),
                    name: "Министерство цифрового развития и связи Кузбасса".into(),
                    kind: ParticipantKind::ExecutiveBody,
                    status: ParticipantStatus::Active,
                    settings: ParticipantSettings::default(),
                    version: 0,
                },
                User {
                    login: admin_login.clone(),
                    full_name: "Админов Админ Админович".into(),
                    position: "администратор ИАС".into(),
                    participant: "mincifra".parse().unwrap(),
                    roles: [Role::Admin].into(),
                    status: UserStatus::Active,
                    version: 0,
                },
            )
            .await
            .unwrap();
        let admin = Actor::user(admin_login);
        for (id, name) in [
            ("minecon", "Министерство экономического развития Кузбасса"),
            ("minstroy", "Министерство строительства Кузбасса"),
        ] {
            service
                .create_participant(
                    &admin,
                    id.parse().unwrap(),
                    name,
                    ParticipantKind::ExecutiveBody,
                    ParticipantSettings::default(),
                )
                .await
                .unwrap();
        }
        for (login, participant, role, name) in [
            (
                "coord",
                "minecon",
                Role::Coordinator,
                "Координаторов Кирилл Петрович",
            ),
            (
                "stroy.planner",
                "minstroy",
                Role::Planner,
                "Плановикова Анна Сергеевна",
            ),
        ] {
            service
                .create_user(
                    &admin,
                    NewUser {
                        login: login.parse().unwrap(),
                        full_name: name.into(),
                        position: "специалист".into(),
                        participant: participant.parse().unwrap(),
                        roles: [role].into(),
                    },
                )
                .await
                .unwrap();
        }
        let coordinator = Actor::user("coord".parse().unwrap());
        for (id, kind, parent) in [
            ("G1", StrategyNodeKind::Goal, None),
            ("G1.1", StrategyNodeKind::Direction, Some("G1")),
        ] {
            service
                .create_strategy_node(
                    &coordinator,
                    StrategyNode {
                        id: id.parse().unwrap(),
                        kind,
                        title: "Жилищное строительство".into(),
                        parent: parent.map(|p| p.parse().unwrap()),
                        version: 0,
                    },
                )
                .await
                .unwrap();
        }
        let mut region = Region {
            _dir: dir,
            service,
            coordinator,
            planner: Actor::user("stroy.planner".parse().unwrap()),
            indicators: Vec::new(),
            events: 0,
            free: VecDeque::new(),
        };
        let mut events = std::collections::BTreeSet::new();
        for _ in 0..INITIAL_EVENTS {
            events.insert(region.add_event().await);
        }
        for i in 0..INDICATORS {
            let id: IndicatorId = format!("IND-{i}").parse().unwrap();
            region
                .service
                .create_indicator(
                    &region.coordinator,
                    id.clone(),
                    IndicatorFields {
                        name: format!("Показатель {i}"),
                        unit: "тыс. кв. м".into(),
                        direction: Direction::Increase,
                        cumulative: true,
                        plan: [(2026, Decimal::new(2000, 0))].into(),
                        events: events.clone(),
                        excluded: false,
                    },
                )
                .await
                .unwrap();
            region.indicators.push(id);
        }
        region
    }

    /// Adds an event of `minstroy` running 2023–2030 and queues its 38
    /// reporting periods up to February 2026 (all begun by the clock).
    async fn add_event(&mut self) -> EventId {
        let id: EventId = format!("1.1.{}", self.events + 1).parse().unwrap();
        self.events += 1;
        self.service
            .create_event(
                &self.coordinator,
                id.clone(),
                PlanFields {
                    title: "Строительство жилья в Новокузнецке".into(),
                    direction: "G1.1".parse().unwrap(),
                    responsible: "minstroy".parse().unwrap(),
                    co_executors: Default::default(),
                    period: EventPeriod {
                        start: date(2023, 1, 1),
                        end: date(2030, 12, 31),
                    },
                    expected_result: "Ввод 2 млн кв. м жилья".into(),
                    amending_act: "распоряжение от 03.06.2022 № 275-р".into(),
                    excluded: false,
                },
            )
            .await
            .unwrap();
        for year in 2023..=2026 {
            let last = if year == 2026 { 2 } else { 12 };
            for month in 1..=last {
                self.free
                    .push_back((id.clone(), ReportingPeriod::new(year, month).unwrap()));
            }
        }
        id
    }

    /// The next free (event, period); when none is left, adds an event and
    /// links it to every indicator. Not timed.
    async fn next_slot(&mut self) -> (EventId, ReportingPeriod) {
        if self.free.is_empty() {
            let event = self.add_event().await;
            for id in self.indicators.clone() {
                let indicator = self
                    .service
                    .get_indicator(&self.coordinator, &id)
                    .await
                    .unwrap();
                let mut fields = indicator.fields.clone();
                fields.events.insert(event.clone());
                self.service
                    .update_indicator(&self.coordinator, &id, indicator.version, fields)
                    .await
                    .unwrap();
            }
        }
        self.free.pop_front().unwrap()
    }

    fn content(&self, period: ReportingPeriod) -> ReportContent {
        ReportContent {
            progress: "Проектная документация утверждена, ведутся строительно-монтажные работы"
                .into(),
            control_points: Default::default(),
            indicator_facts: self
                .indicators
                .iter()
                .enumerate()
                .map(|(i, id)| {
                    (
                        id.clone(),
                        Decimal::new(i64::from(period.month) * 100 + i as i64, 1),
                    )
                })
                .collect(),
            expenditures: Default::default(),
            explanations: Default::default(),
        }
    }

    /// The measured operation: save a draft with 10 facts, then submit it.
    async fn save_and_submit(&self, event: &EventId, period: ReportingPeriod) -> MonthlyReport {
        let saved = self
            .service
            .save_report(&self.planner, event, period, 0, self.content(period))
            .await
            .unwrap();
        assert!(saved.problems.is_empty(), "{:?}", saved.problems);
        self.service
            .submit_report(&self.planner, event, period, saved.saved.version)
            .await
            .unwrap()
    }
}

fn save_and_submit(c: &mut Criterion) {
    let rt = runtime();
    let memory = rt.block_on(Region::build(Arc::new(MemoryStore::new()), None));
    let sled = rt.block_on(Region::on_sled());
    for (name, mut region) in [("memory", memory), ("sled", sled)] {
        bench_save_and_submit(
            c,
            &rt,
            &format!("{name}/save_and_submit_10_facts"),
            &mut region,
        );
    }
}

/// Times save + submit only; finding a free slot (and adding events) is not timed.
fn bench_save_and_submit(c: &mut Criterion, rt: &Runtime, name: &str, region: &mut Region) {
    c.bench_function(name, |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let (event, period) = region.next_slot().await;
                    let start = Instant::now();
                    let submitted = region.save_and_submit(&event, period).await;
                    total += start.elapsed();
                    std::hint::black_box(submitted);
                }
                total
            })
        });
    });
}

/// One durable commit as the service makes it: a report of 10 facts and its
/// audit entry, through `Store::commit` with no service logic around it.
fn commit_only(c: &mut Criterion) {
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open(dir.path().join("db")).unwrap();
    let region = rt.block_on(Region::on_sled());
    let (event, period) = region.free.front().cloned().unwrap();
    let body = serde_json::to_string(&rt.block_on(region.save_and_submit(&event, period))).unwrap();
    let mut n = 0u64;
    c.bench_function("sled/commit_report_with_audit", |b| {
        b.iter(|| {
            n += 1;
            let change = ChangeSet {
                puts: vec![Put {
                    collection: Collection::MonthlyReport,
                    key: format!("1.1.1/r{n:08}"),
                    partition: "1.1.1".into(),
                    expect: Expect::Absent,
                    body: body.clone(),
                }],
                audit: draft(n, format!("1.1.1/r{n:08}")),
            };
            rt.block_on(store.commit(change)).unwrap()
        });
    });
}

fn draft(n: u64, key: String) -> AuditDraft {
    AuditDraft {
        at: Utc
            .timestamp_opt(1_770_000_000 + n as i64, 0)
            .single()
            .unwrap(),
        actor: "stroy.planner".parse().unwrap(),
        on_behalf_of: None,
        client: Some("10.0.0.7".into()),
        action: "report.submit".into(),
        object: ObjectRef::new("report", key),
        participant: Some("minstroy".parse().unwrap()),
        summary: "submitted".into(),
    }
}

/// A store of 100,000 monthly reports (2,500 events × 40 months, bodies as
/// the service writes them) and one audit entry per report, written once with
/// `restore`.
fn store_with_100k_reports(rt: &Runtime) -> tempfile::TempDir {
    let region = rt.block_on(Region::on_sled());
    let (event, period) = region.free.front().cloned().unwrap();
    let sample = rt.block_on(region.save_and_submit(&event, period));
    let body = serde_json::to_string(&sample).unwrap();
    drop(region);

    let mut records = Vec::with_capacity(REPORTS_TO_OPEN);
    let mut audit = Vec::with_capacity(REPORTS_TO_OPEN);
    let mut prev = GENESIS_HASH.to_owned();
    for n in 0..REPORTS_TO_OPEN {
        let event = format!("{}.{}.{}", n / 40 / 100 + 1, n / 40 % 100 + 1, n % 3 + 1);
        let key = format!("{event}/{}-{:02}/r0001", 2023 + n % 40 / 12, n % 12 + 1);
        records.push(Record {
            collection: Collection::MonthlyReport,
            key: key.clone(),
            partition: event,
            version: 2,
            body: body.clone(),
        });
        let entry = AuditDraft {
            at: Utc
                .timestamp_opt(1_770_000_000 + n as i64, 0)
                .single()
                .unwrap(),
            actor: "stroy.planner".parse().unwrap(),
            on_behalf_of: None,
            client: Some("10.0.0.7".into()),
            action: "report.submit".into(),
            object: ObjectRef::new("report", key),
            participant: Some("minstroy".parse().unwrap()),
            summary: "submitted".into(),
        }
        .seal(n as u64 + 1, &prev);
        prev.clone_from(&entry.hash);
        audit.push(entry);
    }
    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open(dir.path().join("db")).unwrap();
    rt.block_on(store.restore(records, audit)).unwrap();
    drop(store);
    dir
}

fn open_100k(c: &mut Criterion) {
    let rt = runtime();
    let dir = store_with_100k_reports(&rt);
    let path = dir.path().join("db");
    let mut group = c.benchmark_group("sled");
    group.sample_size(10);
    group.bench_function("open_100k_reports", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                let store = SledStore::open(&path).unwrap();
                total += start.elapsed();
                drop(store);
            }
            total
        });
    });
    group.finish();
    // The data really is there.
    let store = SledStore::open(&path).unwrap();
    let entries = rt
        .block_on(store.audit_entries(REPORTS_TO_OPEN as u64, 10))
        .unwrap();
    assert_eq!(entries.len(), 1);
}

/// Both benchmarks, with short measurement times (command-line options such
/// as `--measurement-time` still apply).
fn benches() {
    let mut c = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .configure_from_args();
    save_and_submit(&mut c);
    commit_only(&mut c);
    open_100k(&mut c);
}

criterion_main!(benches);

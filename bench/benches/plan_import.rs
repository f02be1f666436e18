//! Importing a large plan (issue 7's follow-up): the 10,000 events and
//! 1,000 indicators of the large region's plan written as the CSV files a
//! Coordinator uploads, read back into a `PlanDraft`, checked and compared
//! with the plan in force (a dry run), and applied as an amending act that
//! changes a tenth of the events.
//!
//! The region is generated with one year of reports into a temporary
//! SQLite file on each run (reports play no part in an import).
//!
//! ```text
//! cargo bench -p stratmon-bench --bench plan_import
//! ```

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    missing_docs,
    reason = "a benchmark fails loudly; criterion's macros make undocumented items"
)]

use std::fmt::Write as _;
use std::sync::Arc;

use chrono::{NaiveDate, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use stratmon_bench::{Size, TODAY, generate};
use stratmon_core::calendar::ManualClock;
use stratmon_core::model::{Direction, Event, Indicator};
use stratmon_core::plan::{AmendingAct, EventDraft, IndicatorDraft, PlanDraft};
use stratmon_core::store::{Store, StoreExt};
use stratmon_core::{Actor, Service};
use stratmon_exchange::import::plan_from_csv;
use stratmon_sqlite::SqliteStore;

/// The plan's size: the large region's, with one year of reports.
const PLAN: Size = Size {
    years: 1,
    ..Size::LARGE
};

/// A cell of a `;`-separated file, quoted when it has to be.
fn cell(out: &mut String, text: &str) {
    if text.contains([';', '"', '\n']) {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

fn day(date: NaiveDate) -> String {
    date.format("%d.%m.%Y").to_string()
}

/// The events file: one row per control point, the event's columns on its
/// first row only.
fn events_csv(events: &[EventDraft]) -> String {
    let mut out = String::from(
        "Код;Наименование;Направление;Ответственный исполнитель;Соисполнители;Начало;\
         Окончание;Ожидаемый результат;КТ: код;КТ: наименование;КТ: плановая дата\n",
    );
    for e in events {
        let co: Vec<&str> = e.co_executors.iter().map(|p| p.as_str()).collect();
        let head = [
            e.id.as_str().to_owned(),
            e.title.clone(),
            e.direction.as_str().to_owned(),
            e.responsible.as_str().to_owned(),
            co.join("; "),
            day(e.period.start),
            day(e.period.end),
            e.expected_result.clone(),
        ];
        let points = e.control_points.iter().map(Some);
        let points: Vec<_> = if e.control_points.is_empty() {
            vec![None]
        } else {
            points.collect()
        };
        for (n, point) in points.into_iter().enumerate() {
            for (i, text) in head.iter().enumerate() {
                if n == 0 || i == 0 {
                    cell(&mut out, text);
                }
                out.push(';');
            }
            if let Some(p) = point {
                cell(&mut out, p.id.as_str());
                out.push(';');
                cell(&mut out, &p.title);
                out.push(';');
                out.push_str(&day(p.planned));
            } else {
                out.push_str(";;");
            }
            out.push('\n');
        }
    }
    out
}

/// The indicators file, with a column per plan year.
fn indicators_csv(indicators: &[IndicatorDraft]) -> String {
    let years: std::collections::BTreeSet<i32> = indicators
        .iter()
        .flat_map(|i| i.plan.keys().copied())
        .collect();
    let mut out =
        String::from("Код;Наименование;Ед. изм.;Направление;Нарастающим итогом;Мероприятия");
    for year in &years {
        write!(out, ";{year}").unwrap();
    }
    out.push('\n');
    for i in indicators {
        let events: Vec<&str> = i.events.iter().map(|e| e.as_str()).collect();
        cell(&mut out, i.id.as_str());
        out.push(';');
        cell(&mut out, &i.name);
        out.push(';');
        cell(&mut out, &i.unit);
        out.push(';');
        out.push_str(match i.direction {
            Direction::Increase => "больше — лучше",
            Direction::Decrease => "меньше — лучше",
        });
        out.push(';');
        out.push_str(if i.cumulative { "да" } else { "нет" });
        out.push(';');
        cell(&mut out, &events.join("; "));
        for year in &years {
            out.push(';');
            if let Some(v) = i.plan.get(year) {
                write!(out, "{v}").unwrap();
            }
        }
        out.push('\n');
    }
    out
}

/// The plan in force with every tenth event's title marked by `edition`.
fn edition(current: &PlanDraft, edition: &str) -> (String, String) {
    let mut events = current.events.clone();
    for e in events.iter_mut().step_by(10) {
        e.title = format!("{} (ред. {edition})", e.title);
    }
    (events_csv(&events), indicators_csv(&current.indicators))
}

fn plan_import(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> =
        Arc::new(SqliteStore::open(dir.path().join("plan.sqlite")).unwrap());
    let started = std::time::Instant::now();
    runtime.block_on(generate(store.clone(), PLAN, 42)).unwrap();
    eprintln!(
        "generated the region in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let now = Utc
        .with_ymd_and_hms(TODAY.0, TODAY.1, TODAY.2, 3, 0, 0)
        .unwrap();
    let service = Service::new(store.clone()).with_clock(Arc::new(ManualClock::new(now)));
    let coordinator = Actor::user("coordinator".parse().unwrap());
    let (events, indicators) = runtime.block_on(async {
        let events: Vec<Event> = store.load_all(None).await.unwrap();
        let indicators: Vec<Indicator> = store.load_all(None).await.unwrap();
        (events, indicators)
    });
    let current = PlanDraft::current(&events, &indicators);
    let files = [edition(&current, "A"), edition(&current, "B")];
    let read = |(events, indicators): &(String, String)| {
        plan_from_csv(
            Some(("events.csv", events.as_bytes())),
            Some(("indicators.csv", indicators.as_bytes())),
        )
        .over(PlanDraft::default())
    };
    let act = |n: u32| AmendingAct {
        number: format!("{n}-р"),
        date: NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, 1).unwrap(),
    };
    // The files read back as the plan they were written from.
    let draft = read(&files[0]);
    assert!(draft.problems.is_empty(), "{:?}", &draft.problems[..1]);
    let outcome = runtime
        .block_on(service.import_plan(&coordinator, draft, act(1), true))
        .unwrap();
    assert!(outcome.problems.is_empty(), "{:?}", &outcome.problems[..1]);
    assert_eq!(
        outcome.diff.events_changed.len(),
        current.events.len().div_ceil(10)
    );
    assert_eq!(outcome.diff.events_added.len(), 0);
    assert_eq!(outcome.diff.indicators_changed.len(), 0);

    let mut group = c.benchmark_group("plan_import_10k_events");
    group.sample_size(10);
    group.bench_function("read_csv", |b| b.iter(|| read(&files[0])));
    group.bench_function("dry_run_with_diff", |b| {
        b.iter(|| {
            runtime
                .block_on(service.import_plan(&coordinator, read(&files[0]), act(1), true))
                .unwrap()
        });
    });
    // Each apply changes a tenth of the events back and forth between the
    // two editions, under a new act each time.
    let mut n = 1;
    group.bench_function("read_check_and_apply_1000_changes", |b| {
        b.iter(|| {
            n += 1;
            let outcome = runtime
                .block_on(service.import_plan(
                    &coordinator,
                    read(&files[n as usize % 2]),
                    act(n),
                    false,
                ))
                .unwrap();
            assert!(outcome.version.is_some());
            outcome
        });
    });
    group.finish();
}

criterion_group!(benches, plan_import);
criterion_main!(benches);

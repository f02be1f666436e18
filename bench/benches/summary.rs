//! The consolidated report over the large region (issue 7's targets: one
//! month under 200 ms on SQLite; its XLSX export under 2 s and 300 MB).
//!
//! The region (200 participants, 10,000 events, 1,000 indicators, three
//! years of reports) is generated once into `target/bench-data/` and reused.
//!
//! ```text
//! cargo bench -p stratmon-bench --bench summary
//! ```

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    missing_docs,
    reason = "a benchmark fails loudly; criterion's macros make undocumented items"
)]

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use stratmon_bench::{Size, TODAY, generate};
use stratmon_core::calendar::ManualClock;
use stratmon_core::store::Store;
use stratmon_core::summary::SummaryQuery;
use stratmon_core::{Actor, Service};
use stratmon_sqlite::SqliteStore;

fn large_region(runtime: &tokio::runtime::Runtime) -> Arc<dyn Store> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("large-region-seed42.sqlite");
    let fresh = !path.exists();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&path).unwrap());
    if fresh {
        let started = std::time::Instant::now();
        let region = runtime
            .block_on(generate(store.clone(), Size::LARGE, 42))
            .unwrap();
        eprintln!(
            "generated {} events and {} reports in {:.1} s",
            region.events,
            region.reports,
            started.elapsed().as_secs_f64()
        );
    }
    store
}

fn summary(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let store = large_region(&runtime);
    let now = Utc
        .with_ymd_and_hms(TODAY.0, TODAY.1, TODAY.2, 3, 0, 0)
        .unwrap();
    let service = Service::new(store).with_clock(Arc::new(ManualClock::new(now)));
    let coordinator = Actor::user("coordinator".parse().unwrap());
    let query = SummaryQuery {
        year: 2026,
        month: 10,
        participant: None,
        direction: None,
    };
    let mut group = c.benchmark_group("summary_large_region");
    group.sample_size(10);
    group.bench_function("consolidated_report_one_month_sqlite", |b| {
        b.iter(|| {
            runtime
                .block_on(service.consolidated_report(&coordinator, &query))
                .unwrap()
        });
    });
    let report = runtime
        .block_on(service.consolidated_report(&coordinator, &query))
        .unwrap();
    group.bench_function("xlsx_export_one_month", |b| {
        b.iter(|| {
            let mut out = Vec::new();
            stratmon_exchange::export::write_xlsx(&report, now, chrono_tz_zone(), &mut out)
                .unwrap();
            out.len()
        });
    });
    group.finish();
}

fn chrono_tz_zone() -> chrono_tz::Tz {
    chrono_tz::Asia::Novokuznetsk
}

criterion_group!(benches, summary);
criterion_main!(benches);

//! The whole `Service::consolidated_report` of the large region, timed by
//! wall clock and by the process's CPU time (user + system, from
//! `/proc/self/stat`), so that a run on a machine shared with other builds
//! still shows how much work one call does.
//!
//! ```text
//! cargo bench -p stratmon-bench --bench summary   # generates the region once
//! cargo run --release -p stratmon-bench --example summary_service [runs]
//! ```

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a measuring script fails loudly"
)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use stratmon_bench::TODAY;
use stratmon_core::calendar::ManualClock;
use stratmon_core::summary::SummaryQuery;
use stratmon_core::{Actor, Service};
use stratmon_sqlite::SqliteStore;

/// User plus system time of this process so far, in clock ticks of
/// 10 ms (Linux); zero where `/proc` is missing.
fn cpu_ticks() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which ends with the last `)`.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 here.
    let field = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    field(11) + field(12)
}

fn main() {
    let runs: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../target/bench-data/large-region-seed42.sqlite"
    );
    let store = Arc::new(SqliteStore::open(path).expect("run the summary bench first"));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
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
    // One call to warm the page cache and the connections.
    runtime
        .block_on(service.consolidated_report(&coordinator, &query))
        .unwrap();
    let mut walls: Vec<Duration> = Vec::new();
    let ticks = cpu_ticks();
    for _ in 0..runs {
        let t = Instant::now();
        let report = runtime
            .block_on(service.consolidated_report(&coordinator, &query))
            .unwrap();
        walls.push(t.elapsed());
        assert_eq!(report.event_lines.len(), 10_000);
    }
    let cpu = Duration::from_millis((cpu_ticks() - ticks) * 10) / runs;
    walls.sort();
    let median = walls[walls.len() / 2];
    println!(
        "{runs} calls: wall median {median:?} (min {:?}, max {:?}); CPU per call {cpu:?}",
        walls[0],
        walls[walls.len() - 1]
    );
}

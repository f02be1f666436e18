//! Where the consolidated report's time goes on the large region: each
//! read the service makes, then the computation alone.
//!
//! ```text
//! cargo bench -p stratmon-bench --bench summary   # generates the region once
//! cargo run --release -p stratmon-bench --example summary_breakdown
//! ```
//!
//! Run it under `/usr/bin/time -v` for the peak memory of the whole job
//! (reads, computation and the XLSX export).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a measuring script fails loudly"
)]

use std::sync::Arc;
use std::time::Instant;

use stratmon_bench::TODAY;
use stratmon_core::calendar::ReportingPeriod;
use stratmon_core::model::{Event, EventDigest, Indicator, Participant, StrategyNode};
use stratmon_core::store::{Store, StoreExt};
use stratmon_core::summary::{SummaryInput, consolidate};
use stratmon_sqlite::SqliteStore;

#[tokio::main]
async fn main() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../target/bench-data/large-region-seed42.sqlite"
    );
    let store: Arc<dyn Store> =
        Arc::new(SqliteStore::open(path).expect("run the summary bench first"));
    let t = Instant::now();
    let events: Vec<Event> = store.load_all(None).await.unwrap();
    println!("events: {} in {:?}", events.len(), t.elapsed());
    let t = Instant::now();
    let digests_of_events: Vec<EventDigest> = store.event_digests().await.unwrap();
    println!(
        "event digests: {} in {:?}",
        digests_of_events.len(),
        t.elapsed()
    );
    let t = Instant::now();
    let to = ReportingPeriod::new(TODAY.0, 10).unwrap();
    // The months the report shows, as the service reads them.
    let december = ReportingPeriod::new(TODAY.0 - 1, 12).unwrap();
    let year_ago = ReportingPeriod::new(TODAY.0 - 1, 10).unwrap();
    let whole = store.report_digests(december, to).await.unwrap().len()
        + store
            .report_digests(year_ago, year_ago)
            .await
            .unwrap()
            .len();
    println!(
        "whole report digests {december}..{to} and {year_ago}: {whole} in {:?}",
        t.elapsed()
    );
    // As the service reads them: the month with its spending, the others
    // without (one after another here; the service reads them at once).
    let t = Instant::now();
    let mut digests = store.report_digests(to, to).await.unwrap();
    digests.extend(
        store
            .report_digests_without_spending(december, to.previous())
            .await
            .unwrap(),
    );
    digests.extend(
        store
            .report_digests_without_spending(year_ago, year_ago)
            .await
            .unwrap(),
    );
    println!(
        "report digests as the service reads them: {} in {:?}",
        digests.len(),
        t.elapsed()
    );
    let t = Instant::now();
    let reached = store.reached_points(TODAY.0).await.unwrap();
    println!(
        "reached points before {}: {} in {:?}",
        TODAY.0,
        reached.len(),
        t.elapsed()
    );
    let t = Instant::now();
    let plans = store.annual_plan_digests(TODAY.0).await.unwrap();
    println!("annual plans: {} in {:?}", plans.len(), t.elapsed());
    let indicators: Vec<Indicator> = store.load_all(None).await.unwrap();
    let participants: Vec<Participant> = store.load_all(None).await.unwrap();
    let strategy: Vec<StrategyNode> = store.load_all(None).await.unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2).unwrap();
    let mut last: Option<stratmon_core::summary::ConsolidatedReport> = None;
    for _ in 0..3 {
        let t = Instant::now();
        let report = consolidate(SummaryInput {
            period: to,
            today,
            participant: None,
            direction: None,
            events: &digests_of_events,
            reports: &digests,
            reached: &reached,
            annual_plans: &plans,
            indicators: &indicators,
            participants: &participants,
            strategy: &strategy,
        });
        println!(
            "consolidate: {} event lines in {:?}",
            report.event_lines.len(),
            t.elapsed()
        );
        last = Some(report);
    }
    let report = last.expect("three runs");
    // The status derivation alone, per event, over the same digests.
    let mut by_event: std::collections::HashMap<&str, Vec<&stratmon_core::model::ReportDigest>> =
        std::collections::HashMap::new();
    for d in &digests {
        by_event.entry(d.event.as_str()).or_default().push(d);
    }
    let t = Instant::now();
    let mut overdue = 0;
    let mut reached_by_event: std::collections::HashMap<&str, Vec<_>> =
        std::collections::HashMap::new();
    for p in &reached {
        reached_by_event
            .entry(p.event.as_str())
            .or_default()
            .push(p);
    }
    for event in &events {
        let mine = by_event.get(event.id.as_str()).cloned().unwrap_or_default();
        let status = stratmon_core::status::event_status_with_reached(
            event,
            reached_by_event
                .get(event.id.as_str())
                .cloned()
                .unwrap_or_default(),
            mine,
            stratmon_core::calendar::WindowBounds::default(),
            today,
        );
        overdue += usize::from(status.status == stratmon_core::status::EventStatus::Overdue);
    }
    println!("event_status alone: {overdue} overdue in {:?}", t.elapsed());
    let t = Instant::now();
    let out = std::fs::File::create(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../target/bench-data/summary.xlsx"
    ))
    .unwrap();
    let now = chrono::Utc::now();
    stratmon_exchange::export::write_xlsx(&report, now, chrono_tz::Asia::Novokuznetsk, out)
        .unwrap();
    println!(
        "xlsx export to target/bench-data/summary.xlsx in {:?}",
        t.elapsed()
    );
}

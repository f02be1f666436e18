//! A writer process killed with SIGKILL at pseudo-random moments, many times
//! over, never loses a write it acknowledged and never leaves one half done.
//!
//! The test binary runs itself again as the child (the `#[ignore]`d test
//! below, selected by an environment variable). The child opens the store and
//! commits reports in a loop; each commit updates one of a few monthly report
//! records and a tally record together, with its audit entry, and the child
//! prints `ACK key version tally writer` once the commit returned. The parent
//! kills it after a seeded number of acknowledgements plus a short seeded
//! pause (so that kills land during opening, recovery, statements and
//! fsyncs), reopens the store, and checks:
//!
//! - every acknowledged write is there, at its version or later; when at its
//!   version, with its own body;
//! - nothing is half-applied: the tally's version equals the number of audit
//!   entries and the sum of the report versions, each report's version equals
//!   the number of audit entries about it, and each body carries the version
//!   of its record;
//! - the audit chain verifies.
//!
//! `STRATMON_SQLITE_KILLS` sets the number of kills (default 100).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod support;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use stratmon_core::audit::verify_chain;
use stratmon_core::store::{ChangeSet, Collection, Put, Store};
use stratmon_sqlite::SqliteStore;
use support::{Lcg, draft, expect, report_body};

const CHILD_ENV: &str = "STRATMON_SQLITE_CRASH_CHILD";
const GENERATION_ENV: &str = "STRATMON_SQLITE_CRASH_GENERATION";
const CHILD_TEST: &str = "crash_child_writes_reports_until_killed";
const REPORTS: u64 = 6;
const TALLY: &str = "tally";
const EVENT: &str = "1.1.1";

fn report_key(i: u64) -> String {
    format!("{EVENT}/2026-{:02}/r0001", i + 1)
}

/// One acknowledged write, as the child printed it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Ack {
    key: String,
    version: u64,
    tally: u64,
    writer: String,
}

/// Reads an `ACK` line. The test harness prints the child test's name
/// without a line break before the test starts, so the first line may carry
/// it in front.
fn parse_ack(line: &str) -> Option<Ack> {
    let start = line.find("ACK ")?;
    let mut words = line[start + 4..].split(' ');
    Some(Ack {
        key: words.next()?.to_owned(),
        version: words.next()?.parse().ok()?,
        tally: words.next()?.parse().ok()?,
        writer: words.next()?.to_owned(),
    })
}

/// The next line the child finished printing; `None` at the end of its
/// output. A line cut short by the kill is not an acknowledgement.
fn complete_line(out: &mut impl BufRead) -> Option<String> {
    let mut line = String::new();
    match out.read_line(&mut line) {
        Ok(n) if n > 0 && line.ends_with('\n') => Some(line.trim_end().to_owned()),
        _ => None,
    }
}

#[test]
#[ignore = "the child process of acknowledged_writes_survive_sigkill; started by it"]
fn crash_child_writes_reports_until_killed() {
    let Ok(path) = std::env::var(CHILD_ENV) else {
        return;
    };
    let generation: u64 = std::env::var(GENERATION_ENV).unwrap().parse().unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime.block_on(async {
        let store = SqliteStore::open(&path).unwrap();
        let mut versions = Vec::new();
        for i in 0..REPORTS {
            let stored = store
                .get(Collection::MonthlyReport, &report_key(i))
                .await
                .unwrap();
            versions.push(stored.map_or(0, |r| r.version));
        }
        let mut tally = store
            .get(Collection::Event, TALLY)
            .await
            .unwrap()
            .map_or(0, |r| r.version);
        let mut rng = Lcg::new(generation);
        let mut out = std::io::stdout();
        for n in 0..100_000u64 {
            let i = rng.below(REPORTS) as usize;
            let key = report_key(i as u64);
            let version = versions[i] + 1;
            let writer = format!("g{generation}n{n}");
            let change = ChangeSet {
                puts: vec![
                    Put {
                        collection: Collection::MonthlyReport,
                        key: key.clone(),
                        partition: EVENT.into(),
                        expect: expect(versions[i]),
                        body: report_body(&key, version, &writer),
                    },
                    Put {
                        collection: Collection::Event,
                        key: TALLY.into(),
                        partition: String::new(),
                        expect: expect(tally),
                        body: format!(r#"{{"writes":{}}}"#, tally + 1),
                    },
                ],
                audit: draft("stroy.planner", "report.save", "report", &key, tally + 1),
            };
            store.commit(change).await.unwrap();
            versions[i] = version;
            tally += 1;
            writeln!(out, "ACK {key} {version} {tally} {writer}").unwrap();
            out.flush().unwrap();
        }
    });
}

/// Everything the parent knows was acknowledged.
#[derive(Debug, Default)]
struct Acknowledged {
    last: BTreeMap<String, Ack>,
    tally: u64,
    count: u64,
}

impl Acknowledged {
    fn add(&mut self, ack: Ack) {
        self.tally = self.tally.max(ack.tally);
        self.count += 1;
        self.last.insert(ack.key.clone(), ack);
    }
}

/// Reopens the store and checks every promise; returns the tally. `before`
/// is the tally the previous check found, where the last child started.
async fn check(path: &Path, acked: &Acknowledged, before: u64, context: &str) -> u64 {
    let store = SqliteStore::open(path).unwrap();
    let reports = store.list(Collection::MonthlyReport, None).await.unwrap();
    let tally = store
        .get(Collection::Event, TALLY)
        .await
        .unwrap()
        .map_or(0, |r| r.version);
    let audit = store.audit_entries(1, usize::MAX).await.unwrap();
    verify_chain(&audit).unwrap_or_else(|b| panic!("{context}: chain broken at {b:?}"));

    for ack in acked.last.values() {
        let stored = reports
            .iter()
            .find(|r| r.key == ack.key)
            .unwrap_or_else(|| panic!("{context}: acknowledged {ack:?} is lost"));
        assert!(
            stored.version >= ack.version,
            "{context}: {ack:?} acknowledged, store has version {}",
            stored.version
        );
        if stored.version == ack.version {
            assert_eq!(
                stored.body,
                report_body(&ack.key, ack.version, &ack.writer),
                "{context}: the body of {ack:?} differs"
            );
        }
    }
    // The only commit that may have landed unacknowledged is the one the
    // child was in when it was killed.
    let floor = before.max(acked.tally);
    assert!(
        tally == floor || tally == floor + 1,
        "{context}: tally {tally}, acknowledged {}, before the child {before}",
        acked.tally
    );
    assert_eq!(
        audit.len() as u64,
        tally,
        "{context}: audit entries vs tally"
    );
    let sum: u64 = reports.iter().map(|r| r.version).sum();
    assert_eq!(sum, tally, "{context}: report versions vs tally");
    for r in &reports {
        let about = audit.iter().filter(|e| e.draft.object.id == r.key).count() as u64;
        assert_eq!(
            r.version, about,
            "{context}: {} vs its audit entries",
            r.key
        );
        let body: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(body["version"], r.version, "{context}: {}", r.key);
    }
    tally
}

#[test]
fn acknowledged_writes_survive_sigkill_and_nothing_is_half_applied() {
    let kills: u64 = std::env::var("STRATMON_SQLITE_KILLS")
        .ok()
        .and_then(|k| k.parse().ok())
        .unwrap_or(100);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.sqlite");
    let stderr = dir.path().join("child.stderr");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let started = Instant::now();
    let mut rng = Lcg::new(0x5717_A7E6);
    let mut acked = Acknowledged::default();
    let mut killed_before_any_ack = 0;
    let mut tally = 0;
    for generation in 0..kills {
        let want = rng.below(13);
        let pause = if want == 0 {
            // Long enough to land anywhere from start-up to the first commits.
            Duration::from_micros(rng.below(40_000))
        } else {
            Duration::from_micros(rng.below(3_000))
        };
        let mut child = support::child(CHILD_TEST, &stderr)
            .env(CHILD_ENV, &path)
            .env(GENERATION_ENV, generation.to_string())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut seen = 0;
        while seen < want {
            match complete_line(&mut out) {
                Some(line) => {
                    if let Some(ack) = parse_ack(&line) {
                        acked.add(ack);
                        seen += 1;
                    }
                }
                _ => {
                    let status = child.wait().unwrap();
                    panic!(
                        "child {generation} ended by itself ({status}):\n{}",
                        support::stderr_of(&stderr)
                    );
                }
            }
        }
        std::thread::sleep(pause);
        child.kill().unwrap(); // SIGKILL on unix
        let status = child.wait().unwrap();
        assert!(!status.success(), "child {generation} was not killed");
        // Lines printed before the kill are acknowledgements too.
        while let Some(line) = complete_line(&mut out) {
            if let Some(ack) = parse_ack(&line) {
                acked.add(ack);
            }
        }
        if want == 0 {
            killed_before_any_ack += 1;
        }
        let context = format!("after kill {generation}");
        tally = runtime.block_on(check(&path, &acked, tally, &context));
    }
    assert_eq!(
        runtime.block_on(check(&path, &acked, tally, "at the end")),
        tally
    );
    assert!(
        acked.count > kills,
        "too few writes acknowledged: {}",
        acked.count
    );
    eprintln!(
        "{kills} kills ({killed_before_any_ack} before an acknowledgement), {} acknowledged writes, \
         {tally} committed, {:.1} s",
        acked.count,
        started.elapsed().as_secs_f64()
    );
}

//! Acknowledged writes survive SIGKILL: this test binary re-executes itself as
//! a child that writes monthly reports in a loop and prints every
//! acknowledged write; the parent kills it with SIGKILL after a pseudo-random
//! number of acknowledgements (and a pseudo-random delay, so the kill lands
//! anywhere inside the next commit; some rounds kill it while it opens the
//! store), many times over, checking after every
//! restart and at the end that nothing acknowledged was lost, nothing was
//! half-applied and the audit chain verifies.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use stratmon_core::audit::{AuditDraft, ObjectRef, verify_chain};
use stratmon_core::model::UserId;
use stratmon_core::store::{ChangeSet, Collection, Expect, Put, Store};
use stratmon_core::{ErrorKind, Result};
use stratmon_sled::SledStore;

/// Set (to the database path) in the child process only.
const CHILD_ENV: &str = "STRATMON_SLED_CRASH_CHILD";
/// The child's seed.
const SEED_ENV: &str = "STRATMON_SLED_CRASH_SEED";
/// Overrides the number of kills (default [`DEFAULT_KILLS`]).
const KILLS_ENV: &str = "STRATMON_SLED_CRASH_KILLS";
const DEFAULT_KILLS: u64 = 100;
/// The child gives up after this many writes, in case the parent is gone.
const MAX_CHILD_WRITES: u64 = 5_000;
/// Reports written to, so that keys are rewritten many times.
const KEYS: u64 = 12;
/// Where each report's write count is also kept, written in the same commit.
const TALLY: Collection = Collection::Indicator;

/// A deterministic pseudo-random sequence (Knuth's MMIX LCG): the test must
/// not take randomness from the clock.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

fn report_key(k: u64) -> String {
    format!("ev-{}/2026-{:02}/r0001", k % 3, k % 12 + 1)
}

/// The partition a report is filed under at `version`: it moves every write,
/// so the partition index is rewritten all the time.
fn partition_at(version: u64) -> String {
    format!("ev-{}", version % 2)
}

fn draft(key: &str, version: u64, n: u64) -> Result<AuditDraft> {
    Ok(AuditDraft {
        at: Utc
            .timestamp_opt(1_770_000_000 + n as i64, 0)
            .single()
            .unwrap_or_default(),
        actor: UserId::new("crash.child")?,
        on_behalf_of: None,
        client: None,
        action: "report.save".into(),
        object: ObjectRef::new("report", key),
        participant: None,
        summary: format!("write {version}"),
    })
}

/// One write of `key` from `current` to `current + 1`: the report and its
/// tally record, in one change set with one audit entry.
fn change(key: &str, current: u64, n: u64, padding: &str) -> Result<ChangeSet> {
    let expect = match current {
        0 => Expect::Absent,
        v => Expect::Version(v),
    };
    let version = current + 1;
    let body = serde_json::json!({"key": key, "version": version, "progress": padding}).to_string();
    Ok(ChangeSet {
        puts: vec![
            Put {
                collection: Collection::MonthlyReport,
                key: key.into(),
                partition: partition_at(version),
                expect,
                body,
            },
            Put {
                collection: TALLY,
                key: key.into(),
                partition: String::new(),
                expect,
                body: format!(r#"{{"writes":{version}}}"#),
            },
        ],
        audit: draft(key, version, n)?,
    })
}

/// The child: prints the state it found (`STATE key version`, then `READY`),
/// then writes forever, printing `ACK key version` after each acknowledged
/// commit. Does nothing unless started by the parent.
#[tokio::test]
async fn child_writes_reports_until_killed() {
    let Some(path) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let seed: u64 = std::env::var(SEED_ENV).unwrap().parse().unwrap();
    let store = SledStore::open(&path).unwrap();
    let mut out = std::io::stdout().lock();
    let mut versions: BTreeMap<String, u64> = BTreeMap::new();
    // The test harness may have printed the test's name without a newline.
    writeln!(out).unwrap();
    for r in store.list(Collection::MonthlyReport, None).await.unwrap() {
        writeln!(out, "STATE {} {}", r.key, r.version).unwrap();
        versions.insert(r.key, r.version);
    }
    writeln!(out, "READY").unwrap();
    out.flush().unwrap();
    let padding = "Ход реализации мероприятия: работы ведутся по графику. ".repeat(12);
    let mut rng = Lcg(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let base = store.audit_entries(1, usize::MAX).await.unwrap().len() as u64;
    for n in 0..MAX_CHILD_WRITES {
        let key = report_key(rng.below(KEYS));
        let current = versions.get(&key).copied().unwrap_or(0);
        if n % 7 == 3 && current > 0 {
            // A stale write must be refused and leave nothing behind, even
            // when the kill lands inside it.
            let stale = change(&key, current - 1, base + n, &padding).unwrap();
            let err = store.commit(stale).await.unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Conflict, "{err}");
            continue;
        }
        store
            .commit(change(&key, current, base + n, &padding).unwrap())
            .await
            .unwrap();
        versions.insert(key.clone(), current + 1);
        // The parent gone means nobody listens: stop.
        if writeln!(out, "ACK {key} {}", current + 1).is_err() || out.flush().is_err() {
            return;
        }
    }
}

fn parse(rest: &str) -> (String, u64) {
    let (key, version) = rest.rsplit_once(' ').unwrap();
    (key.to_owned(), version.parse().unwrap())
}

/// Starts a child on `path`, checks the state it reports against `acked`,
/// reads `target` acknowledgements into `acked`, then waits `delay` and kills
/// it with SIGKILL (with `target` 0: kills it `delay` after starting it). Returns once the child has exited (sled's file lock is
/// released only then).
fn run_and_kill(
    path: &Path,
    seed: u64,
    target: u64,
    delay: Duration,
    acked: &mut BTreeMap<String, u64>,
) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_writes_reports_until_killed",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, path)
        .env(SEED_ENV, seed.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if target == 0 {
        // Killed while opening (recovering, checking the schema) or just after.
        std::thread::sleep(delay);
        child.kill().unwrap();
        child.wait().unwrap();
        return;
    }
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut state = BTreeMap::new();
    let mut acks = 0;
    let mut ready = false;
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(rest) = line.strip_prefix("STATE ") {
            let (key, version) = parse(rest);
            state.insert(key, version);
        } else if line == "READY" {
            ready = true;
            for (key, &version) in acked.iter() {
                let found = state.get(key).copied().unwrap_or(0);
                assert!(
                    found >= version,
                    "round {seed}: `{key}` was acknowledged at version {version} but reopened at {found}"
                );
            }
        } else if let Some(rest) = line.strip_prefix("ACK ") {
            let (key, version) = parse(rest);
            let previous = acked.insert(key.clone(), version).unwrap_or(0);
            assert!(
                version > previous,
                "`{key}` went from {previous} to {version}"
            );
            acks += 1;
            if acks == target {
                std::thread::sleep(delay);
                child.kill().unwrap();
                break;
            }
        }
    }
    let status = child.wait().unwrap();
    if !(ready && acks == target) {
        let mut stderr = String::new();
        let _ = child.stderr.take().unwrap().read_to_string(&mut stderr);
        let rest: Vec<String> = lines.map_while(std::result::Result::ok).collect();
        panic!(
            "round {seed}: the child stopped after {acks} of {target} acknowledgements ({status}):\n{}\n{stderr}",
            rest.join("\n")
        );
    }
}

/// Reopens the store and checks it against everything acknowledged.
async fn check_final_state(path: &Path, acked: &BTreeMap<String, u64>) {
    let store = SledStore::open(path).unwrap();
    let audit = store.audit_entries(1, usize::MAX).await.unwrap();
    let chain = verify_chain(&audit).unwrap_or_else(|b| panic!("entry {}: {}", b.seq, b.reason));
    let mut entries_about: BTreeMap<&str, u64> = BTreeMap::new();
    for e in &audit {
        *entries_about.entry(e.draft.object.id.as_str()).or_default() += 1;
    }
    let reports = store.list(Collection::MonthlyReport, None).await.unwrap();
    let tallies = store.list(TALLY, None).await.unwrap();
    assert_eq!(reports.len(), tallies.len());
    for (key, &version) in acked {
        let r = store.get(Collection::MonthlyReport, key).await.unwrap();
        let found = r.map_or(0, |r| r.version);
        assert!(
            found >= version,
            "`{key}` acknowledged at {version}, found {found}"
        );
    }
    for (r, t) in reports.iter().zip(&tallies) {
        assert_eq!(r.key, t.key);
        assert_eq!(
            r.version,
            entries_about.get(r.key.as_str()).copied().unwrap_or(0),
            "`{}`: its version and its audit entries disagree",
            r.key
        );
        assert_eq!(t.version, r.version, "`{}`: half of a change set", r.key);
        let body: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(body["version"], r.version, "`{}`", r.key);
        assert_eq!(r.partition, partition_at(r.version), "`{}`", r.key);
    }
    // Every audit entry belongs to one write of one report.
    assert_eq!(
        chain.entries,
        reports.iter().map(|r| r.version).sum::<u64>()
    );
    for partition in [partition_at(0), partition_at(1)] {
        let listed = store
            .list(Collection::MonthlyReport, Some(&partition))
            .await
            .unwrap();
        let expected: Vec<_> = reports
            .iter()
            .filter(|r| r.partition == partition)
            .cloned()
            .collect();
        assert_eq!(listed, expected, "the index of `{partition}`");
    }
}

#[test]
fn acknowledged_writes_survive_repeated_sigkill() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let kills: u64 = std::env::var(KILLS_ENV)
        .ok()
        .and_then(|k| k.parse().ok())
        .unwrap_or(DEFAULT_KILLS);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let mut rng = Lcg(0x5EED_CAFE);
    let mut acked = BTreeMap::new();
    let started = Instant::now();
    let mut while_opening = 0;
    for round in 0..kills {
        // One round in eight kills the child while it opens the store.
        let (target, delay) = if round > 0 && rng.below(8) == 0 {
            (0, Duration::from_micros(rng.below(30_000)))
        } else {
            (1 + rng.below(12), Duration::from_micros(rng.below(4_000)))
        };
        while_opening += u64::from(target == 0);
        run_and_kill(&path, round, target, delay, &mut acked);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime.block_on(check_final_state(&path, &acked));
    eprintln!(
        "{kills} kills ({while_opening} while opening), {} reports, {} acknowledged versions in {:?}",
        acked.len(),
        acked.values().sum::<u64>(),
        started.elapsed()
    );
}

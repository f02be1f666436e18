//! Two OS processes write one file at the same time (the server and a script
//! beside it): neither sees "database is locked" or any storage error, no
//! update is lost, and the audit chain stays one line.
//!
//! The test binary runs itself twice as the children (the `#[ignore]`d test
//! below, selected by an environment variable). Each child, once both are
//! ready, runs two tasks at once: one creates records of its own, the other
//! increments a shared counter record with a version precondition, reading
//! it again after every conflict. Every error other than a conflict fails
//! the child.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod support;

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use stratmon_core::ErrorKind;
use stratmon_core::audit::verify_chain;
use stratmon_core::store::{ChangeSet, Collection, Expect, Put, Store};
use stratmon_sqlite::SqliteStore;
use support::draft;

const CHILD_ENV: &str = "STRATMON_SQLITE_TWO_PROCESSES_CHILD";
const WRITER_ENV: &str = "STRATMON_SQLITE_WRITER";
const CHILD_TEST: &str = "two_processes_child_writes_its_share";
const OWN: u64 = 100;
const SHARED: u64 = 100;
const COUNTER: &str = "counter";

fn counter(body: &str) -> u64 {
    let v: serde_json::Value = serde_json::from_str(body).unwrap();
    v["count"].as_u64().unwrap()
}

#[test]
#[ignore = "a child process of two_processes_writing_one_file; started by it"]
fn two_processes_child_writes_its_share() {
    let Ok(path) = std::env::var(CHILD_ENV) else {
        return;
    };
    let writer = std::env::var(WRITER_ENV).unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    runtime.block_on(async {
        let store = Arc::new(SqliteStore::open(&path).unwrap());
        println!("READY");
        std::io::stdout().flush().unwrap();
        let mut go = String::new();
        std::io::stdin().read_line(&mut go).unwrap();

        let own = {
            let (store, writer) = (store.clone(), writer.clone());
            tokio::spawn(async move {
                let mut slowest = Duration::ZERO;
                for i in 0..OWN {
                    let key = format!("{writer}-{i:03}");
                    let started = Instant::now();
                    store
                        .commit(ChangeSet {
                            puts: vec![Put {
                                collection: Collection::MonthlyReport,
                                key: key.clone(),
                                partition: writer.clone(),
                                expect: Expect::Absent,
                                body: support::report_body(&key, 1, &writer),
                            }],
                            audit: draft(&writer, "report.save", "report", &key, i),
                        })
                        .await
                        .unwrap_or_else(|e| panic!("own write {key}: {e}"));
                    slowest = slowest.max(started.elapsed());
                }
                slowest
            })
        };
        let shared = {
            let (store, writer) = (store.clone(), writer.clone());
            tokio::spawn(async move {
                let mut conflicts = 0u64;
                for i in 0..SHARED {
                    loop {
                        let current = store
                            .get(Collection::Event, COUNTER)
                            .await
                            .unwrap_or_else(|e| panic!("read of the counter: {e}"))
                            .unwrap();
                        let next = counter(&current.body) + 1;
                        let result = store
                            .commit(ChangeSet {
                                puts: vec![Put {
                                    collection: Collection::Event,
                                    key: COUNTER.into(),
                                    partition: String::new(),
                                    expect: Expect::Version(current.version),
                                    body: format!(r#"{{"count":{next},"last":"{writer}"}}"#),
                                }],
                                audit: draft(&writer, "counter.increment", "counter", COUNTER, i),
                            })
                            .await;
                        match result {
                            Ok(_) => break,
                            Err(e) if e.kind() == ErrorKind::Conflict => conflicts += 1,
                            Err(e) => panic!("increment {i}: {e}"),
                        }
                    }
                }
                conflicts
            })
        };
        let slowest = own.await.unwrap();
        let conflicts = shared.await.unwrap();
        println!("DONE {writer}: {conflicts} conflicts, slowest own commit {slowest:.1?}");
    });
}

#[tokio::test]
async fn two_processes_writing_one_file_never_see_a_lock_error_nor_lose_an_update() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.sqlite");
    let store = SqliteStore::open(&path).unwrap();
    store
        .commit(ChangeSet {
            puts: vec![Put {
                collection: Collection::Event,
                key: COUNTER.into(),
                partition: String::new(),
                expect: Expect::Absent,
                body: r#"{"count":0}"#.into(),
            }],
            audit: draft("setup", "counter.create", "counter", COUNTER, 0),
        })
        .await
        .unwrap();

    let mut children = Vec::new();
    for writer in ["a", "b"] {
        let stderr = dir.path().join(format!("{writer}.stderr"));
        let mut child = support::child(CHILD_TEST, &stderr)
            .env(CHILD_ENV, &path)
            .env(WRITER_ENV, writer)
            .stdin(Stdio::piped())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        while !line.contains("READY") {
            line.clear();
            if out.read_line(&mut line).unwrap() == 0 {
                panic!(
                    "child {writer} ended before it was ready:\n{}",
                    support::stderr_of(&stderr)
                );
            }
        }
        children.push((writer, child, out, stderr));
    }
    // Both are ready: start them together.
    for (_, child, _, _) in &mut children {
        child.stdin.take().unwrap().write_all(b"GO\n").unwrap();
    }
    for (writer, mut child, out, stderr) in children {
        let done: Vec<String> = out
            .lines()
            .map_while(Result::ok)
            .filter(|l| l.contains("DONE"))
            .collect();
        let status = child.wait().unwrap();
        assert!(
            status.success() && done.len() == 1,
            "child {writer} failed ({status}):\n{}",
            support::stderr_of(&stderr)
        );
        eprintln!("{}", done[0]);
    }

    let shared = store
        .get(Collection::Event, COUNTER)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(counter(&shared.body), 2 * SHARED, "lost updates");
    assert_eq!(shared.version, 1 + 2 * SHARED);
    for writer in ["a", "b"] {
        let own = store
            .list(Collection::MonthlyReport, Some(writer))
            .await
            .unwrap();
        assert_eq!(own.len() as u64, OWN, "{writer}");
        assert!(own.iter().all(|r| r.version == 1));
    }
    let audit = store.audit_entries(1, usize::MAX).await.unwrap();
    assert_eq!(audit.len() as u64, 1 + 2 * OWN + 2 * SHARED);
    verify_chain(&audit).unwrap();
    let switches = audit
        .windows(2)
        .filter(|w| w[0].draft.actor != w[1].draft.actor)
        .count();
    eprintln!("the log switches between the writers {switches} times");
    assert!(switches >= 2, "the writers never overlapped");
}

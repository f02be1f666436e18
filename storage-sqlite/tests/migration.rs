//! Opening a file migrates an older schema in one transaction, keeps every
//! record and audit entry as it was, and refuses files it cannot read.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use rusqlite::Connection;
use stratmon_core::audit::{AuditDraft, ObjectRef, verify_chain};
use stratmon_core::conformance::{Fixture, Snapshot, snapshot};
use stratmon_core::model::{
    AnnualPlan, AnnualPlanContent, EventId, Indicator, IndicatorId, MonthlyReport, ParticipantId,
    ReportContent, UserId,
};
use stratmon_core::report::{ReportState, Workflow};
use stratmon_core::store::{
    ChangeSet, Collection, Expect, MemoryStore, Put, Store, StoreExt, encode,
};
use stratmon_core::{ErrorKind, Service};
use stratmon_sqlite::{SCHEMA_VERSION, SqliteStore};

/// The layout of schema version 1, written out by hand as an old build
/// created it (not taken from the crate, so that an edit of the shipped
/// migration shows up here).
const V1_DDL: &str = "
CREATE TABLE meta (name TEXT PRIMARY KEY NOT NULL, value ANY NOT NULL) STRICT;
INSERT INTO meta (name, value) VALUES ('application', 'stratmon');
INSERT INTO meta (name, value) VALUES ('schema_version', 1);
CREATE TABLE records (
    collection TEXT NOT NULL,
    key        TEXT NOT NULL,
    partition  TEXT NOT NULL,
    version    INTEGER NOT NULL,
    body       TEXT NOT NULL,
    PRIMARY KEY (collection, key)
);
CREATE TABLE audit (seq INTEGER PRIMARY KEY, entry TEXT NOT NULL);
";

/// A populated reference store: the fixture region with an approved report,
/// plus an entry with every optional field set, a sub-second time and text
/// that JSON has to escape.
async fn reference() -> (Arc<dyn Store>, Fixture) {
    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    let f = Fixture::build(store.clone()).await.unwrap();
    f.approved_report().await.unwrap();
    store
        .commit(ChangeSet {
            puts: vec![Put {
                collection: Collection::CalendarYear,
                key: "2027".into(),
                partition: String::new(),
                expect: Expect::Absent,
                body: r#"{"year":2027,"note":"«кавычки» \"и\" \\ слэш"}"#.into(),
            }],
            audit: AuditDraft {
                at: Utc.timestamp_opt(1_770_000_000, 123_456_789).unwrap(),
                actor: UserId::new("coord").unwrap(),
                on_behalf_of: Some(UserId::new("admin").unwrap()),
                client: Some("10.0.0.7 \"curl\"\n".into()),
                action: "calendar.set".into(),
                object: ObjectRef::new("calendar_year", "2027"),
                participant: Some(ParticipantId::new("minecon").unwrap()),
                summary: "переносы: 1 мая → 4 мая; tab\there; emoji 😀; nul \u{0} end".into(),
            },
        })
        .await
        .unwrap();
    (store, f)
}

/// Writes `contents` into a new version-1 file at `path` with raw SQL.
fn write_v1_file(path: &Path, contents: &Snapshot) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(V1_DDL).unwrap();
    for r in &contents.records {
        conn.execute(
            "INSERT INTO records VALUES (?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![
                r.collection.as_str(),
                r.key,
                r.partition,
                r.version as i64,
                r.body
            ],
        )
        .unwrap();
    }
    for e in &contents.audit {
        conn.execute(
            "INSERT INTO audit VALUES (?1, ?2)",
            rusqlite::params![e.seq as i64, serde_json::to_string(e).unwrap()],
        )
        .unwrap();
    }
}

/// A new version-1 file holding `contents`, in a temporary folder that
/// lives as long as the returned guard.
fn v1_file_of(contents: &Snapshot) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite");
    write_v1_file(&path, contents);
    (dir, path)
}

fn schema_version(path: &Path) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row(
            "SELECT value FROM meta WHERE name = 'schema_version'",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

fn table_sql(path: &Path) -> Vec<String> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT coalesce(sql, name) FROM sqlite_schema ORDER BY name")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Asserts that the layout of the file at `path` holds each of `parts`.
fn assert_layout_holds(path: &Path, parts: &[&str]) {
    let schema = table_sql(path).join("\n");
    for part in parts {
        assert!(schema.contains(part), "no `{part}` in {schema}");
    }
}

#[tokio::test]
async fn a_version_1_file_is_migrated_on_open_with_its_data_and_chain_intact() {
    let (reference, f) = reference().await;
    let expected = snapshot(&*reference).await.unwrap();
    let (_dir, path) = v1_file_of(&expected);

    let store = Arc::new(SqliteStore::open(&path).unwrap());
    assert_eq!(schema_version(&path), SCHEMA_VERSION);
    let migrated = snapshot(&*store).await.unwrap();
    assert_eq!(migrated, expected);
    verify_chain(&migrated.audit).unwrap();
    // Version 3 built the report digests from the reports already there.
    let digests = store.report_digests(f.period, f.period).await.unwrap();
    assert_eq!(digests.len(), 1);
    assert_eq!(
        digests,
        reference.report_digests(f.period, f.period).await.unwrap()
    );
    assert_layout_holds(&path, &["records_by_partition", "object_kind"]);

    // The service carries on where the old build stopped.
    let service = Service::new(store.clone()).with_clock(f.clock.clone());
    let report = service
        .get_report(&f.head, &f.event, f.period)
        .await
        .unwrap();
    service
        .reopen_report(
            &f.head,
            &f.event,
            f.period,
            report.version,
            "после обновления",
        )
        .await
        .unwrap();
    let after = store.audit_entries(1, usize::MAX).await.unwrap();
    assert_eq!(after.len(), expected.audit.len() + 1);
    verify_chain(&after).unwrap();
}

#[tokio::test]
async fn version_4_backfills_the_control_points_reached_from_the_reports_already_there() {
    let (reference, f) = reference().await;
    let expected = snapshot(&*reference).await.unwrap();
    let (_dir, path) = v1_file_of(&expected);

    let store = SqliteStore::open(&path).unwrap();
    let next_year = f.period.year + 1;
    let reached = store.reached_points(next_year).await.unwrap();
    assert_eq!(reached.len(), 1, "{reached:?}");
    assert_eq!(reached[0].event, f.event);
    assert_eq!(reached[0].control_point, f.control_point);
    assert_eq!(reached[0].period, f.period);
    assert_eq!(reached, reference.reached_points(next_year).await.unwrap());
    assert!(
        store
            .reached_points(f.period.year)
            .await
            .unwrap()
            .is_empty()
    );
    assert_layout_holds(
        &path,
        &["reached_points_on_insert", "reached_points_on_delete"],
    );
}

#[tokio::test]
async fn version_5_backfills_the_event_digests_from_the_events_already_there() {
    let (reference, _) = reference().await;
    let expected = snapshot(&*reference).await.unwrap();
    let (_dir, path) = v1_file_of(&expected);

    let store = SqliteStore::open(&path).unwrap();
    let digests = store.event_digests().await.unwrap();
    assert!(!digests.is_empty());
    assert!(digests.iter().any(|d| !d.control_points.is_empty()));
    assert_eq!(digests, reference.event_digests().await.unwrap());
    assert_layout_holds(&path, &["event_digest_on_insert", "event_digest_on_update"]);
}

#[tokio::test]
async fn version_6_answers_where_revisions_stand_as_the_records_do() {
    let (reference, f) = reference().await;
    // Two revisions of an annual plan beside the fixture's reports.
    for revision in [1, 2] {
        let mut workflow = Workflow::draft(revision);
        workflow.state = if revision == 1 {
            ReportState::Returned
        } else {
            ReportState::Submitted
        };
        let plan = AnnualPlan {
            event: f.event.clone(),
            year: f.period.year + 1,
            workflow,
            content: AnnualPlanContent::default(),
            version: 0,
        };
        let audit = AuditDraft {
            at: Utc
                .timestamp_opt(1_770_000_000 + i64::from(revision), 0)
                .unwrap(),
            actor: UserId::new("planner").unwrap(),
            on_behalf_of: None,
            client: None,
            action: "annual_plan.save".into(),
            object: ObjectRef::new("annual_plan", format!("{}/{revision}", f.event)),
            participant: None,
            summary: "годовой план".into(),
        };
        reference
            .commit(ChangeSet {
                puts: vec![encode(&plan).unwrap()],
                audit,
            })
            .await
            .unwrap();
    }
    let expected = snapshot(&*reference).await.unwrap();
    let (_dir, path) = v1_file_of(&expected);

    let store = SqliteStore::open(&path).unwrap();
    let events = [f.event.clone()];
    let (from, to) = (f.period.previous(), f.period.next());
    let reports = store
        .event_report_revisions(&events, from, to)
        .await
        .unwrap();
    assert!(!reports[0].is_empty());
    assert_eq!(
        reports,
        reference
            .event_report_revisions(&events, from, to)
            .await
            .unwrap()
    );
    let plans = store.event_annual_plan_revisions(&events).await.unwrap();
    assert_eq!(plans.len(), 1, "one list for the one event asked");
    assert_eq!(plans[0].len(), 2, "{plans:?}");
    assert_eq!(
        plans,
        reference
            .event_annual_plan_revisions(&events)
            .await
            .unwrap()
    );
    assert_layout_holds(
        &path,
        &[
            "report_digests_by_key ON report_digests (key, revision, state)",
            "plan_digests_by_key ON plan_digests (key, revision, state)",
        ],
    );
}

/// An audit entry for a write these tests make behind the service.
fn write_draft(kind: &str, key: &str) -> AuditDraft {
    AuditDraft {
        at: Utc.timestamp_opt(1_770_000_100, 0).unwrap(),
        actor: UserId::new("coord").unwrap(),
        on_behalf_of: None,
        client: None,
        action: "test.write".into(),
        object: ObjectRef::new(kind, key),
        participant: None,
        summary: "запись в обход сервиса".into(),
    }
}

#[tokio::test]
async fn version_7_backfills_the_links_of_the_indicators_already_there() {
    let (reference, f) = reference().await;
    // A second indicator, linked to the fixture's event and another one.
    let other = EventId::new("7.7.7").unwrap();
    let mut second: Indicator = reference.load(f.indicator.as_str()).await.unwrap().unwrap();
    second.id = IndicatorId::new("A-2").unwrap();
    second.version = 0;
    second.fields.events.insert(other.clone());
    reference
        .commit(ChangeSet {
            puts: vec![encode(&second).unwrap()],
            audit: write_draft("indicator", "A-2"),
        })
        .await
        .unwrap();
    let expected = snapshot(&*reference).await.unwrap();
    let (_dir, path) = v1_file_of(&expected);

    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.event_indicators(&f.event).await.unwrap().len(), 2);
    for event in [f.event.clone(), other, EventId::new("0.0.0").unwrap()] {
        assert_eq!(
            store.event_indicators(&event).await.unwrap(),
            reference.event_indicators(&event).await.unwrap(),
            "{event}"
        );
    }
}

#[tokio::test]
async fn an_indicator_whose_links_cannot_be_read_stops_the_events_it_names_after_migrating() {
    let named = EventId::new("4.4.4").unwrap();
    for body in [
        "not JSON, but it names \"4.4.4\"",
        r#"{"id":"B-1","fields":{"events":"4.4.4"}}"#,
        r#"{"id":"B-1","fields":{"events":[7,"4.4.4"]}}"#,
    ] {
        let (reference, f) = reference().await;
        reference
            .commit(ChangeSet {
                puts: vec![Put {
                    collection: Collection::Indicator,
                    key: "B-1".into(),
                    partition: String::new(),
                    expect: Expect::Absent,
                    body: body.into(),
                }],
                audit: write_draft("indicator", "B-1"),
            })
            .await
            .unwrap();
        // Found by the migration's backfill in an old file.
        let (_dir, path) = v1_file_of(&snapshot(&*reference).await.unwrap());
        let migrated = SqliteStore::open(&path).unwrap();
        let err = migrated.event_indicators(&named).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Storage, "{body}: {err}");
        assert!(err.to_string().contains("B-1"), "{err}");
        assert_eq!(
            migrated.event_indicators(&f.event).await.unwrap(),
            reference.event_indicators(&f.event).await.unwrap(),
            "{body}: an event it does not name reads as before"
        );
    }
}

#[tokio::test]
async fn version_8_skips_the_reached_point_refresh_for_drafts_and_answers_as_before() {
    let (reference, f) = reference().await;
    let expected = snapshot(&*reference).await.unwrap();
    let (_dir, path) = v1_file_of(&expected);
    let store = SqliteStore::open(&path).unwrap();
    assert_layout_holds(
        &path,
        &[
            "WHEN new.state IN ('submitted', 'accepted', 'approved')",
            "WHEN old.state IN ('submitted', 'accepted', 'approved')",
        ],
    );

    // A later month of the fixture's event: a draft dating the control
    // point, then the same revision submitted. Only the second may move
    // what was reached before next year, on the migrated file as in the
    // reference.
    let next_year = f.period.year + 1;
    let later = f.period.next();
    let mut content = ReportContent::default();
    content
        .control_points
        .insert(f.control_point.clone(), later.first_day());
    let mut report = MonthlyReport {
        event: f.event.clone(),
        period: later,
        workflow: Workflow::draft(1),
        content,
        returned_content: None,
        version: 0,
    };
    let before = reference.reached_points(next_year).await.unwrap();
    let both: [Arc<dyn Store>; 2] = [reference.clone(), Arc::new(store.clone())];
    for state in [ReportState::Draft, ReportState::Submitted] {
        report.workflow.state = state;
        let key = format!("{}/{later}/r1", f.event);
        for target in &both {
            target
                .commit(ChangeSet {
                    puts: vec![encode(&report).unwrap()],
                    audit: write_draft("monthly_report", &key),
                })
                .await
                .unwrap();
        }
        report.version += 1;
        let reached = store.reached_points(next_year).await.unwrap();
        assert_eq!(reached, reference.reached_points(next_year).await.unwrap());
        let moved = reached != before;
        assert_eq!(
            moved,
            state == ReportState::Submitted,
            "{state:?}: {reached:?}"
        );
    }
}

#[tokio::test]
async fn a_migrated_file_reopens_without_migrating_again() {
    let (reference, _) = reference().await;
    let expected = snapshot(&*reference).await.unwrap();
    let (_dir, path) = v1_file_of(&expected);
    drop(SqliteStore::open(&path).unwrap());
    let layout = table_sql(&path);
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(table_sql(&path), layout);
    assert_eq!(snapshot(&store).await.unwrap(), expected);
}

#[tokio::test]
async fn a_failed_migration_leaves_the_file_at_its_old_version() {
    let (reference, _) = reference().await;
    let mut contents = snapshot(&*reference).await.unwrap();
    contents.audit.truncate(3);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.sqlite");
    write_v1_file(&path, &contents);
    // An entry the old build could never have written: not JSON.
    Connection::open(&path)
        .unwrap()
        .execute("UPDATE audit SET entry = 'not json' WHERE seq = 2", [])
        .unwrap();
    let before = table_sql(&path);

    let err = SqliteStore::open(&path).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Storage);
    assert!(err.to_string().contains("broken.sqlite"), "{err}");
    assert_eq!(schema_version(&path), 1);
    assert_eq!(table_sql(&path), before);
    let rows: i64 = Connection::open(&path)
        .unwrap()
        .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 3);
}

#[tokio::test]
async fn a_file_from_a_newer_schema_version_is_refused_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.sqlite");
    drop(SqliteStore::open(&path).unwrap());
    let future = SCHEMA_VERSION + 1;
    Connection::open(&path)
        .unwrap()
        .execute(
            "UPDATE meta SET value = ?1 WHERE name = 'schema_version'",
            [future],
        )
        .unwrap();
    let before = table_sql(&path);

    let err = SqliteStore::open(&path).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Storage);
    let message = err.to_string();
    assert!(message.contains("future.sqlite"), "{message}");
    assert!(
        message.contains(&format!("schema version {future}")),
        "{message}"
    );
    assert!(message.contains("newer version of stratmon"), "{message}");
    assert_eq!(schema_version(&path), future);
    assert_eq!(table_sql(&path), before);
}

#[tokio::test]
async fn a_foreign_sqlite_file_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.sqlite");
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total TEXT);")
        .unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    drop(conn);

    let err = SqliteStore::open(&path).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Storage);
    assert!(err.to_string().contains("not a stratmon store"), "{err}");
    assert_eq!(
        table_sql(&path),
        ["CREATE TABLE invoices (id INTEGER PRIMARY KEY, total TEXT)"]
    );
    let after: String = Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(after, mode);
}

#[tokio::test]
async fn a_file_that_is_not_a_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "этот файл — не база данных\n".repeat(200)).unwrap();
    let err = SqliteStore::open(&path).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Storage);
    assert!(err.to_string().contains("notes.txt"), "{err}");
}

#[tokio::test]
async fn a_new_file_gets_the_current_schema_and_write_ahead_logging() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.sqlite");
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.path(), path);
    assert_eq!(schema_version(&path), SCHEMA_VERSION);
    let mode: String = Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[tokio::test]
async fn an_in_memory_database_is_refused_as_its_connections_would_not_share_it() {
    for name in [":memory:", ""] {
        let err = SqliteStore::open(name).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Storage);
        assert!(err.to_string().contains("use a file"), "{err}");
    }
}

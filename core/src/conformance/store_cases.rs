//! Cases on the raw [`Store`] contract.

use std::sync::Arc;

use chrono::{TimeZone, Utc};

use super::snapshot;
use crate::audit::{AuditDraft, GENESIS_HASH, ObjectRef, verify_chain};
use crate::error::{ErrorKind, Result};
use crate::model::UserId;
use crate::store::{ChangeSet, Collection, Expect, Put, Store};

fn draft(n: u64) -> Result<AuditDraft> {
    Ok(AuditDraft {
        at: Utc
            .timestamp_opt(1_770_000_000 + n as i64, 0)
            .single()
            .unwrap_or_default(),
        actor: UserId::new("tester")?,
        on_behalf_of: None,
        client: Some("127.0.0.1".into()),
        action: "test.write".into(),
        object: ObjectRef::new("test", n.to_string()),
        participant: None,
        summary: format!("write {n}"),
    })
}

fn put(collection: Collection, key: &str, partition: &str, expect: Expect, body: &str) -> Put {
    Put {
        collection,
        key: key.into(),
        partition: partition.into(),
        expect,
        body: body.into(),
    }
}

async fn commit(store: &dyn Store, puts: Vec<Put>, n: u64) -> Result<crate::audit::AuditEntry> {
    store
        .commit(ChangeSet {
            puts,
            audit: draft(n)?,
        })
        .await
}

/// A monthly report revision of `event` for `(year, month)` in `state`
/// (submitted at a fixed instant unless a draft), holding `content`.
fn monthly_report(
    event: &str,
    (year, month): (i32, u32),
    revision: u32,
    state: crate::report::ReportState,
    content: crate::model::ReportContent,
) -> Result<crate::model::MonthlyReport> {
    let mut workflow = crate::report::Workflow::draft(revision);
    workflow.state = state;
    workflow.submitted_at = (state != crate::report::ReportState::Draft).then(|| {
        Utc.timestamp_opt(1_700_000_000, 0)
            .single()
            .unwrap_or_default()
    });
    Ok(crate::model::MonthlyReport {
        event: crate::model::EventId::new(event)?,
        period: crate::calendar::ReportingPeriod::new(year, month)?,
        workflow,
        content,
        returned_content: None,
        version: 0,
    })
}

/// `get` of a key never written is `None`; an empty store lists nothing.
pub async fn get_of_a_missing_key_is_none(store: Arc<dyn Store>) -> Result<()> {
    assert!(store.get(Collection::Event, "nope").await?.is_none());
    assert!(store.list(Collection::Event, None).await?.is_empty());
    assert!(store.audit_entries(1, 10).await?.is_empty());
    Ok(())
}

/// What is put comes back exactly, at version 1, then 2 after an update.
pub async fn a_put_round_trips_body_partition_and_version(store: Arc<dyn Store>) -> Result<()> {
    commit(
        &*store,
        vec![put(
            Collection::Event,
            "1.1",
            "p1",
            Expect::Absent,
            r#"{"a":1}"#,
        )],
        1,
    )
    .await?;
    let r = store.get(Collection::Event, "1.1").await?;
    let r = r.ok_or_else(|| crate::Error::not_found("record", "1.1"))?;
    assert_eq!(
        (
            r.key.as_str(),
            r.partition.as_str(),
            r.version,
            r.body.as_str()
        ),
        ("1.1", "p1", 1, r#"{"a":1}"#)
    );
    assert_eq!(r.collection, Collection::Event);
    commit(
        &*store,
        vec![put(
            Collection::Event,
            "1.1",
            "p1",
            Expect::Version(1),
            r#"{"a":2}"#,
        )],
        2,
    )
    .await?;
    let r = store
        .get(Collection::Event, "1.1")
        .await?
        .ok_or_else(|| crate::Error::not_found("record", "1.1"))?;
    assert_eq!((r.version, r.body.as_str()), (2, r#"{"a":2}"#));
    Ok(())
}

/// `Expect::Absent` on an existing key is a conflict; nothing changes.
pub async fn creating_an_existing_key_conflicts_and_writes_nothing(
    store: Arc<dyn Store>,
) -> Result<()> {
    commit(
        &*store,
        vec![put(Collection::User, "u", "p", Expect::Absent, "{}")],
        1,
    )
    .await?;
    let before = snapshot(&*store).await?;
    let err = commit(
        &*store,
        vec![put(
            Collection::User,
            "u",
            "p",
            Expect::Absent,
            r#"{"x":1}"#,
        )],
        2,
    )
    .await
    .err();
    assert_eq!(err.map(|e| e.kind()), Some(ErrorKind::Conflict));
    assert_eq!(snapshot(&*store).await?, before);
    Ok(())
}

/// A put naming an old or a future version conflicts; nothing changes.
pub async fn a_stale_version_conflicts_and_writes_nothing(store: Arc<dyn Store>) -> Result<()> {
    commit(
        &*store,
        vec![put(Collection::Event, "e", "", Expect::Absent, "{}")],
        1,
    )
    .await?;
    commit(
        &*store,
        vec![put(Collection::Event, "e", "", Expect::Version(1), "{}")],
        2,
    )
    .await?;
    let before = snapshot(&*store).await?;
    for stale in [Expect::Version(1), Expect::Version(3), Expect::Version(0)] {
        let err = commit(
            &*store,
            vec![put(Collection::Event, "e", "", stale, r#"{"late":true}"#)],
            3,
        )
        .await
        .err();
        assert_eq!(
            err.map(|e| e.kind()),
            Some(ErrorKind::Conflict),
            "{stale:?}"
        );
    }
    let missing = commit(
        &*store,
        vec![put(
            Collection::Event,
            "ghost",
            "",
            Expect::Version(1),
            "{}",
        )],
        4,
    )
    .await
    .err();
    assert_eq!(missing.map(|e| e.kind()), Some(ErrorKind::Conflict));
    assert_eq!(snapshot(&*store).await?, before);
    Ok(())
}

/// When the last put of a set fails, the earlier ones and the audit entry are
/// not written either.
pub async fn a_change_set_is_all_or_nothing(store: Arc<dyn Store>) -> Result<()> {
    commit(
        &*store,
        vec![put(Collection::Indicator, "i", "", Expect::Absent, "{}")],
        1,
    )
    .await?;
    let before = snapshot(&*store).await?;
    let err = commit(
        &*store,
        vec![
            put(Collection::Event, "new-1", "p", Expect::Absent, "{}"),
            put(
                Collection::MonthlyReport,
                "new-2",
                "p",
                Expect::Absent,
                "{}",
            ),
            put(Collection::Indicator, "i", "", Expect::Version(7), "{}"),
        ],
        2,
    )
    .await
    .err();
    assert_eq!(err.map(|e| e.kind()), Some(ErrorKind::Conflict));
    assert_eq!(snapshot(&*store).await?, before);
    Ok(())
}

/// A set may create a record and update it again; versions count both.
pub async fn puts_in_one_change_set_see_each_other(store: Arc<dyn Store>) -> Result<()> {
    commit(
        &*store,
        vec![
            put(
                Collection::Participant,
                "p",
                "",
                Expect::Absent,
                r#"{"n":1}"#,
            ),
            put(
                Collection::Participant,
                "p",
                "",
                Expect::Version(1),
                r#"{"n":2}"#,
            ),
        ],
        1,
    )
    .await?;
    let r = store
        .get(Collection::Participant, "p")
        .await?
        .ok_or_else(|| crate::Error::not_found("record", "p"))?;
    assert_eq!((r.version, r.body.as_str()), (2, r#"{"n":2}"#));
    Ok(())
}

/// `list` orders by key bytes and filters by partition.
pub async fn lists_are_ordered_by_key_and_filtered_by_partition(
    store: Arc<dyn Store>,
) -> Result<()> {
    let keys = [
        ("b/2026-02/r0001", "b"),
        ("a/2026-03/r0001", "a"),
        ("a/2026-02/r0002", "a"),
        ("a/2026-02/r0001", "a"),
        ("ab", "ab"),
    ];
    for (i, (key, partition)) in keys.iter().enumerate() {
        commit(
            &*store,
            vec![put(
                Collection::MonthlyReport,
                key,
                partition,
                Expect::Absent,
                "{}",
            )],
            i as u64,
        )
        .await?;
    }
    let all: Vec<String> = store
        .list(Collection::MonthlyReport, None)
        .await?
        .into_iter()
        .map(|r| r.key)
        .collect();
    assert_eq!(
        all,
        [
            "a/2026-02/r0001",
            "a/2026-02/r0002",
            "a/2026-03/r0001",
            "ab",
            "b/2026-02/r0001"
        ]
    );
    let a: Vec<String> = store
        .list(Collection::MonthlyReport, Some("a"))
        .await?
        .into_iter()
        .map(|r| r.key)
        .collect();
    assert_eq!(a, ["a/2026-02/r0001", "a/2026-02/r0002", "a/2026-03/r0001"]);
    assert!(
        store
            .list(Collection::MonthlyReport, Some("zzz"))
            .await?
            .is_empty()
    );
    Ok(())
}

/// The same key in two collections is two records.
pub async fn collections_do_not_see_each_other(store: Arc<dyn Store>) -> Result<()> {
    for (i, c) in Collection::ALL.iter().enumerate() {
        commit(
            &*store,
            vec![put(
                *c,
                "same",
                "",
                Expect::Absent,
                &format!(r#"{{"c":{i}}}"#),
            )],
            i as u64,
        )
        .await?;
    }
    for (i, c) in Collection::ALL.iter().enumerate() {
        let listed = store.list(*c, None).await?;
        assert_eq!(listed.len(), 1, "{c:?}");
        assert_eq!(listed[0].body, format!(r#"{{"c":{i}}}"#));
        assert_eq!(listed[0].collection, *c);
    }
    Ok(())
}

/// Changing an event's responsible executor moves it between partitions.
pub async fn an_update_may_move_a_record_to_another_partition(store: Arc<dyn Store>) -> Result<()> {
    commit(
        &*store,
        vec![put(Collection::Event, "e", "old", Expect::Absent, "{}")],
        1,
    )
    .await?;
    commit(
        &*store,
        vec![put(Collection::Event, "e", "new", Expect::Version(1), "{}")],
        2,
    )
    .await?;
    assert!(store.list(Collection::Event, Some("old")).await?.is_empty());
    assert_eq!(store.list(Collection::Event, Some("new")).await?.len(), 1);
    Ok(())
}

/// Russian text, quotes, newlines and a 1 MiB body come back byte for byte.
pub async fn large_and_unicode_bodies_round_trip(store: Arc<dyn Store>) -> Result<()> {
    let unicode = serde_json::json!({"title": "Строительство «жилья» в Новокузнецке\n\t\"кавычки\" 😀 \u{0}"}).to_string();
    let large = serde_json::json!({"progress": "ж".repeat(512 * 1024)}).to_string();
    commit(
        &*store,
        vec![put(
            Collection::Event,
            "ключ-не-латиница",
            "часть",
            Expect::Absent,
            &unicode,
        )],
        1,
    )
    .await?;
    commit(
        &*store,
        vec![put(Collection::Event, "large", "", Expect::Absent, &large)],
        2,
    )
    .await?;
    let u = store
        .get(Collection::Event, "ключ-не-латиница")
        .await?
        .ok_or_else(|| crate::Error::not_found("record", "u"))?;
    assert_eq!(u.body, unicode);
    assert_eq!(u.partition, "часть");
    let l = store
        .get(Collection::Event, "large")
        .await?
        .ok_or_else(|| crate::Error::not_found("record", "l"))?;
    assert_eq!(l.body, large);
    Ok(())
}

/// Commits an empty event `e{n}` with the `n`th draft.
async fn create_event(store: &dyn Store, n: u64) -> Result<crate::audit::AuditEntry> {
    let event = put(
        Collection::Event,
        &format!("e{n}"),
        "",
        Expect::Absent,
        "{}",
    );
    commit(store, vec![event], n).await
}

/// Each commit returns the entry it appended: sequence from 1, linked by hash,
/// stored exactly as returned.
pub async fn every_commit_appends_one_linked_audit_entry(store: Arc<dyn Store>) -> Result<()> {
    let mut returned = Vec::new();
    for n in 1..=5u64 {
        returned.push(create_event(&*store, n).await?);
    }
    let stored = store.audit_entries(1, 100).await?;
    assert_eq!(stored, returned);
    assert_eq!(stored[0].prev_hash, GENESIS_HASH);
    assert_eq!(
        stored.iter().map(|e| e.seq).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );
    let report =
        verify_chain(&stored).map_err(|b| crate::Error::storage("conformance", b.reason))?;
    assert_eq!(report.entries, 5);
    assert_eq!(stored[2].draft, draft(3)?);
    Ok(())
}

/// `audit_head` names the newest entry: 0 for an empty log, then the `seq`
/// each commit returned.
pub async fn the_audit_head_is_the_newest_entry(store: Arc<dyn Store>) -> Result<()> {
    assert_eq!(store.audit_head().await?, 0);
    for n in 1..=9u64 {
        let entry = create_event(&*store, n).await?;
        assert_eq!(store.audit_head().await?, entry.seq);
    }
    assert_eq!(store.audit_head().await?, 9);
    Ok(())
}

/// `audit_entries(from, limit)` pages through the log.
pub async fn audit_entries_page_from_a_sequence_number(store: Arc<dyn Store>) -> Result<()> {
    for n in 1..=7u64 {
        create_event(&*store, n).await?;
    }
    let page: Vec<u64> = store
        .audit_entries(3, 2)
        .await?
        .iter()
        .map(|e| e.seq)
        .collect();
    assert_eq!(page, [3, 4]);
    let tail: Vec<u64> = store
        .audit_entries(6, 100)
        .await?
        .iter()
        .map(|e| e.seq)
        .collect();
    assert_eq!(tail, [6, 7]);
    assert!(store.audit_entries(8, 100).await?.is_empty());
    assert!(store.audit_entries(1, 0).await?.is_empty());
    Ok(())
}

/// Many tasks write version 1 of one record at once: exactly one succeeds,
/// the rest conflict, and the log has exactly one entry for them.
pub async fn racing_writers_of_one_version_have_exactly_one_winner(
    store: Arc<dyn Store>,
) -> Result<()> {
    commit(
        &*store,
        vec![put(
            Collection::MonthlyReport,
            "r",
            "e",
            Expect::Absent,
            r#"{"w":0}"#,
        )],
        0,
    )
    .await?;
    let mut tasks = Vec::new();
    for w in 1..=16u64 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            commit(
                &*store,
                vec![put(
                    Collection::MonthlyReport,
                    "r",
                    "e",
                    Expect::Version(1),
                    &format!(r#"{{"w":{w}}}"#),
                )],
                w,
            )
            .await
        }));
    }
    let mut winners = Vec::new();
    for (i, task) in tasks.into_iter().enumerate() {
        match task.await {
            Ok(Ok(_)) => winners.push(i as u64 + 1),
            Ok(Err(e)) => assert_eq!(e.kind(), ErrorKind::Conflict, "{e}"),
            Err(join) => return Err(crate::Error::storage("conformance", join.to_string())),
        }
    }
    assert_eq!(winners.len(), 1, "winners: {winners:?}");
    let r = store
        .get(Collection::MonthlyReport, "r")
        .await?
        .ok_or_else(|| crate::Error::not_found("record", "r"))?;
    assert_eq!(r.version, 2);
    assert_eq!(r.body, format!(r#"{{"w":{}}}"#, winners[0]));
    assert_eq!(store.audit_entries(1, 100).await?.len(), 2);
    Ok(())
}

/// Concurrent commits to different records all land, and the chain stays one
/// gap-free, verifiable line.
pub async fn concurrent_commits_keep_the_audit_chain_linear(store: Arc<dyn Store>) -> Result<()> {
    let mut tasks = Vec::new();
    for t in 0..8u64 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..10u64 {
                commit(
                    &*store,
                    vec![put(
                        Collection::Event,
                        &format!("t{t}-{i}"),
                        "",
                        Expect::Absent,
                        "{}",
                    )],
                    t * 100 + i,
                )
                .await?;
            }
            Ok::<_, crate::Error>(())
        }));
    }
    for task in tasks {
        task.await
            .map_err(|e| crate::Error::storage("conformance", e.to_string()))??;
    }
    let entries = store.audit_entries(1, 1000).await?;
    assert_eq!(entries.len(), 80);
    verify_chain(&entries).map_err(|b| {
        crate::Error::storage("conformance", format!("entry {}: {}", b.seq, b.reason))
    })?;
    assert_eq!(store.list(Collection::Event, None).await?.len(), 80);
    Ok(())
}

/// A populated store dumped and restored here dumps to the same bytes, and
/// the service works on the restored data.
pub async fn a_dump_restores_here_byte_for_byte(store: Arc<dyn Store>) -> Result<()> {
    use crate::store::dump;
    let source: Arc<dyn Store> = Arc::new(crate::store::MemoryStore::new());
    let f = super::Fixture::build(source.clone()).await?;
    f.approved_report().await?;
    let mut first = Vec::new();
    let written = dump::dump(&*source, &mut first).await?;
    let read = dump::restore(&*store, first.as_slice()).await?;
    assert_eq!(written, read);
    let mut second = Vec::new();
    dump::dump(&*store, &mut second).await?;
    assert_eq!(
        String::from_utf8_lossy(&first),
        String::from_utf8_lossy(&second)
    );
    assert_eq!(snapshot(&*store).await?, snapshot(&*source).await?);
    // The restored store carries on: the chain continues from the dump's head.
    let restored = crate::Service::new(store.clone()).with_clock(f.clock.clone());
    let report = restored.get_report(&f.head, &f.event, f.period).await?;
    restored
        .reopen_report(
            &f.head,
            &f.event,
            f.period,
            report.version,
            "Проверка восстановления",
        )
        .await?;
    verify_chain(&store.audit_entries(1, usize::MAX).await?)
        .map_err(|b| crate::Error::storage("conformance", b.reason))?;
    Ok(())
}

/// Restoring into a store that holds anything is refused and changes nothing.
pub async fn a_restore_into_a_non_empty_store_is_refused(store: Arc<dyn Store>) -> Result<()> {
    use crate::store::dump;
    let source = crate::store::MemoryStore::new();
    commit(
        &source,
        vec![put(
            Collection::Event,
            "from-dump",
            "",
            Expect::Absent,
            "{}",
        )],
        1,
    )
    .await?;
    let mut bytes = Vec::new();
    dump::dump(&source, &mut bytes).await?;
    commit(
        &*store,
        vec![put(
            Collection::Event,
            "already-here",
            "",
            Expect::Absent,
            "{}",
        )],
        1,
    )
    .await?;
    let before = snapshot(&*store).await?;
    let err = dump::restore(&*store, bytes.as_slice()).await.err();
    assert_eq!(err.map(|e| e.kind()), Some(ErrorKind::Conflict));
    assert_eq!(snapshot(&*store).await?, before);
    Ok(())
}

/// Truncated, edited, foreign or reordered dumps are refused with a clear
/// error and the target stays empty.
pub async fn a_corrupt_dump_is_refused_and_the_target_stays_empty(
    store: Arc<dyn Store>,
) -> Result<()> {
    use crate::store::dump;
    let source: Arc<dyn Store> = Arc::new(crate::store::MemoryStore::new());
    let f = super::Fixture::build(source.clone()).await?;
    f.submitted_report().await?;
    let mut bytes = Vec::new();
    dump::dump(&*source, &mut bytes).await?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let lines: Vec<&str> = text.lines().collect();
    let truncated = lines[..lines.len() - 1].join("\n");
    let cut_mid_line = &text[..text.len() / 2];
    let edited = text.replacen("stroy.planner", "stroy.planneR", 1);
    let foreign = text.replacen("stratmon-dump", "other-dump", 1);
    let future = text.replacen(r#""version":1}"#, r#""version":99}"#, 1);
    let mut swapped = lines.clone();
    let n = swapped.len();
    swapped.swap(n - 2, n - 3);
    let swapped = swapped.join("\n");
    for (name, bad) in [
        ("truncated", truncated.as_str()),
        ("cut mid-line", cut_mid_line),
        ("edited", edited.as_str()),
        ("foreign", foreign.as_str()),
        ("future version", future.as_str()),
        ("reordered", swapped.as_str()),
        ("empty", ""),
        ("garbage", "\u{feff}not json at all\n"),
    ] {
        let err = dump::restore(&*store, bad.as_bytes()).await.err();
        assert_eq!(
            err.as_ref().map(|e| e.kind()),
            Some(ErrorKind::Validation),
            "{name}: {err:?}"
        );
        assert!(snapshot(&*store).await?.records.is_empty(), "{name}");
        assert!(snapshot(&*store).await?.audit.is_empty(), "{name}");
    }
    Ok(())
}

/// `list_prefix` returns exactly the keys starting with the prefix, in order,
/// within one collection.
pub async fn a_key_prefix_lists_one_range(store: Arc<dyn Store>) -> Result<()> {
    let keys = [
        "1.1/2026-02/r0001",
        "1.1/2026-02/r0002",
        "1.1/2026-03/r0001",
        "1.1/2026-020",
        "1.10/2026-02/r0001",
        "1.1/2026-01/r0001",
    ];
    for (i, key) in keys.iter().enumerate() {
        commit(
            &*store,
            vec![put(
                Collection::MonthlyReport,
                key,
                "1.1",
                Expect::Absent,
                "{}",
            )],
            i as u64,
        )
        .await?;
    }
    commit(
        &*store,
        vec![put(
            Collection::AnnualPlan,
            "1.1/2026-02/r0009",
            "1.1",
            Expect::Absent,
            "{}",
        )],
        9,
    )
    .await?;
    let got: Vec<String> = store
        .list_prefix(Collection::MonthlyReport, "1.1/2026-02/")
        .await?
        .into_iter()
        .map(|r| r.key)
        .collect();
    assert_eq!(got, ["1.1/2026-02/r0001", "1.1/2026-02/r0002"]);
    assert_eq!(
        store
            .list_prefix(Collection::MonthlyReport, "")
            .await?
            .len(),
        keys.len()
    );
    assert!(
        store
            .list_prefix(Collection::MonthlyReport, "9")
            .await?
            .is_empty()
    );
    Ok(())
}

/// Keys and partitions with NUL, slashes, percent signs, SQL wildcards and
/// Cyrillic round-trip and list exactly; the empty partition is a partition.
pub async fn odd_bytes_in_keys_and_partitions_stay_exact(store: Arc<dyn Store>) -> Result<()> {
    let odd = ["a\u{0}b", "a%", "a_", "a\\", "ключ/1", "a", "a\u{0}"];
    for (i, key) in odd.iter().enumerate() {
        commit(
            &*store,
            vec![put(Collection::Event, key, key, Expect::Absent, "{}")],
            i as u64,
        )
        .await?;
    }
    commit(
        &*store,
        vec![put(
            Collection::Event,
            "no-partition",
            "",
            Expect::Absent,
            "{}",
        )],
        99,
    )
    .await?;
    for key in odd {
        let listed: Vec<String> = store
            .list(Collection::Event, Some(key))
            .await?
            .into_iter()
            .map(|r| r.key)
            .collect();
        assert_eq!(listed, [key], "partition {key:?}");
        let r = store
            .get(Collection::Event, key)
            .await?
            .ok_or_else(|| crate::Error::not_found("record", key))?;
        assert_eq!(r.partition, key);
    }
    let empty: Vec<String> = store
        .list(Collection::Event, Some(""))
        .await?
        .into_iter()
        .map(|r| r.key)
        .collect();
    assert_eq!(empty, ["no-partition"]);
    let under_a: Vec<String> = store
        .list_prefix(Collection::Event, "a")
        .await?
        .into_iter()
        .map(|r| r.key)
        .collect();
    let mut expected: Vec<&str> = odd.iter().copied().filter(|k| k.starts_with('a')).collect();
    expected.sort();
    assert_eq!(under_a, expected);
    Ok(())
}

/// The dump of an empty store restores into an empty store.
pub async fn an_empty_dump_restores_to_an_empty_store(store: Arc<dyn Store>) -> Result<()> {
    use crate::store::dump;
    let mut bytes = Vec::new();
    dump::dump(&crate::store::MemoryStore::new(), &mut bytes).await?;
    let summary = dump::restore(&*store, bytes.as_slice()).await?;
    assert_eq!((summary.records, summary.audit), (0, 0));
    assert!(snapshot(&*store).await?.records.is_empty());
    // …and the store still works afterwards.
    commit(
        &*store,
        vec![put(Collection::Event, "e", "", Expect::Absent, "{}")],
        1,
    )
    .await?;
    Ok(())
}

/// The store's annual plan digests are exactly the digests of the stored
/// plans of the asked year: every revision, spending summed over the works,
/// later updates seen.
pub async fn annual_plan_digests_match_the_plans_they_digest(store: Arc<dyn Store>) -> Result<()> {
    use std::collections::BTreeMap;

    use crate::model::{
        AnnualPlan, AnnualPlanContent, AnnualPlanDigest, AnnualPlanRevision, FundingSource, Work,
    };
    use crate::report::{ReportState, Workflow};
    use crate::store::encode;

    let date = |m| {
        chrono::NaiveDate::from_ymd_opt(2026, m, 1)
            .ok_or_else(|| crate::Error::invalid("date", "bad"))
    };
    let amount = |text: &str| {
        text.parse::<rust_decimal::Decimal>()
            .map_err(|e| crate::Error::invalid("amount", e.to_string()))
    };
    let plan = |event: &str, year: i32, revision: u32, state: ReportState| -> Result<AnnualPlan> {
        let mut workflow = Workflow::draft(revision);
        workflow.state = state;
        Ok(AnnualPlan {
            event: event.parse()?,
            year,
            workflow,
            content: AnnualPlanContent {
                works: vec![
                    Work {
                        title: "Проектирование".into(),
                        control_date: date(3)?,
                        planned: BTreeMap::from([
                            (FundingSource::Regional, amount("100.10")?),
                            (FundingSource::Federal, amount("50")?),
                        ]),
                    },
                    Work {
                        title: "Строительство".into(),
                        control_date: date(9)?,
                        planned: BTreeMap::from([(FundingSource::Regional, amount("0.90")?)]),
                    },
                    Work {
                        title: "Без расходов".into(),
                        control_date: date(10)?,
                        planned: BTreeMap::new(),
                    },
                ],
                explanations: BTreeMap::new(),
            },
            version: 0,
        })
    };
    let plans = [
        plan("1.1.1", 2026, 1, ReportState::Approved)?,
        plan("1.1.1", 2026, 2, ReportState::Draft)?,
        plan("2.1", 2026, 1, ReportState::Submitted)?,
        plan("1.1.1", 2027, 1, ReportState::Draft)?,
    ];
    let puts = plans.iter().map(encode).collect::<Result<Vec<_>>>()?;
    commit(&*store, puts, 1).await?;
    // An update is seen too.
    let mut approved = plans[2].clone();
    approved.workflow.state = ReportState::Approved;
    approved.version = 1;
    commit(&*store, vec![encode(&approved)?], 2).await?;

    let order = |d: &AnnualPlanDigest| (d.event.clone(), d.revision);
    let mut expected: Vec<AnnualPlanDigest> = [&plans[0], &plans[1], &approved]
        .into_iter()
        .map(AnnualPlanDigest::of)
        .collect();
    expected.sort_by_key(order);
    let mut found = store.annual_plan_digests(2026).await?;
    found.sort_by_key(order);
    assert_eq!(found, expected);
    assert_eq!(
        found[0].planned[&FundingSource::Regional],
        amount("101.00")?
    );
    assert_eq!(store.annual_plan_digests(2027).await?.len(), 1);
    assert!(store.annual_plan_digests(2025).await?.is_empty());

    // By event: every year's revisions of the asked events, no other's
    // (`1.1` is a prefix of `1.1.1` and has no plans of its own).
    let ids = |codes: &[&str]| -> Result<Vec<crate::model::EventId>> {
        codes.iter().map(|c| c.parse()).collect()
    };
    // One list per event asked, in the order asked.
    let by_event = |lists: Vec<Vec<AnnualPlanRevision>>| {
        lists
            .into_iter()
            .map(|mut list| {
                list.sort_by_key(|r| (r.year, r.revision));
                list
            })
            .collect::<Vec<_>>()
    };
    let of = |plans: &[&AnnualPlan]| {
        let mut list: Vec<AnnualPlanRevision> =
            plans.iter().map(|p| AnnualPlanRevision::of(p)).collect();
        list.sort_by_key(|r| (r.year, r.revision));
        list
    };
    assert_eq!(
        by_event(
            store
                .event_annual_plan_revisions(&ids(&["1.1.1", "1.1"])?)
                .await?
        ),
        [of(&[&plans[0], &plans[1], &plans[3]]), vec![]]
    );
    assert_eq!(
        by_event(
            store
                .event_annual_plan_revisions(&ids(&["2.1", "1.1.1"])?)
                .await?
        ),
        [of(&[&approved]), of(&[&plans[0], &plans[1], &plans[3]])]
    );
    assert_eq!(
        store
            .event_annual_plan_revisions(&ids(&["1.1", "9"])?)
            .await?,
        [vec![], vec![]]
    );
    assert!(store.event_annual_plan_revisions(&[]).await?.is_empty());
    Ok(())
}

/// The report revisions a store gives for some events and months are
/// exactly those of the stored reports that belong to them: events whose
/// codes share a prefix keep apart, the months' bounds are inclusive, and
/// an update of a revision is seen.
pub async fn event_report_revisions_are_those_of_the_asked_events_and_months(
    store: Arc<dyn Store>,
) -> Result<()> {
    use crate::calendar::ReportingPeriod;
    use crate::model::{EventId, ReportContent, ReportRevision};
    use crate::report::ReportState;
    use crate::store::encode;

    let report = |event: &str, (year, month): (i32, u32), revision: u32, state| {
        let content = ReportContent {
            progress: format!("{event} {year}-{month} r{revision}"),
            ..ReportContent::default()
        };
        monthly_report(event, (year, month), revision, state, content)
    };
    use ReportState::{Approved, Draft, Returned, Submitted};
    let reports = [
        report("1.2", (2025, 11), 1, Approved)?,
        report("1.2", (2025, 12), 1, Approved)?,
        report("1.2", (2026, 1), 1, Returned)?,
        report("1.2", (2026, 1), 2, Submitted)?,
        report("1.2", (2026, 10), 1, Draft)?,
        report("1.2", (2026, 11), 1, Draft)?,
        report("1.2.1", (2026, 1), 1, Submitted)?,
        report("1.20", (2026, 2), 1, Approved)?,
        report("2.1", (2026, 3), 1, Draft)?,
    ];
    let puts = reports.iter().map(encode).collect::<Result<Vec<_>>>()?;
    commit(&*store, puts, 1).await?;
    let mut reports = reports.to_vec();
    // An update of a stored revision: its new state is what counts.
    reports[3].workflow.state = ReportState::Accepted;
    reports[3].version = 1;
    commit(&*store, vec![encode(&reports[3])?], 2).await?;

    let order = |r: &ReportRevision| (r.period, r.revision);
    for (codes, from, to, count) in [
        (&["1.2"][..], (2025, 12), (2026, 10), 4),
        (&["1.2", "1.20"][..], (2025, 12), (2026, 10), 5),
        (&["1.20", "1.2"][..], (2025, 12), (2026, 10), 5),
        (&["1.2.1", "2.1", "3"][..], (2026, 1), (2026, 12), 2),
        (&["1.2"][..], (2026, 11), (2026, 11), 1),
        (&["1"][..], (2025, 1), (2026, 12), 0),
        (&[][..], (2025, 1), (2026, 12), 0),
    ] {
        let events: Vec<EventId> = codes.iter().map(|c| c.parse()).collect::<Result<_>>()?;
        let (from, to) = (
            ReportingPeriod::new(from.0, from.1)?,
            ReportingPeriod::new(to.0, to.1)?,
        );
        let found = store.event_report_revisions(&events, from, to).await?;
        assert_eq!(found.len(), events.len(), "one list per event asked");
        for (event, mut theirs) in events.iter().zip(found.clone()) {
            theirs.sort_by_key(order);
            let mut expected: Vec<ReportRevision> = reports
                .iter()
                .filter(|r| &r.event == event && r.period >= from && r.period <= to)
                .map(ReportRevision::of)
                .collect();
            expected.sort_by_key(order);
            assert_eq!(theirs, expected, "{event} in {codes:?} {from}..{to}");
        }
        assert_eq!(
            found.iter().map(Vec::len).sum::<usize>(),
            count,
            "{codes:?} {from}..{to}"
        );
    }
    Ok(())
}

/// The control points a store says were reached before a year are exactly
/// what [`crate::model::ReachedPoint::latest_of`] finds in its report
/// digests — through rewrites of a revision's state, revisions outside the
/// approval chain and events whose codes share a prefix — and what that
/// reference finds is the newest counted date of the latest month.
pub async fn reached_points_match_the_report_digests(store: Arc<dyn Store>) -> Result<()> {
    use chrono::NaiveDate;

    use crate::calendar::ReportingPeriod;
    use crate::model::{EventId, MonthlyReport, ReachedPoint, ReportContent};
    use crate::report::ReportState;
    use crate::store::encode;
    use ReportState::{Accepted, Approved, Draft, Returned, Submitted};

    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    let report = |event: &str,
                  (year, month): (i32, u32),
                  revision: u32,
                  state: ReportState,
                  points: &[(&str, NaiveDate)]|
     -> Result<MonthlyReport> {
        let mut content = ReportContent::default();
        for (point, date) in points {
            content.control_points.insert(point.parse()?, *date);
        }
        monthly_report(event, (year, month), revision, state, content)
    };
    let reports = [
        // A later month's date replaces an earlier month's.
        report("1.2", (2024, 3), 1, Approved, &[("KT1", day(2024, 3, 10))])?,
        report("1.2", (2024, 7), 1, Approved, &[("KT1", day(2024, 7, 1))])?,
        report("1.2", (2024, 8), 1, Approved, &[("KT2", day(2024, 8, 2))])?,
        // A returned revision or a draft does not count; the revision
        // before it does.
        report("1.2", (2025, 2), 1, Approved, &[("KT1", day(2025, 2, 2))])?,
        report("1.2", (2025, 2), 2, Returned, &[("KT1", day(2025, 2, 20))])?,
        report("1.2", (2025, 5), 1, Approved, &[("KT3", day(2025, 5, 5))])?,
        report("1.2", (2025, 5), 2, Draft, &[("KT3", day(2025, 5, 6))])?,
        // Events whose codes share a prefix keep apart.
        report(
            "1.2.1",
            (2025, 11),
            1,
            Submitted,
            &[("KT1", day(2025, 11, 1))],
        )?,
        report(
            "1.2.1",
            (2025, 11),
            2,
            Accepted,
            &[("KT1", day(2025, 11, 3))],
        )?,
        report("1.2.1", (2025, 12), 1, Draft, &[("KT2", day(2025, 12, 1))])?,
        report("1.20", (2025, 4), 1, Approved, &[("KT1", day(2025, 4, 4))])?,
        // This year: not before it.
        report("1.2", (2026, 1), 1, Approved, &[("KT1", day(2026, 1, 9))])?,
    ];
    for (n, r) in reports.iter().enumerate() {
        store
            .commit(ChangeSet {
                puts: vec![encode(r)?],
                audit: draft(n as u64)?,
            })
            .await?;
    }
    let check = |found: Vec<ReachedPoint>, digests: &[crate::model::ReportDigest], year| {
        let mut found = found;
        found.sort();
        assert_eq!(
            found,
            ReachedPoint::latest_of(digests, year),
            "reached before {year}"
        );
        found
    };
    let all = || store.report_digests(ReportingPeriod::EARLIEST, ReportingPeriod::LATEST);
    let point = |event: &str, cp: &str, (y, m): (i32, u32), date| -> Result<ReachedPoint> {
        Ok(ReachedPoint {
            event: EventId::new(event)?,
            control_point: cp.parse()?,
            period: ReportingPeriod::new(y, m)?,
            date,
        })
    };
    let digests = all().await?;
    for year in [2000, 2024, 2025, 2027, 2101] {
        check(store.reached_points(year).await?, &digests, year);
    }
    let before_2026 = check(store.reached_points(2026).await?, &digests, 2026);
    assert_eq!(
        before_2026,
        [
            point("1.2", "KT1", (2025, 2), day(2025, 2, 2))?,
            point("1.2", "KT2", (2024, 8), day(2024, 8, 2))?,
            point("1.2", "KT3", (2025, 5), day(2025, 5, 5))?,
            point("1.2.1", "KT1", (2025, 11), day(2025, 11, 3))?,
            point("1.20", "KT1", (2025, 4), day(2025, 4, 4))?,
        ]
    );
    assert_eq!(
        check(store.reached_points(2025).await?, &digests, 2025),
        [
            point("1.2", "KT1", (2024, 7), day(2024, 7, 1))?,
            point("1.2", "KT2", (2024, 8), day(2024, 8, 2))?,
        ]
    );

    // Rewriting a revision: the accepted one is returned, the submitted
    // one before it counts again; a report that drops its date drops it.
    let mut returned = reports[8].clone();
    returned.workflow.state = Returned;
    returned.version = 1;
    let mut dropped = reports[5].clone();
    dropped.content.control_points.clear();
    dropped.version = 1;
    store
        .commit(ChangeSet {
            puts: vec![encode(&returned)?, encode(&dropped)?],
            audit: draft(100)?,
        })
        .await?;
    let digests = all().await?;
    let before_2026 = check(store.reached_points(2026).await?, &digests, 2026);
    assert_eq!(
        before_2026,
        [
            point("1.2", "KT1", (2025, 2), day(2025, 2, 2))?,
            point("1.2", "KT2", (2024, 8), day(2024, 8, 2))?,
            point("1.2.1", "KT1", (2025, 11), day(2025, 11, 1))?,
            point("1.20", "KT1", (2025, 4), day(2025, 4, 4))?,
        ]
    );
    Ok(())
}

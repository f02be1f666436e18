//! The audit log is append-only and hash-chained: any edit behind the core's
//! back is found, and `verify` names the first broken entry.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod common;

use std::sync::Arc;

use common::*;
use proptest::prelude::*;
use stratmon_core::audit::{AuditQuery, GENESIS_HASH, verify_chain};
use stratmon_core::conformance::Fixture;
use stratmon_core::service::AuditVerdict;
use stratmon_core::store::{MemoryStore, Store};

async fn fixture_on(store: Arc<MemoryStore>) -> Fixture {
    Fixture::build(store).await.unwrap()
}

#[test]
fn an_empty_log_verifies_with_the_genesis_hash() {
    let report = verify_chain(&[]).unwrap();
    assert_eq!((report.entries, report.head.as_str()), (0, GENESIS_HASH));
}

#[tokio::test]
async fn every_change_is_audited_with_actor_client_and_object() {
    let f = fixture().await;
    let v = f
        .service
        .save_report(
            &f.planner.clone().from_client("10.0.0.7"),
            &f.event,
            f.period,
            0,
            f.valid_content(),
        )
        .await
        .unwrap();
    let entry = f
        .service
        .audit(
            &f.coordinator,
            &AuditQuery {
                limit: Some(1),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .remove(0);
    assert_eq!(entry.draft.actor.as_str(), "stroy.planner");
    assert_eq!(entry.draft.client.as_deref(), Some("10.0.0.7"));
    assert_eq!(entry.draft.action, "report.save");
    assert_eq!(
        (
            entry.draft.object.kind.as_str(),
            entry.draft.object.id.as_str()
        ),
        ("report", "1.1.1/2026-02/r1")
    );
    assert_eq!(entry.draft.at, f.service.now());
    assert_eq!(v.saved.version, 1);
}

#[tokio::test]
async fn an_edited_entry_is_named_by_verify() {
    let store = Arc::new(MemoryStore::new());
    let f = fixture_on(store.clone()).await;
    f.approved_report().await.unwrap();
    let mut entries = store.audit_entries(1, usize::MAX).await.unwrap();
    let n = entries.len();
    let victim = &mut entries[n / 2];
    victim.draft.summary = "ничего не произошло".into();
    store.tamper_audit_entry(victim.clone());
    match f.service.verify_audit(&f.admin).await.unwrap() {
        AuditVerdict::Broken(b) => {
            assert_eq!(b.seq, victim.seq);
            assert!(b.reason.contains("hash"), "{}", b.reason);
        }
        AuditVerdict::Intact(_) => panic!("tampering went unnoticed"),
    }
}

#[tokio::test]
async fn a_rehashed_entry_breaks_the_link_of_the_next_one() {
    let store = Arc::new(MemoryStore::new());
    let f = fixture_on(store.clone()).await;
    let entries = store.audit_entries(1, usize::MAX).await.unwrap();
    // A forger who recomputes the edited entry's own hash still cannot fix
    // the next entry's link without rewriting everything after it.
    let mut forged = entries[3].draft.clone();
    forged.actor = "coord".parse().unwrap();
    store.tamper_audit_entry(forged.seal(entries[3].seq, &entries[3].prev_hash));
    match f.service.verify_audit(&f.coordinator).await.unwrap() {
        AuditVerdict::Broken(b) => assert_eq!(b.seq, entries[4].seq),
        AuditVerdict::Intact(_) => panic!("forgery went unnoticed"),
    }
}

#[tokio::test]
async fn the_log_can_be_filtered_by_participant_action_and_time() {
    let f = fixture().await;
    let start = f.service.now();
    f.clock.advance(chrono::Duration::hours(1));
    f.approved_report().await.unwrap();
    let q = |q: AuditQuery| {
        let s = f.service.clone();
        let c = f.coordinator.clone();
        async move { s.audit(&c, &q).await.unwrap() }
    };
    let after = q(AuditQuery {
        from: Some(start + chrono::Duration::minutes(1)),
        ..Default::default()
    })
    .await;
    assert_eq!(after.len(), 4);
    let before = q(AuditQuery {
        to: Some(start + chrono::Duration::minutes(1)),
        ..Default::default()
    })
    .await;
    assert!(before.iter().all(|e| e.draft.at == start));
    let approvals = q(AuditQuery {
        action: Some("report.approve".into()),
        ..Default::default()
    })
    .await;
    assert_eq!(approvals.len(), 1);
    let stroy = q(AuditQuery {
        participant: Some("minstroy".parse().unwrap()),
        ..Default::default()
    })
    .await;
    assert!(
        stroy.len() >= 5
            && stroy
                .iter()
                .all(|e| e.draft.participant.as_ref().unwrap().as_str() == "minstroy")
    );
    let newest_first: Vec<u64> = q(AuditQuery::default())
        .await
        .iter()
        .map(|e| e.seq)
        .collect();
    assert!(newest_first.windows(2).all(|w| w[0] > w[1]));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Whatever single field of whichever entry is changed, verify names that entry.
    #[test]
    fn any_single_edit_is_found_at_its_entry(pick in 0usize..1000, field in 0u8..4) {
        tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
            let store = Arc::new(MemoryStore::new());
            let f = fixture_on(store.clone()).await;
            let entries = store.audit_entries(1, usize::MAX).await.unwrap();
            let mut victim = entries[pick % entries.len()].clone();
            match field {
                0 => victim.draft.summary.push('!'),
                1 => victim.draft.at += chrono::Duration::seconds(1),
                2 => victim.draft.action = "report.approve".into(),
                _ => victim.hash = GENESIS_HASH.into(),
            }
            store.tamper_audit_entry(victim.clone());
            match f.service.verify_audit(&f.admin).await.unwrap() {
                AuditVerdict::Broken(b) => prop_assert_eq!(b.seq, victim.seq),
                AuditVerdict::Intact(_) => prop_assert!(false, "edit of entry {} unnoticed", victim.seq),
            }
            Ok(())
        })?;
    }
}

#[tokio::test]
async fn an_export_holds_the_matching_entries_oldest_first_and_verifies() {
    let f = fixture().await;
    let mut out = Vec::new();
    let n = f
        .service
        .export_audit(&f.admin, &AuditQuery::default(), &mut out)
        .await
        .unwrap();
    let lines: Vec<stratmon_core::audit::AuditEntry> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len() as u64, n);
    assert_eq!(lines[0].seq, 1);
    assert!(verify_chain(&lines).is_ok());
    let mut none = Vec::new();
    let denied = f
        .service
        .export_audit(&f.planner, &AuditQuery::default(), &mut none)
        .await;
    assert_eq!(
        kind(denied),
        Some(stratmon_core::ErrorKind::PermissionDenied)
    );
    assert!(none.is_empty());
}

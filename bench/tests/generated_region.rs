#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! The generator is deterministic, writes what it says, and its region can
//! be consolidated and logged into.

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use stratmon_bench::{Size, TODAY, generate};
use stratmon_core::calendar::ManualClock;
use stratmon_core::store::{MemoryStore, Store, dump};
use stratmon_core::summary::SummaryQuery;
use stratmon_core::{Actor, Service};

async fn dumped(seed: u64) -> (Vec<u8>, stratmon_bench::GeneratedRegion, Arc<dyn Store>) {
    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    let region = generate(store.clone(), Size::SMALL, seed).await.unwrap();
    let mut out = Vec::new();
    dump::dump(store.as_ref(), &mut out).await.unwrap();
    (out, region, store)
}

#[tokio::test]
async fn the_same_seed_gives_the_same_plan_and_reports() {
    let (a, first, _) = dumped(7).await;
    let (b, second, _) = dumped(7).await;
    let (c, _, _) = dumped(8).await;
    // Users carry random one-time passwords and salts, so compare the records
    // the seed decides: everything but credentials, sessions and audit.
    let decided = |bytes: &[u8]| -> Vec<String> {
        String::from_utf8(bytes.to_vec())
            .unwrap()
            .lines()
            .filter(|l| {
                l.contains("\"monthly_report\"")
                    || l.contains("\"event\"")
                    || l.contains("\"indicator\"")
            })
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(decided(&a), decided(&b));
    assert_ne!(decided(&a), decided(&c));
    assert_eq!(
        (first.events, first.reports),
        (second.events, second.reports)
    );
}

#[tokio::test]
async fn the_region_has_its_size_and_reports_in_every_state() {
    let (_, region, store) = dumped(42).await;
    assert_eq!(region.participants, Size::SMALL.participants);
    assert_eq!(region.events, Size::SMALL.events);
    assert_eq!(region.indicators, Size::SMALL.indicators);
    assert!(
        region.reports > Size::SMALL.events * 20,
        "{}",
        region.reports
    );
    let now = Utc
        .with_ymd_and_hms(TODAY.0, TODAY.1, TODAY.2, 3, 0, 0)
        .unwrap();
    let service = Service::new(store).with_clock(Arc::new(ManualClock::new(now)));
    let coordinator = Actor::user("coordinator".parse().unwrap());
    let october = service
        .consolidated_report(
            &coordinator,
            &SummaryQuery {
                year: 2026,
                month: 10,
                participant: None,
                direction: None,
            },
        )
        .await
        .unwrap();
    let r = october.reports;
    assert_eq!(r.expected, u32::try_from(Size::SMALL.events).unwrap());
    assert!(
        r.approved > 0 && r.in_check > 0 && r.draft > 0 && r.missing > 0,
        "{r:?}"
    );
    let march = service
        .consolidated_report(
            &coordinator,
            &SummaryQuery {
                year: 2026,
                month: 3,
                participant: None,
                direction: None,
            },
        )
        .await
        .unwrap();
    assert!(march.reports.late > 0 && march.reports.approved > march.reports.late);
    assert!(!march.indicators.is_empty());
    assert!(!march.spending.is_empty());
}

#[tokio::test]
async fn the_staff_log_in_with_the_password_set_and_find_the_months_work() {
    let (_, region, store) = dumped(42).await;
    // Three people in each staffed participant (SMALL has five).
    assert_eq!(region.staff.len(), 3 * Size::SMALL.participants);
    assert_eq!(region.planner, region.staff[0]);
    let people: Vec<(String, String)> = region.staff[..3].to_vec();
    stratmon_bench::set_passwords(store.clone(), &people, "Нагрузка-пароль-2026")
        .await
        .unwrap();
    let now = Utc
        .with_ymd_and_hms(TODAY.0, TODAY.1, TODAY.2, 3, 0, 0)
        .unwrap();
    let service = Service::new(store).with_clock(Arc::new(ManualClock::new(now)));
    let mut tasks = Vec::new();
    for (login, once) in &people {
        // The one-time password no longer works; the new one does, with
        // nothing left to change.
        assert!(service.login(login, once, None).await.is_err());
        let grant = service
            .login(login, "Нагрузка-пароль-2026", None)
            .await
            .unwrap();
        assert!(!grant.must_change_password, "{login}");
        let actor = service.authenticate(&grant.token, None).await.unwrap();
        tasks.extend(service.inbox(&actor).await.unwrap());
    }
    // The open month has work in the inbox of the Planner, the Analyst or
    // the Head of p001.
    assert!(
        tasks.iter().any(|t| t.period.is_some()),
        "no monthly task in {tasks:?}"
    );
}

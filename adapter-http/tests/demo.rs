#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! The demo region seeds on a memory store at the size issue 5 asks, its
//! users can log in, and its reports show every state a real region has.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::{DateTime, Datelike, Utc};
use common::Req;
use serde_json::json;
use stratmon_core::auth::HashCost;
use stratmon_core::calendar::{ManualClock, ReportingPeriod, WindowBounds, monthly_window};
use stratmon_core::model::MonthlyReport;
use stratmon_core::report::ReportState;
use stratmon_core::service::EventFilter;
use stratmon_core::store::MemoryStore;
use stratmon_core::{Actor, Service};
use stratmon_http::demo::{DEMO_PASSWORD, Demo, seed};
use tokio::sync::OnceCell;

/// A service on a memory store at `now`, seeded with the demo region.
async fn seeded_at(now: &str) -> (Service, Demo) {
    let at: DateTime<Utc> = DateTime::parse_from_rfc3339(now).unwrap().into();
    let service = Service::new(Arc::new(MemoryStore::new()))
        .with_hash_cost(HashCost::MINIMAL)
        .with_clock(Arc::new(ManualClock::new(at)));
    let demo = seed(&service, DEMO_PASSWORD).await.unwrap();
    (service, demo)
}

/// The region seeded once for the tests that only read it: on 26 November
/// 2026, inside October's window.
async fn region() -> &'static (Service, Demo) {
    static REGION: OnceCell<(Service, Demo)> = OnceCell::const_new();
    REGION
        .get_or_init(|| seeded_at("2026-11-26T11:00:00+07:00"))
        .await
}

fn coordinator() -> Actor {
    Actor::user("demo.coordinator".parse().unwrap())
}

/// Every report of every event, by event code.
async fn all_reports(service: &Service) -> BTreeMap<String, Vec<MonthlyReport>> {
    let mut out = BTreeMap::new();
    for event in service
        .list_events(&coordinator(), &EventFilter::default())
        .await
        .unwrap()
    {
        let reports = service
            .list_reports(&coordinator(), &event.id)
            .await
            .unwrap();
        out.insert(event.id.to_string(), reports);
    }
    out
}

/// The states found among `reports`, with `late` and `returned with a
/// comment` as states of their own.
fn states(reports: &BTreeMap<String, Vec<MonthlyReport>>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for report in reports.values().flatten() {
        found.insert(report.workflow.state.as_str().to_owned());
        if report.workflow.late {
            found.insert("late".into());
        }
        let commented = report
            .workflow
            .history
            .last()
            .is_some_and(|s| s.comment.as_deref().is_some_and(|c| !c.is_empty()));
        if report.workflow.state == ReportState::Returned && commented {
            found.insert("returned with comment".into());
        }
    }
    found
}

/// Event-months whose window has closed by `today` but hold no report, among
/// the events whose participant reports at all.
fn missing(
    service: &Service,
    reports: &BTreeMap<String, Vec<MonthlyReport>>,
) -> Vec<(String, ReportingPeriod)> {
    let today = service.today();
    let mut out = Vec::new();
    for (event, list) in reports {
        let Some(first) = list.iter().map(|r| r.period).min() else {
            continue;
        };
        let have: BTreeSet<ReportingPeriod> = list.iter().map(|r| r.period).collect();
        let mut period = first;
        while monthly_window(period, WindowBounds::default()).closes < today {
            if !have.contains(&period) {
                out.push((event.clone(), period));
            }
            period = period.next();
        }
    }
    out
}

#[tokio::test]
async fn the_demo_region_has_about_forty_participants_150_events_and_60_indicators() {
    let (service, demo) = region().await;
    assert!(demo.participants >= 38, "{}", demo.participants);
    assert!(demo.events >= 140, "{}", demo.events);
    assert!(demo.indicators >= 55, "{}", demo.indicators);
    let c = coordinator();
    let participants = service.list_participants(&c).await.unwrap();
    assert_eq!(participants.len(), demo.participants);
    let events = service
        .list_events(&c, &EventFilter::default())
        .await
        .unwrap();
    assert_eq!(events.len(), demo.events);
    let responsible: BTreeSet<_> = events.iter().map(|e| e.plan.responsible.clone()).collect();
    assert!(responsible.len() >= 38, "{}", responsible.len());
    let directions: BTreeSet<_> = events.iter().map(|e| e.plan.direction.clone()).collect();
    assert!(directions.len() >= 10, "{directions:?}");
    assert!(
        events.iter().all(|e| !e.card.control_points.is_empty()),
        "every event has control points"
    );
    assert_eq!(
        service.list_indicators(&c, None).await.unwrap().len(),
        demo.indicators
    );
}

#[tokio::test]
async fn every_indicator_has_a_plan_value_for_every_year_from_2023_to_2035() {
    let (service, _) = region().await;
    for indicator in service.list_indicators(&coordinator(), None).await.unwrap() {
        let years: Vec<i32> = indicator.fields.plan.keys().copied().collect();
        assert_eq!(years, (2023..=2035).collect::<Vec<_>>(), "{}", indicator.id);
        assert!(!indicator.fields.events.is_empty(), "{}", indicator.id);
    }
}

#[tokio::test]
async fn every_printed_user_logs_in_with_the_printed_password() {
    let (service, demo) = region().await;
    let table = demo.table();
    assert!(table.contains("demo.coordinator"));
    assert!(table.contains("Министерство экономического развития Кузбасса"));
    let router = stratmon_http::router(service.clone());
    for user in &demo.users {
        assert!(table.contains(&user.login));
        let answer = Req::post("/api/v1/auth/login")
            .json(&json!({ "login": user.login, "password": user.password }))
            .send(&router)
            .await;
        assert_eq!(answer.status, 200, "{}: {:#}", user.login, answer.body);
        assert_eq!(answer.body["must_change_password"], false);
    }
}

#[tokio::test]
async fn the_well_known_demo_logins_belong_to_the_ministries_the_readme_names() {
    let (service, demo) = region().await;
    let router = stratmon_http::router(service.clone());
    for (login, participant) in [
        ("demo.admin", "mincifra"),
        ("demo.coordinator", "minecon"),
        ("demo.planner", "minstroy"),
        ("demo.analyst", "minstroy"),
        ("demo.head", "minstroy"),
        ("demo.planner2", "minzdrav"),
    ] {
        assert!(demo.users.iter().any(|u| u.login == login), "{login}");
        let answer = Req::post("/api/v1/auth/login")
            .json(&json!({ "login": login, "password": DEMO_PASSWORD }))
            .send(&router)
            .await;
        assert_eq!(answer.status, 200, "{login}: {:#}", answer.body);
        assert_eq!(answer.body["user"]["participant"], participant, "{login}");
    }
}

#[tokio::test]
async fn the_reports_show_every_state_a_region_has_late_and_missing_included() {
    let (service, _) = region().await;
    let reports = all_reports(service).await;
    let found = states(&reports);
    for state in [
        "approved",
        "accepted",
        "submitted",
        "returned",
        "returned with comment",
        "draft",
        "late",
    ] {
        assert!(found.contains(state), "no {state} report: {found:?}");
    }
    assert!(!missing(service, &reports).is_empty(), "no missing report");
    // Participants without an Analyst and a Head send nothing at all.
    assert!(reports.values().any(Vec::is_empty));
}

#[tokio::test]
async fn the_reports_run_from_2023_to_the_month_being_reported_now() {
    let (service, demo) = region().await;
    let reports = all_reports(service).await;
    let written: usize = reports.values().map(Vec::len).sum();
    assert_eq!(written, demo.reports);
    assert!(written >= 500, "{written}");
    let years: BTreeSet<i32> = reports.values().flatten().map(|r| r.period.year).collect();
    assert_eq!(years, (2023..=2026).collect());
    let approved_2023 = reports
        .values()
        .flatten()
        .filter(|r| r.period.year == 2023 && r.workflow.state == ReportState::Approved)
        .count();
    assert!(approved_2023 >= 50, "{approved_2023}");
    // October 2026 is being reported (its window is open); November has drafts.
    let latest = reports.values().flatten().map(|r| r.period).max().unwrap();
    assert_eq!(latest, ReportingPeriod::new(2026, 11).unwrap());
    assert!(
        reports
            .values()
            .flatten()
            .filter(|r| r.period == latest)
            .all(|r| r.workflow.state == ReportState::Draft)
    );
}

#[tokio::test]
async fn year_to_date_facts_of_cumulative_indicators_never_fall_within_a_year() {
    let (service, _) = region().await;
    let c = coordinator();
    let cumulative: BTreeSet<_> = service
        .list_indicators(&c, None)
        .await
        .unwrap()
        .into_iter()
        .filter(|i| i.fields.cumulative)
        .map(|i| i.id)
        .collect();
    let mut checked = 0;
    for list in all_reports(service).await.values() {
        let mut sorted: Vec<&MonthlyReport> = list.iter().collect();
        sorted.sort_by_key(|r| r.period);
        for pair in sorted.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if a.period.year != b.period.year {
                continue;
            }
            for (id, fact) in &b.content.indicator_facts {
                if let (true, Some(before)) =
                    (cumulative.contains(id), a.content.indicator_facts.get(id))
                {
                    assert!(
                        fact >= before,
                        "{id}: {} {before} → {} {fact}",
                        a.period,
                        b.period
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 100, "{checked}");
}

#[tokio::test]
async fn the_audit_chain_of_the_seeded_region_verifies() {
    let (service, _) = region().await;
    let router = stratmon_http::router(service.clone());
    let login = Req::post("/api/v1/auth/login")
        .json(&json!({ "login": "demo.coordinator", "password": DEMO_PASSWORD }))
        .send(&router)
        .await;
    let token = login.body["token"].as_str().unwrap();
    let events = Req::get("/api/v1/events").token(token).send(&router).await;
    assert!(events.body.as_array().unwrap().len() >= 140);
    let verdict = Req::get("/api/v1/audit/verify")
        .token(token)
        .send(&router)
        .await;
    assert_eq!(verdict.body["result"], "intact");
}

#[tokio::test]
async fn seeded_outside_any_window_years_later_the_region_still_shows_every_state() {
    let (service, demo) = seeded_at("2029-02-10T09:00:00+07:00").await;
    assert!(demo.events >= 140);
    let reports = all_reports(&service).await;
    let found = states(&reports);
    for state in [
        "approved",
        "accepted",
        "submitted",
        "returned with comment",
        "draft",
        "late",
    ] {
        assert!(found.contains(state), "no {state} report: {found:?}");
    }
    assert!(!missing(&service, &reports).is_empty());
    // At most four years of history are replayed, never before 2023.
    let first = reports.values().flatten().map(|r| r.period).min().unwrap();
    assert!(first.year >= 2025, "{first}");
    assert!(service.today().year() == 2029);
}

#[tokio::test]
async fn the_readme_walk_through_finds_event_2_1_1_open_for_the_month_being_reported() {
    // A region of its own: this test changes it.
    let (service, _) = seeded_at("2026-11-28T15:00:00+07:00").await;
    let router = stratmon_http::router(service.clone());
    let login = Req::post("/api/v1/auth/login")
        .json(&json!({ "login": "demo.planner", "password": DEMO_PASSWORD }))
        .send(&router)
        .await;
    let token = login.body["token"].as_str().unwrap();
    let saved = Req::put("/api/v1/events/2.1.1/reports/2026/10")
        .token(token)
        .json(&json!({
            "progress": "Ведётся строительство 3 домов",
            "indicator_facts": { "IND-01": "45.3" }
        }))
        .send(&router)
        .await;
    assert_eq!(saved.status, 200, "{:#}", saved.body);
    let submitted = Req::post("/api/v1/events/2.1.1/reports/2026/10/submit")
        .token(token)
        .header("if-match", "\"1\"")
        .send(&router)
        .await;
    assert_eq!(submitted.status, 200, "{:#}", submitted.body);
    assert_eq!(submitted.body["workflow"]["state"], "submitted");
}

#[tokio::test]
async fn the_region_seeds_on_any_day_as_a_window_opens_at_a_year_end_or_between_windows() {
    for now in [
        "2026-12-25T00:30:00+07:00",
        "2027-01-05T10:00:00+07:00",
        "2026-02-28T23:00:00+07:00",
    ] {
        let (service, demo) = seeded_at(now).await;
        assert!(demo.reports >= 500, "{now}: {}", demo.reports);
        let found = states(&all_reports(&service).await);
        for state in ["approved", "accepted", "submitted", "returned", "draft"] {
            assert!(found.contains(state), "{now}: no {state} report: {found:?}");
        }
    }
}

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! The inbox and the audit log.

mod common;

use common::{App, Req};

#[tokio::test]
async fn the_analyst_finds_a_submitted_report_in_the_inbox() {
    let app = App::new().await;
    app.fixture.submitted_report().await.unwrap();
    let analyst = app.login("stroy.analyst").await;
    let inbox = Req::get("/api/v1/inbox")
        .token(&analyst)
        .send(&app.router)
        .await;
    assert_eq!(inbox.status, 200, "{:#}", inbox.body);
    let items = inbox.body.as_array().unwrap();
    assert!(
        items.iter().any(|i| i["task"] == "check_report"
            && i["period"] == serde_json::json!({ "year": 2026, "month": 2 })),
        "{items:?}"
    );
}

#[tokio::test]
async fn the_coordinator_filters_the_audit_log_and_verifies_the_chain() {
    let app = App::new().await;
    app.fixture.submitted_report().await.unwrap();
    let coordinator = app.login("coord").await;
    let entries = Req::get("/api/v1/audit?action=report.submit&limit=5")
        .token(&coordinator)
        .send(&app.router)
        .await;
    assert_eq!(entries.status, 200, "{:#}", entries.body);
    let entries = entries.body.as_array().unwrap();
    assert_eq!(entries.len(), 1, "{entries:?}");
    let verdict = Req::get("/api/v1/audit/verify")
        .token(&coordinator)
        .send(&app.router)
        .await;
    assert_eq!(verdict.status, 200);
    assert_eq!(verdict.body["result"], "intact");
}

#[tokio::test]
async fn a_planner_may_not_read_the_audit_log() {
    let app = App::new().await;
    let planner = app.login("stroy.planner").await;
    Req::get("/api/v1/audit")
        .token(&planner)
        .send(&app.router)
        .await
        .assert_problem(403, "permission_denied");
}

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! A whole reporting month through the endpoints, versions as ETag/If-Match.

mod common;

use common::{App, Req};
use serde_json::json;

#[tokio::test]
async fn a_month_goes_through_save_submit_return_resubmit_accept_and_approve() {
    let app = App::new().await;
    let planner = app.login("stroy.planner").await;
    let analyst = app.login("stroy.analyst").await;
    let head = app.login("stroy.head").await;
    let url = app.report_url("");

    let saved = Req::put(&url)
        .token(&planner)
        .json(&app.valid_content())
        .send(&app.router)
        .await;
    assert_eq!(saved.status, 200, "{:#}", saved.body);
    assert_eq!(saved.etag(), "\"1\"");
    assert_eq!(saved.body["saved"]["workflow"]["state"], "draft");
    assert_eq!(saved.body["problems"], json!([]));
    assert_eq!(
        saved.body["saved"]["content"]["indicator_facts"]["IND-1"], "310.5",
        "amounts travel as decimal strings"
    );

    let read = Req::get(&url).token(&analyst).send(&app.router).await;
    assert_eq!(read.status, 200);
    assert_eq!(read.etag(), "\"1\"");

    let submitted = Req::post(&app.report_url("/submit"))
        .token(&planner)
        .if_match(&saved.etag())
        .send(&app.router)
        .await;
    assert_eq!(submitted.status, 200, "{:#}", submitted.body);
    assert_eq!(submitted.body["workflow"]["state"], "submitted");

    let returned = Req::post(&app.report_url("/return"))
        .token(&analyst)
        .if_match(&submitted.etag())
        .json(&json!({ "comment": "Уточните ход реализации" }))
        .send(&app.router)
        .await;
    assert_eq!(returned.status, 200, "{:#}", returned.body);
    assert_eq!(returned.body["workflow"]["state"], "returned");

    let mut fixed = app.valid_content();
    fixed["progress"] = json!("Проектная документация утверждена, заключены контракты");
    let resaved = Req::put(&url)
        .token(&planner)
        .if_match(&returned.etag())
        .json(&fixed)
        .send(&app.router)
        .await;
    assert_eq!(resaved.status, 200, "{:#}", resaved.body);

    let resubmitted = Req::post(&app.report_url("/submit"))
        .token(&planner)
        .if_match(&resaved.etag())
        .send(&app.router)
        .await;
    assert_eq!(resubmitted.status, 200, "{:#}", resubmitted.body);

    let accepted = Req::post(&app.report_url("/accept"))
        .token(&analyst)
        .if_match(&resubmitted.etag())
        .send(&app.router)
        .await;
    assert_eq!(accepted.status, 200, "{:#}", accepted.body);
    assert_eq!(accepted.body["workflow"]["state"], "accepted");

    let approved = Req::post(&app.report_url("/approve"))
        .token(&head)
        .if_match(&accepted.etag())
        .send(&app.router)
        .await;
    assert_eq!(approved.status, 200, "{:#}", approved.body);
    assert_eq!(approved.body["workflow"]["state"], "approved");

    let history = Req::get(&app.report_url("/history"))
        .token(&head)
        .send(&app.router)
        .await;
    assert_eq!(history.status, 200);
    assert!(!history.body.as_array().unwrap().is_empty());
}

#[tokio::test]
async fn a_transition_without_if_match_is_428_precondition_required() {
    let app = App::new().await;
    app.fixture.submitted_report().await.unwrap();
    let analyst = app.login("stroy.analyst").await;
    Req::post(&app.report_url("/accept"))
        .token(&analyst)
        .send(&app.router)
        .await
        .assert_problem(428, "precondition_required");
}

#[tokio::test]
async fn a_transition_with_a_stale_if_match_is_412_stale_version_and_changes_nothing() {
    let app = App::new().await;
    let version = app.fixture.submitted_report().await.unwrap();
    let analyst = app.login("stroy.analyst").await;
    Req::post(&app.report_url("/accept"))
        .token(&analyst)
        .if_match(&format!("\"{}\"", version - 1))
        .send(&app.router)
        .await
        .assert_problem(412, "stale_version");
    let current = Req::get(&app.report_url(""))
        .token(&analyst)
        .send(&app.router)
        .await;
    assert_eq!(current.body["workflow"]["state"], "submitted");
    assert_eq!(current.etag(), format!("\"{version}\""));
}

#[tokio::test]
async fn a_malformed_if_match_is_a_400_problem() {
    let app = App::new().await;
    app.fixture.submitted_report().await.unwrap();
    let analyst = app.login("stroy.analyst").await;
    Req::post(&app.report_url("/accept"))
        .token(&analyst)
        .if_match("\"three\"")
        .send(&app.router)
        .await
        .assert_problem(400, "malformed_if_match");
}

#[tokio::test]
async fn the_wrong_role_is_a_403_problem() {
    let app = App::new().await;
    let version = app.fixture.submitted_report().await.unwrap();
    let planner = app.login("stroy.planner").await;
    Req::post(&app.report_url("/accept"))
        .token(&planner)
        .if_match(&format!("\"{version}\""))
        .send(&app.router)
        .await
        .assert_problem(403, "permission_denied");
}

#[tokio::test]
async fn an_action_the_state_does_not_allow_is_409_invalid_transition() {
    let app = App::new().await;
    let version = app.fixture.submitted_report().await.unwrap();
    let head = app.login("stroy.head").await;
    Req::post(&app.report_url("/approve"))
        .token(&head)
        .if_match(&format!("\"{version}\""))
        .send(&app.router)
        .await
        .assert_problem(409, "invalid_transition");
}

#[tokio::test]
async fn bulk_accept_reports_each_item_and_one_failure_does_not_undo_the_others() {
    let app = App::new().await;
    let version = app.fixture.submitted_report().await.unwrap();
    let analyst = app.login("stroy.analyst").await;
    let event = app.fixture.event.to_string();
    let answer = Req::post("/api/v1/reports/bulk/accept")
        .token(&analyst)
        .json(&json!({ "items": [
            { "event": event, "year": 2026, "month": 2, "version": version },
            { "event": event, "year": 2026, "month": 1, "version": 1 },
        ]}))
        .send(&app.router)
        .await;
    assert_eq!(answer.status, 200, "{:#}", answer.body);
    assert_eq!(answer.body[0]["outcome"], "ok");
    assert_eq!(answer.body[0]["report"]["workflow"]["state"], "accepted");
    assert_eq!(answer.body[1]["outcome"], "error");
    assert_eq!(answer.body[1]["status"], 404);
    assert_eq!(answer.body[1]["code"], "not_found");
    let current = Req::get(&app.report_url(""))
        .token(&analyst)
        .send(&app.router)
        .await;
    assert_eq!(current.body["workflow"]["state"], "accepted");
}

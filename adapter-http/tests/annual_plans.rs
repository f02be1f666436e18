#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! Annual plans through the endpoints.

mod common;

use common::{App, Req};
use serde_json::json;

fn plan() -> serde_json::Value {
    json!({ "works": [{
        "title": "Разработка проектной документации",
        "control_date": "2026-06-30",
        "planned": { "regional": "1500.50" }
    }]})
}

#[tokio::test]
async fn an_annual_plan_is_saved_read_and_its_transitions_need_if_match() {
    let app = App::new().await;
    let planner = app.login("stroy.planner").await;
    let url = format!("/api/v1/events/{}/annual-plans/2026", app.fixture.event);
    let saved = Req::put(&url)
        .token(&planner)
        .json(&plan())
        .send(&app.router)
        .await;
    assert_eq!(saved.status, 200, "{:#}", saved.body);
    assert_eq!(saved.etag(), "\"1\"");
    let read = Req::get(&url).token(&planner).send(&app.router).await;
    assert_eq!(read.status, 200);
    assert_eq!(
        read.body["content"]["works"][0]["planned"]["regional"],
        "1500.50"
    );
    Req::post(&format!("{url}/submit"))
        .token(&planner)
        .send(&app.router)
        .await
        .assert_problem(428, "precondition_required");
    let history = Req::get(&format!("{url}/history"))
        .token(&planner)
        .send(&app.router)
        .await;
    assert_eq!(history.status, 200);
    assert_eq!(history.body.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn an_annual_plan_outside_the_users_scope_is_404() {
    let app = App::new().await;
    let outsider = app.login("zdrav.planner").await;
    Req::put(&format!(
        "/api/v1/events/{}/annual-plans/2026",
        app.fixture.event
    ))
    .token(&outsider)
    .json(&plan())
    .send(&app.router)
    .await
    .assert_problem(404, "not_found");
}

#[tokio::test]
async fn an_annual_plan_is_saved_and_submitted_in_one_request_or_not_at_all() {
    let app = App::new().await;
    let planner = app.login("stroy.planner").await;
    let url = format!("/api/v1/events/{}/annual-plans/2026", app.fixture.event);
    // March 2026: the window for 2026 closed in December; nothing is written.
    Req::post(&format!("{url}/save-and-submit"))
        .token(&planner)
        .json(&plan())
        .send(&app.router)
        .await
        .assert_problem(422, "window_closed");
    Req::get(&url)
        .token(&planner)
        .send(&app.router)
        .await
        .assert_problem(404, "not_found");
    // With the Coordinator's extension it goes through, one revision.
    app.fixture
        .service
        .open_window_extension(
            &app.fixture.coordinator,
            &"minstroy".parse().unwrap(),
            2026,
            chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
            "Продление по письму",
        )
        .await
        .unwrap();
    let submitted = Req::post(&format!("{url}/save-and-submit"))
        .token(&planner)
        .json(&plan())
        .send(&app.router)
        .await;
    assert_eq!(submitted.status, 200, "{:#}", submitted.body);
    assert_eq!(submitted.etag(), "\"1\"");
    assert_eq!(submitted.body["workflow"]["state"], "submitted");
    // Submitted, it is not saved again.
    Req::post(&format!("{url}/save-and-submit"))
        .token(&planner)
        .if_match("\"1\"")
        .json(&plan())
        .send(&app.router)
        .await
        .assert_problem(409, "invalid_transition");
}

#[tokio::test]
async fn a_bad_body_to_save_and_submit_is_refused_by_name_and_writes_nothing() {
    let app = App::new().await;
    let planner = app.login("stroy.planner").await;
    let url = format!("/api/v1/events/{}/annual-plans/2026", app.fixture.event);
    let unknown_field = json!({ "workz": [] });
    let bad_date = json!({ "works": [{
        "title": "Проектирование",
        "control_date": "2026-02-30",
        "planned": {}
    }]});
    let bad_amount = json!({ "works": [{
        "title": "Проектирование",
        "control_date": "2026-06-30",
        "planned": { "regional": "сто" }
    }]});
    for body in [unknown_field, bad_date, bad_amount] {
        let refused = Req::post(&format!("{url}/save-and-submit"))
            .token(&planner)
            .json(&body)
            .send(&app.router)
            .await;
        refused.assert_problem(422, "invalid_body");
        assert!(
            refused.body["detail"]
                .as_str()
                .is_some_and(|d| !d.is_empty()),
            "{:#}",
            refused.body
        );
    }
    Req::get(&url)
        .token(&planner)
        .send(&app.router)
        .await
        .assert_problem(404, "not_found");
}

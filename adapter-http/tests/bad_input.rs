#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! Bad content, malformed bodies and unknown routes answer problem+json.

mod common;

use common::{App, Req};
use serde_json::json;

#[tokio::test]
async fn bad_report_content_is_a_422_problem_naming_the_fields() {
    let app = App::new().await;
    let planner = app.login("stroy.planner").await;
    let mut content = app.valid_content();
    content["indicator_facts"] = json!({ "IND-404": "1" });
    content["control_points"] = json!({ "KT9": "2026-02-01" });
    let answer = Req::put(&app.report_url(""))
        .token(&planner)
        .json(&content)
        .send(&app.router)
        .await;
    answer.assert_problem(422, "validation");
    let fields: Vec<&str> = answer.body["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"indicator_facts.IND-404"), "{fields:?}");
    assert!(fields.contains(&"control_points.KT9"), "{fields:?}");
}

#[tokio::test]
async fn malformed_json_is_a_400_problem_and_never_500() {
    let app = App::new().await;
    let planner = app.login("stroy.planner").await;
    Req::put(&app.report_url(""))
        .token(&planner)
        .raw("application/json", "{\"progress\": ")
        .send(&app.router)
        .await
        .assert_problem(400, "malformed_json");
    Req::post("/api/v1/auth/login")
        .raw("application/json", "not json")
        .send(&app.router)
        .await
        .assert_problem(400, "malformed_json");
}

#[tokio::test]
async fn a_wrongly_typed_field_is_a_422_invalid_body_problem_naming_it() {
    let app = App::new().await;
    let planner = app.login("stroy.planner").await;
    let answer = Req::put(&app.report_url(""))
        .token(&planner)
        .json(&json!({ "progress": 42 }))
        .send(&app.router)
        .await;
    answer.assert_problem(422, "invalid_body");
    assert_eq!(answer.body["problems"][0]["field"], "progress");
    let login = Req::post("/api/v1/auth/login")
        .json(&json!({ "login": "x", "password": "y", "extra": 1 }))
        .send(&app.router)
        .await;
    login.assert_problem(422, "invalid_body");
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_415_problem() {
    let app = App::new().await;
    Req::post("/api/v1/auth/login")
        .raw("text/plain", "login=x")
        .send(&app.router)
        .await
        .assert_problem(415, "unsupported_media_type");
}

#[tokio::test]
async fn an_impossible_month_is_a_422_and_a_non_numeric_one_a_400() {
    let app = App::new().await;
    let planner = app.login("stroy.planner").await;
    let event = app.fixture.event.to_string();
    Req::get(&format!("/api/v1/events/{event}/reports/2026/13"))
        .token(&planner)
        .send(&app.router)
        .await
        .assert_problem(422, "validation");
    Req::get(&format!("/api/v1/events/{event}/reports/2026/feb"))
        .token(&planner)
        .send(&app.router)
        .await
        .assert_problem(400, "bad_path");
}

#[tokio::test]
async fn an_unknown_route_is_a_404_problem_and_a_wrong_method_a_405_problem() {
    let app = App::new().await;
    Req::get("/api/v1/nothing-here")
        .send(&app.router)
        .await
        .assert_problem(404, "route_not_found");
    Req::new(axum::http::Method::DELETE, "/api/v1/me")
        .send(&app.router)
        .await
        .assert_problem(405, "method_not_allowed");
}

#[tokio::test]
async fn a_bad_query_parameter_is_a_400_problem() {
    let app = App::new().await;
    let coordinator = app.login("coord").await;
    Req::get("/api/v1/audit?limit=many")
        .token(&coordinator)
        .send(&app.router)
        .await
        .assert_problem(400, "bad_query");
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_413_problem() {
    let app = App::new().await;
    let planner = app.login("stroy.planner").await;
    let huge = format!("{{\"progress\": \"{}\"}}", "я".repeat(3 * 1024 * 1024));
    Req::put(&app.report_url(""))
        .token(&planner)
        .raw("application/json", huge)
        .send(&app.router)
        .await
        .assert_problem(413, "body_too_large");
}

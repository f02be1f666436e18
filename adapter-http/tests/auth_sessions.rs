#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! Logging in and out, the current user, and refused tokens.

mod common;

use common::{App, PASSWORD, Req};
use serde_json::json;

#[tokio::test]
async fn a_user_logs_in_changes_the_one_time_password_sees_themselves_and_logs_out() {
    let app = App::new().await;
    let token = app.login("stroy.planner").await;

    let me = Req::get("/api/v1/me").token(&token).send(&app.router).await;
    assert_eq!(me.status, 200);
    assert_eq!(me.body["login"], "stroy.planner");
    assert_eq!(me.body["participant"], "minstroy");

    let again = Req::post("/api/v1/auth/login")
        .json(&json!({ "login": "stroy.planner", "password": PASSWORD }))
        .send(&app.router)
        .await;
    assert_eq!(again.status, 200);
    assert_eq!(again.body["must_change_password"], false);
    assert!(again.body["expires_at"].is_string());
    assert_eq!(again.body["user"]["login"], "stroy.planner");

    let out = Req::post("/api/v1/auth/logout")
        .token(&token)
        .send(&app.router)
        .await;
    assert_eq!(out.status, 204);
    Req::get("/api/v1/me")
        .token(&token)
        .send(&app.router)
        .await
        .assert_problem(401, "unauthorized");
}

#[tokio::test]
async fn requests_without_a_token_or_with_a_bad_one_are_401_problems() {
    let app = App::new().await;
    Req::get("/api/v1/me")
        .send(&app.router)
        .await
        .assert_problem(401, "unauthorized");
    Req::get("/api/v1/events")
        .token("not-a-real-token")
        .send(&app.router)
        .await
        .assert_problem(401, "unauthorized");
    Req::get("/api/v1/inbox")
        .header("authorization", "Basic Zm9vOmJhcg==")
        .send(&app.router)
        .await
        .assert_problem(401, "unauthorized");
}

#[tokio::test]
async fn a_wrong_password_is_401_and_does_not_say_which_part_was_wrong() {
    let app = App::new().await;
    let answer = Req::post("/api/v1/auth/login")
        .json(&json!({ "login": "stroy.planner", "password": "wrong-password-123" }))
        .send(&app.router)
        .await;
    answer.assert_problem(401, "unauthorized");
    assert!(
        answer.body["detail"]
            .as_str()
            .unwrap()
            .contains("invalid login or password")
    );
}

#[tokio::test]
async fn a_token_whose_one_time_password_is_not_yet_changed_cannot_read_data() {
    let app = App::new().await;
    let first = Req::post("/api/v1/auth/login")
        .json(&json!({ "login": "stroy.analyst", "password": app.one_time_password("stroy.analyst") }))
        .send(&app.router)
        .await;
    let token = first.body["token"].as_str().unwrap();
    Req::get("/api/v1/me")
        .token(token)
        .send(&app.router)
        .await
        .assert_problem(403, "password_change_required");
}

#[tokio::test]
async fn a_weak_new_password_is_a_422_validation_problem_naming_the_field() {
    let app = App::new().await;
    let first = Req::post("/api/v1/auth/login")
        .json(&json!({ "login": "stroy.head", "password": app.one_time_password("stroy.head") }))
        .send(&app.router)
        .await;
    let token = first.body["token"].as_str().unwrap();
    let answer = Req::post("/api/v1/auth/password")
        .token(token)
        .json(&json!({ "current": app.one_time_password("stroy.head"), "new": "short" }))
        .send(&app.router)
        .await;
    answer.assert_problem(422, "validation");
    assert_eq!(answer.body["problems"][0]["field"], "password");
    assert_eq!(answer.body["problems"][0]["severity"], "error");
}

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! Participants, the strategy tree, indicators, registration requests, users.

mod common;

use common::{App, Req};
use serde_json::json;

#[tokio::test]
async fn the_admin_registers_a_participant_and_it_is_listed() {
    let app = App::new().await;
    let admin = app.login("admin").await;
    let created = Req::post("/api/v1/participants")
        .token(&admin)
        .json(&json!({ "id": "minobr", "name": "Министерство образования Кузбасса", "kind": "executive_body" }))
        .send(&app.router)
        .await;
    assert_eq!(created.status, 201, "{:#}", created.body);
    assert_eq!(created.body["id"], "minobr");
    let listed = Req::get("/api/v1/participants")
        .token(&admin)
        .send(&app.router)
        .await;
    assert_eq!(listed.status, 200, "{:#}", listed.body);
    assert!(
        listed
            .body
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["id"] == "minobr")
    );
    Req::post("/api/v1/participants")
        .token(&admin)
        .json(&json!({ "id": "minobr", "name": "Дубликат", "kind": "executive_body" }))
        .send(&app.router)
        .await
        .assert_problem(409, "conflict");
}

#[tokio::test]
async fn the_coordinator_reads_and_extends_the_strategy_tree_and_indicators() {
    let app = App::new().await;
    let coordinator = app.login("coord").await;
    let tree = Req::get("/api/v1/strategy/directions")
        .token(&coordinator)
        .send(&app.router)
        .await;
    assert_eq!(tree.status, 200, "{:#}", tree.body);
    assert_eq!(tree.body.as_array().unwrap().len(), 2);
    let added = Req::post("/api/v1/strategy/directions")
        .token(&coordinator)
        .json(&json!({ "id": "G1.2", "kind": "direction", "title": "Благоустройство", "parent": "G1" }))
        .send(&app.router)
        .await;
    assert_eq!(added.status, 201, "{:#}", added.body);
    let planner = app.login("stroy.planner").await;
    let indicators = Req::get("/api/v1/indicators?event=1.1.1")
        .token(&planner)
        .send(&app.router)
        .await;
    assert_eq!(indicators.status, 200, "{:#}", indicators.body);
    assert_eq!(indicators.body[0]["id"], "IND-1");
    let one = Req::get("/api/v1/indicators/IND-1")
        .token(&planner)
        .send(&app.router)
        .await;
    assert_eq!(one.status, 200, "{:#}", one.body);
    assert_eq!(one.body["fields"]["plan"]["2026"], "2000");
}

fn registration() -> serde_json::Value {
    json!({
        "participant": "minzdrav",
        "signed_by": "Здравова Кира Петровна",
        "people": [{
            "full_name": "Новенький Пётр Ильич",
            "position": "главный специалист",
            "roles": ["плановик"],
            "landline": "+7 3842 11-22-33",
            "mobile": "+7 913 111-22-33",
            "email": "novenkiy@minzdrav.ako.ru"
        }]
    })
}

#[tokio::test]
async fn the_admin_files_and_approves_a_registration_and_the_new_user_logs_in() {
    let app = App::new().await;
    let admin = app.login("admin").await;
    let filed = Req::post("/api/v1/registration-requests")
        .token(&admin)
        .json(&registration())
        .send(&app.router)
        .await;
    assert_eq!(filed.status, 201, "{:#}", filed.body);
    let id = filed.body["id"].as_str().unwrap().to_owned();
    let version = filed.body["version"].as_u64().unwrap();
    let pending = Req::get("/api/v1/registration-requests?pending=true")
        .token(&admin)
        .send(&app.router)
        .await;
    assert_eq!(
        pending.body.as_array().unwrap().len(),
        1,
        "{:#}",
        pending.body
    );

    let url = format!("/api/v1/registration-requests/{id}/approve");
    Req::post(&url)
        .token(&admin)
        .send(&app.router)
        .await
        .assert_problem(428, "precondition_required");
    let approved = Req::post(&url)
        .token(&admin)
        .if_match(&format!("\"{version}\""))
        .send(&app.router)
        .await;
    assert_eq!(approved.status, 200, "{:#}", approved.body);
    let created = &approved.body["created"][0];
    let login = created["user"]["login"].as_str().unwrap();
    let once = created["one_time_password"].as_str().unwrap();
    let grant = Req::post("/api/v1/auth/login")
        .json(&json!({ "login": login, "password": once }))
        .send(&app.router)
        .await;
    assert_eq!(grant.status, 200, "{:#}", grant.body);
    assert_eq!(grant.body["must_change_password"], true);

    let users = Req::get("/api/v1/users")
        .token(&admin)
        .send(&app.router)
        .await;
    assert_eq!(users.status, 200);
    assert!(
        users
            .body
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["login"] == login)
    );
}

#[tokio::test]
async fn the_admin_rejects_a_registration_with_reasons() {
    let app = App::new().await;
    let admin = app.login("admin").await;
    let filed = Req::post("/api/v1/registration-requests")
        .token(&admin)
        .json(&registration())
        .send(&app.router)
        .await;
    let id = filed.body["id"].as_str().unwrap();
    let version = filed.body["version"].as_u64().unwrap();
    let rejected = Req::post(&format!("/api/v1/registration-requests/{id}/reject"))
        .token(&admin)
        .if_match(&format!("\"{version}\""))
        .json(&json!({ "reasons": ["нет подписи руководителя"] }))
        .send(&app.router)
        .await;
    assert_eq!(rejected.status, 200, "{:#}", rejected.body);
    assert_eq!(rejected.body["status"], "refused");
}

#[tokio::test]
async fn a_planner_may_not_list_users() {
    let app = App::new().await;
    let planner = app.login("stroy.planner").await;
    Req::get("/api/v1/users")
        .token(&planner)
        .send(&app.router)
        .await
        .assert_problem(403, "permission_denied");
}

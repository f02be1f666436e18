#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! The demo region seeds on a memory store and its users can log in.

mod common;

use std::sync::Arc;

use common::Req;
use serde_json::json;
use stratmon_core::Service;
use stratmon_core::auth::HashCost;
use stratmon_core::store::MemoryStore;
use stratmon_http::demo::{DEMO_PASSWORD, seed};

#[tokio::test]
async fn the_demo_region_seeds_and_every_printed_user_logs_in_with_the_printed_password() {
    let service = Service::new(Arc::new(MemoryStore::new())).with_hash_cost(HashCost::MINIMAL);
    let demo = seed(&service, DEMO_PASSWORD).await.unwrap();
    assert_eq!(demo.users.len(), 2 + 6 * 3);
    assert_eq!(demo.events, 12);
    assert_eq!(demo.indicators, 10);
    assert!(demo.reports >= 24, "{}", demo.reports);
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

    for login in [
        "demo.admin",
        "demo.coordinator",
        "demo.planner",
        "demo.analyst",
        "demo.head",
        "demo.planner2",
    ] {
        let answer = Req::post("/api/v1/auth/login")
            .json(&json!({ "login": login, "password": DEMO_PASSWORD }))
            .send(&router)
            .await;
        assert_eq!(answer.status, 200, "{login}: {:#}", answer.body);
    }
    let planner = Req::post("/api/v1/auth/login")
        .json(&json!({ "login": "demo.planner", "password": DEMO_PASSWORD }))
        .send(&router)
        .await;
    let planner2 = Req::post("/api/v1/auth/login")
        .json(&json!({ "login": "demo.planner2", "password": DEMO_PASSWORD }))
        .send(&router)
        .await;
    let analyst = Req::post("/api/v1/auth/login")
        .json(&json!({ "login": "demo.analyst", "password": DEMO_PASSWORD }))
        .send(&router)
        .await;
    assert_eq!(planner.body["user"]["participant"], "minstroy");
    assert_eq!(analyst.body["user"]["participant"], "minstroy");
    assert_eq!(planner2.body["user"]["participant"], "minzdrav");

    let coordinator = Req::post("/api/v1/auth/login")
        .json(&json!({ "login": "demo.coordinator", "password": DEMO_PASSWORD }))
        .send(&router)
        .await;
    let token = coordinator.body["token"].as_str().unwrap();
    let events = Req::get("/api/v1/events").token(token).send(&router).await;
    assert_eq!(events.body.as_array().unwrap().len(), 12);
    let verdict = Req::get("/api/v1/audit/verify")
        .token(token)
        .send(&router)
        .await;
    assert_eq!(verdict.body["result"], "intact");
}

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! Out-of-scope objects are 404 exactly like missing ones.

mod common;

use common::{App, Req};

#[tokio::test]
async fn an_event_outside_the_users_scope_is_404_like_a_missing_one() {
    let app = App::new().await;
    app.fixture.submitted_report().await.unwrap();
    let outsider = app.login("zdrav.planner").await;
    let event = app.fixture.event.to_string();
    let hidden = Req::get(&format!("/api/v1/events/{event}"))
        .token(&outsider)
        .send(&app.router)
        .await;
    hidden.assert_problem(404, "not_found");
    let missing = Req::get("/api/v1/events/9.9.9")
        .token(&outsider)
        .send(&app.router)
        .await;
    missing.assert_problem(404, "not_found");
    Req::get(&app.report_url(""))
        .token(&outsider)
        .send(&app.router)
        .await
        .assert_problem(404, "not_found");
    Req::get(&format!("/api/v1/events/{event}/status"))
        .token(&outsider)
        .send(&app.router)
        .await
        .assert_problem(404, "not_found");
    let listed = Req::get("/api/v1/events")
        .token(&outsider)
        .send(&app.router)
        .await;
    assert_eq!(listed.status, 200);
    assert_eq!(listed.body, serde_json::json!([]));
}

#[tokio::test]
async fn the_responsible_participant_sees_and_filters_its_events() {
    let app = App::new().await;
    let planner = app.login("stroy.planner").await;
    let all = Req::get("/api/v1/events")
        .token(&planner)
        .send(&app.router)
        .await;
    assert_eq!(all.status, 200, "{:#}", all.body);
    assert_eq!(all.body.as_array().unwrap().len(), 1);
    let none = Req::get("/api/v1/events?text=%D0%BD%D0%B5%D1%82%D1%83")
        .token(&planner)
        .send(&app.router)
        .await;
    assert_eq!(none.body, serde_json::json!([]));
    let by_participant = Req::get("/api/v1/events?participant=minstroy")
        .token(&planner)
        .send(&app.router)
        .await;
    assert_eq!(by_participant.body.as_array().unwrap().len(), 1);
    let card = Req::get(&format!("/api/v1/events/{}", app.fixture.event))
        .token(&planner)
        .send(&app.router)
        .await;
    assert_eq!(card.status, 200);
    let status = Req::get(&format!("/api/v1/events/{}/status", app.fixture.event))
        .token(&planner)
        .send(&app.router)
        .await;
    assert_eq!(status.status, 200, "{:#}", status.body);
}

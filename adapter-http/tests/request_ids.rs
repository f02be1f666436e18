#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! Every answer carries a request id, also in problem bodies; a client's own
//! id is kept when it is plain enough to log.

mod common;

use common::{App, Req};

#[tokio::test]
async fn answers_carry_a_request_id_and_a_sane_client_id_is_kept() {
    let app = App::new().await;
    let first = Req::get("/healthz").send(&app.router).await;
    let second = Req::get("/healthz").send(&app.router).await;
    let id = |a: &common::Answer| a.headers["x-request-id"].to_str().unwrap().to_owned();
    assert!(!id(&first).is_empty());
    assert_ne!(id(&first), id(&second));

    let kept = Req::get("/healthz")
        .header("x-request-id", "portal-42.a_b")
        .send(&app.router)
        .await;
    assert_eq!(id(&kept), "portal-42.a_b");
    let replaced = Req::get("/healthz")
        .header("x-request-id", "id with spaces; and=signs")
        .send(&app.router)
        .await;
    assert_ne!(id(&replaced), "id with spaces; and=signs");
    let long = "x".repeat(65);
    let replaced = Req::get("/healthz")
        .header("x-request-id", &long)
        .send(&app.router)
        .await;
    assert_ne!(id(&replaced), long);

    let problem = Req::get("/api/v1/me").send(&app.router).await;
    problem.assert_problem(401, "unauthorized");
    assert_eq!(problem.body["request_id"], id(&problem));
}

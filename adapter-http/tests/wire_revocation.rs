#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! When the Admin carries out a revocation request, the revoked user's
//! open session stops working at once and the password no longer logs in.

mod common;

use common::wire::{Served, WIRE_PASSWORD, bearer, header, http};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_users_token_stops_working_and_the_login_is_refused() {
    let served = Served::start().await;
    let planner = served.login("stroy.planner").await;
    let admin = served.login("admin").await;
    let (status, _, me) = http(served.addr, "GET", "/api/v1/me", &[bearer(&planner)], None).await;
    assert_eq!((status, me["login"].as_str()), (200, Some("stroy.planner")));

    let (status, _, filed) = http(
        served.addr,
        "POST",
        "/api/v1/revocation-requests",
        &[bearer(&admin)],
        Some(json!({
            "participant": "minstroy",
            "signed_by": "Белов Андрей Николаевич",
            "reason": "увольнение",
            "people": [{
                "full_name": "Петров Сергей Николаевич",
                "position": "главный специалист",
                "email": "petrov@minstroy.example",
                "login": "stroy.planner"
            }]
        })),
    )
    .await;
    assert_eq!(status, 201, "{filed:#}");
    let id = filed["id"].as_str().unwrap().to_owned();
    // A revocation is not in the registration queue.
    let (status, _, _) = http(
        served.addr,
        "GET",
        &format!("/api/v1/registration-requests/{id}"),
        &[bearer(&admin)],
        None,
    )
    .await;
    assert_eq!(status, 404);
    let (status, headers, _) = http(
        served.addr,
        "GET",
        &format!("/api/v1/revocation-requests/{id}"),
        &[bearer(&admin)],
        None,
    )
    .await;
    assert_eq!(status, 200);
    let (status, _, approved) = http(
        served.addr,
        "POST",
        &format!("/api/v1/revocation-requests/{id}/approve"),
        &[
            bearer(&admin),
            ("If-Match", header(&headers, "etag").to_owned()),
        ],
        None,
    )
    .await;
    assert_eq!(status, 200, "{approved:#}");

    let (status, _, refused) =
        http(served.addr, "GET", "/api/v1/me", &[bearer(&planner)], None).await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (401, Some("unauthorized")),
        "{refused:#}"
    );
    let (status, _, refused) = http(
        served.addr,
        "POST",
        "/api/v1/auth/login",
        &[],
        Some(json!({ "login": "stroy.planner", "password": WIRE_PASSWORD })),
    )
    .await;
    assert_eq!(status, 401, "{refused:#}");
    let (status, _, user) = http(
        served.addr,
        "GET",
        "/api/v1/users/stroy.planner",
        &[bearer(&admin)],
        None,
    )
    .await;
    assert_eq!((status, user["status"].as_str()), (200, Some("revoked")));
    served.stop().await;
}

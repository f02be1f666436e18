#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! The server on a real port over a SQLite file, driven by plain HTTP/1.1.

mod common;

use common::wire::{header, http, logged_in};
use serde_json::json;
use std::sync::Arc;
use stratmon_core::conformance::Fixture;
use stratmon_sqlite::SqliteStore;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_on_a_real_port_over_sqlite_serves_a_submission_and_records_the_client_address()
{
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path().join("e2e.sqlite")).unwrap();
    let fixture = Fixture::build(Arc::new(store)).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(stratmon_http::serve(
        listener,
        fixture.service.clone(),
        async {
            let _ = stopped.await;
        },
    ));

    let (status, _, health) = http(addr, "GET", "/healthz", &[], None).await;
    assert_eq!((status, health), (200, json!({ "status": "ok" })));

    let planner = logged_in(addr, &fixture, "stroy.planner").await;
    let auth = |token: &str| ("Authorization", format!("Bearer {token}"));
    let url = format!("/api/v1/events/{}/reports/2026/2", fixture.event);
    let content = serde_json::to_value(fixture.valid_content()).unwrap();
    let (status, headers, saved) = http(addr, "PUT", &url, &[auth(&planner)], Some(content)).await;
    assert_eq!(status, 200, "{saved:#}");
    let etag = header(&headers, "etag").to_owned();
    let (status, _, problem) = http(
        addr,
        "POST",
        &format!("{url}/submit"),
        &[auth(&planner)],
        None,
    )
    .await;
    assert_eq!(status, 428, "{problem:#}");
    let (status, _, submitted) = http(
        addr,
        "POST",
        &format!("{url}/submit"),
        &[auth(&planner), ("If-Match", etag)],
        None,
    )
    .await;
    assert_eq!(status, 200, "{submitted:#}");
    assert_eq!(submitted["workflow"]["state"], "submitted");

    let coordinator = logged_in(addr, &fixture, "coord").await;
    let (status, _, entries) = http(
        addr,
        "GET",
        "/api/v1/audit?action=report.submit",
        &[auth(&coordinator)],
        None,
    )
    .await;
    assert_eq!(status, 200, "{entries:#}");
    assert_eq!(entries[0]["client"], "127.0.0.1", "{entries:#}");

    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! The server on a real port over a SQLite file, driven by plain HTTP/1.1.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;

use serde_json::{Value, json};
use stratmon_core::conformance::Fixture;
use stratmon_sqlite::SqliteStore;

/// Sends one request with `Connection: close` and returns status, headers
/// (lowercased names) and the JSON body.
async fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: Option<Value>,
) -> (u16, Vec<(String, String)>, Value) {
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    if !body.is_empty() {
        request.push_str("Content-Type: application/json\r\n");
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    let raw = tokio::task::spawn_blocking(move || {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        raw
    })
    .await
    .unwrap();
    let text = String::from_utf8(raw).unwrap();
    let (head, payload) = text.split_once("\r\n\r\n").unwrap();
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(n, v)| (n.to_lowercase(), v.to_owned()))
        .collect();
    assert!(
        !headers
            .iter()
            .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked")),
        "the test client reads only fixed-length bodies"
    );
    let json = if payload.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(payload).unwrap()
    };
    (status, headers, json)
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> &'a str {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no `{name}` header"))
}

async fn logged_in(addr: SocketAddr, fixture: &Fixture, login: &str) -> String {
    let once = fixture.one_time_passwords[&login.parse().unwrap()].clone();
    let (status, _, grant) = http(
        addr,
        "POST",
        "/api/v1/auth/login",
        &[],
        Some(json!({ "login": login, "password": once })),
    )
    .await;
    assert_eq!(status, 200, "{grant:#}");
    let token = grant["token"].as_str().unwrap().to_owned();
    let (status, _, body) = http(
        addr,
        "POST",
        "/api/v1/auth/password",
        &[("Authorization", format!("Bearer {token}"))],
        Some(json!({ "current": once, "new": "Сквозной-тест-2026" })),
    )
    .await;
    assert_eq!(status, 204, "{body:#}");
    token
}

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

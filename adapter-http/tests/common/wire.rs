//! A plain HTTP/1.1 client over a real socket, and the fixture served on an
//! ephemeral port, for the tests that must cross the network stack.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;

use serde_json::{Value, json};
use stratmon_core::conformance::Fixture;
use stratmon_sqlite::SqliteStore;

/// The password fixture users get at their first login over the wire.
pub const WIRE_PASSWORD: &str = "Сквозной-тест-2026";

/// The fixture over a SQLite file, served on an ephemeral port.
pub struct Served {
    /// The fixture (its service is the one served).
    pub fixture: Fixture,
    /// Where it listens.
    pub addr: SocketAddr,
    stop: tokio::sync::oneshot::Sender<()>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
    _dir: tempfile::TempDir,
}

impl Served {
    /// Builds the fixture on a fresh SQLite file and serves it.
    pub async fn start() -> Self {
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
        Self {
            fixture,
            addr,
            stop,
            server,
            _dir: dir,
        }
    }

    /// Logs `login` in with its one-time password, changes it, returns the token.
    pub async fn login(&self, login: &str) -> String {
        logged_in(self.addr, &self.fixture, login).await
    }

    /// Stops the server, letting requests in flight finish.
    pub async fn stop(self) {
        self.stop.send(()).unwrap();
        self.server.await.unwrap().unwrap();
    }
}

/// `Authorization: Bearer <token>`.
pub fn bearer(token: &str) -> (&'static str, String) {
    ("Authorization", format!("Bearer {token}"))
}

/// Sends one request with `Connection: close` and returns status, headers
/// (lowercased names) and the JSON body.
pub async fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: Option<Value>,
) -> (u16, Vec<(String, String)>, Value) {
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    raw_http(addr, method, path, headers, body.into_bytes()).await
}

/// Sends `body` as it is (JSON content type when not empty).
pub async fn raw_http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: Vec<u8>,
) -> (u16, Vec<(String, String)>, Value) {
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    if !body.is_empty() {
        request.push_str("Content-Type: application/json\r\n");
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut request = request.into_bytes();
    request.extend_from_slice(&body);
    let raw = tokio::task::spawn_blocking(move || {
        let mut stream = TcpStream::connect(addr).unwrap();
        // The server may answer (413) and close before reading everything.
        let _ = stream.write_all(&request);
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        assert!(!raw.is_empty(), "no answer from {addr}");
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

pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> &'a str {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no `{name}` header"))
}

pub async fn logged_in(addr: SocketAddr, fixture: &Fixture, login: &str) -> String {
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
        Some(json!({ "current": once, "new": WIRE_PASSWORD })),
    )
    .await;
    assert_eq!(status, 204, "{body:#}");
    token
}

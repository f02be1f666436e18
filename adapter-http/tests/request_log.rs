#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! The request log names each request by its id, route, status and user,
//! and never holds a password or a token.
//!
//! Alone in its file: tracing caches per call site whether anyone listens,
//! so a test without a subscriber running beside it could hide log lines.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::{App, PASSWORD, Req};
use serde_json::json;

/// A log sink the test can read back.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

fn capture() -> (Captured, tracing::subscriber::DefaultGuard) {
    let sink = Captured::default();
    let writer = sink.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    (sink, tracing::subscriber::set_default(subscriber))
}

#[tokio::test]
async fn the_log_names_requests_and_users_but_never_passwords_or_tokens() {
    let app = App::new().await;
    let (log, _guard) = capture();
    let once = app.one_time_password("stroy.planner");
    let token = app.login("stroy.planner").await;
    let me = Req::get("/api/v1/me").token(&token).send(&app.router).await;
    assert_eq!(me.status, 200);
    // A password in a wrong-typed body: serde would quote it in the detail.
    let refused = Req::post("/api/v1/auth/login")
        .json(&json!({ "login": "stroy.planner", "password": ["Секрет-в-массиве-2026"] }))
        .send(&app.router)
        .await;
    assert_eq!(refused.status, 422);
    let wrong = Req::post("/api/v1/auth/login")
        .json(&json!({ "login": "stroy.planner", "password": "Неверный-пароль-2026" }))
        .send(&app.router)
        .await;
    assert_eq!(wrong.status, 401);

    let text = log.text();
    let me_id = me.headers["x-request-id"].to_str().unwrap();
    let me_line = text
        .lines()
        .find(|l| l.contains(me_id) && l.contains("answered"))
        .unwrap_or_else(|| panic!("no line for {me_id} in:\n{text}"));
    assert!(me_line.contains("status=200"), "{me_line}");
    assert!(me_line.contains("user=stroy.planner"), "{me_line}");
    assert!(me_line.contains("route=/api/v1/me"), "{me_line}");
    assert!(
        text.contains("code=\"unauthorized\"") || text.contains("code=unauthorized"),
        "{text}"
    );
    for secret in [
        token.as_str(),
        once.as_str(),
        PASSWORD,
        "Секрет-в-массиве-2026",
        "Неверный-пароль-2026",
    ] {
        assert!(!text.contains(secret), "the log holds a secret:\n{text}");
    }
}

//! Shared helpers: the core's fixture behind the router, requests through
//! `oneshot`, and logged-in tokens.

#![allow(dead_code, reason = "each test file uses a different part")]

pub mod web;
pub mod wire;

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use stratmon_core::conformance::Fixture;
use stratmon_core::store::MemoryStore;
use tower::ServiceExt;

/// The password every fixture user is given after their first login.
pub const PASSWORD: &str = "Надёжный-пароль-2026";

/// The fixture and the router over its service.
pub struct App {
    pub fixture: Fixture,
    pub router: Router,
}

/// An answer, read whole.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body as JSON; `Null` when empty or not JSON.
    pub body: Value,
    /// The body as sent.
    pub bytes: Vec<u8>,
}

impl Answer {
    /// The `ETag` header without quotes.
    pub fn etag(&self) -> String {
        self.headers
            .get(header::ETAG)
            .expect("an ETag")
            .to_str()
            .unwrap()
            .to_owned()
    }

    /// The content type.
    pub fn content_type(&self) -> &str {
        self.headers
            .get(header::CONTENT_TYPE)
            .map_or("", |v| v.to_str().unwrap())
    }

    /// Asserts a problem+json answer with `status` and `code`.
    pub fn assert_problem(&self, status: u16, code: &str) {
        assert_eq!(self.status.as_u16(), status, "{:#}", self.body);
        assert_eq!(self.content_type(), "application/problem+json");
        assert_eq!(self.body["code"], code, "{:#}", self.body);
        assert_eq!(self.body["status"], status);
        assert!(self.body["title"].is_string());
        assert!(self.body["type"].is_string());
        assert!(self.body["detail"].is_string());
    }
}

/// A request being built.
pub struct Req {
    builder: axum::http::request::Builder,
    body: Body,
}

impl Req {
    pub fn new(method: Method, uri: &str) -> Self {
        Self {
            builder: Request::builder().method(method).uri(uri),
            body: Body::empty(),
        }
    }
    pub fn get(uri: &str) -> Self {
        Self::new(Method::GET, uri)
    }
    pub fn post(uri: &str) -> Self {
        Self::new(Method::POST, uri)
    }
    pub fn put(uri: &str) -> Self {
        Self::new(Method::PUT, uri)
    }
    pub fn token(mut self, token: &str) -> Self {
        self.builder = self
            .builder
            .header(header::AUTHORIZATION, format!("Bearer {token}"));
        self
    }
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.builder = self.builder.header(name, value);
        self
    }
    pub fn if_match(self, etag: &str) -> Self {
        self.header("if-match", etag)
    }
    pub fn json(mut self, value: &Value) -> Self {
        self.builder = self
            .builder
            .header(header::CONTENT_TYPE, "application/json");
        self.body = Body::from(serde_json::to_vec(value).unwrap());
        self
    }
    pub fn raw(mut self, content_type: &str, body: impl Into<Body>) -> Self {
        self.builder = self.builder.header(header::CONTENT_TYPE, content_type);
        self.body = body.into();
        self
    }
    pub async fn send(self, router: &Router) -> Answer {
        let request = self.builder.body(self.body).unwrap();
        let response = router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let json = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("json"));
        let body = if bytes.is_empty() || !json {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&bytes)))
        };
        Answer {
            status,
            headers,
            body,
            bytes: bytes.to_vec(),
        }
    }
}

impl App {
    /// The fixture on a fresh memory store, behind the router.
    pub async fn new() -> Self {
        let fixture = Fixture::build(Arc::new(MemoryStore::new())).await.unwrap();
        let router = stratmon_http::router(fixture.service.clone());
        Self { fixture, router }
    }

    /// The one-time password of `login`.
    pub fn one_time_password(&self, login: &str) -> String {
        self.fixture
            .one_time_passwords
            .get(&login.parse().unwrap())
            .unwrap_or_else(|| panic!("no user `{login}`"))
            .clone()
    }

    /// Logs in with the one-time password, changes it to [`PASSWORD`] and
    /// returns a usable token.
    pub async fn login(&self, login: &str) -> String {
        let first = Req::post("/api/v1/auth/login")
            .json(&serde_json::json!({ "login": login, "password": self.one_time_password(login) }))
            .send(&self.router)
            .await;
        assert_eq!(first.status, StatusCode::OK, "{:#}", first.body);
        assert_eq!(first.body["must_change_password"], true);
        let token = first.body["token"].as_str().unwrap().to_owned();
        let changed = Req::post("/api/v1/auth/password")
            .token(&token)
            .json(&serde_json::json!({ "current": self.one_time_password(login), "new": PASSWORD }))
            .send(&self.router)
            .await;
        assert_eq!(changed.status, StatusCode::NO_CONTENT, "{:#}", changed.body);
        token
    }

    /// The fixture's report URL for February 2026, with `suffix`.
    pub fn report_url(&self, suffix: &str) -> String {
        format!(
            "/api/v1/events/{}/reports/2026/2{suffix}",
            self.fixture.event
        )
    }

    /// The fixture's valid February content as JSON.
    pub fn valid_content(&self) -> Value {
        serde_json::to_value(self.fixture.valid_content()).unwrap()
    }
}

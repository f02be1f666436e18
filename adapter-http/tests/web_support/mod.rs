//! A browser for the web interface's tests: the demo region on a stopped
//! clock, logging in through the login form, the session cookie followed on
//! every request, and forms posted with or without the CSRF token.

#![allow(dead_code, reason = "each test file uses a different part")]

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use chrono::{DateTime, Utc};
use http_body_util::BodyExt;
use stratmon_core::auth::HashCost;
use stratmon_core::calendar::ManualClock;
use stratmon_core::store::MemoryStore;
use stratmon_core::{Actor, Service};
use stratmon_http::demo::{DEMO_PASSWORD, seed};
use tokio::sync::OnceCell;
use tower::ServiceExt;

/// The instant the region is seeded at and stays at: 26 November 2026, in
/// October's reporting window.
pub const NOW: &str = "2026-11-26T11:00:00+07:00";

/// The demo region on a memory store at [`NOW`], seeded once per test
/// binary (the tests that change it change disjoint things).
pub async fn region() -> &'static Service {
    static REGION: OnceCell<Service> = OnceCell::const_new();
    REGION
        .get_or_init(|| async {
            let at: DateTime<Utc> = DateTime::parse_from_rfc3339(NOW).unwrap().into();
            let service = Service::new(Arc::new(MemoryStore::new()))
                .with_hash_cost(HashCost::MINIMAL)
                .with_clock(Arc::new(ManualClock::new(at)));
            seed(&service, DEMO_PASSWORD).await.unwrap();
            service
        })
        .await
}

/// The actor of a demo login, for direct service calls.
pub fn actor(login: &str) -> Actor {
    Actor::user(login.parse().unwrap())
}

/// An answer, read whole.
#[derive(Debug)]
pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    pub bytes: Vec<u8>,
}

impl Page {
    /// Where a redirect goes.
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .map_or("", |v| v.to_str().unwrap())
    }

    /// The content type.
    pub fn content_type(&self) -> &str {
        self.headers
            .get(header::CONTENT_TYPE)
            .map_or("", |v| v.to_str().unwrap())
    }

    /// Asserts the status, showing the page when it differs.
    #[track_caller]
    pub fn assert_status(&self, status: u16) -> &Self {
        assert_eq!(self.status.as_u16(), status, "{}", self.body);
        self
    }

    /// Asserts that the page shows each of `texts`.
    #[track_caller]
    pub fn assert_shows(&self, texts: &[&str]) -> &Self {
        for text in texts {
            assert!(
                self.body.contains(text),
                "«{text}» not on the page:\n{}",
                self.body
            );
        }
        self
    }

    /// The `href` of the link whose text is exactly `text`.
    #[track_caller]
    pub fn link(&self, text: &str) -> String {
        let end = self
            .body
            .find(&format!(">{text}</a>"))
            .unwrap_or_else(|| panic!("no link «{text}»:\n{}", self.body));
        let start = self.body[..end].rfind("<a ").unwrap();
        let tag = &self.body[start..end];
        let href = tag.find("href=\"").unwrap() + 6;
        let len = tag[href..].find('"').unwrap();
        tag[href..href + len].replace("&amp;", "&")
    }
}

/// Percent-encodes `s` for a form body or query.
pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b));
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn form_body(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The value of cookie `name` set by `headers`.
fn set_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// The value of the first hidden `csrf` field of `html`.
fn csrf_field(html: &str) -> String {
    let at = html
        .find("name=\"csrf\" value=\"")
        .unwrap_or_else(|| panic!("no csrf field:\n{html}"))
        + "name=\"csrf\" value=\"".len();
    let len = html[at..].find('"').unwrap();
    html[at..at + len].to_owned()
}

async fn send(router: &Router, request: Request<Body>) -> Page {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Page {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        bytes,
    }
}

/// A signed-in browser.
pub struct Browser {
    router: Router,
    cookie: String,
    /// The CSRF token this session's forms carry.
    pub csrf: String,
}

impl Browser {
    /// Logs `login` in with the demo password through the login form.
    pub async fn login(service: &Service, login: &str) -> Self {
        let router = stratmon_http::app(service.clone());
        let form = send(&router, Request::get("/login").body(Body::empty()).unwrap()).await;
        assert_eq!(form.status, StatusCode::OK);
        let cookie = set_cookie(&form.headers, "stratmon_login_csrf").unwrap();
        let token = csrf_field(&form.body);
        assert_eq!(cookie, token);
        let body = form_body(&[
            ("csrf", &token),
            ("next", "/"),
            ("login", login),
            ("password", DEMO_PASSWORD),
        ]);
        let answer = send(
            &router,
            Request::post("/login")
                .header(header::COOKIE, format!("stratmon_login_csrf={cookie}"))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
        let session = set_cookie(&answer.headers, "stratmon_session").unwrap();
        let mut browser = Self {
            router,
            cookie: format!("stratmon_session={session}"),
            csrf: String::new(),
        };
        let home = browser.get("/").await;
        assert_eq!(home.status, StatusCode::OK, "{}", home.body);
        browser.csrf = csrf_field(&home.body);
        browser
    }

    fn request(&self, method: Method, uri: &str) -> axum::http::request::Builder {
        Request::builder()
            .method(method)
            .uri(uri)
            .header(header::COOKIE, &self.cookie)
    }

    /// `GET uri`.
    pub async fn get(&self, uri: &str) -> Page {
        send(
            &self.router,
            self.request(Method::GET, uri).body(Body::empty()).unwrap(),
        )
        .await
    }

    /// Posts `fields` as a form, exactly as given (no CSRF token added).
    pub async fn post_raw(&self, uri: &str, fields: &[(&str, &str)]) -> Page {
        send(
            &self.router,
            self.request(Method::POST, uri)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(form_body(fields)))
                .unwrap(),
        )
        .await
    }

    /// Posts `fields` as a form with this session's CSRF token.
    pub async fn post(&self, uri: &str, fields: &[(&str, &str)]) -> Page {
        let mut all = vec![("csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(uri, &all).await
    }

    /// Posts a `multipart/form-data` form: text fields, then files as
    /// `(name, file name, bytes)`.
    pub async fn post_multipart(
        &self,
        uri: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
    ) -> Page {
        const BOUNDARY: &str = "stratmon-web-test-boundary";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                )
                .as_bytes(),
            );
        }
        for (name, file, bytes) in files {
            body.extend_from_slice(
                format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        send(
            &self.router,
            self.request(Method::POST, uri)
                .header(
                    header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={BOUNDARY}"),
                )
                .body(Body::from(body))
                .unwrap(),
        )
        .await
    }
}

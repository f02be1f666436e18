//! The demo region for the web interface's tests, on a stopped clock, with
//! the shared browser ([`crate::common::web::Browser`]) logged in through
//! the login form, and what that browser lacks for these pages: multipart
//! uploads, following a link by its text, and looking at the markup.

#![allow(dead_code, reason = "each test file uses a different part")]

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use chrono::{DateTime, Utc};
use http_body_util::BodyExt;
use stratmon_core::auth::HashCost;
use stratmon_core::calendar::ManualClock;
use stratmon_core::store::MemoryStore;
use stratmon_core::{Actor, Service};
use stratmon_http::demo::{DEMO_PASSWORD, seed};
use tokio::sync::OnceCell;
use tower::ServiceExt;

use crate::common::web::{Browser, Page};

/// The instant the region is seeded at and stays at: 26 November 2026, in
/// October's reporting window.
pub const NOW: &str = "2026-11-26T11:00:00+07:00";

/// The demo region on a memory store at [`NOW`], seeded once per test
/// binary (the tests that change it change disjoint things).
pub async fn region() -> &'static Service {
    static REGION: OnceCell<Service> = OnceCell::const_new();
    REGION
        .get_or_init(|| async { fresh_region().await.0 })
        .await
}

/// A demo region of its own, with its store for tests that go behind the
/// service's back.
pub async fn fresh_region() -> (Service, Arc<MemoryStore>) {
    let at: DateTime<Utc> = DateTime::parse_from_rfc3339(NOW).unwrap().into();
    let store = Arc::new(MemoryStore::new());
    let service = Service::new(store.clone())
        .with_hash_cost(HashCost::MINIMAL)
        .with_clock(Arc::new(ManualClock::new(at)));
    seed(&service, DEMO_PASSWORD).await.unwrap();
    (service, store)
}

/// The actor of a demo login, for direct service calls.
pub fn actor(login: &str) -> Actor {
    Actor::user(login.parse().unwrap())
}

/// A browser logged in as the demo user `login` through the login form.
pub async fn browser(service: &Service, login: &str) -> Browser {
    let mut browser = Browser::new(stratmon_http::app(service.clone()));
    let answer = browser.log_in(login, DEMO_PASSWORD).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text());
    assert_eq!(answer.location(), Some("/"));
    browser
}

/// Asserts that the page's markup contains `fragment` (labels, links,
/// classes the text alone does not show).
#[track_caller]
pub fn has_markup(page: &Page, fragment: &str) {
    assert!(
        page.html.contains(fragment),
        "`{fragment}` not in the markup:\n{}",
        page.html
    );
}

/// The content type of an answer.
pub fn content_type(page: &Page) -> &str {
    page.headers
        .get(header::CONTENT_TYPE)
        .map_or("", |v| v.to_str().unwrap())
}

/// The `href` of the link whose text is exactly `text`.
#[track_caller]
pub fn link(page: &Page, text: &str) -> String {
    let html = &page.html;
    let end = html
        .find(&format!(">{text}</a>"))
        .unwrap_or_else(|| panic!("no link «{text}»:\n{html}"));
    let start = html[..end].rfind("<a ").unwrap();
    let tag = &html[start..end];
    let href = tag.find("href=\"").unwrap() + "href=\"".len();
    let len = tag[href..].find('"').unwrap();
    tag[href..href + len].replace("&amp;", "&")
}

/// The raw body of `GET path` (files: the shared browser reads text).
pub async fn download(browser: &Browser, path: &str) -> (StatusCode, String, Vec<u8>) {
    let response = browser
        .router
        .clone()
        .oneshot(
            Request::get(path)
                .header(header::COOKIE, cookies(browser))
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let status = response.status();
    let kind = response
        .headers()
        .get(header::CONTENT_TYPE)
        .map_or(String::new(), |v| v.to_str().unwrap().to_owned());
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, kind, bytes.to_vec())
}

fn cookies(browser: &Browser) -> String {
    browser
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Posts a `multipart/form-data` form as a browser sends a form with file
/// inputs: text fields, then files as `(name, file name, bytes)` (an empty
/// file input is a part with an empty file name and no bytes).
pub async fn post_multipart(
    browser: &Browser,
    path: &str,
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
    let response = browser
        .router
        .clone()
        .oneshot(
            Request::builder()
                .method(Method::POST)
                .uri(path)
                .header(header::COOKIE, cookies(browser))
                .header(
                    header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={BOUNDARY}"),
                )
                .body(Body::from(body))
                .unwrap(),
        )
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Page {
        status,
        headers,
        html: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

//! A little browser for the web interface's tests: keeps cookies, posts
//! forms with the page's CSRF token, reads pages as text.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use stratmon_core::conformance::Fixture;
use stratmon_core::store::MemoryStore;
use tower::ServiceExt;

use super::PASSWORD;

/// A page as the browser got it.
#[derive(Debug)]
pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub html: String,
}

impl Page {
    /// Where a redirect points.
    pub fn location(&self) -> Option<&str> {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
    }

    /// The first CSRF token of a form on the page.
    pub fn csrf(&self) -> String {
        self.attribute_after("name=\"csrf\" value=\"")
            .unwrap_or_else(|| panic!("no CSRF field on the page:\n{}", self.html))
    }

    /// The value of the first `version` field on the page.
    pub fn version(&self) -> String {
        self.attribute_after("name=\"version\" value=\"")
            .unwrap_or_else(|| panic!("no version field on the page:\n{}", self.text()))
    }

    fn attribute_after(&self, marker: &str) -> Option<String> {
        let start = self.html.find(marker)? + marker.len();
        let len = self.html[start..].find('"')?;
        Some(self.html[start..start + len].to_owned())
    }

    /// The page's text without tags, entities undone, spaces collapsed.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in self.html.chars() {
            match c {
                '<' => {
                    in_tag = true;
                    out.push(' ');
                }
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        let out = out
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Asserts the status, showing the page's text when it differs.
    pub fn expect(&self, status: u16) -> &Self {
        assert_eq!(self.status.as_u16(), status, "page text: {}", self.text());
        self
    }

    /// Asserts the page's text contains `needle`.
    pub fn shows(&self, needle: &str) -> &Self {
        assert!(
            self.text().contains(needle),
            "`{needle}` not on the page: {}",
            self.text()
        );
        self
    }
}

/// Percent-encodes a form value.
fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b));
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A browser with its cookies.
#[derive(Clone)]
pub struct Browser {
    pub router: Router,
    pub cookies: BTreeMap<String, String>,
}

impl Browser {
    /// A browser with no cookies yet.
    pub fn new(router: Router) -> Self {
        Self {
            router,
            cookies: BTreeMap::new(),
        }
    }

    async fn send(&mut self, method: Method, path: &str, body: Option<String>) -> Page {
        let mut builder = Request::builder().method(method).uri(path);
        if !self.cookies.is_empty() {
            let cookie = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            builder = builder.header(header::COOKIE, cookie);
        }
        let body = match body {
            Some(form) => {
                builder = builder.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
                Body::from(form)
            }
            None => Body::empty(),
        };
        let response = self
            .router
            .clone()
            .oneshot(builder.body(body).unwrap())
            .await
            .unwrap();
        for value in response.headers().get_all(header::SET_COOKIE) {
            let value = value.to_str().unwrap();
            let pair = value.split(';').next().unwrap();
            let (name, v) = pair.split_once('=').unwrap();
            if v.is_empty() || value.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), v.to_owned());
            }
        }
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Page {
            status,
            headers,
            html: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// `GET path`, not following redirects.
    pub async fn get(&mut self, path: &str) -> Page {
        self.send(Method::GET, path, None).await
    }

    /// `POST path` with `fields`, exactly as given (no token added).
    pub async fn post_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        self.send(Method::POST, path, Some(body)).await
    }

    /// `POST path` with `fields` and the CSRF token of the page `form_page`
    /// shows (as a browser submitting that page's form would).
    pub async fn submit(&mut self, form_page: &Page, path: &str, fields: &[(&str, &str)]) -> Page {
        let csrf = form_page.csrf();
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// Logs in through the login form; the answer of the form's POST.
    pub async fn log_in(&mut self, login: &str, password: &str) -> Page {
        let form = self.get("/login").await;
        form.expect(200);
        self.submit(
            &form,
            "/login",
            &[("login", login), ("password", password), ("next", "/")],
        )
        .await
    }
}

/// The conformance fixture behind the bundled server's whole app.
pub struct WebApp {
    pub fixture: Fixture,
    pub router: Router,
}

impl WebApp {
    /// The fixture on a fresh memory store.
    pub async fn new() -> Self {
        let fixture = Fixture::build(Arc::new(MemoryStore::new())).await.unwrap();
        let router = stratmon_http::app(fixture.service.clone());
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

    /// A browser logged in as `login`, its one-time password already
    /// changed to [`PASSWORD`] through the password page.
    pub async fn browser(&self, login: &str) -> Browser {
        let mut browser = Browser::new(self.router.clone());
        let otp = self.one_time_password(login);
        let answer = browser.log_in(login, &otp).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text());
        assert_eq!(answer.location(), Some("/password"));
        let form = browser.get("/password").await;
        form.expect(200);
        let changed = browser
            .submit(
                &form,
                "/password",
                &[("current", &otp), ("new", PASSWORD), ("repeat", PASSWORD)],
            )
            .await;
        assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.text());
        browser
    }
}

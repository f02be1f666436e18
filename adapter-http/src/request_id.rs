//! Request ids and the request log.
//!
//! Every request gets an id: the client's own `X-Request-Id` when it is
//! short and plain, otherwise a new one. The id goes back in the answer's
//! `X-Request-Id`, in every problem body as `request_id`, and in every log
//! line of the request, so that a user's report of a failure leads to the
//! server's log. The log records method, route, status, time taken and the
//! user's login — never headers, bodies, passwords or tokens.

use std::hash::{BuildHasher, RandomState};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

/// The header carrying the id both ways.
pub const REQUEST_ID: &str = "x-request-id";

/// Longest client-chosen id accepted.
const MAX_CLIENT_ID: usize = 64;

tokio::task_local! {
    static CURRENT: String;
}

/// The id of the request being served on this task, if any.
pub fn current() -> Option<String> {
    CURRENT.try_with(Clone::clone).ok()
}

/// A new id: a per-process random prefix and a counter, unique across
/// restarts without a random number per request.
fn fresh() -> String {
    static PREFIX: OnceLock<u32> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(1);
    let prefix = PREFIX.get_or_init(|| {
        let random = RandomState::new().hash_one(std::process::id());
        u32::try_from(random >> 32).unwrap_or_default()
    });
    format!(
        "{prefix:08x}-{:06x}",
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// The client's id if it is plain enough to log and echo safely.
fn from_client(value: Option<&HeaderValue>) -> Option<String> {
    let text = value?.to_str().ok()?;
    let plain = !text.is_empty()
        && text.len() <= MAX_CLIENT_ID
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    plain.then(|| text.to_owned())
}

/// Middleware: assigns the id, serves the request inside its span and task
/// scope, answers with the id and logs the outcome.
pub async fn layer(request: Request, next: Next) -> Response {
    let id = from_client(request.headers().get(REQUEST_ID)).unwrap_or_else(fresh);
    let route = request.extensions().get::<MatchedPath>().map_or_else(
        || request.uri().path().to_owned(),
        |p| p.as_str().to_owned(),
    );
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        method = %request.method(),
        route = %route,
        user = tracing::field::Empty,
    );
    let started = Instant::now();
    let mut response = CURRENT
        .scope(id.clone(), next.run(request).instrument(span.clone()))
        .await;
    let status = response.status().as_u16();
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    span.in_scope(|| {
        if status >= 500 {
            tracing::error!(status, millis, "answered");
        } else {
            tracing::info!(status, millis, "answered");
        }
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    response
}

/// Records the authenticated user's login on the request's span.
pub fn record_user(login: &str) {
    tracing::Span::current().record("user", tracing::field::display(login));
}

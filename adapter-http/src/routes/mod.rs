//! The routes under `/api/v1`, one module per area.

pub mod access;
pub mod annual;
pub mod audit;
pub mod auth;
pub mod calendar;
pub mod delegations;
pub mod events;
pub mod inbox;
pub mod indicators;
pub mod participants;
pub mod plan;
pub mod reports;
pub mod strategy;
pub mod summary;

use axum::Router;
use axum::http::{HeaderMap, HeaderValue, header};
use stratmon_core::Service;

use crate::error::ApiError;

/// Every `/api/v1` route that needs the service.
pub fn api() -> Router<Service> {
    Router::new()
        .merge(auth::routes())
        .merge(events::routes())
        .merge(reports::routes())
        .merge(inbox::routes())
        .merge(audit::routes())
        .merge(annual::routes())
        .merge(participants::routes())
        .merge(strategy::routes())
        .merge(indicators::routes())
        .merge(calendar::routes())
        .merge(access::routes())
        .merge(delegations::routes())
        .merge(summary::routes())
        .merge(plan::routes())
}

/// `ETag: "<version>"`.
pub(crate) fn etag(version: u64) -> [(header::HeaderName, HeaderValue); 1] {
    let value = HeaderValue::from_str(&format!("\"{version}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("\"0\""));
    [(header::ETAG, value)]
}

/// The version named in `If-Match` (`"3"`, `W/"3"` or `3`), `None` if absent.
pub(crate) fn if_match(headers: &HeaderMap) -> Result<Option<u64>, ApiError> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return Ok(None);
    };
    let bad = || {
        ApiError::bad_request(
            "malformed_if_match",
            "`If-Match` must name one version as an entity tag, e.g. `\"3\"`",
        )
    };
    let text = value.to_str().map_err(|_| bad())?.trim();
    let text = text.strip_prefix("W/").unwrap_or(text);
    let text = text
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(text);
    text.parse().map(Some).map_err(|_| bad())
}

/// The version named in `If-Match`; 428 if absent.
pub(crate) fn required_if_match(headers: &HeaderMap) -> Result<u64, ApiError> {
    if_match(headers)?.ok_or_else(ApiError::precondition_required)
}

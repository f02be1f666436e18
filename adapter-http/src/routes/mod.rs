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

/// The body of `return` and `reopen`.
#[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentBody {
    /// Why the report or plan goes back (shown to the Planner) or is reopened.
    pub comment: String,
}

/// `POST` firing `action` on the object at path `P` (a report or an annual
/// plan): `If-Match` is required, `return` and `reopen` read
/// `{"comment": …}`, and `fire` makes the one core call with the version.
pub(crate) fn transition_route<P, F, Fut>(
    action: stratmon_core::report::Action,
    fire: F,
) -> axum::routing::MethodRouter<Service>
where
    P: serde::de::DeserializeOwned + Send + 'static,
    F: Fn(Service, stratmon_core::Actor, P, u64, Option<String>) -> Fut
        + Clone
        + Send
        + Sync
        + 'static,
    Fut: std::future::Future<Output = Result<axum::response::Response, ApiError>> + Send,
{
    use axum::extract::State;
    use axum::routing::post;

    use crate::auth::Authenticated;
    use crate::error::{Json, Path};

    if action.needs_comment() {
        post(
            move |State(service): State<Service>,
                  Authenticated(actor): Authenticated,
                  Path(path): Path<P>,
                  headers: HeaderMap,
                  Json(body): Json<CommentBody>| async move {
                let version = required_if_match(&headers)?;
                fire(service, actor, path, version, Some(body.comment)).await
            },
        )
    } else {
        post(
            move |State(service): State<Service>,
                  Authenticated(actor): Authenticated,
                  Path(path): Path<P>,
                  headers: HeaderMap| async move {
                let version = required_if_match(&headers)?;
                fire(service, actor, path, version, None).await
            },
        )
    }
}

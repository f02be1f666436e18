//! Errors as `application/problem+json` (RFC 9457) with a stable machine code.
//!
//! Every answer that is not a success goes through [`ApiError`]. The table in
//! [`ApiError::from`] maps each core [`ErrorKind`] to a status and a code; the
//! codes are part of the API contract and do not change:
//!
//! | core kind            | status | code                  |
//! |----------------------|--------|-----------------------|
//! | `NotFound`           | 404    | `not_found`           |
//! | `PermissionDenied`   | 403    | `permission_denied`   |
//! | `Conflict`           | 409    | `conflict`            |
//! | `Conflict` on an `If-Match` | 412 | `stale_version`   |
//! | `Validation`         | 422    | `validation`          |
//! | `WindowClosed`       | 422    | `window_closed`       |
//! | `InvalidTransition`  | 409    | `invalid_transition`  |
//! | `Auth`               | 401    | `unauthorized`        |
//! | `Storage`            | 500    | `internal`            |
//!
//! `WindowClosed` is 422: the request is well formed and names the current
//! version, but a rule (the submission calendar) forbids it now; retrying the
//! same request later may succeed, reloading will not help. Errors raised by the
//! adapter itself: 400 `malformed_json` / `bad_request` / `malformed_if_match`,
//! 404 `route_not_found`, 405 `method_not_allowed`, 413 `body_too_large`,
//! 415 `unsupported_media_type`, 422 `invalid_body`, 428 `precondition_required`.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use schemars::JsonSchema;
use serde::Serialize;
use serde::de::DeserializeOwned;
use stratmon_core::{Error, ErrorKind, Problem};

/// The media type of every error answer.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An error answer: status, stable code, human detail and, for validation
/// errors, the problems with field paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable machine code (`not_found`, `validation`, …).
    pub code: &'static str,
    /// Short, fixed summary of the code.
    pub title: &'static str,
    /// What happened in this case; never internals.
    pub detail: String,
    /// Field problems (validation errors only).
    pub problems: Vec<Problem>,
}

/// The JSON body of an error answer.
///
/// Public for the OpenAPI document, which describes it from this type.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ProblemDetails {
    /// `urn:stratmon:problem:<code>`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Short, fixed summary of the code.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What happened in this case.
    pub detail: String,
    /// Stable machine code.
    pub code: String,
    /// Field problems, for validation errors.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
    /// The request's id, as in `X-Request-Id` and the server's log.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

impl ApiError {
    /// An error with `status`, `code`, `title` and `detail`.
    pub fn new(
        status: StatusCode,
        code: &'static str,
        title: &'static str,
        detail: impl Into<String>,
    ) -> Self {
        Self {
            status,
            code,
            title,
            detail: detail.into(),
            problems: Vec::new(),
        }
    }

    /// 401: no or an unusable bearer token.
    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Authentication required",
            detail,
        )
    }

    /// 400: the request cannot be read.
    pub fn bad_request(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, "Bad request", detail)
    }

    /// 422 `invalid_body`: the body parses but its shape is not one the route
    /// accepts (e.g. two alternatives sent at once).
    pub fn invalid_body(detail: impl Into<String>) -> Self {
        let detail = detail.into();
        Self {
            problems: vec![Problem::error("body", detail.clone())],
            ..Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_body",
                "Invalid body",
                detail,
            )
        }
    }

    /// 428: a transition was sent without `If-Match`.
    pub fn precondition_required() -> Self {
        Self::new(
            StatusCode::PRECONDITION_REQUIRED,
            "precondition_required",
            "Precondition required",
            "send the version you acted on in `If-Match` (the `ETag` of the last read)",
        )
    }

    /// 404 for a path no route serves.
    pub fn route_not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "route_not_found",
            "Not found",
            "no such route",
        )
    }

    /// 405 for a known path with another method.
    pub fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "Method not allowed",
            "this route does not serve this method",
        )
    }

    /// Maps a core error of a save whose `If-Match` was optional: a conflict
    /// on a named version is 412, one without a name (a draft already
    /// exists) stays the plain 409.
    pub fn from_optionally_versioned(named: Option<u64>) -> impl FnOnce(Error) -> Self {
        move |error| match named {
            Some(_) => Self::from_versioned(error),
            None => error.into(),
        }
    }

    /// Maps a core error met while acting on the version named in `If-Match`:
    /// a `Conflict` then means the object moved on (412 `stale_version`),
    /// every other kind maps as usual.
    pub fn from_versioned(error: Error) -> Self {
        if error.kind() == ErrorKind::Conflict {
            let mut e = Self::new(
                StatusCode::PRECONDITION_FAILED,
                "stale_version",
                "Stale version",
                "",
            );
            e.detail = error.to_string();
            e
        } else {
            error.into()
        }
    }
}

impl From<Error> for ApiError {
    fn from(error: Error) -> Self {
        let kind = error.kind();
        let (status, code, title) = match kind {
            ErrorKind::NotFound => (StatusCode::NOT_FOUND, "not_found", "Not found"),
            ErrorKind::PermissionDenied => (
                StatusCode::FORBIDDEN,
                "permission_denied",
                "Permission denied",
            ),
            ErrorKind::Conflict => (StatusCode::CONFLICT, "conflict", "Conflict"),
            ErrorKind::Validation => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation",
                "Invalid input",
            ),
            ErrorKind::WindowClosed => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "window_closed",
                "Submission window closed",
            ),
            ErrorKind::InvalidTransition => (
                StatusCode::CONFLICT,
                "invalid_transition",
                "Invalid transition",
            ),
            ErrorKind::Auth => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Authentication required",
            ),
            ErrorKind::Throttled => (
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_attempts",
                "Too many failed attempts",
            ),
            ErrorKind::PasswordChangeRequired => (
                StatusCode::FORBIDDEN,
                "password_change_required",
                "Password change required",
            ),
            // Storage and any kind added later: internal, logged, not shown.
            _ => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Internal error",
            ),
        };
        let detail = if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!(error = %error, "internal error");
            "the server could not complete the request; it has been logged".to_owned()
        } else {
            error.to_string()
        };
        Self {
            status,
            code,
            title,
            detail,
            problems: error.problems().to_vec(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        // The code only: a detail may echo the body (serde quotes the
        // offending value), and a body may hold a password.
        if self.status.is_client_error() {
            tracing::info!(code = self.code, "refused");
        }
        let body = ProblemDetails {
            kind: format!("urn:stratmon:problem:{}", self.code),
            title: self.title.to_owned(),
            status: self.status.as_u16(),
            detail: self.detail,
            code: self.code.to_owned(),
            problems: self.problems,
            request_id: crate::request_id::current(),
        };
        let bytes = serde_json::to_vec(&body).unwrap_or_else(|_| b"{}".to_vec());
        let mut response = (self.status, bytes).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        response
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        let detail = rejection.body_text();
        match rejection {
            JsonRejection::JsonDataError(_) => {
                // serde names the path before the colon: `progress: invalid type …`.
                let field = detail
                    .split_once(": ")
                    .and_then(|(_, rest)| rest.split_once(": "))
                    .map_or("body", |(path, _)| path)
                    .to_owned();
                Self {
                    problems: vec![Problem::error(field, detail.clone())],
                    ..Self::new(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "invalid_body",
                        "Invalid body",
                        detail,
                    )
                }
            }
            JsonRejection::JsonSyntaxError(_) => Self::bad_request("malformed_json", detail),
            JsonRejection::MissingJsonContentType(_) => Self::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "Unsupported media type",
                "send the body as `application/json`",
            ),
            other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => Self::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                "Body too large",
                other.body_text(),
            ),
            other => Self::bad_request("bad_request", other.body_text()),
        }
    }
}

/// A JSON body extractor whose rejections are problem+json.
///
/// Only extracts; answers are written with [`axum::Json`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<S, T> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let axum::Json(value) = axum::Json::<T>::from_request(req, state).await?;
        Ok(Self(value))
    }
}

/// A query-string extractor whose rejections are problem+json (400 `bad_query`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

impl<S, T> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let axum::extract::Query(value) =
            axum::extract::Query::<T>::from_request_parts(parts, state)
                .await
                .map_err(|e: QueryRejection| {
                    Self::Rejection::bad_request("bad_query", e.body_text())
                })?;
        Ok(Self(value))
    }
}

/// A path-parameter extractor whose rejections are problem+json (400 `bad_path`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Path<T>(pub T);

impl<S, T> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let axum::extract::Path(value) = axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map_err(|e| Self::Rejection::bad_request("bad_path", e.body_text()))?;
        Ok(Self(value))
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        reason = "tests fail loudly"
    )]

    use super::*;

    fn mapped(error: Error) -> (u16, &'static str) {
        let e = ApiError::from(error);
        (e.status.as_u16(), e.code)
    }

    #[test]
    fn every_core_kind_maps_to_its_status_and_stable_code() {
        assert_eq!(mapped(Error::not_found("event", "1")), (404, "not_found"));
        assert_eq!(mapped(Error::denied("no")), (403, "permission_denied"));
        assert_eq!(mapped(Error::conflict("x")), (409, "conflict"));
        assert_eq!(mapped(Error::invalid("f", "bad")), (422, "validation"));
        assert_eq!(
            mapped(Error::WindowClosed { reason: "x".into() }),
            (422, "window_closed")
        );
        assert_eq!(
            mapped(Error::InvalidTransition {
                action: "approve",
                state: "draft"
            }),
            (409, "invalid_transition")
        );
        assert_eq!(
            mapped(Error::Auth { reason: "x".into() }),
            (401, "unauthorized")
        );
        assert_eq!(
            mapped(Error::Throttled { reason: "x".into() }),
            (429, "too_many_attempts")
        );
        assert_eq!(
            mapped(Error::PasswordChangeRequired),
            (403, "password_change_required")
        );
        assert_eq!(mapped(Error::storage("sqlite", "disk")), (500, "internal"));
    }

    #[test]
    fn a_conflict_on_an_if_match_version_is_412_stale_version() {
        let e = ApiError::from_versioned(Error::conflict("at version 3, not 2"));
        assert_eq!((e.status.as_u16(), e.code), (412, "stale_version"));
        let other = ApiError::from_versioned(Error::denied("no"));
        assert_eq!(other.code, "permission_denied");
    }

    #[test]
    fn a_storage_error_does_not_show_its_message() {
        let e = ApiError::from(Error::storage("sqlite", "secret path /var/lib/x.db"));
        assert!(!e.detail.contains("secret"), "{}", e.detail);
        assert!(!e.detail.contains("sqlite"), "{}", e.detail);
    }

    #[test]
    fn validation_problems_travel_with_their_fields() {
        let e = ApiError::from(Error::invalid("progress", "is required"));
        assert_eq!(e.problems.len(), 1);
        assert_eq!(e.problems[0].field, "progress");
    }
}

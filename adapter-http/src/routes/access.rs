//! Access requests filed on paper and carried out by the Admin —
//! `registration-requests` (Appendix 1), `revocation-requests` (Appendix 2),
//! `role-change-requests` — and the `users` they create.
//!
//! The three request kinds share one shape; each kind has its own path so a
//! client cannot approve a revocation through the registration queue by
//! mistake (an id of another kind is 404 there).

use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Router, extract::State};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use stratmon_core::Service;
use stratmon_core::model::{ParticipantId, User, UserId};
use stratmon_core::requests::{AccessRequest, PersonEntry, RequestKind};
use stratmon_core::service::{Approval, NewRequest};
use stratmon_core::{Actor, Error};

use super::{etag, required_if_match};
use crate::auth::Authenticated;
use crate::error::{ApiError, Json, Path, Query};

/// The path segment of each request kind.
pub const REQUEST_PATHS: [(RequestKind, &str); 3] = [
    (RequestKind::Registration, "registration-requests"),
    (RequestKind::Revocation, "revocation-requests"),
    (RequestKind::RoleChange, "role-change-requests"),
];

/// The routes of this module.
pub fn routes() -> Router<Service> {
    let mut router = Router::new()
        .route("/users", get(users))
        .route("/users/{login}", get(user))
        .route("/users/{login}/unlock", post(unlock));
    for (kind, path) in REQUEST_PATHS {
        router = router
            .route(
                &format!("/{path}"),
                get(move |s, a, q| list_requests(s, a, q, kind))
                    .post(move |s, a, b| file_request(s, a, b, kind)),
            )
            .route(
                &format!("/{path}/{{id}}"),
                get(move |s, a, p| one_request(s, a, p, kind)),
            )
            .route(
                &format!("/{path}/{{id}}/approve"),
                post(move |s, a, p, h| approve(s, a, p, h, kind)),
            )
            .route(
                &format!("/{path}/{{id}}/reject"),
                post(move |s, a, p, h, b| reject(s, a, p, h, b, kind)),
            );
    }
    router
}

/// The query of `GET …-requests`.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RequestQuery {
    /// Only those still waiting for a decision.
    pub pending: bool,
    /// Only those waiting past their due date.
    pub overdue: bool,
}

/// The body of `POST …-requests`: the paper form as the Admin received it.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAccessRequest {
    /// The participant the people work for.
    pub participant: String,
    /// ФИО of the head who signed it.
    pub signed_by: String,
    /// Why (revocation and role change; may be empty for registration).
    #[serde(default)]
    pub reason: String,
    /// The people concerned.
    pub people: Vec<PersonEntry>,
    /// When it was received, if earlier than now.
    #[serde(default)]
    pub received_at: Option<DateTime<Utc>>,
}

/// The body of `POST …-requests/{id}/reject`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rejection {
    /// Why, one reason per entry.
    pub reasons: Vec<String>,
}

async fn list_requests(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Query(query): Query<RequestQuery>,
    kind: RequestKind,
) -> Result<axum::Json<Vec<AccessRequest>>, ApiError> {
    let requests = if query.overdue {
        service.overdue_requests(&actor).await?
    } else {
        service.list_requests(&actor, query.pending).await?
    };
    Ok(axum::Json(
        requests.into_iter().filter(|r| r.kind == kind).collect(),
    ))
}

/// The request `id` if it is of `kind`; another kind is not found here.
async fn request_of_kind(
    service: &Service,
    actor: &Actor,
    id: &str,
    kind: RequestKind,
) -> Result<AccessRequest, ApiError> {
    service
        .list_requests(actor, false)
        .await?
        .into_iter()
        .find(|r| r.id == id && r.kind == kind)
        .ok_or_else(|| Error::not_found("request", id).into())
}

async fn one_request(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Path(id): Path<String>,
    kind: RequestKind,
) -> Result<impl axum::response::IntoResponse, ApiError> {
    let request = request_of_kind(&service, &actor, &id, kind).await?;
    Ok((etag(request.version), axum::Json(request)))
}

async fn file_request(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Json(body): Json<NewAccessRequest>,
    kind: RequestKind,
) -> Result<(StatusCode, axum::Json<AccessRequest>), ApiError> {
    let request = service
        .file_request(
            &actor,
            NewRequest {
                kind,
                participant: ParticipantId::new(body.participant)?,
                signed_by: body.signed_by,
                reason: body.reason,
                people: body.people,
                received_at: body.received_at,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, axum::Json(request)))
}

/// Approves; for a registration the answer lists the users created with
/// their one-time passwords, shown this once for the Admin to hand over.
async fn approve(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Path(id): Path<String>,
    headers: HeaderMap,
    kind: RequestKind,
) -> Result<axum::Json<Approval>, ApiError> {
    let version = required_if_match(&headers)?;
    request_of_kind(&service, &actor, &id, kind).await?;
    let approval = service
        .approve_request(&actor, &id, version)
        .await
        .map_err(ApiError::from_versioned)?;
    Ok(axum::Json(approval))
}

async fn reject(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<Rejection>,
    kind: RequestKind,
) -> Result<axum::Json<AccessRequest>, ApiError> {
    let version = required_if_match(&headers)?;
    request_of_kind(&service, &actor, &id, kind).await?;
    let refused = service
        .refuse_request(&actor, &id, version, body.reasons)
        .await
        .map_err(ApiError::from_versioned)?;
    Ok(axum::Json(refused))
}

async fn users(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
) -> Result<axum::Json<Vec<User>>, ApiError> {
    Ok(axum::Json(service.list_users(&actor).await?))
}

async fn user(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Path(login): Path<String>,
) -> Result<impl axum::response::IntoResponse, ApiError> {
    let user = service.get_user(&actor, &UserId::new(login)?).await?;
    Ok((etag(user.version), axum::Json(user)))
}

/// Lifts the lock after too many failed logins (Admin).
async fn unlock(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Path(login): Path<String>,
) -> Result<StatusCode, ApiError> {
    service.unlock_login(&actor, &UserId::new(login)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

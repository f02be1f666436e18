//! `registration-requests` (filed on paper, carried out by the Admin) and
//! `users`.

use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Router, extract::State};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use stratmon_core::Service;
use stratmon_core::model::{ParticipantId, User};
use stratmon_core::requests::{AccessRequest, PersonEntry, RequestKind};
use stratmon_core::service::{Approval, NewRequest};

use super::required_if_match;
use crate::auth::Authenticated;
use crate::error::{ApiError, Json, Path, Query};

/// The routes of this module.
pub fn routes() -> Router<Service> {
    Router::new()
        .route(
            "/registration-requests",
            get(list_requests).post(file_request),
        )
        .route("/registration-requests/{id}/approve", post(approve))
        .route("/registration-requests/{id}/reject", post(reject))
        .route("/users", get(users))
}

/// The query of `GET registration-requests`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RequestQuery {
    /// Only those still waiting for a decision.
    pub pending: bool,
}

/// The body of `POST registration-requests`: Appendix 1 of the regulation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewRegistration {
    /// The participant the people work for.
    pub participant: String,
    /// ФИО of the head who signed it.
    pub signed_by: String,
    /// The people to register.
    pub people: Vec<PersonEntry>,
    /// When it was received, if earlier than now.
    #[serde(default)]
    pub received_at: Option<DateTime<Utc>>,
}

/// The body of `POST registration-requests/{id}/reject`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rejection {
    /// Why, one reason per entry.
    pub reasons: Vec<String>,
}

async fn list_requests(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Query(query): Query<RequestQuery>,
) -> Result<axum::Json<Vec<AccessRequest>>, ApiError> {
    let requests = service
        .list_requests(&actor, query.pending)
        .await?
        .into_iter()
        .filter(|r| r.kind == RequestKind::Registration)
        .collect();
    Ok(axum::Json(requests))
}

async fn file_request(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Json(body): Json<NewRegistration>,
) -> Result<(StatusCode, axum::Json<AccessRequest>), ApiError> {
    let request = service
        .file_request(
            &actor,
            NewRequest {
                kind: RequestKind::Registration,
                participant: ParticipantId::new(body.participant)?,
                signed_by: body.signed_by,
                reason: String::new(),
                people: body.people,
                received_at: body.received_at,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, axum::Json(request)))
}

/// Approves; the answer lists the users created with their one-time
/// passwords, shown this once for the Admin to hand over.
async fn approve(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<axum::Json<Approval>, ApiError> {
    let version = required_if_match(&headers)?;
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
) -> Result<axum::Json<AccessRequest>, ApiError> {
    let version = required_if_match(&headers)?;
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

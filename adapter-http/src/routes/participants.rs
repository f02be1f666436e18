//! `participants`, one participant, and its settings.

use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Router, extract::State};
use serde::Deserialize;
use stratmon_core::Service;
use stratmon_core::model::{Participant, ParticipantId, ParticipantKind, ParticipantSettings};

use super::{etag, required_if_match};
use crate::auth::Authenticated;
use crate::error::{ApiError, Json, Path};

/// The routes of this module.
pub fn routes() -> Router<Service> {
    Router::new()
        .route("/participants", get(list).post(create))
        .route("/participants/{id}", get(one))
        .route(
            "/participants/{id}/settings",
            get(settings).patch(update_settings),
        )
}

/// The body of `POST participants`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewParticipant {
    /// The identifier, e.g. `minstroy`.
    pub id: String,
    /// The full official name.
    pub name: String,
    /// `executive_body`, `municipality` or `organisation`.
    pub kind: ParticipantKind,
    /// Settings; the defaults when absent.
    #[serde(default)]
    pub settings: ParticipantSettings,
}

async fn list(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
) -> Result<axum::Json<Vec<Participant>>, ApiError> {
    Ok(axum::Json(service.list_participants(&actor).await?))
}

async fn create(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Json(body): Json<NewParticipant>,
) -> Result<impl IntoResponse, ApiError> {
    let created = service
        .create_participant(
            &actor,
            ParticipantId::new(body.id)?,
            &body.name,
            body.kind,
            body.settings,
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        etag(created.version),
        axum::Json(created),
    ))
}

async fn one(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let participant = service
        .get_participant(&actor, &ParticipantId::new(id)?)
        .await?;
    Ok((etag(participant.version), axum::Json(participant)))
}

/// The settings, with the participant's version as the `ETag` to name when
/// changing them.
async fn settings(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let participant = service
        .get_participant(&actor, &ParticipantId::new(id)?)
        .await?;
    Ok((etag(participant.version), axum::Json(participant.settings)))
}

/// Replaces the settings (Coordinator); `If-Match` names the participant's
/// version.
async fn update_settings(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(settings): Json<ParticipantSettings>,
) -> Result<impl IntoResponse, ApiError> {
    let version = required_if_match(&headers)?;
    let participant = service
        .update_participant_settings(&actor, &ParticipantId::new(id)?, version, settings)
        .await
        .map_err(ApiError::from_versioned)?;
    Ok((etag(participant.version), axum::Json(participant.settings)))
}

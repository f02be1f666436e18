//! `events`, `events/{id}` (the card) and `events/{id}/status`.
//!
//! The Coordinator adds events and amends their plan fields; the responsible
//! participant's Planner fills the card. Both change the event through
//! `PATCH events/{id}` naming its version in `If-Match`, each with its own
//! part of the body.

use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Router, extract::State};
use serde::Deserialize;
use stratmon_core::Service;
use stratmon_core::model::{Event, EventCard, EventId, PlanFields};
use stratmon_core::service::EventFilter;
use stratmon_core::status::EventStatusReport;

use super::{etag, required_if_match};
use crate::auth::Authenticated;
use crate::error::{ApiError, Json, Path, Query};

/// The routes of this module.
pub fn routes() -> Router<Service> {
    Router::new()
        .route("/events", get(list).post(create))
        .route("/events/{id}", get(card).patch(change))
        .route("/events/{id}/status", get(status))
}

/// Parses an event id from the path (the core checks its form).
pub(crate) fn event_id(id: &str) -> Result<EventId, ApiError> {
    Ok(EventId::new(id)?)
}

/// The body of `POST events`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEvent {
    /// The code, e.g. `1.2.3`.
    pub id: String,
    /// The plan fields, as the plan or its amending act states them.
    pub plan: PlanFields,
}

/// The body of `PATCH events/{id}`: exactly one of the two parts, replacing
/// it as a whole.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventChange {
    /// New plan fields (Coordinator), under an amending act.
    #[serde(default)]
    pub plan: Option<PlanFields>,
    /// The new card (Planner of the responsible executor).
    #[serde(default)]
    pub card: Option<EventCard>,
}

async fn list(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Query(filter): Query<EventFilter>,
) -> Result<axum::Json<Vec<Event>>, ApiError> {
    Ok(axum::Json(service.list_events(&actor, &filter).await?))
}

async fn create(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Json(body): Json<NewEvent>,
) -> Result<impl IntoResponse, ApiError> {
    let event = service
        .create_event(&actor, event_id(&body.id)?, body.plan)
        .await?;
    Ok((StatusCode::CREATED, etag(event.version), axum::Json(event)))
}

async fn card(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let event = service.get_event(&actor, &event_id(&id)?).await?;
    Ok((etag(event.version), axum::Json(event)))
}

async fn change(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<EventChange>,
) -> Result<impl IntoResponse, ApiError> {
    let id = event_id(&id)?;
    let version = required_if_match(&headers)?;
    let changed = match (body.plan, body.card) {
        (Some(plan), None) => service.amend_event(&actor, &id, version, plan).await,
        (None, Some(card)) => service.update_event_card(&actor, &id, version, card).await,
        _ => {
            return Err(ApiError::invalid_body(
                "send exactly one of `plan` (Coordinator) or `card` (Planner)",
            ));
        }
    }
    .map_err(ApiError::from_versioned)?;
    Ok((etag(changed.version), axum::Json(changed)))
}

async fn status(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Path(id): Path<String>,
) -> Result<axum::Json<EventStatusReport>, ApiError> {
    Ok(axum::Json(
        service.event_status(&actor, &event_id(&id)?).await?,
    ))
}

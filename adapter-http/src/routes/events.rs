//! `events`, `events/{id}` (the card) and `events/{id}/status`.

use axum::routing::get;
use axum::{Router, extract::State};
use stratmon_core::Service;
use stratmon_core::model::{Event, EventId};
use stratmon_core::service::EventFilter;
use stratmon_core::status::EventStatusReport;

use crate::auth::Authenticated;
use crate::error::{ApiError, Path, Query};

/// The routes of this module.
pub fn routes() -> Router<Service> {
    Router::new()
        .route("/events", get(list))
        .route("/events/{id}", get(card))
        .route("/events/{id}/status", get(status))
}

/// Parses an event id from the path (the core checks its form).
pub(crate) fn event_id(id: &str) -> Result<EventId, ApiError> {
    Ok(EventId::new(id)?)
}

async fn list(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Query(filter): Query<EventFilter>,
) -> Result<axum::Json<Vec<Event>>, ApiError> {
    Ok(axum::Json(service.list_events(&actor, &filter).await?))
}

async fn card(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Path(id): Path<String>,
) -> Result<axum::Json<Event>, ApiError> {
    Ok(axum::Json(
        service.get_event(&actor, &event_id(&id)?).await?,
    ))
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

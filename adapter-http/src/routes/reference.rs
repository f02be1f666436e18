//! Reference data: `participants`, `strategy/directions`, `indicators`.

use axum::http::StatusCode;
use axum::routing::get;
use axum::{Router, extract::State};
use serde::Deserialize;
use stratmon_core::Service;
use stratmon_core::model::{
    EventId, Indicator, IndicatorId, Participant, ParticipantId, ParticipantKind,
    ParticipantSettings, StrategyNode,
};

use crate::auth::Authenticated;
use crate::error::{ApiError, Json, Path, Query};

/// The routes of this module.
pub fn routes() -> Router<Service> {
    Router::new()
        .route("/participants", get(participants).post(create_participant))
        .route("/strategy/directions", get(strategy).post(create_node))
        .route("/indicators", get(indicators))
        .route("/indicators/{id}", get(indicator))
}

/// The body of `POST participants`.
#[derive(Debug, Deserialize)]
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

async fn participants(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
) -> Result<axum::Json<Vec<Participant>>, ApiError> {
    Ok(axum::Json(service.list_participants(&actor).await?))
}

async fn create_participant(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Json(body): Json<NewParticipant>,
) -> Result<(StatusCode, axum::Json<Participant>), ApiError> {
    let created = service
        .create_participant(
            &actor,
            ParticipantId::new(body.id)?,
            &body.name,
            body.kind,
            body.settings,
        )
        .await?;
    Ok((StatusCode::CREATED, axum::Json(created)))
}

async fn strategy(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
) -> Result<axum::Json<Vec<StrategyNode>>, ApiError> {
    Ok(axum::Json(service.list_strategy(&actor).await?))
}

async fn create_node(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Json(node): Json<StrategyNode>,
) -> Result<(StatusCode, axum::Json<StrategyNode>), ApiError> {
    let created = service.create_strategy_node(&actor, node).await?;
    Ok((StatusCode::CREATED, axum::Json(created)))
}

/// The query of `GET indicators`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IndicatorQuery {
    /// Only indicators linked to this event.
    pub event: Option<String>,
}

async fn indicators(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Query(query): Query<IndicatorQuery>,
) -> Result<axum::Json<Vec<Indicator>>, ApiError> {
    let event = query.event.map(EventId::new).transpose()?;
    Ok(axum::Json(
        service.list_indicators(&actor, event.as_ref()).await?,
    ))
}

async fn indicator(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Path(id): Path<String>,
) -> Result<axum::Json<Indicator>, ApiError> {
    Ok(axum::Json(
        service
            .get_indicator(&actor, &IndicatorId::new(id)?)
            .await?,
    ))
}

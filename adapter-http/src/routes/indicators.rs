//! `indicators` and `indicators/{id}`: target indicators and their plan
//! values, kept by the Coordinator.

use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Router, extract::State};
use serde::Deserialize;
use stratmon_core::Service;
use stratmon_core::model::{EventId, Indicator, IndicatorFields, IndicatorId};

use super::{etag, required_if_match};
use crate::auth::Authenticated;
use crate::error::{ApiError, Json, Path, Query};

/// The routes of this module.
pub fn routes() -> Router<Service> {
    Router::new()
        .route("/indicators", get(list).post(create))
        .route("/indicators/{id}", get(one).patch(update))
}

/// The query of `GET indicators`.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct IndicatorQuery {
    /// Only indicators linked to this event.
    pub event: Option<String>,
}

/// The body of `POST indicators`: the shape `GET indicators/{id}` answers,
/// without the version.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewIndicator {
    /// The code, e.g. `IND-STROY-01`.
    pub id: String,
    /// Definition and plan values.
    pub fields: IndicatorFields,
}

/// The body of `PATCH indicators/{id}`: the new definition as a whole.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorChange {
    /// Definition and plan values, replacing the current ones.
    pub fields: IndicatorFields,
}

async fn list(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Query(query): Query<IndicatorQuery>,
) -> Result<axum::Json<Vec<Indicator>>, ApiError> {
    let event = query.event.map(EventId::new).transpose()?;
    Ok(axum::Json(
        service.list_indicators(&actor, event.as_ref()).await?,
    ))
}

async fn create(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Json(body): Json<NewIndicator>,
) -> Result<impl IntoResponse, ApiError> {
    let created = service
        .create_indicator(&actor, IndicatorId::new(body.id)?, body.fields)
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
    let indicator = service
        .get_indicator(&actor, &IndicatorId::new(id)?)
        .await?;
    Ok((etag(indicator.version), axum::Json(indicator)))
}

async fn update(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<IndicatorChange>,
) -> Result<impl IntoResponse, ApiError> {
    let version = required_if_match(&headers)?;
    let indicator = service
        .update_indicator(&actor, &IndicatorId::new(id)?, version, body.fields)
        .await
        .map_err(ApiError::from_versioned)?;
    Ok((etag(indicator.version), axum::Json(indicator)))
}

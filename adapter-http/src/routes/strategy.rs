//! `strategy/directions`: the strategy tree events serve.

use axum::http::StatusCode;
use axum::routing::get;
use axum::{Router, extract::State};
use stratmon_core::Service;
use stratmon_core::model::StrategyNode;

use crate::auth::Authenticated;
use crate::error::{ApiError, Json};

/// The routes of this module.
pub fn routes() -> Router<Service> {
    Router::new().route("/strategy/directions", get(list).post(create))
}

async fn list(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
) -> Result<axum::Json<Vec<StrategyNode>>, ApiError> {
    Ok(axum::Json(service.list_strategy(&actor).await?))
}

async fn create(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Json(node): Json<StrategyNode>,
) -> Result<(StatusCode, axum::Json<StrategyNode>), ApiError> {
    let created = service.create_strategy_node(&actor, node).await?;
    Ok((StatusCode::CREATED, axum::Json(created)))
}

//! `delegations`: a Head or Analyst names a deputy for a period. The deputy
//! then acts in that role by sending `On-Behalf-Of: <principal's login>`
//! with their own token; the audit log records both.

use axum::http::StatusCode;
use axum::routing::get;
use axum::{Router, extract::State};
use chrono::NaiveDate;
use serde::Deserialize;
use stratmon_core::Service;
use stratmon_core::access::Delegation;
use stratmon_core::model::{Role, UserId};

use crate::auth::Authenticated;
use crate::error::{ApiError, Json};

/// The routes of this module.
pub fn routes() -> Router<Service> {
    Router::new().route("/delegations", get(list).post(create))
}

/// The body of `POST delegations`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDelegation {
    /// The deputy's login (same participant).
    pub deputy: String,
    /// `head` or `analyst`: a role the principal holds.
    pub role: Role,
    /// First day in force.
    pub from: NaiveDate,
    /// Last day in force.
    pub to: NaiveDate,
}

async fn list(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
) -> Result<axum::Json<Vec<Delegation>>, ApiError> {
    Ok(axum::Json(service.list_delegations(&actor).await?))
}

async fn create(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Json(body): Json<NewDelegation>,
) -> Result<(StatusCode, axum::Json<Delegation>), ApiError> {
    let delegation = service
        .create_delegation(
            &actor,
            &UserId::new(body.deputy)?,
            body.role,
            body.from,
            body.to,
        )
        .await?;
    Ok((StatusCode::CREATED, axum::Json(delegation)))
}

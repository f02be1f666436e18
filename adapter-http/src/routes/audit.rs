//! `audit` (filtered, newest first) and `audit/verify`.

use axum::routing::get;
use axum::{Router, extract::State};
use stratmon_core::Service;
use stratmon_core::audit::{AuditEntry, AuditQuery};
use stratmon_core::service::AuditVerdict;

use crate::auth::Authenticated;
use crate::error::{ApiError, Query};

/// The routes of this module.
pub fn routes() -> Router<Service> {
    Router::new()
        .route("/audit", get(list))
        .route("/audit/verify", get(verify))
}

async fn list(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Query(query): Query<AuditQuery>,
) -> Result<axum::Json<Vec<AuditEntry>>, ApiError> {
    Ok(axum::Json(service.audit(&actor, &query).await?))
}

async fn verify(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
) -> Result<axum::Json<AuditVerdict>, ApiError> {
    Ok(axum::Json(service.verify_audit(&actor).await?))
}

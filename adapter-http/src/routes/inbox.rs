//! `inbox`: what waits for the user.

use axum::routing::get;
use axum::{Router, extract::State};
use stratmon_core::Service;
use stratmon_core::status::InboxItem;

use crate::auth::Authenticated;
use crate::error::ApiError;

/// The routes of this module.
pub fn routes() -> Router<Service> {
    Router::new().route("/inbox", get(inbox))
}

async fn inbox(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
) -> Result<axum::Json<Vec<InboxItem>>, ApiError> {
    Ok(axum::Json(service.inbox(&actor).await?))
}

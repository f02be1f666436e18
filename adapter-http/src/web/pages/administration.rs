//! The Admin's pages: registration, revocation and role-change requests,
//! the users, and the audit log (which the Coordinator reads too).

mod audit;
mod requests;
mod users;

use axum::Router;
use axum::routing::{get, post};
use stratmon_core::Service;

/// The routes of this area.
pub fn routes() -> Router<Service> {
    Router::new()
        .route("/requests", get(requests::list))
        .route("/requests/{id}", get(requests::show))
        .route("/requests/{id}/approve", post(requests::approve))
        .route("/requests/{id}/refuse", post(requests::refuse))
        .route("/users", get(users::list))
        .route("/users/{login}", get(users::show))
        .route("/users/{login}/unlock", post(users::unlock))
        .route("/audit", get(audit::list))
        .route("/audit/verify", post(audit::verify))
}

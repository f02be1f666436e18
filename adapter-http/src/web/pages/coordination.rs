//! Pages of this area (being written).

use axum::Router;
use stratmon_core::Service;

/// The routes of this area.
pub fn routes() -> Router<Service> {
    Router::new()
}

#![doc = include_str!("../README.md")]

pub mod auth;
pub mod demo;
pub mod error;
pub mod openapi;
pub mod request_id;
pub mod routes;
pub mod server;
pub mod web;

use axum::Router;
use axum::routing::get;
use stratmon_core::Service;

pub use error::ApiError;
pub use server::serve;

/// The whole HTTP API over `service`: `GET /healthz`, `GET /api/v1/openapi.json`
/// and the `/api/v1` routes listed in [`openapi::ROUTES`].
///
/// Serve it with `into_make_service_with_connect_info::<SocketAddr>()` so the
/// audit log records client addresses; without it they are recorded as absent.
pub fn router(service: Service) -> Router {
    api_routes()
        .fallback(route_not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn(request_id::layer))
        .with_state(service)
}

/// What the bundled server serves: the API of [`router`] and the web
/// interface of [`web::pages`] at the root, for people in a browser.
/// Unknown paths outside `/api/v1` get the web interface's HTML 404.
pub fn app(service: Service) -> Router {
    api_routes()
        .merge(web::pages())
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn(request_id::layer))
        .with_state(service)
}

fn api_routes() -> Router<Service> {
    let api = routes::api()
        .route("/openapi.json", get(openapi_json))
        .fallback(route_not_found)
        .method_not_allowed_fallback(method_not_allowed);
    Router::new()
        .route("/healthz", get(healthz))
        .nest("/api/v1", api)
}

/// The answer of `GET /healthz`.
#[derive(Debug, Clone, Copy, serde::Serialize, schemars::JsonSchema)]
pub struct Health {
    /// Always `ok` while the server answers.
    pub status: &'static str,
}

async fn healthz() -> axum::Json<Health> {
    axum::Json(Health { status: "ok" })
}

async fn openapi_json() -> axum::Json<serde_json::Value> {
    axum::Json(openapi::document())
}

async fn route_not_found() -> ApiError {
    ApiError::route_not_found()
}

async fn method_not_allowed() -> ApiError {
    ApiError::method_not_allowed()
}

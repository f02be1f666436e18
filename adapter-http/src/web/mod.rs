//! The web interface of the bundled server: server-rendered Russian pages for
//! Planners, Analysts, Heads, the Coordinator and the Admin.
//!
//! The pages call the same [`Service`] as the JSON API and decide nothing
//! themselves: who may see or do what, state transitions, windows and
//! validation all come from the core; a page only shows what the core
//! answered. Sessions are the core's sessions carried in an `HttpOnly`,
//! `SameSite=Strict` cookie; every form carries a CSRF token derived from
//! the session; every answer has a strict Content-Security-Policy (no inline
//! script or style), and the one stylesheet and script are compiled into the
//! binary.

mod error;
mod form;
mod layout;
mod pages;
mod security;
mod session;
pub(crate) mod words;

use axum::Router;
use axum::routing::{get, post};
use stratmon_core::Service;

pub use error::PageError;
pub use session::{CSRF_FIELD, SESSION_COOKIE};

/// Every page of the web interface, mounted at the root (`/`, `/login`,
/// `/events`, …) beside the API's `/api/v1`. Unknown paths get an HTML 404.
pub fn pages() -> Router<Service> {
    Router::new()
        .route("/", get(pages::inbox::show))
        .route(
            "/login",
            get(pages::auth::login_form).post(pages::auth::login),
        )
        .route("/logout", post(pages::auth::logout))
        .route(
            "/password",
            get(pages::auth::password_form).post(pages::auth::change_password),
        )
        .route("/events", get(pages::events::list))
        .route("/events/{id}", get(pages::events::card))
        .route(
            "/events/{id}/reports/{year}/{month}",
            get(pages::report::show).post(pages::report::save),
        )
        .route(
            "/events/{id}/reports/{year}/{month}/{action}",
            post(pages::report::act),
        )
        .route(
            "/events/{id}/annual-plans/{year}",
            get(pages::annual::show).post(pages::annual::save),
        )
        .route(
            "/events/{id}/annual-plans/{year}/{action}",
            post(pages::annual::act),
        )
        .route("/queue", get(pages::queue::show).post(pages::queue::bulk))
        .merge(pages::coordination::routes())
        .merge(pages::administration::routes())
        .route("/static/app.css", get(security::stylesheet))
        .route("/static/app.js", get(security::script))
        .route("/static/icon.svg", get(security::icon))
        .route("/favicon.ico", get(security::icon))
        .fallback(error::page_not_found)
        .layer(axum::middleware::from_fn(security::headers))
}

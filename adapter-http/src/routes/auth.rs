//! `auth/login`, `auth/logout`, `auth/password` and `me`.

use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Router, extract::State};
use serde::Deserialize;
use stratmon_core::Service;
use stratmon_core::model::User;
use stratmon_core::service::LoginGrant;

use crate::auth::{Authenticated, Bearer, ClientAddr};
use crate::error::{ApiError, Json};

/// The routes of this module.
pub fn routes() -> Router<Service> {
    Router::new()
        .route("/auth/login", post(login))
        .route("/auth/logout", post(logout))
        .route("/auth/password", post(change_password))
        .route("/me", get(me))
}

/// The body of `POST auth/login`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginBody {
    /// The login.
    pub login: String,
    /// The password; never logged.
    pub password: String,
}

/// The body of `POST auth/password`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordBody {
    /// The current password.
    pub current: String,
    /// The new password.
    pub new: String,
}

async fn login(
    State(service): State<Service>,
    client: ClientAddr,
    Json(body): Json<LoginBody>,
) -> Result<axum::Json<LoginGrant>, ApiError> {
    let grant = service
        .login(&body.login, &body.password, client.as_deref())
        .await?;
    Ok(axum::Json(grant))
}

async fn logout(State(service): State<Service>, bearer: Bearer) -> Result<StatusCode, ApiError> {
    service
        .logout(&bearer.token, bearer.client.as_deref())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn change_password(
    State(service): State<Service>,
    bearer: Bearer,
    Json(body): Json<PasswordBody>,
) -> Result<StatusCode, ApiError> {
    service
        .change_password(
            &bearer.token,
            &body.current,
            &body.new,
            bearer.client.as_deref(),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn me(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
) -> Result<axum::Json<User>, ApiError> {
    Ok(axum::Json(service.current_user(&actor).await?))
}

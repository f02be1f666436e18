//! Bearer tokens in, [`Actor`]s out: the only authentication the adapter does
//! is hand the token to [`Service::authenticate`].

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;
use stratmon_core::auth::SessionToken;
use stratmon_core::model::UserId;
use stratmon_core::{Actor, Service};

use crate::error::ApiError;

/// The client address as the server saw it, if it was served with
/// `into_make_service_with_connect_info::<SocketAddr>()`; `None` otherwise
/// (e.g. in `oneshot` tests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAddr(pub Option<String>);

impl ClientAddr {
    /// The address as the core records it.
    pub fn as_deref(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(addr)| addr.ip().to_string()),
        ))
    }
}

/// The bearer token of a request and where it came from, not yet checked.
/// Used by the routes that work on a session rather than as a user (logout,
/// password change, which must work while a one-time password is pending).
#[derive(Debug, Clone)]
pub struct Bearer {
    /// The token from `Authorization: Bearer …`.
    pub token: SessionToken,
    /// The client address.
    pub client: ClientAddr,
}

impl<S: Send + Sync> FromRequestParts<S> for Bearer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Ok(client) = ClientAddr::from_request_parts(parts, state).await;
        let value = parts
            .headers
            .get(header::AUTHORIZATION)
            .ok_or_else(|| ApiError::unauthorized("send `Authorization: Bearer <token>`"))?;
        let token = value
            .to_str()
            .ok()
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                ApiError::unauthorized("the `Authorization` header is not a bearer token")
            })?;
        Ok(Self {
            token: SessionToken(token.to_owned()),
            client,
        })
    }
}

/// The header a deputy sends to act under a delegation: the login of the
/// Head or Analyst they stand in for. The core checks the delegation.
pub const ON_BEHALF_OF: &str = "on-behalf-of";

/// The authenticated actor of a request: its bearer token checked by
/// [`Service::authenticate`], and the principal named in `On-Behalf-Of`, if
/// any. Missing or refused tokens are 401.
#[derive(Debug, Clone)]
pub struct Authenticated(pub Actor);

impl FromRequestParts<Service> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        service: &Service,
    ) -> Result<Self, Self::Rejection> {
        let bearer = Bearer::from_request_parts(parts, service).await?;
        let mut actor = service
            .authenticate(&bearer.token, bearer.client.as_deref())
            .await?;
        crate::request_id::record_user(actor.user.as_str());
        if let Some(value) = parts.headers.get(ON_BEHALF_OF) {
            let login = value.to_str().map_err(|_| {
                ApiError::bad_request("bad_request", "`On-Behalf-Of` must name a login")
            })?;
            let principal = UserId::new(login.trim()).map_err(|_| {
                ApiError::bad_request("bad_request", "`On-Behalf-Of` must name a login")
            })?;
            actor.on_behalf_of = Some(principal);
        }
        Ok(Self(actor))
    }
}

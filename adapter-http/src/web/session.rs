//! The session cookie and the CSRF token of the web interface.
//!
//! The cookie holds the core's session token as it is: the core checks it,
//! times it out and ends it at logout or revocation, exactly as for a bearer
//! token. The CSRF token of a form is a hash of the session token, so it
//! needs no storage and a page of another site, which cannot read the
//! `HttpOnly` cookie, cannot compute it. Before login there is no session;
//! the login form uses a random token repeated in a short-lived cookie
//! (double submit).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use sha2::{Digest, Sha256};
use stratmon_core::auth::SessionToken;
use stratmon_core::model::{Role, User};
use stratmon_core::{Actor, ErrorKind, Service};

use super::error::PageError;
use crate::auth::ClientAddr;

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "stratmon_session";
/// The name of the cookie holding the login form's CSRF token.
pub const LOGIN_CSRF_COOKIE: &str = "stratmon_login_csrf";
/// The name of the hidden field every form sends its CSRF token in.
pub const CSRF_FIELD: &str = "csrf";

/// The value of cookie `name` in the request, if sent.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

/// Whether the request reached us over TLS (directly or through a proxy
/// that says so), when cookies must be `Secure`.
fn over_tls(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

/// A `Set-Cookie` value for `name`: `HttpOnly`, `SameSite=Strict`, path `/`,
/// `Secure` over TLS; `max_age` 0 deletes it.
pub fn set_cookie(
    headers: &HeaderMap,
    name: &str,
    value: &str,
    max_age: Option<u64>,
) -> HeaderValue {
    let mut cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict");
    if let Some(age) = max_age {
        cookie.push_str(&format!("; Max-Age={age}"));
    }
    if over_tls(headers) {
        cookie.push_str("; Secure");
    }
    HeaderValue::from_str(&cookie)
        .unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"))
}

/// The CSRF token of forms shown within the session `token`.
pub fn csrf_for(token: &SessionToken) -> String {
    let mut hash = Sha256::new();
    hash.update(b"stratmon web form\0");
    hash.update(token.0.as_bytes());
    hex::encode(hash.finalize())
}

/// Compares two tokens in time independent of where they differ.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A signed-in user of the web interface: the actor the core checks, the
/// user record for the page header and menus, and the form token.
#[derive(Debug, Clone)]
pub struct WebUser {
    /// Who acts, for every service call.
    pub actor: Actor,
    /// The user, for names and menus (the core still decides every action).
    pub user: User,
    /// The CSRF token this session's forms carry.
    pub csrf: String,
}

impl WebUser {
    /// Refuses a form whose CSRF token is missing or not this session's.
    pub fn check_csrf(&self, sent: Option<&str>) -> Result<(), PageError> {
        match sent {
            Some(sent) if same_token(sent, &self.csrf) => Ok(()),
            _ => Err(PageError::csrf()),
        }
    }

    /// Whether the user holds `role`, for showing menus only.
    pub fn has(&self, role: Role) -> bool {
        self.user.roles.contains(&role)
    }
}

impl FromRequestParts<Service> for WebUser {
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        service: &Service,
    ) -> Result<Self, Self::Rejection> {
        let Ok(client) = ClientAddr::from_request_parts(parts, service).await;
        let back = parts.uri.path_and_query().map(|p| p.as_str().to_owned());
        let token = cookie(&parts.headers, SESSION_COOKIE)
            .map(SessionToken)
            .ok_or_else(|| PageError::login(back.clone()))?;
        let actor = match service.authenticate(&token, client.as_deref()).await {
            Ok(actor) => actor,
            Err(e) if e.kind() == ErrorKind::PasswordChangeRequired => {
                return Err(PageError::redirect("/password"));
            }
            Err(e) if e.kind() == ErrorKind::Auth => return Err(PageError::login(back)),
            Err(e) => return Err(e.into()),
        };
        crate::request_id::record_user(actor.user.as_str());
        let user = service.current_user(&actor).await?;
        let csrf = csrf_for(&token);
        Ok(Self { actor, user, csrf })
    }
}

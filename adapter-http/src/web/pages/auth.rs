//! Login, the forced change of a one-time password, logout.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{AppendHeaders, Html, IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use stratmon_core::auth::{MIN_PASSWORD_LEN, SessionToken, random_token};
use stratmon_core::{ErrorKind, Service};

use crate::auth::ClientAddr;
use crate::web::error::PageError;
use crate::web::form::Fields;
use crate::web::layout;
use crate::web::session::{
    CSRF_FIELD, LOGIN_CSRF_COOKIE, SESSION_COOKIE, cookie, csrf_for, same_token, set_cookie,
};
use crate::web::words;

/// The query of the login page.
#[derive(Debug, Deserialize)]
pub struct LoginQuery {
    /// The page to return to after login.
    next: Option<String>,
}

/// Only our own absolute paths are followed after login.
fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\") => n,
        _ => "/",
    }
}

fn login_page(csrf: &str, next: &str, login: &str, error: Option<&str>) -> Markup {
    layout::bare(
        "Вход",
        html! {
            section.card.narrow {
                h1 { "Вход в систему" }
                @if let Some(error) = error { p.notice.error role="alert" { (error) } }
                form method="post" action="/login" {
                    input type="hidden" name=(CSRF_FIELD) value=(csrf);
                    input type="hidden" name="next" value=(next);
                    label for="login" { "Логин" }
                    input #login name="login" value=(login) autocomplete="username" required autofocus;
                    label for="password" { "Пароль" }
                    input #password type="password" name="password" autocomplete="current-password" required;
                    button type="submit" { "Войти" }
                }
            }
        },
    )
}

/// The login page with a fresh form token in its cookie.
fn login_response(
    headers: &HeaderMap,
    status: StatusCode,
    next: &str,
    login: &str,
    error: Option<&str>,
) -> Response {
    let csrf = random_token();
    let cookie = set_cookie(headers, LOGIN_CSRF_COOKIE, &csrf, Some(3600));
    (
        status,
        [(header::SET_COOKIE, cookie)],
        Html(login_page(&csrf, next, login, error).into_string()),
    )
        .into_response()
}

/// `GET /login`.
pub async fn login_form(headers: HeaderMap, Query(query): Query<LoginQuery>) -> Response {
    login_response(
        &headers,
        StatusCode::OK,
        safe_next(query.next.as_deref()),
        "",
        None,
    )
}

/// `POST /login`: checks the form token, logs in through the core, sets the
/// session cookie, and goes to the password change if the password was
/// one-time.
pub async fn login(
    State(service): State<Service>,
    client: ClientAddr,
    headers: HeaderMap,
    form: Fields,
) -> Result<Response, PageError> {
    let expected = cookie(&headers, LOGIN_CSRF_COOKIE);
    match (expected, form.csrf()) {
        (Some(expected), Some(sent)) if same_token(&expected, sent) => {}
        _ => return Err(PageError::csrf()),
    }
    let next = safe_next(form.get("next")).to_owned();
    let login = form.text("login");
    let password = form.get("password").unwrap_or("");
    match service.login(&login, password, client.as_deref()).await {
        Ok(grant) => {
            let to = if grant.must_change_password {
                "/password".to_owned()
            } else {
                next
            };
            Ok((
                AppendHeaders([
                    (
                        header::SET_COOKIE,
                        set_cookie(&headers, SESSION_COOKIE, &grant.token.0, None),
                    ),
                    (
                        header::SET_COOKIE,
                        set_cookie(&headers, LOGIN_CSRF_COOKIE, "", Some(0)),
                    ),
                ]),
                Redirect::to(&to),
            )
                .into_response())
        }
        Err(e) if e.kind() == ErrorKind::Auth => Ok(login_response(
            &headers,
            StatusCode::UNAUTHORIZED,
            &next,
            &login,
            Some("Неверный логин или пароль."),
        )),
        Err(e) if e.kind() == ErrorKind::Throttled => {
            let detail = match &e {
                stratmon_core::Error::Throttled { reason } => words::problem(reason),
                _ => String::new(),
            };
            Ok(login_response(
                &headers,
                StatusCode::TOO_MANY_REQUESTS,
                &next,
                &login,
                Some(&format!("Слишком много неудачных попыток входа: {detail}.")),
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /logout`: ends the session in the core and forgets the cookie.
pub async fn logout(
    State(service): State<Service>,
    client: ClientAddr,
    headers: HeaderMap,
    form: Fields,
) -> Result<Response, PageError> {
    if let Some(token) = cookie(&headers, SESSION_COOKIE).map(SessionToken) {
        match form.csrf() {
            Some(sent) if same_token(sent, &csrf_for(&token)) => {}
            _ => return Err(PageError::csrf()),
        }
        // An already ended session is as good as logged out.
        if let Err(e) = service.logout(&token, client.as_deref()).await
            && e.kind() != ErrorKind::Auth
        {
            return Err(e.into());
        }
    }
    Ok((
        [(
            header::SET_COOKIE,
            set_cookie(&headers, SESSION_COOKIE, "", Some(0)),
        )],
        Redirect::to("/login"),
    )
        .into_response())
}

fn password_page(csrf: &str, error: Option<&str>) -> Markup {
    layout::bare(
        "Смена пароля",
        html! {
            section.card.narrow {
                h1 { "Смена пароля" }
                p { "Задайте новый пароль: не короче " (MIN_PASSWORD_LEN) " знаков, не совпадающий с логином, именем и пятью прежними паролями." }
                @if let Some(error) = error { p.notice.error role="alert" { (error) } }
                form method="post" action="/password" {
                    input type="hidden" name=(CSRF_FIELD) value=(csrf);
                    label for="current" { "Текущий (или одноразовый) пароль" }
                    input #current type="password" name="current" autocomplete="current-password" required;
                    label for="new" { "Новый пароль" }
                    input #new type="password" name="new" autocomplete="new-password" minlength=(MIN_PASSWORD_LEN) required;
                    label for="repeat" { "Новый пароль ещё раз" }
                    input #repeat type="password" name="repeat" autocomplete="new-password" minlength=(MIN_PASSWORD_LEN) required;
                    button type="submit" { "Сменить пароль" }
                }
            }
        },
    )
}

/// `GET /password`: works while the one-time password is still pending, so
/// it takes the session cookie without the full authentication.
pub async fn password_form(headers: HeaderMap) -> Response {
    match cookie(&headers, SESSION_COOKIE).map(SessionToken) {
        Some(token) => Html(password_page(&csrf_for(&token), None).into_string()).into_response(),
        None => PageError::login(Some("/password".into())).into_response(),
    }
}

/// `POST /password`.
pub async fn change_password(
    State(service): State<Service>,
    client: ClientAddr,
    headers: HeaderMap,
    form: Fields,
) -> Result<Response, PageError> {
    let Some(token) = cookie(&headers, SESSION_COOKIE).map(SessionToken) else {
        return Err(PageError::login(Some("/password".into())));
    };
    let csrf = csrf_for(&token);
    match form.csrf() {
        Some(sent) if same_token(sent, &csrf) => {}
        _ => return Err(PageError::csrf()),
    }
    let (current, new) = (
        form.get("current").unwrap_or(""),
        form.get("new").unwrap_or(""),
    );
    let refuse = |message: String| {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Html(password_page(&csrf, Some(&message)).into_string()),
        )
            .into_response()
    };
    if form.get("repeat").unwrap_or("") != new {
        return Ok(refuse("Новый пароль и его повтор не совпадают.".into()));
    }
    match service
        .change_password(&token, current, new, client.as_deref())
        .await
    {
        Ok(()) => Ok(Redirect::to("/?done=password").into_response()),
        Err(e) if e.kind() == ErrorKind::Validation => Ok(refuse(
            e.problems()
                .iter()
                .map(|p| words::problem(&p.message))
                .collect::<Vec<_>>()
                .join("; "),
        )),
        Err(stratmon_core::Error::Auth { reason }) if reason.contains("current password") => {
            Ok(refuse("Текущий пароль введён неверно.".into()))
        }
        Err(e) => Err(e.into()),
    }
}

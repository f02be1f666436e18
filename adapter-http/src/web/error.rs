//! What a page shows when the core refuses or something breaks: the one
//! place core error kinds become pages, redirects and status codes.

use axum::http::{StatusCode, Uri};
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::html;
use stratmon_core::{Error, ErrorKind, Problem};

use super::layout;
use super::words;

/// A refusal or failure of a page.
#[derive(Debug)]
pub enum PageError {
    /// Not signed in (or the session ended): to the login page, coming back
    /// to `back` afterwards.
    Login {
        /// The page to return to after login.
        back: Option<String>,
    },
    /// Somewhere else first, such as the forced password change.
    Redirect(String),
    /// A form without this session's CSRF token.
    Csrf,
    /// The form could not be read (a missing or malformed field).
    BadForm(String),
    /// The core refused or failed.
    Core(Error),
}

impl PageError {
    /// To the login page, then back to `back`.
    pub fn login(back: Option<String>) -> Self {
        Self::Login { back }
    }

    /// To `to`.
    pub fn redirect(to: &str) -> Self {
        Self::Redirect(to.to_owned())
    }

    /// A form without a valid CSRF token.
    pub fn csrf() -> Self {
        Self::Csrf
    }

    /// A form field that is missing or not what was expected.
    pub fn bad_form(what: impl Into<String>) -> Self {
        Self::BadForm(what.into())
    }
}

impl From<Error> for PageError {
    fn from(e: Error) -> Self {
        Self::Core(e)
    }
}

/// A safe path to come back to after login: only our own absolute paths.
fn safe_back(back: &str) -> Option<&str> {
    (back.starts_with('/') && !back.starts_with("//") && !back.starts_with("/\\")).then_some(back)
}

/// The status and Russian headline of a core error kind.
fn status_of(kind: ErrorKind) -> (StatusCode, &'static str) {
    match kind {
        ErrorKind::NotFound => (StatusCode::NOT_FOUND, "Страница не найдена"),
        ErrorKind::PermissionDenied => (StatusCode::FORBIDDEN, "Недостаточно прав"),
        ErrorKind::Conflict => (
            StatusCode::CONFLICT,
            "Данные изменились, пока открыта страница",
        ),
        ErrorKind::Validation => (StatusCode::UNPROCESSABLE_ENTITY, "Данные не приняты"),
        ErrorKind::WindowClosed => (StatusCode::UNPROCESSABLE_ENTITY, "Окно подачи закрыто"),
        ErrorKind::InvalidTransition => (
            StatusCode::CONFLICT,
            "Действие недоступно в текущем состоянии",
        ),
        ErrorKind::Auth => (StatusCode::UNAUTHORIZED, "Требуется вход"),
        ErrorKind::Throttled => (StatusCode::TOO_MANY_REQUESTS, "Слишком много попыток"),
        ErrorKind::PasswordChangeRequired => (StatusCode::FORBIDDEN, "Смените пароль"),
        _ => (StatusCode::INTERNAL_SERVER_ERROR, "Внутренняя ошибка"),
    }
}

/// A page saying what went wrong, with a way back.
fn error_page(
    status: StatusCode,
    headline: &str,
    detail: Option<String>,
    problems: &[Problem],
) -> Response {
    let body = html! {
        section.notice.error role="alert" {
            h1 { (headline) }
            @if let Some(detail) = detail { p { (detail) } }
            @if !problems.is_empty() {
                ul.problems {
                    @for p in problems { li { (words::field(&p.field)) ": " (words::problem(&p.message)) } }
                }
            }
            p { a href="/" { "На главную" } }
        }
    };
    (status, Html(layout::bare(headline, body).into_string())).into_response()
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self {
            PageError::Login { back } => {
                let to = match back.as_deref().and_then(safe_back) {
                    Some(back) if back != "/" => format!("/login?next={}", words::url_encode(back)),
                    _ => "/login".to_owned(),
                };
                Redirect::to(&to).into_response()
            }
            PageError::Redirect(to) => Redirect::to(&to).into_response(),
            PageError::Csrf => error_page(
                StatusCode::FORBIDDEN,
                "Форма устарела",
                Some("Страница была открыта в другом сеансе или устарела. Обновите её и повторите действие.".into()),
                &[],
            ),
            PageError::BadForm(what) => error_page(
                StatusCode::BAD_REQUEST,
                "Форма заполнена неверно",
                Some(what),
                &[],
            ),
            PageError::Core(e) => {
                let kind = e.kind();
                let (status, headline) = status_of(kind);
                if status.is_server_error() {
                    tracing::error!(error = %e, "page failed");
                }
                let detail = match &e {
                    Error::WindowClosed { reason } => Some(words::problem(reason)),
                    Error::Throttled { reason } => Some(words::problem(reason)),
                    Error::Conflict { .. } => Some("Обновите страницу и повторите действие.".into()),
                    Error::InvalidTransition { action, state } => Some(format!(
                        "{}: отчёт в состоянии «{}».",
                        words::action_name(action),
                        words::state_name(state)
                    )),
                    Error::PermissionDenied { reason } => Some(words::problem(reason)),
                    Error::NotFound { kind, id } => Some(format!(
                        "Нет такого объекта или он вам недоступен: {} «{id}».",
                        words::object(kind)
                    )),
                    _ => None,
                };
                let response = error_page(status, headline, detail, e.problems());
                if kind == ErrorKind::Auth {
                    return Redirect::to("/login").into_response();
                }
                response
            }
        }
    }
}

/// The HTML 404 of an unknown path.
pub async fn page_not_found(uri: Uri) -> Response {
    error_page(
        StatusCode::NOT_FOUND,
        "Страница не найдена",
        Some(format!("Адреса {} нет.", uri.path())),
        &[],
    )
}

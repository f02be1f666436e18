//! The frame every page shares: head, header with the menu of the user's
//! roles, the flash message, the main content.

use axum::response::{Html, IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};
use stratmon_core::model::Role;

use super::session::{CSRF_FIELD, WebUser};
use super::words;

/// The product name in the header and titles.
pub const PRODUCT: &str = "Мониторинг стратегии";

fn head(title: &str) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { (title) " — " (PRODUCT) }
            link rel="stylesheet" href="/static/app.css";
            link rel="icon" href="/static/icon.svg" type="image/svg+xml";
            script src="/static/app.js" defer {}
        }
    }
}

/// The menu entries for `user`: only what their roles can open (the core
/// still refuses anything else).
fn menu(user: &WebUser) -> Vec<(&'static str, &'static str)> {
    let participant_staff =
        user.has(Role::Planner) || user.has(Role::Analyst) || user.has(Role::Head);
    let mut items = vec![("/", "Входящие")];
    if participant_staff || user.has(Role::Coordinator) {
        items.push(("/events", "Мероприятия"));
    }
    if user.has(Role::Analyst) || user.has(Role::Head) {
        items.push(("/queue", "Проверка"));
    }
    if participant_staff || user.has(Role::Coordinator) {
        items.push(("/summary", "Сводный отчёт"));
    }
    if user.has(Role::Coordinator) {
        items.push(("/plan", "План"));
        items.push(("/extensions", "Продления"));
        items.push(("/calendar", "Календарь"));
    }
    if user.has(Role::Admin) {
        items.push(("/requests", "Заявки"));
        items.push(("/users", "Пользователи"));
    }
    if user.has(Role::Admin) || user.has(Role::Coordinator) {
        items.push(("/audit", "Журнал"));
    }
    items
}

/// A hidden field with the session's CSRF token; every form has one.
pub fn csrf_field(user: &WebUser) -> Markup {
    html! { input type="hidden" name=(CSRF_FIELD) value=(user.csrf); }
}

/// A whole page for a signed-in user; `current` is the menu entry to mark.
pub fn page(
    user: &WebUser,
    title: &str,
    current: &str,
    flash: Option<&str>,
    content: Markup,
) -> Response {
    let roles = user
        .user
        .roles
        .iter()
        .map(|r| words::role(*r))
        .collect::<Vec<_>>()
        .join(", ");
    let markup = html! {
        (DOCTYPE)
        html lang="ru" {
            (head(title))
            body {
                a.skip href="#main" { "К содержанию" }
                header.top {
                    a.brand href="/" { (PRODUCT) }
                    nav aria-label="Разделы" {
                        ul {
                            @for (href, label) in menu(user) {
                                li {
                                    @if href == current {
                                        a href=(href) aria-current="page" { (label) }
                                    } @else {
                                        a href=(href) { (label) }
                                    }
                                }
                            }
                        }
                    }
                    div.who {
                        span.name { (user.user.full_name) }
                        span.roles { (roles) }
                        form method="post" action="/logout" {
                            (csrf_field(user))
                            button.link type="submit" { "Выйти" }
                        }
                    }
                }
                main #main {
                    @if let Some(flash) = flash {
                        p.notice.ok role="status" { (flash) }
                    }
                    (content)
                }
            }
        }
    };
    Html(markup.into_string()).into_response()
}

/// A page without the menu: login, password change, errors.
pub fn bare(title: &str, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="ru" {
            (head(title))
            body.bare {
                header.top { a.brand href="/" { (PRODUCT) } }
                main #main { (content) }
            }
        }
    }
}

/// The flash message named by a `done` query parameter: a fixed set of
/// words, so that no text of a link is ever shown as our message.
pub fn flash(done: Option<&str>) -> Option<&'static str> {
    Some(match done? {
        "saved" => "Черновик сохранён.",
        "submit" => "Направлено на проверку.",
        "accept" => "Принято.",
        "approve" => "Утверждено.",
        "return" => "Возвращено на доработку.",
        "reopen" => "Открыта новая редакция.",
        "password" => "Пароль изменён.",
        "imported" => "Изменения плана применены.",
        "extension" => "Продление открыто.",
        "calendar" => "Календарь сохранён.",
        "approved" => "Заявка исполнена.",
        "refused" => "Заявка отклонена.",
        "unlocked" => "Вход разблокирован.",
        "not_locked" => "Вход не был заблокирован.",
        _ => return None,
    })
}

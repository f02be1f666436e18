//! The users the Admin keeps: the list, one user with their latest audit
//! entries, and lifting the failed-login lock.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use stratmon_core::audit::AuditQuery;
use stratmon_core::model::{User, UserId, UserStatus};
use stratmon_core::{ErrorKind, Service};

use super::audit::entries_table;
use crate::web::error::PageError;
use crate::web::form::Fields;
use crate::web::layout::{self, csrf_field};
use crate::web::pages::Done;
use crate::web::session::WebUser;
use crate::web::words;

/// Audit entries shown on a user's page.
const RECENT: usize = 20;

fn status(user: &User) -> Markup {
    match user.status {
        UserStatus::Active => html! { span.badge.green { "действует" } },
        UserStatus::Revoked => html! { span.badge.red { "доступ прекращён" } },
    }
}

fn roles(user: &User) -> String {
    user.roles
        .iter()
        .map(|r| words::role(*r))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `GET /users`.
pub async fn list(State(service): State<Service>, user: WebUser) -> Result<Response, PageError> {
    let mut users = service.list_users(&user.actor).await?;
    users.sort_by(|a, b| {
        (a.status != UserStatus::Active, &a.participant, &a.full_name).cmp(&(
            b.status != UserStatus::Active,
            &b.participant,
            &b.full_name,
        ))
    });
    let names: BTreeMap<_, _> = service
        .list_participants(&user.actor)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let content = html! {
        h1 { "Пользователи" }
        p { "Всего: " (users.len()) ". Пользователи регистрируются и отключаются по заявкам участников." }
        div.scroll { table.list {
            thead { tr {
                th scope="col" { "Логин" }
                th scope="col" { "ФИО" }
                th scope="col" { "Участник" }
                th scope="col" { "Роли" }
                th scope="col" { "Состояние" }
            } }
            tbody { @for u in &users {
                tr {
                    td.code { a href={"/users/" (u.login)} { (u.login) } }
                    td { (u.full_name) }
                    td { (names.get(&u.participant).cloned().unwrap_or_else(|| u.participant.to_string())) }
                    td { (roles(u)) }
                    td { (status(u)) }
                }
            } }
        } }
    };
    Ok(layout::page(&user, "Пользователи", "/users", None, content))
}

fn login_of(text: &str) -> Result<UserId, PageError> {
    UserId::new(text).map_err(|_| stratmon_core::Error::not_found("user", text).into())
}

/// `GET /users/{login}`.
pub async fn show(
    State(service): State<Service>,
    user: WebUser,
    Path(login): Path<String>,
    Query(done): Query<Done>,
) -> Result<Response, PageError> {
    let login = login_of(&login)?;
    let shown = service.get_user(&user.actor, &login).await?;
    let participant = service
        .get_participant(&user.actor, &shown.participant)
        .await
        .map(|p| p.name)
        .unwrap_or_else(|_| shown.participant.to_string());
    let query = AuditQuery {
        actor: Some(login.clone()),
        limit: Some(RECENT),
        ..AuditQuery::default()
    };
    let recent = match service.audit(&user.actor, &query).await {
        Ok(entries) => Some(entries),
        Err(e) if e.kind() == ErrorKind::PermissionDenied => None,
        Err(e) => return Err(e.into()),
    };
    let content = html! {
        p.crumbs { a href="/users" { "Пользователи" } " / " span.code { (shown.login) } }
        h1 { (shown.full_name) }
        p { (status(&shown)) }
        dl.facts {
            dt { "Логин" } dd.code { (shown.login) }
            dt { "Должность" } dd { (shown.position) }
            dt { "Участник" } dd { (participant) }
            dt { "Роли" } dd { (roles(&shown)) }
        }
        form method="post" action={"/users/" (shown.login) "/unlock"} {
            (csrf_field(&user))
            p.hint { "После нескольких неудачных попыток вход блокируется на время; снять блокировку можно раньше." }
            div.actions { button type="submit" { "Снять блокировку входа" } }
        }
        @if let Some(recent) = recent {
            h2 { "Последние действия" }
            @if recent.is_empty() { p.empty { "Записей в журнале нет." } } @else {
                (entries_table(&service, &recent))
                p { a href={"/audit?user=" (words::url_encode(shown.login.as_str()))} { "Все записи журнала" } }
            }
        }
    };
    Ok(layout::page(
        &user,
        &shown.full_name,
        "/users",
        layout::flash(done.done.as_deref()),
        content,
    ))
}

/// `POST /users/{login}/unlock`: a login that was not locked says so rather
/// than failing.
pub async fn unlock(
    State(service): State<Service>,
    user: WebUser,
    Path(login): Path<String>,
    fields: Fields,
) -> Result<Response, PageError> {
    user.check_csrf(fields.csrf())?;
    let login = login_of(&login)?;
    let shown = service.get_user(&user.actor, &login).await?;
    let done = match service.unlock_login(&user.actor, &login).await {
        Ok(()) => "unlocked",
        Err(stratmon_core::Error::NotFound { kind: "lock", .. }) => "not_locked",
        Err(e) => return Err(e.into()),
    };
    Ok(Redirect::to(&format!(
        "/users/{}?done={done}",
        words::url_encode(shown.login.as_str())
    ))
    .into_response())
}

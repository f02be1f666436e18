//! Registration, revocation and role-change requests: the list with due
//! dates (pending first, overdue marked), one request with its people, and
//! the Admin's decision. An approved registration answers with the new
//! users' one-time passwords, shown on that answer only.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use stratmon_core::model::Role;
use stratmon_core::requests::{AccessRequest, RequestKind, RequestStatus};
use stratmon_core::service::Approval;
use stratmon_core::{Error, Service};

use crate::web::error::PageError;
use crate::web::form::Fields;
use crate::web::layout::{self, csrf_field};
use crate::web::pages::Done;
use crate::web::session::WebUser;
use crate::web::words;

/// A request kind as the decree's forms name it.
fn kind(kind: RequestKind) -> &'static str {
    match kind {
        RequestKind::Registration => "Регистрация",
        RequestKind::Revocation => "Прекращение доступа",
        RequestKind::RoleChange => "Изменение ролей",
    }
}

fn status(request: &AccessRequest, overdue: bool) -> Markup {
    html! {
        @match request.status {
            RequestStatus::Pending => {
                span.badge.blue { "на рассмотрении" }
                @if overdue { " " span.badge.red { "просрочена" } }
            }
            RequestStatus::Approved => span.badge.green { "исполнена" },
            RequestStatus::Refused => span.badge.yellow { "отклонена" },
        }
    }
}

/// `GET /requests`.
pub async fn list(
    State(service): State<Service>,
    user: WebUser,
    Query(done): Query<Done>,
) -> Result<Response, PageError> {
    let mut requests = service.list_requests(&user.actor, false).await?;
    let today = service.today();
    // Pending first, soonest due first; decided ones newest first after them.
    requests.sort_by(|a, b| {
        let pending = |r: &AccessRequest| r.status != RequestStatus::Pending;
        pending(a).cmp(&pending(b)).then_with(|| {
            if a.status == RequestStatus::Pending {
                a.due.cmp(&b.due)
            } else {
                b.id.cmp(&a.id)
            }
        })
    });
    let names = participant_names(&service, &user).await?;
    let waiting = requests
        .iter()
        .filter(|r| r.status == RequestStatus::Pending)
        .count();
    let overdue = requests.iter().filter(|r| r.is_overdue(today)).count();
    let content = html! {
        h1 { "Заявки" }
        p {
            "На рассмотрении: " (waiting)
            @if overdue > 0 { ", из них просрочено: " strong.overdue { (overdue) } }
            ". Заявка исполняется в течение двух рабочих дней со дня поступления."
        }
        @if requests.is_empty() { p.empty { "Заявок нет." } } @else {
            div.scroll { table.list {
                thead { tr {
                    th scope="col" { "№" }
                    th scope="col" { "Вид" }
                    th scope="col" { "Участник" }
                    th.num scope="col" { "Человек" }
                    th scope="col" { "Поступила" }
                    th scope="col" { "Срок" }
                    th scope="col" { "Состояние" }
                } }
                tbody { @for r in &requests {
                    @let late = r.is_overdue(today);
                    tr.overdue[late] {
                        td { a href={"/requests/" (r.id)} { (r.id) } }
                        td { a href={"/requests/" (r.id)} { (kind(r.kind)) } }
                        td { (names.get(r.participant.as_str()).cloned().unwrap_or_else(|| r.participant.to_string())) }
                        td.num { (r.people.len()) }
                        td.nowrap { (words::date(service.region().local_date(r.received_at))) }
                        td.nowrap { (words::date(r.due)) }
                        td { (status(r, late)) }
                    }
                } }
            } }
        }
    };
    Ok(layout::page(
        &user,
        "Заявки",
        "/requests",
        layout::flash(done.done.as_deref()),
        content,
    ))
}

/// Participant names by id, for tables (empty if the actor may not list
/// them: the ids are shown instead).
async fn participant_names(
    service: &Service,
    user: &WebUser,
) -> Result<BTreeMap<String, String>, PageError> {
    Ok(match service.list_participants(&user.actor).await {
        Ok(list) => list
            .into_iter()
            .map(|p| (p.id.to_string(), p.name))
            .collect(),
        Err(e) if e.kind() == stratmon_core::ErrorKind::PermissionDenied => BTreeMap::new(),
        Err(e) => return Err(e.into()),
    })
}

/// The request `id` as the actor sees it.
async fn find(service: &Service, user: &WebUser, id: &str) -> Result<AccessRequest, PageError> {
    service
        .list_requests(&user.actor, false)
        .await?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or_else(|| Error::not_found("request", id).into())
}

fn people(request: &AccessRequest) -> Markup {
    html! {
        div.scroll { table.list {
            thead { tr {
                th scope="col" { "ФИО" }
                th scope="col" { "Должность" }
                th scope="col" { "Роли" }
                th scope="col" { "Телефоны" }
                th scope="col" { "Электронная почта" }
                th scope="col" { "Логин" }
            } }
            tbody { @for p in &request.people {
                tr {
                    td { (p.full_name) }
                    td { (p.position) }
                    td { (p.roles.join(", ")) }
                    td {
                        @if !p.landline.is_empty() { (p.landline) }
                        @if !p.landline.is_empty() && !p.mobile.is_empty() { ", " }
                        @if !p.mobile.is_empty() { (p.mobile) }
                    }
                    td { (p.email) }
                    td { @if let Some(login) = &p.login { a href={"/users/" (login)} { (login) } } @else { "—" } }
                }
            } }
        } }
    }
}

/// `GET /requests/{id}`.
pub async fn show(
    State(service): State<Service>,
    user: WebUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let request = find(&service, &user, &id).await?;
    let today = service.today();
    let late = request.status == RequestStatus::Pending && request.due < today;
    let names = participant_names(&service, &user).await?;
    let title = format!("Заявка № {}", request.id);
    let content = html! {
        p.crumbs { a href="/requests" { "Заявки" } " / " (request.id) }
        h1 { (title) ": " (kind(request.kind)) }
        p { (status(&request, late)) }
        dl.facts {
            dt { "Участник" }
            dd { (names.get(request.participant.as_str()).cloned().unwrap_or_else(|| request.participant.to_string())) }
            dt { "Подписал" } dd { (request.signed_by) }
            @if !request.reason.is_empty() { dt { "Основание" } dd { (request.reason) } }
            dt { "Поступила" } dd { (words::date(service.region().local_date(request.received_at))) }
            dt { "Срок исполнения" } dd { (words::date(request.due)) }
            dt { "Внёс" } dd { (request.entered_by) }
        }
        h2 { "Сотрудники" }
        (people(&request))
        @if let Some(decision) = &request.decision {
            h2 { "Решение" }
            dl.facts {
                dt { "Принял" } dd { (decision.by) ", " (words::date(service.region().local_date(decision.at))) }
                @if !decision.reasons.is_empty() {
                    dt { "Причины отказа" }
                    dd { ul { @for r in &decision.reasons { li { (r) } } } }
                }
                @if !decision.logins.is_empty() {
                    dt { "Логины" }
                    dd { @for (i, l) in decision.logins.iter().enumerate() { @if i > 0 { ", " } a href={"/users/" (l)} { (l) } } }
                }
            }
        }
        @if request.status == RequestStatus::Pending && user.has(Role::Admin) {
            div.chain {
                form method="post" action={"/requests/" (request.id) "/approve"} {
                    (csrf_field(&user))
                    input type="hidden" name="version" value=(request.version);
                    button.primary type="submit" { "Исполнить заявку" }
                }
                form.return method="post" action={"/requests/" (request.id) "/refuse"} {
                    h2 { "Отклонить" }
                    (csrf_field(&user))
                    input type="hidden" name="version" value=(request.version);
                    label for="reasons" { "Причины отказа, каждая с новой строки" }
                    textarea #reasons name="reasons" rows="4" required {}
                    button type="submit" { "Отклонить заявку" }
                }
            }
        }
    };
    Ok(layout::page(&user, &title, "/requests", None, content))
}

/// The version a decision form acted on.
fn version(fields: &Fields) -> Result<u64, PageError> {
    fields.number("version")
}

/// The one-time passwords of an approved registration, shown this once.
fn approved_page(user: &WebUser, approval: &Approval) -> Response {
    let request = &approval.request;
    let content = html! {
        p.crumbs { a href="/requests" { "Заявки" } " / " (request.id) }
        h1 { "Заявка № " (request.id) " исполнена" }
        section.notice.warning role="alert" {
            h2 { "Одноразовые пароли" }
            p { "Пароли показаны только сейчас: передайте их сотрудникам. При первом входе пароль нужно сменить." }
        }
        div.scroll { table.list {
            thead { tr { th scope="col" { "ФИО" } th scope="col" { "Логин" } th scope="col" { "Роли" } th scope="col" { "Одноразовый пароль" } } }
            tbody { @for created in &approval.created {
                tr {
                    td { (created.user.full_name) }
                    td.code { (created.user.login) }
                    td { (created.user.roles.iter().map(|r| words::role(*r)).collect::<Vec<_>>().join(", ")) }
                    td.code { (created.one_time_password) }
                }
            } }
        } }
        p { a href="/requests" { "К списку заявок" } }
    };
    let mut response = layout::page(user, "Заявка исполнена", "/requests", None, content);
    // The passwords must not stay in a cache or come back with the history.
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    response
}

/// `POST /requests/{id}/approve`.
pub async fn approve(
    State(service): State<Service>,
    user: WebUser,
    Path(id): Path<String>,
    fields: Fields,
) -> Result<Response, PageError> {
    user.check_csrf(fields.csrf())?;
    let version = version(&fields)?;
    let approval = service.approve_request(&user.actor, &id, version).await?;
    if approval.created.is_empty() {
        return Ok(Redirect::to("/requests?done=approved").into_response());
    }
    Ok(approved_page(&user, &approval))
}

/// `POST /requests/{id}/refuse`: one reason a line.
pub async fn refuse(
    State(service): State<Service>,
    user: WebUser,
    Path(id): Path<String>,
    fields: Fields,
) -> Result<Response, PageError> {
    user.check_csrf(fields.csrf())?;
    let version = version(&fields)?;
    let reasons = fields
        .get("reasons")
        .unwrap_or("")
        .lines()
        .map(str::to_owned)
        .collect();
    service
        .refuse_request(&user.actor, &id, version, reasons)
        .await?;
    Ok(Redirect::to("/requests?done=refused").into_response())
}

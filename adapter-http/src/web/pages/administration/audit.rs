//! The audit log viewer: every change and login, newest first, filtered by
//! dates, user, action and object, a page at a time; and the check that the
//! hash chain is intact, naming the first entry where it breaks.

use axum::extract::{Query, State};
use axum::response::Response;
use chrono::{Duration, NaiveDate};
use maud::{Markup, html};
use serde::Deserialize;
use stratmon_core::audit::{AuditEntry, AuditQuery};
use stratmon_core::model::UserId;
use stratmon_core::service::AuditVerdict;
use stratmon_core::{Problem, Service};

use crate::web::error::PageError;
use crate::web::form::{self, Fields};
use crate::web::layout::{self, csrf_field};
use crate::web::session::WebUser;
use crate::web::words;

/// Entries per page.
const PAGE: usize = 100;

/// The filters as the form sends them (empty means any).
#[derive(Debug, Default, Deserialize)]
pub struct AuditForm {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    user: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    object: String,
    #[serde(default)]
    page: Option<usize>,
}

impl AuditForm {
    /// The core's query; `from` and `to` are whole days in the region.
    fn query(&self, service: &Service) -> Result<AuditQuery, PageError> {
        let mut problems: Vec<Problem> = Vec::new();
        let from = form::date("from", &self.from, &mut problems);
        let to = form::date("to", &self.to, &mut problems);
        if !problems.is_empty() {
            return Err(stratmon_core::Error::Validation { problems }.into());
        }
        let region = service.region();
        let start = |d: NaiveDate| region.start_of_day(d);
        let user = self.user.trim();
        let (kind, id) = match self.object.trim() {
            "" => (None, None),
            object => match object.split_once(':') {
                Some((kind, id)) => (
                    Some(kind.trim().to_owned()).filter(|k| !k.is_empty()),
                    Some(id.trim().to_owned()).filter(|i| !i.is_empty()),
                ),
                None => (Some(object.to_owned()), None),
            },
        };
        Ok(AuditQuery {
            actor: if user.is_empty() {
                None
            } else {
                Some(UserId::new(user)?)
            },
            object_kind: kind,
            object_id: id,
            action: Some(self.action.trim().to_owned()).filter(|a| !a.is_empty()),
            from: from.map(start),
            to: to.map(|d| start(d + Duration::days(1))),
            ..AuditQuery::default()
        })
    }

    fn link(&self, page: usize) -> String {
        format!(
            "/audit?from={}&to={}&user={}&action={}&object={}&page={page}",
            words::url_encode(&self.from),
            words::url_encode(&self.to),
            words::url_encode(&self.user),
            words::url_encode(&self.action),
            words::url_encode(&self.object),
        )
    }
}

/// Entries as a table, in the order given; times in the region.
pub fn entries_table(service: &Service, entries: &[AuditEntry]) -> Markup {
    let zone = service.region().time_zone();
    html! {
        div.scroll { table.list {
            thead { tr {
                th.num scope="col" { "№" }
                th scope="col" { "Время" }
                th scope="col" { "Пользователь" }
                th scope="col" { "Действие" }
                th scope="col" { "Объект" }
                th scope="col" { "Что сделано" }
                th scope="col" { "Откуда" }
            } }
            tbody { @for e in entries {
                @let d = &e.draft;
                tr {
                    td.num { (e.seq) }
                    td.nowrap { (d.at.with_timezone(&zone).format("%d.%m.%Y %H:%M:%S")) }
                    td {
                        span.code { (d.actor) }
                        @if let Some(principal) = &d.on_behalf_of { " за " span.code { (principal) } }
                    }
                    td { (words::audit_action(&d.action)) br; span.code.hint { (d.action) } }
                    td { span.code { (d.object.kind) ":" (d.object.id) } }
                    td { (d.summary) }
                    td { (d.client.as_deref().unwrap_or("—")) }
                }
            } }
        } }
    }
}

fn verify_form(user: &WebUser) -> Markup {
    html! {
        form method="post" action="/audit/verify" {
            (csrf_field(user))
            div.actions { button type="submit" { "Проверить целостность журнала" } }
        }
    }
}

/// `GET /audit`.
pub async fn list(
    State(service): State<Service>,
    user: WebUser,
    Query(form): Query<AuditForm>,
) -> Result<Response, PageError> {
    let mut query = form.query(&service)?;
    let page = form.page.unwrap_or(1).max(1);
    // One more than this page needs, to know whether another follows.
    query.limit = Some(page.saturating_mul(PAGE).saturating_add(1));
    let entries = service.audit(&user.actor, &query).await?;
    let start = (page - 1).saturating_mul(PAGE).min(entries.len());
    let end = (page * PAGE).min(entries.len());
    let shown = &entries[start..end];
    let more = entries.len() > end;
    let content = html! {
        h1 { "Журнал действий" }
        (verify_form(&user))
        form.filters method="get" action="/audit" role="search" {
            div {
                label for="from" { "С даты" }
                input #from type="date" name="from" value=(form.from);
            }
            div {
                label for="to" { "По дату" }
                input #to type="date" name="to" value=(form.to);
            }
            div {
                label for="user" { "Пользователь (логин)" }
                input #user name="user" value=(form.user);
            }
            div {
                label for="action" { "Действие" }
                input #action name="action" value=(form.action) placeholder="report.submit";
            }
            div {
                label for="object" { "Объект (вид или вид:код)" }
                input #object name="object" value=(form.object) placeholder="user:demo.planner";
            }
            div.actions { button type="submit" { "Найти" } }
        }
        @if shown.is_empty() { p.empty { "Записей не найдено." } } @else {
            p.hint { "Сначала новые. Записи " (start + 1) "–" (end) "." }
            (entries_table(&service, shown))
        }
        @if page > 1 || more {
            nav.pages aria-label="Страницы" {
                @if page > 1 { a href=(form.link(page - 1)) rel="prev" { "← Новее" } }
                span { "Страница " (page) }
                @if more { a href=(form.link(page + 1)) rel="next" { "Старее →" } }
            }
        }
    };
    Ok(layout::page(
        &user,
        "Журнал действий",
        "/audit",
        None,
        content,
    ))
}

/// `POST /audit/verify`: recomputes the chain and says whether it holds.
pub async fn verify(
    State(service): State<Service>,
    user: WebUser,
    fields: Fields,
) -> Result<Response, PageError> {
    user.check_csrf(fields.csrf())?;
    let verdict = service.verify_audit(&user.actor).await?;
    let content = html! {
        p.crumbs { a href="/audit" { "Журнал действий" } " / проверка" }
        h1 { "Проверка целостности журнала" }
        @match &verdict {
            AuditVerdict::Intact(report) => {
                section.notice.ok role="status" {
                    h2 { "Журнал цел" }
                    p { "Проверено записей: " (report.entries) ". Ни одна запись не изменена, не удалена и не вставлена." }
                    p { "Хеш последней записи: " span.code { (report.head) } }
                }
            }
            AuditVerdict::Broken(broken) => {
                section.notice.error role="alert" {
                    h2 { "Журнал нарушен" }
                    p { "Первая нарушенная запись: № " strong { (broken.seq) } "." }
                    p { "Причина: " (chain_reason(&broken.reason)) }
                }
            }
        }
        (verify_form(&user))
    };
    Ok(layout::page(
        &user,
        "Проверка журнала",
        "/audit",
        None,
        content,
    ))
}

/// A chain break's reason in Russian, where its shape is known.
fn chain_reason(reason: &str) -> String {
    if reason == "does not link to the previous entry" {
        return "запись не ссылается на предыдущую (запись удалена или вставлена)".into();
    }
    if reason == "contents do not match the recorded hash" {
        return "содержимое записи не совпадает с её хешем (запись изменена)".into();
    }
    if let Some(rest) = reason.strip_prefix("expected entry ")
        && let Some((expected, found)) = rest.split_once(", found ")
    {
        return format!("ожидалась запись № {expected}, найдена № {found}");
    }
    reason.to_owned()
}

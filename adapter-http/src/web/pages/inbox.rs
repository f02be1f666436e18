//! The home page: what waits for this user and by when, overdue first (the
//! core orders it).

use axum::extract::{Query, State};
use axum::response::Response;
use maud::html;
use stratmon_core::Service;
use stratmon_core::status::{InboxItem, InboxTask};

use super::Done;
use crate::web::error::PageError;
use crate::web::layout;
use crate::web::session::WebUser;
use crate::web::words;

/// Where an inbox item is done.
pub fn link(item: &InboxItem) -> String {
    match (item.task, &item.event, item.period, &item.request) {
        (InboxTask::ProcessRequest, _, _, Some(request)) => format!("/requests/{request}"),
        (_, Some(event), Some(period), _) => {
            format!("/events/{event}/reports/{}/{}", period.year, period.month)
        }
        (_, Some(event), None, _) => match item.year {
            Some(year) => format!("/events/{event}/annual-plans/{year}"),
            None => format!("/events/{event}"),
        },
        _ => "/".to_owned(),
    }
}

/// `GET /`.
pub async fn show(
    State(service): State<Service>,
    user: WebUser,
    Query(done): Query<Done>,
) -> Result<Response, PageError> {
    let items = service.inbox(&user.actor).await?;
    let overdue = items.iter().filter(|i| i.overdue).count();
    let content = html! {
        h1 { "Входящие" }
        @if items.is_empty() {
            p.empty { "Сейчас ничего не ждёт вашего решения." }
        } @else {
            p {
                "Задач: " (items.len())
                @if overdue > 0 { ", из них просрочено: " strong.overdue { (overdue) } }
                "."
            }
            div.scroll {
                table.list.stack {
                    caption.visually-hidden { "Задачи, просроченные сначала" }
                    thead { tr { th scope="col" { "Срок" } th scope="col" { "Задача" } th scope="col" { "Мероприятие или заявка" } th scope="col" { "Период" } } }
                    tbody {
                        @for item in &items {
                            tr.overdue[item.overdue] {
                                td {
                                    (words::date(item.due))
                                    @if item.overdue { " " span.badge.red { "просрочено" } }
                                }
                                td { a href=(link(item)) { (words::task(item.task)) } }
                                td {
                                    @if let Some(event) = &item.event { span.code { (event) } " " (item.title) }
                                    // The core titles a request in English for programs.
                                    @else if let Some(request) = &item.request { "Заявка № " (request) }
                                    @else { (item.title) }
                                }
                                td {
                                    @if let Some(p) = item.period { (words::month(p.year, p.month)) }
                                    @else if let Some(y) = item.year { (y) " год" }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(layout::page(
        &user,
        "Входящие",
        "/",
        layout::flash(done.done.as_deref()),
        content,
    ))
}

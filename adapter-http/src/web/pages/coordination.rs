//! The Coordinator's pages: the consolidated report (also read by
//! participants' staff), the plan of events and its versions, extensions of
//! the annual window, and the production calendar.
//!
//! The consolidated report and the plan live in their own modules; the two
//! small forms are here.

mod calendar;
mod diff;
mod plan;
mod summary;

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::Datelike;
use maud::html;
use stratmon_core::model::ParticipantId;
use stratmon_core::{Error, Problem, Service};

use super::Done;
use crate::routes::plan::IMPORT_BODY_LIMIT;
use crate::web::error::PageError;
use crate::web::form::{self, Fields};
use crate::web::layout::{self, csrf_field};
use crate::web::session::WebUser;
use crate::web::words;

/// The routes of this area.
pub fn routes() -> Router<Service> {
    Router::new()
        .route("/summary", get(summary::show))
        .route("/summary/file", get(summary::file))
        .route("/summary/charts/{file}", get(summary::chart))
        .route("/plan", get(plan::show))
        .route(
            "/plan/import",
            post(plan::import).layer(DefaultBodyLimit::max(IMPORT_BODY_LIMIT)),
        )
        .route("/plan/diff", get(plan::diff))
        .route("/extensions", get(extensions).post(open_extension))
        .route("/calendar", get(calendar::show).post(calendar::save))
}

/// A number typed in a query or form field; empty is `None`.
fn optional<T: std::str::FromStr>(text: &str, what: &str) -> Result<Option<T>, PageError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse()
        .map(Some)
        .map_err(|_| PageError::bad_form(format!("поле «{what}» должно быть числом")))
}

/// Problems found while reading a form, shown like the core's own.
fn refused(problems: Vec<Problem>) -> Result<(), PageError> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Validation { problems }.into())
    }
}

/// `GET /extensions`: the extensions opened so far and the form to open one.
async fn extensions(
    State(service): State<Service>,
    user: WebUser,
    Query(done): Query<Done>,
) -> Result<Response, PageError> {
    let mut list = service.list_window_extensions(&user.actor).await?;
    list.sort_by(|a, b| b.year.cmp(&a.year).then(b.until.cmp(&a.until)));
    let mut participants = service.list_participants(&user.actor).await?;
    participants.sort_by(|a, b| a.name.cmp(&b.name));
    let names: BTreeMap<_, _> = participants
        .iter()
        .map(|p| (p.id.clone(), p.name.clone()))
        .collect();
    let today = service.today();
    // December's window is for next year's plan; later it is a late plan
    // for the current year.
    let plan_year = if today.month() == 12 {
        today.year() + 1
    } else {
        today.year()
    };
    let content = html! {
        h1 { "Продления окна годового плана" }
        p.hint { "План работ на год вводится с 10 по 25 декабря предыдущего года; после этого — только по продлению." }
        @if list.is_empty() { p.empty { "Продлений нет." } } @else {
            div.scroll { table.list {
                thead { tr {
                    th scope="col" { "Участник" }
                    th.num scope="col" { "Год плана" }
                    th scope="col" { "До (включительно)" }
                    th scope="col" { "Основание" }
                    th scope="col" { "Открыл" }
                } }
                tbody { @for e in &list {
                    tr {
                        td { (names.get(&e.participant).cloned().unwrap_or_else(|| e.participant.to_string())) }
                        td.num { (e.year) }
                        td.nowrap {
                            (words::date(e.until))
                            @if e.until < today { " " span.badge.blue { "истекло" } }
                        }
                        td { (e.reason) }
                        td { (e.granted_by) }
                    }
                } }
            } }
        }
        form.card method="post" action="/extensions" {
            h2 { "Открыть продление" }
            (csrf_field(&user))
            label for="participant" { "Участник" }
            select #participant name="participant" required {
                @for p in &participants { option value=(p.id) { (p.name) } }
            }
            label for="year" { "Год плана" }
            input #year type="number" name="year" min="2000" max="2100" value=(plan_year) required;
            label for="until" { "Последний день ввода" }
            input #until type="date" name="until" min=(today.format("%Y-%m-%d")) required;
            label for="reason" { "Основание (решение Минэкономразвития)" }
            textarea #reason name="reason" rows="3" required {}
            div.actions { button.primary type="submit" { "Открыть продление" } }
        }
    };
    Ok(layout::page(
        &user,
        "Продления",
        "/extensions",
        layout::flash(done.done.as_deref()),
        content,
    ))
}

/// `POST /extensions`.
async fn open_extension(
    State(service): State<Service>,
    user: WebUser,
    fields: Fields,
) -> Result<Response, PageError> {
    user.check_csrf(fields.csrf())?;
    let participant = ParticipantId::new(fields.text("participant"))?;
    let year: i32 = fields.number("year")?;
    let mut problems = Vec::new();
    let until = form::date("until", &fields.text("until"), &mut problems);
    let Some(until) = until else {
        if problems.is_empty() {
            problems.push(Problem::error("until", "must not be empty"));
        }
        return Err(Error::Validation { problems }.into());
    };
    service
        .open_window_extension(
            &user.actor,
            &participant,
            year,
            until,
            fields.get("reason").unwrap_or(""),
        )
        .await?;
    Ok(Redirect::to("/extensions?done=extension").into_response())
}

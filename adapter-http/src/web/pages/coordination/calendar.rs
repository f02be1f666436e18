//! The production calendar of a year, on which the due dates of access
//! requests are counted, and the Coordinator's corrections to it: the
//! decree's transfers of days off, extra days off and extra working days.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate, Weekday};
use maud::{Markup, html};
use serde::Deserialize;
use stratmon_core::calendar::{DayKind, Transfer, YearCorrections};
use stratmon_core::model::Role;
use stratmon_core::{Problem, Service};

use super::{optional, refused};
use crate::web::error::PageError;
use crate::web::form::{self, Fields};
use crate::web::layout::{self, csrf_field};
use crate::web::session::WebUser;
use crate::web::words;

/// The query of `GET /calendar`.
#[derive(Debug, Default, Deserialize)]
pub struct CalendarQuery {
    #[serde(default)]
    year: String,
    #[serde(default)]
    done: Option<String>,
}

fn weekday(d: NaiveDate) -> &'static str {
    match d.weekday() {
        Weekday::Mon => "понедельник",
        Weekday::Tue => "вторник",
        Weekday::Wed => "среда",
        Weekday::Thu => "четверг",
        Weekday::Fri => "пятница",
        Weekday::Sat => "суббота",
        Weekday::Sun => "воскресенье",
    }
}

fn kind(kind: &DayKind) -> Markup {
    let (class, text) = match kind {
        DayKind::Holiday => ("red", "нерабочий праздничный день"),
        DayKind::DayOff => ("yellow", "выходной день (перенос)"),
        DayKind::Weekend => ("blue", "выходной"),
        DayKind::Business => ("green", "рабочий день"),
    };
    html! { span class={"badge " (class)} { (text) } }
}

fn dates_text(dates: &[NaiveDate]) -> String {
    dates
        .iter()
        .map(|d| words::date(*d))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `GET /calendar?year=`.
pub async fn show(
    State(service): State<Service>,
    user: WebUser,
    Query(query): Query<CalendarQuery>,
) -> Result<Response, PageError> {
    let year = optional::<i32>(&query.year, "год")?.unwrap_or_else(|| service.today().year());
    let calendar = service.calendar_year(&user.actor, year).await?;
    let c = &calendar.corrections;
    let transfers = c
        .transfers
        .iter()
        .map(|t| format!("{} {}", words::date(t.from), words::date(t.to)))
        .collect::<Vec<_>>()
        .join("\n");
    let title = format!("Производственный календарь на {year} год");
    let content = html! {
        h1 { (title) }
        form.filters method="get" action="/calendar" {
            div {
                label for="year" { "Год" }
                input #year type="number" name="year" min="2000" max="2100" value=(year);
            }
            div.actions { button type="submit" { "Показать" } }
        }
        p { "Рабочих дней в году: " strong { (calendar.business_days) } }
        h2 { "Нерабочие будние дни" }
        @if calendar.weekdays_off.is_empty() { p.empty { "Нет." } } @else {
            div.scroll { table.list {
                thead { tr { th scope="col" { "Дата" } th scope="col" { "День недели" } th scope="col" { "Вид" } } }
                tbody { @for (date, k) in &calendar.weekdays_off {
                    tr { td.nowrap { (words::date(*date)) } td { (weekday(*date)) } td { (kind(k)) } }
                } }
            } }
        }
        h2 { "Рабочие субботы и воскресенья" }
        @if calendar.weekends_worked.is_empty() { p.empty { "Нет." } } @else {
            ul { @for d in &calendar.weekends_worked { li { (words::date(*d)) " (" (weekday(*d)) ")" } } }
        }
        @if user.has(Role::Coordinator) {
            form.card method="post" action="/calendar" {
                h2 { "Данные постановления и поправки" }
                (csrf_field(&user))
                input type="hidden" name="year" value=(year);
                p.hint { "Одна дата в строке, например 31.12.2026. Перенос — две даты в строке: выходной, который переносится, и будний день, который становится выходным." }
                label for="transfers" { "Переносы выходных дней" }
                textarea #transfers name="transfers" rows="5" { (transfers) }
                label for="extra_days_off" { "Дополнительные нерабочие дни" }
                textarea #extra_days_off name="extra_days_off" rows="4" { (dates_text(&c.extra_days_off)) }
                label for="extra_working_days" { "Дополнительные рабочие дни" }
                textarea #extra_working_days name="extra_working_days" rows="4" { (dates_text(&c.extra_working_days)) }
                div.actions { button.primary type="submit" { "Сохранить календарь" } }
            }
        }
    };
    Ok(layout::page(
        &user,
        &title,
        "/calendar",
        layout::flash(query.done.as_deref()),
        content,
    ))
}

/// The dates of a textarea, one a line; bad lines become problems.
fn dates(field: &str, text: &str, problems: &mut Vec<Problem>) -> Vec<NaiveDate> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
        .filter_map(|(i, line)| form::date(&format!("{field}[{i}]"), line, problems))
        .collect()
}

/// The transfers of a textarea: two dates a line.
fn transfers(text: &str, problems: &mut Vec<Problem>) -> Vec<Transfer> {
    let mut out = Vec::new();
    let lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    for (i, line) in lines.enumerate() {
        let cleaned = line.replace(['→', ';', ','], " ");
        let parts: Vec<&str> = cleaned
            .split_whitespace()
            .filter(|p| !matches!(*p, "-" | "–" | "—"))
            .collect();
        let field = format!("transfers[{i}]");
        let &[from, to] = &parts[..] else {
            problems.push(Problem::error(
                field,
                format!("«{line}»: нужны две даты, например 03.01.2026 09.01.2026"),
            ));
            continue;
        };
        let from = form::date(&format!("{field}.from"), from, problems);
        let to = form::date(&format!("{field}.to"), to, problems);
        if let (Some(from), Some(to)) = (from, to) {
            out.push(Transfer { from, to });
        }
    }
    out
}

/// `POST /calendar`: replaces the year's decree data and corrections.
pub async fn save(
    State(service): State<Service>,
    user: WebUser,
    fields: Fields,
) -> Result<Response, PageError> {
    user.check_csrf(fields.csrf())?;
    let year: i32 = fields.number("year")?;
    let mut problems = Vec::new();
    let corrections = YearCorrections {
        year,
        transfers: transfers(fields.get("transfers").unwrap_or(""), &mut problems),
        extra_days_off: dates(
            "extra_days_off",
            fields.get("extra_days_off").unwrap_or(""),
            &mut problems,
        ),
        extra_working_days: dates(
            "extra_working_days",
            fields.get("extra_working_days").unwrap_or(""),
            &mut problems,
        ),
    };
    refused(problems)?;
    service.set_calendar_year(&user.actor, corrections).await?;
    Ok(Redirect::to(&format!("/calendar?year={year}&done=calendar")).into_response())
}

//! The plan of events for the Coordinator: its versions, loading the plan an
//! amending act fixes from XLSX or CSV (checked first: every bad row and cell
//! with the reason, and what would change), and comparing two versions.
//!
//! Reading the files and importing are the API's own code
//! ([`crate::routes::plan`]), so a file the page accepts is exactly one the
//! API accepts.

use axum::body::Bytes;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use stratmon_core::Service;
use stratmon_core::plan::{AmendingAct, ImportOutcome, PlanProblem};

use super::diff::diff_markup;
use super::optional;
use crate::routes::plan::{import_read, plan_from_parts};
use crate::web::error::PageError;
use crate::web::layout::{self, csrf_field};
use crate::web::pages::Done;
use crate::web::session::{CSRF_FIELD, WebUser};
use crate::web::words;

fn problems_table(problems: &[PlanProblem]) -> Markup {
    html! {
        div.scroll { table.list {
            caption { "Ошибки в файлах: " (problems.len()) }
            thead { tr { th scope="col" { "Файл или лист" } th.num scope="col" { "Строка" } th scope="col" { "Столбец" } th scope="col" { "Причина" } } }
            tbody { @for p in problems {
                tr {
                    td { (p.source.as_deref().unwrap_or("—")) }
                    td.num { @if let Some(row) = p.row { (row) } @else { "—" } }
                    td { (p.column.as_deref().unwrap_or("—")) }
                    td { (words::problem(&p.message)) }
                }
            } }
        } }
    }
}

/// The form that uploads a plan; `act` and `date` are what was typed last.
fn upload_form(user: &WebUser, act: &str, date: &str) -> Markup {
    html! {
        form.card method="post" action="/plan/import" enctype="multipart/form-data" {
            h2 { "Загрузить план по акту" }
            (csrf_field(user))
            fieldset {
                legend { "Изменяющий акт" }
                label for="act" { "Номер акта" }
                input #act name="act" value=(act) required placeholder="275-р";
                label for="act_date" { "Дата акта" }
                input #act_date type="date" name="act_date" value=(date) required;
            }
            fieldset {
                legend { "Файлы плана" }
                p.hint { "Книга XLSX с листами «Мероприятия» и «Показатели», или одна-две таблицы CSV. Таблица, которой нет в файлах, остаётся как есть." }
                label for="workbook" { "Книга XLSX" }
                input #workbook type="file" name="workbook" accept=".xlsx";
                label for="events" { "Мероприятия, CSV" }
                input #events type="file" name="events" accept=".csv,text/csv";
                label for="indicators" { "Показатели, CSV" }
                input #indicators type="file" name="indicators" accept=".csv,text/csv";
            }
            div.actions {
                button type="submit" name="intent" value="check" { "Проверить" }
                button.primary type="submit" name="intent" value="apply" { "Применить" }
            }
        }
    }
}

/// `GET /plan`.
pub async fn show(
    State(service): State<Service>,
    user: WebUser,
    Query(done): Query<Done>,
) -> Result<Response, PageError> {
    let mut versions = service.plan_versions(&user.actor).await?;
    versions.reverse();
    let newest = versions.first().map_or(0, |v| v.number);
    let content = html! {
        h1 { "План мероприятий" }
        h2 { "Версии плана" }
        @if versions.is_empty() { p.empty { "План ещё не загружался." } } @else {
            div.scroll { table.list {
                thead { tr {
                    th.num scope="col" { "Версия" }
                    th scope="col" { "Акт" }
                    th scope="col" { "Применена" }
                    th.num scope="col" { "Мероприятий" }
                    th.num scope="col" { "Показателей" }
                    th scope="col" { "Изменения" }
                } }
                tbody { @for v in &versions {
                    @let c = v.changes;
                    tr {
                        td.num { (v.number) }
                        td { (v.act.label()) }
                        td.nowrap { (words::date(service.region().local_date(v.applied_at))) ", " (v.applied_by) }
                        td.num { (v.events) }
                        td.num { (v.indicators) }
                        td {
                            a href={"/plan/diff?from=" (v.number.saturating_sub(1)) "&to=" (v.number)} {
                                "мероприятия +" (c.events_added) " ~" (c.events_changed) " −" (c.events_removed)
                                ", показатели +" (c.indicators_added) " ~" (c.indicators_changed) " −" (c.indicators_removed)
                            }
                        }
                    }
                } }
            } }
            form.filters method="get" action="/plan/diff" {
                div {
                    label for="from" { "Сравнить версию" }
                    select #from name="from" {
                        option value="0" { "пустой план" }
                        @for v in &versions { option value=(v.number) { (v.number) } }
                    }
                }
                div {
                    label for="to" { "с версией" }
                    select #to name="to" {
                        @for v in &versions { option value=(v.number) selected[v.number == newest] { (v.number) } }
                    }
                }
                div.actions { button type="submit" { "Сравнить" } }
            }
        }
        (upload_form(&user, "", ""))
    };
    Ok(layout::page(
        &user,
        "План мероприятий",
        "/plan",
        layout::flash(done.done.as_deref()),
        content,
    ))
}

/// What the upload form sent.
#[derive(Default)]
struct Upload {
    csrf: Option<String>,
    act: String,
    act_date: String,
    intent: String,
    events: Option<(String, Bytes)>,
    indicators: Option<(String, Bytes)>,
    workbook: Option<(String, Bytes)>,
}

async fn read_upload(mut form: Multipart) -> Result<Upload, PageError> {
    let bad = |e: axum::extract::multipart::MultipartError| {
        PageError::bad_form(format!("форма не прочитана: {}", e.body_text()))
    };
    let mut upload = Upload::default();
    while let Some(field) = form.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_owned();
        let file = field.file_name().map(ToOwned::to_owned);
        let bytes = field.bytes().await.map_err(bad)?;
        let text = || String::from_utf8_lossy(&bytes).trim().to_owned();
        // A file input left empty is sent as a part without a name or bytes.
        let file_part = || {
            let file = file.clone().unwrap_or_default();
            (!bytes.is_empty()).then(|| {
                let label = if file.is_empty() {
                    format!("{name}.csv")
                } else {
                    file
                };
                (label, bytes.clone())
            })
        };
        match name.as_str() {
            CSRF_FIELD => upload.csrf = Some(text()),
            "act" => upload.act = text(),
            "act_date" => upload.act_date = text(),
            "intent" => upload.intent = text(),
            "events" => upload.events = file_part(),
            "indicators" => upload.indicators = file_part(),
            "workbook" => upload.workbook = file_part(),
            _ => {}
        }
    }
    Ok(upload)
}

/// The result of a check (or of an apply the problems stopped).
fn check_page(user: &WebUser, upload: &Upload, outcome: &ImportOutcome, refused: bool) -> Response {
    let status = if refused {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let content = html! {
        p.crumbs { a href="/plan" { "План мероприятий" } " / проверка" }
        h1 { "Проверка плана по акту № " (upload.act) }
        @if outcome.problems.is_empty() {
            p.notice.ok role="status" { "Ошибок нет: план можно применить." }
        } @else {
            p.notice.error role="alert" {
                @if refused { "План не применён. " }
                "Исправьте ошибки в файлах и загрузите их снова."
            }
            (problems_table(&outcome.problems))
        }
        h2 { "Изменения против действующего плана" }
        (diff_markup(&outcome.diff))
        (upload_form(user, &upload.act, &upload.act_date))
    };
    (
        status,
        layout::page(user, "Проверка плана", "/plan", None, content),
    )
        .into_response()
}

/// `POST /plan/import`: `intent=check` shows the problems and the changes
/// and writes nothing; `intent=apply` applies the plan in one step.
pub async fn import(
    State(service): State<Service>,
    user: WebUser,
    form: Multipart,
) -> Result<Response, PageError> {
    let upload = read_upload(form).await?;
    user.check_csrf(upload.csrf.as_deref())?;
    let dry_run = match upload.intent.as_str() {
        "check" | "" => true,
        "apply" => false,
        _ => return Err(PageError::bad_form("не выбрано действие")),
    };
    let mut problems = Vec::new();
    let date = crate::web::form::date("act_date", &upload.act_date, &mut problems);
    let Some(date) = date else {
        return Err(PageError::bad_form(if problems.is_empty() {
            "укажите дату акта".to_owned()
        } else {
            format!("дата акта: «{}» не дата", upload.act_date)
        }));
    };
    let act = AmendingAct {
        number: upload.act.clone(),
        date,
    };
    let read = || {
        plan_from_parts(
            upload.events.clone(),
            upload.indicators.clone(),
            upload.workbook.clone(),
        )
        .ok_or_else(|| {
            PageError::bad_form(
                "выберите книгу XLSX или одну-две таблицы CSV (но не книгу вместе с таблицами)",
            )
        })
    };
    let checked = import_read(&service, &user.actor, read()?, act.clone(), true).await?;
    if dry_run || !checked.problems.is_empty() {
        return Ok(check_page(&user, &upload, &checked, !dry_run));
    }
    import_read(&service, &user.actor, read()?, act, false).await?;
    Ok(Redirect::to("/plan?done=imported").into_response())
}

/// The query of `GET /plan/diff`.
#[derive(Debug, Default, Deserialize)]
pub struct DiffForm {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

/// `GET /plan/diff?from=&to=`: what changed between two versions (`to`
/// empty: the plan in force).
pub async fn diff(
    State(service): State<Service>,
    user: WebUser,
    Query(form): Query<DiffForm>,
) -> Result<Response, PageError> {
    let from = optional::<u32>(&form.from, "с версии")?.unwrap_or(0);
    let to = optional::<u32>(&form.to, "по версию")?;
    let diff = service.plan_diff(&user.actor, from, to).await?;
    let to_text = to.map_or_else(
        || "действующему плану".to_owned(),
        |n| format!("версии {n}"),
    );
    let from_text = if from == 0 {
        "пустого плана".to_owned()
    } else {
        format!("версии {from}")
    };
    let content = html! {
        p.crumbs { a href="/plan" { "План мероприятий" } " / сравнение" }
        h1 { "Изменения от " (from_text) " к " (to_text) }
        (diff_markup(&diff))
    };
    Ok(layout::page(
        &user,
        "Сравнение версий плана",
        "/plan",
        None,
        content,
    ))
}

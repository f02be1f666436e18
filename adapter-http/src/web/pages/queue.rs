//! The Analyst's and the Head's queue: the reports waiting for their check
//! or approval, each openable, and bulk accept/approve with a result per
//! report (one refusal does not undo the others).

use axum::extract::State;
use axum::response::Response;
use maud::{Markup, html};
use stratmon_core::calendar::ReportingPeriod;
use stratmon_core::model::{EventId, MonthlyReport, Role};
use stratmon_core::report::Action;
use stratmon_core::status::{InboxItem, InboxTask};
use stratmon_core::{Error, Service};

use super::inbox::link;
use crate::web::error::PageError;
use crate::web::form::Fields;
use crate::web::layout::{self, csrf_field};
use crate::web::session::WebUser;
use crate::web::words;

/// One waiting report with its current revision.
struct Waiting {
    item: InboxItem,
    report: MonthlyReport,
}

async fn waiting(service: &Service, user: &WebUser) -> Result<Vec<Waiting>, PageError> {
    let mut out = Vec::new();
    for item in service.inbox(&user.actor).await? {
        if !matches!(item.task, InboxTask::CheckReport | InboxTask::ApproveReport) {
            continue;
        }
        let (Some(event), Some(period)) = (&item.event, item.period) else {
            continue;
        };
        let report = service.get_report(&user.actor, event, period).await?;
        out.push(Waiting { item, report });
    }
    Ok(out)
}

/// The key of a report in the bulk form: `event|year|month|version`.
fn key(w: &Waiting) -> String {
    format!(
        "{}|{}|{}|{}",
        w.report.event, w.report.period.year, w.report.period.month, w.report.version
    )
}

fn parse_key(key: &str) -> Option<(EventId, ReportingPeriod, u64)> {
    let mut parts = key.split('|');
    let event = parts.next()?.parse().ok()?;
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let version = parts.next()?.parse().ok()?;
    Some((event, ReportingPeriod::new(year, month).ok()?, version))
}

/// The outcome of one bulk item.
struct Outcome {
    what: String,
    result: Result<(), String>,
}

fn page(user: &WebUser, list: &[Waiting], outcomes: &[Outcome]) -> Response {
    let content: Markup = html! {
        h1 { "Проверка отчётов" }
        @if !outcomes.is_empty() {
            section.notice role="status" {
                h2 { "Результат" }
                ul.outcomes { @for o in outcomes {
                    li class=@if o.result.is_ok() { "ok" } @else { "error" } {
                        (o.what) ": "
                        @match &o.result { Ok(()) => "выполнено", Err(e) => (e) }
                    }
                } }
            }
        }
        @if list.is_empty() {
            p.empty { "Отчётов, ждущих вашего решения, нет." }
        } @else {
            form method="post" action="/queue" {
                (csrf_field(user))
                div.scroll { table.list {
                    thead { tr {
                        th scope="col" { input #select-all type="checkbox" data-select-all="item" aria-label="Выбрать все"; }
                        th scope="col" { "Срок" } th scope="col" { "Мероприятие" } th scope="col" { "Месяц" } th scope="col" { "Ждёт" } th scope="col" { "Направлен" }
                    } }
                    tbody { @for (i, w) in list.iter().enumerate() {
                        tr.overdue[w.item.overdue] {
                            td { input type="checkbox" name="item" value=(key(w)) id={"item-" (i)} aria-label={"Выбрать " (w.report.event)}; }
                            td.nowrap { (words::date(w.item.due)) @if w.item.overdue { " " span.badge.red { "просрочено" } } }
                            td { a href=(link(&w.item)) { span.code { (w.report.event) } " " (w.item.title) } }
                            td { (words::month(w.report.period.year, w.report.period.month)) }
                            td { (words::task(w.item.task)) }
                            td.nowrap {
                                @if let Some(at) = w.report.workflow.submitted_at { (words::date(at.date_naive())) }
                                @if w.report.workflow.late { " " span.badge.yellow { "с опозданием" } }
                            }
                        }
                    } }
                } }
                div.actions {
                    @if user.has(Role::Analyst) { button.primary type="submit" name="action" value="accept" { "Принять выбранные" } }
                    @if user.has(Role::Head) { button.primary type="submit" name="action" value="approve" { "Утвердить выбранные" } }
                }
            }
        }
    };
    layout::page(user, "Проверка отчётов", "/queue", None, content)
}

/// `GET /queue`.
pub async fn show(State(service): State<Service>, user: WebUser) -> Result<Response, PageError> {
    let list = waiting(&service, &user).await?;
    Ok(page(&user, &list, &[]))
}

/// A refusal in a sentence for the result list.
fn refusal(e: &Error) -> String {
    match e {
        Error::Validation { problems } => problems
            .iter()
            .map(|p| format!("{}: {}", words::field(&p.field), words::problem(&p.message)))
            .collect::<Vec<_>>()
            .join("; "),
        Error::Conflict { .. } => "отчёт изменился; откройте его заново".into(),
        Error::InvalidTransition { state, .. } => {
            format!("отчёт в состоянии «{}»", words::state_name(state))
        }
        Error::PermissionDenied { reason } => format!("нет права: {}", words::problem(reason)),
        Error::NotFound { .. } => "отчёт не найден".into(),
        _ => "не выполнено из-за внутренней ошибки".into(),
    }
}

/// `POST /queue`: accepts or approves every selected report on its own.
pub async fn bulk(
    State(service): State<Service>,
    user: WebUser,
    fields: Fields,
) -> Result<Response, PageError> {
    user.check_csrf(fields.csrf())?;
    let action = match fields.get("action") {
        Some("accept") => Action::Accept,
        Some("approve") => Action::Approve,
        _ => return Err(PageError::bad_form("не выбрано действие")),
    };
    let mut outcomes = Vec::new();
    for item in fields.all("item") {
        let Some((event, period, version)) = parse_key(item) else {
            return Err(PageError::bad_form(format!("неверный отчёт «{item}»")));
        };
        let result = service
            .transition_report(&user.actor, &event, period, version, action, None)
            .await
            .map(|_| ())
            .map_err(|e| refusal(&e));
        if result.is_err() {
            tracing::info!(%event, %period, ?action, "bulk item refused");
        }
        outcomes.push(Outcome {
            what: format!("{event}, {}", words::month(period.year, period.month)),
            result,
        });
    }
    if outcomes.is_empty() {
        return Err(PageError::bad_form("не выбран ни один отчёт"));
    }
    let list = waiting(&service, &user).await?;
    Ok(page(&user, &list, &outcomes))
}

//! The monthly report of one event: the Planner's form (facts with last
//! month's value and the year's plan beside them, control-point dates,
//! expenditures by source, progress, explanations), and for the Analyst and
//! Head the report as submitted, what changed since the previous revision,
//! and the chain's actions.
//!
//! Which actions are offered follows the core's transition table and role
//! requirements; the core still checks every one when it is fired.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use stratmon_core::calendar::{ReportingPeriod, monthly_window};
use stratmon_core::model::{
    ControlPointId, Event, EventId, FundingSource, Indicator, IndicatorId, MonthlyReport,
    ReportContent,
};
use stratmon_core::report::{Action, ReportState};
use stratmon_core::{Error, ErrorKind, Problem, Service, Severity};

use super::{Done, action_named, offered};
use crate::web::error::PageError;
use crate::web::form::{self, Fields};
use crate::web::layout::{self, csrf_field};
use crate::web::session::WebUser;
use crate::web::words;

type ReportPath = Path<(String, i32, u32)>;

fn target(path: (String, i32, u32)) -> Result<(EventId, ReportingPeriod), PageError> {
    let (id, year, month) = path;
    let event = id.parse().map_err(|_| Error::not_found("event", &id))?;
    let period = ReportingPeriod::new(year, month)
        .map_err(|_| Error::not_found("report", format!("{id}/{year}-{month}")))?;
    Ok((event, period))
}

/// Everything the page shows besides the form values.
struct Context {
    event: Event,
    period: ReportingPeriod,
    indicators: Vec<Indicator>,
    report: Option<MonthlyReport>,
    /// Last month's current revision, for the value beside each fact; none
    /// in January, as year-to-date figures start again.
    previous: Option<MonthlyReport>,
    /// The revision before the current one, for the changes.
    earlier_revision: Option<MonthlyReport>,
    window: Option<stratmon_core::calendar::SubmissionWindow>,
    /// Control points already reached by earlier reports, so the Planner
    /// need not type those dates again.
    reached: BTreeMap<ControlPointId, chrono::NaiveDate>,
    /// The region's time zone, for times people read.
    zone: chrono_tz::Tz,
}

async fn optional<T>(r: stratmon_core::Result<T>) -> Result<Option<T>, PageError> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

async fn context(
    service: &Service,
    user: &WebUser,
    event: &EventId,
    period: ReportingPeriod,
) -> Result<Context, PageError> {
    let event = service.get_event(&user.actor, event).await?;
    let mut indicators = service
        .list_indicators(&user.actor, Some(&event.id))
        .await?;
    indicators.retain(|i| !i.fields.excluded);
    let report = optional(service.get_report(&user.actor, &event.id, period).await).await?;
    let previous = if period.month > 1 {
        optional(
            service
                .get_report(&user.actor, &event.id, period.previous())
                .await,
        )
        .await?
    } else {
        None
    };
    let history = match &report {
        Some(_) => {
            service
                .report_history(&user.actor, &event.id, period)
                .await?
        }
        None => Vec::new(),
    };
    let earlier_revision = report.as_ref().and_then(|r| {
        history
            .iter()
            .rev()
            .find(|h| h.workflow.revision < r.workflow.revision)
            .cloned()
    });
    let window = service
        .get_participant(&user.actor, &event.plan.responsible)
        .await
        .ok()
        .map(|p| monthly_window(period, p.settings.window));
    let reached = service
        .event_status(&user.actor, &event.id)
        .await?
        .control_points
        .into_iter()
        .filter_map(|view| view.actual.map(|date| (view.control_point.id, date)))
        .collect();
    Ok(Context {
        event,
        period,
        indicators,
        report,
        previous,
        earlier_revision,
        window,
        reached,
        zone: service.region().time_zone(),
    })
}

/// What the form fields hold, as text: from the stored content, or as the
/// user typed it when it comes back with problems.
#[derive(Debug, Default)]
struct Values {
    version: u64,
    progress: String,
    points: BTreeMap<String, String>,
    facts: BTreeMap<String, String>,
    spent: BTreeMap<String, String>,
    why: BTreeMap<String, String>,
}

impl Values {
    fn of(report: Option<&MonthlyReport>) -> Self {
        let Some(report) = report else {
            return Self::default();
        };
        let c = &report.content;
        Self {
            version: report.version,
            progress: c.progress.clone(),
            points: c
                .control_points
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            facts: c
                .indicator_facts
                .iter()
                .map(|(k, v)| (k.to_string(), words::input_number(*v)))
                .collect(),
            spent: c
                .expenditures
                .iter()
                .map(|(k, v)| (k.code().to_owned(), words::input_number(*v)))
                .collect(),
            why: c.explanations.clone(),
        }
    }

    fn from_form(fields: &Fields) -> Result<Self, PageError> {
        let own = |prefix: &str| -> BTreeMap<String, String> {
            fields
                .prefixed(prefix)
                .map(|(k, v)| (k.to_owned(), v.trim().to_owned()))
                .filter(|(_, v)| !v.is_empty())
                .collect()
        };
        Ok(Self {
            version: fields.number("version")?,
            progress: fields.get("progress").unwrap_or("").trim().to_owned(),
            points: own("cp"),
            facts: own("fact"),
            spent: own("spent"),
            why: own("why"),
        })
    }

    /// The content to save, or the problems of fields that are not numbers
    /// or dates at all (the core judges the rest).
    fn content(&self) -> Result<ReportContent, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut content = ReportContent {
            progress: self.progress.clone(),
            explanations: self.why.clone(),
            ..ReportContent::default()
        };
        for (id, text) in &self.points {
            let field = format!("control_points.{id}");
            match (
                id.parse::<ControlPointId>(),
                form::date(&field, text, &mut problems),
            ) {
                (Ok(id), Some(date)) => {
                    content.control_points.insert(id, date);
                }
                (Err(_), _) => {
                    problems.push(Problem::error(field, "неизвестная контрольная точка"))
                }
                _ => {}
            }
        }
        for (id, text) in &self.facts {
            let field = format!("indicator_facts.{id}");
            match (
                id.parse::<IndicatorId>(),
                form::decimal(&field, text, &mut problems),
            ) {
                (Ok(id), Some(value)) => {
                    content.indicator_facts.insert(id, value);
                }
                (Err(_), _) => problems.push(Problem::error(field, "неизвестный показатель")),
                _ => {}
            }
        }
        for (code, text) in &self.spent {
            let field = format!("expenditures.{code}");
            let source = FundingSource::ALL.into_iter().find(|s| s.code() == code);
            match (source, form::decimal(&field, text, &mut problems)) {
                (Some(source), Some(value)) => {
                    content.expenditures.insert(source, value);
                }
                (None, _) => problems.push(Problem::error(field, "неизвестный источник")),
                _ => {}
            }
        }
        if problems.is_empty() {
            Ok(content)
        } else {
            Err(problems)
        }
    }
}

/// The problems of one field, shown beside it.
fn problems_of<'a>(
    problems: &'a [Problem],
    field: &'a str,
) -> impl Iterator<Item = &'a Problem> + 'a {
    problems.iter().filter(move |p| p.field == field)
}

fn field_problems(problems: &[Problem], field: &str, id: &str) -> Markup {
    html! {
        @for p in problems_of(problems, field) {
            @let warning = p.severity == Severity::Warning;
            @let text = words::problem(&p.message);
            p id=(id) role="alert" class={"field-problem " @if warning { "warning" } @else { "error" }} {
                (text)
                @if warning && !text.contains("пояснение") { " (можно пояснить ниже)" }
            }
        }
    }
}

/// A safe id for a DOM element from a field path.
fn dom_id(field: &str) -> String {
    field
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

fn state_line(ctx: &Context) -> Markup {
    html! {
        p.state {
            @match &ctx.report {
                Some(r) => {
                    "Редакция " (r.workflow.revision) ": " strong { (words::report_state(r.workflow.state)) }
                    @if r.workflow.late { " " span.badge.yellow { "представлен с опозданием" } }
                }
                None => { strong { "отчёт ещё не начат" } }
            }
        }
        @if let Some(w) = ctx.window {
            p.window {
                "Окно подачи: с " (words::date(w.opens)) " по " (words::date(w.closes)) "."
                " Отчёт, направленный после закрытия окна, отмечается как поданный с опозданием."
            }
        }
        @if let Some(r) = &ctx.report {
            @if let Some(step) = r.workflow.history.iter().rev().find(|s| s.action == Action::Return) {
                @if r.workflow.state == ReportState::Returned {
                    div.notice.warning role="status" {
                        p { strong { "Возвращён на доработку" } " (" (step.by) ", " (step.at.with_timezone(&ctx.zone).format("%d.%m.%Y %H:%M")) "):" }
                        @if let Some(c) = &step.comment { p.comment { (c) } }
                    }
                }
            }
        }
    }
}

fn render_form(ctx: &Context, user: &WebUser, values: &Values, problems: &[Problem]) -> Markup {
    let year = ctx.period.year;
    let previous = ctx.previous.as_ref().map(|r| &r.content);
    let action = format!(
        "/events/{}/reports/{}/{}",
        ctx.event.id, year, ctx.period.month
    );
    let general: Vec<&Problem> = problems
        .iter()
        .filter(|p| {
            !(p.field.starts_with("indicator_facts.")
                || p.field.starts_with("control_points.")
                || p.field.starts_with("expenditures.")
                || p.field == "progress")
        })
        .collect();
    html! {
        @if !problems.is_empty() {
            div.notice.error role="alert" {
                p { strong { "Отчёт не сохранён." } " Исправьте отмеченные поля." }
                @if !general.is_empty() {
                    ul { @for p in general { li { (words::field(&p.field)) ": " (words::problem(&p.message)) } } }
                }
            }
        }
        form.report method="post" action=(action) novalidate {
            (csrf_field(user))
            input type="hidden" name="version" value=(values.version);
            fieldset {
                legend { "Целевые показатели (нарастающим итогом с начала года)" }
                @if ctx.indicators.is_empty() { p.empty { "У мероприятия нет показателей." } }
                @for ind in &ctx.indicators {
                    @let field = format!("indicator_facts.{}", ind.id);
                    @let id = dom_id(&field);
                    div.row {
                        label for=(id) { (ind.fields.name) ", " (ind.fields.unit) }
                        input id=(id) name={"fact." (ind.id)} inputmode="decimal" value=(values.facts.get(ind.id.as_str()).map(String::as_str).unwrap_or(""))
                            aria-describedby={(id) "-hint " (id) "-problem"};
                        p.hint id={(id) "-hint"} {
                            "Прошлый месяц: "
                            @match previous.and_then(|c| c.indicator_facts.get(&ind.id)) { Some(v) => (words::number(*v)), None => "—" }
                            "; план на " (year) ": "
                            @match ind.fields.plan.get(&year) { Some(v) => (words::number(*v)), None => "—" }
                        }
                        (field_problems(problems, &field, &format!("{id}-problem")))
                        label.why for={(id) "-why"} { "Пояснение" }
                        input.why id={(id) "-why"} name={"why." (field)} value=(values.why.get(&field).map(String::as_str).unwrap_or(""));
                    }
                }
            }
            fieldset {
                legend { "Контрольные точки: фактические даты" }
                @if ctx.event.card.control_points.is_empty() { p.empty { "Контрольных точек нет." } }
                @for cp in &ctx.event.card.control_points {
                    @let field = format!("control_points.{}", cp.id);
                    @let id = dom_id(&field);
                    div.row {
                        label for=(id) { (cp.title) " (план: " (words::date(cp.planned)) ")" }
                        input id=(id) type="date" name={"cp." (cp.id)} value=(values.points.get(cp.id.as_str()).map(String::as_str).unwrap_or(""))
                            aria-describedby={(id) "-hint " (id) "-problem"};
                        @if let Some(date) = ctx.reached.get(&cp.id) {
                            p.hint id={(id) "-hint"} { "Уже отмечена в отчётности: " (words::date(*date)) "; повторять не нужно." }
                        }
                        (field_problems(problems, &field, &format!("{id}-problem")))
                    }
                }
            }
            fieldset {
                legend { "Расходы с начала года по источникам, руб." }
                @for source in FundingSource::ALL {
                    @let field = format!("expenditures.{}", source.code());
                    @let id = dom_id(&field);
                    div.row {
                        label for=(id) { (words::funding_source(source)) }
                        input id=(id) name={"spent." (source.code())} inputmode="decimal" value=(values.spent.get(source.code()).map(String::as_str).unwrap_or(""))
                            aria-describedby={(id) "-hint " (id) "-problem"};
                        p.hint id={(id) "-hint"} {
                            "Прошлый месяц: "
                            @match previous.and_then(|c| c.expenditures.get(&source)) { Some(v) => (words::number(*v)), None => "—" }
                        }
                        (field_problems(problems, &field, &format!("{id}-problem")))
                        label.why for={(id) "-why"} { "Пояснение" }
                        input.why id={(id) "-why"} name={"why." (field)} value=(values.why.get(&field).map(String::as_str).unwrap_or(""));
                    }
                }
            }
            fieldset {
                legend { "Ход исполнения" }
                label for="progress" { "Что сделано за период" }
                textarea #progress name="progress" rows="6" aria-describedby="progress-problem" { (values.progress) }
                (field_problems(problems, "progress", "progress-problem"))
            }
            div.actions {
                button type="submit" name="intent" value="save" { "Сохранить черновик" }
                button.primary type="submit" name="intent" value="submit" { "Направить на проверку" }
            }
        }
    }
}

fn show_content(ctx: &Context, report: &MonthlyReport) -> Markup {
    let c = &report.content;
    // After a return, compare with what was returned; otherwise with the
    // previous revision, if the report was reopened.
    let before = report
        .returned_content
        .as_ref()
        .or(ctx.earlier_revision.as_ref().map(|r| &r.content));
    let changed = |now: Option<String>, then: Option<String>| -> Markup {
        match before {
            Some(_) if now != then => {
                html! { " " span.badge.yellow title={"было: " (then.unwrap_or_else(|| "—".into()))} { "изменено" } }
            }
            _ => html! {},
        }
    };
    html! {
        @if report.returned_content.is_some() {
            p.hint { "Отметка «изменено» — отличие от возвращённого на доработку варианта; прежнее значение — в подсказке и в столбце «Было»." }
        } @else if let Some(earlier) = &ctx.earlier_revision {
            p.hint { "Отметка «изменено» — отличие от редакции " (earlier.workflow.revision) "; прежнее значение — в подсказке и в столбце «Было»." }
        }
        h2 { "Целевые показатели" }
        div.scroll { table.list {
            thead { tr { th scope="col" { "Показатель" } th scope="col" { "Факт с начала года" } th scope="col" { "Прошлый месяц" } th scope="col" { "План на год" } @if before.is_some() { th scope="col" { "Было" } } th scope="col" { "Пояснение" } } }
            tbody { @for ind in &ctx.indicators {
                @let now = c.indicator_facts.get(&ind.id).copied();
                @let then = before.and_then(|b| b.indicator_facts.get(&ind.id).copied());
                tr {
                    td { (ind.fields.name) ", " (ind.fields.unit) }
                    td.num { @match now { Some(v) => (words::number(v)), None => "—" } (changed(now.map(words::number), then.map(words::number))) }
                    td.num { @match ctx.previous.as_ref().and_then(|p| p.content.indicator_facts.get(&ind.id)) { Some(v) => (words::number(*v)), None => "—" } }
                    td.num { @match ind.fields.plan.get(&ctx.period.year) { Some(v) => (words::number(*v)), None => "—" } }
                    @if before.is_some() { td.num { @match then { Some(v) => (words::number(v)), None => "—" } } }
                    td { (c.explanations.get(&format!("indicator_facts.{}", ind.id)).map(String::as_str).unwrap_or("")) }
                }
            } }
        } }
        h2 { "Контрольные точки" }
        div.scroll { table.list {
            thead { tr { th scope="col" { "Контрольная точка" } th scope="col" { "План" } th scope="col" { "Факт" } } }
            tbody { @for cp in &ctx.event.card.control_points {
                @let now = c.control_points.get(&cp.id).copied();
                @let then = before.and_then(|b| b.control_points.get(&cp.id).copied());
                tr {
                    td { (cp.title) }
                    td.nowrap { (words::date(cp.planned)) }
                    td.nowrap { @match now { Some(d) => (words::date(d)), None => "—" } (changed(now.map(words::date), then.map(words::date))) }
                }
            } }
        } }
        h2 { "Расходы с начала года, руб." }
        div.scroll { table.list {
            thead { tr { th scope="col" { "Источник" } th scope="col" { "Сумма" } th scope="col" { "Пояснение" } } }
            tbody { @for source in FundingSource::ALL {
                @let now = c.expenditures.get(&source).copied();
                @let then = before.and_then(|b| b.expenditures.get(&source).copied());
                tr {
                    td { (words::funding_source(source)) }
                    td.num { @match now { Some(v) => (words::number(v)), None => "—" } (changed(now.map(words::number), then.map(words::number))) }
                    td { (c.explanations.get(&format!("expenditures.{}", source.code())).map(String::as_str).unwrap_or("")) }
                }
            } }
        } }
        h2 { "Ход исполнения" (changed(Some(c.progress.clone()), before.map(|b| b.progress.clone()))) }
        p.progress { (c.progress) }
    }
}

/// The chain's actions the user is offered on the current revision.
fn actions(ctx: &Context, user: &WebUser, report: &MonthlyReport) -> Markup {
    let state = report.workflow.state;
    let base = format!(
        "/events/{}/reports/{}/{}",
        ctx.event.id, ctx.period.year, ctx.period.month
    );
    let remarks: Vec<(String, String)> = ctx
        .indicators
        .iter()
        .map(|i| (format!("indicator_facts.{}", i.id), i.fields.name.clone()))
        .chain(
            ctx.event
                .card
                .control_points
                .iter()
                .map(|cp| (format!("control_points.{}", cp.id), cp.title.clone())),
        )
        .chain(std::iter::once((
            "progress".to_owned(),
            "Ход исполнения".to_owned(),
        )))
        .collect();
    html! {
        div.chain {
            @for action in [Action::Accept, Action::Approve] {
                @if offered(user, state, action) {
                    form method="post" action={(base) "/" (action)} {
                        (csrf_field(user))
                        input type="hidden" name="version" value=(report.version);
                        button.primary type="submit" { (words::action(action)) }
                    }
                }
            }
            @if offered(user, state, Action::Return) {
                form.return method="post" action={(base) "/return"} {
                    (csrf_field(user))
                    input type="hidden" name="version" value=(report.version);
                    h2 { "Вернуть на доработку" }
                    label for="comment" { "Комментарий (обязательно)" }
                    textarea #comment name="comment" rows="3" required {}
                    details {
                        summary { "Замечания к отдельным полям" }
                        @for (i, (field, name)) in remarks.iter().enumerate() {
                            label for={"remark-" (i)} { (name) }
                            input id={"remark-" (i)} name={"remark." (field)};
                        }
                    }
                    button type="submit" { (words::action(Action::Return)) }
                }
            }
            @if offered(user, state, Action::Reopen) {
                form method="post" action={(base) "/reopen"} {
                    (csrf_field(user))
                    input type="hidden" name="version" value=(report.version);
                    label for="reason" { "Причина новой редакции (обязательно)" }
                    input #reason name="comment" required;
                    button type="submit" { (words::action(Action::Reopen)) }
                }
            }
        }
    }
}

fn render(
    ctx: &Context,
    user: &WebUser,
    values: Option<&Values>,
    problems: &[Problem],
    flash: Option<&str>,
    status: StatusCode,
) -> Response {
    let title = format!(
        "Отчёт за {}",
        words::month(ctx.period.year, ctx.period.month)
    );
    let state = ctx
        .report
        .as_ref()
        .map_or(ReportState::Draft, |r| r.workflow.state);
    let editable = state.is_editable()
        && user.has(stratmon_core::model::Role::Planner)
        && ctx.event.plan.responsible == user.user.participant;
    let zone = ctx.zone;
    let content = html! {
        p.crumbs { a href="/events" { "Мероприятия" } " / " a href={"/events/" (ctx.event.id)} { (ctx.event.id) } " / " (title) }
        h1 { (title) ": " (ctx.event.plan.title) }
        (state_line(ctx))
        @if editable {
            @let stored = Values::of(ctx.report.as_ref());
            (render_form(ctx, user, values.unwrap_or(&stored), problems))
        } @else if let Some(report) = &ctx.report {
            (show_content(ctx, report))
            (actions(ctx, user, report))
        } @else {
            p.empty { "Отчёт за этот месяц ещё не начат." }
        }
        @if let Some(report) = &ctx.report {
            @if !report.workflow.history.is_empty() {
                h2 { "История редакции " (report.workflow.revision) }
                ol.history { @for step in &report.workflow.history {
                    @let at = step.at.with_timezone(&zone);
                    li { (at.format("%d.%m.%Y %H:%M")) " — " (step.by) ": " (words::done(step.action)) @if let Some(c) = &step.comment { " — «" (c) "»" } }
                } }
            }
        }
    };
    let mut response = layout::page(user, &title, "/events", flash, content);
    *response.status_mut() = status;
    response
}

/// `GET /events/{id}/reports/{year}/{month}`.
pub async fn show(
    State(service): State<Service>,
    user: WebUser,
    Path(path): ReportPath,
    Query(done): Query<Done>,
) -> Result<Response, PageError> {
    let (event, period) = target(path)?;
    let ctx = context(&service, &user, &event, period).await?;
    Ok(render(
        &ctx,
        &user,
        None,
        &[],
        layout::flash(done.done.as_deref()),
        StatusCode::OK,
    ))
}

/// `POST /events/{id}/reports/{year}/{month}`: saves the draft, or saves
/// and submits it in one transaction (`intent=submit`). Problems come back
/// beside their fields with what was typed kept.
pub async fn save(
    State(service): State<Service>,
    user: WebUser,
    Path(path): ReportPath,
    fields: Fields,
) -> Result<Response, PageError> {
    user.check_csrf(fields.csrf())?;
    let (event, period) = target(path)?;
    let values = Values::from_form(&fields)?;
    let submit = fields.get("intent") == Some("submit");
    let outcome = match values.content() {
        Err(problems) => Err(Error::Validation { problems }),
        Ok(content) if submit => service
            .save_and_submit_report(&user.actor, &event, period, values.version, content)
            .await
            .map(|_| "submit"),
        Ok(content) => service
            .save_report(&user.actor, &event, period, values.version, content)
            .await
            .map(|_| "saved"),
    };
    match outcome {
        Ok(done) => Ok(Redirect::to(&format!(
            "/events/{event}/reports/{}/{}?done={done}",
            period.year, period.month
        ))
        .into_response()),
        Err(Error::Validation { problems }) => {
            let ctx = context(&service, &user, &event, period).await?;
            Ok(render(
                &ctx,
                &user,
                Some(&values),
                &problems,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /events/{id}/reports/{year}/{month}/{action}`: accept, approve,
/// return (the comment plus any remarks on fields), reopen.
pub async fn act(
    State(service): State<Service>,
    user: WebUser,
    Path((id, year, month, action)): Path<(String, i32, u32, String)>,
    fields: Fields,
) -> Result<Response, PageError> {
    user.check_csrf(fields.csrf())?;
    let (event, period) = target((id, year, month))?;
    let action = action_named(&action)?;
    let version: u64 = fields.number("version")?;
    let mut comment = fields.text("comment");
    let remarks: Vec<String> = fields
        .prefixed("remark")
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(field, v)| format!("— {}: {}", words::field(field), v.trim()))
        .collect();
    if !remarks.is_empty() {
        comment = format!("{comment}\n{}", remarks.join("\n"))
            .trim()
            .to_owned();
    }
    let comment = (!comment.is_empty()).then_some(comment);
    service
        .transition_report(
            &user.actor,
            &event,
            period,
            version,
            action,
            comment.as_deref(),
        )
        .await?;
    Ok(Redirect::to(&format!(
        "/events/{event}/reports/{year}/{month}?done={action}"
    ))
    .into_response())
}

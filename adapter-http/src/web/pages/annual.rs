//! The annual plan of works of one event: the Planner fills the works of the
//! plan year (what, by when, how much from which source) in December's
//! window; the Analyst and Head check and approve it like a monthly report.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use stratmon_core::calendar::SubmissionWindow;
use stratmon_core::model::{
    AnnualPlan, AnnualPlanContent, Event, EventId, FundingSource, Role, Work,
};
use stratmon_core::report::{Action, ReportState};
use stratmon_core::{Error, ErrorKind, Problem, Service};

use super::{Done, action_named, offered};
use crate::web::error::PageError;
use crate::web::form::{self, Fields};
use crate::web::layout::{self, csrf_field};
use crate::web::session::WebUser;
use crate::web::words;

/// Empty rows offered below the existing works, for new ones.
const BLANK_ROWS: usize = 3;

struct Context {
    event: Event,
    year: i32,
    plan: Option<AnnualPlan>,
    window: Option<SubmissionWindow>,
}

fn event_id(id: &str) -> Result<EventId, PageError> {
    Ok(id.parse().map_err(|_| Error::not_found("event", id))?)
}

async fn context(
    service: &Service,
    user: &WebUser,
    event: &EventId,
    year: i32,
) -> Result<Context, PageError> {
    let event = service.get_event(&user.actor, event).await?;
    let plan = match service.get_annual_plan(&user.actor, &event.id, year).await {
        Ok(plan) => Some(plan),
        Err(e) if e.kind() == ErrorKind::NotFound => None,
        Err(e) => return Err(e.into()),
    };
    let window = service
        .annual_window_for(&event.plan.responsible, year)
        .await?;
    Ok(Context {
        event,
        year,
        plan,
        window,
    })
}

/// One row of the works table as typed.
#[derive(Debug, Default, Clone)]
struct Row {
    title: String,
    date: String,
    planned: Vec<(FundingSource, String)>,
}

impl Row {
    fn of(work: &Work) -> Self {
        Self {
            title: work.title.clone(),
            date: work.control_date.to_string(),
            planned: work
                .planned
                .iter()
                .map(|(s, v)| (*s, words::input_number(*v)))
                .collect(),
        }
    }

    fn amount(&self, source: FundingSource) -> &str {
        self.planned
            .iter()
            .find(|(s, _)| *s == source)
            .map_or("", |(_, v)| v.as_str())
    }

    fn is_blank(&self) -> bool {
        self.title.is_empty()
            && self.date.is_empty()
            && self.planned.iter().all(|(_, v)| v.is_empty())
    }
}

fn rows_from_form(fields: &Fields) -> Vec<Row> {
    let count: usize = fields.text("rows").parse().unwrap_or(0).min(500);
    (0..count)
        .map(|i| Row {
            title: fields.text(&format!("work.{i}.title")),
            date: fields.text(&format!("work.{i}.date")),
            planned: FundingSource::ALL
                .into_iter()
                .map(|s| (s, fields.text(&format!("work.{i}.{}", s.code()))))
                .collect(),
        })
        .filter(|r| !r.is_blank())
        .collect()
}

/// The content to save, or the problems of cells that are not dates or
/// numbers at all (the core judges the rest).
fn content(rows: &[Row], explanation: &str) -> Result<AnnualPlanContent, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut works = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let date_field = format!("works[{i}].control_date");
        let date = form::date(&date_field, &row.date, &mut problems);
        if date.is_none() && row.date.is_empty() {
            problems.push(Problem::error(date_field, "must not be empty"));
        }
        let mut planned = std::collections::BTreeMap::new();
        for (source, text) in &row.planned {
            if let Some(v) = form::decimal(
                &format!("works[{i}].planned.{}", source.code()),
                text,
                &mut problems,
            ) {
                planned.insert(*source, v);
            }
        }
        if let Some(control_date) = date {
            works.push(Work {
                title: row.title.clone(),
                control_date,
                planned,
            });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut explanations = std::collections::BTreeMap::new();
    if !explanation.is_empty() {
        explanations.insert("works".to_owned(), explanation.to_owned());
    }
    Ok(AnnualPlanContent {
        works,
        explanations,
    })
}

fn cell_problems(problems: &[Problem], field: &str) -> Markup {
    html! { @for p in problems.iter().filter(|p| p.field == field) { p.field-problem.error role="alert" { (words::problem(&p.message)) } } }
}

fn render(
    ctx: &Context,
    user: &WebUser,
    typed: Option<(&[Row], &str)>,
    problems: &[Problem],
    flash: Option<&str>,
    status: StatusCode,
) -> Response {
    let title = format!("План работ на {} год", ctx.year);
    let state = ctx
        .plan
        .as_ref()
        .map_or(ReportState::Draft, |p| p.workflow.state);
    let base = format!("/events/{}/annual-plans/{}", ctx.event.id, ctx.year);
    let editable = state.is_editable()
        && user.has(Role::Planner)
        && ctx.event.plan.responsible == user.user.participant;
    let stored: Vec<Row> = ctx
        .plan
        .iter()
        .flat_map(|p| p.content.works.iter().map(Row::of))
        .collect();
    let stored_why = ctx
        .plan
        .as_ref()
        .and_then(|p| p.content.explanations.get("works"))
        .cloned()
        .unwrap_or_default();
    let (rows, why) = typed.unwrap_or((&stored, &stored_why));
    let general: Vec<&Problem> = problems
        .iter()
        .filter(|p| !p.field.starts_with("works["))
        .collect();
    let content = html! {
        p.crumbs { a href="/events" { "Мероприятия" } " / " a href={"/events/" (ctx.event.id)} { (ctx.event.id) } " / " (title) }
        h1 { (title) ": " (ctx.event.plan.title) }
        p.state {
            @match &ctx.plan {
                Some(p) => { "Редакция " (p.workflow.revision) ": " strong { (words::report_state(p.workflow.state)) } @if p.workflow.late { " " span.badge.yellow { "представлен с опозданием" } } }
                None => { strong { "план ещё не начат" } }
            }
        }
        @match ctx.window {
            Some(w) => p.window { "Окно подачи: с " (words::date(w.opens)) " по " (words::date(w.closes)) "." },
            None => p.window { "Для этого года регулярного окна подачи нет; нужно продление у координатора." },
        }
        @if !problems.is_empty() {
            div.notice.error role="alert" {
                p { strong { "План не сохранён." } " Исправьте отмеченные поля." }
                @if !general.is_empty() { ul { @for p in &general { li { (words::field(&p.field)) ": " (words::problem(&p.message)) } } } }
            }
        }
        @if editable {
            @let count = rows.len() + BLANK_ROWS;
            form method="post" action=(base) novalidate {
                (csrf_field(user))
                input type="hidden" name="version" value=(ctx.plan.as_ref().map_or(0, |p| p.version));
                input type="hidden" name="rows" value=(count);
                @for i in 0..count {
                    @let row = rows.get(i).cloned().unwrap_or_default();
                    fieldset {
                        legend { "Работа " (i + 1) @if i >= rows.len() { " (новая)" } }
                        label for={"work-" (i) "-title"} { "Что будет сделано" }
                        input id={"work-" (i) "-title"} name={"work." (i) ".title"} value=(row.title);
                        (cell_problems(problems, &format!("works[{i}].title")))
                        label for={"work-" (i) "-date"} { "Контрольный срок" }
                        input id={"work-" (i) "-date"} type="date" name={"work." (i) ".date"} value=(row.date);
                        (cell_problems(problems, &format!("works[{i}].control_date")))
                        @for source in FundingSource::ALL {
                            label for={"work-" (i) "-" (source.code())} { (words::funding_source(source)) ", руб." }
                            input id={"work-" (i) "-" (source.code())} name={"work." (i) "." (source.code())} inputmode="decimal" value=(row.amount(source));
                            (cell_problems(problems, &format!("works[{i}].planned.{}", source.code())))
                        }
                    }
                }
                label for="why" { "Пояснение" }
                textarea #why name="why" rows="2" { (why) }
                div.actions {
                    button type="submit" name="intent" value="save" { "Сохранить черновик" }
                    button.primary type="submit" name="intent" value="submit" { "Направить на проверку" }
                }
            }
        } @else if let Some(plan) = &ctx.plan {
            div.scroll { table.list {
                thead { tr { th scope="col" { "Работа" } th scope="col" { "Контрольный срок" } @for s in FundingSource::ALL { th.num scope="col" { (words::funding_source(s)) } } } }
                tbody { @for work in &plan.content.works {
                    tr {
                        td { (work.title) }
                        td.nowrap { (words::date(work.control_date)) }
                        @for s in FundingSource::ALL { td.num { @match work.planned.get(&s) { Some(v) => (words::number(*v)), None => "—" } } }
                    }
                } }
            } }
            div.chain {
                @for action in [Action::Accept, Action::Approve] {
                    @if offered(user, plan.workflow.state, action) {
                        form method="post" action={(base) "/" (action)} {
                            (csrf_field(user))
                            input type="hidden" name="version" value=(plan.version);
                            button.primary type="submit" { (words::action(action)) }
                        }
                    }
                }
                @for action in [Action::Return, Action::Reopen] {
                    @if offered(user, plan.workflow.state, action) {
                        form.return method="post" action={(base) "/" (action)} {
                            (csrf_field(user))
                            input type="hidden" name="version" value=(plan.version);
                            label for={"comment-" (action)} { @if action == Action::Return { "Комментарий (обязательно)" } @else { "Причина (обязательно)" } }
                            textarea id={"comment-" (action)} name="comment" rows="2" required {}
                            button type="submit" { (words::action(action)) }
                        }
                    }
                }
            }
        } @else {
            p.empty { "План работ на этот год ещё не начат." }
        }
        @if let Some(plan) = &ctx.plan {
            @if !plan.workflow.history.is_empty() {
                h2 { "История редакции " (plan.workflow.revision) }
                ol.history { @for step in &plan.workflow.history {
                    li { (words::date(step.at.date_naive())) " — " (step.by) ": " (words::done(step.action)) @if let Some(c) = &step.comment { " — «" (c) "»" } }
                } }
            }
        }
    };
    let mut response = layout::page(user, &title, "/events", flash, content);
    *response.status_mut() = status;
    response
}

/// `GET /events/{id}/annual-plans/{year}`.
pub async fn show(
    State(service): State<Service>,
    user: WebUser,
    Path((id, year)): Path<(String, i32)>,
    Query(done): Query<Done>,
) -> Result<Response, PageError> {
    let ctx = context(&service, &user, &event_id(&id)?, year).await?;
    Ok(render(
        &ctx,
        &user,
        None,
        &[],
        layout::flash(done.done.as_deref()),
        StatusCode::OK,
    ))
}

/// `POST /events/{id}/annual-plans/{year}`: saves, or saves and submits.
pub async fn save(
    State(service): State<Service>,
    user: WebUser,
    Path((id, year)): Path<(String, i32)>,
    fields: Fields,
) -> Result<Response, PageError> {
    user.check_csrf(fields.csrf())?;
    let event = event_id(&id)?;
    let version: u64 = fields.number("version")?;
    let rows = rows_from_form(&fields);
    let why = fields.text("why");
    let submit = fields.get("intent") == Some("submit");
    let outcome = match content(&rows, &why) {
        Err(problems) => Err(Error::Validation { problems }),
        // Save and submit in one transaction: a refused submission leaves
        // no half-done draft behind.
        Ok(content) if submit => service
            .save_and_submit_annual_plan(&user.actor, &event, year, version, content)
            .await
            .map(|_| "submit"),
        Ok(content) => service
            .save_annual_plan(&user.actor, &event, year, version, content)
            .await
            .map(|_| "saved"),
    };
    match outcome {
        Ok(done) => Ok(
            Redirect::to(&format!("/events/{event}/annual-plans/{year}?done={done}"))
                .into_response(),
        ),
        Err(Error::Validation { problems }) => {
            let ctx = context(&service, &user, &event, year).await?;
            Ok(render(
                &ctx,
                &user,
                Some((&rows, &why)),
                &problems,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /events/{id}/annual-plans/{year}/{action}`.
pub async fn act(
    State(service): State<Service>,
    user: WebUser,
    Path((id, year, action)): Path<(String, i32, String)>,
    fields: Fields,
) -> Result<Response, PageError> {
    user.check_csrf(fields.csrf())?;
    let event = event_id(&id)?;
    let action = action_named(&action)?;
    let version: u64 = fields.number("version")?;
    let comment = fields.text("comment");
    let comment = (!comment.is_empty()).then_some(comment);
    service
        .transition_annual_plan(
            &user.actor,
            &event,
            year,
            version,
            action,
            comment.as_deref(),
        )
        .await?;
    Ok(Redirect::to(&format!(
        "/events/{event}/annual-plans/{year}?done={action}"
    ))
    .into_response())
}

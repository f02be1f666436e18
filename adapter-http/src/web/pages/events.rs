//! The events a user sees, with filters and traffic lights, and the event
//! card: control points, indicators, the year's plan of works and the
//! reports.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::Datelike;
use maud::{Markup, html};
use serde::Deserialize;
use stratmon_core::model::{EventId, ParticipantId, Role, StrategyNodeId};
use stratmon_core::service::EventFilter;
use stratmon_core::status::{ControlPointStatus, EventStatus};
use stratmon_core::{ErrorKind, Service};

use crate::web::error::PageError;
use crate::web::layout;
use crate::web::session::WebUser;
use crate::web::words;

/// Events per page of the list.
const PAGE: usize = 50;

/// The filters of the list, as the form sends them (empty means any).
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    participant: String,
    #[serde(default)]
    direction: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    page: Option<usize>,
}

/// Every derived status with its wire word, Russian name and light.
const STATUSES: [(EventStatus, &str, &str); 4] = [
    (EventStatus::Overdue, "overdue", "red"),
    (EventStatus::DoneLate, "done_late", "yellow"),
    (EventStatus::InProgress, "in_progress", "blue"),
    (EventStatus::Done, "done", "green"),
];

/// The light class of a status.
pub fn status_light(status: EventStatus) -> Markup {
    let class = STATUSES
        .iter()
        .find(|(s, _, _)| *s == status)
        .map_or("blue", |(_, _, c)| c);
    html! { span class={"badge " (class)} { (words::event_status(status)) } }
}

fn point_light(status: ControlPointStatus) -> Markup {
    let (class, text) = match status {
        ControlPointStatus::DoneOnTime => ("green", "выполнена в срок"),
        ControlPointStatus::DoneLate => ("yellow", "выполнена с нарушением срока"),
        ControlPointStatus::Overdue => ("red", "просрочена"),
        ControlPointStatus::Pending => ("blue", "срок не наступил"),
    };
    html! { span class={"badge " (class)} { (text) } }
}

fn parse<T: std::str::FromStr>(text: &str, what: &str) -> Result<Option<T>, PageError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse()
        .map(Some)
        .map_err(|_| PageError::bad_form(format!("неверный фильтр «{what}»")))
}

/// `GET /events`.
pub async fn list(
    State(service): State<Service>,
    user: WebUser,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    let status = match query.status.as_str() {
        "" => None,
        word => Some(
            STATUSES
                .iter()
                .find(|(_, w, _)| *w == word)
                .map(|(s, _, _)| *s)
                .ok_or_else(|| PageError::bad_form("неверный фильтр «статус»"))?,
        ),
    };
    let filter = EventFilter {
        participant: parse::<ParticipantId>(&query.participant, "участник")?,
        direction: parse::<StrategyNodeId>(&query.direction, "направление")?,
        text: Some(query.text.trim().to_owned()).filter(|t| !t.is_empty()),
        status,
        include_excluded: false,
    };
    let events = service.list_events(&user.actor, &filter).await?;
    let participants = service.list_participants(&user.actor).await?;
    let names: BTreeMap<_, _> = participants
        .iter()
        .map(|p| (p.id.clone(), p.name.clone()))
        .collect();
    let strategy = service.list_strategy(&user.actor).await?;
    let pages = events.len().div_ceil(PAGE).max(1);
    let page = query.page.unwrap_or(1).clamp(1, pages);
    let shown = &events[(page - 1) * PAGE..(page * PAGE).min(events.len())];
    let mut statuses = BTreeMap::new();
    for event in shown {
        statuses.insert(
            event.id.clone(),
            service.event_status(&user.actor, &event.id).await?.status,
        );
    }
    let page_link = |n: usize| {
        format!(
            "/events?participant={}&direction={}&status={}&text={}&page={n}",
            words::url_encode(&query.participant),
            words::url_encode(&query.direction),
            words::url_encode(&query.status),
            words::url_encode(&query.text),
        )
    };
    let content = html! {
        h1 { "Мероприятия" }
        form.filters method="get" action="/events" role="search" {
            div {
                label for="participant" { "Участник" }
                select #participant name="participant" {
                    option value="" { "все" }
                    @for p in &participants {
                        option value=(p.id) selected[p.id.as_str() == query.participant] { (p.name) }
                    }
                }
            }
            div {
                label for="direction" { "Направление" }
                select #direction name="direction" {
                    option value="" { "все" }
                    @for node in &strategy {
                        option value=(node.id) selected[node.id.as_str() == query.direction] { (node.id) " " (node.title) }
                    }
                }
            }
            div {
                label for="status" { "Статус" }
                select #status name="status" {
                    option value="" { "любой" }
                    @for (s, word, _) in STATUSES {
                        option value=(word) selected[word == query.status] { (words::event_status(s)) }
                    }
                }
            }
            div {
                label for="text" { "Код или название" }
                input #text type="search" name="text" value=(query.text);
            }
            div.actions { button type="submit" { "Найти" } }
        }
        p { "Найдено: " (events.len()) }
        @if !shown.is_empty() {
            div.scroll {
                table.list {
                    thead { tr { th scope="col" { "Код" } th scope="col" { "Мероприятие" } th scope="col" { "Ответственный исполнитель" } th scope="col" { "Срок" } th scope="col" { "Статус" } } }
                    tbody {
                        @for event in shown {
                            tr {
                                td.code { a href={"/events/" (event.id)} { (event.id) } }
                                td { a href={"/events/" (event.id)} { (event.plan.title) } }
                                td { (names.get(&event.plan.responsible).cloned().unwrap_or_else(|| event.plan.responsible.to_string())) }
                                td.nowrap { (words::date(event.plan.period.start)) " – " (words::date(event.plan.period.end)) }
                                td { @if let Some(s) = statuses.get(&event.id) { (status_light(*s)) } }
                            }
                        }
                    }
                }
            }
        }
        @if pages > 1 {
            nav.pages aria-label="Страницы" {
                @if page > 1 { a href=(page_link(page - 1)) rel="prev" { "← Назад" } }
                span { "Страница " (page) " из " (pages) }
                @if page < pages { a href=(page_link(page + 1)) rel="next" { "Вперёд →" } }
            }
        }
    };
    Ok(layout::page(&user, "Мероприятия", "/events", None, content))
}

/// `GET /events/{id}`: the event card.
pub async fn card(
    State(service): State<Service>,
    user: WebUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id: EventId = id
        .parse()
        .map_err(|_| stratmon_core::Error::not_found("event", &id))?;
    let event = service.get_event(&user.actor, &id).await?;
    let status = service.event_status(&user.actor, &id).await?;
    let indicators = service.list_indicators(&user.actor, Some(&id)).await?;
    let mut reports = service.list_reports(&user.actor, &id).await?;
    reports.sort_by(|a, b| {
        b.period
            .cmp(&a.period)
            .then(b.workflow.revision.cmp(&a.workflow.revision))
    });
    reports.dedup_by(|a, b| a.period == b.period);
    let year = service.today().year();
    let annual = match service.get_annual_plan(&user.actor, &id, year).await {
        Ok(plan) => Some(plan),
        Err(e) if e.kind() == ErrorKind::NotFound => None,
        Err(e) => return Err(e.into()),
    };
    let responsible = service
        .get_participant(&user.actor, &event.plan.responsible)
        .await
        .map(|p| p.name)
        .unwrap_or_else(|_| event.plan.responsible.to_string());
    let today = service.today();
    // The month a Planner reports now: the previous month.
    let (ry, rm) = if today.month() == 1 {
        (today.year() - 1, 12)
    } else {
        (today.year(), today.month() - 1)
    };
    let content = html! {
        p.crumbs { a href="/events" { "Мероприятия" } " / " span.code { (event.id) } }
        h1 { (event.plan.title) }
        p { (status_light(status.status)) }
        dl.facts {
            dt { "Ответственный исполнитель" } dd { (responsible) }
            @if !event.plan.co_executors.is_empty() {
                dt { "Соисполнители" } dd { @for (i, c) in event.plan.co_executors.iter().enumerate() { @if i > 0 { ", " } (c) } }
            }
            dt { "Направление стратегии" } dd { (event.plan.direction) }
            dt { "Срок реализации" } dd { (words::date(event.plan.period.start)) " – " (words::date(event.plan.period.end)) }
            dt { "Ожидаемый результат" } dd { (event.plan.expected_result) }
            @if let Some(person) = &event.card.responsible_person {
                dt { "Ответственное лицо" } dd { (person.full_name) ", " (person.position) ", " (person.phone) }
            }
        }
        @if user.has(Role::Planner) {
            p { a.button href={"/events/" (event.id) "/reports/" (ry) "/" (rm)} { "Отчёт за " (words::month(ry, rm)) } }
        }
        h2 { "Контрольные точки" }
        @if status.control_points.is_empty() { p.empty { "Контрольных точек нет." } } @else {
            div.scroll { table.list {
                thead { tr { th scope="col" { "Контрольная точка" } th scope="col" { "Плановая дата" } th scope="col" { "Фактическая дата" } th scope="col" { "Состояние" } } }
                tbody { @for view in &status.control_points {
                    tr {
                        td { (view.control_point.title) }
                        td.nowrap { (words::date(view.control_point.planned)) }
                        td.nowrap { @if let Some(d) = view.actual { (words::date(d)) } @else { "—" } }
                        td { (point_light(view.status)) }
                    }
                } }
            } }
        }
        @if !status.missing_reports.is_empty() {
            p.notice.error { "Не представлены отчёты за: "
                @for (i, p) in status.missing_reports.iter().enumerate() { @if i > 0 { ", " } (words::month(p.year, p.month)) } }
        }
        h2 { "Целевые показатели" }
        @if indicators.is_empty() { p.empty { "Показателей нет." } } @else {
            div.scroll { table.list {
                thead { tr { th scope="col" { "Показатель" } th scope="col" { "Единица" } th scope="col" { "План на " (year) } } }
                tbody { @for ind in &indicators {
                    tr {
                        td { (ind.fields.name) }
                        td { (ind.fields.unit) }
                        td.num { @if let Some(v) = ind.fields.plan.get(&year) { (words::number(*v)) } @else { "—" } }
                    }
                } }
            } }
        }
        h2 #annual { "План работ на " (year) " год" }
        p { a href={"/events/" (event.id) "/annual-plans/" (year)} { "Открыть план работ на " (year) " год" }
            " · " a href={"/events/" (event.id) "/annual-plans/" (year + 1)} { "на " (year + 1) " год" } }
        @if let Some(plan) = &annual {
            p { "Состояние: " (words::report_state(plan.workflow.state)) }
            div.scroll { table.list {
                thead { tr { th scope="col" { "Работа" } th scope="col" { "Контрольный срок" } th scope="col" { "Запланировано, руб." } } }
                tbody { @for work in &plan.content.works {
                    tr {
                        td { (work.title) }
                        td.nowrap { (words::date(work.control_date)) }
                        td.num { (words::number(work.planned.values().copied().sum())) }
                    }
                } }
            } }
        } @else { p.empty { "План работ на год не представлен." } }
        h2 { "Отчёты" }
        @if reports.is_empty() { p.empty { "Отчётов пока нет." } } @else {
            div.scroll { table.list {
                thead { tr { th scope="col" { "Месяц" } th scope="col" { "Редакция" } th scope="col" { "Состояние" } th scope="col" { "Направлен" } } }
                tbody { @for r in &reports {
                    tr {
                        td { a href={"/events/" (event.id) "/reports/" (r.period.year) "/" (r.period.month)} { (words::month(r.period.year, r.period.month)) } }
                        td { (r.workflow.revision) }
                        td { (words::report_state(r.workflow.state)) @if r.workflow.late { " " span.badge.yellow { "с опозданием" } } }
                        td.nowrap { @if let Some(at) = r.workflow.submitted_at { (words::date(at.date_naive())) } @else { "—" } }
                    }
                } }
            } }
        }
    };
    Ok(layout::page(
        &user,
        &event.plan.title,
        "/events",
        None,
        content,
    ))
}

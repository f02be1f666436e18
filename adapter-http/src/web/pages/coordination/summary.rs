//! The consolidated report page: totals, the per-participant and indicator
//! tables, spending by source, the two charts and the XLSX/CSV downloads.
//!
//! The figures, the files and the charts all come from the same core call
//! and the same export code as the API's `reports/summary`; the page only
//! lays them out.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::Datelike;
use maud::{Markup, html};
use rust_decimal::Decimal;
use serde::Deserialize;
use stratmon_core::Service;
use stratmon_core::status::{Achievement, EventStatus, TrafficLight};
use stratmon_core::summary::{ConsolidatedReport, ReportCounts, StatusCounts, SummaryQuery};
use stratmon_exchange::export::words::light;

use super::optional;
use crate::routes::summary::{
    CsvSection, Format, SummaryParams, chart_name, chart_svg, summary_file,
};
use crate::web::error::PageError;
use crate::web::layout;
use crate::web::pages::events::status_light;
use crate::web::session::WebUser;
use crate::web::words;

/// The page's query as the filter form and the links send it (empty means
/// the default: the last full month, everyone, every direction).
#[derive(Debug, Default, Deserialize)]
pub struct SummaryForm {
    #[serde(default)]
    year: String,
    #[serde(default)]
    month: String,
    #[serde(default)]
    participant: String,
    #[serde(default)]
    direction: String,
    #[serde(default)]
    format: String,
    #[serde(default)]
    section: String,
}

/// The month and filters asked for, read from [`SummaryForm`].
struct Filter {
    year: i32,
    month: u32,
    participant: Option<String>,
    direction: Option<String>,
}

impl Filter {
    /// The filter of `form`; the month defaults to the last full month before
    /// `service`'s today.
    fn read(service: &Service, form: &SummaryForm) -> Result<Self, PageError> {
        let today = service.today();
        let (last_year, last_month) = if today.month() == 1 {
            (today.year() - 1, 12)
        } else {
            (today.year(), today.month() - 1)
        };
        let year = optional::<i32>(&form.year, "год")?.unwrap_or(last_year);
        let month = optional::<u32>(&form.month, "месяц")?.unwrap_or(last_month);
        Ok(Self {
            year,
            month,
            participant: Some(form.participant.trim().to_owned()).filter(|p| !p.is_empty()),
            direction: Some(form.direction.trim().to_owned()).filter(|d| !d.is_empty()),
        })
    }

    /// The API parameters for a file in `format`.
    fn params(&self, format: Format, section: CsvSection) -> SummaryParams {
        SummaryParams {
            year: self.year,
            month: self.month,
            participant: self.participant.clone(),
            direction: self.direction.clone(),
            format,
            section,
        }
    }

    /// `year=…&month=…[&participant=…][&direction=…]` for links.
    fn query_string(&self) -> String {
        let mut out = format!("year={}&month={}", self.year, self.month);
        if let Some(p) = &self.participant {
            out.push_str(&format!("&participant={}", words::url_encode(p)));
        }
        if let Some(d) = &self.direction {
            out.push_str(&format!("&direction={}", words::url_encode(d)));
        }
        out
    }
}

/// The CSV tables with their wire words and Russian names.
const SECTIONS: [(CsvSection, &str, &str); 4] = [
    (CsvSection::Events, "events", "мероприятия"),
    (CsvSection::Participants, "participants", "участники"),
    (CsvSection::Indicators, "indicators", "показатели"),
    (CsvSection::Spending, "spending", "расходы"),
];

/// A share as a percentage with one decimal.
fn percent(ratio: Decimal) -> String {
    format!(
        "{} %",
        words::number((ratio * Decimal::ONE_HUNDRED).round_dp(1))
    )
}

fn light_badge(light_of: TrafficLight) -> Markup {
    let class = match light_of {
        TrafficLight::Green => "green",
        TrafficLight::Yellow => "yellow",
        TrafficLight::Red => "red",
    };
    html! { span class={"badge " (class)} { (light(light_of)) } }
}

fn achievement(a: Option<&Achievement>) -> Markup {
    html! {
        @match a {
            Some(a) => {
                @if let Some(ratio) = a.ratio { (percent(ratio)) " " }
                (light_badge(a.light))
            }
            None => "—",
        }
    }
}

fn maybe(value: Option<Decimal>) -> String {
    value.map_or_else(|| "—".to_owned(), words::number)
}

fn status_totals(counts: &StatusCounts) -> Markup {
    let rows = [
        (EventStatus::Done, counts.done),
        (EventStatus::DoneLate, counts.done_late),
        (EventStatus::Overdue, counts.overdue),
        (EventStatus::InProgress, counts.in_progress),
    ];
    html! {
        div.scroll { table.list {
            caption { "Мероприятия по статусам" }
            thead { tr { th scope="col" { "Статус" } th.num scope="col" { "Мероприятий" } } }
            tbody {
                @for (status, n) in rows {
                    tr { td { (status_light(status)) } td.num { (n) } }
                }
                tr { th scope="row" { "Всего" } td.num { strong { (counts.total) } } }
            }
        } }
    }
}

fn report_totals(counts: &ReportCounts) -> Markup {
    let rows = [
        ("Ожидается отчётов", counts.expected, ""),
        ("Утверждено", counts.approved, "green"),
        ("На проверке и утверждении", counts.in_check, "blue"),
        ("Возвращено на доработку", counts.returned, "yellow"),
        ("Черновики", counts.draft, "blue"),
        ("Представлено в срок", counts.on_time, "green"),
        ("Представлено с опозданием", counts.late, "yellow"),
        ("Не представлено", counts.missing, "red"),
    ];
    html! {
        div.scroll { table.list {
            caption { "Отчёты за месяц" }
            thead { tr { th scope="col" { "Состояние" } th.num scope="col" { "Отчётов" } } }
            tbody { @for (name, n, class) in rows {
                tr {
                    td { @if class.is_empty() { (name) } @else { span class={"badge " (class)} { (name) } } }
                    td.num { (n) }
                }
            } }
        } }
    }
}

fn participants_table(report: &ConsolidatedReport) -> Markup {
    html! {
        h2 { "По участникам" }
        @if report.participants.is_empty() { p.empty { "Нет мероприятий за этот период." } } @else {
            div.scroll { table.list {
                thead { tr {
                    th scope="col" { "Участник" }
                    th.num scope="col" { "Мероприятий" }
                    th.num scope="col" { "Выполнено" }
                    th.num scope="col" { "С нарушением срока" }
                    th.num scope="col" { "Просрочено" }
                    th.num scope="col" { "В работе" }
                    th.num scope="col" { "Отчётов ожидается" }
                    th.num scope="col" { "Утверждено" }
                    th.num scope="col" { "С опозданием" }
                    th.num scope="col" { "Не представлено" }
                } }
                tbody { @for line in &report.participants {
                    tr {
                        th scope="row" { (line.name) }
                        td.num { (line.events.total) }
                        td.num { (line.events.done) }
                        td.num { (line.events.done_late) }
                        td.num { (line.events.overdue) }
                        td.num { (line.events.in_progress) }
                        td.num { (line.reports.expected) }
                        td.num { (line.reports.approved) }
                        td.num { (line.reports.late) }
                        td.num { @if line.reports.missing > 0 { span.badge.red { (line.reports.missing) } } @else { "0" } }
                    }
                } }
            } }
        }
    }
}

fn indicators_table(report: &ConsolidatedReport) -> Markup {
    html! {
        h2 { "Целевые показатели" }
        @if report.indicators.is_empty() { p.empty { "Показателей нет." } } @else {
            div.scroll { table.list {
                thead { tr {
                    th scope="col" { "Код" }
                    th scope="col" { "Показатель" }
                    th scope="col" { "Единица" }
                    th.num scope="col" { "План на год" }
                    th.num scope="col" { "Факт" }
                    th scope="col" { "Достижение" }
                } }
                tbody { @for line in &report.indicators {
                    tr {
                        td.code { (line.indicator) }
                        td { (line.name) }
                        td { (line.unit) }
                        td.num { (maybe(line.plan)) }
                        td.num { (maybe(line.fact)) }
                        td.nowrap { (achievement(line.achievement.as_ref())) }
                    }
                } }
            } }
        }
    }
}

fn spending_table(report: &ConsolidatedReport) -> Markup {
    html! {
        h2 { "Расходы по источникам" }
        @if report.spending.is_empty() { p.empty { "Расходов нет." } } @else {
            div.scroll { table.list {
                thead { tr {
                    th scope="col" { "Источник" }
                    th.num scope="col" { "План, руб." }
                    th.num scope="col" { "Факт, руб." }
                    th.num scope="col" { "Исполнение" }
                } }
                tbody { @for line in &report.spending {
                    tr {
                        th scope="row" { (words::funding_source(line.source)) }
                        td.num { (words::number(line.planned)) }
                        td.num { (words::number(line.actual)) }
                        td.num { @if let Some(share) = line.share { (percent(share)) } @else { "—" } }
                    }
                } }
            } }
        }
    }
}

/// `GET /summary`.
pub async fn show(
    State(service): State<Service>,
    user: WebUser,
    Query(form): Query<SummaryForm>,
) -> Result<Response, PageError> {
    let filter = Filter::read(&service, &form)?;
    let query = filter.params(Format::Json, CsvSection::Events).query()?;
    let report = service.consolidated_report(&user.actor, &query).await?;
    let mut participants = service.list_participants(&user.actor).await?;
    participants.sort_by(|a, b| a.name.cmp(&b.name));
    let strategy = service.list_strategy(&user.actor).await?;
    let link = filter.query_string();
    let title = format!(
        "Сводный отчёт за {}",
        words::month(report.period.year, report.period.month)
    );
    let content = html! {
        h1 { (title) }
        p.hint { "По состоянию на " (words::date(report.as_of)) }
        form.filters method="get" action="/summary" role="search" {
            div {
                label for="year" { "Год" }
                input #year type="number" name="year" min="2000" max="2100" value=(filter.year);
            }
            div {
                label for="month" { "Месяц" }
                select #month name="month" {
                    @for (i, name) in words::MONTHS_NAMED.iter().enumerate() {
                        @let m = u32::try_from(i).unwrap_or(0) + 1;
                        option value=(m) selected[m == filter.month] { (name) }
                    }
                }
            }
            div {
                label for="participant" { "Участник" }
                select #participant name="participant" {
                    option value="" { "все" }
                    @for p in &participants {
                        option value=(p.id) selected[filter.participant.as_deref() == Some(p.id.as_str())] { (p.name) }
                    }
                }
            }
            div {
                label for="direction" { "Направление" }
                select #direction name="direction" {
                    option value="" { "все" }
                    @for node in &strategy {
                        option value=(node.id) selected[filter.direction.as_deref() == Some(node.id.as_str())] { (node.id) " " (node.title) }
                    }
                }
            }
            div.actions { button type="submit" { "Показать" } }
        }
        p.actions {
            a.button.primary href={"/summary/file?" (link) "&format=xlsx"} download { "Скачать XLSX" }
            " "
            a.button href={"/summary/file?" (link) "&format=csv&section=events"} download { "Скачать CSV" }
        }
        p.hint {
            "Другие таблицы в CSV: "
            @for (i, (_, word, name)) in SECTIONS.iter().skip(1).enumerate() {
                @if i > 0 { ", " }
                a href={"/summary/file?" (link) "&format=csv&section=" (word)} download { (name) }
            }
        }
        section {
            h2 { "Итоги" }
            (status_totals(&report.events))
            (report_totals(&report.reports))
        }
        section.charts {
            h2 { "Диаграммы" }
            img src={"/summary/charts/achievement-by-direction.svg?" (link)}
                alt="Достижение целевых показателей по направлениям стратегии";
            img src={"/summary/charts/reporting-discipline.svg?" (link)}
                alt="Своевременность представления отчётов участниками";
        }
        (participants_table(&report))
        (indicators_table(&report))
        (spending_table(&report))
    };
    Ok(layout::page(&user, &title, "/summary", None, content))
}

/// `GET /summary/file`: the XLSX workbook or one CSV table, streamed.
pub async fn file(
    State(service): State<Service>,
    user: WebUser,
    Query(form): Query<SummaryForm>,
) -> Result<Response, PageError> {
    let filter = Filter::read(&service, &form)?;
    let format = match form.format.as_str() {
        "xlsx" | "" => Format::Xlsx,
        "csv" => Format::Csv,
        _ => return Err(PageError::bad_form("формат файла: xlsx или csv")),
    };
    let section = match form.section.as_str() {
        "" => CsvSection::Events,
        word => SECTIONS
            .iter()
            .find(|(_, w, _)| *w == word)
            .map(|(s, _, _)| *s)
            .ok_or_else(|| PageError::bad_form("неизвестная таблица CSV"))?,
    };
    Ok(summary_file(&service, &user.actor, &filter.params(format, section)).await?)
}

/// `GET /summary/charts/{name}.svg`.
pub async fn chart(
    State(service): State<Service>,
    user: WebUser,
    Path(file): Path<String>,
    Query(form): Query<SummaryForm>,
) -> Result<Response, PageError> {
    let name = chart_name(&file).ok_or_else(|| stratmon_core::Error::not_found("chart", &file))?;
    let filter = Filter::read(&service, &form)?;
    let query: SummaryQuery = filter.params(Format::Json, CsvSection::Events).query()?;
    Ok(chart_svg(&service, &user.actor, name, &query).await?)
}

//! The consolidated report as files: [`write_csv`], [`write_xlsx`],
//! [`write_json`] and the SVG charts in [`charts`].
//!
//! Every export reads the same [`ConsolidatedReport`]; the Russian words for
//! states and statuses are in [`words`], so the CSV, the workbook and the
//! charts say the same thing.

pub mod charts;
mod csv;
pub mod words;
mod xlsx;

use std::io::Write;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rust_decimal::Decimal;
use stratmon_core::summary::ConsolidatedReport;

pub use csv::write_csv;
pub use xlsx::write_xlsx;

use crate::Result;

/// One table of the consolidated report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// One row per event: status, the month's report, its timeliness.
    Events,
    /// One row per participant: events by status, reports by state.
    Participants,
    /// One row per indicator: plan, fact, achievement, increments.
    Indicators,
    /// Planned and actual spending by funding source and participant.
    Spending,
}

impl Section {
    /// Every section, in the workbook's order.
    pub const ALL: [Section; 4] = [
        Section::Participants,
        Section::Events,
        Section::Indicators,
        Section::Spending,
    ];

    /// The sheet or file name, in Russian.
    pub fn title(self) -> &'static str {
        match self {
            Section::Events => "Мероприятия",
            Section::Participants => "Участники",
            Section::Indicators => "Показатели",
            Section::Spending => "Расходы",
        }
    }

    /// The name used in URLs and file names.
    pub fn slug(self) -> &'static str {
        match self {
            Section::Events => "events",
            Section::Participants => "participants",
            Section::Indicators => "indicators",
            Section::Spending => "spending",
        }
    }
}

impl FromStr for Section {
    type Err = String;

    fn from_str(text: &str) -> std::result::Result<Self, Self::Err> {
        Section::ALL
            .into_iter()
            .find(|s| s.slug() == text)
            .ok_or_else(|| {
                format!("`{text}` is not a section: events, participants, indicators or spending")
            })
    }
}

/// One cell of a table, before it is written in a given format.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Text(String),
    Number(Decimal),
    /// A share shown as a percentage (0.95 → 95 %).
    Share(Decimal),
    Count(u32),
    Empty,
}

impl Cell {
    fn text(value: impl Into<String>) -> Self {
        Self::Text(value.into())
    }

    fn number(value: Option<Decimal>) -> Self {
        value.map_or(Self::Empty, Self::Number)
    }

    fn share(value: Option<Decimal>) -> Self {
        value.map_or(Self::Empty, Self::Share)
    }
}

/// A section as a header row and data rows.
pub(crate) struct Table {
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

/// The rows of `section`.
pub(crate) fn table(report: &ConsolidatedReport, section: Section) -> Table {
    match section {
        Section::Events => Table {
            headers: vec![
                "Код",
                "Мероприятие",
                "Ответственный исполнитель",
                "Направление",
                "Статус",
                "Отчёт за месяц",
                "Своевременность",
            ],
            rows: report
                .event_lines
                .iter()
                .map(|l| {
                    vec![
                        Cell::text(l.event.as_str()),
                        Cell::text(&l.title),
                        Cell::text(l.responsible.as_str()),
                        Cell::text(l.direction.as_str()),
                        Cell::text(words::event_status(l.status)),
                        Cell::text(l.report_state.map_or("нет", words::report_state)),
                        Cell::text(l.timeliness.map_or("не требуется", words::timeliness)),
                    ]
                })
                .collect(),
        },
        Section::Participants => Table {
            headers: vec![
                "Участник",
                "Наименование",
                "Мероприятий",
                "Выполнено",
                "Выполнено с нарушением срока",
                "В работе",
                "Просрочено",
                "Отчётов ожидается",
                "Утверждено",
                "На проверке",
                "Возвращено",
                "Черновики",
                "В срок",
                "С опозданием",
                "Не представлено",
            ],
            rows: report
                .participants
                .iter()
                .map(|p| {
                    let (e, r) = (p.events, p.reports);
                    vec![
                        Cell::text(p.participant.as_str()),
                        Cell::text(&p.name),
                        Cell::Count(e.total),
                        Cell::Count(e.done),
                        Cell::Count(e.done_late),
                        Cell::Count(e.in_progress),
                        Cell::Count(e.overdue),
                        Cell::Count(r.expected),
                        Cell::Count(r.approved),
                        Cell::Count(r.in_check),
                        Cell::Count(r.returned),
                        Cell::Count(r.draft),
                        Cell::Count(r.on_time),
                        Cell::Count(r.late),
                        Cell::Count(r.missing),
                    ]
                })
                .collect(),
        },
        Section::Indicators => {
            let months = usize::try_from(report.period.month).unwrap_or(12);
            let mut headers = vec![
                "Код",
                "Показатель",
                "Ед. изм.",
                "Направленность",
                "План на год",
                "Факт",
                "Достижение",
                "Оценка",
                "Факт год назад",
            ];
            headers.extend(words::MONTHS_INCREMENT.iter().take(months));
            Table {
                headers,
                rows: report
                    .indicators
                    .iter()
                    .map(|i| {
                        let mut row = vec![
                            Cell::text(i.indicator.as_str()),
                            Cell::text(&i.name),
                            Cell::text(&i.unit),
                            Cell::text(words::direction(i.direction)),
                            Cell::number(i.plan),
                            Cell::number(i.fact),
                            Cell::share(i.achievement.and_then(|a| a.ratio)),
                            Cell::text(i.achievement.map_or("", |a| words::light(a.light))),
                            Cell::number(i.previous_year),
                        ];
                        row.extend(i.increments.iter().map(|m| Cell::number(m.value)));
                        row
                    })
                    .collect(),
            }
        }
        Section::Spending => Table {
            headers: vec![
                "Участник",
                "Источник финансирования",
                "План на год",
                "Израсходовано с начала года",
                "Исполнение",
            ],
            rows: report
                .spending
                .iter()
                .map(|l| ("Всего".to_owned(), l))
                .chain(
                    report
                        .spending_by_participant
                        .iter()
                        .flat_map(|(p, lines)| lines.iter().map(move |l| (p.to_string(), l))),
                )
                .map(|(who, l)| {
                    vec![
                        Cell::Text(who),
                        Cell::text(words::funding_source(l.source)),
                        Cell::Number(l.planned),
                        Cell::Number(l.actual),
                        Cell::share(l.share),
                    ]
                })
                .collect(),
        },
    }
}

/// The report's title: «Сводный отчёт за март 2026 г.», with the filters.
pub fn title(report: &ConsolidatedReport) -> String {
    let mut title = format!(
        "Сводный отчёт за {} {} г.",
        words::MONTHS_NAMED
            [usize::try_from(report.period.month.saturating_sub(1)).unwrap_or(0) % 12],
        report.period.year
    );
    if let Some(p) = &report.participant {
        title.push_str(&format!(", участник {p}"));
    }
    if let Some(d) = &report.direction {
        title.push_str(&format!(", направление {d}"));
    }
    title
}

/// «Сформирован 10.05.2026 12:00 (Asia/Novokuznetsk), статусы на 01.05.2026».
pub fn generated_line(report: &ConsolidatedReport, at: DateTime<Utc>, zone: Tz) -> String {
    format!(
        "Сформирован {} ({zone}), статусы на {}",
        at.with_timezone(&zone).format("%d.%m.%Y %H:%M"),
        report.as_of.format("%d.%m.%Y")
    )
}

/// The report as JSON, written as it is serialised.
///
/// # Errors
///
/// An I/O error of `out`.
pub fn write_json(report: &ConsolidatedReport, out: impl Write) -> Result<()> {
    serde_json::to_writer(out, report).map_err(|e| crate::ExchangeError::Io(e.into()))
}

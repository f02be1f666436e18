//! `reports/summary` (the consolidated report as JSON, XLSX or CSV) and
//! `reports/summary/charts/{name}.svg`.
//!
//! Files are written on a blocking thread and streamed to the client in
//! chunks as they are produced, so a large region's export does not have
//! to sit in memory twice.

use std::io::Write;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use stratmon_core::model::{ParticipantId, StrategyNodeId};
use stratmon_core::summary::{ConsolidatedReport, SummaryQuery};
use stratmon_core::{Actor, Service};
use stratmon_exchange::export::{Section, charts, write_csv, write_xlsx};
use tokio::sync::mpsc;

use crate::auth::Authenticated;
use crate::error::{ApiError, Path, Query};

/// The routes of this module.
pub fn routes() -> Router<Service> {
    Router::new()
        .route("/reports/summary", get(summary))
        .route("/reports/summary/charts/{file}", get(chart))
}

/// The file format of `GET reports/summary`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// The whole report as JSON.
    #[default]
    Json,
    /// A workbook with a sheet per section.
    Xlsx,
    /// One section as CSV for Excel in a Russian locale.
    Csv,
}

/// The table of a CSV export.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CsvSection {
    /// One row per event.
    #[default]
    Events,
    /// One row per participant.
    Participants,
    /// One row per indicator.
    Indicators,
    /// Spending by source and participant.
    Spending,
}

impl From<CsvSection> for Section {
    fn from(section: CsvSection) -> Self {
        match section {
            CsvSection::Events => Section::Events,
            CsvSection::Participants => Section::Participants,
            CsvSection::Indicators => Section::Indicators,
            CsvSection::Spending => Section::Spending,
        }
    }
}

/// The query of `GET reports/summary`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SummaryParams {
    /// The reporting year.
    pub year: i32,
    /// The reporting month, 1–12.
    pub month: u32,
    /// Only this participant's events.
    #[serde(default)]
    pub participant: Option<String>,
    /// Only events under this strategy node.
    #[serde(default)]
    pub direction: Option<String>,
    /// `json` (default), `xlsx` or `csv`.
    #[serde(default)]
    pub format: Format,
    /// For `csv`: which table (default `events`).
    #[serde(default)]
    pub section: CsvSection,
}

impl SummaryParams {
    /// The core's query for these parameters.
    pub(crate) fn query(&self) -> Result<SummaryQuery, stratmon_core::Error> {
        Ok(SummaryQuery {
            year: self.year,
            month: self.month,
            participant: self
                .participant
                .clone()
                .map(ParticipantId::new)
                .transpose()?,
            direction: self
                .direction
                .clone()
                .map(StrategyNodeId::new)
                .transpose()?,
        })
    }
}

/// The query of `GET reports/summary/charts/{name}.svg`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChartParams {
    /// The reporting year.
    pub year: i32,
    /// The reporting month, 1–12.
    pub month: u32,
    /// Only this participant's events.
    #[serde(default)]
    pub participant: Option<String>,
    /// Only events under this strategy node.
    #[serde(default)]
    pub direction: Option<String>,
}

/// A `Write` that hands 64 KiB chunks to the response body.
struct ChunkSender {
    buffer: Vec<u8>,
    sink: mpsc::Sender<std::io::Result<Vec<u8>>>,
}

const CHUNK: usize = 64 * 1024;

impl Write for ChunkSender {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= CHUNK {
            self.flush()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::take(&mut self.buffer);
        self.sink
            .blocking_send(Ok(chunk))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "client went away"))
    }
}

/// Streams what `write` produces on a blocking thread as the body.
fn streamed<F>(write: F) -> Body
where
    F: FnOnce(&mut ChunkSender) -> stratmon_exchange::Result<()> + Send + 'static,
{
    let (sink, chunks) = mpsc::channel(4);
    tokio::task::spawn_blocking(move || {
        let mut sender = ChunkSender {
            buffer: Vec::with_capacity(CHUNK),
            sink,
        };
        let outcome = write(&mut sender).and_then(|()| Ok(sender.flush()?));
        if let Err(error) = outcome {
            tracing::error!(error = %error, "export failed mid-stream");
            let _ = sender
                .sink
                .blocking_send(Err(std::io::Error::other("export failed")));
        }
    });
    Body::from_stream(futures_util::stream::unfold(
        chunks,
        |mut chunks| async move { chunks.recv().await.map(|chunk| (chunk, chunks)) },
    ))
}

fn file_name(report: &ConsolidatedReport, suffix: &str) -> HeaderValue {
    let name = format!(
        "attachment; filename=\"summary-{}-{:02}{suffix}\"",
        report.period.year, report.period.month
    );
    HeaderValue::from_str(&name).unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

async fn summary(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Query(params): Query<SummaryParams>,
) -> Result<Response, ApiError> {
    Ok(summary_file(&service, &actor, &params).await?)
}

/// The consolidated report `params` ask for, as JSON or a streamed XLSX or
/// CSV download; shared by the API and the web page's download links.
pub(crate) async fn summary_file(
    service: &Service,
    actor: &Actor,
    params: &SummaryParams,
) -> Result<Response, stratmon_core::Error> {
    let report = service.consolidated_report(actor, &params.query()?).await?;
    Ok(match params.format {
        Format::Json => axum::Json(report).into_response(),
        Format::Csv => {
            let section = Section::from(params.section);
            let disposition = file_name(&report, &format!("-{}.csv", section.slug()));
            let body = streamed(move |out| write_csv(&report, section, out));
            (
                [
                    (
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("text/csv; charset=utf-8"),
                    ),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                body,
            )
                .into_response()
        }
        Format::Xlsx => {
            let disposition = file_name(&report, ".xlsx");
            let (now, zone) = (service.now(), service.region().time_zone());
            let body = streamed(move |out| write_xlsx(&report, now, zone, out));
            (
                [
                    (header::CONTENT_TYPE, HeaderValue::from_static(XLSX)),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                body,
            )
                .into_response()
        }
    })
}

/// The media type of a workbook.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async fn chart(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Path(file): Path<String>,
    Query(params): Query<ChartParams>,
) -> Result<Response, ApiError> {
    let name = chart_name(&file).ok_or_else(ApiError::route_not_found)?;
    let query = SummaryParams {
        year: params.year,
        month: params.month,
        participant: params.participant,
        direction: params.direction,
        format: Format::Json,
        section: CsvSection::Events,
    }
    .query()?;
    Ok(chart_svg(&service, &actor, name, &query).await?)
}

/// The chart a file name such as `reporting-discipline.svg` names, if any.
pub(crate) fn chart_name(file: &str) -> Option<&str> {
    file.strip_suffix(".svg")
        .filter(|name| charts::NAMES.contains(name))
}

/// Chart `name` (one of [`charts::NAMES`]) of the report `query` asks for,
/// as SVG; shared by the API and the web page's images.
pub(crate) async fn chart_svg(
    service: &Service,
    actor: &Actor,
    name: &str,
    query: &SummaryQuery,
) -> Result<Response, stratmon_core::Error> {
    let report = service.consolidated_report(actor, query).await?;
    let svg = if name == "reporting-discipline" {
        charts::reporting_discipline(&report)
    } else {
        let strategy = service.list_strategy(actor).await?;
        charts::achievement_by_direction(&report, &strategy)
    };
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("image/svg+xml"),
        )],
        svg,
    )
        .into_response())
}

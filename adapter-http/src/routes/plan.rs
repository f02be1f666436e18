//! `plan/import`, `plan/versions` and `plan/diff`: the Coordinator loads the
//! plan an amending act fixes from a table, sees what changes, applies it,
//! and compares any two versions of the plan.
//!
//! `POST plan/import?act=&act_date=&dry_run=` takes the file itself as the
//! body:
//!
//! - `Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`
//!   — a workbook with the sheets «Мероприятия» and «Показатели»; a missing
//!   sheet leaves that part of the plan as it is;
//! - `Content-Type: text/csv` with `table=events` (default) or
//!   `table=indicators` — one table; the other part of the plan stays as it is;
//! - `Content-Type: multipart/form-data` with the parts `events` and
//!   `indicators` (CSV files, either may be absent) or `workbook` (XLSX), so
//!   that one act changing both tables is one version.
//!
//! A dry run (the default) answers 200 with every problem as a structured
//! list (file or sheet, row, column, field, reason) and the changes against
//! the plan in force; it writes nothing. A real run with any problem answers
//! 422 `validation` whose `problems` carry paths like
//! `events.csv:row 7:«Окончание»`, and writes nothing; otherwise 200 with the
//! new version. The file layout is in the `stratmon-exchange` README.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::{get, post};
use chrono::NaiveDate;
use serde::Deserialize;
use stratmon_core::plan::{AmendingAct, ImportOutcome, PlanDiff, PlanVersion};
use stratmon_core::{Actor, Service};
use stratmon_exchange::{ReadPlan, plan_from_csv, plan_from_xlsx};

use crate::auth::Authenticated;
use crate::error::{ApiError, Query};

/// The largest plan file accepted: a region's whole plan as XLSX.
pub const IMPORT_BODY_LIMIT: usize = 20 * 1024 * 1024;

/// The XLSX media type.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The routes of this module.
pub fn routes() -> Router<Service> {
    Router::new()
        .route(
            "/plan/import",
            post(import).layer(DefaultBodyLimit::max(IMPORT_BODY_LIMIT)),
        )
        .route("/plan/versions", get(versions))
        .route("/plan/diff", get(diff))
}

/// Which table a CSV body holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CsvTable {
    /// The events with their control points.
    #[default]
    Events,
    /// The indicators with their plan values.
    Indicators,
}

/// The query of `POST plan/import`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportQuery {
    /// Number of the amending act, e.g. `275-р`.
    pub act: String,
    /// Date of the act, `YYYY-MM-DD`.
    pub act_date: NaiveDate,
    /// Only check and compare, write nothing (default `true`).
    #[serde(default = "yes")]
    pub dry_run: bool,
    /// For a CSV body: which table it is (default `events`).
    #[serde(default)]
    pub table: CsvTable,
}

fn yes() -> bool {
    true
}

/// The query of `GET plan/diff`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DiffQuery {
    /// The older version; 0 is the empty plan before any import.
    pub from: u32,
    /// The newer version; absent compares with the plan in force.
    #[serde(default)]
    pub to: Option<u32>,
}

/// The file's media type without parameters, lowercase.
fn media_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default()
}

/// 413 `body_too_large` or 400 for a body that cannot be read.
fn unreadable(status: StatusCode, detail: String) -> ApiError {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(status, "body_too_large", "Body too large", detail)
    } else {
        ApiError::bad_request("bad_request", detail)
    }
}

fn unsupported() -> ApiError {
    ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        "Unsupported media type",
        format!("send the plan as `text/csv`, `{XLSX}` or `multipart/form-data`"),
    )
}

/// Reads the files of a `multipart/form-data` body: parts `events` and
/// `indicators` (CSV) or `workbook` (XLSX); a part's file name labels its
/// problems.
async fn read_multipart(mut form: Multipart) -> Result<ReadPlan, ApiError> {
    let mut events: Option<(String, Bytes)> = None;
    let mut indicators: Option<(String, Bytes)> = None;
    let mut workbook: Option<(String, Bytes)> = None;
    let bad = |e: axum::extract::multipart::MultipartError| unreadable(e.status(), e.body_text());
    while let Some(field) = form.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_owned();
        let file = field.file_name().map(ToOwned::to_owned);
        let slot = match name.as_str() {
            "events" => &mut events,
            "indicators" => &mut indicators,
            "workbook" => &mut workbook,
            _ => {
                return Err(ApiError::invalid_body(format!(
                    "unknown part `{name}`; send `events` and `indicators` (CSV) or `workbook` (XLSX)"
                )));
            }
        };
        let bytes = field.bytes().await.map_err(bad)?;
        *slot = Some((file.unwrap_or_else(|| format!("{name}.csv")), bytes));
    }
    plan_from_parts(events, indicators, workbook).ok_or_else(|| {
        ApiError::invalid_body(
            "send the parts `events` and/or `indicators` (CSV), or `workbook` (XLSX) alone",
        )
    })
}

/// A plan read from uploaded files, each `(file name, bytes)`: a workbook
/// alone, or one or both CSV tables; `None` for any other combination. The
/// file names label the problems. Shared by the API and the web form.
pub(crate) fn plan_from_parts(
    events: Option<(String, Bytes)>,
    indicators: Option<(String, Bytes)>,
    workbook: Option<(String, Bytes)>,
) -> Option<ReadPlan> {
    match (workbook, events, indicators) {
        (Some((name, bytes)), None, None) => Some(plan_from_xlsx(&name, &bytes)),
        (None, events, indicators) if events.is_some() || indicators.is_some() => {
            Some(plan_from_csv(
                events.as_ref().map(|(n, b)| (n.as_str(), &b[..])),
                indicators.as_ref().map(|(n, b)| (n.as_str(), &b[..])),
            ))
        }
        _ => None,
    }
}

/// Checks or applies the plan `read` from files under `act`: what the files
/// do not hold stays as it is in the plan in force. Shared by the API and
/// the web form.
pub(crate) async fn import_read(
    service: &Service,
    actor: &Actor,
    read: ReadPlan,
    act: AmendingAct,
    dry_run: bool,
) -> Result<ImportOutcome, stratmon_core::Error> {
    let draft = read.over(service.plan_in_force(actor).await?);
    service.import_plan(actor, draft, act, dry_run).await
}

async fn import(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Query(query): Query<ImportQuery>,
    request: Request,
) -> Result<axum::Json<ImportOutcome>, ApiError> {
    let media = media_type(request.headers());
    let read = if media == "multipart/form-data" {
        let form = Multipart::from_request(request, &())
            .await
            .map_err(|e| unreadable(e.status(), e.body_text()))?;
        read_multipart(form).await?
    } else {
        if !matches!(media.as_str(), XLSX | "text/csv" | "application/csv") {
            return Err(unsupported());
        }
        let body = Bytes::from_request(request, &())
            .await
            .map_err(|e| unreadable(e.status(), e.body_text()))?;
        match (media.as_str(), query.table) {
            (XLSX, _) => plan_from_xlsx("workbook", &body),
            (_, CsvTable::Events) => plan_from_csv(Some(("events.csv", &body)), None),
            (_, CsvTable::Indicators) => plan_from_csv(None, Some(("indicators.csv", &body))),
        }
    };
    let act = AmendingAct {
        number: query.act,
        date: query.act_date,
    };
    Ok(axum::Json(
        import_read(&service, &actor, read, act, query.dry_run).await?,
    ))
}

async fn versions(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
) -> Result<axum::Json<Vec<PlanVersion>>, ApiError> {
    Ok(axum::Json(service.plan_versions(&actor).await?))
}

async fn diff(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Query(query): Query<DiffQuery>,
) -> Result<axum::Json<PlanDiff>, ApiError> {
    Ok(axum::Json(
        service.plan_diff(&actor, query.from, query.to).await?,
    ))
}

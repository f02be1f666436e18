//! Monthly reports: the current revision, the draft, the transitions, the
//! history, and bulk accept/approve.
//!
//! Versions travel as entity tags: every answer carrying a report has
//! `ETag: "<version>"`, and every change names the version it acts on in
//! `If-Match`. A transition without `If-Match` is 428 `precondition_required`.
//! When the core refuses an `If-Match` version as out of date (its `Conflict`),
//! the answer is **412 `stale_version`**: the precondition the client sent
//! failed, reload and retry. Saving a draft without `If-Match` means version 0
//! (a new draft); if a draft already exists that is the core's plain 409
//! `conflict`.

use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Router, extract::State};
use serde::{Deserialize, Serialize};
use stratmon_core::calendar::ReportingPeriod;
use stratmon_core::model::{EventId, MonthlyReport, ReportContent};
use stratmon_core::report::Action;
use stratmon_core::service::SaveOutcome;
use stratmon_core::{Actor, Problem, Service};

use super::events::event_id;
use super::transition_route;
use super::{etag, if_match};
use crate::auth::Authenticated;
use crate::error::{ApiError, Json, Path};

/// The routes of this module.
pub fn routes() -> Router<Service> {
    let mut router = Router::new()
        .route(REPORT, get(current).put(save))
        .route(&format!("{REPORT}/history"), get(history))
        .route(&format!("{REPORT}/save-and-submit"), post(save_and_submit))
        .route("/reports/bulk/accept", post(bulk_accept))
        .route("/reports/bulk/approve", post(bulk_approve));
    // One route per action of the approval chain: `…/submit`, `…/accept`,
    // `…/approve`, `…/return`, `…/reopen`.
    for action in Action::ALL {
        router = router.route(
            &format!("{REPORT}/{action}"),
            transition_route(action, move |service, actor, path, version, comment| {
                transition(service, actor, path, version, action, comment)
            }),
        );
    }
    router
}

const REPORT: &str = "/events/{id}/reports/{year}/{month}";

/// The path `events/{id}/reports/{year}/{month}`.
type ReportPath = Path<(String, i32, u32)>;

fn target(path: (String, i32, u32)) -> Result<(EventId, ReportingPeriod), ApiError> {
    let (id, year, month) = path;
    Ok((event_id(&id)?, ReportingPeriod::new(year, month)?))
}

fn with_etag(report: MonthlyReport) -> impl IntoResponse {
    (etag(report.version), axum::Json(report))
}

async fn current(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Path(path): ReportPath,
) -> Result<impl IntoResponse, ApiError> {
    let (event, period) = target(path)?;
    Ok(with_etag(service.get_report(&actor, &event, period).await?))
}

async fn history(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Path(path): ReportPath,
) -> Result<axum::Json<Vec<MonthlyReport>>, ApiError> {
    let (event, period) = target(path)?;
    Ok(axum::Json(
        service.report_history(&actor, &event, period).await?,
    ))
}

async fn save(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Path(path): ReportPath,
    headers: HeaderMap,
    Json(content): Json<ReportContent>,
) -> Result<impl IntoResponse, ApiError> {
    let (event, period) = target(path)?;
    let named = if_match(&headers)?;
    let outcome: SaveOutcome<MonthlyReport> = service
        .save_report(&actor, &event, period, named.unwrap_or(0), content)
        .await
        .map_err(ApiError::from_optionally_versioned(named))?;
    Ok((etag(outcome.saved.version), axum::Json(outcome)))
}

/// Saves the content and submits it in one transaction: what a data-entry
/// script wants, so that a refused submit never leaves a half-done draft.
/// `If-Match` names the draft's version; absent means a new report.
async fn save_and_submit(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Path(path): ReportPath,
    headers: HeaderMap,
    Json(content): Json<ReportContent>,
) -> Result<impl IntoResponse, ApiError> {
    let (event, period) = target(path)?;
    let named = if_match(&headers)?;
    let report = service
        .save_and_submit_report(&actor, &event, period, named.unwrap_or(0), content)
        .await
        .map_err(ApiError::from_optionally_versioned(named))?;
    Ok(with_etag(report))
}

/// Fires `action` on the report at `path`, naming `version`.
async fn transition(
    service: Service,
    actor: Actor,
    path: (String, i32, u32),
    version: u64,
    action: Action,
    comment: Option<String>,
) -> Result<Response, ApiError> {
    let (event, period) = target(path)?;
    let report = service
        .transition_report(&actor, &event, period, version, action, comment.as_deref())
        .await
        .map_err(ApiError::from_versioned)?;
    Ok(with_etag(report).into_response())
}

/// One report named in a bulk request.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkItem {
    /// The event.
    pub event: String,
    /// The year of the reporting month.
    pub year: i32,
    /// The month, 1–12.
    pub month: u32,
    /// The version acted on (as an `ETag` would name it).
    pub version: u64,
}

/// The body of `POST reports/bulk/accept|approve`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkBody {
    /// The reports to act on, each independently.
    pub items: Vec<BulkItem>,
}

/// The outcome for one item of a bulk request.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct BulkResult {
    /// The item as sent.
    pub item: BulkItem,
    /// `ok` or `error`.
    pub outcome: &'static str,
    /// The report at its new version, on success.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<MonthlyReport>,
    /// The status the item would have had on its own, on failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The problem code, on failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    /// What went wrong, on failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Field problems, on a validation failure.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
}

async fn bulk(
    service: Service,
    actor: Actor,
    body: BulkBody,
    action: Action,
) -> axum::Json<Vec<BulkResult>> {
    let mut results = Vec::with_capacity(body.items.len());
    for item in body.items {
        let outcome = match target((item.event.clone(), item.year, item.month)) {
            Ok((event, period)) => service
                .transition_report(&actor, &event, period, item.version, action, None)
                .await
                .map_err(ApiError::from_versioned),
            Err(e) => Err(e),
        };
        results.push(match outcome {
            Ok(report) => BulkResult {
                item,
                outcome: "ok",
                report: Some(report),
                status: None,
                code: None,
                detail: None,
                problems: Vec::new(),
            },
            Err(e) => BulkResult {
                item,
                outcome: "error",
                report: None,
                status: Some(e.status.as_u16()),
                code: Some(e.code),
                detail: Some(e.detail),
                problems: e.problems,
            },
        });
    }
    axum::Json(results)
}

async fn bulk_accept(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Json(body): Json<BulkBody>,
) -> axum::Json<Vec<BulkResult>> {
    bulk(service, actor, body, Action::Accept).await
}

async fn bulk_approve(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Json(body): Json<BulkBody>,
) -> axum::Json<Vec<BulkResult>> {
    bulk(service, actor, body, Action::Approve).await
}

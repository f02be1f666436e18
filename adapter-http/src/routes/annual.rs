//! Annual plans: `events/{id}/annual-plans/{year}`, its transitions and
//! history. Versions travel as in [`super::reports`]: `ETag` out, `If-Match`
//! in, 428 when a transition lacks it, 412 `stale_version` when it is stale.

use axum::http::HeaderMap;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Router, extract::State};
use stratmon_core::model::{AnnualPlan, AnnualPlanContent, EventId};
use stratmon_core::{Actor, Service};

use super::events::event_id;
use super::reports::CommentBody;
use super::{etag, if_match, required_if_match};
use crate::auth::Authenticated;
use crate::error::{ApiError, Json, Path};

const PLAN: &str = "/events/{id}/annual-plans/{year}";

/// The routes of this module.
pub fn routes() -> Router<Service> {
    Router::new()
        .route(PLAN, get(current).put(save))
        .route(&format!("{PLAN}/history"), get(history))
        .route(&format!("{PLAN}/submit"), post(submit))
        .route(&format!("{PLAN}/accept"), post(accept))
        .route(&format!("{PLAN}/approve"), post(approve))
        .route(&format!("{PLAN}/return"), post(return_plan))
        .route(&format!("{PLAN}/reopen"), post(reopen))
}

type PlanPath = Path<(String, i32)>;

fn with_etag(plan: AnnualPlan) -> impl IntoResponse {
    (etag(plan.version), axum::Json(plan))
}

async fn current(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Path((id, year)): PlanPath,
) -> Result<impl IntoResponse, ApiError> {
    Ok(with_etag(
        service
            .get_annual_plan(&actor, &event_id(&id)?, year)
            .await?,
    ))
}

async fn history(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Path((id, year)): PlanPath,
) -> Result<axum::Json<Vec<AnnualPlan>>, ApiError> {
    Ok(axum::Json(
        service
            .annual_plan_history(&actor, &event_id(&id)?, year)
            .await?,
    ))
}

async fn save(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Path((id, year)): PlanPath,
    headers: HeaderMap,
    Json(content): Json<AnnualPlanContent>,
) -> Result<impl IntoResponse, ApiError> {
    let named = if_match(&headers)?;
    let outcome = service
        .save_annual_plan(&actor, &event_id(&id)?, year, named.unwrap_or(0), content)
        .await
        .map_err(|e| match named {
            Some(_) => ApiError::from_versioned(e),
            None => e.into(),
        })?;
    Ok((etag(outcome.saved.version), axum::Json(outcome)))
}

#[derive(Debug, Clone, Copy)]
enum Transition {
    Submit,
    Accept,
    Approve,
    Return,
    Reopen,
}

async fn fire(
    service: Service,
    actor: Actor,
    (id, year): (String, i32),
    headers: &HeaderMap,
    transition: Transition,
    comment: &str,
) -> Result<impl IntoResponse + use<>, ApiError> {
    let event: EventId = event_id(&id)?;
    let version = required_if_match(headers)?;
    let s = &service;
    let plan = match transition {
        Transition::Submit => s.submit_annual_plan(&actor, &event, year, version).await,
        Transition::Accept => s.accept_annual_plan(&actor, &event, year, version).await,
        Transition::Approve => s.approve_annual_plan(&actor, &event, year, version).await,
        Transition::Return => {
            s.return_annual_plan(&actor, &event, year, version, comment)
                .await
        }
        Transition::Reopen => {
            s.reopen_annual_plan(&actor, &event, year, version, comment)
                .await
        }
    }
    .map_err(ApiError::from_versioned)?;
    Ok(with_etag(plan))
}

async fn submit(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Path(path): PlanPath,
    headers: HeaderMap,
) -> Result<impl IntoResponse, ApiError> {
    fire(service, actor, path, &headers, Transition::Submit, "").await
}

async fn accept(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Path(path): PlanPath,
    headers: HeaderMap,
) -> Result<impl IntoResponse, ApiError> {
    fire(service, actor, path, &headers, Transition::Accept, "").await
}

async fn approve(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Path(path): PlanPath,
    headers: HeaderMap,
) -> Result<impl IntoResponse, ApiError> {
    fire(service, actor, path, &headers, Transition::Approve, "").await
}

async fn return_plan(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Path(path): PlanPath,
    headers: HeaderMap,
    Json(body): Json<CommentBody>,
) -> Result<impl IntoResponse, ApiError> {
    fire(
        service,
        actor,
        path,
        &headers,
        Transition::Return,
        &body.comment,
    )
    .await
}

async fn reopen(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Path(path): PlanPath,
    headers: HeaderMap,
    Json(body): Json<CommentBody>,
) -> Result<impl IntoResponse, ApiError> {
    fire(
        service,
        actor,
        path,
        &headers,
        Transition::Reopen,
        &body.comment,
    )
    .await
}

//! Annual plans: `events/{id}/annual-plans/{year}`, its transitions and
//! history. Versions travel as in [`super::reports`]: `ETag` out, `If-Match`
//! in, 428 when a transition lacks it, 412 `stale_version` when it is stale.

use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Router, extract::State};
use stratmon_core::model::{AnnualPlan, AnnualPlanContent};
use stratmon_core::report::Action;
use stratmon_core::{Actor, Service};

use super::events::event_id;
use super::transition_route;
use super::{etag, if_match};
use crate::auth::Authenticated;
use crate::error::{ApiError, Json, Path};

const PLAN: &str = "/events/{id}/annual-plans/{year}";

/// The routes of this module.
pub fn routes() -> Router<Service> {
    let mut router = Router::new()
        .route(PLAN, get(current).put(save))
        .route(&format!("{PLAN}/history"), get(history))
        .route(&format!("{PLAN}/save-and-submit"), post(save_and_submit));
    for action in Action::ALL {
        router = router.route(
            &format!("{PLAN}/{action}"),
            transition_route(action, move |service, actor, path, version, comment| {
                transition(service, actor, path, version, action, comment)
            }),
        );
    }
    router
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
        .map_err(ApiError::from_optionally_versioned(named))?;
    Ok((etag(outcome.saved.version), axum::Json(outcome)))
}

/// Saves the plan and submits it in one transaction, so that a refused
/// submit never leaves a half-done draft. `If-Match` names the draft's
/// version; absent means a new plan.
async fn save_and_submit(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Path((id, year)): PlanPath,
    headers: HeaderMap,
    Json(content): Json<AnnualPlanContent>,
) -> Result<impl IntoResponse, ApiError> {
    let named = if_match(&headers)?;
    let plan = service
        .save_and_submit_annual_plan(&actor, &event_id(&id)?, year, named.unwrap_or(0), content)
        .await
        .map_err(ApiError::from_optionally_versioned(named))?;
    Ok(with_etag(plan))
}

/// Fires `action` on the plan at `(id, year)`, naming `version`.
async fn transition(
    service: Service,
    actor: Actor,
    (id, year): (String, i32),
    version: u64,
    action: Action,
    comment: Option<String>,
) -> Result<Response, ApiError> {
    let event = event_id(&id)?;
    let plan = service
        .transition_annual_plan(&actor, &event, year, version, action, comment.as_deref())
        .await
        .map_err(ApiError::from_versioned)?;
    Ok(with_etag(plan).into_response())
}

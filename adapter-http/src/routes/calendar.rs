//! `calendar/{year}` (the production calendar deadlines are counted on) and
//! `window-extensions` (late annual plans allowed by the Coordinator).

use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Router, extract::State};
use chrono::NaiveDate;
use serde::Deserialize;
use stratmon_core::Service;
use stratmon_core::calendar::{CalendarYear, YearCorrections};
use stratmon_core::model::{ParticipantId, WindowExtension};

use crate::auth::Authenticated;
use crate::error::{ApiError, Json, Path};

/// The routes of this module.
pub fn routes() -> Router<Service> {
    Router::new()
        .route("/calendar/{year}", get(year).put(set_year))
        .route("/window-extensions", get(extensions).post(extend))
}

/// The body of `POST window-extensions`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewExtension {
    /// The participant allowed to submit late.
    pub participant: String,
    /// The plan year.
    pub year: i32,
    /// Last day (regional time) on which the plan may be submitted.
    pub until: NaiveDate,
    /// Why, as the Coordinator's decision states it.
    pub reason: String,
}

async fn year(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Path(year): Path<i32>,
) -> Result<axum::Json<CalendarYear>, ApiError> {
    Ok(axum::Json(service.calendar_year(&actor, year).await?))
}

/// Loads or corrects the year's decree data (Coordinator); the answer is
/// the year as it now reads.
async fn set_year(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Path(year): Path<i32>,
    Json(corrections): Json<YearCorrections>,
) -> Result<axum::Json<CalendarYear>, ApiError> {
    if corrections.year != year {
        return Err(ApiError::invalid_body(format!(
            "the body's `year` {} is not the path's {year}",
            corrections.year
        )));
    }
    service.set_calendar_year(&actor, corrections).await?;
    Ok(axum::Json(service.calendar_year(&actor, year).await?))
}

async fn extensions(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
) -> Result<axum::Json<Vec<WindowExtension>>, ApiError> {
    Ok(axum::Json(service.list_window_extensions(&actor).await?))
}

async fn extend(
    State(service): State<Service>,
    Authenticated(actor): Authenticated,
    Json(body): Json<NewExtension>,
) -> Result<impl IntoResponse, ApiError> {
    let extension = service
        .open_window_extension(
            &actor,
            &ParticipantId::new(body.participant)?,
            body.year,
            body.until,
            &body.reason,
        )
        .await?;
    Ok((StatusCode::CREATED, axum::Json(extension)))
}

//! The pages, one module per area of work.

pub mod administration;
pub mod annual;
pub mod auth;
pub mod coordination;
pub mod events;
pub mod inbox;
pub mod queue;
pub mod report;

use serde::Deserialize;

/// The `done` query parameter a page is redirected to after an action, to
/// show what happened (see [`crate::web::layout::flash`]).
#[derive(Debug, Default, Deserialize)]
pub struct Done {
    /// Which action was done.
    pub done: Option<String>,
}

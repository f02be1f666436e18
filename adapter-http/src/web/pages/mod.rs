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
use stratmon_core::Error;
use stratmon_core::report::{Action, ReportState, next_state, required_roles};

use crate::web::session::WebUser;

/// The `done` query parameter a page is redirected to after an action, to
/// show what happened (see [`crate::web::layout::flash`]).
#[derive(Debug, Default, Deserialize)]
pub struct Done {
    /// Which action was done.
    pub done: Option<String>,
}

/// Whether `user` is offered `action` on a report or plan in `state`: the
/// core's transition table and role requirements decide (the core checks
/// scope and duties again when the action is fired).
pub fn offered(user: &WebUser, state: ReportState, action: Action) -> bool {
    next_state(state, action).is_ok() && required_roles(state, action).iter().any(|r| user.has(*r))
}

/// The action named by the last segment of a transition's path.
pub fn action_named(word: &str) -> Result<Action, Error> {
    Action::ALL
        .into_iter()
        .find(|a| a.as_str() == word)
        .ok_or_else(|| Error::not_found("action", word))
}

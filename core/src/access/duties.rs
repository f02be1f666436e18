//! Separation of duties: the person who submitted a report may not accept it,
//! and neither the submitter nor the accepter may approve it. On by default,
//! switchable per participant.

use crate::error::{Error, Result};
use crate::model::UserId;
use crate::report::{Action, Workflow};

/// Refuses `action` by `user` when it would let one person check their own work.
pub fn check_duties(
    workflow: &Workflow,
    action: Action,
    user: &UserId,
    enabled: bool,
) -> Result<()> {
    if !enabled {
        return Ok(());
    }
    let same = |who: &Option<UserId>| who.as_ref() == Some(user);
    match action {
        Action::Accept if same(&workflow.submitted_by) => Err(Error::denied(
            "separation of duties: the submitter may not accept the same report",
        )),
        Action::Approve if same(&workflow.submitted_by) => Err(Error::denied(
            "separation of duties: the submitter may not approve the same report",
        )),
        Action::Approve if same(&workflow.accepted_by) => Err(Error::denied(
            "separation of duties: the accepter may not approve the same report",
        )),
        _ => Ok(()),
    }
}

//! The permission rules: which roles may perform each operation, and on which
//! objects.

use std::collections::BTreeSet;

use super::operation::Operation;
use crate::error::{Error, Result};
use crate::model::{Event, EventDigest, ParticipantId, Role, User, UserStatus};

/// The object an operation touches, as far as permissions care.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// Reference books, users, lists: not tied to one participant.
    System,
    /// One plan event (its card, reports, annual plans).
    Event(&'a Event),
    /// Something belonging to one participant (its requests, its delegations):
    /// participant roles act only for their own participant.
    Participant(&'a ParticipantId),
    /// One indicator, visible to the participants of the events it is linked to.
    Indicator {
        /// The indicator's code, for the not-found message.
        id: &'a str,
        /// Responsible executors and co-executors of its events.
        involved: &'a BTreeSet<ParticipantId>,
    },
}

/// Which roles grant an operation and whether a participant role must be the
/// responsible executor (a write) or may be any involved participant (a read).
struct Rule {
    roles: &'static [Role],
    write: bool,
}

const PARTICIPANT_ROLES: &[Role] = &[Role::Planner, Role::Analyst, Role::Head];
const PLAN_READERS: &[Role] = &[Role::Coordinator, Role::Planner, Role::Analyst, Role::Head];
const EVERYONE: &[Role] = &[
    Role::Planner,
    Role::Analyst,
    Role::Head,
    Role::Coordinator,
    Role::Admin,
];

fn rule(op: Operation) -> Rule {
    use Operation as O;
    let (roles, write): (&'static [Role], bool) = match op {
        // The Admin registers organisations along with their users; the
        // Coordinator keeps the reference book of participants.
        O::CreateParticipant => (&[Role::Coordinator, Role::Admin], true),
        O::UpdateParticipantSettings => (&[Role::Coordinator], true),
        O::ListParticipants | O::ListStrategy | O::ReadCalendar | O::ReadInbox => (EVERYONE, false),
        O::CreateStrategyNode | O::SetCalendarYear | O::OpenWindowExtension => {
            (&[Role::Coordinator], true)
        }
        O::ListWindowExtensions => (&[Role::Coordinator], false),
        O::CreateUser | O::UpdateUserRoles | O::RevokeUser => (&[Role::Admin], true),
        O::ListUsers => (&[Role::Admin], false),
        O::CreateEvent | O::AmendEvent | O::CreateIndicator | O::UpdateIndicator => {
            (&[Role::Coordinator], true)
        }
        // The plan as a whole changes only by an amending act, which the
        // Coordinator loads; its history is the Coordinator's working record.
        O::ImportPlan => (&[Role::Coordinator], true),
        O::ListPlanVersions | O::DiffPlan => (&[Role::Coordinator], false),
        O::ListEvents | O::ReadEvent | O::ListIndicators | O::ReadIndicator => {
            (PLAN_READERS, false)
        }
        O::ReadReport | O::ReadAnnualPlan => (PLAN_READERS, false),
        // Participants' staff get the summary of the events they see.
        O::ReadSummary => (PLAN_READERS, false),
        O::UpdateEventCard
        | O::SaveReport
        | O::SubmitReport
        | O::SaveAnnualPlan
        | O::SubmitAnnualPlan => (&[Role::Planner], true),
        O::AcceptReport | O::AcceptAnnualPlan => (&[Role::Analyst], true),
        O::ApproveReport | O::ApproveAnnualPlan => (&[Role::Head], true),
        O::ReturnReport | O::ReturnAnnualPlan => (&[Role::Analyst, Role::Head], true),
        O::ReopenReport | O::ReopenAnnualPlan => (&[Role::Head, Role::Coordinator], true),
        O::ReadAudit | O::VerifyAudit => (&[Role::Coordinator, Role::Admin], false),
        // A participant's head signs requests; the Admin enters paper ones.
        O::FileRequest => (&[Role::Admin, Role::Head], true),
        O::ListRequests => (&[Role::Admin, Role::Coordinator, Role::Head], false),
        O::DecideRequest | O::UnlockLogin => (&[Role::Admin], true),
        O::CloseParticipant => (&[Role::Coordinator], true),
        O::CreateDelegation => (&[Role::Head, Role::Analyst], true),
        O::ListDelegations => (
            &[Role::Admin, Role::Coordinator, Role::Head, Role::Analyst],
            false,
        ),
    };
    Rule { roles, write }
}

/// Whether `user` can see `event` at all: the Coordinator sees every event, a
/// participant's Planner, Analyst or Head the events their participant is
/// responsible for or co-executes.
pub fn sees_event(user: &User, event: &Event) -> bool {
    sees(user, event.involves(&user.participant))
}

/// [`sees_event`] for an event's digest.
pub fn sees_event_digest(user: &User, event: &EventDigest) -> bool {
    sees(user, event.involves(&user.participant))
}

/// Whether `user` sees an event their participant is `involved` in or not.
fn sees(user: &User, involved: bool) -> bool {
    user.has(Role::Coordinator) || (has_participant_role(user) && involved)
}

fn has_participant_role(user: &User) -> bool {
    PARTICIPANT_ROLES.iter().any(|r| user.has(*r))
}

/// Decides whether `user` may perform `op` on `scope`.
///
/// Order matters: a revoked user is refused first (`Auth`); then an object
/// outside the user's scope is `NotFound`; then missing roles or a write by a
/// co-executor are `PermissionDenied`.
pub fn authorize(user: &User, op: Operation, scope: Scope<'_>) -> Result<()> {
    if user.status != UserStatus::Active {
        return Err(Error::Auth {
            reason: format!("user `{}` is revoked", user.login),
        });
    }
    let rule = rule(op);
    let (involved, responsible) = match scope {
        Scope::System => {
            return if rule.roles.iter().any(|r| user.has(*r)) {
                Ok(())
            } else {
                Err(denied(user, op))
            };
        }
        Scope::Event(event) => {
            if !sees_event(user, event) {
                return Err(Error::not_found("event", &event.id));
            }
            (
                event.involves(&user.participant),
                event.plan.responsible == user.participant,
            )
        }
        Scope::Participant(participant) => {
            let own = &user.participant == participant;
            (own, own)
        }
        Scope::Indicator { id, involved } => {
            let mine = has_participant_role(user) && involved.contains(&user.participant);
            if !(user.has(Role::Coordinator) || mine) {
                return Err(Error::not_found("indicator", id));
            }
            // Indicators are written by the Coordinator only.
            (mine, false)
        }
    };
    let granted = rule.roles.iter().any(|role| {
        user.has(*role)
            && (!role.is_participant_role() || (involved && (!rule.write || responsible)))
    });
    if granted {
        return Ok(());
    }
    if !rule.roles.iter().any(|r| user.has(*r)) {
        return Err(denied(user, op));
    }
    // The user holds a fitting role, but not for this object.
    if involved && !responsible {
        Err(Error::denied(format!(
            "`{}` is a co-executor; only the responsible executor may {op}",
            user.participant
        )))
    } else {
        Err(Error::denied(format!(
            "`{}` may perform `{op}` only for their own participant `{}`",
            user.login, user.participant
        )))
    }
}

fn denied(user: &User, op: Operation) -> Error {
    let roles: Vec<String> = user.roles.iter().map(ToString::to_string).collect();
    let needed: Vec<String> = rule(op).roles.iter().map(ToString::to_string).collect();
    Error::denied(format!(
        "`{op}` needs one of the roles [{}]; user `{}` has [{}]",
        needed.join(", "),
        user.login,
        roles.join(", ")
    ))
}

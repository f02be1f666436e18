//! Who may do what: roles, scope and separation of duties.
//!
//! Every operation of the [`crate::Service`] is an [`Operation`]; [`authorize`]
//! is the one place that decides whether an actor may perform it on an
//! object. Objects outside the actor's scope are reported as *not found*, so
//! their existence does not leak. Adapters never decide permissions.

mod actor;
mod delegation;
mod duties;
mod operation;
mod policy;

pub use actor::Actor;
pub use delegation::Delegation;
pub use duties::check_duties;
pub use operation::Operation;
pub use policy::{Scope, authorize, sees_event, sees_event_digest};

//! The plan as a whole, as amending acts change it: a [`PlanDraft`] is the
//! full intended plan (read from a government table or built in code), a
//! [`PlanDiff`] lists what an act changes field by field, and a
//! [`PlanVersion`] records each applied act so that any two versions can be
//! compared.
//!
//! Everything here is pure: [`validate`] checks a draft against the reference
//! books, [`diff`] compares two plans and [`apply`] replays a diff. Loading,
//! permission checks and the atomic commit live in
//! [`crate::Service::import_plan`].

mod diff;
mod draft;
mod problem;
mod validate;
mod version;

pub use diff::{ChangedEvent, ChangedIndicator, FieldChange, PlanDiff, apply, diff};
pub use draft::{AmendingAct, EventDraft, IndicatorDraft, Origin, PlanDraft, PlannedControlPoint};
pub use problem::PlanProblem;
pub use validate::{PlanReference, validate};
pub use version::{
    DiffCounts, ImportOutcome, PlanVersion, PlanVersionBody, VERSION_HEADERS, version_key,
};

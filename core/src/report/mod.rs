//! The approval chain shared by monthly reports and annual plans:
//! Draft → Submitted → Accepted → Approved, with returns and reopening.
//!
//! ```text
//! Draft ──submit──▶ Submitted ──accept──▶ Accepted ──approve──▶ Approved
//!   ▲                  │                     │                     │
//!   └── Returned ◀─────┴──────return─────────┘      reopen (new Draft revision)
//! ```
//!
//! The transition table is pure ([`next_state`]); who may fire a transition is
//! [`required_roles`] plus the duties rule in [`crate::access`].

mod state;
mod workflow;

pub use state::{Action, ReportState, next_state, required_roles};
pub use workflow::{Step, Workflow};

//! Derived status: computed from the plan and the reports, never stored, so it
//! cannot disagree with them.

mod achievement;
mod control_point;
mod event;

pub(crate) use event::{ClosedMonth, closed_months, overall_status};
mod inbox;

pub use achievement::{Achievement, TrafficLight, achievement};
pub use control_point::{ControlPointStatus, control_point_status};
pub use event::{
    ControlPointView, EventStatus, EventStatusReport, event_status, event_status_with_reached,
};
pub use inbox::{InboxItem, InboxTask};

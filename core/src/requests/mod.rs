//! Written requests to the IAS administrator (decree 901, sections 3–4 and
//! appendices 1–2): registration of users, revocation of access, and changes
//! of roles. Each is signed by the participant's head, processed within two
//! business days of receipt, and approved or refused with reasons.

mod contact;
mod request;

pub use contact::{check_email, check_phone};
pub use request::{AccessRequest, Decision, PersonEntry, RequestKind, RequestStatus};

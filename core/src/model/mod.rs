//! The domain model: who reports (participants, users), what is planned (the
//! strategy tree, events, indicators, annual plans) and what is reported
//! (monthly reports). Types here hold data and local invariants only; who may
//! change them lives in [`crate::access`], how reports move in [`crate::report`].

mod event;
mod extension;
mod ids;
mod indicator;
mod money;
mod participant;
mod report;
mod strategy;
mod text;
mod user;

pub use event::{
    ControlPoint, Event, EventCard, EventDigest, EventPeriod, PlanFields, ResponsiblePerson,
};
pub use extension::WindowExtension;
pub use ids::{
    ControlPointId, EventId, ID_PATTERN, IndicatorId, MAX_ID_LEN, ParticipantId, StrategyNodeId,
    UserId,
};
pub use indicator::{Direction, Indicator, IndicatorFields};
pub use money::FundingSource;
pub use participant::{
    Participant, ParticipantKind, ParticipantSettings, ParticipantStatus, Thresholds,
};
pub use report::{
    AnnualPlan, AnnualPlanContent, AnnualPlanDigest, AnnualPlanRevision, MonthlyReport,
    ReachedPoint, ReportContent, ReportDigest, ReportRevision, Work,
};
pub use strategy::{StrategyNode, StrategyNodeKind};
pub use text::{MAX_LONG_TEXT, MAX_SHORT_TEXT, check_text};
pub use user::{Role, User, UserStatus};

//! The closed list of operations, so that a new one cannot slip in without a
//! permission rule (the rule table in `policy.rs` matches exhaustively).

use std::fmt;

use serde::{Deserialize, Serialize};

/// An operation of the service, named as it appears in the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[allow(
    missing_docs,
    reason = "names say what each operation does; see `as_str`"
)]
pub enum Operation {
    // reference books and participants
    CreateParticipant,
    UpdateParticipantSettings,
    ListParticipants,
    CreateStrategyNode,
    ListStrategy,
    SetCalendarYear,
    ReadCalendar,
    OpenWindowExtension,
    ListWindowExtensions,
    // users
    CreateUser,
    UpdateUserRoles,
    RevokeUser,
    ListUsers,
    // plan
    CreateEvent,
    AmendEvent,
    ListEvents,
    ReadEvent,
    UpdateEventCard,
    CreateIndicator,
    UpdateIndicator,
    ListIndicators,
    ReadIndicator,
    // plan amendments
    ImportPlan,
    ListPlanVersions,
    DiffPlan,
    // monthly reports
    ReadReport,
    SaveReport,
    SubmitReport,
    AcceptReport,
    ApproveReport,
    ReturnReport,
    ReopenReport,
    // annual plans
    ReadAnnualPlan,
    SaveAnnualPlan,
    SubmitAnnualPlan,
    AcceptAnnualPlan,
    ApproveAnnualPlan,
    ReturnAnnualPlan,
    ReopenAnnualPlan,
    // access
    FileRequest,
    ListRequests,
    DecideRequest,
    CloseParticipant,
    UnlockLogin,
    CreateDelegation,
    ListDelegations,
    // oversight
    ReadInbox,
    ReadAudit,
    VerifyAudit,
    ReadSummary,
}

impl Operation {
    /// Every operation; the permission matrix test walks this list.
    pub const ALL: [Operation; 50] = [
        Operation::CreateParticipant,
        Operation::UpdateParticipantSettings,
        Operation::ListParticipants,
        Operation::CreateStrategyNode,
        Operation::ListStrategy,
        Operation::SetCalendarYear,
        Operation::ReadCalendar,
        Operation::OpenWindowExtension,
        Operation::ListWindowExtensions,
        Operation::CreateUser,
        Operation::UpdateUserRoles,
        Operation::RevokeUser,
        Operation::ListUsers,
        Operation::CreateEvent,
        Operation::AmendEvent,
        Operation::ListEvents,
        Operation::ReadEvent,
        Operation::UpdateEventCard,
        Operation::CreateIndicator,
        Operation::UpdateIndicator,
        Operation::ListIndicators,
        Operation::ReadIndicator,
        Operation::ImportPlan,
        Operation::ListPlanVersions,
        Operation::DiffPlan,
        Operation::ReadReport,
        Operation::SaveReport,
        Operation::SubmitReport,
        Operation::AcceptReport,
        Operation::ApproveReport,
        Operation::ReturnReport,
        Operation::ReopenReport,
        Operation::ReadAnnualPlan,
        Operation::SaveAnnualPlan,
        Operation::SubmitAnnualPlan,
        Operation::AcceptAnnualPlan,
        Operation::ApproveAnnualPlan,
        Operation::ReturnAnnualPlan,
        Operation::ReopenAnnualPlan,
        Operation::FileRequest,
        Operation::ListRequests,
        Operation::DecideRequest,
        Operation::CloseParticipant,
        Operation::UnlockLogin,
        Operation::CreateDelegation,
        Operation::ListDelegations,
        Operation::ReadInbox,
        Operation::ReadAudit,
        Operation::VerifyAudit,
        Operation::ReadSummary,
    ];

    /// Stable dotted name used in the audit log.
    pub fn as_str(self) -> &'static str {
        use Operation as O;
        match self {
            O::CreateParticipant => "participant.create",
            O::UpdateParticipantSettings => "participant.settings",
            O::ListParticipants => "participant.list",
            O::CreateStrategyNode => "strategy.create",
            O::ListStrategy => "strategy.list",
            O::SetCalendarYear => "calendar.set_year",
            O::ReadCalendar => "calendar.read",
            O::OpenWindowExtension => "window_extension.open",
            O::ListWindowExtensions => "window_extension.list",
            O::CreateUser => "user.create",
            O::UpdateUserRoles => "user.roles",
            O::RevokeUser => "user.revoke",
            O::ListUsers => "user.list",
            O::CreateEvent => "event.create",
            O::AmendEvent => "event.amend",
            O::ListEvents => "event.list",
            O::ReadEvent => "event.read",
            O::UpdateEventCard => "event.card",
            O::CreateIndicator => "indicator.create",
            O::UpdateIndicator => "indicator.update",
            O::ListIndicators => "indicator.list",
            O::ReadIndicator => "indicator.read",
            O::ImportPlan => "plan.import",
            O::ListPlanVersions => "plan.versions",
            O::DiffPlan => "plan.diff",
            O::ReadReport => "report.read",
            O::SaveReport => "report.save",
            O::SubmitReport => "report.submit",
            O::AcceptReport => "report.accept",
            O::ApproveReport => "report.approve",
            O::ReturnReport => "report.return",
            O::ReopenReport => "report.reopen",
            O::ReadAnnualPlan => "annual_plan.read",
            O::SaveAnnualPlan => "annual_plan.save",
            O::SubmitAnnualPlan => "annual_plan.submit",
            O::AcceptAnnualPlan => "annual_plan.accept",
            O::ApproveAnnualPlan => "annual_plan.approve",
            O::ReturnAnnualPlan => "annual_plan.return",
            O::ReopenAnnualPlan => "annual_plan.reopen",
            O::FileRequest => "request.file",
            O::ListRequests => "request.list",
            O::DecideRequest => "request.decide",
            O::CloseParticipant => "participant.close",
            O::UnlockLogin => "auth.unlock",
            O::CreateDelegation => "delegation.create",
            O::ListDelegations => "delegation.list",
            O::ReadInbox => "inbox.read",
            O::ReadAudit => "audit.read",
            O::VerifyAudit => "audit.verify",
            O::ReadSummary => "summary.read",
        }
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

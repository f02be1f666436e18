//! What backends store: opaque JSON records with versions.

use serde::{Deserialize, Serialize};

use crate::audit::AuditDraft;

/// A family of records, like a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Collection {
    /// [`crate::model::Participant`], key = id.
    Participant,
    /// [`crate::model::User`], key = login, partition = participant.
    User,
    /// [`crate::model::StrategyNode`], key = code.
    StrategyNode,
    /// [`crate::model::Event`], key = code, partition = responsible participant.
    Event,
    /// [`crate::model::Indicator`], key = code.
    Indicator,
    /// [`crate::model::MonthlyReport`] revisions, partition = event.
    MonthlyReport,
    /// [`crate::model::AnnualPlan`] revisions, partition = event.
    AnnualPlan,
    /// Annual window extensions, partition = participant.
    WindowExtension,
    /// Production calendar corrections, key = year.
    CalendarYear,
    /// [`crate::auth::Credential`] password hashes, key = login.
    Credential,
    /// [`crate::auth::Session`], key = token hash, partition = login.
    Session,
    /// [`crate::auth::Throttle`] failed-login counters, key = `login/…` or `address/…`.
    Throttle,
    /// [`crate::requests::AccessRequest`], key = number, partition = participant.
    AccessRequest,
    /// [`crate::access::Delegation`], key = number, partition = deputy.
    Delegation,
    /// [`crate::plan::PlanVersion`] (key = zero-padded number, partition
    /// `header`) and its [`crate::plan::PlanVersionBody`] (key = number +
    /// `/plan`, partition `plan`).
    PlanVersion,
}

impl Collection {
    /// Every collection, for dumps and the conformance suite.
    pub const ALL: [Collection; 15] = [
        Collection::Participant,
        Collection::User,
        Collection::StrategyNode,
        Collection::Event,
        Collection::Indicator,
        Collection::MonthlyReport,
        Collection::AnnualPlan,
        Collection::WindowExtension,
        Collection::CalendarYear,
        Collection::Credential,
        Collection::Session,
        Collection::Throttle,
        Collection::AccessRequest,
        Collection::Delegation,
        Collection::PlanVersion,
    ];

    /// Stable name, usable as a table or tree name.
    pub fn as_str(self) -> &'static str {
        match self {
            Collection::Participant => "participant",
            Collection::User => "user",
            Collection::StrategyNode => "strategy_node",
            Collection::Event => "event",
            Collection::Indicator => "indicator",
            Collection::MonthlyReport => "monthly_report",
            Collection::AnnualPlan => "annual_plan",
            Collection::WindowExtension => "window_extension",
            Collection::CalendarYear => "calendar_year",
            Collection::Credential => "credential",
            Collection::Session => "session",
            Collection::Throttle => "throttle",
            Collection::AccessRequest => "access_request",
            Collection::Delegation => "delegation",
            Collection::PlanVersion => "plan_version",
        }
    }
}

/// A stored record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Record {
    /// Its collection.
    pub collection: Collection,
    /// Its key, unique within the collection.
    pub key: String,
    /// Grouping key for listing; empty when the collection has none.
    pub partition: String,
    /// Incremented by the store on every write, from 1.
    pub version: u64,
    /// The core's JSON encoding of the object.
    pub body: String,
}

/// A precondition on the stored version of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Expect {
    /// The record must not exist yet.
    Absent,
    /// The record must be at exactly this version.
    Version(u64),
}

/// One write of a change set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Put {
    /// Target collection.
    pub collection: Collection,
    /// Target key.
    pub key: String,
    /// Partition to file it under.
    pub partition: String,
    /// What the stored version must be.
    pub expect: Expect,
    /// New JSON body.
    pub body: String,
}

impl Put {
    /// The version the record has after this put.
    pub fn new_version(&self) -> u64 {
        match self.expect {
            Expect::Absent => 1,
            Expect::Version(v) => v.saturating_add(1),
        }
    }
}

/// Everything one core operation writes: the changes and their audit entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChangeSet {
    /// Record writes, applied in order.
    pub puts: Vec<Put>,
    /// The audit entry to seal and append in the same transaction.
    pub audit: AuditDraft,
}

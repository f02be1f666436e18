//! Users and their roles.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::ids::{ParticipantId, UserId};

/// A role a user holds. The first three are the participant roles of decree 901
/// (1.4); Coordinator and Admin are the two ministries that run the system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Плановик: fills event cards and reports, submits them.
    Planner,
    /// Аналитик: checks submitted reports, accepts or returns them.
    Analyst,
    /// Руководитель: approves accepted reports or returns them.
    Head,
    /// Минэкономразвития: keeps the plan and reference books, reads everything.
    Coordinator,
    /// Администратор ИАС: registers and revokes users; no access to plan data.
    Admin,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 5] = [
        Role::Planner,
        Role::Analyst,
        Role::Head,
        Role::Coordinator,
        Role::Admin,
    ];

    /// Whether the role acts for its own participant only.
    pub fn is_participant_role(self) -> bool {
        matches!(self, Role::Planner | Role::Analyst | Role::Head)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Role::Planner => "planner",
            Role::Analyst => "analyst",
            Role::Head => "head",
            Role::Coordinator => "coordinator",
            Role::Admin => "admin",
        })
    }
}

/// Whether a user may act.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    /// May log in and act.
    Active,
    /// Access ended; the record stays for the audit trail.
    Revoked,
}

/// A person with access to the system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct User {
    /// Unique login, never reissued.
    pub login: UserId,
    /// Фамилия Имя Отчество.
    pub full_name: String,
    /// Должность.
    pub position: String,
    /// The participant the user works for.
    pub participant: ParticipantId,
    /// Roles held.
    pub roles: BTreeSet<Role>,
    /// Active or revoked.
    pub status: UserStatus,
    /// Storage version.
    #[serde(default)]
    pub version: u64,
}

impl User {
    /// Whether the user holds `role`.
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

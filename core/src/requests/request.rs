//! The request record and its per-person entries.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::contact::{check_email, check_phone};
use crate::error::Problem;
use crate::model::{MAX_SHORT_TEXT, ParticipantId, Role, UserId, check_text};

/// What a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// Appendix 1: register the listed people.
    Registration,
    /// Appendix 2: end the listed people's access.
    Revocation,
    /// Change the listed users' roles.
    RoleChange,
}

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// Received, waiting for the Admin.
    Pending,
    /// Carried out.
    Approved,
    /// Refused with reasons.
    Refused,
}

/// One person on a request form. Registration needs every field; revocation
/// names the person (and their login, if known) with position, roles and
/// e-mail; a role change names the login and the new roles.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct PersonEntry {
    /// Фамилия, имя, отчество.
    pub full_name: String,
    /// Должность.
    pub position: String,
    /// Группа доступа (роли), as written: `planner`/`плановик`, `analyst`/`аналитик`, `head`/`руководитель`.
    pub roles: Vec<String>,
    /// Стационарный телефон.
    pub landline: String,
    /// Мобильный телефон.
    pub mobile: String,
    /// Электронная почта.
    pub email: String,
    /// The existing user's login (revocation and role change).
    pub login: Option<UserId>,
}

/// Parses a role as written on a form, in English or Russian.
pub fn parse_role(text: &str) -> Option<Role> {
    match text.trim().to_lowercase().as_str() {
        "planner" | "плановик" => Some(Role::Planner),
        "analyst" | "аналитик" => Some(Role::Analyst),
        "head" | "руководитель" => Some(Role::Head),
        _ => None,
    }
}

impl PersonEntry {
    /// The roles, if all are known participant roles.
    pub fn parsed_roles(&self) -> Option<BTreeSet<Role>> {
        self.roles.iter().map(|r| parse_role(r)).collect()
    }

    /// Every problem with this entry for a request of `kind`, fields prefixed
    /// with `people[i].`.
    pub fn problems(&self, i: usize, kind: RequestKind) -> Vec<Problem> {
        let at = |field: &str| format!("people[{i}].{field}");
        let mut p = Vec::new();
        check_text(
            &mut p,
            &at("full_name"),
            &self.full_name,
            kind != RequestKind::RoleChange,
            MAX_SHORT_TEXT,
        );
        if kind == RequestKind::Registration && self.full_name.split_whitespace().count() < 2 {
            p.push(Problem::error(
                at("full_name"),
                "needs at least a surname and a given name",
            ));
        }
        check_text(
            &mut p,
            &at("position"),
            &self.position,
            kind != RequestKind::RoleChange,
            MAX_SHORT_TEXT,
        );
        if kind != RequestKind::Revocation || !self.roles.is_empty() {
            if self.roles.is_empty() {
                p.push(Problem::error(at("roles"), "at least one role is required"));
            }
            for role in &self.roles {
                if parse_role(role).is_none() {
                    p.push(Problem::error(
                        at("roles"),
                        format!("`{role}` is not a role; use planner, analyst or head"),
                    ));
                }
            }
        }
        if kind == RequestKind::Registration {
            for (field, value) in [("landline", &self.landline), ("mobile", &self.mobile)] {
                if let Err(why) = check_phone(value) {
                    p.push(Problem::error(at(field), why));
                }
            }
        }
        if kind != RequestKind::RoleChange {
            if let Err(why) = check_email(&self.email) {
                p.push(Problem::error(at("email"), why));
            }
        }
        if kind == RequestKind::RoleChange && self.login.is_none() {
            p.push(Problem::error(at("login"), "the user's login is required"));
        }
        p
    }
}

/// The Admin's decision on a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Decision {
    /// Who decided.
    pub by: UserId,
    /// When.
    pub at: DateTime<Utc>,
    /// Reasons for a refusal (empty for an approval).
    pub reasons: Vec<String>,
    /// Logins created, revoked or changed by an approval.
    pub logins: Vec<UserId>,
}

/// A registration, revocation or role-change request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AccessRequest {
    /// Sequential number, `000001`.
    pub id: String,
    /// What it asks for.
    pub kind: RequestKind,
    /// The participant the people work for.
    pub participant: ParticipantId,
    /// ФИО of the participant's head who signed it.
    pub signed_by: String,
    /// Why (revocations and role changes), e.g. «увольнение».
    #[serde(default)]
    pub reason: String,
    /// The people it concerns.
    pub people: Vec<PersonEntry>,
    /// When the administrator received it.
    pub received_at: DateTime<Utc>,
    /// The last business day to process it (two business days after receipt).
    pub due: NaiveDate,
    /// Who entered it.
    pub entered_by: UserId,
    /// Pending, approved or refused.
    pub status: RequestStatus,
    /// The decision, once made.
    #[serde(default)]
    pub decision: Option<Decision>,
    /// Storage version.
    #[serde(default)]
    pub version: u64,
}

impl AccessRequest {
    /// Whether the request still waits past its due day on `today` (the
    /// region's date): the administrator's inbox, the requests page and the
    /// overdue list all mark requests by this one rule. A decided request is
    /// never overdue, however late it was decided.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status == RequestStatus::Pending && today > self.due
    }
}

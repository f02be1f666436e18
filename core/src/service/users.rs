//! Users and roles (Admin). Registration and revocation requests build on
//! these operations.

use std::collections::BTreeSet;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{Service, check_version};
use crate::access::{Actor, Operation, Scope, authorize};
use crate::audit::ObjectRef;
use crate::error::{Error, Problem, Result};
use crate::model::{
    MAX_SHORT_TEXT, ParticipantId, ParticipantStatus, Role, User, UserId, UserStatus, check_text,
};
use crate::store::StoreExt;

/// A user to create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewUser {
    /// Login; unique and never reissued.
    pub login: UserId,
    /// ФИО.
    pub full_name: String,
    /// Должность.
    pub position: String,
    /// The participant the user works for.
    pub participant: ParticipantId,
    /// Roles to hold; at least one.
    pub roles: BTreeSet<Role>,
}

fn roles_text(roles: &BTreeSet<Role>) -> String {
    roles
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

impl Service {
    /// The acting user's own record.
    pub async fn current_user(&self, actor: &Actor) -> Result<User> {
        let user = self.user(actor).await?;
        if user.status == UserStatus::Revoked {
            return Err(Error::Auth {
                reason: format!("user `{}` is revoked", user.login),
            });
        }
        Ok(Arc::unwrap_or_clone(user))
    }

    /// Creates a user (Admin). The login must be new, including logins of
    /// revoked users, so that no one inherits another person's trail.
    pub async fn create_user(&self, actor: &Actor, new: NewUser) -> Result<super::CreatedUser> {
        self.authorized(actor, Operation::CreateUser).await?;
        let mut problems = Vec::new();
        check_text(
            &mut problems,
            "full_name",
            &new.full_name,
            true,
            MAX_SHORT_TEXT,
        );
        check_text(
            &mut problems,
            "position",
            &new.position,
            false,
            MAX_SHORT_TEXT,
        );
        if new.roles.is_empty() {
            problems.push(Problem::error("roles", "at least one role is required"));
        }
        match self
            .store
            .load::<crate::model::Participant>(new.participant.as_str())
            .await?
        {
            None => problems.push(Problem::error(
                "participant",
                format!("`{}` is not a registered participant", new.participant),
            )),
            Some(p) if p.status != ParticipantStatus::Active => problems.push(Problem::error(
                "participant",
                format!("`{}` is closed", new.participant),
            )),
            Some(_) => {}
        }
        if !problems.is_empty() {
            return Err(Error::Validation { problems });
        }
        if new.login == super::system_user()? {
            return Err(Error::invalid(
                "login",
                format!("`{}` is reserved", new.login),
            ));
        }
        if self.store.load::<User>(new.login.as_str()).await?.is_some() {
            return Err(Error::conflict(format!(
                "login `{}` is already taken",
                new.login
            )));
        }
        let user = User {
            login: new.login,
            full_name: new.full_name.trim().to_owned(),
            position: new.position.trim().to_owned(),
            participant: new.participant,
            roles: new.roles,
            status: UserStatus::Active,
            version: 0,
        };
        let (credential, one_time_password) = self.one_time_credential(&user.login).await?;
        let audit = self.draft(
            actor,
            Operation::CreateUser,
            ObjectRef::new("user", user.login.as_str()),
            Some(&user.participant),
            format!("user created with roles [{}]", roles_text(&user.roles)),
        );
        let puts = vec![
            crate::store::encode(&user)?,
            crate::store::encode(&credential)?,
        ];
        self.commit_change(crate::store::ChangeSet { puts, audit })
            .await?;
        let user = User { version: 1, ..user };
        Ok(super::CreatedUser {
            user,
            one_time_password,
        })
    }

    /// Replaces a user's roles (Admin).
    pub async fn update_user_roles(
        &self,
        actor: &Actor,
        login: &UserId,
        version: u64,
        roles: BTreeSet<Role>,
    ) -> Result<User> {
        self.authorized(actor, Operation::UpdateUserRoles).await?;
        let mut user = self
            .store
            .load::<User>(login.as_str())
            .await?
            .ok_or_else(|| Error::not_found("user", login))?;
        if roles.is_empty() {
            return Err(Error::invalid("roles", "at least one role is required"));
        }
        if user.status == UserStatus::Revoked {
            return Err(Error::conflict(format!("user `{login}` is revoked")));
        }
        check_version("user", login, user.version, version)?;
        let summary = format!(
            "roles [{}] → [{}]",
            roles_text(&user.roles),
            roles_text(&roles)
        );
        user.roles = roles;
        let audit = self.draft(
            actor,
            Operation::UpdateUserRoles,
            ObjectRef::new("user", login.as_str()),
            Some(&user.participant),
            summary,
        );
        self.commit_one(user, audit).await
    }

    /// Ends a user's access (Admin). The record stays for the audit trail.
    pub async fn revoke_user(&self, actor: &Actor, login: &UserId, reason: &str) -> Result<User> {
        self.authorized(actor, Operation::RevokeUser).await?;
        let mut user = self
            .store
            .load::<User>(login.as_str())
            .await?
            .ok_or_else(|| Error::not_found("user", login))?;
        let mut problems = Vec::new();
        check_text(&mut problems, "reason", reason, true, MAX_SHORT_TEXT);
        if !problems.is_empty() {
            return Err(Error::Validation { problems });
        }
        if &actor.user == login {
            return Err(Error::denied("an admin may not revoke their own access"));
        }
        if user.status == UserStatus::Revoked {
            return Err(Error::conflict(format!(
                "user `{login}` is already revoked"
            )));
        }
        user.status = UserStatus::Revoked;
        let mut puts = vec![crate::store::encode(&user)?];
        puts.extend(
            self.end_sessions(login, crate::auth::SessionEnd::Revoked)
                .await?,
        );
        let audit = self.draft(
            actor,
            Operation::RevokeUser,
            ObjectRef::new("user", login.as_str()),
            Some(&user.participant),
            format!("access revoked: {}", reason.trim()),
        );
        self.commit_change(crate::store::ChangeSet { puts, audit })
            .await?;
        user.version += 1;
        Ok(user)
    }

    /// One user's record: the Admin may read anyone's, others only their
    /// own (anyone else is "not found", as for out-of-scope objects).
    pub async fn get_user(&self, actor: &Actor, login: &UserId) -> Result<User> {
        if &actor.user == login {
            return self.current_user(actor).await;
        }
        let reader = self.user(actor).await?;
        if authorize(&reader, Operation::ListUsers, Scope::System).is_err() {
            return Err(Error::not_found("user", login));
        }
        self.store
            .load::<User>(login.as_str())
            .await?
            .ok_or_else(|| Error::not_found("user", login))
    }

    /// Every user, revoked ones included (Admin).
    pub async fn list_users(&self, actor: &Actor) -> Result<Vec<User>> {
        self.authorized(actor, Operation::ListUsers).await?;
        self.store.load_all(None).await
    }
}

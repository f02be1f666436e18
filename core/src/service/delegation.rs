//! Deputies for Heads and Analysts.

use chrono::NaiveDate;

use super::Service;
use crate::access::{Actor, Delegation, Operation, Scope, authorize};
use crate::audit::ObjectRef;
use crate::error::{Error, ErrorKind, Problem, Result};
use crate::model::{Role, User, UserId, UserStatus};
use crate::store::StoreExt;

impl Service {
    /// Names a deputy of the same participant to act in the actor's `role`
    /// (Head or Analyst) from `from` to `to`; the deputy's actions are audited
    /// as on behalf of the actor.
    pub async fn create_delegation(
        &self,
        actor: &Actor,
        deputy: &UserId,
        role: Role,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Delegation> {
        let principal = self.user(actor).await?;
        authorize(
            &principal,
            Operation::CreateDelegation,
            Scope::Participant(&principal.participant),
        )?;
        let mut problems = Vec::new();
        if !matches!(role, Role::Head | Role::Analyst)
            || !principal.has(role)
            || actor.on_behalf_of.is_some()
        {
            problems.push(Problem::error(
                "role",
                format!("`{}` cannot delegate the role `{role}`", principal.login),
            ));
        }
        match self.store.load::<User>(deputy.as_str()).await? {
            Some(d)
                if d.status == UserStatus::Active
                    && d.participant == principal.participant
                    && d.login != principal.login => {}
            _ => problems.push(Problem::error(
                "deputy",
                format!(
                    "`{deputy}` is not another active user of `{}`",
                    principal.participant
                ),
            )),
        }
        if to < from {
            problems.push(Problem::error("to", format!("`{to}` is before `{from}`")));
        }
        if to < self.today() {
            problems.push(Problem::error("to", format!("`{to}` is in the past")));
        }
        if (to - from).num_days() > 366 {
            problems.push(Problem::error("to", "a delegation lasts at most a year"));
        }
        if !problems.is_empty() {
            return Err(Error::Validation { problems });
        }
        for _ in 0..8 {
            let number = self
                .store
                .list(crate::store::Collection::Delegation, None)
                .await?
                .len()
                + 1;
            let delegation = Delegation {
                id: format!("{number:06}"),
                participant: principal.participant.clone(),
                principal: principal.login.clone(),
                deputy: deputy.clone(),
                role,
                from,
                to,
                cancelled: false,
                version: 0,
            };
            let audit = self.draft(
                actor,
                Operation::CreateDelegation,
                ObjectRef::new("delegation", delegation.id.as_str()),
                Some(&principal.participant),
                format!("`{deputy}` deputises as {role} from {from} to {to}"),
            );
            match self.commit_one(delegation, audit).await {
                Err(e) if e.kind() == ErrorKind::Conflict => continue,
                other => return other,
            }
        }
        Err(Error::conflict(
            "too many delegations created at once; try again",
        ))
    }

    /// Delegations the actor may see: all for the Admin and the Coordinator,
    /// their participant's for a Head or Analyst.
    pub async fn list_delegations(&self, actor: &Actor) -> Result<Vec<Delegation>> {
        let user = self.authorized(actor, Operation::ListDelegations).await?;
        let everything = user.has(Role::Admin) || user.has(Role::Coordinator);
        Ok(self
            .store
            .load_all::<Delegation>(None)
            .await?
            .into_iter()
            .filter(|d| everything || d.participant == user.participant)
            .collect())
    }
}

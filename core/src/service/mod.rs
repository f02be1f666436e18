//! The service facade: the one entry point adapters call.
//!
//! Every operation takes the acting user, checks role and scope
//! ([`crate::access`]), validates, and commits the change together with its
//! audit entry in one storage transaction. A refused operation writes nothing.

mod access_requests;
mod amendments;
mod annual;
mod auth;
mod delegation;
mod inbox;
mod kept;
mod log;
mod oversight;
mod plan;
mod reference;
mod reports;
mod revision;
mod summary;
mod users;

pub use access_requests::{Approval, NewRequest};
pub use auth::{CreatedUser, LoginGrant};
pub use oversight::AuditVerdict;
pub use plan::EventFilter;
pub use reports::SaveOutcome;
pub use users::NewUser;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, Utc};

use crate::access::{Actor, Delegation, Operation, Scope, authorize};
use crate::audit::{AuditDraft, AuditEntry, ObjectRef};
use crate::auth::{AuthPolicy, HashCost};
use crate::calendar::{Clock, ProductionCalendar, Region, SystemClock, YearCorrections};
use crate::error::{Error, Result};
use crate::model::{Participant, ParticipantId, User, UserId, UserStatus};
use crate::store::{ChangeSet, Store, StoreExt, Stored, encode};

/// The stratmon service over a store.
///
/// Cheap to clone; share one per process.
#[derive(Debug, Clone)]
pub struct Service {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    region: Region,
    auth: AuthPolicy,
    hash_cost: HashCost,
    /// Limits concurrent password hashing so a login storm leaves CPU for
    /// everything else.
    hash_slots: Arc<tokio::sync::Semaphore>,
    /// Last use of each session seen by this process (session id → time);
    /// idle expiry reads it, so using a session costs no store write.
    recent_use: Arc<Mutex<HashMap<String, DateTime<Utc>>>>,
    /// What inboxes are computed from, kept between calls (see
    /// `service::inbox`); shared by clones of this service.
    inbox_inputs: Arc<tokio::sync::Mutex<inbox::InboxInputs>>,
    /// What calls read most, kept between calls and followed through the
    /// audit log (see `service::kept`); shared by clones of this service.
    kept: Arc<Mutex<kept::Kept>>,
    /// Follows of the audit log, shared by calls that arrive together.
    follows: Arc<kept::Follows>,
}

impl Service {
    /// A service over `store`, reading the system clock, in the default region
    /// (Asia/Novokuznetsk).
    pub fn new(store: Arc<dyn Store>) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Self {
            store,
            clock: Arc::new(SystemClock),
            region: Region::default(),
            auth: AuthPolicy::default(),
            hash_cost: HashCost::default(),
            hash_slots: Arc::new(tokio::sync::Semaphore::new(cores.saturating_sub(1).max(1))),
            recent_use: Arc::default(),
            inbox_inputs: Arc::default(),
            kept: Arc::default(),
            follows: Arc::default(),
        }
    }

    /// Uses `policy` for sessions and failed logins.
    pub fn with_auth_policy(mut self, policy: AuthPolicy) -> Self {
        self.auth = policy;
        self
    }

    /// Hashes new passwords at `cost` (see [`HashCost::MINIMAL`] for tests).
    pub fn with_hash_cost(mut self, cost: HashCost) -> Self {
        self.hash_cost = cost;
        self
    }

    /// Uses `clock` instead of the system clock (tests, simulations).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Uses `region`'s time zone for windows and dates.
    pub fn with_region(mut self, region: Region) -> Self {
        self.region = region;
        self
    }

    /// The underlying store.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// The region whose time zone dates are in.
    pub fn region(&self) -> Region {
        self.region
    }

    /// The current instant by the injected clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Today in the region.
    pub fn today(&self) -> NaiveDate {
        self.region.local_date(self.clock.now())
    }

    /// Loads the acting user with the roles they hold today: their own, plus
    /// the role delegated by `actor.on_behalf_of` if a delegation to them is
    /// active. Unknown users are refused as `Auth`; revoked ones are refused
    /// by [`authorize`].
    ///
    /// Every call with an actor begins here, so this is where it follows
    /// the audit log: what the call then finds kept is at least as new as
    /// the call (see `service::kept`).
    async fn user(&self, actor: &Actor) -> Result<Arc<User>> {
        self.follow_log().await?;
        let mut user = self
            .kept_record::<User>(|kept| &mut kept.users, actor.user.as_str())
            .await?
            .ok_or_else(|| Error::Auth {
                reason: format!("unknown user `{}`", actor.user),
            })?;
        if let Some(principal) = &actor.on_behalf_of {
            let today = self.today();
            let delegation = self
                .store
                .load_all::<Delegation>(Some(user.login.as_str()))
                .await?
                .into_iter()
                .find(|d| &d.principal == principal && d.active_on(today))
                .ok_or_else(|| {
                    Error::denied(format!(
                        "`{}` has no delegation from `{principal}` in force on {today}",
                        user.login
                    ))
                })?;
            let principal_user = self.store.load::<User>(principal.as_str()).await?;
            let still_holds = principal_user
                .is_some_and(|p| p.status == UserStatus::Active && p.has(delegation.role));
            if !still_holds {
                return Err(Error::denied(format!(
                    "`{principal}` no longer holds the delegated role"
                )));
            }
            Arc::make_mut(&mut user).roles.insert(delegation.role);
        }
        Ok(user)
    }

    /// Loads the acting user and checks a system-scope operation.
    async fn authorized(&self, actor: &Actor, op: Operation) -> Result<Arc<User>> {
        let user = self.user(actor).await?;
        authorize(&user, op, Scope::System)?;
        Ok(user)
    }

    async fn participant(&self, id: &ParticipantId) -> Result<Arc<Participant>> {
        self.kept_record::<Participant>(|kept| &mut kept.participants, id.as_str())
            .await?
            .ok_or_else(|| Error::not_found("participant", id))
    }

    /// The production calendar: built-in data overlaid with the Coordinator's
    /// stored corrections.
    pub async fn production_calendar(&self) -> Result<ProductionCalendar> {
        let mut calendar = ProductionCalendar::russian();
        for year in self.store.load_all::<YearCorrections>(None).await? {
            calendar.set_year(year)?;
        }
        Ok(calendar)
    }

    fn draft(
        &self,
        actor: &Actor,
        op: Operation,
        object: ObjectRef,
        participant: Option<&ParticipantId>,
        summary: String,
    ) -> AuditDraft {
        AuditDraft {
            at: self.clock.now(),
            actor: actor.user.clone(),
            on_behalf_of: actor.on_behalf_of.clone(),
            client: actor.client.clone(),
            action: op.as_str().to_owned(),
            object,
            participant: participant.cloned(),
            summary,
        }
    }

    /// Commits `values` with one audit entry; returns them at their new versions.
    async fn commit<T: Stored + Clone>(
        &self,
        values: Vec<T>,
        audit: AuditDraft,
    ) -> Result<(Vec<T>, AuditEntry)> {
        let mut puts = Vec::with_capacity(values.len());
        for v in &values {
            puts.push(encode(v)?);
        }
        let versions: Vec<u64> = puts.iter().map(|p| p.new_version()).collect();
        let entry = self.commit_change(ChangeSet { puts, audit }).await?;
        let values = values
            .into_iter()
            .zip(versions)
            .map(|(mut v, version)| {
                v.set_version(version);
                v
            })
            .collect();
        Ok((values, entry))
    }

    /// Every commit of the service goes through here: checked against what
    /// following the audit log relies on (`log::check_revision_entry`).
    async fn commit_change(&self, change: ChangeSet) -> Result<AuditEntry> {
        log::check_revision_entry(&change)?;
        self.store.commit(change).await
    }

    /// Commits one value with its audit entry.
    async fn commit_one<T: Stored + Clone>(&self, value: T, audit: AuditDraft) -> Result<T> {
        let (mut values, _) = self.commit(vec![value], audit).await?;
        values
            .pop()
            .ok_or_else(|| Error::storage(self.store.backend(), "commit returned nothing"))
    }
}

/// Refuses an edit naming `version` when the object is at `current`.
fn check_version(kind: &str, id: &dyn std::fmt::Display, current: u64, version: u64) -> Result<()> {
    if current == version {
        Ok(())
    } else {
        Err(Error::conflict(format!(
            "{kind} `{id}` is at version {current}, not {version}; reload and try again"
        )))
    }
}

/// The user id under which the service records changes it makes on its own
/// behalf (initialisation).
pub fn system_user() -> Result<UserId> {
    UserId::new("system")
}

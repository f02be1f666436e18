//! Logging in and out, sessions, password changes and login throttling.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Service;
use crate::access::{Actor, Operation};
use crate::audit::{AuditDraft, ObjectRef};
use crate::auth::{
    Credential, MAX_PASSWORD_LEN, PasswordHashString, Session, SessionEnd, SessionToken, Throttle,
    check_policy, one_time_password, random_token,
};
use crate::error::{Error, ErrorKind, Result};
use crate::model::{User, UserId, UserStatus};
use crate::store::{ChangeSet, Put, StoreExt, encode};

/// A successful login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LoginGrant {
    /// The bearer token; shown once, stored only as a hash.
    pub token: SessionToken,
    /// Who logged in.
    pub user: User,
    /// The password is a one-time one and must be changed before anything else.
    pub must_change_password: bool,
    /// When the session ends at the latest.
    pub expires_at: DateTime<Utc>,
}

/// A user just created, with the one-time password to hand over. The password
/// is not stored anywhere in clear and cannot be shown again; `Debug` hides it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CreatedUser {
    /// The new user.
    pub user: User,
    /// The one-time password, to be changed at first login.
    pub one_time_password: String,
}

impl std::fmt::Debug for CreatedUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreatedUser")
            .field("user", &self.user)
            .field("one_time_password", &"<redacted>")
            .finish()
    }
}

const INVALID: &str = "invalid login or password";
/// Size of the in-memory last-use map at which idle entries are dropped.
const RECENT_USE_PRUNE_AT: usize = 4096;
/// How often a refused write of a throttle counter is retried after a race.
const RETRIES: usize = 8;

impl Service {
    /// Hashes off the async executor, at most a few at a time.
    pub(super) async fn hash_password(&self, password: &str) -> Result<PasswordHashString> {
        let _slot = self
            .hash_slots
            .acquire()
            .await
            .map_err(|e| Error::storage("password", e.to_string()))?;
        let (password, cost) = (password.to_owned(), self.hash_cost);
        tokio::task::spawn_blocking(move || PasswordHashString::hash(&password, cost))
            .await
            .map_err(|e| Error::storage("password", e.to_string()))?
    }

    /// Verifies off the async executor; `None` verifies against a dummy hash so
    /// unknown logins take as long as known ones.
    async fn verify_password(
        &self,
        credential: Option<&Credential>,
        password: &str,
    ) -> Result<bool> {
        let _slot = self
            .hash_slots
            .acquire()
            .await
            .map_err(|e| Error::storage("password", e.to_string()))?;
        static DUMMY: std::sync::OnceLock<Option<PasswordHashString>> = std::sync::OnceLock::new();
        let hash = match credential {
            Some(c) => Some(c.hash.clone()),
            None => DUMMY
                .get_or_init(|| {
                    PasswordHashString::hash("dummy password for timing", self.hash_cost).ok()
                })
                .clone(),
        };
        let known = credential.is_some();
        let password = password.to_owned();
        let matches =
            tokio::task::spawn_blocking(move || hash.is_some_and(|h| h.verify(&password)))
                .await
                .map_err(|e| Error::storage("password", e.to_string()))?;
        Ok(known && matches)
    }

    /// Checks old passwords off the executor.
    async fn was_used(&self, credential: &Credential, password: &str) -> Result<bool> {
        let (credential, password) = (credential.clone(), password.to_owned());
        tokio::task::spawn_blocking(move || credential.was_used(&password))
            .await
            .map_err(|e| Error::storage("password", e.to_string()))
    }

    /// A credential with a fresh one-time password for `login`.
    pub(super) async fn one_time_credential(&self, login: &UserId) -> Result<(Credential, String)> {
        let password = one_time_password();
        let hash = self.hash_password(&password).await?;
        Ok((
            Credential {
                login: login.clone(),
                hash,
                history: Vec::new(),
                must_change: true,
                changed_at: self.now(),
                version: 0,
            },
            password,
        ))
    }

    fn auth_draft(
        &self,
        login: &UserId,
        client: Option<&str>,
        action: &str,
        summary: String,
    ) -> AuditDraft {
        AuditDraft {
            at: self.now(),
            actor: login.clone(),
            on_behalf_of: None,
            client: client.map(str::to_owned),
            action: action.to_owned(),
            object: ObjectRef::new("user", login.as_str()),
            participant: None,
            summary,
        }
    }

    async fn throttle(&self, key: &str) -> Result<Throttle> {
        Ok(self
            .store
            .load::<Throttle>(key)
            .await?
            .unwrap_or_else(|| Throttle {
                key: key.to_owned(),
                failures: 0,
                window_start: self.now(),
                locked_until: None,
                version: 0,
            }))
    }

    /// Records a failed or refused login: bumps the counters (unless only a
    /// lock refused it) and audits it, retrying if another attempt raced.
    async fn record_failure(
        &self,
        login: &UserId,
        client: Option<&str>,
        reason: &str,
        count: bool,
    ) -> Result<()> {
        for _ in 0..RETRIES {
            let now = self.now();
            let mut puts: Vec<Put> = Vec::new();
            if count {
                let mut by_login = self.throttle(&Throttle::login_key(login.as_str())).await?;
                by_login.record_failure(now, self.auth.max_failures_per_login, &self.auth);
                puts.push(encode(&by_login)?);
                if let Some(address) = client {
                    let mut by_address = self.throttle(&Throttle::address_key(address)).await?;
                    by_address.record_failure(now, self.auth.max_failures_per_address, &self.auth);
                    puts.push(encode(&by_address)?);
                }
            }
            let action = if count {
                "auth.login_failed"
            } else {
                "auth.login_refused"
            };
            let audit = self.auth_draft(login, client, action, reason.to_owned());
            match self.commit_change(ChangeSet { puts, audit }).await {
                Ok(_) => return Ok(()),
                Err(e) if e.kind() == ErrorKind::Conflict => continue,
                Err(e) => return Err(e),
            }
        }
        Err(Error::conflict(
            "too many simultaneous login attempts; try again",
        ))
    }

    /// Logs a user in with their password. Throttled per login and per client
    /// address: once locked, even the right password is refused until the lock
    /// ends or an Admin lifts it. Every attempt is audited; passwords never are.
    pub async fn login(
        &self,
        login: &str,
        password: &str,
        client: Option<&str>,
    ) -> Result<LoginGrant> {
        let refuse = || Error::Auth {
            reason: INVALID.to_owned(),
        };
        let Ok(login) = UserId::new(login.trim()) else {
            return Err(refuse());
        };
        if password.chars().count() > MAX_PASSWORD_LEN {
            self.record_failure(&login, client, "password longer than allowed", true)
                .await?;
            return Err(refuse());
        }
        let now = self.now();
        let by_login = self.throttle(&Throttle::login_key(login.as_str())).await?;
        let by_address = match client {
            Some(a) => Some(self.throttle(&Throttle::address_key(a)).await?),
            None => None,
        };
        let locked_until = [Some(&by_login), by_address.as_ref()]
            .into_iter()
            .flatten()
            .filter(|t| t.is_locked(now))
            .filter_map(|t| t.locked_until)
            .max();
        if let Some(until) = locked_until {
            self.record_failure(&login, client, "refused: too many failed attempts", false)
                .await?;
            let local = until.with_timezone(&self.region.time_zone());
            return Err(Error::Throttled {
                reason: format!("try again after {}", local.format("%d.%m.%Y %H:%M")),
            });
        }
        let user = self.store.load::<User>(login.as_str()).await?;
        let credential = self.store.load::<Credential>(login.as_str()).await?;
        let matches = self.verify_password(credential.as_ref(), password).await?;
        let (user, credential) = match (user, credential, matches) {
            (Some(u), Some(c), true) if u.status == UserStatus::Active => (u, c),
            (Some(u), _, true) if u.status == UserStatus::Revoked => {
                self.record_failure(&login, client, "revoked user", true)
                    .await?;
                return Err(refuse());
            }
            (None, _, _) => {
                self.record_failure(&login, client, "unknown login", true)
                    .await?;
                return Err(refuse());
            }
            _ => {
                self.record_failure(&login, client, "wrong password", true)
                    .await?;
                return Err(refuse());
            }
        };

        let token = SessionToken(random_token());
        let session = Session {
            id: token.id(),
            login: login.clone(),
            created_at: now,
            last_seen: now,
            client: client.map(str::to_owned),
            ended: None,
            version: 0,
        };
        let mut puts = vec![encode(&session)?];
        if by_login.failures > 0 {
            let mut reset = by_login;
            reset.failures = 0;
            reset.locked_until = None;
            puts.push(encode(&reset)?);
        }
        let audit = self.auth_draft(&login, client, "auth.login", "logged in".into());
        // A race on the throttle counter only means another attempt counted a
        // failure meanwhile; the login itself stands, so retry without the reset.
        if let Err(e) = self
            .commit_change(ChangeSet {
                puts: puts.clone(),
                audit: audit.clone(),
            })
            .await
        {
            if e.kind() != ErrorKind::Conflict {
                return Err(e);
            }
            puts.truncate(1);
            self.commit_change(ChangeSet { puts, audit }).await?;
        }
        Ok(LoginGrant {
            token,
            user,
            must_change_password: credential.must_change,
            expires_at: now + self.auth.absolute_timeout,
        })
    }

    /// The live session behind `token`, or `Auth`.
    async fn live_session(&self, token: &SessionToken) -> Result<(Session, User)> {
        let id = token.id();
        let session = self.store.load::<Session>(&id).await?;
        let user = match &session {
            Some(s) => self.store.load::<User>(s.login.as_str()).await?,
            None => None,
        };
        self.check_live(&id, session, user)
    }

    /// Refuses a session that is unknown, has ended or expired (idle or
    /// absolute, against this process's record of its last use), or whose
    /// user is gone or not active.
    fn check_live(
        &self,
        id: &str,
        session: Option<Session>,
        user: Option<User>,
    ) -> Result<(Session, User)> {
        let expired = || Error::Auth {
            reason: "the session has ended; log in again".into(),
        };
        let session = session.ok_or_else(expired)?;
        let now = self.now();
        let last_use = {
            let recent = self
                .recent_use
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            recent
                .get(id)
                .copied()
                .map_or(session.last_seen, |t| t.max(session.last_seen))
        };
        if !session.is_live(now, last_use, &self.auth) {
            return Err(expired());
        }
        let user = user
            .filter(|u| u.status == UserStatus::Active)
            .ok_or_else(|| Error::Auth {
                reason: "access has been revoked".into(),
            })?;
        Ok((session, user))
    }

    /// Turns a bearer token into the [`Actor`] it stands for. Refused when the
    /// session ended, expired (idle or absolute), the user was revoked, or a
    /// one-time password still has to be changed.
    ///
    /// What the session stands on is read once and kept between requests
    /// (see `service::kept`); the checks run every time.
    pub async fn authenticate(&self, token: &SessionToken, client: Option<&str>) -> Result<Actor> {
        let id = token.id();
        let (session, user, must_change) = match self.sign_in(&id).await? {
            Some(s) => (Some(s.session), s.user, s.must_change),
            None => (None, None, false),
        };
        let (session, user) = self.check_live(&id, session, user)?;
        if must_change {
            return Err(Error::PasswordChangeRequired);
        }
        let now = self.now();
        let mut recent = self
            .recent_use
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Forget sessions idle past the timeout now and then, so the map stays
        // as small as the set of live sessions.
        if recent.len() >= RECENT_USE_PRUNE_AT {
            let idle = self.auth.idle_timeout;
            recent.retain(|_, last| now - *last <= idle);
        }
        recent.insert(session.id, now);
        drop(recent);
        let actor = Actor::user(user.login);
        Ok(match client {
            Some(c) => actor.from_client(c),
            None => actor,
        })
    }

    /// Ends the session behind `token`.
    pub async fn logout(&self, token: &SessionToken, client: Option<&str>) -> Result<()> {
        let (mut session, user) = self.live_session(token).await?;
        session.ended = Some(SessionEnd::Logout);
        let audit = self.auth_draft(&user.login, client, "auth.logout", "logged out".into());
        self.commit_change(ChangeSet {
            puts: vec![encode(&session)?],
            audit,
        })
        .await?;
        Ok(())
    }

    /// Changes the password of the session's user after checking the current
    /// one and the policy (length, not the login or name, not one of the last
    /// five). Every other session of the user ends.
    pub async fn change_password(
        &self,
        token: &SessionToken,
        current: &str,
        new: &str,
        client: Option<&str>,
    ) -> Result<()> {
        let (session, user) = self.live_session(token).await?;
        let mut credential = self
            .store
            .load::<Credential>(user.login.as_str())
            .await?
            .ok_or_else(|| Error::Auth {
                reason: INVALID.into(),
            })?;
        if !self.verify_password(Some(&credential), current).await? {
            self.record_failure(
                &user.login,
                client,
                "wrong current password on change",
                true,
            )
            .await?;
            return Err(Error::Auth {
                reason: "the current password is wrong".into(),
            });
        }
        check_policy(new, &user.login, &user.full_name)?;
        if self.was_used(&credential, new).await? {
            return Err(Error::invalid(
                "password",
                "must differ from the last five passwords",
            ));
        }
        let hash = self.hash_password(new).await?;
        credential.replace(hash, false, self.now());
        let mut puts = vec![encode(&credential)?];
        for mut other in self
            .store
            .load_all::<Session>(Some(user.login.as_str()))
            .await?
        {
            if other.id != session.id && other.ended.is_none() {
                other.ended = Some(SessionEnd::PasswordChanged);
                puts.push(encode(&other)?);
            }
        }
        let ended = puts.len() - 1;
        let audit = self.auth_draft(
            &user.login,
            client,
            "auth.password_changed",
            format!("password changed; {ended} other sessions ended"),
        );
        self.commit_change(ChangeSet { puts, audit }).await?;
        Ok(())
    }

    /// Lifts the failed-login lock of a login (Admin).
    pub async fn unlock_login(&self, actor: &Actor, login: &UserId) -> Result<()> {
        self.authorized(actor, Operation::UnlockLogin).await?;
        let Some(mut throttle) = self
            .store
            .load::<Throttle>(&Throttle::login_key(login.as_str()))
            .await?
        else {
            return Err(Error::not_found("lock", login));
        };
        throttle.failures = 0;
        throttle.locked_until = None;
        let audit = self.draft(
            actor,
            Operation::UnlockLogin,
            ObjectRef::new("user", login.as_str()),
            None,
            "failed-login lock lifted".into(),
        );
        self.commit_one(throttle, audit).await?;
        Ok(())
    }

    /// Puts that end every live session of `login` (for revocation).
    pub(super) async fn end_sessions(&self, login: &UserId, why: SessionEnd) -> Result<Vec<Put>> {
        let mut puts = Vec::new();
        for mut session in self.store.load_all::<Session>(Some(login.as_str())).await? {
            if session.ended.is_none() {
                session.ended = Some(why);
                puts.push(encode(&session)?);
            }
        }
        Ok(puts)
    }
}

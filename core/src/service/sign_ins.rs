//! Sessions in use, kept between requests and kept current by following the
//! audit log.
//!
//! Authenticating a request needs its session, the session's user and
//! whether the user's password must be changed: three reads of the store on
//! every request, the most frequent reads there are. The service keeps what
//! it read per session and, before each use, reads the audit entries
//! appended since (usually none, one small read):
//!
//! - a monthly report or annual plan entry changes nothing kept here (those
//!   commits write that one revision and nothing else);
//! - a login, failed or not, changes nothing kept either: it writes a new
//!   session (never kept before it exists) and throttle counters (never
//!   kept), so a login storm does not empty what is kept;
//! - any other entry (sign-outs, password changes, users, revocations,
//!   restores, whatever a later version adds) drops everything kept:
//!   revocation takes effect on the very next request, in this process or
//!   any other sharing the store.
//!
//! What is kept is only what was read; whether a session is live (idle and
//! absolute expiry against the clock) is decided afresh every time.
//!
//! Reads happen outside the lock. What a request read is kept only if
//! nothing was dropped since it followed the log (the `epoch` did not move),
//! so a read older than an applied entry is never kept.

use std::collections::HashMap;
use std::sync::{MutexGuard, PoisonError};

use super::Service;
use super::log::Touched;
use crate::audit::AuditEntry;
use crate::auth::{Credential, Session};
use crate::error::Result;
use crate::model::User;
use crate::store::StoreExt;

/// Sessions are kept up to this many; past it the map starts over (sessions
/// of the past hours are many, those in use at once are few).
const KEPT_AT_MOST: usize = 4096;

/// What authenticating with one session reads from the store.
#[derive(Debug, Clone)]
pub(super) struct SignIn {
    /// The session as stored.
    pub(super) session: Session,
    /// Its user as stored, whatever the status.
    pub(super) user: Option<User>,
    /// The user's one-time password still has to be changed.
    pub(super) must_change: bool,
}

/// Sign-ins read by this service, by session id.
#[derive(Debug, Default)]
pub(super) struct KeptSignIns {
    /// The newest audit entry applied; `None` before the first use.
    followed: Option<u64>,
    /// Moves every time everything is dropped.
    epoch: u64,
    by_session: HashMap<String, SignIn>,
}

impl KeptSignIns {
    fn drop_all(&mut self) {
        self.by_session.clear();
        self.epoch += 1;
    }

    /// Applies the entries of `entries` nobody applied meanwhile (see the
    /// module's rules).
    fn apply(&mut self, entries: &[AuditEntry]) {
        for entry in entries {
            if self.followed.is_some_and(|f| entry.seq <= f) {
                continue;
            }
            match Touched::by(entry) {
                Touched::Revision { .. } | Touched::Login => {}
                Touched::SignIn | Touched::Anything => self.drop_all(),
            }
            self.followed = Some(entry.seq);
        }
    }

    /// Drops everything and goes on from `head`, unless the log was already
    /// followed past it.
    fn start_over_at(&mut self, head: u64) {
        self.drop_all();
        self.followed = Some(self.followed.map_or(head, |f| f.max(head)));
    }
}

impl Service {
    fn kept_sign_ins(&self) -> MutexGuard<'_, KeptSignIns> {
        self.sign_ins.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The session `id`, its user and whether the user must change the
    /// password, as stored now: kept from an earlier request unless the log
    /// shows a change since; `None` for an unknown session.
    pub(super) async fn sign_in(&self, id: &str) -> Result<Option<SignIn>> {
        let epoch = self.follow_sign_ins().await?;
        if let Some(kept) = self.kept_sign_ins().by_session.get(id) {
            return Ok(Some(kept.clone()));
        }
        let Some(session) = self.store.load::<Session>(id).await? else {
            return Ok(None);
        };
        let login = session.login.as_str();
        let user = self.store.load::<User>(login).await?;
        let must_change = self
            .store
            .load::<Credential>(login)
            .await?
            .is_some_and(|c| c.must_change);
        let read = SignIn {
            session,
            user,
            must_change,
        };
        let mut kept = self.kept_sign_ins();
        if kept.epoch == epoch {
            if kept.by_session.len() >= KEPT_AT_MOST {
                kept.by_session.clear();
            }
            kept.by_session.insert(id.to_owned(), read.clone());
        }
        Ok(Some(read))
    }

    /// Applies the audit entries appended since the last request; returns
    /// the epoch after them.
    async fn follow_sign_ins(&self) -> Result<u64> {
        let followed = self.kept_sign_ins().followed;
        if let Some(followed) = followed
            && let Some(entries) = self.entries_after(followed).await?
        {
            let mut kept = self.kept_sign_ins();
            kept.apply(&entries);
            return Ok(kept.epoch);
        }
        // First use, or far behind: start at the head with nothing kept.
        // The head is read before any sign-in, so sign-ins read later are at
        // least as new as it.
        let head = self.store.audit_head().await?;
        let mut kept = self.kept_sign_ins();
        kept.start_over_at(head);
        Ok(kept.epoch)
    }
}

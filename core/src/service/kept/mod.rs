//! Reads kept between calls, and one follow of the audit log per call that
//! keeps them current.
//!
//! The store is the truth, but reading it is most of what a request costs:
//! under the month-end load every read transaction after a commit starts
//! from an empty SQLite page cache. So the service keeps what calls read
//! most — the sign-in behind a session ([`sign_ins`]), users, events,
//! participants, an event's indicators, the revisions of a report or
//! annual plan period ([`records`]) — and every call begins by reading the
//! audit entries appended since the last call (usually none or a few, one
//! small read). Every commit, by this service, another one or another
//! process sharing the store, appends one entry in the same transaction,
//! and what an entry may have written ([`Touched`]) says what to drop:
//!
//! - a monthly report or annual plan entry drops the kept revisions of its
//!   event's month or plan year and nothing else (those commits write
//!   revisions of that period and nothing else, `log::check_revision_entry`);
//! - a login, failed or not, drops nothing: it writes a new session (never
//!   kept before it exists) and throttle counters (never kept);
//! - any other entry (sign-outs, password changes, users, events, the
//!   calendar, plan imports, restores, whatever a later version adds) drops
//!   everything: rare, and never wrong. A revocation takes effect on the
//!   very next call, in this process or any other sharing the store.
//!
//! Reads of the store happen outside the lock. What a call read is kept
//! only if no entry that could have changed it was applied since the call
//! last looked ([`Look`]), so a read older than an applied entry is never
//! kept. A report or plan revision this service commits is kept as the
//! commit leaves its period, on the same proof ([`own`]). The entries
//! applied lately are also kept, so that the inbox, which keeps its own
//! inputs under its own lock, follows the log without reading it again.

mod own;
mod records;
pub(super) mod sign_ins;

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::Notify;

use super::Service;
use super::log::Touched;
use crate::audit::AuditEntry;
use crate::error::Result;
use crate::store::{StoreExt, Stored};

pub(super) use own::OwnRevisions;
pub(super) use records::{Records, Shelf};

/// Entries applied lately that are kept for the inbox: more than a busy
/// month-end day appends between two inbox calls of one participant.
const RECENT_AT_MOST: usize = 4096;

/// Periods whose revisions changed since everything was last dropped; past
/// this many, everything is dropped once more.
const TOUCHED_AT_MOST: usize = 65_536;

/// Everything kept between calls, behind one lock.
#[derive(Debug, Default)]
pub(super) struct Kept {
    /// The newest audit entry applied; `None` before the first call.
    followed: Option<u64>,
    /// Moves every time everything is dropped.
    epoch: u64,
    /// Per period of an event (its revisions' key prefix, `event/period/`),
    /// the newest revision entry applied since the last drop.
    touched: HashMap<String, u64>,
    /// The entries applied lately, oldest first, with their `seq`: every
    /// entry after `recent_from` up to `followed`.
    recent: VecDeque<(u64, Touched)>,
    recent_from: u64,
    /// Sessions in use.
    pub(super) sign_ins: Shelf<sign_ins::SignIn>,
    /// Records calls read.
    pub(super) records: Records,
    /// Revisions this service committed, by the `seq` of their entry, not
    /// applied yet ([`own`]).
    own: HashMap<u64, OwnRevisions>,
}

/// Where the kept state stood when a call looked at it: what the call found
/// kept then, or reads from the store after, is at least that new.
#[derive(Debug, Clone, Copy)]
pub(super) struct Look {
    epoch: u64,
    followed: u64,
}

/// What a read may depend on, for deciding whether it can still be kept.
#[derive(Debug, Clone, Copy)]
pub(super) enum Depends<'a> {
    /// Anything but report and annual plan revisions.
    Records,
    /// The revisions of one period of an event: their key prefix,
    /// `event/period/` (`store::revision_prefix`).
    RevisionsOf(&'a str),
}

impl Kept {
    fn drop_all(&mut self) {
        self.sign_ins = Shelf::default();
        self.records = Records::default();
        self.touched.clear();
        self.own.clear();
        self.epoch += 1;
    }

    /// Applies the entries nobody applied meanwhile (see the module's rules).
    fn apply(&mut self, entries: &[AuditEntry]) {
        for entry in entries {
            if self.followed.is_some_and(|f| entry.seq <= f) {
                continue;
            }
            let touched = Touched::by(entry);
            let mut before = None;
            match &touched {
                Touched::Revision { event, period, .. } => {
                    self.records.drop_revisions(event, period);
                    before = self
                        .touched
                        .insert(crate::store::revision_prefix(event, period), entry.seq);
                    if self.touched.len() > TOUCHED_AT_MOST {
                        self.drop_all();
                    }
                }
                Touched::Login => {}
                Touched::SignIn | Touched::Anything => self.drop_all(),
            }
            self.applied_own(entry.seq, &touched, before);
            self.followed = Some(entry.seq);
            self.recent.push_back((entry.seq, touched));
            if self.recent.len() > RECENT_AT_MOST
                && let Some((seq, _)) = self.recent.pop_front()
            {
                self.recent_from = seq;
            }
        }
    }

    /// Drops everything and goes on from `head`, unless the log was already
    /// followed past it.
    fn start_over_at(&mut self, head: u64) {
        self.drop_all();
        let followed = self.followed.map_or(head, |f| f.max(head));
        self.followed = Some(followed);
        self.recent.clear();
        self.recent_from = followed;
    }

    /// Where the kept state stands now.
    pub(super) fn look(&self) -> Look {
        Look {
            epoch: self.epoch,
            followed: self.followed.unwrap_or_default(),
        }
    }

    /// Whether a read made after `look`, which `depends` on what it says,
    /// can still be kept: nothing it may depend on changed since.
    pub(super) fn may_keep(&self, look: Look, depends: Depends<'_>) -> bool {
        self.epoch == look.epoch
            && match depends {
                Depends::Records => true,
                Depends::RevisionsOf(prefix) => self
                    .touched
                    .get(prefix)
                    .is_none_or(|&seq| seq <= look.followed),
            }
    }

    /// The newest entry applied, and what the entries after `since` touched,
    /// oldest first; `None` when some of them are no longer kept (or
    /// `since` is `None`), and the caller has to start over.
    pub(super) fn touched_after(&self, since: Option<u64>) -> (u64, Option<Vec<Touched>>) {
        let head = self.followed.unwrap_or_default();
        let changes = since.filter(|&s| s >= self.recent_from).map(|since| {
            // Oldest first, so the entries after `since` are a tail found by
            // halving, not by a walk through thousands of entries per call.
            let from = self.recent.partition_point(|(seq, _)| *seq <= since);
            self.recent
                .range(from..)
                .map(|(_, touched)| touched.clone())
                .collect()
        });
        (head, changes)
    }
}

/// Follows of the log started and finished, so that calls can share them.
#[derive(Debug, Default)]
pub(super) struct Follows {
    state: Mutex<FollowState>,
    finished: Notify,
}

#[derive(Debug, Default)]
struct FollowState {
    /// Follows started; each has the number it brought this to.
    started: u64,
    /// The newest follow that finished well.
    done: u64,
    /// One is claimed (it starts once the calls ready to run have reached
    /// the gate) or running.
    running: bool,
}

impl Follows {
    fn state(&self) -> MutexGuard<'_, FollowState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The turn of the follow claimed or running; ends it when dropped, so that
/// a call dropped before its follow started frees the gate too.
struct FollowTurn<'a> {
    gate: &'a Follows,
    /// The follow's number, once it finished well.
    done: Option<u64>,
}

impl Drop for FollowTurn<'_> {
    fn drop(&mut self) {
        let mut state = self.gate.state();
        state.running = false;
        if let Some(done) = self.done {
            state.done = state.done.max(done);
        }
        drop(state);
        self.gate.finished.notify_waiters();
    }
}

impl Service {
    pub(super) fn kept(&self) -> MutexGuard<'_, Kept> {
        self.kept.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Applies the audit entries appended since this call began. Every
    /// call that uses kept reads makes this first (through `Service::user`
    /// or `Service::authenticate`), so what it finds kept is at least as new
    /// as the call.
    ///
    /// One follow runs at a time, and it serves every call that arrived
    /// before it started: under load, calls that arrive while one runs wait
    /// for the next and share it, instead of each reading the log. The next
    /// one starts after the tasks ready to run have had their turn, so that
    /// those of them that need a follow share it too.
    pub(super) async fn follow_log(&self) -> Result<()> {
        let gate = &self.follows;
        // The first follow to start after this call arrived.
        let needed = gate.state().started + 1;
        loop {
            let finished = gate.finished.notified();
            tokio::pin!(finished);
            finished.as_mut().enable();
            let claimed = {
                let mut state = gate.state();
                if state.done >= needed {
                    return Ok(());
                }
                !std::mem::replace(&mut state.running, true)
            };
            if !claimed {
                finished.await;
                continue;
            }
            // Ends the turn however this one ends: done, failed, or dropped
            // with its request.
            let mut turn = FollowTurn { gate, done: None };
            // The follow is claimed but not yet started: calls that arrive
            // meanwhile need this one. Letting the calls that are ready run
            // first brings them to the gate in time to share it, instead of
            // each of them starting a read of its own.
            tokio::task::yield_now().await;
            let mine = {
                let mut state = gate.state();
                state.started += 1;
                state.started
            };
            self.follow_once().await?;
            turn.done = Some(mine);
            return Ok(());
        }
    }

    /// Reads the entries after the newest applied and applies them.
    async fn follow_once(&self) -> Result<()> {
        let followed = self.kept().followed;
        if let Some(followed) = followed
            && let Some(entries) = self.entries_after(followed).await?
        {
            self.kept().apply(&entries);
            return Ok(());
        }
        // First call, or far behind: start at the head with nothing kept.
        // The head is read before anything is kept, so reads kept later are
        // at least as new as it.
        let head = self.store.audit_head().await?;
        self.kept().start_over_at(head);
        Ok(())
    }

    /// `found` if something is kept there; otherwise what `read` reads from
    /// the store, kept by `keep` unless an entry it `depends` on was
    /// applied meanwhile. Only what exists is kept.
    pub(super) async fn kept_or_read<T: Clone>(
        &self,
        depends: Depends<'_>,
        found: impl FnOnce(&mut Kept) -> Option<T>,
        read: impl Future<Output = Result<Option<T>>>,
        keep: impl FnOnce(&mut Kept, T),
    ) -> Result<Option<T>> {
        Ok(self.kept_or_read_seen(depends, found, read, keep).await?.0)
    }

    /// [`Service::kept_or_read`], and where the kept state stood when the
    /// value was found or the read began: the value is at least as new as
    /// every entry applied by then.
    pub(super) async fn kept_or_read_seen<T: Clone>(
        &self,
        depends: Depends<'_>,
        found: impl FnOnce(&mut Kept) -> Option<T>,
        read: impl Future<Output = Result<Option<T>>>,
        keep: impl FnOnce(&mut Kept, T),
    ) -> Result<(Option<T>, Look)> {
        let look = {
            let mut kept = self.kept();
            let look = kept.look();
            if let Some(value) = found(&mut kept) {
                return Ok((Some(value), look));
            }
            look
        };
        let value = read.await?;
        if let Some(value) = &value {
            let mut kept = self.kept();
            if kept.may_keep(look, depends) {
                keep(&mut kept, value.clone());
            }
        }
        Ok((value, look))
    }

    /// The record of kind `T` at `key`, as stored now: kept on `shelf` of
    /// the kept records, or read by key and kept there.
    pub(super) async fn kept_record<T: Stored>(
        &self,
        shelf: fn(&mut Records) -> &mut Shelf<Arc<T>>,
        key: &str,
    ) -> Result<Option<Arc<T>>> {
        self.kept_or_read(
            Depends::Records,
            |kept| shelf(&mut kept.records).get(key).cloned(),
            async { Ok(self.store.load::<T>(key).await?.map(Arc::new)) },
            |kept, value| shelf(&mut kept.records).put(key, value),
        )
        .await
    }
}

#[cfg(test)]
pub(super) mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly")]

    use super::*;
    use chrono::{DateTime, Utc};

    use crate::audit::{AuditDraft, ObjectRef};
    use crate::model::UserId;

    /// A gate whose follow number `started` is running, `done` the newest
    /// finished.
    fn gate_running(started: u64, done: u64) -> Follows {
        let gate = Follows::default();
        {
            let mut state = gate.state();
            state.running = true;
            state.started = started;
            state.done = done;
        }
        gate
    }

    #[test]
    fn a_follow_that_ends_without_finishing_leaves_the_next_call_to_follow() {
        let gate = gate_running(1, 0);
        drop(FollowTurn {
            gate: &gate,
            done: None,
        });
        let state = gate.state();
        assert!(!state.running, "a dropped or failed follow frees the gate");
        assert_eq!(state.done, 0, "and serves nobody");
    }

    #[test]
    fn a_finished_follow_serves_the_calls_that_arrived_before_it_started() {
        let gate = gate_running(2, 1);
        drop(FollowTurn {
            gate: &gate,
            done: Some(2),
        });
        let state = gate.state();
        assert!(!state.running);
        assert_eq!(state.done, 2);
    }

    #[test]
    fn a_read_is_kept_only_if_nothing_it_depends_on_was_applied_since() {
        let mut kept = Kept::default();
        kept.start_over_at(10);
        let look = kept.look();
        assert!(kept.may_keep(look, Depends::Records));
        assert!(kept.may_keep(look, Depends::RevisionsOf("1.1.1/2026-10/")));

        kept.touched.insert("1.1.1/2026-10/".into(), 11);
        kept.followed = Some(11);
        assert!(kept.may_keep(look, Depends::Records));
        assert!(!kept.may_keep(look, Depends::RevisionsOf("1.1.1/2026-10/")));
        assert!(kept.may_keep(look, Depends::RevisionsOf("1.1.1/2026-09/")));
        assert!(kept.may_keep(look, Depends::RevisionsOf("1.1.2/2026-10/")));
        assert!(kept.may_keep(kept.look(), Depends::RevisionsOf("1.1.1/2026-10/")));

        kept.drop_all();
        assert!(!kept.may_keep(look, Depends::Records));
    }

    /// Entry `seq`: `action` on object `id` of `kind`.
    pub(in crate::service) fn entry(seq: u64, kind: &str, id: &str, action: &str) -> AuditEntry {
        AuditEntry {
            seq,
            draft: AuditDraft {
                at: DateTime::<Utc>::default(),
                actor: UserId::new("tester").unwrap(),
                on_behalf_of: None,
                client: None,
                action: action.into(),
                object: ObjectRef::new(kind, id),
                participant: None,
                summary: String::new(),
            },
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    #[test]
    fn entries_applied_after_a_look_refuse_what_they_may_have_changed() {
        let mut kept = Kept::default();
        kept.start_over_at(10);
        let look = kept.look();

        kept.apply(&[entry(11, "report", "1.1.1/2026-10/r1", "report.save")]);
        assert!(!kept.may_keep(look, Depends::RevisionsOf("1.1.1/2026-10/")));
        assert!(
            kept.may_keep(look, Depends::RevisionsOf("1.1.1/2026-09/")),
            "another month of the same event is untouched"
        );
        assert!(kept.may_keep(look, Depends::RevisionsOf("1.1.1/2026/")));
        assert!(kept.may_keep(look, Depends::RevisionsOf("1.1.2/2026-10/")));
        assert!(kept.may_keep(look, Depends::Records));

        kept.apply(&[entry(
            12,
            "annual_plan",
            "1.1.1/2026/r1",
            "annual_plan.save",
        )]);
        assert!(!kept.may_keep(look, Depends::RevisionsOf("1.1.1/2026/")));
        assert!(kept.may_keep(look, Depends::RevisionsOf("1.1.1/2027/")));

        kept.apply(&[entry(13, "user", "a.b", "auth.login")]);
        assert!(
            kept.may_keep(look, Depends::Records),
            "a login changes nothing kept"
        );

        kept.apply(&[entry(14, "user", "a.b", "auth.logout")]);
        assert!(!kept.may_keep(look, Depends::Records));
        assert!(kept.may_keep(kept.look(), Depends::Records));

        // Applied twice (two follows read the same page): no second effect.
        let after = kept.look();
        kept.apply(&[entry(14, "user", "a.b", "auth.logout")]);
        assert!(kept.may_keep(after, Depends::Records));
    }

    #[test]
    fn the_inbox_is_told_what_changed_since_it_looked_or_to_start_over() {
        let mut kept = Kept::default();
        assert_eq!(kept.touched_after(None), (0, None));
        kept.start_over_at(10);
        assert_eq!(
            kept.touched_after(Some(5)).1,
            None,
            "before the kept entries"
        );
        assert_eq!(kept.touched_after(Some(10)), (10, Some(vec![])));

        kept.apply(&[
            entry(11, "report", "1.1.1/2026-10/r1", "report.save"),
            entry(12, "event", "1.1.2", "event.update"),
        ]);
        let (head, touched) = kept.touched_after(Some(10));
        assert_eq!(head, 12);
        assert_eq!(
            touched,
            Some(vec![
                Touched::Revision {
                    kind: super::super::log::RevisionKind::MonthlyReport,
                    event: "1.1.1".into(),
                    period: "2026-10".into(),
                },
                Touched::Anything
            ])
        );
        assert_eq!(
            kept.touched_after(Some(11)).1,
            Some(vec![Touched::Anything])
        );
    }
}

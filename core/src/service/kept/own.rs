//! Revisions this service committed, kept as they now stand instead of
//! read again.
//!
//! At a month's end most commits are saves of a report, and applying each
//! one's entry drops that month's kept revisions, so the next call on the
//! report (the Planner's next save, the Analyst's read) read them back
//! from the store: a fresh read transaction after a commit, which costs
//! more than anything else the call does. The service that made the commit
//! already holds what the store now has — the revisions it read, with the
//! one it wrote in place — so it keeps that instead, when the log proves
//! nothing else wrote the period in between: no entry touched the period
//! after the call looked ([`Look`]) and before the commit's own entry, and
//! nothing was dropped wholesale meanwhile. Otherwise the period is simply
//! read again, as before.
//!
//! The commit's entry may be applied before the call gets here (another
//! call's follow read it) or after (a later follow will): the first case is
//! checked against the entries applied lately, the second waits in
//! [`Kept::own`] for [`Kept::apply`] to meet the entry.

use std::fmt;

use super::{Kept, Look, Records};
use crate::service::log::Touched;

/// Revisions to keep once the entry of the commit that wrote them is
/// applied.
pub(in crate::service) struct OwnRevisions {
    /// The event and period (`2026-10`, or `2026` for a plan year).
    event: String,
    period: String,
    /// Where the kept state stood when the call read the period.
    look: Look,
    /// Puts the revisions on their shelf.
    keep: Box<dyn FnOnce(&mut Records) + Send>,
}

impl fmt::Debug for OwnRevisions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OwnRevisions")
            .field("event", &self.event)
            .field("period", &self.period)
            .field("look", &self.look)
            .finish_non_exhaustive()
    }
}

impl OwnRevisions {
    /// The revisions of `period` of `event` as a commit leaves them,
    /// computed from what the call read after `look`; `keep` puts them on
    /// their shelf once [`Kept::keep_own`] is told the commit's entry.
    pub(in crate::service) fn new(
        event: &str,
        period: &str,
        look: Look,
        keep: impl FnOnce(&mut Records) + Send + 'static,
    ) -> Self {
        Self {
            event: event.to_owned(),
            period: period.to_owned(),
            look,
            keep: Box::new(keep),
        }
    }

    fn touched_by(&self, touched: &Touched) -> bool {
        matches!(touched, Touched::Revision { event, period, .. }
            if *event == self.event && *period == self.period)
    }
}

impl Kept {
    /// Keeps `own`, the revisions this service's commit with entry `seq`
    /// wrote, if the log proves them current (see the module's rules); now
    /// if the entry is applied already, or once it is.
    pub(in crate::service) fn keep_own(&mut self, seq: u64, own: OwnRevisions) {
        if self.epoch != own.look.epoch {
            return;
        }
        match self.followed {
            Some(followed) if seq <= followed => {
                let prefix = crate::store::revision_prefix(&own.event, &own.period);
                let newest = self.touched.get(&prefix) == Some(&seq);
                if newest && self.untouched_between(&own, seq) {
                    (own.keep)(&mut self.records);
                }
            }
            _ => {
                self.own.insert(seq, own);
            }
        }
    }

    /// Whether the entries applied after `own`'s look and before `seq`
    /// left its period alone; `false` when some are no longer kept.
    fn untouched_between(&self, own: &OwnRevisions, seq: u64) -> bool {
        if own.look.followed < self.recent_from {
            return false;
        }
        let from = self
            .recent
            .partition_point(|(applied, _)| *applied <= own.look.followed);
        self.recent
            .range(from..)
            .take_while(|(applied, _)| *applied < seq)
            .all(|(_, touched)| !own.touched_by(touched))
    }

    /// Called by [`Kept::apply`] once entry `seq`, which touched a period
    /// whose newest earlier entry was `before`, has dropped it: keeps the
    /// revisions this service committed with that entry, if nothing else
    /// wrote the period since the committing call looked.
    pub(super) fn applied_own(&mut self, seq: u64, touched: &Touched, before: Option<u64>) {
        let Some(own) = self.own.remove(&seq) else {
            return;
        };
        if own.look.epoch == self.epoch
            && own.touched_by(touched)
            && before.is_none_or(|b| b <= own.look.followed)
        {
            (own.keep)(&mut self.records);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly")]

    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    use super::super::tests::entry;
    use super::*;
    use crate::audit::AuditEntry;

    /// Revisions of October 2026 of event 1.1.1 read at `look`, and whether
    /// they were kept.
    fn october(look: Look) -> (OwnRevisions, Arc<AtomicBool>) {
        let kept = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&kept);
        let own = OwnRevisions::new("1.1.1", "2026-10", look, move |_| {
            flag.store(true, Ordering::SeqCst);
        });
        (own, kept)
    }

    fn save(seq: u64, event: &str, period: &str) -> AuditEntry {
        entry(
            seq,
            "report",
            &format!("{event}/{period}/r1"),
            "report.save",
        )
    }

    /// Kept state that has followed the log to entry 10.
    fn at_ten() -> Kept {
        let mut kept = Kept::default();
        kept.start_over_at(10);
        kept
    }

    #[test]
    fn an_own_commit_applied_later_keeps_its_revisions() {
        let mut kept = at_ten();
        let (own, done) = october(kept.look());
        kept.keep_own(11, own);
        assert!(
            !done.load(Ordering::SeqCst),
            "not before its entry is applied"
        );
        kept.apply(&[save(11, "1.1.1", "2026-10")]);
        assert!(done.load(Ordering::SeqCst));
        assert!(kept.own.is_empty());
    }

    #[test]
    fn an_own_commit_applied_already_keeps_its_revisions() {
        let mut kept = at_ten();
        let (own, done) = october(kept.look());
        kept.apply(&[save(11, "1.1.2", "2026-10"), save(12, "1.1.1", "2026-10")]);
        kept.keep_own(12, own);
        assert!(done.load(Ordering::SeqCst), "entry 11 wrote another event");
    }

    #[test]
    fn a_write_of_the_period_before_the_look_does_not_stop_keeping() {
        // The month-end case: the report was saved before, the call looked
        // after that save was applied, and saves again.
        let mut kept = at_ten();
        kept.apply(&[save(11, "1.1.1", "2026-10")]);
        let (own, done) = october(kept.look());
        kept.keep_own(12, own);
        kept.apply(&[save(12, "1.1.1", "2026-10")]);
        assert!(done.load(Ordering::SeqCst), "applied after the call kept");

        let mut kept = at_ten();
        kept.apply(&[save(11, "1.1.1", "2026-10")]);
        let (own, done) = october(kept.look());
        kept.apply(&[save(12, "1.1.1", "2026-10")]);
        kept.keep_own(12, own);
        assert!(done.load(Ordering::SeqCst), "applied before the call kept");
    }

    #[test]
    fn a_write_of_the_period_between_the_look_and_the_commit_is_never_hidden() {
        // The entry applied before the own one.
        let mut kept = at_ten();
        let (own, done) = october(kept.look());
        kept.keep_own(12, own);
        kept.apply(&[save(11, "1.1.1", "2026-10"), save(12, "1.1.1", "2026-10")]);
        assert!(!done.load(Ordering::SeqCst));

        // Both applied before the call gets to keep.
        let mut kept = at_ten();
        let (own, done) = october(kept.look());
        kept.apply(&[save(11, "1.1.1", "2026-10"), save(12, "1.1.1", "2026-10")]);
        kept.keep_own(12, own);
        assert!(!done.load(Ordering::SeqCst));
    }

    #[test]
    fn a_later_write_of_the_period_wins_over_the_own_commit() {
        let mut kept = at_ten();
        let (own, done) = october(kept.look());
        kept.apply(&[save(11, "1.1.1", "2026-10"), save(12, "1.1.1", "2026-10")]);
        kept.keep_own(11, own);
        assert!(!done.load(Ordering::SeqCst));
    }

    #[test]
    fn nothing_is_kept_across_a_drop_of_everything() {
        let mut kept = at_ten();
        let (own, done) = october(kept.look());
        kept.keep_own(12, own);
        kept.apply(&[
            entry(11, "user", "a.b", "auth.logout"),
            save(12, "1.1.1", "2026-10"),
        ]);
        assert!(!done.load(Ordering::SeqCst));

        let mut kept = at_ten();
        let (own, done) = october(kept.look());
        kept.apply(&[entry(11, "event", "1.1.1", "event.update")]);
        kept.apply(&[save(12, "1.1.1", "2026-10")]);
        kept.keep_own(12, own);
        assert!(!done.load(Ordering::SeqCst));
    }

    #[test]
    fn an_own_commit_older_than_the_entries_kept_is_read_again() {
        let mut kept = at_ten();
        let (own, done) = october(kept.look());
        let others: Vec<AuditEntry> = (11..11 + super::super::RECENT_AT_MOST as u64 + 1)
            .map(|seq| save(seq, "1.1.2", "2026-10"))
            .collect();
        let last = others.last().unwrap().seq + 1;
        kept.apply(&others);
        kept.apply(&[save(last, "1.1.1", "2026-10")]);
        kept.keep_own(last, own);
        assert!(
            !done.load(Ordering::SeqCst),
            "the entries between are no longer all known"
        );
    }
}

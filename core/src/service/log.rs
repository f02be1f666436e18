//! Following the audit log: what an entry may have written, and reading
//! the entries appended since a given one.
//!
//! The service keeps state between calls (records, sign-ins, inboxes) and keeps it
//! current by reading, before each use, the entries every commit appends in
//! the same transaction — by this service, another one, or another process
//! sharing the store. What each kept state may skip depends on what an entry
//! can have written, [`Touched`]; the rule a revision entry relies on is
//! enforced on every commit the service makes by [`check_revision_entry`]
//! (writes behind its back, `Store::commit` from a repair script, are not).

use super::Service;
use super::revision::Revision;
use crate::audit::AuditEntry;
use crate::error::{Error, Result};
use crate::model::{AnnualPlan, MonthlyReport};
use crate::store::{ChangeSet, Collection};

/// Entries read from the log at a time while catching up.
const FOLLOW_PAGE: usize = 256;

/// Pages after which catching up entry by entry costs more than reading
/// everything afresh (after a plan import or a restore).
const FOLLOW_PAGES: usize = 4;

/// The actions of logging in, failed or not.
const LOGINS: [&str; 3] = ["auth.login", "auth.login_failed", "auth.login_refused"];

/// How the other sign-in actions begin (`auth.logout`, `auth.password_changed`…).
const SIGN_IN_ACTIONS: &str = "auth.";

/// Which revisions a revision entry's commit wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RevisionKind {
    /// Monthly reports of one month.
    MonthlyReport,
    /// Annual plans of one year.
    AnnualPlan,
}

/// What the commit behind an audit entry may have written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Touched {
    /// Monthly report or annual plan revisions of one period of this
    /// event, nothing else ([`check_revision_entry`]).
    Revision {
        /// Monthly reports or annual plans.
        kind: RevisionKind,
        /// The event's id.
        event: String,
        /// The month (`2026-10`) or plan year (`2026`): as in the
        /// revisions' keys, and never the same text for the two kinds.
        period: String,
    },
    /// A login, failed or not: a new session and throttle counters.
    Login,
    /// Another sign-in action: sessions, credentials, throttle counters.
    SignIn,
    /// Anything: users, events, participants, the calendar, plan imports,
    /// restores, whatever a later version adds.
    Anything,
}

impl Touched {
    /// What `entry`'s commit may have written.
    pub(super) fn by(entry: &AuditEntry) -> Self {
        let object = &entry.draft.object;
        let action = entry.draft.action.as_str();
        let kind = if object.kind == MonthlyReport::KIND {
            Some(RevisionKind::MonthlyReport)
        } else if object.kind == AnnualPlan::KIND {
            Some(RevisionKind::AnnualPlan)
        } else {
            None
        };
        if let Some(kind) = kind {
            match revision_period(&object.id) {
                Some((event, period)) => Touched::Revision {
                    kind,
                    event: event.to_owned(),
                    period: period.to_owned(),
                },
                // Not written by this version's commits (which
                // `check_revision_entry` holds to the shape): assume the worst.
                None => Touched::Anything,
            }
        } else if LOGINS.contains(&action) {
            Touched::Login
        } else if action.starts_with(SIGN_IN_ACTIONS) {
            Touched::SignIn
        } else {
            Touched::Anything
        }
    }
}

/// The event and period (`2026-10`, or `2026` for a plan year) of a
/// revision's audit object id, `event/period/rN`; `None` for another shape.
fn revision_period(object_id: &str) -> Option<(&str, &str)> {
    let (label, revision) = object_id.rsplit_once('/')?;
    let (event, period) = label.split_once('/')?;
    let well_formed = revision.starts_with('r') && !event.is_empty() && !period.is_empty();
    well_formed.then_some((event, period))
}

/// What the state kept between calls relies on (`service::kept`,
/// `service::inbox::inputs`): an audit entry about a monthly report or
/// annual plan names a change set that writes revisions of that kind, of
/// the one event and period its object names, and nothing else; so
/// following the log they can skip re-reading everything else. Checked on
/// every commit of a revision, so that no later operation breaks it
/// quietly.
pub(super) fn check_revision_entry(change: &ChangeSet) -> Result<()> {
    let object = &change.audit.object;
    let kind = object.kind.as_str();
    let only = if kind == MonthlyReport::KIND {
        Collection::MonthlyReport
    } else if kind == AnnualPlan::KIND {
        Collection::AnnualPlan
    } else {
        return Ok(());
    };
    let refuse = |what: String| {
        Err(Error::storage(
            "service",
            format!("a `{kind}` audit entry {what}; nothing was written"),
        ))
    };
    let Some((event, period)) = revision_period(&object.id) else {
        return refuse(format!("must name `event/period/rN`, not `{}`", object.id));
    };
    let prefix = crate::store::revision_prefix(event, period);
    match change
        .puts
        .iter()
        .find(|put| put.collection != only || !put.key.starts_with(&prefix))
    {
        None => Ok(()),
        Some(put) => refuse(format!(
            "may only come with {kind} revisions under `{prefix}`, not {} `{}`",
            put.collection.as_str(),
            put.key
        )),
    }
}

impl Service {
    /// The audit entries after `followed`, oldest first; `None` when the
    /// log ran more than a few pages ahead, so that reading kept state
    /// afresh costs less than catching up.
    pub(super) async fn entries_after(&self, followed: u64) -> Result<Option<Vec<AuditEntry>>> {
        let mut entries = Vec::new();
        let mut from = followed + 1;
        for _ in 0..FOLLOW_PAGES {
            let page = self.store.audit_entries(from, FOLLOW_PAGE).await?;
            let full = page.len() >= FOLLOW_PAGE;
            if let Some(last) = page.last() {
                from = last.seq + 1;
            }
            entries.extend(page);
            if !full {
                return Ok(Some(entries));
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly")]

    use super::*;
    use chrono::{DateTime, Utc};

    use crate::audit::{AuditDraft, ObjectRef};
    use crate::model::UserId;
    use crate::store::{Expect, Put};

    /// A change set whose audit entry names `object` of `kind`, writing
    /// `puts` (collection and key).
    fn change(kind: &str, object: &str, puts: &[(Collection, &str)]) -> ChangeSet {
        ChangeSet {
            puts: puts
                .iter()
                .map(|&(collection, key)| Put {
                    collection,
                    key: key.into(),
                    partition: String::new(),
                    expect: Expect::Absent,
                    body: "{}".into(),
                })
                .collect(),
            audit: AuditDraft {
                at: DateTime::<Utc>::default(),
                actor: UserId::new("tester").unwrap(),
                on_behalf_of: None,
                client: None,
                action: "test".into(),
                object: ObjectRef::new(kind, object),
                participant: None,
                summary: String::new(),
            },
        }
    }

    #[test]
    fn a_revision_entry_may_only_come_with_revisions_of_its_kind_and_period() {
        use Collection::{AnnualPlan, MonthlyReport, Session, User};
        let report = "1.1/2026-10/r2";
        let plan = "1.1/2027/r1";
        for accepted in [
            change("report", report, &[(MonthlyReport, "1.1/2026-10/r0002")]),
            change(
                "report",
                report,
                &[
                    (MonthlyReport, "1.1/2026-10/r0001"),
                    (MonthlyReport, "1.1/2026-10/r0002"),
                ],
            ),
            change("annual_plan", plan, &[(AnnualPlan, "1.1/2027/r0001")]),
            change("user", "a.b", &[(User, "a.b"), (Session, "s")]),
        ] {
            assert!(check_revision_entry(&accepted).is_ok(), "{accepted:?}");
        }
        for refused in [
            change(
                "report",
                report,
                &[(MonthlyReport, "1.1/2026-10/r0002"), (User, "a.b")],
            ),
            change("report", report, &[(AnnualPlan, "1.1/2026-10/r0002")]),
            change("annual_plan", plan, &[(Session, "1.1/2027/r0001")]),
            // Another period or event than the entry names.
            change("report", report, &[(MonthlyReport, "1.1/2026-09/r0001")]),
            change("report", report, &[(MonthlyReport, "1.10/2026-10/r0001")]),
            change("annual_plan", plan, &[(AnnualPlan, "1.1/2027-01/r0001")]),
            // An object id that names no period.
            change("report", "1.1", &[(MonthlyReport, "1.1/2026-10/r0001")]),
        ] {
            let err = check_revision_entry(&refused).unwrap_err();
            assert_eq!(err.kind(), crate::ErrorKind::Storage, "{err}");
            assert!(err.to_string().contains("nothing was written"), "{err}");
        }
    }

    fn entry(kind: &str, id: &str, action: &str) -> AuditEntry {
        let mut draft = change(kind, id, &[]).audit;
        draft.action = action.into();
        AuditEntry {
            seq: 1,
            draft,
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    #[test]
    fn an_entry_says_what_its_commit_may_have_written() {
        let cases = [
            (
                entry("report", "1.1.1/2026-10/r1", "report.save"),
                Touched::Revision {
                    kind: RevisionKind::MonthlyReport,
                    event: "1.1.1".into(),
                    period: "2026-10".into(),
                },
            ),
            (
                entry("annual_plan", "2.1/2027/r2", "annual_plan.submit"),
                Touched::Revision {
                    kind: RevisionKind::AnnualPlan,
                    event: "2.1".into(),
                    period: "2027".into(),
                },
            ),
            // Not the shape this version writes: the worst is assumed.
            (entry("report", "1.1.1", "report.save"), Touched::Anything),
            (entry("user", "a.b", "auth.login_failed"), Touched::Login),
            (entry("user", "a.b", "auth.logout"), Touched::SignIn),
            (entry("user", "a.b", "user.revoke"), Touched::Anything),
            (entry("event", "1.1.1", "event.update"), Touched::Anything),
        ];
        for (entry, touched) in &cases {
            assert_eq!(Touched::by(entry), *touched, "{entry:?}");
        }
    }
}

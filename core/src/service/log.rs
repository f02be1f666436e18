//! Following the audit log: what an entry may have written, and reading
//! the entries appended since a given one.
//!
//! The service keeps state between calls (inboxes, sign-ins) and keeps it
//! current by reading, before each use, the entries every commit appends in
//! the same transaction — by this service, another one, or another process
//! sharing the store. What each kept state may skip depends on what an entry
//! can have written, [`Touched`]; the rule a revision entry relies on is
//! enforced on every commit by [`check_revision_entry`].

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

/// What the commit behind an audit entry may have written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Touched {
    /// One monthly report or annual plan revision of this event, nothing
    /// else ([`check_revision_entry`]).
    Revision {
        /// The event's id.
        event: String,
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
        if object.kind == MonthlyReport::KIND || object.kind == AnnualPlan::KIND {
            // A revision's object id is `event/period/rN`.
            let event = object.id.split('/').next().unwrap_or_default();
            Touched::Revision {
                event: event.to_owned(),
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

/// What the kept inboxes and sign-ins rely on (`service::inbox::inputs`,
/// `service::sign_ins`): an audit entry about a monthly report or annual
/// plan names a change set that writes revisions of that kind and nothing
/// else, so following the log they can skip re-reading everything else.
/// Checked on every commit of a revision, so that no later operation breaks
/// it quietly.
pub(super) fn check_revision_entry(change: &ChangeSet) -> Result<()> {
    let kind = change.audit.object.kind.as_str();
    let only = if kind == MonthlyReport::KIND {
        Collection::MonthlyReport
    } else if kind == AnnualPlan::KIND {
        Collection::AnnualPlan
    } else {
        return Ok(());
    };
    match change.puts.iter().find(|put| put.collection != only) {
        None => Ok(()),
        Some(put) => Err(Error::storage(
            "service",
            format!(
                "a `{kind}` audit entry may only come with {kind} revisions, not {} `{}`; \
                 nothing was written",
                put.collection.as_str(),
                put.key
            ),
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

    fn change(kind: &str, collections: &[Collection]) -> ChangeSet {
        ChangeSet {
            puts: collections
                .iter()
                .map(|&collection| Put {
                    collection,
                    key: "k".into(),
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
                object: ObjectRef::new(kind, "k"),
                participant: None,
                summary: String::new(),
            },
        }
    }

    #[test]
    fn a_revision_entry_may_only_come_with_revisions_of_its_kind() {
        use Collection::{AnnualPlan, MonthlyReport, Session, User};
        assert!(check_revision_entry(&change("report", &[MonthlyReport])).is_ok());
        assert!(check_revision_entry(&change("annual_plan", &[AnnualPlan])).is_ok());
        assert!(check_revision_entry(&change("user", &[User, Session])).is_ok());
        for (kind, puts) in [
            ("report", &[MonthlyReport, User][..]),
            ("report", &[AnnualPlan][..]),
            ("annual_plan", &[Session][..]),
        ] {
            let err = check_revision_entry(&change(kind, puts)).unwrap_err();
            assert_eq!(err.kind(), crate::ErrorKind::Storage, "{err}");
            assert!(err.to_string().contains("nothing was written"), "{err}");
        }
    }

    fn entry(kind: &str, id: &str, action: &str) -> AuditEntry {
        let mut draft = change(kind, &[]).audit;
        draft.object = ObjectRef::new(kind, id);
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
                entry("report", "1.1.1/2026-10/r0001", "report.save"),
                Touched::Revision {
                    event: "1.1.1".into(),
                },
            ),
            (
                entry("annual_plan", "2.1/2027/r0002", "annual_plan.submit"),
                Touched::Revision {
                    event: "2.1".into(),
                },
            ),
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

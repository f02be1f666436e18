//! The approval chain applied to stored revisions, shared by monthly reports
//! and annual plans.

use std::sync::Arc;

use super::kept::{Depends, Look, OwnRevisions, Records, Shelf};
use super::{Service, check_version};
use crate::access::{Actor, Operation, check_duties};
use crate::audit::{AuditDraft, ObjectRef};
use crate::error::{Error, Result};
use crate::model::{AnnualPlan, Event, EventId, MAX_LONG_TEXT, MonthlyReport, User, check_text};
use crate::report::{Action, ReportState, Step, Workflow, next_state, required_roles};
use crate::store::{StoreExt, Stored};

/// A monthly report or annual plan revision.
pub(super) trait Revision: Stored + Clone + 'static {
    /// Object kind in errors and the audit log.
    const KIND: &'static str;
    /// Its workflow.
    fn workflow(&self) -> &Workflow;
    /// Its workflow, mutably.
    fn workflow_mut(&mut self) -> &mut Workflow;
    /// `event/period` without the revision.
    fn label(&self) -> String;
    /// Keeps what a transition should remember of the content (a monthly
    /// report remembers what was returned, to show the changes later).
    fn note_transition(&mut self, _action: Action) {}
    /// Where revisions of this kind are kept between calls, by event and
    /// then period.
    fn kept(records: &mut Records) -> &mut PeriodShelf<Self>;
}

/// Kept revisions of periods, by event and then period.
pub(super) type PeriodShelf<T> = Shelf<Shelf<Arc<Vec<T>>>>;

/// The revisions of one period as a call found them, and where the kept
/// state stood then: what a commit of the next revision needs to keep the
/// period afterwards without reading it again.
#[derive(Debug)]
pub(super) struct PeriodRevisions<T> {
    /// Every revision, oldest first.
    pub(super) all: Arc<Vec<T>>,
    event: String,
    period: String,
    look: Look,
}

impl<T: Clone> PeriodRevisions<T> {
    /// The newest revision, if any.
    pub(super) fn newest(&self) -> Option<T> {
        self.all.last().cloned()
    }
}

impl Revision for MonthlyReport {
    const KIND: &'static str = "report";
    fn workflow(&self) -> &Workflow {
        &self.workflow
    }
    fn workflow_mut(&mut self) -> &mut Workflow {
        &mut self.workflow
    }
    fn label(&self) -> String {
        format!("{}/{}", self.event, self.period)
    }
    fn note_transition(&mut self, action: Action) {
        match action {
            Action::Return => self.returned_content = Some(self.content.clone()),
            Action::Reopen => self.returned_content = None,
            Action::Submit | Action::Accept | Action::Approve => {}
        }
    }
    fn kept(records: &mut Records) -> &mut PeriodShelf<Self> {
        &mut records.reports
    }
}

impl Revision for AnnualPlan {
    const KIND: &'static str = "annual_plan";
    fn workflow(&self) -> &Workflow {
        &self.workflow
    }
    fn workflow_mut(&mut self) -> &mut Workflow {
        &mut self.workflow
    }
    fn label(&self) -> String {
        format!("{}/{}", self.event, self.year)
    }
    fn kept(records: &mut Records) -> &mut PeriodShelf<Self> {
        &mut records.plans
    }
}

/// The audit object of a revision.
pub(super) fn object_of<T: Revision>(value: &T) -> ObjectRef {
    ObjectRef::new(
        T::KIND,
        format!("{}/r{}", value.label(), value.workflow().revision),
    )
}

/// Checks a return comment or reopen reason, and bounds any comment.
fn check_comment(action: Action, comment: Option<&str>) -> Result<Option<String>> {
    let comment = comment.map(str::trim).filter(|c| !c.is_empty());
    let mut problems = Vec::new();
    match comment {
        None if action.needs_comment() => {
            let what = if action == Action::Reopen {
                "a reason"
            } else {
                "a comment"
            };
            problems.push(crate::error::Problem::error(
                "comment",
                format!("{what} is required to {action}"),
            ));
        }
        Some(text) => check_text(&mut problems, "comment", text, false, MAX_LONG_TEXT),
        None => {}
    }
    if problems.is_empty() {
        Ok(comment.map(str::to_owned))
    } else {
        Err(Error::Validation { problems })
    }
}

impl Service {
    /// Every revision of one period (`2026-02`) or plan year (`2026`) of
    /// `event`, oldest first: kept between calls, or one key-range read.
    /// Shared with the kept copy: most callers only look at the newest.
    pub(super) async fn period_revisions<T: Revision>(
        &self,
        event: &EventId,
        period: &str,
    ) -> Result<Arc<Vec<T>>> {
        Ok(self.period_revisions_seen(event, period).await?.all)
    }

    /// [`Service::period_revisions`] for a call that commits the next
    /// revision: with what [`Service::commit_revision`] needs to keep the
    /// period as the commit leaves it.
    pub(super) async fn period_revisions_seen<T: Revision>(
        &self,
        event: &EventId,
        period: &str,
    ) -> Result<PeriodRevisions<T>> {
        let id = event.as_str();
        let prefix = crate::store::revision_prefix(id, period);
        let read = async {
            let mut all: Vec<T> = self.store.load_prefix::<T>(&prefix).await?;
            all.sort_by_key(|r| r.workflow().revision);
            // Periods without revisions are not kept: any year can be asked
            // for, and only those with revisions are bounded.
            Ok((!all.is_empty()).then(|| Arc::new(all)))
        };
        let (all, look) = self
            .kept_or_read_seen(
                Depends::RevisionsOf(&prefix),
                |kept| T::kept(&mut kept.records).get(id)?.get(period).cloned(),
                read,
                |kept, all| {
                    T::kept(&mut kept.records)
                        .get_or_default(id)
                        .put(period, all)
                },
            )
            .await?;
        Ok(PeriodRevisions {
            all: all.unwrap_or_default(),
            event: id.to_owned(),
            period: period.to_owned(),
            look,
        })
    }

    /// Commits `next`, the newest revision of the period `seen` read, and
    /// keeps the period's revisions as the commit leaves them (`kept::own`).
    pub(super) async fn commit_revision<T: Revision>(
        &self,
        seen: &PeriodRevisions<T>,
        next: T,
        audit: AuditDraft,
    ) -> Result<T> {
        let (mut values, entry) = self.commit(vec![next], audit).await?;
        let saved = values
            .pop()
            .ok_or_else(|| Error::storage(self.store.backend(), "commit returned nothing"))?;
        let mut all: Vec<T> = seen
            .all
            .iter()
            .filter(|r| r.workflow().revision != saved.workflow().revision)
            .cloned()
            .collect();
        all.push(saved.clone());
        all.sort_by_key(|r| r.workflow().revision);
        let (event, period) = (seen.event.clone(), seen.period.clone());
        let own = OwnRevisions::new(&seen.event, &seen.period, seen.look, move |records| {
            T::kept(records)
                .get_or_default(&event)
                .put(&period, Arc::new(all));
        });
        self.kept().keep_own(entry.seq, own);
        Ok(saved)
    }

    /// All revisions of `event` that `keep` selects, oldest first.
    pub(super) async fn revisions<T: Revision>(
        &self,
        event: &EventId,
        keep: impl Fn(&T) -> bool,
    ) -> Result<Vec<T>> {
        let mut all: Vec<T> = self
            .store
            .load_all::<T>(Some(event.as_str()))
            .await?
            .into_iter()
            .filter(|r| keep(r))
            .collect();
        all.sort_by_key(|r| r.workflow().revision);
        Ok(all)
    }

    /// Fires `action` on `current`, the newest revision of the period
    /// `seen` read, naming `version`.
    ///
    /// Checks, in order: the version, the transition table, the role the state
    /// requires (as the responsible executor unless Coordinator), separation of
    /// duties, the comment. `late` marks a first submission after its window. A
    /// reopen keeps the approved revision and commits a new draft revision.
    #[allow(
        clippy::too_many_arguments,
        reason = "one internal call site per action kind"
    )]
    pub(super) async fn fire<T: Revision>(
        &self,
        actor: &Actor,
        user: &User,
        op: Operation,
        event: &Event,
        seen: &PeriodRevisions<T>,
        current: T,
        version: u64,
        action: Action,
        comment: Option<&str>,
        late: bool,
    ) -> Result<T> {
        check_version(T::KIND, &current.label(), current.version(), version)?;
        let from = current.workflow().state;
        let to = next_state(from, action)?;
        let roles = required_roles(from, action);
        let permitted = roles.iter().any(|role| {
            user.has(*role)
                && (!role.is_participant_role() || user.participant == event.plan.responsible)
        });
        if !permitted {
            let names: Vec<String> = roles.iter().map(ToString::to_string).collect();
            return Err(Error::denied(format!(
                "to {action} a {} in state `{from}` needs the role [{}] of the responsible executor",
                T::KIND,
                names.join(" or ")
            )));
        }
        let participant = self.participant(&event.plan.responsible).await?;
        check_duties(
            current.workflow(),
            action,
            &user.login,
            participant.settings.separation_of_duties,
        )?;
        let comment = check_comment(action, comment)?;
        let now = self.now();
        let mut summary = format!("{action}: {from} → {to}");
        if late {
            summary.push_str(" (late)");
        }
        if let Some(c) = &comment {
            summary.push_str(&format!("; «{c}»"));
        }
        let next = if action == Action::Reopen {
            let mut next = current.clone();
            next.set_version(0);
            let mut workflow = Workflow::draft(current.workflow().revision + 1);
            workflow.history.push(Step {
                action,
                from: ReportState::Approved,
                to: ReportState::Draft,
                by: user.login.clone(),
                at: now,
                comment,
            });
            *next.workflow_mut() = workflow;
            next.note_transition(action);
            next
        } else {
            let mut next = current;
            let workflow = next.workflow_mut();
            // Lateness is decided by the first submission of a revision: a
            // resubmission after a return does not make an on-time report late.
            let first_submission = workflow.submitted_at.is_none();
            workflow.record(action, to, &user.login, now, comment);
            if action == Action::Submit && first_submission {
                workflow.late = late;
            }
            next.note_transition(action);
            next
        };
        let audit = self.draft(
            actor,
            op,
            object_of(&next),
            Some(&event.plan.responsible),
            summary,
        );
        self.commit_revision(seen, next, audit).await
    }
}

//! What inboxes are computed from, kept between calls and kept current by
//! following the audit log.
//!
//! Per participant the service keeps its window bounds, the digests of the
//! events it is responsible for, their report revisions of the months an
//! inbox looks at, their annual plan revisions and its annual windows — and
//! the tasks derived from them per set of roles and day, forgotten whenever
//! any of these changes (a draft saved again, read back equal, changes
//! none). Every
//! commit — by this service, another one, or another process sharing the
//! store — appends one audit entry naming its object, and before each use the
//! entries appended since the last use are applied, as the call's own follow
//! of the log found them (`service::kept`):
//!
//! - a monthly report entry marks that month of its event for re-reading,
//!   and an annual plan entry its plans (those commits write revisions of
//!   one period of that event and nothing else): at a month's end most
//!   entries are saves of one month's report, and re-reading every month
//!   of reports an inbox covers (from last December: eleven at the end of
//!   November) and every plan of the event read that many times the rows,
//!   in two ranges instead of one. A month the kept records hold (a report
//!   this service committed or read since) is taken from there instead;
//! - a sign-in entry (`auth.*`: sessions, passwords, failed-login counters,
//!   the most frequent writes after reports) changes nothing kept here;
//! - any other entry (events, participants, window extensions, the
//!   calendar, plan imports, users, requests, whatever a later version adds)
//!   drops everything kept: rare, and never wrong.
//!
//! Applying the entries and using what is kept happen under one lock, so a
//! call never combines inputs older than an entry it has already applied.
//! A month taken from the kept records holds to the same: those records
//! are dropped by every entry the service applies before the inbox learns
//! of it, so they are never older than an entry the inbox has applied.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

use super::super::Service;
use super::super::log::{RevisionKind, Touched};
use crate::calendar::{ReportingPeriod, SubmissionWindow, WindowBounds};
use crate::error::{Error, Result};
use crate::model::{AnnualPlanRevision, EventDigest, EventId, ParticipantId, ReportRevision, Role};
use crate::status::InboxItem;

/// The inputs of every participant's inboxes this service has computed.
#[derive(Debug, Default)]
pub(in crate::service) struct InboxInputs {
    /// The newest audit entry applied; `None` before the first use.
    followed: Option<u64>,
    participants: HashMap<ParticipantId, ParticipantInputs>,
}

/// The inputs of one participant's inboxes.
#[derive(Debug)]
pub(in crate::service) struct ParticipantInputs {
    /// The first and last month the report revisions cover.
    months: (ReportingPeriod, ReportingPeriod),
    /// The plan years whose annual windows are kept.
    years: [i32; 2],
    /// The participant's monthly window bounds.
    pub(super) bounds: WindowBounds,
    /// Digests of the events it is responsible for, in the store's order.
    pub(super) events: Vec<EventDigest>,
    /// Each event's report revisions of `months`, in `events`' order.
    pub(super) reports: Vec<Vec<ReportRevision>>,
    /// Each event's annual plan revisions, in `events`' order.
    pub(super) plans: Vec<Vec<AnnualPlanRevision>>,
    /// An event's position in `events`.
    position: HashMap<String, usize>,
    /// Revisions that changed since they were read.
    stale: Vec<Stale>,
    /// Annual windows by responsible executor and year (a couple of them:
    /// looked through without building a key per event).
    annual_windows: Vec<(ParticipantId, i32, Option<SubmissionWindow>)>,
    /// The plan work computed from these inputs, per set of roles and day:
    /// at a month's end most commits are draft saves, which change no task,
    /// so the same answer serves many calls. Forgotten whenever an input
    /// changes.
    computed: Vec<ComputedWork>,
}

/// Kept revisions of one event that a commit may have changed.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Stale {
    /// Its report revisions of one month the inputs cover.
    Month(EventId, ReportingPeriod),
    /// Its report revisions of every month the inputs cover.
    Months(EventId),
    /// Its annual plan revisions.
    Plans(EventId),
}

/// What a revision entry changed, as the inbox reads it.
#[derive(Debug, Clone, Copy)]
enum Period {
    /// Report revisions of one month.
    Month(ReportingPeriod),
    /// Annual plan revisions.
    Year,
    /// Report revisions of a month this version does not write: every
    /// month of the event is re-read.
    Unknown,
}

impl Period {
    fn of(kind: RevisionKind, text: &str) -> Self {
        match kind {
            RevisionKind::AnnualPlan => Period::Year,
            RevisionKind::MonthlyReport => text.parse().map_or(Period::Unknown, Period::Month),
        }
    }
}

/// The plan work of the users holding `roles`, as of `today`, sorted.
#[derive(Debug)]
struct ComputedWork {
    roles: BTreeSet<Role>,
    today: NaiveDate,
    items: Vec<InboxItem>,
}

impl ParticipantInputs {
    /// The annual window of `responsible` for `year`, as read when these
    /// inputs were; `None` if there is none.
    pub(super) fn annual_window(
        &self,
        responsible: &ParticipantId,
        year: i32,
    ) -> Option<SubmissionWindow> {
        self.annual_windows
            .iter()
            .find(|(p, y, _)| p == responsible && *y == year)
            .and_then(|(_, _, window)| *window)
    }

    /// The plan work computed earlier for users holding `roles` on `today`.
    pub(super) fn computed(
        &self,
        roles: &BTreeSet<Role>,
        today: NaiveDate,
    ) -> Option<&[InboxItem]> {
        self.computed
            .iter()
            .find(|c| c.today == today && &c.roles == roles)
            .map(|c| c.items.as_slice())
    }

    /// Keeps `items`, computed from these inputs for `roles` on `today`;
    /// what was computed for another day goes.
    pub(super) fn remember(
        &mut self,
        roles: &BTreeSet<Role>,
        today: NaiveDate,
        items: &[InboxItem],
    ) {
        self.computed.retain(|c| c.today == today);
        self.computed.push(ComputedWork {
            roles: roles.clone(),
            today,
            items: items.to_vec(),
        });
    }

    /// Marks what of `event`'s kept revisions a commit of `period` may
    /// have changed; a month these inputs do not cover changes nothing.
    fn mark_stale(&mut self, event: &str, period: Period) {
        let Some(&at) = self.position.get(event) else {
            return;
        };
        let id = &self.events[at].id;
        let mut mark = |stale: Stale| {
            if !self.stale.contains(&stale) {
                self.stale.push(stale);
            }
        };
        match period {
            Period::Month(month) if (self.months.0..=self.months.1).contains(&month) => {
                mark(Stale::Month(id.clone(), month));
            }
            Period::Month(_) => {}
            Period::Year => mark(Stale::Plans(id.clone())),
            Period::Unknown => mark(Stale::Months(id.clone())),
        }
    }
}

impl InboxInputs {
    /// Applies what one audit entry touched (see the module's rules).
    fn apply(&mut self, touched: &Touched) {
        match touched {
            Touched::Revision {
                kind,
                event,
                period,
            } => {
                let period = Period::of(*kind, period);
                for inputs in self.participants.values_mut() {
                    inputs.mark_stale(event, period);
                }
            }
            Touched::Login | Touched::SignIn => {}
            Touched::Anything => self.participants.clear(),
        }
    }
}

impl Service {
    /// The inputs of `participant`'s inboxes over `months` and `years`,
    /// current as of this call: the audit entries appended since the last
    /// call applied, then whatever they marked read again.
    pub(super) async fn inbox_inputs_of<'a>(
        &self,
        kept: &'a mut InboxInputs,
        participant: &ParticipantId,
        months: (ReportingPeriod, ReportingPeriod),
        years: [i32; 2],
    ) -> Result<&'a mut ParticipantInputs> {
        self.follow_audit(kept);
        let current = kept
            .participants
            .get(participant)
            .is_some_and(|p| p.months == months && p.years == years);
        if !current {
            // Dropped first: if reading fails, nothing half-read is kept.
            kept.participants.remove(participant);
            let inputs = self.read_inputs(participant, months, years).await?;
            kept.participants.insert(participant.clone(), inputs);
        }
        let Some(inputs) = kept.participants.get_mut(participant) else {
            return Err(Error::storage(
                self.store.backend(),
                "inbox inputs vanished",
            ));
        };
        while let Some(first) = inputs.stale.first().cloned() {
            self.read_stale(inputs, first).await?;
        }
        Ok(inputs)
    }

    /// Reads again what `first` and the stale entries of its kind (and
    /// month) name, in one read, and keeps it; they stay marked if the read
    /// fails. A draft saved again reads back as it was, and the plan work
    /// computed stays.
    async fn read_stale(&self, inputs: &mut ParticipantInputs, first: Stale) -> Result<()> {
        let group: Vec<Stale> = inputs
            .stale
            .iter()
            .filter(|s| match (&first, s) {
                (Stale::Month(_, a), Stale::Month(_, b)) => a == b,
                (Stale::Months(_), Stale::Months(_)) | (Stale::Plans(_), Stale::Plans(_)) => true,
                _ => false,
            })
            .cloned()
            .collect();
        let events: Vec<EventId> = group
            .iter()
            .map(|s| match s {
                Stale::Month(e, _) | Stale::Months(e) | Stale::Plans(e) => e.clone(),
            })
            .collect();
        let mut changed = false;
        match first {
            Stale::Plans(_) => {
                let plans = self.store.event_annual_plan_revisions(&events).await?;
                self.one_list_per_event(&events, plans.len())?;
                for (event, plans) in events.iter().zip(plans) {
                    if let Some(&at) = inputs.position.get(event.as_str()) {
                        changed |= inputs.plans[at] != plans;
                        inputs.plans[at] = plans;
                    }
                }
            }
            Stale::Months(_) => {
                let (from, to) = inputs.months;
                let reports = self.store.event_report_revisions(&events, from, to).await?;
                self.one_list_per_event(&events, reports.len())?;
                for (event, reports) in events.iter().zip(reports) {
                    if let Some(&at) = inputs.position.get(event.as_str()) {
                        changed |= inputs.reports[at] != reports;
                        inputs.reports[at] = reports;
                    }
                }
            }
            Stale::Month(_, month) => {
                // The month of a report this service just committed, or
                // read since, is kept whole: taken from there, not read.
                let mut unread = Vec::new();
                let mut found = Vec::new();
                for event in events {
                    match self.kept_month(&event, month) {
                        Some(fresh) => found.push((event, fresh)),
                        None => unread.push(event),
                    }
                }
                if !unread.is_empty() {
                    let reports = self
                        .store
                        .event_report_revisions(&unread, month, month)
                        .await?;
                    self.one_list_per_event(&unread, reports.len())?;
                    found.extend(unread.into_iter().zip(reports));
                }
                for (event, fresh) in found {
                    if let Some(&at) = inputs.position.get(event.as_str()) {
                        changed |= replace_month(&mut inputs.reports[at], month, fresh);
                    }
                }
            }
        }
        if changed {
            inputs.computed.clear();
        }
        inputs.stale.retain(|s| !group.contains(s));
        Ok(())
    }

    /// Where the revisions of `event`'s report for `month` stand, if the
    /// kept records hold them: they are at least as new as every entry
    /// the service has applied, so as new as this inbox's.
    fn kept_month(&self, event: &EventId, month: ReportingPeriod) -> Option<Vec<ReportRevision>> {
        let kept = self.kept();
        let all = kept
            .records
            .reports
            .get(event.as_str())?
            .get(&month.to_string())?;
        Some(all.iter().map(ReportRevision::of).collect())
    }

    /// Refuses an answer without one list per event asked: zipping would
    /// drop events from the inbox without a word.
    fn one_list_per_event(&self, events: &[EventId], lists: usize) -> Result<()> {
        if lists == events.len() {
            Ok(())
        } else {
            Err(Error::storage(
                self.store.backend(),
                "the store did not answer with one list of revisions per event",
            ))
        }
    }

    /// Applies what the audit entries appended since the last call touched,
    /// as the call's own follow of the log (`Service::user`) found them.
    fn follow_audit(&self, kept: &mut InboxInputs) {
        let (head, touched) = self.kept().touched_after(kept.followed);
        match touched {
            Some(touched) => touched.iter().for_each(|t| kept.apply(t)),
            // First use, or the entries since are no longer at hand: start
            // from the head the call followed, with nothing kept. Inputs
            // read later are at least as new as it.
            None => kept.participants.clear(),
        }
        kept.followed = Some(head.max(kept.followed.unwrap_or_default()));
    }

    /// Reads everything `participant`'s inboxes are computed from.
    async fn read_inputs(
        &self,
        participant: &ParticipantId,
        months: (ReportingPeriod, ReportingPeriod),
        years: [i32; 2],
    ) -> Result<ParticipantInputs> {
        let bounds = self.participant(participant).await?.settings.window;
        let events = self.store.responsible_event_digests(participant).await?;
        let ids: Vec<EventId> = events.iter().map(|e| e.id.clone()).collect();
        let (reports, plans) = self.read_revisions(&ids, months).await?;
        // Windows depend on the responsible executor and the year only.
        let keys: BTreeSet<(ParticipantId, i32)> = events
            .iter()
            .flat_map(|e| years.map(|year| (e.responsible.clone(), year)))
            .collect();
        let mut annual_windows = Vec::with_capacity(keys.len());
        for (responsible, year) in keys {
            let window = self.annual_window_for(&responsible, year).await?;
            annual_windows.push((responsible, year, window));
        }
        let position = ids
            .iter()
            .enumerate()
            .map(|(at, id)| (id.as_str().to_owned(), at))
            .collect();
        Ok(ParticipantInputs {
            months,
            years,
            bounds,
            events,
            reports,
            plans,
            position,
            stale: Vec::new(),
            annual_windows,
            computed: Vec::new(),
        })
    }

    /// The report revisions of `months` and the annual plan revisions of
    /// `events`, one list per event in the order asked.
    async fn read_revisions(
        &self,
        events: &[EventId],
        months: (ReportingPeriod, ReportingPeriod),
    ) -> Result<(Vec<Vec<ReportRevision>>, Vec<Vec<AnnualPlanRevision>>)> {
        let reports = self
            .store
            .event_report_revisions(events, months.0, months.1)
            .await?;
        let plans = self.store.event_annual_plan_revisions(events).await?;
        self.one_list_per_event(events, reports.len())?;
        self.one_list_per_event(events, plans.len())?;
        Ok((reports, plans))
    }
}

/// Puts `fresh`, the report revisions of `month` just read, in place of
/// those kept in `kept`; whether they differ. The place does not matter
/// (the stores may answer in any order, and the plan work only looks
/// revisions up); the backends answer by month, then revision, and the
/// place kept is where a whole read would put them.
fn replace_month(
    kept: &mut Vec<ReportRevision>,
    month: ReportingPeriod,
    fresh: Vec<ReportRevision>,
) -> bool {
    if kept.iter().filter(|r| r.period == month).eq(fresh.iter()) {
        return false;
    }
    kept.retain(|r| r.period != month);
    let at = kept.partition_point(|r| r.period < month);
    kept.splice(at..at, fresh);
    true
}

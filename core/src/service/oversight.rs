//! The inbox and the audit log.

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use super::Service;
use crate::access::{Actor, Operation, sees_event_digest};
use crate::audit::{AuditEntry, AuditQuery, ChainBreak, ChainReport, verify_chain};
use crate::calendar::{ReportingPeriod, monthly_window};
use crate::error::{Error, Result};
use crate::model::{AnnualPlanRevision, EventDigest, EventId, ReportRevision, Role};
use crate::report::ReportState;
use crate::requests::{AccessRequest, RequestStatus};
use crate::status::{InboxItem, InboxTask};
use crate::store::StoreExt;

/// The outcome of verifying the audit chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum AuditVerdict {
    /// Every entry links and hashes correctly.
    Intact(ChainReport),
    /// The first entry that does not.
    Broken(ChainBreak),
}

/// How many entries are read from the store at a time.
const AUDIT_PAGE: usize = 1000;

impl Service {
    /// What waits for the actor and by when, overdue first.
    ///
    /// Planners see months to fill (from December of last year on) and returned
    /// reports; Analysts submitted ones; Heads accepted ones — only for events
    /// their participant is responsible for. Annual plans likewise, with the
    /// plan for next year from the day its window opens. The Admin sees the
    /// pending access requests, due two business days after receipt.
    pub async fn inbox(&self, actor: &Actor) -> Result<Vec<InboxItem>> {
        let user = self.authorized(actor, Operation::ReadInbox).await?;
        let today = self.today();
        let mut items = Vec::new();
        if user.has(Role::Admin) {
            for request in self.store.load_all::<AccessRequest>(None).await? {
                if request.status == RequestStatus::Pending {
                    let overdue = request.is_overdue(today);
                    items.push(InboxItem {
                        task: InboxTask::ProcessRequest,
                        event: None,
                        title: format!("{:?} request of {}", request.kind, request.participant)
                            .to_lowercase(),
                        request: Some(request.id),
                        period: None,
                        year: None,
                        due: request.due,
                        overdue,
                    });
                }
            }
        }
        if !(user.has(Role::Planner) || user.has(Role::Analyst) || user.has(Role::Head)) {
            InboxItem::sort(&mut items);
            return Ok(items);
        }
        let participant = self.participant(&user.participant).await?;
        let bounds = participant.settings.window;
        // Digests: the inbox needs an event's title, term and executor,
        // not its card.
        let events: Vec<EventDigest> = self
            .store
            .responsible_event_digests(&user.participant)
            .await?
            .into_iter()
            .filter(|e| !e.excluded && sees_event_digest(&user, e))
            .collect();
        // The states come from the store's digests of these events, read in
        // one go: the months the inbox looks at (last December up to last
        // month; this month's report is not due yet) and every plan
        // revision. At the month's end every Planner opens the inbox again
        // and again; whole reports are not needed.
        let ids: Vec<EventId> = events.iter().map(|e| e.id.clone()).collect();
        let december = ReportingPeriod::new(today.year() - 1, 12)?;
        let last_month = ReportingPeriod::new(today.year(), today.month())?.previous();
        let report_revisions = self
            .store
            .event_report_revisions(&ids, december, last_month)
            .await?;
        let plan_revisions = self.store.event_annual_plan_revisions(&ids).await?;
        if report_revisions.len() != ids.len() || plan_revisions.len() != ids.len() {
            // Zipping would drop events from the inbox without a word.
            return Err(Error::storage(
                self.store.backend(),
                "the store did not answer with one list of revisions per event",
            ));
        }
        // An event has a handful of revisions per month: a look through its
        // own short lists beats hashing each of them.
        let newest_report = |reports: &[ReportRevision], period: ReportingPeriod| {
            reports
                .iter()
                .filter(|r| r.period == period)
                .max_by_key(|r| r.revision)
                .map(|r| r.state)
        };
        let newest_plan = |plans: &[AnnualPlanRevision], year: i32| {
            plans
                .iter()
                .filter(|p| p.year == year)
                .max_by_key(|p| p.revision)
                .map(|p| p.state)
        };
        // Annual windows depend on the responsible executor and the year
        // only: read each once, not once per event.
        let mut annual_windows = std::collections::BTreeMap::new();
        for ((event, reports), plans) in events.iter().zip(&report_revisions).zip(&plan_revisions) {
            let item = |task,
                        period: Option<ReportingPeriod>,
                        year: Option<i32>,
                        due: chrono::NaiveDate| InboxItem {
                task,
                event: Some(event.id.clone()),
                request: None,
                title: event.title.clone(),
                period,
                year,
                due,
                overdue: today > due,
            };
            let mut period = december;
            while period.first_day() <= today
                && period.last_day() < today.with_day(1).unwrap_or(today)
            {
                let in_event = period.last_day() >= event.period.start
                    && period.first_day() <= event.period.end;
                if in_event {
                    let due = monthly_window(period, bounds).closes;
                    let state = newest_report(reports, period);
                    let task = match state {
                        None | Some(ReportState::Draft) if user.has(Role::Planner) => {
                            Some(InboxTask::FillReport)
                        }
                        Some(ReportState::Returned) if user.has(Role::Planner) => {
                            Some(InboxTask::FixReport)
                        }
                        Some(ReportState::Submitted) if user.has(Role::Analyst) => {
                            Some(InboxTask::CheckReport)
                        }
                        Some(ReportState::Accepted) if user.has(Role::Head) => {
                            Some(InboxTask::ApproveReport)
                        }
                        _ => None,
                    };
                    // Last December's report stops being news once its window has
                    // long passed and it is in the chain; missing ones stay.
                    if let Some(task) = task {
                        items.push(item(task, Some(period), None, due));
                    }
                }
                period = period.next();
            }

            for year in [today.year(), today.year() + 1] {
                if year < event.period.start.year() || year > event.period.end.year() {
                    continue;
                }
                let key = (event.responsible.clone(), year);
                let window = match annual_windows.get(&key) {
                    Some(window) => *window,
                    None => {
                        let window = self.annual_window_for(&event.responsible, year).await?;
                        annual_windows.insert(key, window);
                        window
                    }
                };
                let Some(window) = window else {
                    continue;
                };
                if today < window.opens {
                    continue;
                }
                let state = newest_plan(plans, year);
                let task = match state {
                    None | Some(ReportState::Draft)
                        if user.has(Role::Planner) && today <= window.closes =>
                    {
                        Some(InboxTask::FillAnnualPlan)
                    }
                    Some(ReportState::Returned) if user.has(Role::Planner) => {
                        Some(InboxTask::FixAnnualPlan)
                    }
                    Some(ReportState::Submitted) if user.has(Role::Analyst) => {
                        Some(InboxTask::CheckAnnualPlan)
                    }
                    Some(ReportState::Accepted) if user.has(Role::Head) => {
                        Some(InboxTask::ApproveAnnualPlan)
                    }
                    _ => None,
                };
                if let Some(task) = task {
                    items.push(item(task, None, Some(year), window.closes));
                }
            }
        }
        InboxItem::sort(&mut items);
        Ok(items)
    }

    async fn all_audit_entries(&self) -> Result<Vec<AuditEntry>> {
        let mut out = Vec::new();
        let mut from = 1;
        loop {
            let page = self.store.audit_entries(from, AUDIT_PAGE).await?;
            let Some(last) = page.last() else { break };
            from = last.seq + 1;
            let full = page.len() == AUDIT_PAGE;
            out.extend(page);
            if !full {
                break;
            }
        }
        Ok(out)
    }

    /// Audit entries matching `query`, newest first (Coordinator, Admin).
    pub async fn audit(&self, actor: &Actor, query: &AuditQuery) -> Result<Vec<AuditEntry>> {
        self.authorized(actor, Operation::ReadAudit).await?;
        let mut entries: Vec<AuditEntry> = self
            .all_audit_entries()
            .await?
            .into_iter()
            .filter(|e| query.matches(e))
            .collect();
        entries.reverse();
        if let Some(limit) = query.limit {
            entries.truncate(limit);
        }
        Ok(entries)
    }

    /// Writes the entries matching `query` to `out` as JSON Lines, oldest
    /// first, each with its hash so the export can be checked against the
    /// chain (Coordinator, Admin). Returns how many were written.
    pub async fn export_audit(
        &self,
        actor: &Actor,
        query: &AuditQuery,
        mut out: impl std::io::Write,
    ) -> Result<u64> {
        let mut entries = self.audit(actor, query).await?;
        entries.reverse();
        let io = |e: std::io::Error| crate::Error::storage("export", e.to_string());
        for entry in &entries {
            let line = serde_json::to_string(entry)
                .map_err(|e| crate::Error::storage("export", e.to_string()))?;
            out.write_all(line.as_bytes()).map_err(io)?;
            out.write_all(b"\n").map_err(io)?;
        }
        out.flush().map_err(io)?;
        Ok(entries.len() as u64)
    }

    /// Recomputes the hash chain and names the first broken entry (Coordinator,
    /// Admin).
    pub async fn verify_audit(&self, actor: &Actor) -> Result<AuditVerdict> {
        self.authorized(actor, Operation::VerifyAudit).await?;
        let entries = self.all_audit_entries().await?;
        Ok(match verify_chain(&entries) {
            Ok(report) => AuditVerdict::Intact(report),
            Err(broken) => AuditVerdict::Broken(broken),
        })
    }
}

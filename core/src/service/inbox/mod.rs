//! The inbox: what waits for each user and by when.
//!
//! The tasks are derived from the date and from inputs the service keeps
//! between calls ([`inputs`]): at a month's end every Planner, Analyst and
//! Head opens the inbox again and again, while what it is computed from
//! changes a little at a time. The tasks derived are kept with the inputs
//! until one of them changes; a draft saved again changes none.

mod inputs;

pub(super) use inputs::InboxInputs;
use inputs::ParticipantInputs;

use chrono::{Datelike, NaiveDate};

use super::Service;
use crate::access::{Actor, Operation, sees_event_digest};
use crate::calendar::{ReportingPeriod, monthly_window};
use crate::error::Result;
use crate::model::{AnnualPlanRevision, ReportRevision, Role, User};
use crate::report::ReportState;
use crate::requests::{AccessRequest, RequestStatus};
use crate::status::{InboxItem, InboxTask};
use crate::store::StoreExt;

impl Service {
    /// What waits for the actor and by when, overdue first.
    ///
    /// Planners see months to fill (last December up to last month; this
    /// month's report is not due yet) and returned reports; Analysts
    /// submitted ones; Heads accepted ones — only for events their
    /// participant is responsible for. Annual plans likewise, with the plan
    /// for next year from the day its window opens. The Admin sees the
    /// pending access requests, due two business days after receipt.
    ///
    /// Always as current as the store: changes made through another
    /// [`Service`] or another process sharing the store show at once.
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
        let december = ReportingPeriod::new(today.year() - 1, 12)?;
        let last_month = ReportingPeriod::new(today.year(), today.month())?.previous();
        let years = [today.year(), today.year() + 1];

        let mut kept = self.inbox_inputs.lock().await;
        let inputs = self
            .inbox_inputs_of(&mut kept, &user.participant, (december, last_month), years)
            .await?;
        let work = match inputs.computed(&user.roles, today) {
            Some(work) => work.to_vec(),
            None => {
                let work = plan_work(inputs, &user, today, december, years);
                inputs.remember(&user.roles, today, &work);
                work
            }
        };
        drop(kept);
        if items.is_empty() {
            return Ok(work);
        }
        items.extend(work);
        InboxItem::sort(&mut items);
        Ok(items)
    }
}

/// The plan work waiting for `user` on `today`, sorted: reports of the
/// months from `december` up to last month and annual plans of `years`,
/// of the events in `inputs` the user sees. Depends on nothing but its
/// arguments, and on the user only through their roles (`inputs` are their
/// participant's).
fn plan_work(
    inputs: &ParticipantInputs,
    user: &User,
    today: NaiveDate,
    december: ReportingPeriod,
    years: [i32; 2],
) -> Vec<InboxItem> {
    let mut items = Vec::new();
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
    // The months and their due dates are the same for every event: dates
    // are worked out once per call, not once per event.
    let this_month_starts = today.with_day(1).unwrap_or(today);
    let mut months = Vec::new();
    let mut period = december;
    while period.first_day() <= today && period.last_day() < this_month_starts {
        let due = monthly_window(period, inputs.bounds).closes;
        months.push((period, period.first_day(), period.last_day(), due));
        period = period.next();
    }
    for ((event, reports), plans) in inputs.events.iter().zip(&inputs.reports).zip(&inputs.plans) {
        if event.excluded || !sees_event_digest(user, event) {
            continue;
        }
        let item =
            |task, period: Option<ReportingPeriod>, year: Option<i32>, due: NaiveDate| InboxItem {
                task,
                event: Some(event.id.clone()),
                request: None,
                title: event.title.clone(),
                period,
                year,
                due,
                overdue: today > due,
            };
        for &(period, first_day, last_day, due) in &months {
            if last_day >= event.period.start && first_day <= event.period.end {
                let state = newest_report(reports, period);
                if let Some(task) = task_for(state, user, REPORT_TASKS, true) {
                    items.push(item(task, Some(period), None, due));
                }
            }
        }

        for year in years {
            if year < event.period.start.year() || year > event.period.end.year() {
                continue;
            }
            let Some(window) = inputs.annual_window(&event.responsible, year) else {
                continue;
            };
            if today < window.opens {
                continue;
            }
            let state = newest_plan(plans, year);
            let may_fill = today <= window.closes;
            if let Some(task) = task_for(state, user, PLAN_TASKS, may_fill) {
                items.push(item(task, None, Some(year), window.closes));
            }
        }
    }
    InboxItem::sort(&mut items);
    items
}

/// A revision's tasks by state: fill, fix, check, approve.
type Tasks = [InboxTask; 4];

/// The tasks of a monthly report.
const REPORT_TASKS: Tasks = [
    InboxTask::FillReport,
    InboxTask::FixReport,
    InboxTask::CheckReport,
    InboxTask::ApproveReport,
];

/// The tasks of an annual plan.
const PLAN_TASKS: Tasks = [
    InboxTask::FillAnnualPlan,
    InboxTask::FixAnnualPlan,
    InboxTask::CheckAnnualPlan,
    InboxTask::ApproveAnnualPlan,
];

/// What the newest revision's `state` (`None`: none yet) asks of `user`,
/// the same for a monthly report and an annual plan: a Planner fills a
/// missing or draft one (while `may_fill`) and fixes a returned one, an
/// Analyst checks a submitted one, a Head approves an accepted one.
fn task_for(
    state: Option<ReportState>,
    user: &crate::model::User,
    [fill, fix, check, approve]: Tasks,
    may_fill: bool,
) -> Option<InboxTask> {
    match state {
        None | Some(ReportState::Draft) if may_fill && user.has(Role::Planner) => Some(fill),
        Some(ReportState::Returned) if user.has(Role::Planner) => Some(fix),
        Some(ReportState::Submitted) if user.has(Role::Analyst) => Some(check),
        Some(ReportState::Accepted) if user.has(Role::Head) => Some(approve),
        _ => None,
    }
}

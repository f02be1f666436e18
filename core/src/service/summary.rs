//! The consolidated report for the Coordinator and, limited to the events
//! they see, for participants' staff.

use super::Service;
use crate::access::{Actor, Operation, sees_event_digest};
use crate::calendar::ReportingPeriod;
use crate::error::{Error, Result};
use crate::model::{EventDigest, Indicator, Participant, StrategyNode};
use crate::store::StoreExt;
use crate::summary::{ConsolidatedReport, SummaryInput, SummaryQuery, consolidate};

impl Service {
    /// The consolidated report of one month over the events the actor sees,
    /// filtered by participant and strategy direction.
    pub async fn consolidated_report(
        &self,
        actor: &Actor,
        query: &SummaryQuery,
    ) -> Result<ConsolidatedReport> {
        let user = self.authorized(actor, Operation::ReadSummary).await?;
        let period = ReportingPeriod::new(query.year, query.month)?;
        if let Some(participant) = &query.participant {
            self.participant(participant).await?;
        }
        let strategy: Vec<StrategyNode> = self.store.load_all(None).await?;
        if let Some(direction) = &query.direction
            && !strategy.iter().any(|n| &n.id == direction)
        {
            return Err(Error::not_found("strategy node", direction));
        }
        // Digests of the months the report shows: the previous December to
        // the month (statuses, series) and the month a year earlier
        // (trend); only the month's own spending counts, so the others are
        // read without it. Of earlier months, statuses need only the
        // control-point dates, which the store keeps apart. The reads are
        // independent, so they run at once, each on the store's blocking
        // pool; the longest, the months before this one, is read as two
        // ranges in parallel.
        let year_ago = ReportingPeriod::new(period.year - 1, period.month)?;
        let december = ReportingPeriod::new(period.year - 1, 12)?;
        let middle = ReportingPeriod::new(period.year, period.month.div_ceil(2))?;
        let without_spending = |from: ReportingPeriod, to: ReportingPeriod| async move {
            if from <= to {
                self.store.report_digests_without_spending(from, to).await
            } else {
                Ok(Vec::new())
            }
        };
        let (
            events,
            mut reports,
            earlier,
            later,
            trend_month,
            reached,
            annual_plans,
            indicators,
            participants,
        ) = tokio::try_join!(
            self.store.event_digests(),
            self.store.report_digests(period, period),
            without_spending(december, middle.previous()),
            without_spending(middle, period.previous()),
            async {
                if year_ago == december {
                    Ok(Vec::new())
                } else {
                    without_spending(year_ago, year_ago).await
                }
            },
            self.store.reached_points(period.year),
            self.store.annual_plan_digests(period.year),
            self.store.load_all::<Indicator>(None),
            self.store.load_all::<Participant>(None),
        )?;
        // Rows of events the actor does not see are left out by
        // `consolidate`, which joins every row to a counted event.
        let events: Vec<EventDigest> = events
            .into_iter()
            .filter(|e| sees_event_digest(&user, e))
            .collect();
        reports.extend(earlier);
        reports.extend(later);
        reports.extend(trend_month);
        let report = consolidate(SummaryInput {
            period,
            today: self.today(),
            participant: query.participant.as_ref(),
            direction: query.direction.as_ref(),
            events: &events,
            reports: &reports,
            reached: &reached,
            annual_plans: &annual_plans,
            indicators: &indicators,
            participants: &participants,
            strategy: &strategy,
        });
        // Freeing some 100,000 digests took a tenth of the report's time;
        // the caller need not wait for it.
        free_later((events, reports, reached, annual_plans, indicators));
        Ok(report)
    }
}

/// Drops `inputs` on the blocking pool, or here outside a Tokio runtime.
fn free_later<T: Send + 'static>(inputs: T) {
    match tokio::runtime::Handle::try_current() {
        Ok(runtime) => drop(runtime.spawn_blocking(move || drop(inputs))),
        Err(_) => drop(inputs),
    }
}

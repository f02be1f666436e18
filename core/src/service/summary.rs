//! The consolidated report for the Coordinator and, limited to the events
//! they see, for participants' staff.

use super::Service;
use crate::access::{Actor, Operation, sees_event};
use crate::calendar::ReportingPeriod;
use crate::error::{Error, Result};
use crate::model::{Event, Indicator, Participant, ReportDigest, StrategyNode};
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
        let events: Vec<Event> = self
            .store
            .load_all::<Event>(None)
            .await?
            .into_iter()
            .filter(|e| sees_event(&user, e))
            .collect();
        // Digests of the months the report reads, picked out by the store:
        // the previous December to the month (statuses, series), and the
        // month a year earlier (trend).
        let year_ago = ReportingPeriod::new(period.year - 1, period.month)?;
        let december = ReportingPeriod::new(period.year - 1, 12)?;
        let mut reports: Vec<ReportDigest> = self.store.report_digests(year_ago, year_ago).await?;
        if december != year_ago {
            reports.extend(self.store.report_digests(december, period).await?);
        } else {
            reports.extend(self.store.report_digests(year_ago.next(), period).await?);
        }
        let seen: std::collections::BTreeSet<&str> = events.iter().map(|e| e.id.as_str()).collect();
        reports.retain(|r| seen.contains(r.event.as_str()));
        let mut annual_plans = self.store.annual_plan_digests(period.year).await?;
        annual_plans.retain(|p| seen.contains(p.event.as_str()));
        let indicators: Vec<Indicator> = self.store.load_all(None).await?;
        let participants: Vec<Participant> = self.store.load_all(None).await?;
        Ok(consolidate(SummaryInput {
            period,
            today: self.today(),
            participant: query.participant.as_ref(),
            direction: query.direction.as_ref(),
            events: &events,
            reports: &reports,
            annual_plans: &annual_plans,
            indicators: &indicators,
            participants: &participants,
            strategy: &strategy,
        }))
    }
}

//! The consolidated report for the Coordinator and, limited to the events
//! they see, for participants' staff.

use chrono::Datelike;

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
        // Digests of every month from the earliest event's start to the
        // asked month: statuses need control-point dates reached in earlier
        // years, the series this year's months, the trend the month a year
        // earlier. The store picks them out without decoding whole reports.
        let earliest = events
            .iter()
            .map(|e| e.plan.period.start)
            .min()
            .and_then(|d| ReportingPeriod::new(d.year(), d.month()).ok())
            .unwrap_or(period)
            .min(ReportingPeriod::new(period.year - 1, period.month)?);
        let trend_start = ReportingPeriod::new(period.year - 1, period.month)?;
        let mut reports: Vec<ReportDigest> = self.store.report_digests(earliest, period).await?;
        // Earlier months count only for the control-point dates they carry.
        reports.retain(|r| r.period >= trend_start || !r.control_points.is_empty());
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

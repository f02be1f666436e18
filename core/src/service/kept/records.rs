//! The records calls read most, kept between calls (see the parent module
//! for when they are dropped).

use std::collections::HashMap;
use std::sync::Arc;

use crate::model::{AnnualPlan, Event, Indicator, MonthlyReport, Participant, User};

/// Kept values of one kind by key; past `AT_MOST` the shelf starts over
/// (those in use at once are far fewer).
#[derive(Debug)]
pub(in crate::service) struct Shelf<T> {
    by_key: HashMap<String, T>,
}

impl<T> Default for Shelf<T> {
    fn default() -> Self {
        Self {
            by_key: HashMap::new(),
        }
    }
}

impl<T> Shelf<T> {
    /// More than the large region's 10,000 events.
    const AT_MOST: usize = 16_384;

    pub(in crate::service) fn get(&self, key: &str) -> Option<&T> {
        self.by_key.get(key)
    }

    pub(in crate::service) fn put(&mut self, key: &str, value: T) {
        self.make_room_for(key);
        self.by_key.insert(key.to_owned(), value);
    }

    /// The value kept at `key`, an empty one put there first if none was.
    pub(in crate::service) fn get_or_default(&mut self, key: &str) -> &mut T
    where
        T: Default,
    {
        self.make_room_for(key);
        self.by_key.entry(key.to_owned()).or_default()
    }

    fn make_room_for(&mut self, key: &str) {
        if self.by_key.len() >= Self::AT_MOST && !self.by_key.contains_key(key) {
            self.by_key.clear();
        }
    }

    fn get_mut(&mut self, key: &str) -> Option<&mut T> {
        self.by_key.get_mut(key)
    }

    fn remove(&mut self, key: &str) {
        self.by_key.remove(key);
    }
}

/// The records kept. Each value is shared (`Arc`): a call takes its own
/// handle rather than a deep copy, and a value dropped from the shelf lives
/// on in the calls still using it.
#[derive(Debug, Default)]
pub(in crate::service) struct Records {
    /// Users by login, whatever their status.
    pub(in crate::service) users: Shelf<Arc<User>>,
    /// Events by id.
    pub(in crate::service) events: Shelf<Arc<Event>>,
    /// Participants by id.
    pub(in crate::service) participants: Shelf<Arc<Participant>>,
    /// The indicators linked to an event and not excluded, by event id.
    pub(in crate::service) indicators: Shelf<Arc<Vec<Indicator>>>,
    /// Monthly report revisions of a period, oldest first, by event id and
    /// then period.
    pub(in crate::service) reports: Shelf<Shelf<Arc<Vec<MonthlyReport>>>>,
    /// Annual plan revisions of a year, oldest first, by event id and then
    /// year.
    pub(in crate::service) plans: Shelf<Shelf<Arc<Vec<AnnualPlan>>>>,
}

impl Records {
    /// Forgets the revisions kept for one `period` of `event`: a month
    /// (`2026-10`) of its reports or a year (`2026`) of its plans, which
    /// never share a key, so each shelf is asked.
    pub(super) fn drop_revisions(&mut self, event: &str, period: &str) {
        if let Some(months) = self.reports.get_mut(event) {
            months.remove(period);
        }
        if let Some(years) = self.plans.get_mut(event) {
            years.remove(period);
        }
    }
}

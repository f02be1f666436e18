//! The source of the current time, injected so that tests never read the wall
//! clock and deadlines can be exercised at any instant.

use std::sync::{Mutex, PoisonError};

use chrono::{DateTime, Duration, Utc};

/// Where the core learns the current instant.
///
/// Every deadline decision goes through this trait so that a test or a replay
/// can fix the time instead of depending on when it runs.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;
}

/// The real wall clock, for production use.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until told to move, for tests and simulations.
#[derive(Debug)]
pub struct ManualClock {
    at: Mutex<DateTime<Utc>>,
}

impl ManualClock {
    /// A clock showing `at` until it is set or advanced.
    pub fn new(at: DateTime<Utc>) -> Self {
        Self { at: Mutex::new(at) }
    }

    /// Moves the clock to `at`, forwards or backwards.
    pub fn set(&self, at: DateTime<Utc>) {
        // A poisoned lock only means another thread panicked while holding it;
        // the stored instant is still a valid value, so keep using it.
        *self.at.lock().unwrap_or_else(PoisonError::into_inner) = at;
    }

    /// Moves the clock by `by` (negative moves it back).
    ///
    /// Saturates at the limits of the representable range instead of failing,
    /// so a test cannot crash the clock.
    pub fn advance(&self, by: Duration) {
        let mut at = self.at.lock().unwrap_or_else(PoisonError::into_inner);
        let limit = if by < Duration::zero() {
            DateTime::<Utc>::MIN_UTC
        } else {
            DateTime::<Utc>::MAX_UTC
        };
        *at = at.checked_add_signed(by).unwrap_or(limit);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.at.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

//! Sessions: bearer tokens with an idle and an absolute expiry.

use std::fmt;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::model::UserId;

/// Limits on sessions and failed logins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthPolicy {
    /// A session unused for this long ends.
    pub idle_timeout: Duration,
    /// A session ends this long after login whatever its use.
    pub absolute_timeout: Duration,
    /// Failed logins for one login within `failure_window` before it locks.
    pub max_failures_per_login: u32,
    /// Failed logins from one client address within `failure_window` before it locks.
    pub max_failures_per_address: u32,
    /// The window failures are counted in.
    pub failure_window: Duration,
    /// How long a lock lasts (an Admin may lift it earlier).
    pub lockout: Duration,
}

impl Default for AuthPolicy {
    fn default() -> Self {
        Self {
            idle_timeout: Duration::minutes(30),
            absolute_timeout: Duration::hours(12),
            max_failures_per_login: 5,
            max_failures_per_address: 20,
            failure_window: Duration::minutes(15),
            lockout: Duration::minutes(15),
        }
    }
}

/// A session token as handed to the client. `Debug` hides it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct SessionToken(pub String);

impl fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionToken(<redacted>)")
    }
}

impl SessionToken {
    /// The storage key of the session: the token's SHA-256, so that a copy of
    /// the store does not hand out live tokens.
    pub fn id(&self) -> String {
        hex::encode(Sha256::digest(self.0.as_bytes()))
    }
}

/// Why a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SessionEnd {
    /// The user logged out.
    Logout,
    /// The password was changed from another session.
    PasswordChanged,
    /// The user's access was revoked.
    Revoked,
}

/// A login session, stored under the hash of its token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Session {
    /// SHA-256 of the token.
    pub id: String,
    /// Whose.
    pub login: UserId,
    /// When it started.
    pub created_at: DateTime<Utc>,
    /// Last use recorded in the store (at login; later uses are tracked in memory).
    pub last_seen: DateTime<Utc>,
    /// Client address at login.
    pub client: Option<String>,
    /// Set when it ended before expiring.
    #[serde(default)]
    pub ended: Option<SessionEnd>,
    /// Storage version.
    #[serde(default)]
    pub version: u64,
}

impl Session {
    /// Whether the session is usable at `now` given its last use.
    pub fn is_live(
        &self,
        now: DateTime<Utc>,
        last_use: DateTime<Utc>,
        policy: &AuthPolicy,
    ) -> bool {
        self.ended.is_none()
            && now - self.created_at <= policy.absolute_timeout
            && now - last_use <= policy.idle_timeout
    }
}

/// Failed-login counter for one login or one client address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Throttle {
    /// `login/<login>` or `address/<address>`.
    pub key: String,
    /// Failures in the current window.
    pub failures: u32,
    /// Start of the current window.
    pub window_start: DateTime<Utc>,
    /// Locked until then, if locked.
    pub locked_until: Option<DateTime<Utc>>,
    /// Storage version.
    #[serde(default)]
    pub version: u64,
}

impl Throttle {
    /// The key for a login.
    pub fn login_key(login: &str) -> String {
        format!("login/{login}")
    }

    /// The key for a client address.
    pub fn address_key(address: &str) -> String {
        format!("address/{address}")
    }

    /// Whether it is locked at `now`.
    pub fn is_locked(&self, now: DateTime<Utc>) -> bool {
        self.locked_until.is_some_and(|until| now < until)
    }

    /// Counts one failure at `now`; locks once `limit` failures fall within the window.
    pub fn record_failure(&mut self, now: DateTime<Utc>, limit: u32, policy: &AuthPolicy) {
        if now - self.window_start > policy.failure_window
            || self.locked_until.is_some_and(|u| now >= u)
        {
            self.failures = 0;
            self.window_start = now;
            self.locked_until = None;
        }
        self.failures += 1;
        if self.failures >= limit {
            self.locked_until = Some(now + policy.lockout);
        }
    }
}

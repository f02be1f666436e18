//! The acting user as an adapter passes it after authenticating.

use serde::{Deserialize, Serialize};

use crate::model::UserId;

/// Who performs an operation, for whom, and from where (all recorded in the
/// audit log).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Actor {
    /// The authenticated user.
    pub user: UserId,
    /// The Head or Analyst this user deputises for, under a delegation.
    #[serde(default)]
    pub on_behalf_of: Option<UserId>,
    /// Client address or channel as the adapter saw it (`127.0.0.1`, `python`).
    #[serde(default)]
    pub client: Option<String>,
}

impl Actor {
    /// An actor for `user` with no client information. Embedding code that
    /// authenticates users itself builds actors this way; adapters get them
    /// from [`crate::Service::authenticate`].
    pub fn user(user: UserId) -> Self {
        Self {
            user,
            on_behalf_of: None,
            client: None,
        }
    }

    /// The same actor seen from `client`.
    pub fn from_client(mut self, client: impl Into<String>) -> Self {
        self.client = Some(client.into());
        self
    }

    /// The same actor acting as deputy of `principal`.
    pub fn on_behalf_of(mut self, principal: UserId) -> Self {
        self.on_behalf_of = Some(principal);
        self
    }
}

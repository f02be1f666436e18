//! The acting user as an adapter passes it after authenticating.

use serde::{Deserialize, Serialize};

use crate::model::UserId;

/// Who performs an operation, and from where (recorded in the audit log).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// The authenticated user.
    pub user: UserId,
    /// Client address or channel as the adapter saw it (`127.0.0.1`, `python`).
    #[serde(default)]
    pub client: Option<String>,
}

impl Actor {
    /// An actor for `user` with no client information.
    pub fn user(user: UserId) -> Self {
        Self { user, client: None }
    }

    /// The same actor seen from `client`.
    pub fn from_client(mut self, client: impl Into<String>) -> Self {
        self.client = Some(client.into());
        self
    }
}

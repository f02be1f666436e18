//! The one error type of the core: kinds a caller can act on.

use std::fmt;

/// How serious a validation problem is.
///
/// Errors block a submission; warnings block it only until the user writes an
/// explanation for the field they concern (DESIGN.md, "Validation").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The value is wrong and must be corrected.
    Error,
    /// The value is unusual and needs an explanation.
    Warning,
}

/// One thing wrong with an input, naming the field it concerns.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Problem {
    /// Path of the field, e.g. `indicator_facts.IND-1` or `progress`.
    pub field: String,
    /// Error or warning.
    pub severity: Severity,
    /// Human-readable reason, lowercase, no final period.
    pub message: String,
}

impl Problem {
    /// A blocking problem with `field`.
    pub fn error(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            severity: Severity::Error,
            message: message.into(),
        }
    }

    /// A problem with `field` that an explanation resolves.
    pub fn warning(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            severity: Severity::Warning,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`: {}", self.field, self.message)
    }
}

/// Everything that can go wrong in a core operation.
///
/// Every variant leaves the store unchanged: an operation either commits whole
/// (change and audit entry together) or returns one of these.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The object does not exist, or exists outside the actor's scope (so that
    /// its existence does not leak).
    #[error("{kind} `{id}` not found")]
    NotFound {
        /// What was looked up (`event`, `report`, …).
        kind: &'static str,
        /// The identifier as given.
        id: String,
    },
    /// The actor sees the object but their roles do not allow the operation.
    #[error("permission denied: {reason}")]
    PermissionDenied {
        /// Why, in terms of roles and duties.
        reason: String,
    },
    /// The object changed since the version the caller acted on, or already exists.
    #[error("conflict: {reason}")]
    Conflict {
        /// What collided.
        reason: String,
    },
    /// The input is invalid; every problem found is listed.
    #[error("invalid input: {}", join_problems(.problems))]
    Validation {
        /// All problems, errors and unexplained warnings.
        problems: Vec<Problem>,
    },
    /// The submission window for the period is not open for this participant.
    #[error("submission window closed: {reason}")]
    WindowClosed {
        /// Which window and when it opens or closed.
        reason: String,
    },
    /// The report or plan is not in a state that allows the action.
    #[error("cannot {action} a report in state `{state}`")]
    InvalidTransition {
        /// The attempted action.
        action: &'static str,
        /// The current state.
        state: &'static str,
    },
    /// The actor is unknown, revoked or otherwise not authenticated.
    #[error("authentication failed: {reason}")]
    Auth {
        /// Why; never contains a password or hash.
        reason: String,
    },
    /// Too many failed logins for this login or client address; refused even
    /// with the right password until the lock ends or an Admin lifts it.
    #[error("too many failed attempts: {reason}")]
    Throttled {
        /// Until when, in the region's time.
        reason: String,
    },
    /// The user logged in with a one-time password and must change it before
    /// doing anything else.
    #[error("the one-time password must be changed first")]
    PasswordChangeRequired,
    /// The storage backend failed; the operation did not commit.
    #[error("storage error in {backend}: {source}")]
    Storage {
        /// Which backend (`memory`, `sqlite`, `sled`).
        backend: &'static str,
        /// The backend's own error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

fn join_problems(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// The kind of an [`Error`], for adapters that map kinds to status codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// See [`Error::NotFound`].
    NotFound,
    /// See [`Error::PermissionDenied`].
    PermissionDenied,
    /// See [`Error::Conflict`].
    Conflict,
    /// See [`Error::Validation`].
    Validation,
    /// See [`Error::WindowClosed`].
    WindowClosed,
    /// See [`Error::InvalidTransition`].
    InvalidTransition,
    /// See [`Error::Auth`].
    Auth,
    /// See [`Error::Throttled`].
    Throttled,
    /// See [`Error::PasswordChangeRequired`].
    PasswordChangeRequired,
    /// See [`Error::Storage`].
    Storage,
}

impl Error {
    /// The kind of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::PermissionDenied { .. } => ErrorKind::PermissionDenied,
            Error::Conflict { .. } => ErrorKind::Conflict,
            Error::Validation { .. } => ErrorKind::Validation,
            Error::WindowClosed { .. } => ErrorKind::WindowClosed,
            Error::InvalidTransition { .. } => ErrorKind::InvalidTransition,
            Error::Auth { .. } => ErrorKind::Auth,
            Error::Throttled { .. } => ErrorKind::Throttled,
            Error::PasswordChangeRequired => ErrorKind::PasswordChangeRequired,
            Error::Storage { .. } => ErrorKind::Storage,
        }
    }

    /// A not-found error for `kind` with `id`.
    pub fn not_found(kind: &'static str, id: impl fmt::Display) -> Self {
        Error::NotFound {
            kind,
            id: id.to_string(),
        }
    }

    /// A permission error with a reason.
    pub fn denied(reason: impl Into<String>) -> Self {
        Error::PermissionDenied {
            reason: reason.into(),
        }
    }

    /// A conflict with a reason.
    pub fn conflict(reason: impl Into<String>) -> Self {
        Error::Conflict {
            reason: reason.into(),
        }
    }

    /// A validation error with a single problem.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Validation {
            problems: vec![Problem::error(field, message)],
        }
    }

    /// A storage error from `backend`.
    pub fn storage(
        backend: &'static str,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Error::Storage {
            backend,
            source: source.into(),
        }
    }

    /// The validation problems, if this is a validation error.
    pub fn problems(&self) -> &[Problem] {
        match self {
            Error::Validation { problems } => problems,
            _ => &[],
        }
    }
}

/// The result type of the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

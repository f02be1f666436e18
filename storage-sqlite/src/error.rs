//! The backend's own errors and how they become the core's.

use std::path::PathBuf;

use stratmon_core::Error;

/// The name this backend reports in [`Error::Storage`].
pub(crate) const BACKEND: &str = "sqlite";

/// Everything that can go wrong inside this crate. Only conflicts travel
/// through as the core's own error; the rest become [`Error::Storage`].
#[derive(Debug, thiserror::Error)]
pub(crate) enum SqliteError {
    /// An error the core defined, e.g. a conflict from `check_expect`.
    #[error(transparent)]
    Core(#[from] Error),

    /// SQLite or rusqlite failed.
    #[error(transparent)]
    Sql(#[from] rusqlite::Error),

    /// Opening or configuring the file failed; names the file.
    #[error("cannot open `{path}`: {source}")]
    Open {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: Box<SqliteError>,
    },

    /// The file was written by a newer build that knows more schema versions.
    #[error(
        "the store was written by a newer version of stratmon (schema version {found}, \
         this build reads up to {known}); upgrade stratmon to open it"
    )]
    NewerSchema {
        /// The version in the file.
        found: i64,
        /// The newest version this build knows.
        known: i64,
    },

    /// A migration step failed; the file keeps its old version.
    #[error("cannot migrate the schema from version {from} to {to}: {source}")]
    Migration {
        /// The version the file has.
        from: i64,
        /// The version the failed step leads to.
        to: i64,
        /// Why.
        #[source]
        source: rusqlite::Error,
    },

    /// The path names something the store cannot live in.
    #[error("{0}")]
    Unsupported(&'static str),

    /// The file is an SQLite database, but not a stratmon store.
    #[error("not a stratmon store: {0}")]
    Foreign(String),

    /// A stored value cannot be what the schema promises (a version out of
    /// range, an audit field that does not decode).
    #[error("stored data is damaged: {0}")]
    Damaged(String),

    /// Another process held a lock longer than the busy timeout.
    #[error(
        "the database stayed locked by another process for {waited:.1?} \
         ({attempts} attempts): {source}"
    )]
    Busy {
        /// How many times the statement was tried.
        attempts: u32,
        /// How long it waited in all.
        waited: std::time::Duration,
        /// The last busy error.
        #[source]
        source: rusqlite::Error,
    },

    /// The transaction that carried this commit together with others
    /// failed as a whole (see "Group commit" on `SqliteStore`); nothing of it
    /// was written.
    #[error("the transaction carrying this commit failed, nothing was written: {0}")]
    Batch(String),

    /// The blocking task running the statement panicked or was cancelled.
    #[error("the storage task did not finish: {0}")]
    Task(#[from] tokio::task::JoinError),

    /// Syncing the directory holding a new store file failed.
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
}

impl SqliteError {
    /// Wraps an error of opening `path` so that the message names the file.
    pub(crate) fn opening(path: impl Into<PathBuf>, source: impl Into<SqliteError>) -> Self {
        SqliteError::Open {
            path: path.into(),
            source: Box::new(source.into()),
        }
    }

    /// Whether this is SQLite reporting a lock held by someone else, which a
    /// retry can clear.
    pub(crate) fn is_busy(&self) -> bool {
        match self {
            SqliteError::Sql(e) => is_busy(e),
            _ => false,
        }
    }
}

/// Whether `e` is `SQLITE_BUSY` or `SQLITE_LOCKED` (any extended code).
pub(crate) fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

impl From<SqliteError> for Error {
    fn from(e: SqliteError) -> Self {
        match e {
            SqliteError::Core(e) => e,
            other => Error::storage(BACKEND, other),
        }
    }
}

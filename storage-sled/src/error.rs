//! The backend's own errors and how they become the core's.

use sled::transaction::TransactionError;
use stratmon_core::Error;

/// What can go wrong inside the sled backend.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SledError {
    /// A rule of the store contract refused the operation (a conflict); passed
    /// through unchanged so it reads as in every backend.
    #[error(transparent)]
    Core(Error),
    /// sled itself failed: I/O, corruption it detected, a lock held elsewhere.
    #[error("{0}")]
    Sled(#[from] sled::Error),
    /// Another process (or another store in this one) has the database open.
    #[error("the database at `{0}` is open in another process")]
    Locked(String),
    /// A stored value starts with an encoding tag this build does not know.
    #[error("{what} has unknown encoding version {tag}; it was written by a newer stratmon")]
    UnknownEncoding {
        /// What was being read.
        what: String,
        /// The tag found.
        tag: u8,
    },
    /// The database's schema is newer than this build understands.
    #[error(
        "the database has schema version {found}, newer than the {supported} this build of stratmon reads; open it with a newer stratmon"
    )]
    NewerSchema {
        /// The version found in the database.
        found: u32,
        /// The newest version this build migrates to.
        supported: u32,
    },
    /// Stored bytes do not fit the layout.
    #[error("the database is damaged: {0}")]
    Corrupt(String),
    /// A blocking task panicked or was cancelled.
    #[error("a storage task failed: {0}")]
    Join(#[from] tokio::task::JoinError),
}

impl From<TransactionError<SledError>> for SledError {
    fn from(e: TransactionError<SledError>) -> Self {
        match e {
            TransactionError::Abort(e) => e,
            TransactionError::Storage(e) => SledError::Sled(e),
        }
    }
}

impl From<Error> for SledError {
    fn from(e: Error) -> Self {
        SledError::Core(e)
    }
}

impl From<SledError> for Error {
    fn from(e: SledError) -> Self {
        match e {
            SledError::Core(e) => e,
            other => Error::storage("sled", other),
        }
    }
}

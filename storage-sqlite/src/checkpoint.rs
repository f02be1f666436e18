//! Checkpoints of the write-ahead log, beside the writer rather than in it.
//!
//! SQLite's default copies the log back into the database file (and syncs
//! that file) inside whichever commit crosses 1,000 log pages. On the large
//! region that took a quarter of a second, during which every other writer
//! waited: under the month-end load it was the tail of every write. Here a
//! thread with its own connection runs a `PASSIVE` checkpoint after every
//! [`COMMITS_PER_CHECKPOINT`] commits; a passive checkpoint never blocks the
//! writer nor readers, and copies what no reader still needs. The writer keeps
//! an automatic checkpoint at a much larger size ([`WRITER_FALLBACK_PAGES`]),
//! so the log stays bounded even if this thread cannot keep up or is gone.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::thread::JoinHandle;

use rusqlite::Connection;

use crate::connection::{self, Options, Role, retry_busy};
use crate::error::SqliteError;

/// Commits between two checkpoints: a few hundred commits of reports write
/// a few thousand log pages.
const COMMITS_PER_CHECKPOINT: u64 = 256;

/// The writer's own automatic checkpoint, in log pages (40 MB): a safety net.
pub(crate) const WRITER_FALLBACK_PAGES: i64 = 10_000;

/// Asks the checkpointing thread for a checkpoint every so many commits.
///
/// Dropping it ends the thread and waits for it to close its connection, so
/// that the store's own connections, closing after it, are the last ones:
/// SQLite folds the log into the database file and removes it only when the
/// last connection to the file closes. A file copied after the store closed
/// is then whole without its `-wal` beside it.
#[derive(Debug)]
pub(crate) struct Checkpointer {
    commits: AtomicU64,
    /// `None` only while dropping.
    wake: Option<SyncSender<()>>,
    /// Set when the store closes: a checkpoint not yet begun is skipped, and
    /// one waiting on another process's lock stops waiting.
    closing: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Starts the thread, with its own connection to `path`. It ends when the
    /// returned value is dropped (the store closes).
    pub(crate) fn start(path: &Path, options: &Options) -> Result<Self, SqliteError> {
        let conn = connection::open(path, options, Role::Writer, false)?;
        let (wake, woken) = sync_channel(1);
        let options = *options;
        let closing = Arc::new(AtomicBool::new(false));
        let thread = {
            let closing = Arc::clone(&closing);
            std::thread::Builder::new()
                .name("stratmon-sqlite-checkpoint".into())
                .spawn(move || run(&conn, &options, &woken, &closing))?
        };
        Ok(Self {
            commits: AtomicU64::new(0),
            wake: Some(wake),
            closing,
            thread: Some(thread),
        })
    }

    /// Notes `n` committed change sets; wakes the thread when a checkpoint
    /// is due. Never blocks: a wake-up already pending is enough.
    pub(crate) fn committed(&self, n: u64) {
        let before = self.commits.fetch_add(n, Ordering::Relaxed);
        if before / COMMITS_PER_CHECKPOINT != (before + n) / COMMITS_PER_CHECKPOINT
            && let Some(wake) = &self.wake
        {
            match wake.try_send(()) {
                Ok(()) | Err(TrySendError::Full(())) => {}
                // The thread is gone (it panicked): the writer's own
                // automatic checkpoint takes over.
                Err(TrySendError::Disconnected(())) => {}
            }
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        // The last connection to close folds the log in anyway, so a
        // checkpoint still pending (a wake-up is received even after the
        // channel closes) or waiting on another process's lock (up to the
        // busy timeout) would only hold up closing: skip it. Closing the
        // channel then ends the thread's loop, and its connection with it.
        self.closing.store(true, Ordering::SeqCst);
        drop(self.wake.take());
        if let Some(thread) = self.thread.take() {
            // A thread that panicked has already closed its connection.
            let _ = thread.join();
        }
    }
}

fn run(conn: &Connection, options: &Options, woken: &Receiver<()>, closing: &AtomicBool) {
    while woken.recv().is_ok() {
        // An error here (an I/O error of the file, which the writer meets
        // too) is left for the next wake-up to retry; meanwhile the writer's
        // own automatic checkpoint bounds the log.
        let _ = retry_busy(options, || {
            if closing.load(Ordering::SeqCst) {
                return Ok(());
            }
            // Returns (busy, log pages, pages copied); a busy or partial
            // checkpoint is fine, the next one goes on from there.
            let _: (i64, i64, i64) =
                conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |row| {
                    Ok((row.get(0)?, row.get(1)?, row.get(2)?))
                })?;
            Ok(())
        });
    }
}

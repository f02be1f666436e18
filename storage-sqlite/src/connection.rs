//! Opening connections with the settings the store relies on, and write
//! transactions that wait for other processes instead of failing.

use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};

use crate::error::SqliteError;

/// How hard a commit works to survive failures before it is acknowledged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Durability {
    /// `synchronous=FULL`: the write-ahead log is flushed to the disk at every
    /// commit, so an acknowledged write survives a killed process *and* a
    /// power loss or kernel crash. The default, and what the core's contract
    /// ("once `commit` returns `Ok`, the change survives a crash") asks for: a
    /// ministry must never lose a report it was told was saved.
    #[default]
    Full,
    /// `synchronous=NORMAL`: the log is flushed only at checkpoints. An
    /// acknowledged write survives a killed process, but the last commits may
    /// roll back after a power loss. Faster; for bulk imports that can be
    /// repeated, and for measuring what durability costs.
    Normal,
}

impl Durability {
    fn pragma(self) -> &'static str {
        match self {
            Durability::Full => "FULL",
            Durability::Normal => "NORMAL",
        }
    }
}

/// Settings for [`crate::SqliteStore::open_with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    durability: Durability,
    busy_timeout: Duration,
    readers: usize,
}

/// Read connections by default: enough to keep every core busy with reads
/// while a few wait on the disk, few enough that each keeps its statement
/// cache warm.
const DEFAULT_READERS: usize = 8;

impl Default for Options {
    fn default() -> Self {
        Self {
            durability: Durability::Full,
            busy_timeout: Duration::from_secs(10),
            readers: DEFAULT_READERS,
        }
    }
}

impl Options {
    pub(crate) fn read_connections(&self) -> usize {
        self.readers
    }

    /// The defaults: [`Durability::Full`], a 10 s busy timeout and eight
    /// read connections.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets how commits are flushed to the disk.
    #[must_use]
    pub fn durability(mut self, durability: Durability) -> Self {
        self.durability = durability;
        self
    }

    /// Sets how long a statement waits for a lock another process holds
    /// before it fails with a storage error (at least about a quarter of a
    /// second, whatever is set here).
    #[must_use]
    pub fn busy_timeout(mut self, timeout: Duration) -> Self {
        self.busy_timeout = timeout;
        self
    }

    /// Sets how many read connections the store keeps (at least one): reads
    /// beyond that many at once wait for a free connection.
    #[must_use]
    pub fn readers(mut self, readers: usize) -> Self {
        self.readers = readers.max(1);
        self
    }
}

/// SQLite's busy handler on every connection: called while another process
/// holds a lock the statement needs, with the number of earlier calls; it
/// sleeps and returns `true` to try again, or `false` to report busy.
///
/// It polls finely (every 0.1 ms for the first 20 ms, then every 1 ms) where
/// SQLite's stock `busy_timeout` handler sleeps 1, 2, 5, … 100 ms: a process
/// waiting for the write lock of a busy writer otherwise misses the short
/// gaps between that writer's transactions and waits until it is idle. In
/// the two-process test this took the log from 2 switches between writers to
/// about 50, and the worst wait from 0.2–0.6 s to tens of milliseconds.
/// After about 250 ms it reports busy, and [`retry_busy`] (which knows the
/// configured timeout) decides whether to go on.
fn wait_for_lock(calls: i32) -> bool {
    let pause = match calls {
        0..200 => Duration::from_micros(100),
        200..430 => Duration::from_millis(1),
        _ => return false,
    };
    thread::sleep(pause);
    true
}

/// Runs `op` until it succeeds, fails with something other than a lock held
/// elsewhere, or the busy timeout has passed.
///
/// The busy handler ([`wait_for_lock`]) waits inside each call; the retry
/// extends the wait to the configured timeout, and also covers the cases
/// where SQLite reports busy without calling the handler (another process
/// rebuilding the write-ahead-log index as it opens the file). Only
/// statements that change nothing when they fail busy are retried here:
/// `BEGIN IMMEDIATE`, `COMMIT` (which leaves the transaction open when busy),
/// reads, and connection set-up.
pub(crate) fn retry_busy<T>(
    options: &Options,
    mut op: impl FnMut() -> Result<T, SqliteError>,
) -> Result<T, SqliteError> {
    let started = Instant::now();
    let mut pause = Duration::from_millis(1);
    let mut attempts = 1;
    loop {
        match op() {
            Err(e) if e.is_busy() && started.elapsed() < options.busy_timeout => {
                thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(50));
                attempts += 1;
            }
            Err(SqliteError::Sql(source)) if crate::error::is_busy(&source) => {
                return Err(SqliteError::Busy {
                    attempts,
                    waited: started.elapsed(),
                    source,
                });
            }
            other => return other,
        }
    }
}

/// The page cache of a write connection, in KiB (as SQLite's negative
/// `cache_size`): at most 64 MiB, filled only as pages are read. The
/// writer's cache outlives its transactions as long as no other process
/// writes, so the index pages commits touch stay in memory between commits
/// instead of being read again from the log or the file (SQLite's default
/// is 2 MiB, a sliver of a region's indexes). The checkpointer's connection
/// opens as a writer too, and reads few pages through its cache.
const WRITER_CACHE_KIB: i64 = -65_536;

/// How much of the file a read connection maps into memory: 1 GiB.
const MMAP_SIZE: i64 = 1 << 30;

/// What a connection is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// The one connection that writes and migrates.
    Writer,
    /// A connection that only reads (`query_only`).
    Reader,
}

/// Opens a connection to `path` and applies the per-connection settings.
///
/// `create` is set only for the writer opened first by
/// [`crate::SqliteStore::open_with`]; readers open an existing file.
pub(crate) fn open(
    path: &Path,
    options: &Options,
    role: Role,
    create: bool,
) -> Result<Connection, SqliteError> {
    // Each connection is used by one thread at a time (behind a mutex or
    // checked out of the pool), so SQLite's own per-connection mutex is not
    // needed.
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let conn = Connection::open_with_flags(path, flags)?;
    // First, so that every later statement waits for other processes' locks.
    conn.busy_handler(Some(wait_for_lock))?;
    retry_busy(options, || {
        // FULL unless the caller chose otherwise: in WAL mode, NORMAL syncs
        // the log only at checkpoints, so a power loss can take back commits
        // that were already acknowledged; a report a ministry was told is
        // saved must stay saved (see `Durability::Full`).
        conn.pragma_update(None, "synchronous", options.durability.pragma())?;
        // The schema has no foreign keys yet; on, so that any later migration
        // that adds one is enforced from the start.
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Refuse (rather than obey) SQL functions an edited file might
        // smuggle into triggers, views or indexes.
        conn.pragma_update(None, "trusted_schema", "OFF")?;
        if role == Role::Writer {
            conn.pragma_update(None, "cache_size", WRITER_CACHE_KIB)?;
        }
        if role == Role::Reader {
            conn.pragma_update(None, "query_only", "ON")?;
            // Reads map the file instead of copying each page into the
            // connection's own cache through a system call: the
            // consolidated report reads some 15 MB of digest rows, and each
            // read connection's 2 MB cache held almost none of them (nor an
            // inbox's pages on the large region: most of its time was
            // `pread`). Only
            // the first GiB is mapped (address space, not memory); SQLite
            // reads the rest, and pages still in the write-ahead log, as
            // before.
            conn.pragma_update(None, "mmap_size", MMAP_SIZE)?;
        }
        Ok(())
    })?;
    conn.set_prepared_statement_cache_capacity(32);
    Ok(conn)
}

/// Puts the file in write-ahead-log mode (persistent in the file, so readers
/// and other processes inherit it): readers then neither block the writer
/// nor wait for it, and a commit appends to the log instead of rewriting
/// pages in place.
pub(crate) fn enable_wal(conn: &Connection, options: &Options) -> Result<(), SqliteError> {
    let mode: String = retry_busy(options, || {
        Ok(conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?)
    })?;
    if mode.eq_ignore_ascii_case("wal") {
        Ok(())
    } else {
        Err(SqliteError::Foreign(format!(
            "the file refuses write-ahead logging (journal mode `{mode}`)"
        )))
    }
}

/// An open `BEGIN IMMEDIATE` transaction that rolls back when dropped
/// uncommitted, so an error anywhere (`?`) or a panic writes nothing.
pub(crate) struct WriteTx<'c> {
    conn: &'c Connection,
    options: &'c Options,
    open: bool,
}

impl<'c> WriteTx<'c> {
    /// Takes the database's write lock at once (`BEGIN IMMEDIATE`), so that
    /// two processes serialise here instead of one failing later when its
    /// read lock cannot be upgraded. Waits and retries while another process
    /// holds the lock.
    pub(crate) fn begin(conn: &'c Connection, options: &'c Options) -> Result<Self, SqliteError> {
        if !conn.is_autocommit() {
            // Left open by a ROLLBACK that failed; end it before starting anew.
            conn.execute_batch("ROLLBACK")?;
        }
        retry_busy(options, || Ok(conn.execute_batch("BEGIN IMMEDIATE")?))?;
        Ok(Self {
            conn,
            options,
            open: true,
        })
    }

    /// Commits. A busy `COMMIT` leaves the transaction open, so it is retried;
    /// any other failure rolls everything back.
    pub(crate) fn commit(mut self) -> Result<(), SqliteError> {
        let conn = self.conn;
        retry_busy(self.options, || Ok(conn.execute_batch("COMMIT")?))?;
        self.open = false;
        Ok(())
    }
}

impl Drop for WriteTx<'_> {
    fn drop(&mut self) {
        // SQLite rolls back by itself after some errors (a full disk, an I/O
        // error); only roll back what is still open. Should ROLLBACK itself
        // fail, nothing is committed either, and the next `begin` retries it.
        if self.open && !self.conn.is_autocommit() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

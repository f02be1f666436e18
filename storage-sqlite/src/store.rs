//! [`SqliteStore`]: the [`Store`] on one SQLite file.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::{Semaphore, oneshot};

use async_trait::async_trait;
use rusqlite::{Connection, OptionalExtension, Params, params};
use stratmon_core::audit::{AuditEntry, GENESIS_HASH};
use stratmon_core::calendar::ReportingPeriod;
use stratmon_core::model::{
    AnnualPlanDigest, AnnualPlanRevision, EventDigest, EventId, Indicator, ParticipantId,
    ReachedPoint, ReportDigest, ReportRevision,
};
use stratmon_core::store::{ChangeSet, Collection, Record, Store, check_expect, decode};
use stratmon_core::{Error, Result};

use crate::checkpoint::{Checkpointer, WRITER_FALLBACK_PAGES};
use crate::codec;
use crate::connection::{self, Options, Role, WriteTx, retry_busy};
use crate::error::{BACKEND, SqliteError};
use crate::schema::{self, sql};

/// Audit pages up to this many entries are small reads (see
/// [`SqliteStore::small_read`]); verifying the chain reads larger ones.
const SMALL_AUDIT_PAGE: usize = 256;

/// A [`Store`] kept in one SQLite file, the embedded default backend.
///
/// Every [`Store::commit`] checks the preconditions, writes the records,
/// reads the head of the audit chain and appends the sealed entry inside a
/// transaction started with `BEGIN IMMEDIATE` (shared with the commits queued
/// beside it, each in its own savepoint: see "Group commit"); an error
/// anywhere rolls all of that commit back. The file is in write-ahead-log mode with
/// `synchronous=FULL` by default (see [`Durability`](crate::Durability)), so a
/// commit that returned `Ok` survives a killed process and a power loss.
///
/// # Connections
///
/// One connection writes, behind a mutex; reads check out one of a few
/// read-only connections. The reasons:
///
/// - Writes are serialised anyway (SQLite has one write lock per file, and the
///   audit chain needs each commit to see the previous one's head). Queueing
///   this process's writers on a mutex is cheaper and fairer than letting
///   several connections poll the file lock in SQLite's busy handler, and a
///   second write connection would buy no parallelism. Only writers of
///   *other* processes meet the busy handler; `BEGIN IMMEDIATE`, a busy
///   handler that polls finely and a bounded retry make them wait, not fail.
/// - In write-ahead-log mode readers never block the writer nor wait for it,
///   so `get` and `list` from many tasks run in parallel with a commit and
///   see the last committed state.
/// - The read connections are a fixed pool ([`Options::readers`]), opened
///   as needed and kept. Under a Tokio runtime a read first waits, without
///   holding a thread, for a free connection, and only then goes to the
///   blocking pool: a burst of reads queues in the executor instead of
///   opening a connection per read (each open re-reads the schema and maps
///   the log's index) or parking dozens of threads on one mutex. Writers
///   wait for their turn the same way.
///
/// # Blocking
///
/// Commits and large reads (a whole collection, a range of digests, the
/// audit log) run on Tokio's blocking pool (`spawn_blocking`), never on the
/// async executor. Small reads — a record by key, one partition, one
/// object's revisions, one participant's digests — run on the calling task
/// when a read connection is idle: they take microseconds from SQLite's
/// pages, less than the hop to another thread and back, and in
/// write-ahead-log mode they never wait for the writer. Called outside a
/// Tokio runtime, everything runs on the calling thread. A future dropped
/// while its commit waits in the queue writes nothing; dropped once its
/// batch runs, it does not stop the commit, which lands whole (or not at
/// all) as usual.
///
/// # Group commit
///
/// Commits that arrive while the writer is busy wait in a queue; the next
/// one to get the writer's turn commits everything queued in one SQL
/// transaction and one `fsync`, each change set inside its own savepoint.
/// Each change set still stands or falls alone: a failed precondition or
/// any error rolls back to its savepoint, and the others commit. Every
/// caller hears its own outcome only after the transaction is durable, and
/// if the transaction fails, every caller in it hears so and nothing of it
/// is written. Under a month-end load of hundreds of saves a second this
/// replaces a queue of `fsync`s with a few, and writes the pages every
/// commit touches (the audit log's end, the indexes' hot pages) once.
///
/// # Other processes
///
/// Other processes (a script beside the server) may open the same file with
/// [`SqliteStore::open`] at the same time; their commits interleave one
/// transaction at a time and the chain stays linear.
///
/// Clones are cheap and share the connections.
#[derive(Clone)]
pub struct SqliteStore {
    inner: Arc<Inner>,
}

struct Inner {
    /// Dropped first (fields drop in this order): the writer and readers
    /// must be the file's last connections; see [`Checkpointer`].
    checkpointer: Checkpointer,
    path: PathBuf,
    options: Options,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
    /// One permit per read connection; see "Connections" above.
    read_turns: Semaphore,
    /// One permit: the writer's turn.
    write_turn: Semaphore,
    /// Change sets waiting for the writer (see "Group commit" above).
    queued: Mutex<Vec<Queued>>,
}

/// What a caller hears when the task committing its change set died before
/// answering.
fn lost_commit() -> Error {
    Error::storage(
        BACKEND,
        "the task committing this change ended without an answer; treat it as not written \
         and read the object again before retrying",
    )
}

/// A change set waiting for the writer, and where its outcome goes.
struct Queued {
    change: ChangeSet,
    done: oneshot::Sender<Result<AuditEntry, SqliteError>>,
}

/// Which of the store's connections a piece of work needs.
#[derive(Debug, Clone, Copy)]
enum Access {
    Read,
    Write,
}

impl fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.inner.path)
            .field("options", &self.inner.options)
            .finish_non_exhaustive()
    }
}

impl SqliteStore {
    /// Opens the store in the file at `path` with the default [`Options`],
    /// creating the file if it does not exist and migrating an older schema.
    ///
    /// Blocks while it opens and migrates; from async code, call it inside
    /// `spawn_blocking` if a migration of a large file may take long.
    ///
    /// # Errors
    ///
    /// A storage error that names the file when it cannot be opened, is not a
    /// stratmon store, or was written by a newer build (schema version above
    /// [`SCHEMA_VERSION`](crate::SCHEMA_VERSION)); such files are left as they
    /// were.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        Self::open_with(path, Options::default())
    }

    /// Opens the store at `path` with `options`; see [`SqliteStore::open`].
    ///
    /// # Errors
    ///
    /// As [`SqliteStore::open`].
    pub fn open_with(path: impl AsRef<Path>, options: Options) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        Self::open_inner(&path, options).map_err(|e| SqliteError::opening(&path, e).into())
    }

    fn open_inner(path: &Path, options: Options) -> Result<Self, SqliteError> {
        // SQLite gives each connection its own private database for these
        // names, so the read connections would not see the writer's data.
        if path.as_os_str().is_empty() || path.as_os_str() == ":memory:" {
            return Err(SqliteError::Unsupported(
                "an in-memory or temporary database cannot be shared by the store's \
                 connections; use a file (or `MemoryStore` from stratmon-core)",
            ));
        }
        let existed = path.exists();
        let writer = connection::open(path, &options, Role::Writer, true)?;
        // Look before touching anything: a foreign or newer file stays as it is.
        let found = retry_busy(&options, || schema::version(&writer))?;
        if found > schema::SCHEMA_VERSION {
            return Err(SqliteError::NewerSchema {
                found,
                known: schema::SCHEMA_VERSION,
            });
        }
        connection::enable_wal(&writer, &options)?;
        schema::migrate(&writer, &options)?;
        // Checkpoints run beside the writer; its own is a safety net only.
        retry_busy(&options, || {
            Ok(writer.pragma_update(None, "wal_autocheckpoint", WRITER_FALLBACK_PAGES)?)
        })?;
        let checkpointer = Checkpointer::start(path, &options)?;
        if !existed {
            sync_parent_dir(path)?;
        }
        Ok(Self {
            inner: Arc::new(Inner {
                path: path.to_path_buf(),
                options,
                writer: Mutex::new(writer),
                readers: Mutex::new(Vec::with_capacity(options.read_connections())),
                queued: Mutex::new(Vec::new()),
                checkpointer,
                read_turns: Semaphore::new(options.read_connections()),
                write_turn: Semaphore::new(1),
            }),
        })
    }

    /// The file this store lives in.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Runs `query`, a small read (a row by key, one partition's rows, one
    /// participant's digests), on the calling thread when a read connection
    /// is idle; otherwise as every other read.
    ///
    /// Such a read from SQLite's page cache takes microseconds, less than
    /// handing it to a blocking-pool thread and back; the month-end mix
    /// makes several per request (the session, its user, the records asked
    /// for). It cannot wait for the writer (write-ahead-log readers never
    /// do); only another process rebuilding the log's index can make it
    /// wait, briefly, in the busy handler. Reads of whole collections and
    /// ranges stay on the blocking pool.
    async fn small_read<T, F>(&self, query: F) -> Result<T>
    where
        T: Send + 'static,
        F: Fn(&Connection) -> Result<T, SqliteError> + Send + 'static,
    {
        if tokio::runtime::Handle::try_current().is_ok() {
            if let Ok(_turn) = self.inner.read_turns.try_acquire() {
                return self.inner.read(query).map_err(Error::from);
            }
        }
        self.run(Access::Read, move |inner| inner.read(query)).await
    }

    /// Runs `f` on the blocking pool once a connection of the kind `access`
    /// is free, and converts its error.
    async fn run<T, F>(&self, access: Access, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Inner) -> Result<T, SqliteError> + Send + 'static,
    {
        let inner = Arc::clone(&self.inner);
        let out = match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                let turns = match access {
                    Access::Read => &self.inner.read_turns,
                    Access::Write => &self.inner.write_turn,
                };
                // The semaphores are never closed, so this cannot fail; if it
                // somehow did, the mutexes below still keep the work correct.
                let _turn = turns.acquire().await.ok();
                match runtime.spawn_blocking(move || f(&inner)).await {
                    Ok(out) => out,
                    Err(join) => Err(SqliteError::Task(join)),
                }
            }
            Err(_) => f(&inner),
        };
        out.map_err(Error::from)
    }
}

impl SqliteStore {
    /// The report digests of `from..=to` by `statement`, one of
    /// [`sql::REPORT_DIGESTS`] and its variants.
    async fn digests(
        &self,
        statement: &'static str,
        from: ReportingPeriod,
        to: ReportingPeriod,
    ) -> Result<Vec<ReportDigest>> {
        let (from, to) = (from.to_string(), to.to_string());
        self.run(Access::Read, move |inner| {
            inner.read(|conn| {
                let mut stmt = conn.prepare_cached(statement)?;
                let mut rows = stmt.query(params![from, to])?;
                let mut out = Vec::new();
                let mut last_period = None;
                while let Some(row) = rows.next()? {
                    out.push(codec::report_digest(row, &mut last_period)?);
                }
                Ok(out)
            })
        })
        .await
    }
}

/// Makes the new file's directory entry durable: SQLite syncs the file and
/// its log, but not the directory that names the file.
fn sync_parent_dir(path: &Path) -> Result<(), SqliteError> {
    #[cfg(unix)]
    {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        std::fs::File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

impl Inner {
    fn lock_writer(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock rolled its transaction back (the
        // `WriteTx` guard runs on unwinding), so the connection is clean.
        self.writer.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn lock_readers(&self) -> MutexGuard<'_, Vec<Connection>> {
        self.readers.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `body` in one write transaction: committed if it returns `Ok`,
    /// rolled back otherwise.
    fn write<T>(
        &self,
        body: impl FnOnce(&Connection) -> Result<T, SqliteError>,
    ) -> Result<T, SqliteError> {
        let conn = self.lock_writer();
        let tx = WriteTx::begin(&conn, &self.options)?;
        let out = body(&conn)?;
        tx.commit()?;
        Ok(out)
    }

    fn lock_queue(&self) -> MutexGuard<'_, Vec<Queued>> {
        self.queued.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Commits `batch` in one transaction, each change set in its own
    /// savepoint, and sends each caller its outcome once the transaction is
    /// durable (or failed as a whole).
    fn commit_batch(&self, batch: Vec<Queued>) {
        // A caller that stopped waiting before its turn (a client gone) has
        // its change set dropped unwritten, as it would have been without
        // the queue; one that stops while the batch runs gets it written.
        let (changes, callers): (Vec<ChangeSet>, Vec<_>) = batch
            .into_iter()
            .filter(|q| !q.done.is_closed())
            .map(|q| (q.change, q.done))
            .unzip();
        if changes.is_empty() {
            return;
        }
        let mut outcomes = Vec::with_capacity(changes.len());
        let written = self.write(|conn| {
            for change in changes {
                conn.prepare_cached("SAVEPOINT change_set")?.execute([])?;
                match commit(conn, change) {
                    Ok(entry) => outcomes.push(Ok(entry)),
                    // SQLite ended the whole transaction itself (a full
                    // disk, an I/O error): that error is the batch's.
                    Err(failed) if conn.is_autocommit() => return Err(failed),
                    Err(failed) => {
                        conn.prepare_cached("ROLLBACK TO change_set")?.execute([])?;
                        outcomes.push(Err(failed));
                    }
                }
                conn.prepare_cached("RELEASE change_set")?.execute([])?;
            }
            Ok(())
        });
        let failed = written.err().map(|e| e.to_string());
        if failed.is_none() {
            self.checkpointer.committed(outcomes.len() as u64);
        }
        let mut outcomes = outcomes.into_iter();
        for done in callers {
            let outcome = match (outcomes.next(), &failed) {
                (Some(outcome), None) => outcome,
                // Refused on its own (a stale version): still the caller's
                // answer, whatever happened to the others.
                (Some(Err(SqliteError::Core(refused))), Some(_)) => Err(SqliteError::Core(refused)),
                (_, reason) => Err(SqliteError::Batch(
                    reason
                        .clone()
                        .unwrap_or_else(|| "no outcome was recorded".into()),
                )),
            };
            // A caller that stopped waiting is told nothing.
            let _ = done.send(outcome);
        }
    }

    /// Runs `query` on an idle read connection (opening one if none is idle),
    /// retrying while another process's lock makes SQLite report busy.
    fn read<T>(
        &self,
        query: impl Fn(&Connection) -> Result<T, SqliteError>,
    ) -> Result<T, SqliteError> {
        let idle = self.lock_readers().pop();
        let conn = match idle {
            Some(conn) => conn,
            None => connection::open(&self.path, &self.options, Role::Reader, false)?,
        };
        let out = retry_busy(&self.options, || query(&conn));
        let mut idle = self.lock_readers();
        if idle.len() < self.options.read_connections() {
            idle.push(conn);
        }
        out
    }
}

fn records(
    conn: &Connection,
    statement: &str,
    params: impl Params,
    collection: Collection,
) -> Result<Vec<Record>, SqliteError> {
    let mut stmt = conn.prepare_cached(statement)?;
    let mut rows = stmt.query(params)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(codec::record(row, collection)?);
    }
    Ok(out)
}

/// The rows of `statement` for each `(low, high)` key range, one list per
/// range, read in one transaction: one snapshot for all of them (an inbox
/// never mixes moments), and one lock of the log instead of one per range.
fn ranges_in_one_snapshot<T>(
    conn: &Connection,
    statement: &str,
    ranges: &[(String, String)],
    row: impl Fn(&rusqlite::Row<'_>) -> Result<T, SqliteError>,
) -> Result<Vec<Vec<T>>, SqliteError> {
    // Read-only, so dropping it on an error merely ends the snapshot.
    let snapshot = conn.unchecked_transaction()?;
    let mut stmt = snapshot.prepare_cached(statement)?;
    let mut out = Vec::with_capacity(ranges.len());
    for (low, high) in ranges {
        let mut rows = stmt.query(params![low, high])?;
        let mut found = Vec::new();
        while let Some(one) = rows.next()? {
            found.push(row(one)?);
        }
        out.push(found);
    }
    drop(stmt);
    snapshot.commit()?;
    Ok(out)
}

/// The least string above every string that starts with `prefix`, or `None`
/// when there is none (an empty prefix, or one of only `char::MAX`).
///
/// SQLite compares keys as UTF-8 bytes, and UTF-8 byte order is code point
/// order, so the keys starting with `prefix` are exactly those in
/// `prefix..prefix_end(prefix)`: the prefix with its last character raised
/// to the next one.
fn prefix_end(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let next = match last {
            '\u{D7FF}' => Some('\u{E000}'),
            c => char::from_u32(u32::from(c) + 1),
        };
        if let Some(next) = next {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

/// The body of [`Store::commit`], inside the write transaction.
fn commit(conn: &Connection, change: ChangeSet) -> Result<AuditEntry, SqliteError> {
    let ChangeSet { puts, audit } = change;
    let mut pending: HashMap<(Collection, &str), u64> = HashMap::with_capacity(puts.len());
    {
        let mut stored = conn.prepare_cached(sql::VERSION)?;
        for put in &puts {
            let current = match pending.get(&(put.collection, put.key.as_str())) {
                Some(version) => Some(*version),
                None => stored
                    .query_row(params![put.collection.as_str(), put.key], |row| {
                        row.get::<_, i64>(0)
                    })
                    .optional()?
                    .map(|v| codec::from_sql_int(v, "version"))
                    .transpose()?,
            };
            check_expect(current, put.expect, put.collection, &put.key)?;
            pending.insert((put.collection, put.key.as_str()), put.new_version());
        }
    }
    for put in &puts {
        codec::put_record(
            conn,
            put.collection,
            &put.key,
            &put.partition,
            put.new_version(),
            &put.body,
        )?;
    }
    let head: Option<(i64, String)> = conn
        .prepare_cached(sql::AUDIT_HEAD)?
        .query_row([], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    let (seq, prev_hash) = match head {
        Some((seq, hash)) => {
            let next = u64::try_from(seq)
                .ok()
                .and_then(|s| s.checked_add(1))
                .ok_or_else(|| {
                    SqliteError::Damaged(format!("audit sequence number {seq} is out of range"))
                })?;
            (next, hash)
        }
        None => (1, GENESIS_HASH.to_owned()),
    };
    let entry = audit.seal(seq, &prev_hash);
    codec::append_audit(conn, &entry)?;
    Ok(entry)
}

#[async_trait]
impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        BACKEND
    }

    async fn get(&self, collection: Collection, key: &str) -> Result<Option<Record>> {
        let key = key.to_owned();
        self.small_read(move |conn| {
            Ok(records(
                conn,
                sql::GET,
                params![collection.as_str(), key.as_str()],
                collection,
            )?
            .pop())
        })
        .await
    }

    async fn list(&self, collection: Collection, partition: Option<&str>) -> Result<Vec<Record>> {
        match partition.map(str::to_owned) {
            // One event's reports, one participant's events: a few dozen rows.
            Some(p) => {
                self.small_read(move |conn| {
                    records(
                        conn,
                        sql::LIST_PARTITION,
                        params![collection.as_str(), p.as_str()],
                        collection,
                    )
                })
                .await
            }
            None => {
                self.run(Access::Read, move |inner| {
                    inner.read(|conn| {
                        records(conn, sql::LIST, params![collection.as_str()], collection)
                    })
                })
                .await
            }
        }
    }

    async fn list_prefix(&self, collection: Collection, prefix: &str) -> Result<Vec<Record>> {
        let prefix = prefix.to_owned();
        let end = prefix_end(&prefix);
        // A prefix with a `/` names one object's revisions (`event/YYYY-MM/`):
        // a handful of rows. Others may span a whole collection.
        let small = prefix.contains('/');
        let query = move |conn: &Connection| {
            let c = collection.as_str();
            let mut found = match &end {
                Some(end) => records(conn, sql::LIST_RANGE, params![c, prefix, end], collection)?,
                None => records(conn, sql::LIST_FROM, params![c, prefix], collection)?,
            };
            // The range holds exactly the keys with the prefix; the filter
            // only guards that reasoning.
            found.retain(|r| r.key.starts_with(prefix.as_str()));
            Ok(found)
        };
        if small {
            self.small_read(query).await
        } else {
            self.run(Access::Read, move |inner| inner.read(query)).await
        }
    }

    async fn commit(&self, change: ChangeSet) -> Result<AuditEntry> {
        if tokio::runtime::Handle::try_current().is_err() {
            let entry = self.inner.write(|conn| commit(conn, change))?;
            self.inner.checkpointer.committed(1);
            return Ok(entry);
        }
        let (done, outcome) = oneshot::channel();
        self.inner.lock_queue().push(Queued { change, done });
        let mut outcome = outcome;
        {
            // The semaphore is never closed; without a permit the writer's
            // mutex still keeps batches one at a time.
            let _turn = self.inner.write_turn.acquire().await.ok();
            // A batch run while this call waited may have carried this
            // change set along (or failed to answer for it).
            match outcome.try_recv() {
                Ok(done) => return done.map_err(Error::from),
                Err(oneshot::error::TryRecvError::Closed) => return Err(lost_commit()),
                Err(oneshot::error::TryRecvError::Empty) => {}
            }
            let batch = std::mem::take(&mut *self.inner.lock_queue());
            if !batch.is_empty() {
                let inner = Arc::clone(&self.inner);
                // The batch answers its callers itself, so that a dropped
                // future here (a client gone) leaves no one waiting.
                let _ = tokio::task::spawn_blocking(move || inner.commit_batch(batch)).await;
            }
        }
        match outcome.await {
            Ok(done) => done.map_err(Error::from),
            Err(_) => Err(lost_commit()),
        }
    }

    async fn event_digests(&self) -> Result<Vec<EventDigest>> {
        self.run(Access::Read, move |inner| {
            inner.read(|conn| {
                let mut stmt = conn.prepare_cached(sql::EVENT_DIGESTS)?;
                let mut rows = stmt.query([])?;
                let mut out = Vec::new();
                while let Some(row) = rows.next()? {
                    out.push(codec::event_digest(row)?);
                }
                Ok(out)
            })
        })
        .await
    }

    async fn responsible_event_digests(
        &self,
        participant: &ParticipantId,
    ) -> Result<Vec<EventDigest>> {
        let participant = participant.to_string();
        // One participant's events: a small read.
        self.small_read(move |conn| {
            let mut stmt = conn.prepare_cached(sql::PARTITION_EVENT_DIGESTS)?;
            let mut rows = stmt.query(params![participant])?;
            let mut out = Vec::new();
            while let Some(row) = rows.next()? {
                out.push(codec::event_digest(row)?);
            }
            Ok(out)
        })
        .await
    }

    async fn event_indicators(&self, event: &EventId) -> Result<Vec<Indicator>> {
        let event = event.to_string();
        // Ids need no escaping in JSON: a body naming the event holds this.
        let quoted = format!("\"{event}\"");
        // A handful of links and their records: a small read.
        let mut found = self
            .small_read(move |conn| {
                records(
                    conn,
                    sql::EVENT_INDICATORS,
                    params![event, quoted],
                    Collection::Indicator,
                )
            })
            .await?;
        found.sort_unstable_by(|a, b| a.key.cmp(&b.key));
        // A body whose links are unreadable (listed under the empty event)
        // and names the event is refused here, as decoding it is.
        found.iter().map(|r| decode(r, BACKEND)).collect()
    }

    async fn report_digests(
        &self,
        from: ReportingPeriod,
        to: ReportingPeriod,
    ) -> Result<Vec<ReportDigest>> {
        self.digests(sql::REPORT_DIGESTS, from, to).await
    }

    async fn report_digests_without_spending(
        &self,
        from: ReportingPeriod,
        to: ReportingPeriod,
    ) -> Result<Vec<ReportDigest>> {
        self.digests(sql::REPORT_DIGESTS_WITHOUT_SPENDING, from, to)
            .await
    }

    async fn reached_points(&self, before_year: i32) -> Result<Vec<ReachedPoint>> {
        self.run(Access::Read, move |inner| {
            inner.read(|conn| {
                let mut stmt = conn.prepare_cached(sql::REACHED_POINTS)?;
                let mut rows = stmt.query(params![before_year])?;
                let mut out = Vec::new();
                let mut last_event = None;
                while let Some(row) = rows.next()? {
                    out.push(codec::reached_point(row, &mut last_event)?);
                }
                Ok(out)
            })
        })
        .await
    }

    async fn annual_plan_digests(&self, year: i32) -> Result<Vec<AnnualPlanDigest>> {
        self.run(Access::Read, move |inner| {
            inner.read(|conn| {
                let mut stmt = conn.prepare_cached(sql::PLAN_DIGESTS)?;
                let mut rows = stmt.query(params![year])?;
                let mut out = Vec::new();
                while let Some(row) = rows.next()? {
                    out.push(codec::plan_digest(row, year)?);
                }
                Ok(out)
            })
        })
        .await
    }

    async fn event_report_revisions(
        &self,
        events: &[EventId],
        from: ReportingPeriod,
        to: ReportingPeriod,
    ) -> Result<Vec<Vec<ReportRevision>>> {
        // Keys are `event/YYYY-MM/rNNNN`, and `/` sorts just below `0`: the
        // keys of `from..=to` lie strictly between `event/FROM/` and
        // `event/TO0`, whatever follows the event's code.
        let ranges: Vec<(String, String)> = events
            .iter()
            .map(|e| (format!("{e}/{from}/"), format!("{e}/{to}0")))
            .collect();
        // One participant's events for a few months: a small read.
        self.small_read(move |conn| {
            ranges_in_one_snapshot(
                conn,
                sql::EVENT_REPORT_REVISIONS,
                &ranges,
                codec::report_revision,
            )
        })
        .await
    }

    async fn event_annual_plan_revisions(
        &self,
        events: &[EventId],
    ) -> Result<Vec<Vec<AnnualPlanRevision>>> {
        // Keys are `event/YYYY/rNNNN`; `event0` is the least string above
        // every `event/…` (`0` follows `/`).
        let ranges: Vec<(String, String)> = events
            .iter()
            .map(|e| (format!("{e}/"), format!("{e}0")))
            .collect();
        self.small_read(move |conn| {
            ranges_in_one_snapshot(
                conn,
                sql::EVENT_PLAN_REVISIONS,
                &ranges,
                codec::plan_revision,
            )
        })
        .await
    }

    async fn audit_entries(&self, from_seq: u64, limit: usize) -> Result<Vec<AuditEntry>> {
        // No entry has a sequence number beyond SQLite's integers, and a limit
        // beyond them is no limit.
        let Ok(from) = i64::try_from(from_seq) else {
            return Ok(Vec::new());
        };
        let small = limit <= SMALL_AUDIT_PAGE;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let page = move |conn: &Connection| {
            let mut stmt = conn.prepare_cached(sql::AUDIT_PAGE)?;
            let mut rows = stmt.query(params![from, limit])?;
            let mut out = Vec::new();
            while let Some(row) = rows.next()? {
                out.push(codec::audit_entry(row)?);
            }
            Ok(out)
        };
        if small {
            // Following the log (the inbox does before each use) mostly
            // finds nothing new: a small read.
            self.small_read(page).await
        } else {
            self.run(Access::Read, move |inner| inner.read(page)).await
        }
    }

    async fn audit_head(&self) -> Result<u64> {
        self.small_read(|conn| {
            let head: Option<i64> = conn
                .query_row(sql::AUDIT_HEAD, [], |row| row.get(0))
                .optional()?;
            head.map_or(Ok(0), |seq| {
                u64::try_from(seq).map_err(|_| {
                    SqliteError::Damaged(format!("audit sequence number {seq} is out of range"))
                })
            })
        })
        .await
    }

    async fn restore(&self, records: Vec<Record>, audit: Vec<AuditEntry>) -> Result<()> {
        self.run(Access::Write, move |inner| {
            inner.write(|conn| {
                let holds_anything: bool =
                    conn.query_row(sql::HOLDS_ANYTHING, [], |row| row.get(0))?;
                if holds_anything {
                    return Err(Error::conflict("the target store is not empty").into());
                }
                for r in &records {
                    codec::put_record(
                        conn,
                        r.collection,
                        &r.key,
                        &r.partition,
                        r.version,
                        &r.body,
                    )?;
                }
                for entry in &audit {
                    codec::append_audit(conn, entry)?;
                }
                Ok(())
            })
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        reason = "tests fail loudly"
    )]

    use super::{SqliteStore, prefix_end};
    use stratmon_core::audit::{AuditDraft, ObjectRef};
    use stratmon_core::model::UserId;
    use stratmon_core::store::{ChangeSet, Collection, Expect, Put, Store};

    fn create(key: &str) -> ChangeSet {
        ChangeSet {
            puts: vec![Put {
                collection: Collection::Event,
                key: key.into(),
                partition: String::new(),
                expect: Expect::Absent,
                body: "{}".into(),
            }],
            audit: AuditDraft {
                at: chrono::DateTime::UNIX_EPOCH,
                actor: UserId::new("writer").unwrap(),
                on_behalf_of: None,
                client: None,
                action: "event.create".into(),
                object: ObjectRef::new("event", key),
                participant: None,
                summary: String::new(),
            },
        }
    }

    /// A client that goes away while its save waits behind the writer must
    /// not see it land later, carried by someone else's batch.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_commit_abandoned_while_queued_is_never_written() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path().join("s.sqlite")).unwrap();
        // Hold the writer's turn, as a batch being committed would.
        let turn = store.inner.write_turn.acquire().await.unwrap();
        let abandoned = {
            let store = store.clone();
            tokio::spawn(async move { store.commit(create("abandoned")).await })
        };
        while store.inner.lock_queue().is_empty() {
            tokio::task::yield_now().await;
        }
        abandoned.abort();
        assert!(abandoned.await.unwrap_err().is_cancelled());
        drop(turn);

        store.commit(create("kept")).await.unwrap();
        assert!(
            store
                .get(Collection::Event, "abandoned")
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            store
                .get(Collection::Event, "kept")
                .await
                .unwrap()
                .is_some()
        );
        assert_eq!(store.audit_head().await.unwrap(), 1);
    }

    #[test]
    fn a_prefix_ends_at_its_last_character_raised_by_one() {
        assert_eq!(prefix_end("1.1/2026-02/").as_deref(), Some("1.1/2026-020"));
        assert_eq!(prefix_end("ключ").as_deref(), Some("клюш"));
        assert_eq!(prefix_end("a\u{D7FF}").as_deref(), Some("a\u{E000}"));
        assert_eq!(prefix_end("a\u{10FFFF}").as_deref(), Some("b"));
        assert_eq!(prefix_end("\u{10FFFF}"), None);
        assert_eq!(prefix_end(""), None);
    }
}

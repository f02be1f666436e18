//! [`SledStore`]: the [`Store`] contract on sled trees.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use async_trait::async_trait;
use sled::transaction::{ConflictableTransactionError, TransactionalTree};
use sled::{Db, Transactional, Tree};
use stratmon_core::audit::{AuditDraft, AuditEntry};
use stratmon_core::store::{ChangeSet, Collection, Put, Record, Store, check_expect};
use stratmon_core::{Error, Result};

use crate::error::SledError;
use crate::layout::{
    AUDIT, AUDIT_HEAD_KEY, Head, INDEX, META, RECORDS, audit_key, collection_prefix, decode_audit,
    decode_header, decode_record, encode_audit, encode_record, index_key, key_after,
    partition_prefix, record_key,
};
use crate::migrate::migrate;

/// The open trees of one database.
pub(crate) struct Trees {
    pub(crate) db: Db,
    pub(crate) records: Tree,
    pub(crate) index: Tree,
    pub(crate) audit: Tree,
    pub(crate) meta: Tree,
}

/// A stratmon store in a sled database directory.
///
/// Every [`Store::commit`] is one sled transaction over the record, index,
/// audit and meta trees, flushed to disk before it returns; every blocking
/// sled call runs on tokio's blocking pool. Cheap to clone: clones share the
/// database. sled locks the directory, so one process opens it at a time.
#[derive(Clone)]
pub struct SledStore {
    trees: Arc<Trees>,
    path: PathBuf,
}

impl fmt::Debug for SledStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SledStore")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// What a transaction closure returns.
type TxResult<T> = std::result::Result<T, ConflictableTransactionError<SledError>>;

fn abort(e: impl Into<SledError>) -> ConflictableTransactionError<SledError> {
    ConflictableTransactionError::Abort(e.into())
}

impl SledStore {
    /// Opens (creating if needed) the database in directory `path` and brings
    /// its schema to [`crate::SCHEMA_VERSION`].
    ///
    /// This blocks while sled recovers and migrations run; from async code,
    /// call it inside `tokio::task::spawn_blocking`.
    ///
    /// # Errors
    /// `Storage` if the directory cannot be opened or is locked by another
    /// process, if the database was written by a newer stratmon (a newer
    /// schema version), or if it is damaged.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        Self::open_inner(path.as_ref()).map_err(Error::from)
    }

    fn open_inner(path: &Path) -> std::result::Result<Self, SledError> {
        let db = open_db(path)?;
        let trees = Trees {
            records: db.open_tree(RECORDS)?,
            index: db.open_tree(INDEX)?,
            audit: db.open_tree(AUDIT)?,
            meta: db.open_tree(META)?,
            db,
        };
        migrate(&trees)?;
        Ok(SledStore {
            trees: Arc::new(trees),
            path: path.to_owned(),
        })
    }

    /// The database directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` on the blocking pool with the trees.
    async fn blocking<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Trees) -> std::result::Result<T, SledError> + Send + 'static,
    {
        let trees = Arc::clone(&self.trees);
        let joined = tokio::task::spawn_blocking(move || f(&trees)).await;
        Ok(joined.map_err(SledError::from)??)
    }
}

/// How long `open` waits for a lock that is being released.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

/// Opens the sled database, waiting a little for the file lock: sled's
/// background flusher holds it for a moment after the last handle of a
/// previous opener — in this process or one just restarted — is dropped.
fn open_db(path: &Path) -> std::result::Result<sled::Db, SledError> {
    let started = std::time::Instant::now();
    let mut pause = std::time::Duration::from_millis(1);
    loop {
        if discard_interrupted_snapshots(path)? {
            match sled::Config::new().path(path).open() {
                Ok(db) => return Ok(db),
                // sled 0.34 reports a lock held elsewhere as this I/O error.
                Err(sled::Error::Io(io))
                    if io.to_string().starts_with("could not acquire lock") => {}
                Err(other) => return Err(SledError::Sled(other)),
            }
        }
        if started.elapsed() >= LOCK_WAIT {
            return Err(SledError::Locked(path.display().to_string()));
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(std::time::Duration::from_millis(50));
    }
}

/// Removes the snapshots a process killed while writing one left behind;
/// `false`, touching nothing, while another opener holds the database.
///
/// sled 0.34 writes a snapshot to `snap.<lsn>.generating` and renames it
/// once whole and synced, but when opening takes the newest `snap.*` file,
/// `.generating` included: a half-written one made it refuse the database
/// as corrupt, though the previous snapshot and the log hold everything.
/// Such a file is only ever in progress while its writer holds the
/// database's lock, so it is removed under that same lock.
fn discard_interrupted_snapshots(path: &Path) -> std::result::Result<bool, SledError> {
    use fs2::FileExt;
    // Read and write, as sled opens it: where flock is emulated with fcntl
    // locks, an exclusive lock needs a file open for writing.
    let lock = match std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path.join("db"))
    {
        Ok(file) => file,
        // A new database: nothing was left behind.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(true),
        Err(e) => return Err(sled::Error::Io(e).into()),
    };
    if let Err(e) = lock.try_lock_exclusive() {
        // Any other failure (no locks on this file system) is sled's to report.
        return Ok(e.kind() != fs2::lock_contended_error().kind());
    }
    for entry in std::fs::read_dir(path).map_err(sled::Error::Io)? {
        let entry = entry.map_err(sled::Error::Io)?;
        let name = entry.file_name();
        let interrupted = name
            .to_str()
            .is_some_and(|n| n.starts_with("snap.") && n.ends_with(".generating"));
        if interrupted {
            std::fs::remove_file(entry.path()).map_err(sled::Error::Io)?;
        }
    }
    // Released when `lock` closes, before sled takes it.
    Ok(true)
}

fn get_record(t: &Trees, collection: Collection, key: &str) -> Result<Option<Record>, SledError> {
    t.records
        .get(record_key(collection, key))?
        .map(|v| decode_record(collection, key, &v))
        .transpose()
}

fn list_collection(t: &Trees, collection: Collection) -> Result<Vec<Record>, SledError> {
    let prefix = collection_prefix(collection);
    t.records
        .scan_prefix(&prefix)
        .map(|item| {
            let (k, v) = item?;
            decode_record(collection, &key_after(&k, &prefix)?, &v)
        })
        .collect()
}

/// Records whose key starts with `key_prefix`: one prefix scan of the record
/// tree, since record keys are `collection 0x00 key`.
fn list_key_prefix(
    t: &Trees,
    collection: Collection,
    key_prefix: &str,
) -> Result<Vec<Record>, SledError> {
    let prefix = collection_prefix(collection);
    let mut scan = prefix.clone();
    scan.extend_from_slice(key_prefix.as_bytes());
    t.records
        .scan_prefix(&scan)
        .map(|item| {
            let (k, v) = item?;
            decode_record(collection, &key_after(&k, &prefix)?, &v)
        })
        .collect()
}

/// A partition's records: a prefix scan of the index in key order, each
/// record then read from the record tree. A record moved to another partition
/// between the two reads is left out, as it no longer belongs here.
fn list_partition(
    t: &Trees,
    collection: Collection,
    partition: &str,
) -> Result<Vec<Record>, SledError> {
    let prefix = partition_prefix(collection, partition);
    let mut out = Vec::new();
    for item in t.index.scan_prefix(&prefix) {
        let (k, _) = item?;
        let key = key_after(&k, &prefix)?;
        if let Some(record) = get_record(t, collection, &key)? {
            if record.partition == partition {
                out.push(record);
            }
        }
    }
    Ok(out)
}

/// The body of the commit transaction. sled may run it more than once when a
/// concurrent transaction conflicts, so it only reads through the transaction
/// and writes into it: every run starts from the same state and nothing
/// outside the transaction changes.
fn apply_change(
    puts: &[Put],
    draft: &AuditDraft,
    (records, index, audit, meta): &(
        TransactionalTree,
        TransactionalTree,
        TransactionalTree,
        TransactionalTree,
    ),
) -> TxResult<AuditEntry> {
    for put in puts {
        let rk = record_key(put.collection, &put.key);
        // Reads see the transaction's own earlier writes, so puts earlier in
        // the set count, as the contract asks.
        let current = match records.get(&rk)? {
            Some(v) => Some(decode_header(put.collection, &put.key, &v).map_err(abort)?),
            None => None,
        };
        check_expect(
            current.as_ref().map(|h| h.version),
            put.expect,
            put.collection,
            &put.key,
        )
        .map_err(abort)?;
        if let Some(old) = current.filter(|h| h.partition != put.partition) {
            index.remove(index_key(put.collection, &old.partition, &put.key))?;
        }
        index.insert(index_key(put.collection, &put.partition, &put.key), &[])?;
        records.insert(
            rk,
            encode_record(put.new_version(), &put.partition, &put.body).map_err(abort)?,
        )?;
    }
    let head = match meta.get(AUDIT_HEAD_KEY)? {
        Some(v) => Head::decode(&v).map_err(abort)?,
        None => Head::genesis(),
    };
    let entry = draft.clone().seal(head.seq + 1, &head.hash);
    audit.insert(&audit_key(entry.seq), encode_audit(&entry).map_err(abort)?)?;
    meta.insert(AUDIT_HEAD_KEY, Head::of(&entry).encode())?;
    Ok(entry)
}

/// Encoded writes of a restore, prepared before the transaction.
struct Prepared {
    records: Vec<(Vec<u8>, Vec<u8>)>,
    index: Vec<Vec<u8>>,
    audit: Vec<([u8; 8], Vec<u8>)>,
    head: Option<Head>,
}

fn prepare_restore(records: Vec<Record>, audit: Vec<AuditEntry>) -> Result<Prepared, SledError> {
    // Later duplicates win, as in the reference store.
    let unique: BTreeMap<(Collection, String), Record> = records
        .into_iter()
        .map(|r| ((r.collection, r.key.clone()), r))
        .collect();
    let mut prepared = Prepared {
        records: Vec::with_capacity(unique.len()),
        index: Vec::with_capacity(unique.len()),
        audit: Vec::with_capacity(audit.len()),
        head: None,
    };
    for r in unique.values() {
        prepared.records.push((
            record_key(r.collection, &r.key),
            encode_record(r.version, &r.partition, &r.body)?,
        ));
        prepared
            .index
            .push(index_key(r.collection, &r.partition, &r.key));
    }
    for entry in &audit {
        prepared
            .audit
            .push((audit_key(entry.seq), encode_audit(entry)?));
    }
    prepared.head = match audit.iter().max_by_key(|e| e.seq) {
        Some(last) => Some(Head::of(last)),
        None if !unique.is_empty() => Some(Head::genesis()),
        None => None,
    };
    Ok(prepared)
}

fn not_empty() -> SledError {
    SledError::Core(Error::conflict("the target store is not empty"))
}

#[async_trait]
impl Store for SledStore {
    fn backend(&self) -> &'static str {
        "sled"
    }

    async fn get(&self, collection: Collection, key: &str) -> Result<Option<Record>> {
        let key = key.to_owned();
        self.blocking(move |t| get_record(t, collection, &key))
            .await
    }

    async fn list(&self, collection: Collection, partition: Option<&str>) -> Result<Vec<Record>> {
        let partition = partition.map(str::to_owned);
        self.blocking(move |t| match partition {
            Some(p) => list_partition(t, collection, &p),
            None => list_collection(t, collection),
        })
        .await
    }

    async fn list_prefix(&self, collection: Collection, prefix: &str) -> Result<Vec<Record>> {
        let prefix = prefix.to_owned();
        self.blocking(move |t| list_key_prefix(t, collection, &prefix))
            .await
    }

    async fn commit(&self, change: ChangeSet) -> Result<AuditEntry> {
        let ChangeSet { puts, audit } = change;
        self.blocking(move |t| {
            let entry = (&t.records, &t.index, &t.audit, &t.meta)
                .transaction(|trees| apply_change(&puts, &audit, trees))?;
            // sled keeps committed writes in memory buffers until a flush;
            // flushing (and fsyncing) before acknowledging is what makes an
            // acknowledged commit survive a killed process or a power cut.
            t.db.flush()?;
            Ok(entry)
        })
        .await
    }

    async fn audit_entries(&self, from_seq: u64, limit: usize) -> Result<Vec<AuditEntry>> {
        self.blocking(move |t| {
            t.audit
                .range(audit_key(from_seq)..)
                .take(limit)
                .map(|item| {
                    let (k, v) = item?;
                    decode_audit(&k, &v)
                })
                .collect()
        })
        .await
    }

    async fn restore(&self, records: Vec<Record>, audit: Vec<AuditEntry>) -> Result<()> {
        self.blocking(move |t| {
            if !(t.records.is_empty() && t.audit.is_empty()) {
                return Err(not_empty());
            }
            let prepared = prepare_restore(records, audit)?;
            let Some(head) = &prepared.head else {
                // Nothing to write: the store stays empty.
                return Ok(());
            };
            let head = head.encode();
            (&t.records, &t.index, &t.audit, &t.meta).transaction(
                |(r, i, a, m)| -> TxResult<()> {
                    // Every commit and every non-empty restore writes the head,
                    // so its presence means a writer got here first.
                    if m.get(AUDIT_HEAD_KEY)?.is_some() {
                        return Err(abort(not_empty()));
                    }
                    for (k, v) in &prepared.records {
                        r.insert(k.as_slice(), v.as_slice())?;
                    }
                    for k in &prepared.index {
                        i.insert(k.as_slice(), &[])?;
                    }
                    for (k, v) in &prepared.audit {
                        a.insert(k, v.as_slice())?;
                    }
                    m.insert(AUDIT_HEAD_KEY, head.as_slice())?;
                    Ok(())
                },
            )?;
            // As for commits: durable before acknowledged.
            t.db.flush()?;
            Ok(())
        })
        .await
    }
}

//! The file's layout, its versions, and the migrations between them.
//!
//! `meta.schema_version` names the layout a file has. Opening a file applies,
//! in one transaction, every migration after that version; a file from a
//! newer build is refused, a file without `meta` that holds other tables is
//! not a stratmon store and is left alone. Shipped migrations never change:
//! a new layout is a new step at the end of [`MIGRATIONS`].

use rusqlite::{Connection, OptionalExtension};

use crate::connection::{Options, WriteTx};
use crate::error::SqliteError;

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = 8;

/// One step from the previous version to `to`.
pub(crate) struct Migration {
    /// The version the file has after this step.
    pub(crate) to: i64,
    /// The statements, run as one batch.
    pub(crate) sql: &'static str,
}

/// Version 1: records keyed by collection and key (no partition index) and
/// each audit entry kept whole as one JSON text.
const V1: &str = "
CREATE TABLE meta (
    name  TEXT PRIMARY KEY NOT NULL,
    value ANY NOT NULL
) STRICT;
INSERT INTO meta (name, value) VALUES ('application', 'stratmon');
CREATE TABLE records (
    collection TEXT NOT NULL,
    key        TEXT NOT NULL,
    partition  TEXT NOT NULL,
    version    INTEGER NOT NULL,
    body       TEXT NOT NULL,
    PRIMARY KEY (collection, key)
);
CREATE TABLE audit (
    seq   INTEGER PRIMARY KEY,
    entry TEXT NOT NULL
);
";

/// Version 2: lists of one partition (a report's revisions, an event's
/// reports) read an index instead of the whole collection; audit entries are
/// columns a person or a script can query; the log refuses edits and
/// deletions, and records refuse deletion (the plan keeps its history).
const V2: &str = "
CREATE INDEX records_by_partition ON records (collection, partition, key);

CREATE TABLE audit_v2 (
    seq          INTEGER PRIMARY KEY CHECK (seq > 0),
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    on_behalf_of TEXT,
    client       TEXT,
    action       TEXT NOT NULL,
    object_kind  TEXT NOT NULL,
    object_id    TEXT NOT NULL,
    participant  TEXT,
    summary      TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
INSERT INTO audit_v2 (seq, at, actor, on_behalf_of, client, action, object_kind,
                      object_id, participant, summary, prev_hash, hash)
SELECT seq,
       json_extract(entry, '$.at'),
       json_extract(entry, '$.actor'),
       json_extract(entry, '$.on_behalf_of'),
       json_extract(entry, '$.client'),
       json_extract(entry, '$.action'),
       json_extract(entry, '$.object.kind'),
       json_extract(entry, '$.object.id'),
       json_extract(entry, '$.participant'),
       json_extract(entry, '$.summary'),
       json_extract(entry, '$.prev_hash'),
       json_extract(entry, '$.hash')
FROM audit;
DROP TABLE audit;
ALTER TABLE audit_v2 RENAME TO audit;

CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
CREATE TRIGGER records_are_never_deleted BEFORE DELETE ON records
BEGIN SELECT RAISE(ABORT, 'records are never deleted'); END;
";

/// The digest columns of a monthly report body `b` and key `k`, partition
/// `p`: what the consolidated report reads, extracted once when the report
/// is written instead of every time a summary is asked for.
macro_rules! digest_select {
    ($k:literal, $p:literal, $b:literal) => {
        concat!(
            "SELECT ",
            $k,
            ", ",
            $p,
            ", substr(",
            $k,
            ", length(",
            $p,
            ") + 2, 7),
                json_extract(",
            $b,
            ", '$.workflow.revision'),
                json_extract(",
            $b,
            ", '$.workflow.state'),
                coalesce(json_extract(",
            $b,
            ", '$.workflow.late'), 0),
                json_extract(",
            $b,
            ", '$.workflow.submitted_at') IS NOT NULL,
                coalesce(json_extract(",
            $b,
            ", '$.content.control_points'), '{}'),
                coalesce(json_extract(",
            $b,
            ", '$.content.indicator_facts'), '{}'),
                coalesce(json_extract(",
            $b,
            ", '$.content.expenditures'), '{}'),
                (SELECT coalesce(json_group_array(e.key), '[]')
                   FROM json_each(",
            $b,
            ", '$.content.explanations') AS e
                   WHERE trim(e.value) <> '')"
        )
    };
}

/// The digest columns of an annual plan body `b`, key `k`, partition `p`:
/// the year from the key (`event/YYYY/rNNNN`), state and each work's
/// planned spending (summed by the reader, in decimals).
macro_rules! plan_digest_select {
    ($k:literal, $p:literal, $b:literal) => {
        concat!(
            "SELECT ", $k, ", ", $p, ", CAST(substr(", $k, ", length(", $p, ") + 2, 4) AS INTEGER),
                json_extract(", $b, ", '$.workflow.revision'),
                json_extract(", $b, ", '$.workflow.state'),
                (SELECT coalesce(json_group_array(json(coalesce(json_extract(w.value, '$.planned'), '{}'))), '[]')
                   FROM json_each(", $b, ", '$.content.works') AS w)"
        )
    };
}

/// Version 3: a digest row per monthly report revision and per annual plan
/// revision, kept by triggers in the same transaction as the record and
/// ordered by period or year — the consolidated report reads these small
/// rows instead of parsing every body of the year.
const V3: &str = concat!(
    "CREATE TABLE report_digests (
    key             TEXT NOT NULL,
    event           TEXT NOT NULL,
    period          TEXT NOT NULL,
    revision        INTEGER,
    state           TEXT,
    late            INTEGER,
    submitted       INTEGER,
    control_points  TEXT,
    indicator_facts TEXT,
    expenditures    TEXT,
    explained       TEXT,
    PRIMARY KEY (period, key)
) WITHOUT ROWID;
CREATE UNIQUE INDEX report_digests_by_key ON report_digests (key);
INSERT INTO report_digests ",
    digest_select!("key", "partition", "body"),
    " FROM records WHERE collection = 'monthly_report' AND json_valid(body);
CREATE TRIGGER report_digest_on_insert AFTER INSERT ON records
WHEN new.collection = 'monthly_report' AND json_valid(new.body)
BEGIN
    DELETE FROM report_digests WHERE key = new.key;
    INSERT INTO report_digests ",
    digest_select!("new.key", "new.partition", "new.body"),
    ";
END;
CREATE TRIGGER report_digest_on_update AFTER UPDATE ON records
WHEN new.collection = 'monthly_report'
BEGIN
    DELETE FROM report_digests WHERE key = new.key;
    INSERT INTO report_digests ",
    digest_select!("new.key", "new.partition", "new.body"),
    " WHERE json_valid(new.body);
END;
CREATE TABLE plan_digests (
    key      TEXT NOT NULL,
    event    TEXT NOT NULL,
    year     INTEGER NOT NULL,
    revision INTEGER,
    state    TEXT,
    planned  TEXT,
    PRIMARY KEY (year, key)
) WITHOUT ROWID;
CREATE UNIQUE INDEX plan_digests_by_key ON plan_digests (key);
INSERT INTO plan_digests ",
    plan_digest_select!("key", "partition", "body"),
    " FROM records WHERE collection = 'annual_plan' AND json_valid(body);
CREATE TRIGGER plan_digest_on_insert AFTER INSERT ON records
WHEN new.collection = 'annual_plan' AND json_valid(new.body)
BEGIN
    DELETE FROM plan_digests WHERE key = new.key;
    INSERT INTO plan_digests ",
    plan_digest_select!("new.key", "new.partition", "new.body"),
    ";
END;
CREATE TRIGGER plan_digest_on_update AFTER UPDATE ON records
WHEN new.collection = 'annual_plan'
BEGIN
    DELETE FROM plan_digests WHERE key = new.key;
    INSERT INTO plan_digests ",
    plan_digest_select!("new.key", "new.partition", "new.body"),
    " WHERE json_valid(new.body);
END;
"
);

/// The reached points of event `e` in the year of period `p` (`YYYY-MM`),
/// computed from its report digests: per control point, the date of the
/// counted revision (the newest submitted, accepted or approved one) of the
/// latest month of the year carrying it. The twelve months are twelve ranges
/// of the digests' primary key, one event's keys (`event/YYYY-MM/rNNNN`)
/// each; SQLite takes the other columns of `max(...)` from the row holding
/// the maximum.
macro_rules! reached_of_year {
    ($e:literal, $p:literal) => {
        concat!(
            "SELECT ",
            $e,
            ", j.key, CAST(substr(",
            $p,
            ", 1, 4) AS INTEGER), max(c.period), j.value
      FROM (SELECT period, control_points, max(revision)
              FROM report_digests
             WHERE period IN (substr(",
            $p,
            ", 1, 5) || '01', substr(",
            $p,
            ", 1, 5) || '02',
                              substr(",
            $p,
            ", 1, 5) || '03', substr(",
            $p,
            ", 1, 5) || '04',
                              substr(",
            $p,
            ", 1, 5) || '05', substr(",
            $p,
            ", 1, 5) || '06',
                              substr(",
            $p,
            ", 1, 5) || '07', substr(",
            $p,
            ", 1, 5) || '08',
                              substr(",
            $p,
            ", 1, 5) || '09', substr(",
            $p,
            ", 1, 5) || '10',
                              substr(",
            $p,
            ", 1, 5) || '11', substr(",
            $p,
            ", 1, 5) || '12')
               AND key >= ",
            $e,
            " || '/' AND key < ",
            $e,
            " || '0'
               AND event = ",
            $e,
            "
               AND state IN ('submitted', 'accepted', 'approved')
             GROUP BY period) AS c,
           json_each(c.control_points) AS j
     GROUP BY j.key"
        )
    };
}

/// Replaces the reached points of event `e` in the year of period `p` with
/// [`reached_of_year`]'s.
macro_rules! refresh_reached {
    ($e:literal, $p:literal) => {
        concat!(
            "DELETE FROM reached_points WHERE event = ",
            $e,
            " AND year = CAST(substr(",
            $p,
            ", 1, 4) AS INTEGER);
    INSERT INTO reached_points (event, control_point, year, period, date) ",
            reached_of_year!($e, $p),
            ";"
        )
    };
}

/// Version 4: per event, year and control point, the date reached — what
/// derived statuses need from years before the one a summary shows — kept
/// by triggers on the report digests, so a summary reads whole digests of
/// the months it shows only.
const V4: &str = concat!(
    "CREATE TABLE reached_points (
    event         TEXT NOT NULL,
    control_point TEXT NOT NULL,
    year          INTEGER NOT NULL,
    period        TEXT NOT NULL,
    date          TEXT NOT NULL,
    PRIMARY KEY (event, control_point, year)
) WITHOUT ROWID;
INSERT INTO reached_points (event, control_point, year, period, date)
SELECT c.event, j.key, CAST(substr(c.period, 1, 4) AS INTEGER), max(c.period), j.value
  FROM (SELECT event, period, control_points, max(revision)
          FROM report_digests
         WHERE state IN ('submitted', 'accepted', 'approved')
         GROUP BY event, period) AS c,
       json_each(c.control_points) AS j
 GROUP BY c.event, j.key, substr(c.period, 1, 4);
CREATE TRIGGER reached_points_on_insert AFTER INSERT ON report_digests
BEGIN
    ",
    refresh_reached!("new.event", "new.period"),
    "
END;
CREATE TRIGGER reached_points_on_delete AFTER DELETE ON report_digests
BEGIN
    ",
    refresh_reached!("old.event", "old.period"),
    "
END;
"
);

/// The digest columns of an event body `b` with key `k`: what the
/// consolidated report reads of an event, without the texts it does not
/// show. The card's control points are kept as they are (the reader skips
/// their titles): picking fields out of each in order would need an
/// aggregate's `ORDER BY`, which SQLite before 3.44 cannot read, and a
/// script's older SQLite must still open the file.
macro_rules! event_digest_select {
    ($k:literal, $b:literal) => {
        concat!(
            "SELECT ",
            $k,
            ",
                json_extract(",
            $b,
            ", '$.id'),
                json_extract(",
            $b,
            ", '$.plan.title'),
                json_extract(",
            $b,
            ", '$.plan.direction'),
                json_extract(",
            $b,
            ", '$.plan.responsible'),
                coalesce(json_extract(",
            $b,
            ", '$.plan.co_executors'), '[]'),
                json_extract(",
            $b,
            ", '$.plan.period.start'),
                json_extract(",
            $b,
            ", '$.plan.period.end'),
                coalesce(json_extract(",
            $b,
            ", '$.plan.excluded'), 0),
                coalesce(json_extract(",
            $b,
            ", '$.card.control_points'), '[]')"
        )
    };
}

/// Version 5: a digest row per event, kept by triggers like the report
/// digests — the consolidated report reads these short rows instead of
/// decoding every event's whole body (expected result, act, contact
/// person).
const V5: &str = concat!(
    "CREATE TABLE event_digests (
    key            TEXT PRIMARY KEY NOT NULL,
    id             TEXT,
    title          TEXT,
    direction      TEXT,
    responsible    TEXT,
    co_executors   TEXT,
    start_date     TEXT,
    end_date       TEXT,
    excluded       INTEGER,
    control_points TEXT
) WITHOUT ROWID;
INSERT INTO event_digests ",
    event_digest_select!("key", "body"),
    " FROM records WHERE collection = 'event' AND json_valid(body);
CREATE TRIGGER event_digest_on_insert AFTER INSERT ON records
WHEN new.collection = 'event' AND json_valid(new.body)
BEGIN
    DELETE FROM event_digests WHERE key = new.key;
    INSERT INTO event_digests ",
    event_digest_select!("new.key", "new.body"),
    ";
END;
CREATE TRIGGER event_digest_on_update AFTER UPDATE ON records
WHEN new.collection = 'event'
BEGIN
    DELETE FROM event_digests WHERE key = new.key;
    INSERT INTO event_digests ",
    event_digest_select!("new.key", "new.body"),
    " WHERE json_valid(new.body);
END;
"
);

/// Version 6: the digests' key indexes carry each revision's number and
/// state, so an inbox learns where a participant's reports and plans stand
/// from the index alone — one descent per event instead of one more per row.
/// They are no longer unique: the triggers delete a key's row before writing
/// it again, and the primary key holds the key.
const V6: &str = "
DROP INDEX report_digests_by_key;
CREATE INDEX report_digests_by_key ON report_digests (key, revision, state);
DROP INDEX plan_digests_by_key;
CREATE INDEX plan_digests_by_key ON plan_digests (key, revision, state);
";

/// Whether indicator body `b` can be read for its links: JSON whose
/// `fields.events`, if present, is an array of strings. `CASE`, not `AND`,
/// so that no JSON function meets a body that is not JSON.
macro_rules! indicator_links_readable {
    ($b:literal) => {
        concat!(
            "CASE WHEN json_valid(",
            $b,
            ")
                  THEN coalesce(json_type(",
            $b,
            ", '$.fields.events'), 'array') = 'array'
                       AND NOT EXISTS (SELECT 1 FROM json_each(",
            $b,
            ", '$.fields.events')
                                        WHERE type <> 'text')
                  ELSE 0 END"
        )
    };
}

/// The `(event, key)` rows of indicator body `b` with key `k`: one per
/// linked event, or one with the empty event (no event has that id) for a
/// body whose links cannot be read, so that the list of an event the body
/// names meets it and reading it is refused as damage, as decoding it
/// would be.
macro_rules! indicator_links_select {
    ($k:literal, $b:literal) => {
        concat!(
            "SELECT e.value, ",
            $k,
            "
               FROM json_each(CASE WHEN ",
            indicator_links_readable!($b),
            " THEN ",
            $b,
            " ELSE '{}' END, '$.fields.events') AS e
             UNION SELECT '', ",
            $k,
            " WHERE NOT (",
            indicator_links_readable!($b),
            ")"
        )
    };
}

/// Version 7: which indicators each event's reports carry, kept by
/// triggers: every report save and submit checks the facts against the
/// event's indicators, and found them by reading the whole collection.
const V7: &str = concat!(
    "CREATE TABLE indicator_events (
    event TEXT NOT NULL,
    key   TEXT NOT NULL,
    PRIMARY KEY (event, key)
) WITHOUT ROWID;
CREATE INDEX indicator_events_by_key ON indicator_events (key);
INSERT INTO indicator_events (event, key)
SELECT e.value, r.key
  FROM records AS r,
       json_each(CASE WHEN ",
    indicator_links_readable!("r.body"),
    " THEN r.body ELSE '{}' END,
                 '$.fields.events') AS e
 WHERE r.collection = 'indicator'
UNION
SELECT '', r.key FROM records AS r
 WHERE r.collection = 'indicator' AND NOT (",
    indicator_links_readable!("r.body"),
    ");
CREATE TRIGGER indicator_events_on_insert AFTER INSERT ON records
WHEN new.collection = 'indicator'
BEGIN
    DELETE FROM indicator_events WHERE key = new.key;
    INSERT INTO indicator_events (event, key) ",
    indicator_links_select!("new.key", "new.body"),
    ";
END;
CREATE TRIGGER indicator_events_on_update AFTER UPDATE ON records
WHEN new.collection = 'indicator'
BEGIN
    DELETE FROM indicator_events WHERE key = new.key;
    INSERT INTO indicator_events (event, key) ",
    indicator_links_select!("new.key", "new.body"),
    ";
END;
"
);

/// Version 8: the reached points are refreshed only when a counted revision
/// (submitted, accepted or approved) comes or goes. Drafts and returned
/// revisions never count ([`reached_of_year`] filters them out), yet most
/// commits at a month's end are draft saves, and each one recomputed its
/// event's year: twelve ranges of digests read for a result that could not
/// differ.
const V8: &str = concat!(
    "DROP TRIGGER reached_points_on_insert;
DROP TRIGGER reached_points_on_delete;
CREATE TRIGGER reached_points_on_insert AFTER INSERT ON report_digests
WHEN new.state IN ('submitted', 'accepted', 'approved')
BEGIN
    ",
    refresh_reached!("new.event", "new.period"),
    "
END;
CREATE TRIGGER reached_points_on_delete AFTER DELETE ON report_digests
WHEN old.state IN ('submitted', 'accepted', 'approved')
BEGIN
    ",
    refresh_reached!("old.event", "old.period"),
    "
END;
"
);

/// Every step, oldest first: applying all of them to an empty file gives the
/// current layout.
pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration { to: 1, sql: V1 },
    Migration { to: 2, sql: V2 },
    Migration { to: 3, sql: V3 },
    Migration { to: 4, sql: V4 },
    Migration { to: 5, sql: V5 },
    Migration { to: 6, sql: V6 },
    Migration { to: 7, sql: V7 },
    Migration { to: 8, sql: V8 },
];

/// The schema version of the file behind `conn`: `0` for an empty file.
pub(crate) fn version(conn: &Connection) -> Result<i64, SqliteError> {
    let has_meta: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'meta')",
        [],
        |row| row.get(0),
    )?;
    if !has_meta {
        let tables: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))?;
        return if tables == 0 {
            Ok(0)
        } else {
            Err(SqliteError::Foreign(
                "the database holds other tables and no `meta` table".into(),
            ))
        };
    }
    let found: Option<i64> = conn
        .query_row(
            "SELECT value FROM meta WHERE name = 'schema_version' AND typeof(value) = 'integer'",
            [],
            |row| row.get(0),
        )
        .optional()?;
    found.ok_or_else(|| SqliteError::Damaged("`meta` has no integer `schema_version`".into()))
}

/// Brings the file up to [`SCHEMA_VERSION`] in one transaction, or refuses
/// a file it cannot read. Nothing is written when the file is current.
pub(crate) fn migrate(conn: &Connection, options: &Options) -> Result<(), SqliteError> {
    let refuse_newer = |found: i64| {
        if found > SCHEMA_VERSION {
            Err(SqliteError::NewerSchema {
                found,
                known: SCHEMA_VERSION,
            })
        } else {
            Ok(found)
        }
    };
    if refuse_newer(crate::connection::retry_busy(options, || version(conn))?)? == SCHEMA_VERSION {
        return Ok(());
    }
    let tx = WriteTx::begin(conn, options)?;
    // Read again under the write lock: another process may have migrated the
    // file since.
    let found = refuse_newer(version(conn)?)?;
    for step in MIGRATIONS.iter().filter(|m| m.to > found) {
        conn.execute_batch(step.sql)
            .and_then(|()| {
                conn.execute(
                    "INSERT INTO meta (name, value) VALUES ('schema_version', ?1)
                     ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                    [step.to],
                )
            })
            .map_err(|source| SqliteError::Migration {
                from: step.to - 1,
                to: step.to,
                source,
            })?;
    }
    // Dropping `tx` on an error above rolls every step back.
    tx.commit()
}

/// The statements the store runs, named by the lookup the core does.
pub(crate) mod sql {
    /// One record by key: the primary key index.
    pub(crate) const GET: &str =
        "SELECT key, partition, version, body FROM records WHERE collection = ?1 AND key = ?2";
    /// The stored version of one record, inside a commit: the primary key index.
    pub(crate) const VERSION: &str =
        "SELECT version FROM records WHERE collection = ?1 AND key = ?2";
    /// A whole collection in key order: the primary key index.
    pub(crate) const LIST: &str =
        "SELECT key, partition, version, body FROM records WHERE collection = ?1 ORDER BY key";
    /// The keys from `?2` up to, not including, `?3`, in key order: a range
    /// of the primary key index (for a key prefix).
    pub(crate) const LIST_RANGE: &str = "SELECT key, partition, version, body FROM records
         WHERE collection = ?1 AND key >= ?2 AND key < ?3 ORDER BY key";
    /// The keys from `?2` on, in key order: the open-ended range.
    pub(crate) const LIST_FROM: &str = "SELECT key, partition, version, body FROM records
         WHERE collection = ?1 AND key >= ?2 ORDER BY key";
    /// One partition in key order: `records_by_partition`.
    pub(crate) const LIST_PARTITION: &str = "SELECT key, partition, version, body FROM records
         WHERE collection = ?1 AND partition = ?2 ORDER BY key";
    /// Creates a record, or replaces one that stays in its partition
    /// (changes no row when it moves: then [`MOVE`]). The partition index
    /// is left alone: an update that names an indexed column rewrites the
    /// column's index entry even when the value stays, and that index page
    /// was one more page in the log for every save of a report.
    pub(crate) const PUT: &str = "INSERT INTO records (collection, key, partition, version, body)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (collection, key) DO UPDATE
         SET version = excluded.version, body = excluded.body
         WHERE partition = excluded.partition";
    /// Replaces a record that moves to another partition.
    pub(crate) const MOVE: &str = "UPDATE records SET partition = ?3, version = ?4, body = ?5
         WHERE collection = ?1 AND key = ?2";
    /// The head of the chain: the last row of the `seq` (rowid) b-tree.
    pub(crate) const AUDIT_HEAD: &str = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";
    /// Appends an entry.
    pub(crate) const AUDIT_APPEND: &str = "INSERT INTO audit (seq, at, actor, on_behalf_of,
         client, action, object_kind, object_id, participant, summary, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
    /// A page of the log from a sequence number: a range of the rowid b-tree.
    ///
    /// The limit is `+?2`, an expression, not a bare parameter: SQLite's
    /// planner looks at a bare `LIMIT ?` and marks the statement to be
    /// prepared again whenever its value changes, which the inbox (following
    /// the log before each use) paid on every call.
    pub(crate) const AUDIT_PAGE: &str = "SELECT seq, at, actor, on_behalf_of, client, action,
         object_kind, object_id, participant, summary, prev_hash, hash
         FROM audit WHERE seq >= ?1 ORDER BY seq LIMIT +?2";
    /// Monthly report digests of the periods `?1..=?2` (`YYYY-MM`): the
    /// rows the triggers keep, one range of their primary key. A body that is not a
    /// report leaves its columns empty, and reading it is refused as damage,
    /// as decoding it would be.
    pub(crate) const REPORT_DIGESTS: &str = "SELECT event, key, revision, state, late,
         submitted, control_points, indicator_facts, expenditures, explained
         FROM report_digests WHERE period BETWEEN ?1 AND ?2";
    /// Where one event's monthly report revisions with keys in `?1..?2`
    /// (bounds excluded) stand: a range of the digests' key index, which
    /// holds the three columns (version 6), no JSON.
    pub(crate) const EVENT_REPORT_REVISIONS: &str = "SELECT key, revision, state
         FROM report_digests WHERE key > ?1 AND key < ?2";
    /// Where one event's annual plan revisions with keys in `?1..?2` (bounds
    /// excluded) stand: a range of the digests' key index, nothing else.
    pub(crate) const EVENT_PLAN_REVISIONS: &str = "SELECT key, revision, state
         FROM plan_digests WHERE key > ?1 AND key < ?2";
    /// [`REPORT_DIGESTS`] with every `expenditures` column read as NULL,
    /// which the reader takes as empty.
    pub(crate) const REPORT_DIGESTS_WITHOUT_SPENDING: &str = "SELECT event, key, revision,
         state, late, submitted, control_points, indicator_facts, NULL, explained
         FROM report_digests WHERE period BETWEEN ?1 AND ?2";
    /// Every event's digest in key order: a walk of the primary key. A body
    /// that is not an event leaves its columns empty, and reading it is
    /// refused as damage, as decoding it would be.
    pub(crate) const EVENT_DIGESTS: &str = "SELECT key, id, title, direction, responsible,
         co_executors, start_date, end_date, excluded, control_points
         FROM event_digests ORDER BY key";
    /// The digests of one partition's events (`?1`) in key order: the
    /// partition's range of `records_by_partition`, then each digest by its
    /// primary key. A LEFT JOIN, so that an event whose body has no digest
    /// (not JSON) comes as an empty row and is refused as damage.
    pub(crate) const PARTITION_EVENT_DIGESTS: &str = "SELECT r.key, d.id, d.title, d.direction,
         d.responsible, d.co_executors, d.start_date, d.end_date, d.excluded, d.control_points
         FROM records AS r LEFT JOIN event_digests AS d ON d.key = r.key
         WHERE r.collection = 'event' AND r.partition = ?1 ORDER BY r.key";
    /// Annual plan digests of the year `?1`: one primary-key range.
    pub(crate) const PLAN_DIGESTS: &str =
        "SELECT event, key, revision, state, planned FROM plan_digests WHERE year = ?1";
    /// Per event and control point, the row of the latest year before `?1`:
    /// one walk of `reached_points`' primary key, grouped in its order.
    pub(crate) const REACHED_POINTS: &str = "SELECT event, control_point, max(year), period, date
         FROM reached_points WHERE year < ?1 GROUP BY event, control_point";
    /// The indicators linked to event `?1`, and those whose links cannot be
    /// read (listed under the empty event) if their body names the event
    /// (`?2`, its id in quotes), as the trait's provided method finds them:
    /// one range of the links' primary key each, then each record by its
    /// key. The reader orders them by key. `CROSS JOIN` keeps that order:
    /// left to choose, the planner walks every indicator and looks each
    /// one's links up.
    pub(crate) const EVENT_INDICATORS: &str = "SELECT r.key, r.partition, r.version, r.body
         FROM indicator_events AS i
         CROSS JOIN records AS r ON r.collection = 'indicator' AND r.key = i.key
         WHERE i.event IN (?1, '') AND (i.event <> '' OR instr(r.body, ?2) > 0)";
    /// Whether the store holds anything, for `restore`.
    pub(crate) const HOLDS_ANYTHING: &str =
        "SELECT EXISTS (SELECT 1 FROM records) OR EXISTS (SELECT 1 FROM audit)";
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        reason = "tests fail loudly"
    )]

    use super::*;

    fn current() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        migrate(&conn, &Options::default()).unwrap();
        conn
    }

    fn plan(conn: &Connection, statement: &str) -> String {
        let mut stmt = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {statement}"))
            .unwrap();
        let n = stmt.parameter_count();
        let details: Vec<String> = stmt
            .query_map(rusqlite::params_from_iter(vec![1; n]), |row| {
                row.get::<_, String>(3)
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        details.join("; ")
    }

    #[test]
    fn migrations_are_numbered_one_after_another_up_to_the_current_version() {
        let versions: Vec<i64> = MIGRATIONS.iter().map(|m| m.to).collect();
        let expected: Vec<i64> = (1..=SCHEMA_VERSION).collect();
        assert_eq!(versions, expected);
    }

    #[test]
    fn an_empty_file_is_migrated_to_the_current_version() {
        assert_eq!(version(&current()).unwrap(), SCHEMA_VERSION);
    }

    #[test]
    fn every_read_is_prepared_once_whatever_values_it_is_given() {
        let conn = current();
        for statement in [
            sql::GET,
            sql::VERSION,
            sql::LIST,
            sql::LIST_RANGE,
            sql::LIST_FROM,
            sql::LIST_PARTITION,
            sql::AUDIT_HEAD,
            sql::AUDIT_PAGE,
            sql::REPORT_DIGESTS,
            sql::EVENT_REPORT_REVISIONS,
            sql::EVENT_PLAN_REVISIONS,
            sql::REPORT_DIGESTS_WITHOUT_SPENDING,
            sql::EVENT_DIGESTS,
            sql::PARTITION_EVENT_DIGESTS,
            sql::PLAN_DIGESTS,
            sql::REACHED_POINTS,
            sql::HOLDS_ANYTHING,
            sql::EVENT_INDICATORS,
        ] {
            let mut stmt = conn.prepare(statement).unwrap();
            let n = stmt.parameter_count();
            for value in [1, 256, 2] {
                let mut rows = stmt
                    .query(rusqlite::params_from_iter(vec![value; n]))
                    .unwrap();
                while rows.next().unwrap().is_some() {}
            }
            assert_eq!(
                stmt.get_status(rusqlite::StatementStatus::RePrepare),
                0,
                "prepared again for new values: {statement}"
            );
        }
    }

    #[test]
    fn every_lookup_of_the_core_reads_an_index_and_never_sorts() {
        let conn = current();
        let expect = [
            (
                sql::GET,
                "USING INDEX sqlite_autoindex_records_1 (collection=? AND key=?)",
            ),
            (
                sql::VERSION,
                "USING INDEX sqlite_autoindex_records_1 (collection=? AND key=?)",
            ),
            (
                sql::LIST,
                "USING INDEX sqlite_autoindex_records_1 (collection=?)",
            ),
            (
                sql::LIST_RANGE,
                "USING INDEX sqlite_autoindex_records_1 (collection=? AND key>? AND key<?)",
            ),
            (
                sql::LIST_FROM,
                "USING INDEX sqlite_autoindex_records_1 (collection=? AND key>?)",
            ),
            (
                sql::LIST_PARTITION,
                "USING INDEX records_by_partition (collection=? AND partition=?)",
            ),
            (sql::AUDIT_PAGE, "USING INTEGER PRIMARY KEY (rowid>?)"),
            // A save's indicators: the links of one event, then each record.
            (
                sql::EVENT_INDICATORS,
                "SEARCH i USING PRIMARY KEY (event=?); \
                 SEARCH r USING INDEX sqlite_autoindex_records_1 (collection=? AND key=?)",
            ),
            // The inbox's reads never leave the key index.
            (
                sql::EVENT_REPORT_REVISIONS,
                "USING COVERING INDEX report_digests_by_key (key>? AND key<?)",
            ),
            (
                sql::EVENT_PLAN_REVISIONS,
                "USING COVERING INDEX plan_digests_by_key (key>? AND key<?)",
            ),
        ];
        for (statement, index) in expect {
            let plan = plan(&conn, statement);
            assert!(plan.contains(index), "{statement}\n=> {plan}");
            assert!(!plan.contains("TEMP B-TREE"), "{statement}\n=> {plan}");
        }
        // The summary's reads: primary-key ranges and walks, no sort.
        for statement in [sql::REPORT_DIGESTS, sql::REPORT_DIGESTS_WITHOUT_SPENDING] {
            let digests = plan(&conn, statement);
            assert!(
                digests.contains("USING PRIMARY KEY (period>? AND period<?)"),
                "{digests}"
            );
        }
        let theirs = plan(&conn, sql::PARTITION_EVENT_DIGESTS);
        assert!(
            theirs.contains(
                "USING COVERING INDEX records_by_partition (collection=? AND partition=?)"
            ),
            "{theirs}"
        );
        assert!(
            theirs.contains("SEARCH d USING PRIMARY KEY (key=?)"),
            "{theirs}"
        );
        assert!(!theirs.contains("TEMP B-TREE"), "{theirs}");
        let events = plan(&conn, sql::EVENT_DIGESTS);
        assert!(events.contains("SCAN event_digests"), "{events}");
        assert!(!events.contains("TEMP B-TREE"), "{events}");
        let reached = plan(&conn, sql::REACHED_POINTS);
        assert!(reached.contains("SCAN reached_points"), "{reached}");
        assert!(!reached.contains("TEMP B-TREE"), "{reached}");
        // What the triggers recompute on every report write: one event's
        // keys in each month of one year, never the year's whole range.
        let refresh = plan(&conn, reached_of_year!("?1", "?2"));
        assert!(
            refresh
                .contains("SEARCH report_digests USING PRIMARY KEY (period=? AND key>? AND key<?)"),
            "{refresh}"
        );
        // The head is the first row of a backwards walk of the rowid b-tree:
        // no sort, no index needed.
        let head = plan(&conn, sql::AUDIT_HEAD);
        assert_eq!(head, "SCAN audit", "{head}");
    }
}

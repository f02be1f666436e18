//! Rows to the core's types and back.

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{Connection, Row, params};
use rust_decimal::Decimal;
use serde::de::{DeserializeOwned, IntoDeserializer};
use serde::{Deserialize, Serialize};
use stratmon_core::audit::{AuditDraft, AuditEntry, ObjectRef};
use stratmon_core::calendar::ReportingPeriod;
use stratmon_core::model::{
    AnnualPlanDigest, AnnualPlanRevision, ControlPointId, EventDigest, EventId, EventPeriod,
    FundingSource, ParticipantId, ReachedPoint, ReportDigest, ReportRevision, StrategyNodeId,
};
use stratmon_core::report::ReportState;
use stratmon_core::store::{Collection, Record, report_period_of_key};

use crate::error::SqliteError;
use crate::schema::sql;

/// A version or sequence number as SQLite stores it.
pub(crate) fn to_sql_int(n: u64, what: &str) -> Result<i64, SqliteError> {
    i64::try_from(n).map_err(|_| SqliteError::Damaged(format!("{what} {n} is too large to store")))
}

pub(crate) fn from_sql_int(n: i64, what: &str) -> Result<u64, SqliteError> {
    u64::try_from(n).map_err(|_| SqliteError::Damaged(format!("{what} {n} is negative")))
}

/// A field's text as the core's JSON encoding writes it (`at` as RFC 3339,
/// identifiers as themselves), so that reading it back with serde gives the
/// value the entry's hash was computed over.
fn to_text<T: Serialize>(value: &T, field: &str) -> Result<String, SqliteError> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => Ok(text),
        Ok(other) => Err(SqliteError::Damaged(format!(
            "audit field `{field}` encodes as `{other}`, not as text"
        ))),
        Err(e) => Err(SqliteError::Damaged(format!(
            "audit field `{field}` cannot be encoded: {e}"
        ))),
    }
}

/// The inverse of [`to_text`]. Goes through serde rather than the types'
/// checking constructors: entries are returned exactly as sealed, even ones
/// an older build accepted.
fn from_text<T: DeserializeOwned>(text: String, field: &str) -> Result<T, SqliteError> {
    serde_json::from_value(serde_json::Value::String(text))
        .map_err(|e| SqliteError::Damaged(format!("audit field `{field}` does not decode: {e}")))
}

fn optional<T: DeserializeOwned>(
    text: Option<String>,
    field: &str,
) -> Result<Option<T>, SqliteError> {
    text.map(|t| from_text(t, field)).transpose()
}

/// Writes `record` as it is (version included): the write of a commit or of
/// a restore.
pub(crate) fn put_record(
    conn: &Connection,
    collection: Collection,
    key: &str,
    partition: &str,
    version: u64,
    body: &str,
) -> Result<(), SqliteError> {
    let version = to_sql_int(version, "version")?;
    let values = params![collection.as_str(), key, partition, version, body];
    if conn.prepare_cached(sql::PUT)?.execute(values)? == 0 {
        conn.prepare_cached(sql::MOVE)?.execute(values)?;
    }
    Ok(())
}

/// A record of `collection` from the columns `key, partition, version, body`.
pub(crate) fn record(row: &Row<'_>, collection: Collection) -> Result<Record, SqliteError> {
    Ok(Record {
        collection,
        key: row.get(0)?,
        partition: row.get(1)?,
        version: from_sql_int(row.get(2)?, "version")?,
        body: row.get(3)?,
    })
}

/// Appends a sealed entry.
pub(crate) fn append_audit(conn: &Connection, entry: &AuditEntry) -> Result<(), SqliteError> {
    let d = &entry.draft;
    let values: [Value; 12] = [
        Value::Integer(to_sql_int(entry.seq, "audit sequence number")?),
        Value::Text(to_text(&d.at, "at")?),
        Value::Text(d.actor.as_str().to_owned()),
        d.on_behalf_of
            .as_ref()
            .map_or(Value::Null, |u| Value::Text(u.as_str().to_owned())),
        d.client.clone().map_or(Value::Null, Value::Text),
        Value::Text(d.action.clone()),
        Value::Text(d.object.kind.clone()),
        Value::Text(d.object.id.clone()),
        d.participant
            .as_ref()
            .map_or(Value::Null, |p| Value::Text(p.as_str().to_owned())),
        Value::Text(d.summary.clone()),
        Value::Text(entry.prev_hash.clone()),
        Value::Text(entry.hash.clone()),
    ];
    conn.prepare_cached(sql::AUDIT_APPEND)?
        .execute(rusqlite::params_from_iter(values))?;
    Ok(())
}

/// An entry from the columns of [`sql::AUDIT_PAGE`].
pub(crate) fn audit_entry(row: &Row<'_>) -> Result<AuditEntry, SqliteError> {
    Ok(AuditEntry {
        seq: from_sql_int(row.get(0)?, "audit sequence number")?,
        draft: AuditDraft {
            at: from_text(row.get(1)?, "at")?,
            actor: from_text(row.get(2)?, "actor")?,
            on_behalf_of: optional(row.get(3)?, "on_behalf_of")?,
            client: row.get(4)?,
            action: row.get(5)?,
            object: ObjectRef {
                kind: row.get(6)?,
                id: row.get(7)?,
            },
            participant: optional(row.get(8)?, "participant")?,
            summary: row.get(9)?,
        },
        prev_hash: row.get(10)?,
        hash: row.get(11)?,
    })
}

/// Parses a JSON column of a digest, skipping the parser for the empty
/// object or array most rows hold.
fn digest_json<T: DeserializeOwned + Default>(text: Option<&str>) -> serde_json::Result<T> {
    match text {
        None | Some("{}" | "[]") => Ok(T::default()),
        Some(json) => serde_json::from_str(json),
    }
}

/// A digest row of [`sql::REPORT_DIGESTS`]. Rows come by period, so one
/// event's rows seldom follow each other: each row makes its own id; the
/// period, the same over long runs of rows, is parsed once per run
/// (`last_period` carries the previous row's, with its text in the key).
/// Text columns are read in place: a summary reads about 100,000 rows, and
/// copying each column first cost more than parsing it.
pub(crate) fn report_digest(
    row: &Row<'_>,
    last_period: &mut Option<(String, ReportingPeriod)>,
) -> Result<ReportDigest, SqliteError> {
    let key = row
        .get_ref(1)?
        .as_str()
        .map_err(|e| SqliteError::Damaged(format!("monthly report key: {e}")))?;
    let damaged = |what: &str, e: &dyn std::fmt::Display| {
        SqliteError::Damaged(format!("monthly report `{key}`: {what}: {e}"))
    };
    let text = |i: usize, what: &str| {
        row.get_ref(i)
            .map_err(SqliteError::from)?
            .as_str_or_null()
            .map_err(|e| damaged(what, &e))
    };
    let partition = text(0, "event")?.unwrap_or_default();
    let event: EventId = serde_json::from_value(serde_json::Value::String(partition.to_owned()))
        .map_err(|e| damaged("event", &e))?;
    let not_a_report = || damaged("body", &"not a monthly report");
    let revision: i64 = row.get::<_, Option<i64>>(2)?.ok_or_else(not_a_report)?;
    let state = text(3, "state")?.ok_or_else(not_a_report)?;
    let state = ReportState::deserialize(state.into_deserializer())
        .map_err(|e: serde::de::value::Error| damaged("state", &e))?;
    let period = match (last_period.as_ref(), key.split('/').nth(1)) {
        (Some((text, period)), Some(this)) if text == this => *period,
        (_, this) => {
            let period =
                report_period_of_key(key).ok_or_else(|| damaged("period", &"not in the key"))?;
            *last_period = this.map(|text| (text.to_owned(), period));
            period
        }
    };
    Ok(ReportDigest {
        event,
        period,
        revision: u32::try_from(revision).map_err(|e| damaged("revision", &e))?,
        state,
        late: row.get::<_, Option<i64>>(4)?.unwrap_or(0) != 0,
        submitted: row.get::<_, Option<bool>>(5)?.unwrap_or(false),
        control_points: digest_json(text(6, "control points")?)
            .map_err(|e| damaged("control points", &e))?,
        indicator_facts: digest_json(text(7, "indicator facts")?)
            .map_err(|e| damaged("indicator facts", &e))?,
        expenditures: digest_json(text(8, "expenditures")?)
            .map_err(|e| damaged("expenditures", &e))?,
        explained: digest_json(text(9, "explanations")?)
            .map_err(|e| damaged("explanations", &e))?,
    })
}

/// A row of [`sql::EVENT_REPORT_REVISIONS`]: key, revision, state.
pub(crate) fn report_revision(row: &Row<'_>) -> Result<ReportRevision, SqliteError> {
    let (key, revision, state) = revision_columns(row, "monthly report")?;
    Ok(ReportRevision {
        period: report_period_of_key(key)
            .ok_or_else(|| damaged_revision("monthly report", key, "period", &"not in the key"))?,
        revision,
        state,
    })
}

/// Where an annual plan revision stands, from its key (`event/YYYY/rNNNN`),
/// revision and state: the columns of [`sql::EVENT_PLAN_REVISIONS`].
pub(crate) fn plan_revision(row: &Row<'_>) -> Result<AnnualPlanRevision, SqliteError> {
    let (key, revision, state) = revision_columns(row, "annual plan")?;
    let year = key
        .rsplit('/')
        .nth(1)
        .and_then(|year| year.parse().ok())
        .ok_or_else(|| damaged_revision("annual plan", key, "year", &"not in the key"))?;
    Ok(AnnualPlanRevision {
        year,
        revision,
        state,
    })
}

fn damaged_revision(kind: &str, key: &str, what: &str, e: &dyn std::fmt::Display) -> SqliteError {
    SqliteError::Damaged(format!("{kind} `{key}`: {what}: {e}"))
}

/// A digest row's key, revision number and state; a row whose body was not
/// of `kind` has them empty and is refused as damage, as decoding it would be.
fn revision_columns<'r>(
    row: &'r Row<'_>,
    kind: &str,
) -> Result<(&'r str, u32, ReportState), SqliteError> {
    let key = row
        .get_ref(0)?
        .as_str()
        .map_err(|e| SqliteError::Damaged(format!("{kind} key: {e}")))?;
    let damaged = |what: &str, e: &dyn std::fmt::Display| damaged_revision(kind, key, what, e);
    let not_one = || damaged("body", &format!("not a valid {kind}"));
    let revision: i64 = row.get::<_, Option<i64>>(1)?.ok_or_else(not_one)?;
    let state = row
        .get_ref(2)?
        .as_str_or_null()
        .map_err(|e| damaged("state", &e))?
        .ok_or_else(not_one)?;
    Ok((
        key,
        u32::try_from(revision).map_err(|e| damaged("revision", &e))?,
        ReportState::deserialize(state.into_deserializer())
            .map_err(|e: serde::de::value::Error| damaged("state", &e))?,
    ))
}

/// A control point as an event digest reads it: its title is skipped.
#[derive(Deserialize)]
struct PlannedPoint {
    id: ControlPointId,
    planned: NaiveDate,
}

/// A row of [`sql::EVENT_DIGESTS`].
pub(crate) fn event_digest(row: &Row<'_>) -> Result<EventDigest, SqliteError> {
    let key = row
        .get_ref(0)?
        .as_str()
        .map_err(|e| SqliteError::Damaged(format!("event key: {e}")))?;
    let damaged = |what: &str, e: &dyn std::fmt::Display| {
        SqliteError::Damaged(format!("event `{key}`: {what}: {e}"))
    };
    let optional = |i: usize, what: &str| {
        row.get_ref(i)
            .map_err(SqliteError::from)?
            .as_str_or_null()
            .map_err(|e| damaged(what, &e))
    };
    let text =
        |i: usize, what: &str| optional(i, what)?.ok_or_else(|| damaged("body", &"not an event"));
    let date = |i: usize, what: &str| {
        text(i, what)?
            .parse::<NaiveDate>()
            .map_err(|e| damaged(what, &e))
    };
    Ok(EventDigest {
        id: EventId::new(text(1, "id")?).map_err(|e| damaged("id", &e))?,
        title: text(2, "title")?.to_owned(),
        direction: StrategyNodeId::new(text(3, "direction")?)
            .map_err(|e| damaged("direction", &e))?,
        responsible: ParticipantId::new(text(4, "responsible")?)
            .map_err(|e| damaged("responsible", &e))?,
        co_executors: digest_json(optional(5, "co-executors")?)
            .map_err(|e| damaged("co-executors", &e))?,
        period: EventPeriod {
            start: date(6, "period start")?,
            end: date(7, "period end")?,
        },
        excluded: row.get::<_, Option<i64>>(8)?.unwrap_or(0) != 0,
        control_points: digest_json::<Vec<PlannedPoint>>(optional(9, "control points")?)
            .map_err(|e| damaged("control points", &e))?
            .into_iter()
            .map(|p| (p.id, p.planned))
            .collect(),
    })
}

/// A row of [`sql::REACHED_POINTS`]. `last_event` carries the previous
/// row's event: rows come by event, so runs of one event's rows parse its
/// id once.
pub(crate) fn reached_point(
    row: &Row<'_>,
    last_event: &mut Option<EventId>,
) -> Result<ReachedPoint, SqliteError> {
    let partition: String = row.get(0)?;
    let point: String = row.get(1)?;
    let damaged = |what: &str, e: &dyn std::fmt::Display| {
        SqliteError::Damaged(format!(
            "reached point `{point}` of event `{partition}`: {what}: {e}"
        ))
    };
    let event = match last_event.take() {
        Some(event) if event.as_str() == partition => event,
        _ => serde_json::from_value(serde_json::Value::String(partition.clone()))
            .map_err(|e| damaged("event", &e))?,
    };
    *last_event = Some(event.clone());
    let period: String = row.get(3)?;
    let date: String = row.get(4)?;
    Ok(ReachedPoint {
        event,
        control_point: serde_json::from_value(serde_json::Value::String(point.clone()))
            .map_err(|e| damaged("control point", &e))?,
        period: period.parse().map_err(|e| damaged("period", &e))?,
        date: date.parse().map_err(|e| damaged("date", &e))?,
    })
}

/// A row of [`sql::PLAN_DIGESTS`] for `year`.
pub(crate) fn plan_digest(row: &Row<'_>, year: i32) -> Result<AnnualPlanDigest, SqliteError> {
    let key: String = row.get(1)?;
    let damaged = |what: &str, e: &dyn std::fmt::Display| {
        SqliteError::Damaged(format!("annual plan `{key}`: {what}: {e}"))
    };
    let not_a_plan = || damaged("body", &"not an annual plan");
    let partition: String = row.get(0)?;
    let revision: i64 = row.get::<_, Option<i64>>(2)?.ok_or_else(not_a_plan)?;
    let state: String = row.get::<_, Option<String>>(3)?.ok_or_else(not_a_plan)?;
    let works: Vec<std::collections::BTreeMap<FundingSource, Decimal>> =
        digest_json(row.get::<_, Option<String>>(4)?.as_deref())
            .map_err(|e| damaged("planned", &e))?;
    let mut planned = std::collections::BTreeMap::new();
    for work in works {
        for (source, amount) in work {
            *planned.entry(source).or_insert(Decimal::ZERO) += amount;
        }
    }
    Ok(AnnualPlanDigest {
        event: serde_json::from_value(serde_json::Value::String(partition))
            .map_err(|e| damaged("event", &e))?,
        year,
        revision: u32::try_from(revision).map_err(|e| damaged("revision", &e))?,
        state: serde_json::from_value(serde_json::Value::String(state))
            .map_err(|e| damaged("state", &e))?,
        planned,
    })
}

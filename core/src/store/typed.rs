//! Typed access on top of [`Store`]: how each domain type is keyed and encoded.

use async_trait::async_trait;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{Collection, Expect, Put, Record, Store};
use crate::calendar::ReportingPeriod;
use crate::calendar::YearCorrections;
use crate::error::{Error, Result};
use crate::model::{
    AnnualPlan, Event, Indicator, MonthlyReport, Participant, StrategyNode, User, WindowExtension,
};

/// A domain type kept in a [`Collection`].
pub trait Stored: Serialize + DeserializeOwned + Send + Sync {
    /// Where records of this type live.
    const COLLECTION: Collection;
    /// Its key.
    fn key(&self) -> String;
    /// Its partition ("" when none).
    fn partition(&self) -> String {
        String::new()
    }
    /// The version it was loaded at (0 = new).
    fn version(&self) -> u64;
    /// Sets the version after loading or writing.
    fn set_version(&mut self, version: u64);
}

/// The key of a report or annual plan revision: sortable by period and
/// revision, and prefixed by [`revision_prefix`] so one period's revisions are
/// a key range.
pub(crate) fn revision_key(event: &str, period: &str, revision: u32) -> String {
    format!("{}r{revision:04}", revision_prefix(event, period))
}

/// The period of a monthly report's key (`event/YYYY-MM/rNNNN`): backends
/// that filter reports by period read it from the key.
pub fn report_period_of_key(key: &str) -> Option<ReportingPeriod> {
    key.split('/').nth(1)?.parse().ok()
}

/// The key prefix shared by every revision of one event's period or year.
/// Event codes cannot contain `/`, so prefixes never overlap.
pub(crate) fn revision_prefix(event: &str, period: &str) -> String {
    format!("{event}/{period}/")
}

/// Implements [`Stored`] for a type with a `version` field, given how to
/// compute its key and (optionally) its partition.
macro_rules! stored {
    ($ty:ty => $collection:ident, key: $key:expr $(, partition: $partition:expr)? $(,)?) => {
        impl Stored for $ty {
            const COLLECTION: Collection = Collection::$collection;
            fn key(&self) -> String {
                let key: fn(&$ty) -> String = $key;
                key(self)
            }
            $(fn partition(&self) -> String {
                let partition: fn(&$ty) -> String = $partition;
                partition(self)
            })?
            fn version(&self) -> u64 {
                self.version
            }
            fn set_version(&mut self, version: u64) {
                self.version = version;
            }
        }
    };
}

stored!(Participant => Participant, key: |p| p.id.to_string());
stored!(User => User, key: |u| u.login.to_string(), partition: |u| u.participant.to_string());
stored!(StrategyNode => StrategyNode, key: |n| n.id.to_string());
stored!(Event => Event, key: |e| e.id.to_string(), partition: |e| e.plan.responsible.to_string());
stored!(Indicator => Indicator, key: |i| i.id.to_string());
stored!(
    MonthlyReport => MonthlyReport,
    key: |r| revision_key(r.event.as_str(), &r.period.to_string(), r.workflow.revision),
    partition: |r| r.event.to_string(),
);
stored!(
    AnnualPlan => AnnualPlan,
    key: |p| revision_key(p.event.as_str(), &p.year.to_string(), p.workflow.revision),
    partition: |p| p.event.to_string(),
);
stored!(
    WindowExtension => WindowExtension,
    key: |e| format!("{}/{}", e.participant, e.year),
    partition: |e| e.participant.to_string(),
);
stored!(crate::auth::Credential => Credential, key: |c| c.login.to_string());
stored!(crate::auth::Session => Session, key: |s| s.id.clone(), partition: |s| s.login.to_string());
stored!(crate::auth::Throttle => Throttle, key: |t| t.key.clone());
stored!(
    crate::requests::AccessRequest => AccessRequest,
    key: |r| r.id.clone(),
    partition: |r| r.participant.to_string(),
);
stored!(crate::access::Delegation => Delegation, key: |d| d.id.clone(), partition: |d| d.deputy.to_string());
stored!(
    crate::plan::PlanVersion => PlanVersion,
    key: |v| crate::plan::version_key(v.number),
    partition: |_| crate::plan::VERSION_HEADERS.to_owned(),
);
stored!(
    crate::plan::PlanVersionBody => PlanVersion,
    key: |b| format!("{}/plan", crate::plan::version_key(b.number)),
    partition: |_| "plan".to_owned(),
);

/// Production-calendar corrections are stored per year; the version lives in
/// the record only, as the corrections are plain reference data.
impl Stored for YearCorrections {
    const COLLECTION: Collection = Collection::CalendarYear;
    fn key(&self) -> String {
        self.year.to_string()
    }
    fn version(&self) -> u64 {
        0
    }
    fn set_version(&mut self, _version: u64) {}
}

/// Decodes a record into its domain type, with the record's version.
pub fn decode<T: Stored>(record: &Record, backend: &'static str) -> Result<T> {
    let mut value: T = serde_json::from_str(&record.body).map_err(|e| {
        Error::storage(
            backend,
            format!(
                "record {} `{}` cannot be decoded: {e}",
                record.collection.as_str(),
                record.key
            ),
        )
    })?;
    value.set_version(record.version);
    Ok(value)
}

/// Encodes `value` as a put. `expect` is `Absent` for a version-0 (new) value
/// and its loaded version otherwise, so a concurrent writer makes it conflict.
pub fn encode<T: Stored>(value: &T) -> Result<Put> {
    let expect = match value.version() {
        0 => Expect::Absent,
        v => Expect::Version(v),
    };
    let mut put = Put {
        collection: T::COLLECTION,
        key: value.key(),
        partition: value.partition(),
        expect,
        body: String::new(),
    };
    let mut body = serde_json::to_value(value)
        .map_err(|e| Error::storage("encoding", format!("cannot encode: {e}")))?;
    // The body carries the version it will have once written.
    if let Some(obj) = body.as_object_mut() {
        if obj.contains_key("version") {
            obj.insert("version".into(), put.new_version().into());
        }
    }
    put.body = body.to_string();
    Ok(put)
}

/// Typed helpers for every [`Store`].
#[async_trait]
pub trait StoreExt: Store {
    /// Loads and decodes one object.
    async fn load<T: Stored>(&self, key: &str) -> Result<Option<T>> {
        match self.get(T::COLLECTION, key).await? {
            Some(record) => decode(&record, self.backend()).map(Some),
            None => Ok(None),
        }
    }

    /// Loads and decodes the objects whose key starts with `prefix`.
    async fn load_prefix<T: Stored>(&self, prefix: &str) -> Result<Vec<T>> {
        self.list_prefix(T::COLLECTION, prefix)
            .await?
            .iter()
            .map(|r| decode(r, self.backend()))
            .collect()
    }

    /// Loads and decodes a collection or one partition of it, ordered by key.
    async fn load_all<T: Stored>(&self, partition: Option<&str>) -> Result<Vec<T>> {
        self.list(T::COLLECTION, partition)
            .await?
            .iter()
            .map(|r| decode(r, self.backend()))
            .collect()
    }
}

impl<S: Store + ?Sized> StoreExt for S {}

//! Typed access on top of [`Store`]: how each domain type is keyed and encoded.

use async_trait::async_trait;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{Collection, Expect, Put, Record, Store};
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

/// The key of a report or annual plan revision: sortable by period and revision.
pub(crate) fn revision_key(event: &str, period: &str, revision: u32) -> String {
    format!("{event}/{period}/r{revision:04}")
}

impl Stored for Participant {
    const COLLECTION: Collection = Collection::Participant;
    fn key(&self) -> String {
        self.id.to_string()
    }
    fn version(&self) -> u64 {
        self.version
    }
    fn set_version(&mut self, version: u64) {
        self.version = version;
    }
}

impl Stored for User {
    const COLLECTION: Collection = Collection::User;
    fn key(&self) -> String {
        self.login.to_string()
    }
    fn partition(&self) -> String {
        self.participant.to_string()
    }
    fn version(&self) -> u64 {
        self.version
    }
    fn set_version(&mut self, version: u64) {
        self.version = version;
    }
}

impl Stored for StrategyNode {
    const COLLECTION: Collection = Collection::StrategyNode;
    fn key(&self) -> String {
        self.id.to_string()
    }
    fn version(&self) -> u64 {
        self.version
    }
    fn set_version(&mut self, version: u64) {
        self.version = version;
    }
}

impl Stored for Event {
    const COLLECTION: Collection = Collection::Event;
    fn key(&self) -> String {
        self.id.to_string()
    }
    fn partition(&self) -> String {
        self.plan.responsible.to_string()
    }
    fn version(&self) -> u64 {
        self.version
    }
    fn set_version(&mut self, version: u64) {
        self.version = version;
    }
}

impl Stored for Indicator {
    const COLLECTION: Collection = Collection::Indicator;
    fn key(&self) -> String {
        self.id.to_string()
    }
    fn version(&self) -> u64 {
        self.version
    }
    fn set_version(&mut self, version: u64) {
        self.version = version;
    }
}

impl Stored for MonthlyReport {
    const COLLECTION: Collection = Collection::MonthlyReport;
    fn key(&self) -> String {
        revision_key(
            self.event.as_str(),
            &self.period.to_string(),
            self.workflow.revision,
        )
    }
    fn partition(&self) -> String {
        self.event.to_string()
    }
    fn version(&self) -> u64 {
        self.version
    }
    fn set_version(&mut self, version: u64) {
        self.version = version;
    }
}

impl Stored for AnnualPlan {
    const COLLECTION: Collection = Collection::AnnualPlan;
    fn key(&self) -> String {
        revision_key(
            self.event.as_str(),
            &self.year.to_string(),
            self.workflow.revision,
        )
    }
    fn partition(&self) -> String {
        self.event.to_string()
    }
    fn version(&self) -> u64 {
        self.version
    }
    fn set_version(&mut self, version: u64) {
        self.version = version;
    }
}

impl Stored for WindowExtension {
    const COLLECTION: Collection = Collection::WindowExtension;
    fn key(&self) -> String {
        format!("{}/{}", self.participant, self.year)
    }
    fn partition(&self) -> String {
        self.participant.to_string()
    }
    fn version(&self) -> u64 {
        self.version
    }
    fn set_version(&mut self, version: u64) {
        self.version = version;
    }
}

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

impl Stored for crate::auth::Credential {
    const COLLECTION: Collection = Collection::Credential;
    fn key(&self) -> String {
        self.login.to_string()
    }
    fn version(&self) -> u64 {
        self.version
    }
    fn set_version(&mut self, version: u64) {
        self.version = version;
    }
}

impl Stored for crate::auth::Session {
    const COLLECTION: Collection = Collection::Session;
    fn key(&self) -> String {
        self.id.clone()
    }
    fn partition(&self) -> String {
        self.login.to_string()
    }
    fn version(&self) -> u64 {
        self.version
    }
    fn set_version(&mut self, version: u64) {
        self.version = version;
    }
}

impl Stored for crate::auth::Throttle {
    const COLLECTION: Collection = Collection::Throttle;
    fn key(&self) -> String {
        self.key.clone()
    }
    fn version(&self) -> u64 {
        self.version
    }
    fn set_version(&mut self, version: u64) {
        self.version = version;
    }
}

impl Stored for crate::requests::AccessRequest {
    const COLLECTION: Collection = Collection::AccessRequest;
    fn key(&self) -> String {
        self.id.clone()
    }
    fn partition(&self) -> String {
        self.participant.to_string()
    }
    fn version(&self) -> u64 {
        self.version
    }
    fn set_version(&mut self, version: u64) {
        self.version = version;
    }
}

impl Stored for crate::access::Delegation {
    const COLLECTION: Collection = Collection::Delegation;
    fn key(&self) -> String {
        self.id.clone()
    }
    fn partition(&self) -> String {
        self.deputy.to_string()
    }
    fn version(&self) -> u64 {
        self.version
    }
    fn set_version(&mut self, version: u64) {
        self.version = version;
    }
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
    let mut stored = serde_json::to_value(value)
        .map_err(|e| Error::storage("encoding", format!("cannot encode: {e}")))?;
    // The body carries the version it will have once written.
    let new_version = match expect {
        Expect::Absent => 1,
        Expect::Version(v) => v + 1,
    };
    if let Some(obj) = stored.as_object_mut() {
        if obj.contains_key("version") {
            obj.insert("version".into(), new_version.into());
        }
    }
    Ok(Put {
        collection: T::COLLECTION,
        key: value.key(),
        partition: value.partition(),
        expect,
        body: stored.to_string(),
    })
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

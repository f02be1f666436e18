//! Shared helpers for the core's behaviour tests.
#![allow(dead_code, reason = "each test file uses a different subset")]

use std::sync::Arc;

use chrono::{NaiveDate, TimeZone, Utc};
use rust_decimal::Decimal;
use stratmon_core::calendar::YearCorrections;
use stratmon_core::conformance::Fixture;
use stratmon_core::model::*;
use stratmon_core::store::{MemoryStore, StoreExt};
use stratmon_core::{Actor, ErrorKind, Result};

/// A fresh fixture region on a memory store.
pub async fn fixture() -> Fixture {
    Fixture::build(Arc::new(MemoryStore::new())).await.unwrap()
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Sets the fixture clock to noon local time (UTC+7) on the given day.
pub fn set_local_noon(f: &Fixture, y: i32, m: u32, d: u32) {
    f.clock.set(Utc.with_ymd_and_hms(y, m, d, 5, 0, 0).unwrap());
}

pub fn kind<T: std::fmt::Debug>(r: Result<T>) -> Option<ErrorKind> {
    r.err().map(|e| e.kind())
}

pub async fn participant(f: &Fixture, id: &str) -> Participant {
    f.service
        .store()
        .load::<Participant>(id)
        .await
        .unwrap()
        .unwrap()
}

pub async fn event(f: &Fixture) -> Event {
    f.service
        .store()
        .load::<Event>(f.event.as_str())
        .await
        .unwrap()
        .unwrap()
}

pub fn plan_content(year: i32) -> AnnualPlanContent {
    AnnualPlanContent {
        works: vec![Work {
            title: "Разработка проектной документации".into(),
            control_date: date(year, 6, 30),
            planned: [(FundingSource::Regional, Decimal::new(1_500_000, 0))].into(),
        }],
        explanations: Default::default(),
    }
}

/// Opens a Coordinator extension so the annual plan for `year` can be submitted now.
pub async fn extend_annual_window(f: &Fixture, year: i32) {
    extend_annual_window_through(&f.service, f, year).await;
}

/// The same through `service` (another service over the fixture's store).
pub async fn extend_annual_window_through(
    service: &stratmon_core::Service,
    f: &Fixture,
    year: i32,
) {
    service
        .open_window_extension(
            &f.coordinator,
            &"minstroy".parse().unwrap(),
            year,
            date(2026, 12, 31),
            "Продление по письму",
        )
        .await
        .unwrap();
}

/// The planner saves and submits the annual plan for `year`; returns its version.
pub async fn submitted_plan(f: &Fixture, year: i32) -> u64 {
    extend_annual_window(f, year).await;
    let saved = f
        .service
        .save_annual_plan(&f.planner, &f.event, year, 0, plan_content(year))
        .await
        .unwrap();
    f.service
        .submit_annual_plan(&f.planner, &f.event, year, saved.saved.version)
        .await
        .unwrap()
        .version
}

pub async fn accepted_plan(f: &Fixture, year: i32) -> u64 {
    let v = submitted_plan(f, year).await;
    f.service
        .accept_annual_plan(&f.analyst, &f.event, year, v)
        .await
        .unwrap()
        .version
}

pub async fn approved_plan(f: &Fixture, year: i32) -> u64 {
    let v = accepted_plan(f, year).await;
    f.service
        .approve_annual_plan(&f.head, &f.event, year, v)
        .await
        .unwrap()
        .version
}

pub async fn accepted_report(f: &Fixture) -> u64 {
    let v = f.submitted_report().await.unwrap();
    f.service
        .accept_report(&f.analyst, &f.event, f.period, v)
        .await
        .unwrap()
        .version
}

pub fn no_corrections(year: i32) -> YearCorrections {
    YearCorrections {
        year,
        transfers: vec![],
        extra_days_off: vec![],
        extra_working_days: vec![],
    }
}

pub fn actor(login: &str) -> Actor {
    Actor::user(login.parse().unwrap())
}

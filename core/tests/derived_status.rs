//! Derived status: control points, indicator achievement, whole events.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod common;

use common::*;
use proptest::prelude::*;
use rust_decimal::Decimal;
use stratmon_core::calendar::ReportingPeriod;
use stratmon_core::model::{Direction, Thresholds};
use stratmon_core::status::{
    ControlPointStatus as C, EventStatus, TrafficLight, achievement, control_point_status,
};

#[test]
fn control_points_are_done_on_time_late_overdue_or_pending() {
    let planned = date(2026, 2, 15);
    assert_eq!(
        control_point_status(planned, Some(date(2026, 2, 15)), date(2026, 3, 1)),
        C::DoneOnTime
    );
    assert_eq!(
        control_point_status(planned, Some(date(2026, 2, 16)), date(2026, 3, 1)),
        C::DoneLate
    );
    assert_eq!(
        control_point_status(planned, None, date(2026, 2, 15)),
        C::Pending
    );
    assert_eq!(
        control_point_status(planned, None, date(2026, 2, 16)),
        C::Overdue
    );
}

#[test]
fn achievement_divides_fact_by_plan_or_plan_by_fact_where_less_is_better() {
    let t = Thresholds::default(); // green ≥ 0.95, yellow ≥ 0.80
    let a = achievement(
        Direction::Increase,
        Decimal::new(100, 0),
        Decimal::new(90, 0),
        t,
    );
    assert_eq!(
        (a.ratio, a.light),
        (Some(Decimal::new(9, 1)), TrafficLight::Yellow)
    );
    let a = achievement(
        Direction::Decrease,
        Decimal::new(10, 0),
        Decimal::new(12, 0),
        t,
    );
    assert_eq!(
        (a.ratio, a.light),
        (Some(Decimal::new(8333, 4)), TrafficLight::Yellow)
    );
    let a = achievement(
        Direction::Increase,
        Decimal::new(100, 0),
        Decimal::new(95, 0),
        t,
    );
    assert_eq!(a.light, TrafficLight::Green);
    let a = achievement(
        Direction::Increase,
        Decimal::new(100, 0),
        Decimal::new(79, 0),
        t,
    );
    assert_eq!(a.light, TrafficLight::Red);
}

#[test]
fn a_zero_divisor_counts_as_achieved_only_when_the_fact_is_no_worse() {
    let t = Thresholds::default();
    let a = achievement(Direction::Increase, Decimal::ZERO, Decimal::ONE, t);
    assert_eq!((a.ratio, a.light), (None, TrafficLight::Green));
    assert_eq!(
        achievement(Direction::Decrease, Decimal::ZERO, Decimal::ZERO, t).light,
        TrafficLight::Green
    );
    let a = achievement(Direction::Decrease, Decimal::ONE, Decimal::ZERO, t);
    assert_eq!((a.ratio, a.light), (None, TrafficLight::Green));
    let a = achievement(Direction::Increase, Decimal::ZERO, Decimal::new(-1, 0), t);
    assert_eq!((a.ratio, a.light), (None, TrafficLight::Red));
}

#[test]
fn thresholds_are_the_participants_own() {
    let strict = Thresholds {
        green: Decimal::ONE,
        yellow: Decimal::new(99, 2),
    };
    let a = achievement(
        Direction::Increase,
        Decimal::new(100, 0),
        Decimal::new(98, 0),
        strict,
    );
    assert_eq!(a.light, TrafficLight::Red);
}

proptest! {
    /// The light never improves when the fact gets worse.
    #[test]
    fn the_light_is_monotonic_in_the_fact(plan in 1i64..10_000, f1 in 0i64..20_000, f2 in 0i64..20_000) {
        let t = Thresholds::default();
        let (lo, hi) = (f1.min(f2), f1.max(f2));
        let up_lo = achievement(Direction::Increase, Decimal::from(plan), Decimal::from(lo), t).light;
        let up_hi = achievement(Direction::Increase, Decimal::from(plan), Decimal::from(hi), t).light;
        prop_assert!(up_hi <= up_lo, "more is better: {:?} vs {:?}", up_hi, up_lo);
        let down_lo = achievement(Direction::Decrease, Decimal::from(plan), Decimal::from(lo.max(1)), t).light;
        let down_hi = achievement(Direction::Decrease, Decimal::from(plan), Decimal::from(hi.max(1)), t).light;
        prop_assert!(down_lo <= down_hi, "less is better: {:?} vs {:?}", down_lo, down_hi);
    }
}

#[tokio::test]
async fn an_event_with_missing_reports_and_an_unreached_control_point_is_overdue() {
    let f = fixture().await;
    let status = f.service.event_status(&f.planner, &f.event).await.unwrap();
    assert_eq!(status.status, EventStatus::Overdue);
    let dec = ReportingPeriod::new(2025, 12).unwrap();
    let jan = ReportingPeriod::new(2026, 1).unwrap();
    assert_eq!(status.missing_reports, [dec, jan]);
    assert_eq!(status.control_points[0].status, C::Overdue);
}

async fn submit(
    f: &stratmon_core::conformance::Fixture,
    period: ReportingPeriod,
    actual: Option<chrono::NaiveDate>,
) {
    let mut content = f.valid_content();
    content.control_points.clear();
    if let Some(actual) = actual {
        content
            .control_points
            .insert(f.control_point.clone(), actual);
    }
    let v = f
        .service
        .save_report(&f.planner, &f.event, period, 0, content)
        .await
        .unwrap()
        .saved
        .version;
    f.service
        .submit_report(&f.planner, &f.event, period, v)
        .await
        .unwrap();
}

#[tokio::test]
async fn reports_in_on_time_and_the_control_point_reached_make_the_event_in_progress() {
    let f = fixture().await;
    f.service
        .update_participant_settings(
            &f.coordinator,
            &"minstroy".parse().unwrap(),
            participant(&f, "minstroy").await.version,
            {
                let mut s = participant(&f, "minstroy").await.settings;
                s.allow_early_submission = true;
                s
            },
        )
        .await
        .unwrap();
    set_local_noon(&f, 2026, 1, 26);
    submit(&f, ReportingPeriod::new(2025, 12).unwrap(), None).await;
    set_local_noon(&f, 2026, 2, 26);
    submit(&f, ReportingPeriod::new(2026, 1).unwrap(), None).await;
    set_local_noon(&f, 2026, 3, 26);
    submit(&f, f.period, Some(date(2026, 2, 10))).await;
    let status = f
        .service
        .event_status(&f.coordinator, &f.event)
        .await
        .unwrap();
    assert_eq!(status.control_points[0].status, C::DoneOnTime);
    assert_eq!(status.control_points[0].actual, Some(date(2026, 2, 10)));
    assert!(status.missing_reports.is_empty());
    assert_eq!(status.status, EventStatus::InProgress);
}

#[tokio::test]
async fn a_late_control_point_makes_the_event_done_late() {
    let f = fixture().await;
    set_local_noon(&f, 2026, 1, 26);
    submit(&f, ReportingPeriod::new(2025, 12).unwrap(), None).await;
    set_local_noon(&f, 2026, 2, 26);
    submit(&f, ReportingPeriod::new(2026, 1).unwrap(), None).await;
    set_local_noon(&f, 2026, 3, 26);
    submit(&f, f.period, Some(date(2026, 2, 20))).await;
    let status = f
        .service
        .event_status(&f.coordinator, &f.event)
        .await
        .unwrap();
    assert_eq!(status.control_points[0].status, C::DoneLate);
    assert_eq!(status.status, EventStatus::DoneLate);
}

#[tokio::test]
async fn a_draft_does_not_mark_a_control_point_done() {
    let f = fixture().await;
    f.service
        .save_report(&f.planner, &f.event, f.period, 0, f.valid_content())
        .await
        .unwrap();
    let status = f
        .service
        .event_status(&f.coordinator, &f.event)
        .await
        .unwrap();
    assert_eq!(status.control_points[0].actual, None);
    assert_eq!(status.control_points[0].status, C::Overdue);
}

#[tokio::test]
async fn events_can_be_listed_by_derived_status() {
    let f = fixture().await;
    let filter = stratmon_core::service::EventFilter {
        status: Some(EventStatus::Overdue),
        ..Default::default()
    };
    assert_eq!(
        f.service
            .list_events(&f.coordinator, &filter)
            .await
            .unwrap()
            .len(),
        1
    );
    let filter = stratmon_core::service::EventFilter {
        status: Some(EventStatus::Done),
        ..Default::default()
    };
    assert!(
        f.service
            .list_events(&f.coordinator, &filter)
            .await
            .unwrap()
            .is_empty()
    );
}

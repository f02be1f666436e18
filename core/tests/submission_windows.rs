//! The reporting calendar as the service enforces it: monthly windows in the
//! region's time zone, late marks, early submission, per-participant bounds,
//! and the annual window with Coordinator extensions.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod common;

use chrono::{TimeZone, Utc};
use common::*;
use stratmon_core::ErrorKind;
use stratmon_core::calendar::WindowBounds;
use stratmon_core::conformance::{Fixture, snapshot};
use stratmon_core::model::ParticipantSettings;

async fn draft(f: &Fixture) -> u64 {
    f.service
        .save_report(&f.planner, &f.event, f.period, 0, f.valid_content())
        .await
        .unwrap()
        .saved
        .version
}

async fn set_settings(f: &Fixture, change: impl FnOnce(&mut ParticipantSettings)) {
    let p = participant(f, "minstroy").await;
    let mut settings = p.settings;
    change(&mut settings);
    f.service
        .update_participant_settings(&f.coordinator, &p.id, p.version, settings)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_monthly_report_is_refused_before_its_window_opens_and_nothing_changes() {
    let f = fixture().await;
    set_local_noon(&f, 2026, 3, 20);
    let v = draft(&f).await;
    let before = snapshot(&**f.service.store()).await.unwrap();
    let err = f
        .service
        .submit_report(&f.planner, &f.event, f.period, v)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::WindowClosed);
    assert!(
        err.to_string().contains("2026-03-25") && err.to_string().contains("2026-03-30"),
        "{err}"
    );
    assert_eq!(snapshot(&**f.service.store()).await.unwrap(), before);
}

#[tokio::test]
async fn the_window_opens_at_midnight_in_novokuznetsk_not_in_utc() {
    let f = fixture().await;
    let v = draft(&f).await;
    // 24 March 23:59 local = 16:59 UTC: still closed.
    f.clock
        .set(Utc.with_ymd_and_hms(2026, 3, 24, 16, 59, 0).unwrap());
    let early = f
        .service
        .submit_report(&f.planner, &f.event, f.period, v)
        .await;
    assert_eq!(kind(early), Some(ErrorKind::WindowClosed));
    // 25 March 00:00 local = 17:00 UTC on the 24th: open.
    f.clock
        .set(Utc.with_ymd_and_hms(2026, 3, 24, 17, 0, 0).unwrap());
    let on_time = f
        .service
        .submit_report(&f.planner, &f.event, f.period, v)
        .await
        .unwrap();
    assert!(!on_time.workflow.late);
}

#[tokio::test]
async fn early_submission_is_allowed_when_the_participant_allows_it() {
    let f = fixture().await;
    set_settings(&f, |s| s.allow_early_submission = true).await;
    set_local_noon(&f, 2026, 3, 2);
    let v = draft(&f).await;
    let submitted = f
        .service
        .submit_report(&f.planner, &f.event, f.period, v)
        .await
        .unwrap();
    assert!(!submitted.workflow.late);
}

#[tokio::test]
async fn a_report_for_a_month_not_yet_begun_cannot_even_be_saved() {
    let f = fixture().await;
    let april = stratmon_core::calendar::ReportingPeriod::new(2026, 4).unwrap();
    let err = f
        .service
        .save_report(&f.planner, &f.event, april, 0, f.valid_content())
        .await
        .unwrap_err();
    assert_eq!(err.problems()[0].field, "period");
}

#[tokio::test]
async fn a_submission_after_the_window_is_accepted_and_marked_late() {
    let f = fixture().await;
    let v = draft(&f).await;
    set_local_noon(&f, 2026, 3, 31);
    let late = f
        .service
        .submit_report(&f.planner, &f.event, f.period, v)
        .await
        .unwrap();
    assert!(late.workflow.late);
    let entry = f
        .service
        .audit(&f.coordinator, &Default::default())
        .await
        .unwrap()
        .remove(0);
    assert!(
        entry.draft.summary.contains("late"),
        "{}",
        entry.draft.summary
    );
    let status = f
        .service
        .event_status(&f.coordinator, &f.event)
        .await
        .unwrap();
    assert_eq!(status.late_reports, [f.period]);
}

#[tokio::test]
async fn february_closes_on_its_last_day_and_december_reports_in_january() {
    let f = fixture().await;
    // January 2026 is reported 25–28 February 2026 (February has 28 days).
    let january = stratmon_core::calendar::ReportingPeriod::new(2026, 1).unwrap();
    let v = f
        .service
        .save_report(&f.planner, &f.event, january, 0, f.valid_content())
        .await
        .unwrap()
        .saved
        .version;
    set_local_noon(&f, 2026, 3, 1);
    let late = f
        .service
        .submit_report(&f.planner, &f.event, january, v)
        .await
        .unwrap();
    assert!(late.workflow.late, "1 March is after the January window");

    let december = stratmon_core::calendar::ReportingPeriod::new(2025, 12).unwrap();
    set_local_noon(&f, 2026, 1, 27);
    let mut content = f.valid_content();
    content.control_points.clear();
    let v = f
        .service
        .save_report(&f.planner, &f.event, december, 0, content)
        .await
        .unwrap()
        .saved
        .version;
    let on_time = f
        .service
        .submit_report(&f.planner, &f.event, december, v)
        .await
        .unwrap();
    assert!(!on_time.workflow.late);
}

#[tokio::test]
async fn per_participant_bounds_move_the_window() {
    let f = fixture().await;
    set_settings(&f, |s| {
        s.window = WindowBounds {
            open_day: 20,
            close_day: 22,
        }
    })
    .await;
    set_local_noon(&f, 2026, 3, 21);
    let v = draft(&f).await;
    let on_time = f
        .service
        .submit_report(&f.planner, &f.event, f.period, v)
        .await
        .unwrap();
    assert!(!on_time.workflow.late);
}

#[tokio::test]
async fn a_resubmission_after_a_return_keeps_the_first_submissions_timeliness() {
    let f = fixture().await;
    let v = f.submitted_report().await.unwrap();
    let returned = f
        .service
        .return_report(&f.analyst, &f.event, f.period, v, "Исправьте")
        .await
        .unwrap();
    set_local_noon(&f, 2026, 4, 3);
    let again = f
        .service
        .submit_report(&f.planner, &f.event, f.period, returned.version)
        .await
        .unwrap();
    assert!(!again.workflow.late);
}

#[tokio::test]
async fn the_annual_plan_is_submitted_from_10_to_25_december_of_the_year_before() {
    let f = fixture().await;
    let year = 2026;
    let v = f
        .service
        .save_annual_plan(&f.planner, &f.event, year, 0, plan_content(year))
        .await
        .unwrap()
        .saved
        .version;
    set_local_noon(&f, 2025, 12, 9);
    let early = f
        .service
        .submit_annual_plan(&f.planner, &f.event, year, v)
        .await;
    assert_eq!(kind(early), Some(ErrorKind::WindowClosed));
    set_local_noon(&f, 2025, 12, 26);
    let late = f
        .service
        .submit_annual_plan(&f.planner, &f.event, year, v)
        .await;
    assert_eq!(kind(late), Some(ErrorKind::WindowClosed));
    set_local_noon(&f, 2025, 12, 25);
    assert!(
        f.service
            .submit_annual_plan(&f.planner, &f.event, year, v)
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn a_coordinator_extension_reopens_the_annual_window_until_its_date() {
    let f = fixture().await;
    let year = 2026;
    let v = f
        .service
        .save_annual_plan(&f.planner, &f.event, year, 0, plan_content(year))
        .await
        .unwrap()
        .saved
        .version;
    let refused = f
        .service
        .submit_annual_plan(&f.planner, &f.event, year, v)
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("extension"), "{refused}");
    f.service
        .open_window_extension(
            &f.coordinator,
            &"minstroy".parse().unwrap(),
            year,
            date(2026, 4, 10),
            "Реорганизация",
        )
        .await
        .unwrap();
    set_local_noon(&f, 2026, 4, 11);
    assert_eq!(
        kind(
            f.service
                .submit_annual_plan(&f.planner, &f.event, year, v)
                .await
        ),
        Some(ErrorKind::WindowClosed)
    );
    set_local_noon(&f, 2026, 4, 10);
    assert!(
        f.service
            .submit_annual_plan(&f.planner, &f.event, year, v)
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn plan_years_before_the_rule_need_an_extension() {
    let f = fixture().await;
    let v = f
        .service
        .save_annual_plan(&f.planner, &f.event, 2023, 0, plan_content(2023))
        .await
        .unwrap()
        .saved
        .version;
    assert_eq!(
        kind(
            f.service
                .submit_annual_plan(&f.planner, &f.event, 2023, v)
                .await
        ),
        Some(ErrorKind::WindowClosed)
    );
    f.service
        .open_window_extension(
            &f.coordinator,
            &"minstroy".parse().unwrap(),
            2023,
            date(2026, 3, 31),
            "Ввод исторических данных",
        )
        .await
        .unwrap();
    assert!(
        f.service
            .submit_annual_plan(&f.planner, &f.event, 2023, v)
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn an_extension_ending_in_the_past_is_refused() {
    let f = fixture().await;
    let err = f
        .service
        .open_window_extension(
            &f.coordinator,
            &"minstroy".parse().unwrap(),
            2026,
            date(2026, 3, 1),
            "Поздно",
        )
        .await
        .unwrap_err();
    assert_eq!(err.problems()[0].field, "until");
}

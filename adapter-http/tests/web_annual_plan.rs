#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! The annual plan of works through the web pages: the Planner fills it in
//! December's window, bad cells come back beside their fields, a refused
//! submission leaves nothing behind, the Analyst accepts and the Head
//! approves.

mod common;

use chrono::{TimeZone, Utc};
use common::PASSWORD;
use common::web::{Browser, WebApp};
use stratmon_core::report::ReportState;

const PLAN: &str = "/events/1.1.1/annual-plans/2027";

/// A valid plan of one work, with «Сохранить и отправить».
const SUBMIT_ONE_WORK: &[(&str, &str)] = &[
    ("version", "0"),
    ("rows", "1"),
    ("work.0.title", "Разработка проектной документации"),
    ("work.0.date", "2027-06-30"),
    ("work.0.regional", "1 500 000"),
    ("intent", "submit"),
];

#[tokio::test]
async fn a_planner_fills_the_years_works_and_the_chain_approves_them() {
    let app = WebApp::new().await;
    let f = &app.fixture;
    f.clock
        .set(Utc.with_ymd_and_hms(2026, 12, 15, 5, 0, 0).unwrap());
    let mut planner = app.browser("stroy.planner").await;

    let form = planner.get(PLAN).await;
    form.expect(200)
        .shows("План работ на 2027 год")
        .shows("Окно подачи: с 10.12.2026 по 25.12.2026");
    let refused = planner
        .submit(
            &form,
            PLAN,
            &[
                ("version", "0"),
                ("rows", "2"),
                ("work.0.title", "Разработка проектной документации"),
                ("work.0.date", "31.13.2027"),
                ("work.0.regional", "сто"),
                ("work.1.title", ""),
                ("intent", "save"),
            ],
        )
        .await;
    refused
        .expect(422)
        .shows("План не сохранён")
        .shows("«31.13.2027» не дата")
        .shows("«сто» не число");
    assert!(
        refused
            .html
            .contains("value=\"Разработка проектной документации\"")
    );
    assert!(
        f.service
            .get_annual_plan(&f.planner, &f.event, 2027)
            .await
            .is_err(),
        "nothing saved"
    );

    // A day after the window: «Сохранить и отправить» is refused as a
    // whole — not even the draft stays.
    f.clock
        .set(Utc.with_ymd_and_hms(2026, 12, 26, 5, 0, 0).unwrap());
    // (A new session: the first one has been idle too long by now.)
    let mut late_planner = Browser::new(app.router.clone());
    late_planner
        .log_in("stroy.planner", PASSWORD)
        .await
        .expect(303);
    let late_form = late_planner.get(PLAN).await;
    late_planner
        .submit(&late_form, PLAN, SUBMIT_ONE_WORK)
        .await
        .expect(422)
        .shows("Окно подачи закрыто");
    assert!(
        f.service
            .get_annual_plan(&f.planner, &f.event, 2027)
            .await
            .is_err(),
        "nothing saved when the submission is refused"
    );
    f.clock
        .set(Utc.with_ymd_and_hms(2026, 12, 15, 5, 0, 0).unwrap());

    let done = planner.submit(&form, PLAN, SUBMIT_ONE_WORK).await;
    done.expect(303);
    assert_eq!(done.location(), Some(&*format!("{PLAN}?done=submit")));

    let mut analyst = app.browser("stroy.analyst").await;
    let inbox = analyst.get("/").await;
    inbox.expect(200).shows("Проверить план работ на год");
    assert!(inbox.html.contains(&format!("href=\"{PLAN}\"")));
    let review = analyst.get(PLAN).await;
    review
        .expect(200)
        .shows("Разработка проектной документации")
        .shows("1 500 000");
    analyst
        .submit(
            &review,
            &format!("{PLAN}/accept"),
            &[("version", &review.version())],
        )
        .await
        .expect(303);
    let mut head = app.browser("stroy.head").await;
    let approval = head.get(PLAN).await;
    head.submit(
        &approval,
        &format!("{PLAN}/approve"),
        &[("version", &approval.version())],
    )
    .await
    .expect(303);
    let plan = f
        .service
        .get_annual_plan(&f.planner, &f.event, 2027)
        .await
        .unwrap();
    assert_eq!(plan.workflow.state, ReportState::Approved);
    assert_eq!(plan.content.works.len(), 1);
}

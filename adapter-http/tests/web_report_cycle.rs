#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! A month's report through the web pages: the Planner's form, the
//! Analyst's return with a comment and remarks, the resubmission, accept,
//! approve; problems beside their fields; bulk accept from the queue.

mod common;

use common::web::WebApp;
use stratmon_core::ErrorKind;
use stratmon_core::report::ReportState;

const REPORT: &str = "/events/1.1.1/reports/2026/2";

#[tokio::test]
async fn a_month_goes_from_the_planners_form_through_a_return_to_approval() {
    let app = WebApp::new().await;
    let f = &app.fixture;
    let mut planner = app.browser("stroy.planner").await;
    let mut analyst = app.browser("stroy.analyst").await;
    let mut head = app.browser("stroy.head").await;

    let inbox = planner.get("/").await;
    inbox.expect(200).shows("Заполнить и направить отчёт");
    assert!(inbox.html.contains(&format!("href=\"{REPORT}\"")));

    let form = planner.get(REPORT).await;
    form.expect(200)
        .shows("Окно подачи")
        .shows("Направить на проверку");
    let submitted = planner
        .submit(
            &form,
            REPORT,
            &[
                ("version", "0"),
                ("fact.IND-1", "310,5"),
                ("cp.KT1", "2026-02-10"),
                ("spent.regional", "1 000"),
                ("why.expenditures.regional", "Аванс подрядчику по контракту"),
                ("progress", "Проектная документация утверждена"),
                ("intent", "submit"),
            ],
        )
        .await;
    submitted.expect(303);
    assert_eq!(
        submitted.location(),
        Some(&*format!("{REPORT}?done=submit"))
    );
    planner
        .get(&format!("{REPORT}?done=submit"))
        .await
        .shows("Направлено на проверку.");

    analyst.get("/queue").await.expect(200).shows("1.1.1");
    let review = analyst.get(REPORT).await;
    review
        .expect(200)
        .shows("на проверке у аналитика")
        .shows("310,5")
        .shows("Принять");
    analyst
        .submit(
            &review,
            &format!("{REPORT}/return"),
            &[
                ("version", &review.version()),
                ("comment", "Уточните расходы"),
                ("remark.indicator_facts.IND-1", "сверить с Росстатом"),
            ],
        )
        .await
        .expect(303);
    let report = f
        .service
        .get_report(&f.planner, &f.event, f.period)
        .await
        .unwrap();
    assert_eq!(report.workflow.state, ReportState::Returned);
    let comment = report
        .workflow
        .history
        .last()
        .unwrap()
        .comment
        .clone()
        .unwrap();
    assert!(
        comment.starts_with("Уточните расходы") && comment.contains("сверить с Росстатом"),
        "{comment}"
    );

    let returned = planner.get(REPORT).await;
    returned
        .expect(200)
        .shows("Возвращён на доработку")
        .shows("Уточните расходы");
    planner
        .submit(
            &returned,
            REPORT,
            &[
                ("version", &returned.version()),
                ("fact.IND-1", "311"),
                ("cp.KT1", "2026-02-10"),
                (
                    "progress",
                    "Проектная документация утверждена, расходы уточнены",
                ),
                ("intent", "submit"),
            ],
        )
        .await
        .expect(303);

    let review = analyst.get(REPORT).await;
    review
        .expect(200)
        .shows("отличие от возвращённого на доработку варианта")
        .shows("изменено")
        .shows("возвращён на доработку — «Уточните расходы");
    assert!(
        review.html.contains("title=\"было: 310,5\""),
        "{}",
        review.text()
    );
    analyst
        .submit(
            &review,
            &format!("{REPORT}/accept"),
            &[("version", &review.version())],
        )
        .await
        .expect(303);
    let approval = head.get(REPORT).await;
    approval.expect(200).shows("Утвердить");
    head.submit(
        &approval,
        &format!("{REPORT}/approve"),
        &[("version", &approval.version())],
    )
    .await
    .expect(303);
    head.get(&format!("{REPORT}?done=approve"))
        .await
        .shows("Утверждено.")
        .shows("утверждён");
    let report = f
        .service
        .get_report(&f.planner, &f.event, f.period)
        .await
        .unwrap();
    assert_eq!(report.workflow.state, ReportState::Approved);
    planner
        .get("/events/1.1.1/reports/2026/3")
        .await
        .expect(200)
        .shows("Уже отмечена в отчётности: 10.02.2026");
    assert_eq!(
        report
            .content
            .indicator_facts
            .values()
            .next()
            .unwrap()
            .to_string(),
        "311"
    );
}

#[tokio::test]
async fn problems_show_beside_their_fields_and_keep_what_was_typed() {
    let app = WebApp::new().await;
    let f = &app.fixture;
    let mut planner = app.browser("stroy.planner").await;
    let form = planner.get(REPORT).await;
    let refused = planner
        .submit(
            &form,
            REPORT,
            &[
                ("version", "0"),
                ("fact.IND-1", "три"),
                ("cp.KT1", "31.02.2026"),
                ("progress", "x"),
                ("intent", "save"),
            ],
        )
        .await;
    refused
        .expect(422)
        .shows("Отчёт не сохранён")
        .shows("«три» не число")
        .shows("«31.02.2026» не дата");
    assert!(
        refused
            .html
            .contains("id=\"indicator-facts-IND-1-problem\"")
    );
    assert!(
        refused.html.contains("value=\"три\""),
        "what was typed stays in the field"
    );

    let refused = planner
        .submit(
            &form,
            REPORT,
            &[
                ("version", "0"),
                ("fact.IND-1", "310"),
                ("progress", ""),
                ("intent", "submit"),
            ],
        )
        .await;
    refused.expect(422).shows("не заполнено");
    assert!(refused.html.contains("id=\"progress-problem\""));
    let absent = f
        .service
        .get_report(&f.planner, &f.event, f.period)
        .await
        .unwrap_err();
    assert_eq!(absent.kind(), ErrorKind::NotFound, "nothing was half-saved");
}

#[tokio::test]
async fn a_form_without_the_csrf_token_changes_nothing() {
    let app = WebApp::new().await;
    let f = &app.fixture;
    let mut planner = app.browser("stroy.planner").await;
    planner
        .post_raw(
            REPORT,
            &[
                ("version", "0"),
                ("fact.IND-1", "310"),
                ("progress", "x"),
                ("intent", "save"),
            ],
        )
        .await
        .expect(403)
        .shows("Форма устарела");
    planner
        .post_raw(
            REPORT,
            &[
                ("csrf", "0123"),
                ("version", "0"),
                ("progress", "x"),
                ("intent", "save"),
            ],
        )
        .await
        .expect(403);
    let absent = f
        .service
        .get_report(&f.planner, &f.event, f.period)
        .await
        .unwrap_err();
    assert_eq!(absent.kind(), ErrorKind::NotFound);

    let version = f.submitted_report().await.unwrap();
    let mut analyst = app.browser("stroy.analyst").await;
    analyst
        .post_raw(
            &format!("{REPORT}/accept"),
            &[("version", &version.to_string())],
        )
        .await
        .expect(403);
    analyst
        .post_raw(
            "/queue",
            &[
                ("action", "accept"),
                ("item", &format!("1.1.1|2026|2|{version}")),
            ],
        )
        .await
        .expect(403);
    let report = f
        .service
        .get_report(&f.planner, &f.event, f.period)
        .await
        .unwrap();
    assert_eq!(report.workflow.state, ReportState::Submitted);
}

#[tokio::test]
async fn bulk_accept_gives_a_result_per_report_and_one_refusal_undoes_nothing() {
    let app = WebApp::new().await;
    let f = &app.fixture;
    let version = f.submitted_report().await.unwrap();
    let mut analyst = app.browser("stroy.analyst").await;
    let queue = analyst.get("/queue").await;
    queue.expect(200).shows("Проверить отчёт");
    let good = format!("1.1.1|2026|2|{version}");
    let answer = analyst
        .submit(
            &queue,
            "/queue",
            &[
                ("action", "accept"),
                ("item", "1.1.1|2026|1|1"),
                ("item", &good),
            ],
        )
        .await;
    answer
        .expect(200)
        .shows("Результат")
        .shows("1.1.1, январь 2026: отчёт не найден")
        .shows("1.1.1, февраль 2026: выполнено");
    let report = f
        .service
        .get_report(&f.planner, &f.event, f.period)
        .await
        .unwrap();
    assert_eq!(report.workflow.state, ReportState::Accepted);
}

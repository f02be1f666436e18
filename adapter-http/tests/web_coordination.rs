#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! The Coordinator's pages in a browser: the consolidated report with its
//! charts and downloads, the plan with its checked upload and version
//! comparison, window extensions and the production calendar — each shown
//! to the roles that may see it and refused to the others, every form
//! refused without its CSRF token.

mod web_support;

use chrono::NaiveDate;
use web_support::{Browser, actor, region};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// An events table with one good event and one whose end is not a date.
const BAD_EVENTS: &str = "Код;Наименование;Направление;Ответственный исполнитель;Соисполнители;Начало;Окончание;Ожидаемый результат;КТ: код;КТ: наименование;КТ: плановая дата\n\
1.1.1;Строительство жилья;G1.1;minstroy;;01.01.2023;31.12.2030;Ввод жилья;KT1;Проект;15.02.2026\n\
9.9.9;Ремонт больницы;G1.1;minzdrav;;01.01.2026;31.13.2028;;KT1;Контракт;01.06.2026\n";

#[tokio::test]
async fn the_coordinator_reads_last_months_consolidated_report() {
    let browser = Browser::login(region().await, "demo.coordinator").await;
    let page = browser.get("/summary").await;
    page.assert_status(200).assert_shows(&[
        "Сводный отчёт за октябрь 2026",
        "Мероприятия по статусам",
        "Отчёты за месяц",
        "По участникам",
        "Целевые показатели",
        "Расходы по источникам",
        "class=\"badge green\"",
        "src=\"/summary/charts/achievement-by-direction.svg?year=2026&amp;month=10\"",
        "src=\"/summary/charts/reporting-discipline.svg?year=2026&amp;month=10\"",
        "<label for=\"participant\">",
    ]);
}

#[tokio::test]
async fn the_summary_filters_by_month_and_participant() {
    let browser = Browser::login(region().await, "demo.coordinator").await;
    browser
        .get("/summary?year=2026&month=3&participant=minstroy&direction=")
        .await
        .assert_status(200)
        .assert_shows(&[
            "Сводный отчёт за март 2026",
            "<option value=\"minstroy\" selected>",
        ]);
}

#[tokio::test]
async fn a_planner_reads_the_summary_of_their_own_events() {
    let browser = Browser::login(region().await, "demo.planner").await;
    browser
        .get("/summary")
        .await
        .assert_status(200)
        .assert_shows(&["Сводный отчёт за октябрь 2026"]);
}

#[tokio::test]
async fn the_admin_may_not_read_the_summary() {
    let browser = Browser::login(region().await, "demo.admin").await;
    browser.get("/summary").await.assert_status(403);
    browser
        .get("/summary/file?year=2026&month=10&format=xlsx")
        .await
        .assert_status(403);
}

#[tokio::test]
async fn the_download_links_give_a_workbook_and_a_csv_table() {
    let browser = Browser::login(region().await, "demo.coordinator").await;
    let page = browser.get("/summary?year=2026&month=10").await;
    let xlsx = browser.get(&page.link("Скачать XLSX")).await;
    xlsx.assert_status(200);
    assert_eq!(xlsx.content_type(), XLSX);
    assert!(xlsx.bytes.starts_with(b"PK"), "not a zip");
    let csv = browser.get(&page.link("Скачать CSV")).await;
    csv.assert_status(200);
    assert!(csv.content_type().starts_with("text/csv"));
    assert!(csv.body.contains(';'), "{}", csv.body);
    browser
        .get("/summary/file?year=2026&month=10&format=csv&section=spending")
        .await
        .assert_status(200);
    browser
        .get("/summary/file?year=2026&month=10&format=pdf")
        .await
        .assert_status(400);
}

#[tokio::test]
async fn the_charts_are_svg_and_an_unknown_chart_is_not_found() {
    let browser = Browser::login(region().await, "demo.coordinator").await;
    for name in ["achievement-by-direction", "reporting-discipline"] {
        let chart = browser
            .get(&format!("/summary/charts/{name}.svg?year=2026&month=10"))
            .await;
        chart.assert_status(200);
        assert_eq!(chart.content_type(), "image/svg+xml");
        assert!(chart.body.contains("<svg"));
    }
    browser
        .get("/summary/charts/pie.svg?year=2026&month=10")
        .await
        .assert_status(404);
}

#[tokio::test]
async fn the_plan_page_offers_the_upload_and_is_closed_to_a_planner() {
    let service = region().await;
    let browser = Browser::login(service, "demo.coordinator").await;
    browser
        .get("/plan")
        .await
        .assert_status(200)
        .assert_shows(&[
            "План мероприятий",
            "Версии плана",
            "Загрузить план по акту",
            "enctype=\"multipart/form-data\"",
            "<label for=\"act_date\">",
            "<label for=\"events\">",
        ]);
    let planner = Browser::login(service, "demo.planner").await;
    planner.get("/plan").await.assert_status(403);
    planner.get("/plan/diff?from=0").await.assert_status(403);
}

#[tokio::test]
async fn a_dry_run_names_the_bad_row_and_its_reason_and_writes_nothing() {
    let service = region().await;
    let before = service
        .plan_versions(&actor("demo.coordinator"))
        .await
        .unwrap();
    let browser = Browser::login(service, "demo.coordinator").await;
    let page = browser
        .post_multipart(
            "/plan/import",
            &[
                ("csrf", &browser.csrf),
                ("act", "275-р"),
                ("act_date", "2026-11-20"),
                ("intent", "check"),
            ],
            &[
                ("workbook", "", b""),
                ("events", "Мероприятия.csv", BAD_EVENTS.as_bytes()),
                ("indicators", "", b""),
            ],
        )
        .await;
    page.assert_status(200).assert_shows(&[
        "Проверка плана по акту № 275-р",
        "Ошибки в файлах",
        "Мероприятия.csv",
        "<td class=\"num\">3</td>",
        "Окончание",
        "31.13.2028",
        "Изменения против действующего плана",
        "Мероприятия исключены",
    ]);
    let after = service
        .plan_versions(&actor("demo.coordinator"))
        .await
        .unwrap();
    assert_eq!(before, after);
}

#[tokio::test]
async fn applying_a_plan_with_problems_is_refused_and_changes_nothing() {
    let service = region().await;
    let browser = Browser::login(service, "demo.coordinator").await;
    let events_before = service
        .plan_in_force(&actor("demo.coordinator"))
        .await
        .unwrap();
    browser
        .post_multipart(
            "/plan/import",
            &[
                ("csrf", &browser.csrf),
                ("act", "276-р"),
                ("act_date", "2026-11-20"),
                ("intent", "apply"),
            ],
            &[("events", "Мероприятия.csv", BAD_EVENTS.as_bytes())],
        )
        .await
        .assert_status(422)
        .assert_shows(&["План не применён"]);
    let events_after = service
        .plan_in_force(&actor("demo.coordinator"))
        .await
        .unwrap();
    assert_eq!(events_before, events_after);
}

#[tokio::test]
async fn a_plan_upload_without_the_csrf_token_is_refused() {
    let browser = Browser::login(region().await, "demo.coordinator").await;
    browser
        .post_multipart(
            "/plan/import",
            &[
                ("act", "277-р"),
                ("act_date", "2026-11-20"),
                ("intent", "apply"),
            ],
            &[("events", "Мероприятия.csv", BAD_EVENTS.as_bytes())],
        )
        .await
        .assert_status(403);
}

#[tokio::test]
async fn the_plan_in_force_is_compared_with_the_empty_plan() {
    let browser = Browser::login(region().await, "demo.coordinator").await;
    browser
        .get("/plan/diff?from=0&to=")
        .await
        .assert_status(200)
        .assert_shows(&[
            "Изменения от пустого плана к действующему плану",
            "Мероприятия добавлены",
        ]);
}

#[tokio::test]
async fn the_coordinator_opens_a_window_extension() {
    let service = region().await;
    let browser = Browser::login(service, "demo.coordinator").await;
    browser
        .get("/extensions")
        .await
        .assert_status(200)
        .assert_shows(&[
            "Продления окна годового плана",
            "<label for=\"until\">",
            "<label for=\"reason\">",
        ]);
    let answer = browser
        .post(
            "/extensions",
            &[
                ("participant", "minzdrav"),
                ("year", "2027"),
                ("until", "2026-12-30"),
                ("reason", "Письмо Минздрава о реорганизации"),
            ],
        )
        .await;
    answer.assert_status(303);
    assert_eq!(answer.location(), "/extensions?done=extension");
    browser
        .get(answer.location())
        .await
        .assert_status(200)
        .assert_shows(&["Продление открыто.", "Письмо Минздрава о реорганизации"]);
    let extensions = service
        .list_window_extensions(&actor("demo.coordinator"))
        .await
        .unwrap();
    let opened = extensions
        .iter()
        .find(|e| e.participant.as_str() == "minzdrav" && e.year == 2027)
        .unwrap();
    assert_eq!(opened.until, NaiveDate::from_ymd_opt(2026, 12, 30).unwrap());
}

#[tokio::test]
async fn an_extension_without_the_csrf_token_is_refused_and_nothing_is_opened() {
    let service = region().await;
    let browser = Browser::login(service, "demo.coordinator").await;
    browser
        .post_raw(
            "/extensions",
            &[
                ("participant", "minstroy"),
                ("year", "2031"),
                ("until", "2026-12-30"),
                ("reason", "без токена"),
            ],
        )
        .await
        .assert_status(403);
    let extensions = service
        .list_window_extensions(&actor("demo.coordinator"))
        .await
        .unwrap();
    assert!(!extensions.iter().any(|e| e.year == 2031));
}

#[tokio::test]
async fn a_planner_may_not_see_or_open_extensions() {
    let browser = Browser::login(region().await, "demo.planner").await;
    browser.get("/extensions").await.assert_status(403);
    browser
        .post(
            "/extensions",
            &[
                ("participant", "minstroy"),
                ("year", "2032"),
                ("until", "2026-12-30"),
                ("reason", "сам себе"),
            ],
        )
        .await
        .assert_status(403);
}

#[tokio::test]
async fn the_coordinator_adds_a_day_off_to_the_calendar() {
    let service = region().await;
    let browser = Browser::login(service, "demo.coordinator").await;
    browser
        .get("/calendar?year=2027")
        .await
        .assert_status(200)
        .assert_shows(&[
            "Производственный календарь на 2027 год",
            "Рабочих дней в году",
            "<label for=\"extra_days_off\">",
        ]);
    let answer = browser
        .post(
            "/calendar",
            &[
                ("year", "2027"),
                ("transfers", ""),
                ("extra_days_off", "05.03.2027"),
                ("extra_working_days", ""),
            ],
        )
        .await;
    answer.assert_status(303);
    assert_eq!(answer.location(), "/calendar?year=2027&done=calendar");
    browser
        .get(answer.location())
        .await
        .assert_status(200)
        .assert_shows(&[
            "Календарь сохранён.",
            "05.03.2027",
            "выходной день (перенос)",
        ]);
    let year = service
        .calendar_year(&actor("demo.coordinator"), 2027)
        .await
        .unwrap();
    assert_eq!(
        year.corrections.extra_days_off,
        [NaiveDate::from_ymd_opt(2027, 3, 5).unwrap()]
    );
}

#[tokio::test]
async fn a_calendar_with_a_bad_date_is_refused_with_the_line() {
    let browser = Browser::login(region().await, "demo.coordinator").await;
    browser
        .post(
            "/calendar",
            &[("year", "2028"), ("extra_days_off", "31.02.2028")],
        )
        .await
        .assert_status(422)
        .assert_shows(&["31.02.2028"]);
}

#[tokio::test]
async fn a_calendar_correction_without_the_csrf_token_is_refused() {
    let service = region().await;
    let browser = Browser::login(service, "demo.coordinator").await;
    browser
        .post_raw(
            "/calendar",
            &[("year", "2029"), ("extra_days_off", "05.03.2029")],
        )
        .await
        .assert_status(403);
    let year = service
        .calendar_year(&actor("demo.coordinator"), 2029)
        .await
        .unwrap();
    assert!(year.corrections.extra_days_off.is_empty());
}

#[tokio::test]
async fn a_planner_reads_the_calendar_but_may_not_correct_it() {
    let browser = Browser::login(region().await, "demo.planner").await;
    let page = browser.get("/calendar?year=2026").await;
    page.assert_status(200)
        .assert_shows(&["Производственный календарь на 2026 год"]);
    assert!(!page.body.contains("action=\"/calendar\" method"));
    assert!(!page.body.contains("Сохранить календарь"));
    browser
        .post(
            "/calendar",
            &[("year", "2030"), ("extra_days_off", "05.03.2030")],
        )
        .await
        .assert_status(403);
}

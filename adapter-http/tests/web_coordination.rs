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

mod common;
mod web_support;

use chrono::NaiveDate;
use web_support::{
    actor, browser, content_type, download, has_markup, link, post_multipart, region,
};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// An events table with one good event and one whose end is not a date.
const BAD_EVENTS: &str = "Код;Наименование;Направление;Ответственный исполнитель;Соисполнители;Начало;Окончание;Ожидаемый результат;КТ: код;КТ: наименование;КТ: плановая дата\n\
1.1.1;Строительство жилья;G1.1;minstroy;;01.01.2023;31.12.2030;Ввод жилья;KT1;Проект;15.02.2026\n\
9.9.9;Ремонт больницы;G1.1;minzdrav;;01.01.2026;31.13.2028;;KT1;Контракт;01.06.2026\n";

#[tokio::test]
async fn the_coordinator_reads_last_months_consolidated_report() {
    let mut b = browser(region().await, "demo.coordinator").await;
    let page = b.get("/summary").await;
    page.expect(200)
        .shows("Сводный отчёт за октябрь 2026")
        .shows("Мероприятия по статусам")
        .shows("Отчёты за месяц")
        .shows("По участникам")
        .shows("Целевые показатели")
        .shows("Расходы по источникам");
    has_markup(&page, "class=\"badge green\"");
    has_markup(
        &page,
        "src=\"/summary/charts/achievement-by-direction.svg?year=2026&amp;month=10\"",
    );
    has_markup(
        &page,
        "src=\"/summary/charts/reporting-discipline.svg?year=2026&amp;month=10\"",
    );
    has_markup(&page, "<label for=\"participant\">");
}

#[tokio::test]
async fn the_summary_filters_by_month_and_participant() {
    let mut b = browser(region().await, "demo.coordinator").await;
    let page = b
        .get("/summary?year=2026&month=3&participant=minstroy&direction=")
        .await;
    page.expect(200).shows("Сводный отчёт за март 2026");
    has_markup(&page, "<option value=\"minstroy\" selected>");
}

#[tokio::test]
async fn a_planner_reads_the_summary_of_their_own_events() {
    let mut b = browser(region().await, "demo.planner").await;
    b.get("/summary")
        .await
        .expect(200)
        .shows("Сводный отчёт за октябрь 2026");
}

#[tokio::test]
async fn the_admin_may_not_read_the_summary() {
    let mut b = browser(region().await, "demo.admin").await;
    b.get("/summary").await.expect(403);
    b.get("/summary/file?year=2026&month=10&format=xlsx")
        .await
        .expect(403);
    b.get("/summary/charts/reporting-discipline.svg?year=2026&month=10")
        .await
        .expect(403);
}

#[tokio::test]
async fn the_download_links_give_a_workbook_and_a_csv_table() {
    let mut b = browser(region().await, "demo.coordinator").await;
    let page = b.get("/summary?year=2026&month=10").await;
    let (status, kind, bytes) = download(&b, &link(&page, "Скачать XLSX")).await;
    assert_eq!(status, 200);
    assert_eq!(kind, XLSX);
    assert!(bytes.starts_with(b"PK"), "not a zip");
    let (status, kind, bytes) = download(&b, &link(&page, "Скачать CSV")).await;
    assert_eq!(status, 200);
    assert!(kind.starts_with("text/csv"));
    assert!(String::from_utf8_lossy(&bytes).contains(';'));
    b.get("/summary/file?year=2026&month=10&format=csv&section=spending")
        .await
        .expect(200);
    b.get("/summary/file?year=2026&month=10&format=pdf")
        .await
        .expect(400);
}

#[tokio::test]
async fn the_charts_are_svg_and_an_unknown_chart_is_not_found() {
    let mut b = browser(region().await, "demo.coordinator").await;
    for name in ["achievement-by-direction", "reporting-discipline"] {
        let chart = b
            .get(&format!("/summary/charts/{name}.svg?year=2026&month=10"))
            .await;
        chart.expect(200);
        assert_eq!(content_type(&chart), "image/svg+xml");
        assert!(chart.html.contains("<svg"));
    }
    b.get("/summary/charts/pie.svg?year=2026&month=10")
        .await
        .expect(404);
}

#[tokio::test]
async fn the_plan_page_offers_the_upload_and_is_closed_to_a_planner() {
    let service = region().await;
    let mut b = browser(service, "demo.coordinator").await;
    let page = b.get("/plan").await;
    page.expect(200)
        .shows("План мероприятий")
        .shows("Версии плана")
        .shows("Загрузить план по акту");
    has_markup(&page, "enctype=\"multipart/form-data\"");
    has_markup(&page, "<label for=\"act_date\">");
    has_markup(&page, "<label for=\"events\">");
    let mut planner = browser(service, "demo.planner").await;
    planner.get("/plan").await.expect(403);
    planner.get("/plan/diff?from=0").await.expect(403);
}

#[tokio::test]
async fn a_dry_run_names_the_bad_row_and_its_reason_and_writes_nothing() {
    let service = region().await;
    let before = service
        .plan_versions(&actor("demo.coordinator"))
        .await
        .unwrap();
    let mut b = browser(service, "demo.coordinator").await;
    let form = b.get("/plan").await;
    let page = post_multipart(
        &b,
        "/plan/import",
        &[
            ("csrf", &form.csrf()),
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
    page.expect(200)
        .shows("Проверка плана по акту № 275-р")
        .shows("Ошибки в файлах")
        .shows("Мероприятия.csv 3 Окончание «31.13.2028» не дата; пишите ДД.ММ.ГГГГ")
        .shows("Изменения против действующего плана")
        .shows("Мероприятия исключены");
    let after = service
        .plan_versions(&actor("demo.coordinator"))
        .await
        .unwrap();
    assert_eq!(before, after);
}

#[tokio::test]
async fn applying_a_plan_with_problems_is_refused_and_changes_nothing() {
    let service = region().await;
    let before = service
        .plan_in_force(&actor("demo.coordinator"))
        .await
        .unwrap();
    let mut b = browser(service, "demo.coordinator").await;
    let form = b.get("/plan").await;
    post_multipart(
        &b,
        "/plan/import",
        &[
            ("csrf", &form.csrf()),
            ("act", "276-р"),
            ("act_date", "2026-11-20"),
            ("intent", "apply"),
        ],
        &[("events", "Мероприятия.csv", BAD_EVENTS.as_bytes())],
    )
    .await
    .expect(422)
    .shows("План не применён");
    let after = service
        .plan_in_force(&actor("demo.coordinator"))
        .await
        .unwrap();
    assert_eq!(before, after);
}

#[tokio::test]
async fn a_plan_upload_without_the_csrf_token_is_refused() {
    let b = browser(region().await, "demo.coordinator").await;
    post_multipart(
        &b,
        "/plan/import",
        &[
            ("act", "277-р"),
            ("act_date", "2026-11-20"),
            ("intent", "apply"),
        ],
        &[("events", "Мероприятия.csv", BAD_EVENTS.as_bytes())],
    )
    .await
    .expect(403);
}

#[tokio::test]
async fn the_plan_in_force_is_compared_with_the_empty_plan() {
    let mut b = browser(region().await, "demo.coordinator").await;
    b.get("/plan/diff?from=0&to=")
        .await
        .expect(200)
        .shows("Изменения от пустого плана к действующему плану")
        .shows("Мероприятия добавлены");
}

#[tokio::test]
async fn the_coordinator_opens_a_window_extension() {
    let service = region().await;
    let mut b = browser(service, "demo.coordinator").await;
    let form = b.get("/extensions").await;
    form.expect(200).shows("Продления окна годового плана");
    has_markup(&form, "<label for=\"until\">");
    has_markup(&form, "<label for=\"reason\">");
    let answer = b
        .submit(
            &form,
            "/extensions",
            &[
                ("participant", "minzdrav"),
                ("year", "2027"),
                ("until", "2026-12-30"),
                ("reason", "Письмо Минздрава о реорганизации"),
            ],
        )
        .await;
    answer.expect(303);
    assert_eq!(answer.location(), Some("/extensions?done=extension"));
    b.get("/extensions?done=extension")
        .await
        .expect(200)
        .shows("Продление открыто.")
        .shows("Письмо Минздрава о реорганизации");
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
    let mut b = browser(service, "demo.coordinator").await;
    b.post_raw(
        "/extensions",
        &[
            ("participant", "minstroy"),
            ("year", "2031"),
            ("until", "2026-12-30"),
            ("reason", "без токена"),
        ],
    )
    .await
    .expect(403);
    let extensions = service
        .list_window_extensions(&actor("demo.coordinator"))
        .await
        .unwrap();
    assert!(!extensions.iter().any(|e| e.year == 2031));
}

#[tokio::test]
async fn a_planner_may_not_see_or_open_extensions() {
    let mut b = browser(region().await, "demo.planner").await;
    b.get("/extensions").await.expect(403);
    let home = b.get("/").await;
    b.submit(
        &home,
        "/extensions",
        &[
            ("participant", "minstroy"),
            ("year", "2032"),
            ("until", "2026-12-30"),
            ("reason", "сам себе"),
        ],
    )
    .await
    .expect(403);
}

#[tokio::test]
async fn the_coordinator_adds_a_day_off_to_the_calendar() {
    let service = region().await;
    let mut b = browser(service, "demo.coordinator").await;
    let form = b.get("/calendar?year=2027").await;
    form.expect(200)
        .shows("Производственный календарь на 2027 год")
        .shows("Рабочих дней в году");
    has_markup(&form, "<label for=\"extra_days_off\">");
    let answer = b
        .submit(
            &form,
            "/calendar",
            &[
                ("year", "2027"),
                ("transfers", ""),
                ("extra_days_off", "05.03.2027"),
                ("extra_working_days", ""),
            ],
        )
        .await;
    answer.expect(303);
    assert_eq!(answer.location(), Some("/calendar?year=2027&done=calendar"));
    b.get("/calendar?year=2027&done=calendar")
        .await
        .expect(200)
        .shows("Календарь сохранён.")
        .shows("05.03.2027 пятница выходной день (перенос)");
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
    let mut b = browser(region().await, "demo.coordinator").await;
    let form = b.get("/calendar?year=2028").await;
    b.submit(
        &form,
        "/calendar",
        &[("year", "2028"), ("extra_days_off", "31.02.2028")],
    )
    .await
    .expect(422)
    .shows("«31.02.2028» не дата");
}

#[tokio::test]
async fn a_calendar_correction_without_the_csrf_token_is_refused() {
    let service = region().await;
    let mut b = browser(service, "demo.coordinator").await;
    b.post_raw(
        "/calendar",
        &[("year", "2029"), ("extra_days_off", "05.03.2029")],
    )
    .await
    .expect(403);
    let year = service
        .calendar_year(&actor("demo.coordinator"), 2029)
        .await
        .unwrap();
    assert!(year.corrections.extra_days_off.is_empty());
}

#[tokio::test]
async fn a_planner_reads_the_calendar_but_may_not_correct_it() {
    let mut b = browser(region().await, "demo.planner").await;
    let page = b.get("/calendar?year=2026").await;
    page.expect(200)
        .shows("Производственный календарь на 2026 год");
    assert!(!page.text().contains("Сохранить календарь"));
    b.submit(
        &page,
        "/calendar",
        &[("year", "2030"), ("extra_days_off", "05.03.2030")],
    )
    .await
    .expect(403);
}

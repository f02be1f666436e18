#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! Every page renders for each role that may open it, and what lies outside
//! a user's scope is not found (its existence does not leak).

mod common;

use common::web::WebApp;

const REPORT: &str = "/events/1.1.1/reports/2026/2";

/// The pages of the monthly work and the status each role gets.
const PAGES: [&str; 5] = ["/", "/events", "/events/1.1.1", REPORT, "/queue"];

#[tokio::test]
async fn each_role_opens_the_pages_of_its_work() {
    let app = WebApp::new().await;
    app.fixture.submitted_report().await.unwrap();
    let expected: [(&str, [u16; 5], &str); 6] = [
        ("stroy.planner", [200, 200, 200, 200, 200], "Плановик"),
        ("stroy.analyst", [200, 200, 200, 200, 200], "Аналитик"),
        ("stroy.head", [200, 200, 200, 200, 200], "Руководитель"),
        ("nk.planner", [200, 200, 200, 200, 200], "Плановик"),
        ("coord", [200, 200, 200, 200, 200], "Координатор"),
        ("admin", [200, 403, 404, 404, 200], "Администратор"),
    ];
    for (login, statuses, role) in expected {
        let mut browser = app.browser(login).await;
        for (path, status) in PAGES.iter().zip(statuses) {
            let page = browser.get(path).await;
            assert_eq!(
                page.status.as_u16(),
                status,
                "{login} {path}: {}",
                page.text()
            );
            if status == 200 {
                page.shows(role);
            }
        }
    }
}

#[tokio::test]
async fn menus_offer_each_role_its_own_sections() {
    let app = WebApp::new().await;
    let menu = |html: &str, href: &str| html.contains(&format!("href=\"{href}\""));
    let planner = app.browser("stroy.planner").await.get("/").await;
    assert!(
        menu(&planner.html, "/events")
            && !menu(&planner.html, "/queue")
            && !menu(&planner.html, "/requests")
    );
    let analyst = app.browser("stroy.analyst").await.get("/").await;
    assert!(menu(&analyst.html, "/queue"));
    let coordinator = app.browser("coord").await.get("/").await;
    assert!(
        menu(&coordinator.html, "/plan")
            && menu(&coordinator.html, "/summary")
            && !menu(&coordinator.html, "/queue")
    );
    let admin = app.browser("admin").await.get("/").await;
    assert!(
        menu(&admin.html, "/requests")
            && menu(&admin.html, "/audit")
            && !menu(&admin.html, "/events")
    );
}

#[tokio::test]
async fn pages_outside_the_users_scope_are_not_found() {
    let app = WebApp::new().await;
    app.fixture.submitted_report().await.unwrap();
    let mut other = app.browser("zdrav.planner").await;
    for path in [
        "/events/1.1.1",
        REPORT,
        "/events/9.9.9",
        "/events/1.1.1/reports/2026/13",
    ] {
        other
            .get(path)
            .await
            .expect(404)
            .shows("Нет такого объекта или он вам недоступен");
    }
    let list = other.get("/events").await;
    list.expect(200).shows("Найдено: 0");
    let queue = app.browser("zdrav.analyst").await.get("/queue").await;
    queue
        .expect(200)
        .shows("Отчётов, ждущих вашего решения, нет.");
}

#[tokio::test]
async fn a_co_executor_reads_the_report_but_is_offered_no_form() {
    let app = WebApp::new().await;
    app.fixture.submitted_report().await.unwrap();
    let mut co = app.browser("nk.planner").await;
    let page = co.get(REPORT).await;
    page.expect(200).shows("на проверке у аналитика");
    assert!(!page.html.contains("name=\"intent\""));
    let mut co_analyst = app.browser("nk.analyst").await;
    let page = co_analyst.get(REPORT).await;
    page.expect(200);
    let refused = co_analyst
        .submit(
            &page,
            &format!("{REPORT}/accept"),
            &[("version", &page.version())],
        )
        .await;
    assert!(
        matches!(refused.status.as_u16(), 403 | 404),
        "{}",
        refused.text()
    );
}

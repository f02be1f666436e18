#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! `GET reports/summary` answers the consolidated report as JSON, as an XLSX
//! workbook or as a CSV section, and the charts as SVG; bad queries are
//! problems and readers see only their own events.

mod common;

use common::{App, Req};

const FEBRUARY: &str = "/api/v1/reports/summary?year=2026&month=2";

#[tokio::test]
async fn the_coordinator_gets_the_summary_as_json_with_the_submitted_report_in_check() {
    let app = App::new().await;
    app.fixture.submitted_report().await.unwrap();
    let coordinator = app.login("coord").await;
    let answer = Req::get(FEBRUARY)
        .token(&coordinator)
        .send(&app.router)
        .await;
    assert_eq!(answer.status, 200, "{:#}", answer.body);
    assert_eq!(
        answer.body["period"],
        serde_json::json!({ "year": 2026, "month": 2 })
    );
    assert_eq!(answer.body["reports"]["in_check"], 1);
    let lines = answer.body["event_lines"].as_array().unwrap();
    assert!(
        lines
            .iter()
            .any(|l| l["event"] == "1.1.1" && l["report_state"] == "submitted")
    );
}

#[tokio::test]
async fn csv_and_xlsx_come_as_attachments_of_their_media_types() {
    let app = App::new().await;
    let coordinator = app.login("coord").await;
    let csv = Req::get(&format!("{FEBRUARY}&format=csv&section=participants"))
        .token(&coordinator)
        .send(&app.router)
        .await;
    assert_eq!(csv.status, 200);
    assert_eq!(csv.headers["content-type"], "text/csv; charset=utf-8");
    assert!(
        csv.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("summary-2026-02-participants.csv")
    );
    let text = String::from_utf8(csv.bytes.clone()).unwrap();
    assert!(text.starts_with("\u{feff}Участник;Наименование;"), "{text}");

    let xlsx = Req::get(&format!("{FEBRUARY}&format=xlsx"))
        .token(&coordinator)
        .send(&app.router)
        .await;
    assert_eq!(xlsx.status, 200);
    assert_eq!(
        xlsx.headers["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert_eq!(&xlsx.bytes[..4], b"PK\x03\x04");
}

#[tokio::test]
async fn both_charts_are_svg_and_an_unknown_chart_is_404() {
    let app = App::new().await;
    let coordinator = app.login("coord").await;
    for name in ["achievement-by-direction", "reporting-discipline"] {
        let chart = Req::get(&format!(
            "/api/v1/reports/summary/charts/{name}.svg?year=2026&month=2"
        ))
        .token(&coordinator)
        .send(&app.router)
        .await;
        assert_eq!(chart.status, 200, "{name}");
        assert_eq!(chart.headers["content-type"], "image/svg+xml");
        assert!(String::from_utf8(chart.bytes).unwrap().starts_with("<svg"));
    }
    Req::get("/api/v1/reports/summary/charts/pie.svg?year=2026&month=2")
        .token(&coordinator)
        .send(&app.router)
        .await
        .assert_problem(404, "route_not_found");
}

#[tokio::test]
async fn bad_queries_are_problems_and_the_admin_is_refused() {
    let app = App::new().await;
    let coordinator = app.login("coord").await;
    Req::get("/api/v1/reports/summary?year=2026&month=13")
        .token(&coordinator)
        .send(&app.router)
        .await
        .assert_problem(422, "validation");
    Req::get("/api/v1/reports/summary?year=2026")
        .token(&coordinator)
        .send(&app.router)
        .await
        .assert_problem(400, "bad_query");
    Req::get(&format!("{FEBRUARY}&format=pdf"))
        .token(&coordinator)
        .send(&app.router)
        .await
        .assert_problem(400, "bad_query");
    Req::get(&format!("{FEBRUARY}&participant=nobody"))
        .token(&coordinator)
        .send(&app.router)
        .await
        .assert_problem(404, "not_found");
    let admin = app.login("admin").await;
    Req::get(FEBRUARY)
        .token(&admin)
        .send(&app.router)
        .await
        .assert_problem(403, "permission_denied");
}

#[tokio::test]
async fn an_unrelated_participant_sees_none_of_the_events_of_others() {
    let app = App::new().await;
    let outsider = app.login("zdrav.planner").await;
    let answer = Req::get(FEBRUARY).token(&outsider).send(&app.router).await;
    assert_eq!(answer.status, 200);
    let lines = answer.body["event_lines"].as_array().unwrap();
    assert!(
        lines.iter().all(|l| l["responsible"] == "minzdrav"),
        "{lines:#?}"
    );
}

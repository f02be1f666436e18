//! `POST /api/v1/plan/import`, `GET /api/v1/plan/versions` and
//! `GET /api/v1/plan/diff`: the Coordinator checks a plan file, applies it
//! as a new version, and compares versions; bad files change nothing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod common;

use common::{App, Req};
use serde_json::Value;

const EVENTS: &[u8] = include_bytes!("../../exchange/tests/data/events.csv");
const EVENTS_BAD: &[u8] = include_bytes!("../../exchange/tests/data/events_bad.csv");
const INDICATORS: &[u8] = include_bytes!("../../exchange/tests/data/indicators.csv");

fn import(dry_run: bool, table: &str) -> String {
    format!(
        "/api/v1/plan/import?act=275-%D1%80&act_date=2026-03-20&dry_run={dry_run}&table={table}"
    )
}

fn ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect()
}

async fn versions(app: &App, token: &str) -> Value {
    let answer = Req::get("/api/v1/plan/versions")
        .token(token)
        .send(&app.router)
        .await;
    assert_eq!(answer.status, 200, "{:#}", answer.body);
    answer.body
}

#[tokio::test]
async fn a_dry_run_answers_the_changes_and_writes_nothing() {
    let app = App::new().await;
    let token = app.login("coord").await;
    let answer = Req::post(&import(true, "events"))
        .token(&token)
        .raw("text/csv", EVENTS)
        .send(&app.router)
        .await;
    assert_eq!(answer.status, 200, "{:#}", answer.body);
    assert_eq!(answer.body["problems"], serde_json::json!([]));
    assert!(answer.body["version"].is_null());
    let diff = &answer.body["diff"];
    assert_eq!(ids(&diff["events_added"]), ["2.1.1"]);
    assert_eq!(ids(&diff["events_changed"]), ["1.1.1"]);
    assert_eq!(
        diff["events_changed"][0]["fields"][0]["field"],
        "control_points.KT2"
    );
    // The indicators were not in the file: they stay as they are.
    assert_eq!(diff["indicators_removed"], serde_json::json!([]));
    assert_eq!(versions(&app, &token).await, serde_json::json!([]));
}

#[tokio::test]
async fn a_real_run_records_versions_that_can_be_compared() {
    let app = App::new().await;
    let token = app.login("coord").await;
    let first = Req::post(&import(false, "events"))
        .token(&token)
        .raw("text/csv; charset=utf-8", EVENTS)
        .send(&app.router)
        .await;
    assert_eq!(first.status, 200, "{:#}", first.body);
    assert_eq!(first.body["version"]["number"], 1);
    assert_eq!(first.body["version"]["act"]["number"], "275-р");
    let second = Req::post(&import(false, "indicators"))
        .token(&token)
        .raw("text/csv", INDICATORS)
        .send(&app.router)
        .await;
    assert_eq!(second.status, 200, "{:#}", second.body);
    assert_eq!(second.body["version"]["number"], 2);

    let listed = versions(&app, &token).await;
    assert_eq!(listed.as_array().unwrap().len(), 2);
    assert_eq!(listed[1]["changes"]["indicators_added"], 1);
    assert_eq!(listed[1]["indicators"], 2);

    let diff = Req::get("/api/v1/plan/diff?from=1&to=2")
        .token(&token)
        .send(&app.router)
        .await;
    assert_eq!(diff.status, 200, "{:#}", diff.body);
    assert_eq!(ids(&diff.body["indicators_added"]), ["IND-2"]);
    assert_eq!(
        diff.body["indicators_changed"][0]["fields"],
        serde_json::json!([{ "field": "plan.2027", "old": null, "new": "2200.5" }])
    );
    assert_eq!(diff.body["events_added"], serde_json::json!([]));
    let from_empty = Req::get("/api/v1/plan/diff?from=0")
        .token(&token)
        .send(&app.router)
        .await;
    assert_eq!(ids(&from_empty.body["events_added"]), ["1.1.1", "2.1.1"]);
    let event = Req::get("/api/v1/events/2.1.1")
        .token(&token)
        .send(&app.router)
        .await;
    assert_eq!(event.status, 200);
    assert_eq!(event.body["plan"]["amending_act"], "№ 275-р от 20.03.2026");
}

#[tokio::test]
async fn a_bad_file_lists_each_bad_row_and_changes_nothing() {
    let app = App::new().await;
    let token = app.login("coord").await;
    let dry = Req::post(&import(true, "events"))
        .token(&token)
        .raw("text/csv", EVENTS_BAD)
        .send(&app.router)
        .await;
    assert_eq!(dry.status, 200, "{:#}", dry.body);
    let problems = dry.body["problems"].as_array().unwrap();
    assert!(
        problems
            .iter()
            .any(|p| p["source"] == "events.csv" && p["row"] == 3 && p["column"] == "Окончание")
    );
    assert!(
        problems
            .iter()
            .any(|p| p["row"] == 4 && p["column"] == "Ответственный исполнитель")
    );

    let real = Req::post(&import(false, "events"))
        .token(&token)
        .raw("text/csv", EVENTS_BAD)
        .send(&app.router)
        .await;
    real.assert_problem(422, "validation");
    let fields: Vec<&str> = real.body["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields.len(), problems.len());
    assert!(
        fields.contains(&"events.csv:row 3:«Окончание»"),
        "{fields:?}"
    );
    assert!(
        fields.contains(&"events.csv:row 6:«КТ: плановая дата»"),
        "{fields:?}"
    );
    assert_eq!(versions(&app, &token).await, serde_json::json!([]));
    let missing = Req::get("/api/v1/events/2.1.2")
        .token(&token)
        .send(&app.router)
        .await;
    missing.assert_problem(404, "not_found");
}

#[tokio::test]
async fn only_the_coordinator_imports_and_reads_versions() {
    let app = App::new().await;
    for login in ["stroy.planner", "admin"] {
        let token = app.login(login).await;
        Req::post(&import(true, "events"))
            .token(&token)
            .raw("text/csv", EVENTS)
            .send(&app.router)
            .await
            .assert_problem(403, "permission_denied");
        Req::get("/api/v1/plan/versions")
            .token(&token)
            .send(&app.router)
            .await
            .assert_problem(403, "permission_denied");
        Req::get("/api/v1/plan/diff?from=0")
            .token(&token)
            .send(&app.router)
            .await
            .assert_problem(403, "permission_denied");
    }
}

#[tokio::test]
async fn other_media_types_and_a_missing_act_are_refused() {
    let app = App::new().await;
    let token = app.login("coord").await;
    Req::post(&import(true, "events"))
        .token(&token)
        .raw("application/pdf", EVENTS)
        .send(&app.router)
        .await
        .assert_problem(415, "unsupported_media_type");
    let answer = Req::post("/api/v1/plan/import?dry_run=true")
        .token(&token)
        .raw("text/csv", EVENTS)
        .send(&app.router)
        .await;
    assert_eq!(answer.status, 400, "{:#}", answer.body);
}

#[tokio::test]
async fn a_plan_file_larger_than_the_default_body_limit_is_accepted() {
    let app = App::new().await;
    let token = app.login("coord").await;
    let mut big = EVENTS.to_vec();
    while big.len() < 3 * 1024 * 1024 {
        big.extend_from_slice(b"\n");
    }
    let answer = Req::post(&import(true, "events"))
        .token(&token)
        .raw("text/csv", big)
        .send(&app.router)
        .await;
    assert_eq!(answer.status, 200, "{:#}", answer.body);
    assert_eq!(answer.body["problems"], serde_json::json!([]));
}

#[tokio::test]
async fn an_unknown_version_is_not_found() {
    let app = App::new().await;
    let token = app.login("coord").await;
    Req::get("/api/v1/plan/diff?from=0&to=9")
        .token(&token)
        .send(&app.router)
        .await
        .assert_problem(404, "not_found");
}

#[tokio::test]
async fn the_openapi_document_describes_the_upload_and_its_query() {
    let doc = stratmon_http::openapi::document();
    let op = &doc["paths"]["/api/v1/plan/import"]["post"];
    let content = op["requestBody"]["content"].as_object().unwrap();
    assert!(content.contains_key("text/csv"));
    assert!(content.contains_key(stratmon_http::routes::plan::XLSX));
    let names: Vec<&str> = op["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for name in ["act", "act_date", "dry_run", "table"] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
    let diff = &doc["paths"]["/api/v1/plan/diff"]["get"]["parameters"];
    assert!(diff.to_string().contains("\"from\""));
}

#[tokio::test]
async fn a_plan_file_over_twenty_megabytes_is_refused_as_too_large() {
    let app = App::new().await;
    let token = app.login("coord").await;
    let big = vec![b'\n'; 21 * 1024 * 1024];
    Req::post(&import(true, "events"))
        .token(&token)
        .raw("text/csv", big)
        .send(&app.router)
        .await
        .assert_problem(413, "body_too_large");
}

//! `POST /api/v1/plan/import` as `multipart/form-data`: the events and the
//! indicators files of one act in one request, applied as one version, with
//! problems labelled by the files' own names.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod common;

use common::{App, Req};

const EVENTS: &[u8] = include_bytes!("../../exchange/tests/data/events.csv");
const EVENTS_BAD: &[u8] = include_bytes!("../../exchange/tests/data/events_bad.csv");
const INDICATORS: &[u8] = include_bytes!("../../exchange/tests/data/indicators.csv");
const BOUNDARY: &str = "stratmon-boundary-7MA4YWxk";

fn form(parts: &[(&str, &str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file, bytes) in parts {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: text/csv\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

fn content_type() -> String {
    format!("multipart/form-data; boundary={BOUNDARY}")
}

const APPLY: &str = "/api/v1/plan/import?act=275-%D1%80&act_date=2026-03-20&dry_run=false";

#[tokio::test]
async fn both_tables_of_one_act_are_one_version() {
    let app = App::new().await;
    let token = app.login("coord").await;
    let answer = Req::post(APPLY)
        .token(&token)
        .raw(
            &content_type(),
            form(&[
                ("events", "Мероприятия.csv", EVENTS),
                ("indicators", "Показатели.csv", INDICATORS),
            ]),
        )
        .send(&app.router)
        .await;
    assert_eq!(answer.status, 200, "{:#}", answer.body);
    let changes = &answer.body["version"]["changes"];
    assert_eq!(changes["events_added"], 1);
    assert_eq!(changes["indicators_added"], 1);
    assert_eq!(answer.body["version"]["number"], 1);
}

#[tokio::test]
async fn problems_name_the_uploaded_file_and_nothing_changes() {
    let app = App::new().await;
    let token = app.login("coord").await;
    let answer = Req::post(APPLY)
        .token(&token)
        .raw(
            &content_type(),
            form(&[("events", "Мероприятия 2026.csv", EVENTS_BAD)]),
        )
        .send(&app.router)
        .await;
    answer.assert_problem(422, "validation");
    let fields: Vec<&str> = answer.body["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"Мероприятия 2026.csv:row 3:«Окончание»"),
        "{fields:?}"
    );
    let versions = Req::get("/api/v1/plan/versions")
        .token(&token)
        .send(&app.router)
        .await;
    assert_eq!(versions.body, serde_json::json!([]));
}

#[tokio::test]
async fn an_unknown_part_is_an_invalid_body() {
    let app = App::new().await;
    let token = app.login("coord").await;
    Req::post(APPLY)
        .token(&token)
        .raw(&content_type(), form(&[("plan", "plan.csv", EVENTS)]))
        .send(&app.router)
        .await
        .assert_problem(422, "invalid_body");
}

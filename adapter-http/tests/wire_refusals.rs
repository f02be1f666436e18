#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! Over a real socket, refusals are problem+json with the right status and
//! code, and a refused request changes nothing: out-of-scope reads are 404,
//! a wrong role is 403, and malformed JSON, wrong types, unknown fields,
//! over-long text and a 10 MB body are each refused before anything is
//! written.

mod common;

use common::wire::{Served, bearer, header, http, raw_http};
use serde_json::{Value, json};

/// How many audit entries the Coordinator sees: every write adds one.
async fn audit_len(served: &Served, coordinator: &str) -> usize {
    let (status, _, entries) = http(
        served.addr,
        "GET",
        "/api/v1/audit?limit=1000",
        &[bearer(coordinator)],
        None,
    )
    .await;
    assert_eq!(status, 200, "{entries:#}");
    entries.as_array().unwrap().len()
}

fn assert_problem(status: u16, headers: &[(String, String)], body: &Value, want: (u16, &str)) {
    assert_eq!(
        (status, body["code"].as_str().unwrap_or("")),
        want,
        "{body:#}"
    );
    assert_eq!(header(headers, "content-type"), "application/problem+json");
    assert_eq!(body["status"], want.0);
    assert!(!header(headers, "x-request-id").is_empty());
    assert_eq!(body["request_id"], header(headers, "x-request-id"));
    let text = body.to_string();
    for leak in ["panicked", "src/", "rusqlite", "backtrace"] {
        assert!(!text.contains(leak), "{text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_outside_the_users_scope_are_404_as_if_the_object_did_not_exist() {
    let served = Served::start().await;
    let outsider = served.login("zdrav.planner").await;
    let event = served.fixture.event.to_string();
    for path in [
        format!("/api/v1/events/{event}"),
        format!("/api/v1/events/{event}/reports/2026/2"),
        format!("/api/v1/events/{event}/reports/2026/2/history"),
        format!("/api/v1/indicators/{}", served.fixture.indicator),
    ] {
        let (status, headers, body) =
            http(served.addr, "GET", &path, &[bearer(&outsider)], None).await;
        assert_problem(status, &headers, &body, (404, "not_found"));
    }
    let (status, headers, body) = http(
        served.addr,
        "GET",
        "/api/v1/events/9.9.9",
        &[bearer(&outsider)],
        None,
    )
    .await;
    assert_problem(status, &headers, &body, (404, "not_found"));
    served.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_planner_accepting_a_report_or_reading_users_is_403() {
    let served = Served::start().await;
    let version = served.fixture.submitted_report().await.unwrap();
    let planner = served.login("stroy.planner").await;
    let coordinator = served.login("coord").await;
    let before = audit_len(&served, &coordinator).await;
    let (status, headers, body) = http(
        served.addr,
        "POST",
        &format!(
            "/api/v1/events/{}/reports/2026/2/accept",
            served.fixture.event
        ),
        &[bearer(&planner), ("If-Match", format!("\"{version}\""))],
        None,
    )
    .await;
    assert_problem(status, &headers, &body, (403, "permission_denied"));
    let (status, headers, body) = http(
        served.addr,
        "GET",
        "/api/v1/users",
        &[bearer(&planner)],
        None,
    )
    .await;
    assert_problem(status, &headers, &body, (403, "permission_denied"));
    assert_eq!(audit_len(&served, &coordinator).await, before);
    served.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_bodies_get_their_own_problem_and_write_nothing() {
    let served = Served::start().await;
    let planner = served.login("stroy.planner").await;
    let coordinator = served.login("coord").await;
    let url = format!("/api/v1/events/{}/reports/2026/2", served.fixture.event);
    let before = audit_len(&served, &coordinator).await;

    let valid: Value = serde_json::to_value(served.fixture.valid_content()).unwrap();
    let mut wrong_type = valid.clone();
    wrong_type["progress"] = json!(42);
    let mut wrong_nested_type = valid.clone();
    wrong_nested_type["indicator_facts"] = json!({ "IND-1": [1, 2] });
    let mut unknown_field = valid.clone();
    unknown_field["progres"] = json!("опечатка в имени поля");
    let mut too_long = valid.clone();
    too_long["progress"] = json!("ж".repeat(10_001));
    let mut bad_date = valid.clone();
    bad_date["control_points"] = json!({ "KT1": "2026-02-30" });

    // (case, body, expected status and code, field named in `problems`)
    type Case = (
        &'static str,
        Vec<u8>,
        (u16, &'static str),
        Option<&'static str>,
    );
    let cases: Vec<Case> = vec![
        (
            "malformed JSON",
            b"{\"progress\": ".to_vec(),
            (400, "malformed_json"),
            None,
        ),
        (
            "not an object",
            b"[1, 2, 3]".to_vec(),
            (422, "invalid_body"),
            None,
        ),
        (
            "wrong type",
            wrong_type.to_string().into_bytes(),
            (422, "invalid_body"),
            Some("progress"),
        ),
        (
            "wrong nested type",
            wrong_nested_type.to_string().into_bytes(),
            (422, "invalid_body"),
            None,
        ),
        (
            "unknown field",
            unknown_field.to_string().into_bytes(),
            (422, "invalid_body"),
            None,
        ),
        (
            "impossible date",
            bad_date.to_string().into_bytes(),
            (422, "invalid_body"),
            None,
        ),
        (
            "over-long text",
            too_long.to_string().into_bytes(),
            (422, "validation"),
            Some("progress"),
        ),
        (
            "10 MB body",
            vec![b' '; 10 * 1024 * 1024],
            (413, "body_too_large"),
            None,
        ),
    ];
    for (case, body, want, field) in cases {
        for method in ["PUT", "POST"] {
            let path = if method == "PUT" {
                url.clone()
            } else {
                format!("{url}/save-and-submit")
            };
            let (status, headers, problem) = raw_http(
                served.addr,
                method,
                &path,
                &[bearer(&planner)],
                body.clone(),
            )
            .await;
            assert_problem(status, &headers, &problem, want);
            if let Some(field) = field {
                assert!(
                    problem["problems"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|p| p["field"] == field),
                    "{case}: {problem:#}"
                );
            }
            if case == "unknown field" {
                assert!(
                    problem["detail"].as_str().unwrap().contains("progres"),
                    "{problem:#}"
                );
            }
        }
    }
    // Nothing was saved: no report exists and the audit log did not grow.
    let (status, _, _) = http(served.addr, "GET", &url, &[bearer(&planner)], None).await;
    assert_eq!(status, 404);
    assert_eq!(audit_len(&served, &coordinator).await, before);
    // And the same body, well formed, is accepted.
    let (status, _, saved) = http(served.addr, "PUT", &url, &[bearer(&planner)], Some(valid)).await;
    assert_eq!(status, 200, "{saved:#}");
    served.stop().await;
}

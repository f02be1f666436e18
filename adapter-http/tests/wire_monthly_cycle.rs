#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! A month's report goes round the whole approval chain over a real socket,
//! and two analysts accepting the same version at once cannot both win.

mod common;

use common::wire::{Served, bearer, header, http};
use serde_json::{Value, json};

fn report_url(served: &Served) -> String {
    format!("/api/v1/events/{}/reports/2026/2", served.fixture.event)
}

fn content(served: &Served) -> Value {
    serde_json::to_value(served.fixture.valid_content()).unwrap()
}

/// Fires `action` as `token` on the version `etag`; returns status, new
/// ETag (empty on failure) and body.
async fn fire(
    served: &Served,
    token: &str,
    action: &str,
    etag: &str,
    body: Option<Value>,
) -> (u16, String, Value) {
    let (status, headers, answer) = http(
        served.addr,
        "POST",
        &format!("{}/{action}", report_url(served)),
        &[bearer(token), ("If-Match", etag.to_owned())],
        body,
    )
    .await;
    let etag = headers
        .iter()
        .find(|(n, _)| n == "etag")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    (status, etag, answer)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_month_is_saved_submitted_returned_fixed_resubmitted_accepted_and_approved() {
    let served = Served::start().await;
    let planner = served.login("stroy.planner").await;
    let analyst = served.login("stroy.analyst").await;
    let head = served.login("stroy.head").await;
    let url = report_url(&served);

    let (status, headers, saved) = http(
        served.addr,
        "PUT",
        &url,
        &[bearer(&planner)],
        Some(content(&served)),
    )
    .await;
    assert_eq!(status, 200, "{saved:#}");
    let etag = header(&headers, "etag").to_owned();
    let (status, etag, submitted) = fire(&served, &planner, "submit", &etag, None).await;
    assert_eq!(status, 200, "{submitted:#}");
    assert_eq!(submitted["workflow"]["state"], "submitted");

    let comment = "Уточните значение показателя: факт меньше прошлого месяца";
    let (status, _, returned) = fire(
        &served,
        &analyst,
        "return",
        &etag,
        Some(json!({ "comment": comment })),
    )
    .await;
    assert_eq!(status, 200, "{returned:#}");
    assert_eq!(returned["workflow"]["state"], "returned");

    // The Planner sees the comment, fixes the text and resubmits.
    let (status, headers, seen) = http(served.addr, "GET", &url, &[bearer(&planner)], None).await;
    assert_eq!(status, 200);
    let last = seen["workflow"]["history"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["comment"], comment, "{seen:#}");
    let mut fixed = content(&served);
    fixed["progress"] = json!("Работы выполнены, значение уточнено по акту от 20.03.2026");
    let (status, headers, saved) = http(
        served.addr,
        "PUT",
        &url,
        &[
            bearer(&planner),
            ("If-Match", header(&headers, "etag").to_owned()),
        ],
        Some(fixed),
    )
    .await;
    assert_eq!(status, 200, "{saved:#}");
    let (status, etag, _) = fire(&served, &planner, "submit", header(&headers, "etag"), None).await;
    assert_eq!(status, 200);
    let (status, etag, accepted) = fire(&served, &analyst, "accept", &etag, None).await;
    assert_eq!(status, 200, "{accepted:#}");
    assert_eq!(accepted["workflow"]["state"], "accepted");
    let (status, _, approved) = fire(&served, &head, "approve", &etag, None).await;
    assert_eq!(status, 200, "{approved:#}");
    assert_eq!(approved["workflow"]["state"], "approved");
    assert_eq!(approved["workflow"]["approved_by"], "stroy.head");

    let (status, _, history) = http(
        served.addr,
        "GET",
        &format!("{url}/history"),
        &[bearer(&head)],
        None,
    )
    .await;
    assert_eq!(status, 200);
    let actions: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["workflow"]["history"].as_array().unwrap())
        .map(|step| step["action"].as_str().unwrap())
        .collect();
    for expected in ["submit", "return", "accept", "approve"] {
        assert!(actions.contains(&expected), "{actions:?}");
    }
    served.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_analysts_accepting_the_same_version_at_once_leave_one_winner_and_one_412() {
    let served = Served::start().await;
    let version = served.fixture.submitted_report().await.unwrap();
    let first = served.login("stroy.analyst").await;
    let second = served.login("stroy.all").await;
    let etag = format!("\"{version}\"");

    let (a, b) = tokio::join!(
        fire(&served, &first, "accept", &etag, None),
        fire(&served, &second, "accept", &etag, None),
    );
    let mut statuses = [a.0, b.0];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 412], "{:#} {:#}", a.2, b.2);
    let loser = if a.0 == 412 { &a.2 } else { &b.2 };
    assert_eq!(loser["code"], "stale_version");

    let (status, headers, report) = http(
        served.addr,
        "GET",
        &report_url(&served),
        &[bearer(&first)],
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(report["workflow"]["state"], "accepted");
    // Exactly one transition was written on top of the submitted version.
    assert_eq!(header(&headers, "etag"), format!("\"{}\"", version + 1));
    let accepts = report["workflow"]["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["action"] == "accept")
        .count();
    assert_eq!(accepts, 1);
    served.stop().await;
}

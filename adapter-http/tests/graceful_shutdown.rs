#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! Shutting down lets requests in flight finish: a save whose body is still
//! arriving when the signal comes is completed, answered and stored, and
//! nothing acknowledged is lost.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;

use common::wire::{Served, http};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_in_flight_at_shutdown_finishes_and_what_it_acknowledged_is_stored() {
    let served = Served::start().await;
    let planner = served.login("stroy.planner").await;
    let addr = served.addr;
    let url = format!("/api/v1/events/{}/reports/2026/2", served.fixture.event);
    let body = serde_json::to_vec(&served.fixture.valid_content()).unwrap();

    // Send the head of a save, but hold its body back.
    let head = format!(
        "PUT {url} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Authorization: Bearer {planner}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n",
        body.len()
    );
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    // A full round trip on another connection: the server is up and has
    // taken the first connection in.
    let (status, _, _) = http(addr, "GET", "/healthz", &[], None).await;
    assert_eq!(status, 200);

    let service = served.fixture.service.clone();
    let actor = served.fixture.planner.clone();
    let event = served.fixture.event.clone();
    let period = served.fixture.period;
    let stopping = tokio::spawn(served.stop());

    // The rest of the body arrives after the signal.
    let answer = tokio::task::spawn_blocking(move || {
        let _ = stream.write_all(&body);
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        String::from_utf8_lossy(&raw).into_owned()
    })
    .await
    .unwrap();
    stopping.await.unwrap();

    let stored = service.get_report(&actor, &event, period).await;
    if answer.starts_with("HTTP/1.1 200") {
        // Acknowledged, so it must be there.
        let report = stored.unwrap();
        assert_eq!(report.version, 1);
    } else {
        panic!(
            "the request in flight was cut off instead of finishing: {answer:?}; stored: {:?}",
            stored.map(|r| r.version)
        );
    }
    // The server is down: new connections are refused.
    assert!(TcpStream::connect(addr).is_err());
}

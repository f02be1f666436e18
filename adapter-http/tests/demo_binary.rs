#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! `stratmon-server demo` seeds a store, answers on its port, lets the demo
//! users in and stops cleanly on SIGTERM.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

const SERVER: &str = env!("CARGO_BIN_EXE_stratmon-server");

/// The server process, stopped when the test ends however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Sends one HTTP/1.1 request and returns the status and body.
fn http(addr: &str, method: &str, path: &str, body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).unwrap();
    let status = raw[9..12].parse().unwrap();
    let body = raw
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn the_demo_command_serves_a_region_where_the_demo_logins_work() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("demo.sqlite");
    let mut server = Server(
        Command::new(SERVER)
            .args([
                "demo",
                "--listen",
                "127.0.0.1:0",
                "--demo-password",
                "Пароль-для-теста-1",
            ])
            .arg("--data")
            .arg(&data)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let child = &mut server.0;
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut printed = String::new();
    let addr = loop {
        let Some(line) = lines.next() else {
            let _ = child.kill();
            let mut stderr = String::new();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut stderr)
                .unwrap();
            panic!("the server stopped before listening: {printed}{stderr}");
        };
        let line = line.unwrap();
        printed.push_str(&line);
        printed.push('\n');
        if let Some(rest) = line.strip_prefix("listening on http://") {
            break rest.split('/').next().unwrap().to_owned();
        }
    };
    assert!(
        printed.contains("demo region: 42 participants, 150 events, 62 indicators"),
        "{printed}"
    );
    for login in [
        "demo.admin",
        "demo.coordinator",
        "demo.planner",
        "demo.analyst",
        "demo.head",
        "demo.planner2",
    ] {
        assert!(printed.contains(login), "{printed}");
    }

    assert_eq!(http(&addr, "GET", "/healthz", "").0, 200);
    let (status, body) = http(
        &addr,
        "POST",
        "/api/v1/auth/login",
        r#"{"login":"demo.planner2","password":"Пароль-для-теста-1"}"#,
    );
    assert_eq!(status, 200, "{body}");

    #[cfg(unix)]
    {
        let term = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(term.success());
        let rest: Vec<String> = lines.map(Result::unwrap).collect();
        assert!(rest.iter().any(|l| l == "stopped"), "{rest:?}");
        assert!(child.wait().unwrap().success());
    }
    #[cfg(not(unix))]
    {
        child.kill().unwrap();
        child.wait().unwrap();
    }
}

#[test]
fn the_demo_command_refuses_a_store_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store.sqlite");
    assert!(
        Command::new(SERVER)
            .args(["init", "--data"])
            .arg(&data)
            .output()
            .unwrap()
            .status
            .success()
    );
    let refused = Command::new(SERVER)
        .args(["demo", "--listen", "127.0.0.1:0", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1), "{refused:?}");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("not empty"));
}

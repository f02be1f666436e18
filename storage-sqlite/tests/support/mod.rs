//! Helpers shared by the tests that run the test binary again as a child
//! process.
#![allow(dead_code, reason = "each test file uses the part it needs")]

use std::path::Path;
use std::process::{Command, Stdio};

use chrono::{TimeZone, Utc};
use stratmon_core::audit::{AuditDraft, ObjectRef};
use stratmon_core::model::UserId;
use stratmon_core::store::Expect;

/// A deterministic pseudo-random sequence (Knuth's MMIX LCG): the same seed
/// gives the same kills on every run, and no clock is read for it.
#[derive(Debug, Clone)]
pub struct Lcg(u64);

impl Lcg {
    /// A sequence starting from `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// The next number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

/// The test binary, started again to run only the `#[ignore]`d test `name`,
/// with its output not captured so that the child's lines reach the parent.
pub fn child(name: &str, stderr_to: &Path) -> Command {
    let exe = std::env::current_exe().unwrap();
    let mut cmd = Command::new(exe);
    cmd.args([
        name,
        "--exact",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ])
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(std::fs::File::create(stderr_to).unwrap());
    cmd
}

/// What a child wrote to its standard error, for failure messages.
pub fn stderr_of(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// An audit draft of `actor` about `kind` `id`, at a time derived from `n`.
pub fn draft(actor: &str, action: &str, kind: &str, id: &str, n: u64) -> AuditDraft {
    AuditDraft {
        at: Utc
            .timestamp_opt(1_772_000_000 + n as i64, (n % 1000) as u32 * 1_000_000)
            .unwrap(),
        actor: UserId::new(actor).unwrap(),
        on_behalf_of: None,
        client: Some("127.0.0.1".into()),
        action: action.into(),
        object: ObjectRef::new(kind, id),
        participant: None,
        summary: format!("write {n}"),
    }
}

/// The precondition for writing over `version` (0 = not yet written).
pub fn expect(version: u64) -> Expect {
    match version {
        0 => Expect::Absent,
        v => Expect::Version(v),
    }
}

/// A monthly report body of realistic size: progress text and ten
/// year-to-date indicator facts, stamped with who wrote it and its version.
pub fn report_body(key: &str, version: u64, writer: &str) -> String {
    let facts: serde_json::Map<String, serde_json::Value> = (1..=10)
        .map(|i| {
            (
                format!("IND-{i:02}"),
                serde_json::Value::String(format!("{}.{}", version * 10 + i, i)),
            )
        })
        .collect();
    serde_json::json!({
        "key": key,
        "version": version,
        "writer": writer,
        "progress": "Проектная документация утверждена, ведутся строительно-монтажные работы",
        "indicator_facts": facts,
    })
    .to_string()
}

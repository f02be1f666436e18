//! Passwords and their hashes never appear in the audit log, in `Debug`
//! output, in errors, or anywhere in the store outside the credentials.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod common;

use common::*;
use stratmon_core::auth::Credential;
use stratmon_core::conformance::snapshot;
use stratmon_core::requests::{PersonEntry, RequestKind};
use stratmon_core::service::NewRequest;
use stratmon_core::store::{Collection, StoreExt};

#[tokio::test]
async fn no_password_or_hash_leaks_anywhere() {
    let f = fixture().await;
    let s = &f.service;
    let otp = f.one_time_passwords[&f.planner.user].clone();
    let new_password = "Секретный-пароль-2026";
    let mut debug_output = Vec::new();
    let mut error_output = Vec::new();

    let grant = s
        .login("stroy.planner", &otp, Some("10.0.0.1"))
        .await
        .unwrap();
    debug_output.push(format!("{grant:?}"));
    error_output.push(
        s.change_password(&grant.token, "wrong-wrong-wrong", new_password, None)
            .await
            .unwrap_err()
            .to_string(),
    );
    error_output.push(
        s.change_password(&grant.token, &otp, "short", None)
            .await
            .unwrap_err()
            .to_string(),
    );
    s.change_password(&grant.token, &otp, new_password, None)
        .await
        .unwrap();
    error_output.push(
        s.login("stroy.planner", &format!("{new_password}x"), None)
            .await
            .unwrap_err()
            .to_string(),
    );
    let filed = s
        .file_request(
            &f.admin,
            NewRequest {
                kind: RequestKind::Registration,
                participant: "minstroy".parse().unwrap(),
                signed_by: "Руководов Виктор Павлович".into(),
                reason: String::new(),
                people: vec![PersonEntry {
                    full_name: "Иванов Иван Иванович".into(),
                    position: "специалист".into(),
                    roles: vec!["planner".into()],
                    landline: "+7 3842 58-12-34".into(),
                    mobile: "+7 913 123-45-67".into(),
                    email: "ivanov@example.ru".into(),
                    login: None,
                }],
                received_at: None,
            },
        )
        .await
        .unwrap();
    let approval = s
        .approve_request(&f.admin, &filed.id, filed.version)
        .await
        .unwrap();
    debug_output.push(format!("{approval:?}"));
    let created_otp = approval.created[0].one_time_password.clone();

    let credential = s
        .store()
        .load::<Credential>("stroy.planner")
        .await
        .unwrap()
        .unwrap();
    debug_output.push(format!("{credential:?}"));
    let hash = serde_json::to_value(&credential.hash)
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned();
    assert!(hash.starts_with("$argon2id$"), "{hash}");

    let secrets = [
        otp.as_str(),
        new_password,
        created_otp.as_str(),
        hash.as_str(),
        grant.token.0.as_str(),
    ];
    let snap = snapshot(&**s.store()).await.unwrap();
    let audit = serde_json::to_string(&snap.audit).unwrap();
    let outside_credentials: String = snap
        .records
        .iter()
        .filter(|r| r.collection != Collection::Credential)
        .map(|r| r.body.clone())
        .collect();
    for secret in secrets {
        assert!(!audit.contains(secret), "the audit log holds a secret");
        assert!(
            !outside_credentials.contains(secret),
            "a record outside the credentials holds a secret"
        );
        for text in debug_output.iter().chain(&error_output) {
            assert!(!text.contains(secret), "leaked in: {text}");
        }
    }
    // The session is stored under the token's hash, never the token.
    assert!(
        snap.records
            .iter()
            .filter(|r| r.collection == Collection::Session)
            .all(|r| !r.body.contains(&grant.token.0))
    );
}

//! Logging in, sessions, throttling and password changes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod common;

use chrono::Duration;
use common::*;
use stratmon_core::ErrorKind;
use stratmon_core::auth::SessionToken;
use stratmon_core::conformance::Fixture;
use stratmon_core::model::UserId;

const NEW_PASSWORD: &str = "Весна-в-Кузбассе-2026";

fn otp(f: &Fixture, login: &str) -> String {
    f.one_time_passwords[&login.parse::<UserId>().unwrap()].clone()
}

/// Logs in with the one-time password and sets a permanent one; returns a token.
async fn ready(f: &Fixture, login: &str) -> SessionToken {
    let grant = f
        .service
        .login(login, &otp(f, login), Some("10.0.0.1"))
        .await
        .unwrap();
    assert!(grant.must_change_password);
    f.service
        .change_password(&grant.token, &otp(f, login), NEW_PASSWORD, Some("10.0.0.1"))
        .await
        .unwrap();
    grant.token
}

#[tokio::test]
async fn a_one_time_password_must_be_changed_before_anything_else() {
    let f = fixture().await;
    let grant = f
        .service
        .login("stroy.planner", &otp(&f, "stroy.planner"), None)
        .await
        .unwrap();
    assert!(grant.must_change_password);
    assert_eq!(
        kind(f.service.authenticate(&grant.token, None).await),
        Some(ErrorKind::PasswordChangeRequired)
    );
    f.service
        .change_password(&grant.token, &otp(&f, "stroy.planner"), NEW_PASSWORD, None)
        .await
        .unwrap();
    let actor = f
        .service
        .authenticate(&grant.token, Some("10.0.0.1"))
        .await
        .unwrap();
    assert_eq!(actor.user.as_str(), "stroy.planner");
    assert_eq!(actor.client.as_deref(), Some("10.0.0.1"));
    assert!(f.service.get_event(&actor, &f.event).await.is_ok());
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_login_get_the_same_answer() {
    let f = fixture().await;
    let wrong = f
        .service
        .login("stroy.planner", "not the password", None)
        .await
        .unwrap_err();
    let unknown = f
        .service
        .login("nobody.nn", "not the password", None)
        .await
        .unwrap_err();
    let garbage = f.service.login("не логин", "x", None).await.unwrap_err();
    assert_eq!(wrong.to_string(), unknown.to_string());
    assert_eq!(wrong.to_string(), garbage.to_string());
    assert_eq!(wrong.kind(), ErrorKind::Auth);
}

#[tokio::test]
async fn the_password_policy_refuses_short_personal_and_reused_passwords() {
    let f = fixture().await;
    let token = ready(&f, "stroy.planner").await;
    for (bad, why) in [
        ("короткий1", "at least 12"),
        ("stroy.planner-2026!", "login"),
        ("Плановикова-навсегда", "name"),
        ("planovikova-2026-xx", "name"),
        (NEW_PASSWORD, "last five"),
    ] {
        let err = f
            .service
            .change_password(&token, NEW_PASSWORD, bad, None)
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Validation, "{bad}");
        assert!(err.to_string().contains(why), "{bad}: {err}");
        assert!(
            !err.to_string().contains(bad),
            "the error echoes the password: {err}"
        );
    }
}

#[tokio::test]
async fn none_of_the_last_five_passwords_may_come_back() {
    let f = fixture().await;
    let token = ready(&f, "stroy.head").await;
    let mut current = NEW_PASSWORD.to_owned();
    for i in 1..=5 {
        let next = format!("Пароль-номер-{i}-надёжный");
        f.service
            .change_password(&token, &current, &next, None)
            .await
            .unwrap();
        current = next;
    }
    // NEW_PASSWORD was six passwords ago: allowed again; the fifth-last is not.
    let refused = f
        .service
        .change_password(&token, &current, "Пароль-номер-1-надёжный", None)
        .await;
    assert_eq!(kind(refused), Some(ErrorKind::Validation));
    f.service
        .change_password(&token, &current, NEW_PASSWORD, None)
        .await
        .unwrap();
}

#[tokio::test]
async fn after_five_failures_even_the_right_password_is_refused_until_the_lock_ends() {
    let f = fixture().await;
    ready(&f, "stroy.analyst").await;
    for _ in 0..5 {
        assert!(
            f.service
                .login("stroy.analyst", "guess-guess-guess", Some("10.9.9.9"))
                .await
                .is_err()
        );
    }
    let locked = f
        .service
        .login("stroy.analyst", NEW_PASSWORD, Some("10.0.0.2"))
        .await
        .unwrap_err();
    assert_eq!(locked.kind(), ErrorKind::Throttled);
    assert!(locked.to_string().contains("try again after"), "{locked}");
    f.clock.advance(Duration::minutes(14));
    assert!(
        f.service
            .login("stroy.analyst", NEW_PASSWORD, Some("10.0.0.2"))
            .await
            .is_err()
    );
    f.clock.advance(Duration::minutes(2));
    assert!(
        f.service
            .login("stroy.analyst", NEW_PASSWORD, Some("10.0.0.2"))
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn an_admin_can_lift_a_lock_early() {
    let f = fixture().await;
    ready(&f, "stroy.analyst").await;
    for _ in 0..5 {
        let _ = f
            .service
            .login("stroy.analyst", "guess-guess-guess", None)
            .await;
    }
    assert!(
        f.service
            .login("stroy.analyst", NEW_PASSWORD, None)
            .await
            .is_err()
    );
    f.service
        .unlock_login(&f.admin, &"stroy.analyst".parse().unwrap())
        .await
        .unwrap();
    assert!(
        f.service
            .login("stroy.analyst", NEW_PASSWORD, None)
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn one_address_guessing_many_logins_is_locked_out() {
    let f = fixture().await;
    ready(&f, "nk.head").await;
    let logins = [
        "stroy.planner",
        "stroy.analyst",
        "stroy.head",
        "nk.planner",
        "nk.analyst",
    ];
    for i in 0..20 {
        let _ = f
            .service
            .login(
                logins[i % logins.len()],
                "guess-guess-guess",
                Some("203.0.113.5"),
            )
            .await;
    }
    let from_attacker = f
        .service
        .login("nk.head", NEW_PASSWORD, Some("203.0.113.5"))
        .await;
    assert_eq!(kind(from_attacker), Some(ErrorKind::Throttled));
    assert!(
        f.service
            .login("nk.head", NEW_PASSWORD, Some("10.0.0.3"))
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn sessions_expire_when_idle_and_absolutely() {
    let f = fixture().await;
    let token = ready(&f, "stroy.planner").await;
    f.clock.advance(Duration::minutes(29));
    assert!(f.service.authenticate(&token, None).await.is_ok());
    f.clock.advance(Duration::minutes(29));
    assert!(
        f.service.authenticate(&token, None).await.is_ok(),
        "use keeps it alive"
    );
    f.clock.advance(Duration::minutes(31));
    assert_eq!(
        kind(f.service.authenticate(&token, None).await),
        Some(ErrorKind::Auth)
    );

    let grant = f
        .service
        .login("stroy.planner", NEW_PASSWORD, None)
        .await
        .unwrap();
    for _ in 0..24 {
        f.clock.advance(Duration::minutes(29));
        assert!(f.service.authenticate(&grant.token, None).await.is_ok());
    }
    f.clock.advance(Duration::minutes(29));
    assert_eq!(
        kind(f.service.authenticate(&grant.token, None).await),
        Some(ErrorKind::Auth),
        "12 h absolute limit"
    );
}

#[tokio::test]
async fn logout_ends_the_session() {
    let f = fixture().await;
    let token = ready(&f, "stroy.planner").await;
    f.service.logout(&token, None).await.unwrap();
    assert_eq!(
        kind(f.service.authenticate(&token, None).await),
        Some(ErrorKind::Auth)
    );
}

#[tokio::test]
async fn a_password_change_ends_the_other_sessions_but_not_this_one() {
    let f = fixture().await;
    let first = ready(&f, "stroy.planner").await;
    let second = f
        .service
        .login("stroy.planner", NEW_PASSWORD, None)
        .await
        .unwrap()
        .token;
    f.service
        .change_password(&second, NEW_PASSWORD, "Другой-пароль-2026", None)
        .await
        .unwrap();
    assert_eq!(
        kind(f.service.authenticate(&first, None).await),
        Some(ErrorKind::Auth)
    );
    assert!(f.service.authenticate(&second, None).await.is_ok());
}

#[tokio::test]
async fn a_revoked_user_cannot_log_in_and_their_live_session_stops_at_once() {
    let f = fixture().await;
    let token = ready(&f, "stroy.head").await;
    let actor = f.service.authenticate(&token, None).await.unwrap();
    f.service
        .revoke_user(&f.admin, &actor.user, "Увольнение")
        .await
        .unwrap();
    assert_eq!(
        kind(f.service.authenticate(&token, None).await),
        Some(ErrorKind::Auth)
    );
    // An actor obtained before the revocation is refused too.
    assert_eq!(
        kind(f.service.get_event(&actor, &f.event).await),
        Some(ErrorKind::Auth)
    );
    assert_eq!(
        kind(f.service.login("stroy.head", NEW_PASSWORD, None).await),
        Some(ErrorKind::Auth)
    );
}

#[tokio::test]
async fn every_login_attempt_is_audited_with_its_address() {
    let f = fixture().await;
    ready(&f, "stroy.planner").await;
    let _ = f
        .service
        .login("stroy.planner", "wrong-wrong-wrong", Some("198.51.100.7"))
        .await;
    let q = stratmon_core::audit::AuditQuery {
        actor: Some("stroy.planner".parse().unwrap()),
        ..Default::default()
    };
    let trail = f.service.audit(&f.admin, &q).await.unwrap();
    let trail: Vec<_> = trail
        .into_iter()
        .filter(|e| e.draft.action.starts_with("auth."))
        .collect();
    let actions: Vec<&str> = trail
        .iter()
        .rev()
        .map(|e| e.draft.action.as_str())
        .collect();
    assert_eq!(
        actions,
        ["auth.login", "auth.password_changed", "auth.login_failed"]
    );
    assert_eq!(trail[0].draft.client.as_deref(), Some("198.51.100.7"));
    assert_eq!(trail[0].draft.summary, "wrong password");
}

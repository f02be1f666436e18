//! What authenticating reads is kept between requests, and every change to
//! sessions and users shows at once — made through this service, another
//! one over the same store (another process), or behind both — while
//! report writes leave it kept and expiry is still judged every time.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod common;

use std::sync::Arc;

use chrono::Duration;
use common::*;
use stratmon_core::auth::{Session, SessionEnd, SessionToken};
use stratmon_core::conformance::{Fixture, write_behind_the_service};
use stratmon_core::model::{User, UserId, UserStatus};
use stratmon_core::store::{Collection, StoreExt};
use stratmon_core::{ErrorKind, Service};

const PASSWORD: &str = "Весна-в-Кузбассе-2026";

/// A second service over the fixture's store, as another process would be.
fn another_service(f: &Fixture) -> Service {
    Service::new(f.service.store().clone()).with_clock(f.clock.clone())
}

/// Reads of what authenticating reads: sessions, users, credentials.
fn sign_in_reads(store: &WatchedStore) -> usize {
    store.reads_of(&[
        Collection::Session,
        Collection::User,
        Collection::Credential,
    ])
}

/// A service over the fixture's store that counts sign-in reads, with the
/// Planner signed in through it and authenticated once (so kept).
async fn planner_through_a_counting_store(
    f: &Fixture,
) -> (Arc<WatchedStore>, Service, SessionToken) {
    let (counting, service) = watched_service(f);
    let token = signed_in(f, &service, "stroy.planner").await;
    service.authenticate(&token, None).await.unwrap();
    (counting, service, token)
}

/// Logs `login` in through `service` with a permanent password set.
async fn signed_in(f: &Fixture, service: &Service, login: &str) -> SessionToken {
    let otp = f.one_time_passwords[&login.parse::<UserId>().unwrap()].clone();
    let grant = service.login(login, &otp, None).await.unwrap();
    service
        .change_password(&grant.token, &otp, PASSWORD, None)
        .await
        .unwrap();
    grant.token
}

#[tokio::test]
async fn a_revocation_through_another_service_stops_the_session_here_at_once() {
    let f = fixture().await;
    let token = signed_in(&f, &f.service, "stroy.head").await;
    let actor = f.service.authenticate(&token, None).await.unwrap();
    another_service(&f)
        .revoke_user(&f.admin, &actor.user, "Увольнение")
        .await
        .unwrap();
    assert_eq!(
        kind(f.service.authenticate(&token, None).await),
        Some(ErrorKind::Auth)
    );
}

#[tokio::test]
async fn a_logout_through_another_service_ends_the_session_here_at_once() {
    let f = fixture().await;
    let token = signed_in(&f, &f.service, "stroy.planner").await;
    assert!(f.service.authenticate(&token, None).await.is_ok());
    another_service(&f).logout(&token, None).await.unwrap();
    assert_eq!(
        kind(f.service.authenticate(&token, None).await),
        Some(ErrorKind::Auth)
    );
}

#[tokio::test]
async fn a_password_change_through_another_service_ends_the_other_sessions_here() {
    let f = fixture().await;
    let first = signed_in(&f, &f.service, "stroy.planner").await;
    assert!(f.service.authenticate(&first, None).await.is_ok());
    let other = another_service(&f);
    let second = other
        .login("stroy.planner", PASSWORD, None)
        .await
        .unwrap()
        .token;
    other
        .change_password(&second, PASSWORD, "Другой-пароль-2026", None)
        .await
        .unwrap();
    assert_eq!(
        kind(f.service.authenticate(&first, None).await),
        Some(ErrorKind::Auth)
    );
    assert!(f.service.authenticate(&second, None).await.is_ok());
}

#[tokio::test]
async fn a_user_and_session_written_behind_the_service_are_read_again() {
    let f = fixture().await;
    let token = signed_in(&f, &f.service, "stroy.analyst").await;
    assert!(f.service.authenticate(&token, None).await.is_ok());
    // The user suspended by a direct write with its own audit entry, as a
    // repair script would.
    let store = f.service.store().clone();
    let mut user: User = store.load("stroy.analyst").await.unwrap().unwrap();
    user.status = UserStatus::Revoked;
    write_behind_the_service(&*store, user, "доступ приостановлен")
        .await
        .unwrap();
    assert_eq!(
        kind(f.service.authenticate(&token, None).await),
        Some(ErrorKind::Auth)
    );
    // Restored the same way: the session works again.
    let mut user: User = store.load("stroy.analyst").await.unwrap().unwrap();
    user.status = UserStatus::Active;
    write_behind_the_service(&*store, user, "доступ восстановлен")
        .await
        .unwrap();
    assert!(f.service.authenticate(&token, None).await.is_ok());
    // The session itself ended behind the service.
    let mut session: Session = store.load(&token.id()).await.unwrap().unwrap();
    session.ended = Some(SessionEnd::Logout);
    write_behind_the_service(&*store, session, "сеанс завершён")
        .await
        .unwrap();
    assert_eq!(
        kind(f.service.authenticate(&token, None).await),
        Some(ErrorKind::Auth)
    );
}

#[tokio::test]
async fn reports_written_meanwhile_keep_the_sign_in_and_expiry_is_still_judged() {
    let f = fixture().await;
    let (counting, service, token) = planner_through_a_counting_store(&f).await;
    // A report saved and submitted through another service: revisions only.
    f.submitted_report().await.unwrap();
    let before = sign_in_reads(&counting);
    for _ in 0..5 {
        f.clock.advance(Duration::minutes(10));
        service.authenticate(&token, None).await.unwrap();
    }
    assert_eq!(
        sign_in_reads(&counting),
        before,
        "the session, user and credential are not read again"
    );
    // Idle past the timeout: refused although nothing was read again.
    f.clock.advance(Duration::minutes(31));
    assert_eq!(
        kind(service.authenticate(&token, None).await),
        Some(ErrorKind::Auth)
    );
}

#[tokio::test]
async fn logins_and_failed_logins_of_others_keep_the_sign_in() {
    let f = fixture().await;
    let (counting, service, token) = planner_through_a_counting_store(&f).await;
    let before = sign_in_reads(&counting);
    // Another user logs in through another service, someone guesses.
    let other = another_service(&f);
    let theirs = signed_in(&f, &other, "stroy.head").await;
    // Their password change dropped what was kept: read again once.
    service.authenticate(&token, None).await.unwrap();
    assert!(sign_in_reads(&counting) > before);
    let baseline = sign_in_reads(&counting);
    other.login("stroy.head", PASSWORD, None).await.unwrap();
    assert!(
        other
            .login("stroy.analyst", "угадай-угадай", None)
            .await
            .is_err()
    );
    assert!(
        other
            .login("nobody.nn", "угадай-угадай", None)
            .await
            .is_err()
    );
    service.authenticate(&token, None).await.unwrap();
    assert_eq!(
        sign_in_reads(&counting),
        baseline,
        "logins write new sessions and counters only: nothing kept is read again"
    );
    assert!(
        baseline > before,
        "the other user's password change dropped it"
    );
    // Their logout is a change to a session: everything kept is dropped.
    other.logout(&theirs, None).await.unwrap();
    service.authenticate(&token, None).await.unwrap();
    assert!(sign_in_reads(&counting) > baseline);
}

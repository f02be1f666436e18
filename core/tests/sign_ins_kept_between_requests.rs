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
use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;
use chrono::Duration;
use common::*;
use stratmon_core::audit::AuditEntry;
use stratmon_core::auth::{Session, SessionEnd, SessionToken};
use stratmon_core::conformance::{Fixture, write_behind_the_service};
use stratmon_core::model::{User, UserId, UserStatus};
use stratmon_core::store::{ChangeSet, Collection, Record, Store, StoreExt};
use stratmon_core::{ErrorKind, Result, Service};

const PASSWORD: &str = "Весна-в-Кузбассе-2026";

/// A second service over the fixture's store, as another process would be.
fn another_service(f: &Fixture) -> Service {
    Service::new(f.service.store().clone()).with_clock(f.clock.clone())
}

/// A store that counts reads of sessions, users and credentials.
#[derive(Debug)]
struct CountingStore {
    inner: Arc<dyn Store>,
    sign_in_reads: AtomicUsize,
}

impl CountingStore {
    fn sign_in_reads(&self) -> usize {
        self.sign_in_reads.load(Ordering::SeqCst)
    }
}

#[async_trait]
impl Store for CountingStore {
    fn backend(&self) -> &'static str {
        self.inner.backend()
    }
    async fn get(&self, collection: Collection, key: &str) -> Result<Option<Record>> {
        if matches!(
            collection,
            Collection::Session | Collection::User | Collection::Credential
        ) {
            self.sign_in_reads.fetch_add(1, Ordering::SeqCst);
        }
        self.inner.get(collection, key).await
    }
    async fn list(&self, collection: Collection, partition: Option<&str>) -> Result<Vec<Record>> {
        self.inner.list(collection, partition).await
    }
    async fn commit(&self, change: ChangeSet) -> Result<AuditEntry> {
        self.inner.commit(change).await
    }
    async fn audit_entries(&self, from_seq: u64, limit: usize) -> Result<Vec<AuditEntry>> {
        self.inner.audit_entries(from_seq, limit).await
    }
    async fn restore(&self, records: Vec<Record>, audit: Vec<AuditEntry>) -> Result<()> {
        self.inner.restore(records, audit).await
    }
}

/// A service over the fixture's store that counts sign-in reads, with the
/// Planner signed in through it and authenticated once (so kept).
async fn planner_through_a_counting_store(
    f: &Fixture,
) -> (Arc<CountingStore>, Service, SessionToken) {
    let counting = Arc::new(CountingStore {
        inner: f.service.store().clone(),
        sign_in_reads: AtomicUsize::new(0),
    });
    let service = Service::new(counting.clone()).with_clock(f.clock.clone());
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
    let before = counting.sign_in_reads();
    for _ in 0..5 {
        f.clock.advance(Duration::minutes(10));
        service.authenticate(&token, None).await.unwrap();
    }
    assert_eq!(
        counting.sign_in_reads(),
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
    let before = counting.sign_in_reads();
    // Another user logs in through another service, someone guesses.
    let other = another_service(&f);
    let theirs = signed_in(&f, &other, "stroy.head").await;
    // Their password change dropped what was kept: read again once.
    service.authenticate(&token, None).await.unwrap();
    assert!(counting.sign_in_reads() > before);
    let baseline = counting.sign_in_reads();
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
        counting.sign_in_reads(),
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
    assert!(counting.sign_in_reads() > baseline);
}

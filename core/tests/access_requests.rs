//! Registration, revocation and role-change requests, processed within two
//! business days of receipt.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod common;

use common::*;
use stratmon_core::ErrorKind;
use stratmon_core::conformance::{Fixture, snapshot};
use stratmon_core::model::{Role, UserStatus};
use stratmon_core::requests::{AccessRequest, PersonEntry, RequestKind, RequestStatus};
use stratmon_core::service::NewRequest;

fn person(full_name: &str, email: &str) -> PersonEntry {
    PersonEntry {
        full_name: full_name.into(),
        position: "главный специалист".into(),
        roles: vec!["плановик".into(), "analyst".into()],
        landline: "8 (3842) 58-12-34 доб. 105".into(),
        mobile: "+7 913 123-45-67".into(),
        email: email.into(),
        login: None,
    }
}

fn registration(people: Vec<PersonEntry>) -> NewRequest {
    NewRequest {
        kind: RequestKind::Registration,
        participant: "minstroy".parse().unwrap(),
        signed_by: "Руководов Виктор Павлович".into(),
        reason: String::new(),
        people,
        received_at: None,
    }
}

async fn register(f: &Fixture, people: Vec<PersonEntry>) -> stratmon_core::service::Approval {
    let filed = f
        .service
        .file_request(&f.admin, registration(people))
        .await
        .unwrap();
    f.service
        .approve_request(&f.admin, &filed.id, filed.version)
        .await
        .unwrap()
}

/// Ivanov's registration, filed on Friday 6 March 2026 at noon.
async fn filed_on_friday_6_march(f: &Fixture) -> AccessRequest {
    set_local_noon(f, 2026, 3, 6);
    f.service
        .file_request(
            &f.admin,
            registration(vec![person("Иванов Иван Иванович", "ivanov@example.ru")]),
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn a_request_received_on_friday_6_march_2026_is_due_on_wednesday_11_march() {
    let f = fixture().await;
    let filed = filed_on_friday_6_march(&f).await;
    assert_eq!(filed.due, date(2026, 3, 11));
    set_local_noon(&f, 2026, 3, 11);
    assert!(
        f.service
            .overdue_requests(&f.admin)
            .await
            .unwrap()
            .is_empty()
    );
    set_local_noon(&f, 2026, 3, 12);
    let overdue = f.service.overdue_requests(&f.coordinator).await.unwrap();
    assert_eq!(
        overdue.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        [filed.id.as_str()]
    );
}

#[tokio::test]
async fn a_request_is_overdue_in_the_inbox_and_the_list_alike_until_it_is_decided() {
    let f = fixture().await;
    let filed = filed_on_friday_6_march(&f).await;
    let inbox_overdue = || async {
        f.service
            .inbox(&f.admin)
            .await
            .unwrap()
            .into_iter()
            .filter(|item| item.request.as_deref() == Some(filed.id.as_str()))
            .map(|item| item.overdue)
            .collect::<Vec<_>>()
    };
    // On the due day: waiting, not late.
    set_local_noon(&f, 2026, 3, 11);
    assert!(!filed.is_overdue(date(2026, 3, 11)));
    assert_eq!(inbox_overdue().await, [false]);
    // The day after: late in the inbox and in the overdue list.
    set_local_noon(&f, 2026, 3, 12);
    assert!(filed.is_overdue(date(2026, 3, 12)));
    assert_eq!(inbox_overdue().await, [true]);
    assert_eq!(f.service.overdue_requests(&f.admin).await.unwrap().len(), 1);
    // Decided late, it is late no more: gone from both.
    f.service
        .approve_request(&f.admin, &filed.id, filed.version)
        .await
        .unwrap();
    let decided = f
        .service
        .list_requests(&f.admin, false)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.id == filed.id)
        .unwrap();
    assert_eq!(decided.status, RequestStatus::Approved);
    assert!(!decided.is_overdue(date(2026, 3, 12)));
    assert!(inbox_overdue().await.is_empty());
    assert!(
        f.service
            .overdue_requests(&f.admin)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_request_received_before_the_new_year_holidays_is_due_after_them() {
    let f = fixture().await;
    let mut new = registration(vec![person("Иванов Иван Иванович", "ivanov@example.ru")]);
    new.received_at =
        Some(chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2025, 12, 30, 3, 0, 0).unwrap());
    let filed = f.service.file_request(&f.admin, new).await.unwrap();
    // 31 December 2025 and 1–11 January 2026 are days off.
    assert_eq!(filed.due, date(2026, 1, 13));
}

#[tokio::test]
async fn approval_creates_users_with_passport_logins_and_one_time_passwords() {
    let f = fixture().await;
    let approval = register(
        &f,
        vec![
            person("Иванов Иван Иванович", "ivanov@example.ru"),
            person("Иванов Игорь Ильич", "i.ivanov@example.ru"),
        ],
    )
    .await;
    let logins: Vec<&str> = approval
        .created
        .iter()
        .map(|c| c.user.login.as_str())
        .collect();
    assert_eq!(logins, ["ivanov.ii", "ivanov.ii2"]);
    assert_eq!(approval.request.status, RequestStatus::Approved);
    let created = &approval.created[0];
    assert_eq!(created.user.roles, [Role::Planner, Role::Analyst].into());
    let grant = f
        .service
        .login("ivanov.ii", &created.one_time_password, None)
        .await
        .unwrap();
    assert!(grant.must_change_password);
}

#[tokio::test]
async fn an_incomplete_or_wrong_request_is_refused_with_every_reason_and_creates_nothing() {
    let f = fixture().await;
    let before = snapshot(&**f.service.store()).await.unwrap();
    let mut bad = registration(vec![
        PersonEntry {
            full_name: "Иванов".into(),
            roles: vec!["бухгалтер".into()],
            landline: "12-34".into(),
            mobile: String::new(),
            email: "ivanov@".into(),
            ..Default::default()
        },
        person("Плановикова Анна Сергеевна", "anna@example.ru"),
        person("Сидоров Сидор Сидорович", "anna@example.ru"),
    ]);
    bad.signed_by = " ".into();
    let err = f.service.file_request(&f.admin, bad).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation);
    let mut fields: Vec<&str> = err.problems().iter().map(|p| p.field.as_str()).collect();
    fields.sort();
    assert_eq!(
        fields,
        [
            "people[0].email",
            "people[0].full_name",
            "people[0].landline",
            "people[0].mobile",
            "people[0].position",
            "people[0].roles",
            "people[1].full_name",
            "people[2].email",
            "signed_by",
        ],
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("already registered as `stroy.planner`"),
        "{err}"
    );
    assert_eq!(snapshot(&**f.service.store()).await.unwrap(), before);
}

#[tokio::test]
async fn a_refusal_needs_reasons_and_creates_nobody() {
    let f = fixture().await;
    let filed = f
        .service
        .file_request(
            &f.admin,
            registration(vec![person("Иванов Иван Иванович", "ivanov@example.ru")]),
        )
        .await
        .unwrap();
    assert_eq!(
        kind(
            f.service
                .refuse_request(&f.admin, &filed.id, filed.version, vec![" ".into()])
                .await
        ),
        Some(ErrorKind::Validation)
    );
    let refused = f
        .service
        .refuse_request(
            &f.admin,
            &filed.id,
            filed.version,
            vec!["Нет подписи руководителя".into()],
        )
        .await
        .unwrap();
    assert_eq!(refused.status, RequestStatus::Refused);
    assert_eq!(
        kind(
            f.service
                .approve_request(&f.admin, &filed.id, refused.version)
                .await
        ),
        Some(ErrorKind::Conflict)
    );
    assert!(
        f.service
            .list_users(&f.admin)
            .await
            .unwrap()
            .iter()
            .all(|u| u.login.as_str() != "ivanov.ii")
    );
}

#[tokio::test]
async fn revocation_ends_access_and_the_login_is_never_reissued() {
    let f = fixture().await;
    let approval = register(
        &f,
        vec![person("Иванов Иван Иванович", "ivanov@example.ru")],
    )
    .await;
    let otp = approval.created[0].one_time_password.clone();
    let grant = f.service.login("ivanov.ii", &otp, None).await.unwrap();
    f.service
        .change_password(&grant.token, &otp, "Надёжный-пароль-2026", None)
        .await
        .unwrap();
    let revocation = NewRequest {
        kind: RequestKind::Revocation,
        reason: "Увольнение".into(),
        people: vec![PersonEntry {
            full_name: "Иванов Иван Иванович".into(),
            position: "главный специалист".into(),
            email: "ivanov@example.ru".into(),
            ..Default::default()
        }],
        ..registration(vec![])
    };
    let filed = f.service.file_request(&f.head, revocation).await.unwrap();
    let done = f
        .service
        .approve_request(&f.admin, &filed.id, filed.version)
        .await
        .unwrap();
    assert_eq!(
        done.request.decision.unwrap().logins[0].as_str(),
        "ivanov.ii"
    );
    assert_eq!(
        kind(f.service.authenticate(&grant.token, None).await),
        Some(ErrorKind::Auth)
    );
    let again = register(
        &f,
        vec![person("Иванов Иван Иванович", "ivanov@example.ru")],
    )
    .await;
    assert_eq!(again.created[0].user.login.as_str(), "ivanov.ii2");
    let old = f
        .service
        .list_users(&f.admin)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.login.as_str() == "ivanov.ii")
        .unwrap();
    assert_eq!(old.status, UserStatus::Revoked);
}

#[tokio::test]
async fn a_role_change_is_a_request_too_and_is_audited() {
    let f = fixture().await;
    let change = NewRequest {
        kind: RequestKind::RoleChange,
        reason: "Перевод на должность руководителя".into(),
        people: vec![PersonEntry {
            login: Some("stroy.planner".parse().unwrap()),
            roles: vec!["руководитель".into()],
            ..Default::default()
        }],
        ..registration(vec![])
    };
    let filed = f.service.file_request(&f.admin, change).await.unwrap();
    f.service
        .approve_request(&f.admin, &filed.id, filed.version)
        .await
        .unwrap();
    let planner = f.service.current_user(&f.planner).await.unwrap();
    assert_eq!(planner.roles, [Role::Head].into());
    let q = stratmon_core::audit::AuditQuery {
        action: Some("request.decide".into()),
        ..Default::default()
    };
    assert_eq!(f.service.audit(&f.admin, &q).await.unwrap().len(), 1);
}

#[tokio::test]
async fn closing_a_liquidated_participant_revokes_all_its_users_at_once() {
    let f = fixture().await;
    let otp = f.one_time_passwords[&f.other_head.user].clone();
    let grant = f.service.login("zdrav.head", &otp, None).await.unwrap();
    let revoked = f
        .service
        .close_participant(
            &f.coordinator,
            &"minzdrav".parse().unwrap(),
            "Реорганизация",
        )
        .await
        .unwrap();
    let names: Vec<&str> = revoked.iter().map(|l| l.as_str()).collect();
    assert_eq!(names, ["zdrav.analyst", "zdrav.head", "zdrav.planner"]);
    assert_eq!(
        kind(
            f.service
                .change_password(&grant.token, &otp, "Новый-пароль-2026", None)
                .await
        ),
        Some(ErrorKind::Auth)
    );
    assert_eq!(
        kind(
            f.service
                .list_events(&f.other_planner, &Default::default())
                .await
        ),
        Some(ErrorKind::Auth)
    );
}

#[tokio::test]
async fn heads_see_and_file_only_their_own_participants_requests() {
    let f = fixture().await;
    f.service
        .file_request(
            &f.head,
            registration(vec![person("Иванов Иван Иванович", "ivanov@example.ru")]),
        )
        .await
        .unwrap();
    let mut theirs = registration(vec![person("Петров Пётр Петрович", "petrov@example.ru")]);
    theirs.participant = "novokuz".parse().unwrap();
    assert_eq!(
        kind(f.service.file_request(&f.head, theirs.clone()).await),
        Some(ErrorKind::PermissionDenied)
    );
    f.service.file_request(&f.admin, theirs).await.unwrap();
    assert_eq!(
        f.service.list_requests(&f.head, false).await.unwrap().len(),
        1
    );
    assert_eq!(
        f.service
            .list_requests(&f.co_head, false)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        f.service
            .list_requests(&f.coordinator, false)
            .await
            .unwrap()
            .len(),
        2
    );
}

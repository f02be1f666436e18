#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! The Admin's pages in a browser: access requests with their due dates and
//! decisions, the users and their failed-login locks, and the audit log with
//! its integrity check — each shown to the roles that may see it and refused
//! to the others, every form refused without its CSRF token.

mod web_support;

use stratmon_core::requests::{AccessRequest, PersonEntry, RequestKind, RequestStatus};
use stratmon_core::service::NewRequest;
use stratmon_core::{ErrorKind, Service};
use web_support::{Browser, actor, region};

/// Files a registration request for `minstroy` naming one person called
/// `name` (unique per test, so that tests sharing the region do not meet).
async fn file_registration(service: &Service, name: &str, email: &str) -> AccessRequest {
    service
        .file_request(
            &actor("demo.admin"),
            NewRequest {
                kind: RequestKind::Registration,
                participant: "minstroy".parse().unwrap(),
                signed_by: "Руководитель Министерства".into(),
                reason: String::new(),
                people: vec![PersonEntry {
                    full_name: name.into(),
                    position: "ведущий специалист".into(),
                    roles: vec!["плановик".into()],
                    landline: "+7 3842 11-22-33".into(),
                    mobile: "+7 913 111-22-33".into(),
                    email: email.into(),
                    login: None,
                }],
                received_at: None,
            },
        )
        .await
        .unwrap()
}

async fn request(service: &Service, id: &str) -> AccessRequest {
    service
        .list_requests(&actor("demo.admin"), false)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.id == id)
        .unwrap()
}

#[tokio::test]
async fn the_admin_sees_pending_requests_first_with_their_due_dates() {
    let service = region().await;
    let filed = file_registration(service, "Списков Павел Андреевич", "spiskov@example.ru").await;
    let browser = Browser::login(service, "demo.admin").await;
    let page = browser.get("/requests").await;
    page.assert_status(200).assert_shows(&[
        "<h1>Заявки</h1>",
        &format!("href=\"/requests/{}\"", filed.id),
        "Регистрация",
        "на рассмотрении",
        "исполнена",
        &filed.due.format("%d.%m.%Y").to_string(),
    ]);
    let pending = page.body.find("на рассмотрении").unwrap();
    let done = page.body.find("исполнена").unwrap();
    assert!(pending < done, "pending requests come first");
}

#[tokio::test]
async fn a_planner_may_not_see_requests() {
    let service = region().await;
    let filed = file_registration(service, "Закрытов Олег Ильич", "zakrytov@example.ru").await;
    let browser = Browser::login(service, "demo.planner").await;
    browser.get("/requests").await.assert_status(403);
    browser
        .get(&format!("/requests/{}", filed.id))
        .await
        .assert_status(403);
}

#[tokio::test]
async fn the_admin_refuses_a_request_with_reasons() {
    let service = region().await;
    let filed = file_registration(service, "Отказов Иван Петрович", "otkazov@example.ru").await;
    let browser = Browser::login(service, "demo.admin").await;
    browser
        .get(&format!("/requests/{}", filed.id))
        .await
        .assert_status(200)
        .assert_shows(&[
            &format!("Заявка № {}", filed.id),
            "Отказов Иван Петрович",
            "otkazov@example.ru",
            "Срок исполнения",
            "<label for=\"reasons\">",
            "Отклонить заявку",
        ]);
    let version = filed.version.to_string();
    let answer = browser
        .post(
            &format!("/requests/{}/refuse", filed.id),
            &[
                ("version", &version),
                (
                    "reasons",
                    "нет подписи руководителя\nне указан стационарный телефон",
                ),
            ],
        )
        .await;
    answer.assert_status(303);
    assert_eq!(answer.location(), "/requests?done=refused");
    let refused = request(service, &filed.id).await;
    assert_eq!(refused.status, RequestStatus::Refused);
    assert_eq!(
        refused.decision.unwrap().reasons,
        ["нет подписи руководителя", "не указан стационарный телефон"]
    );
    browser
        .get(&format!("/requests/{}", filed.id))
        .await
        .assert_shows(&["отклонена", "нет подписи руководителя"]);
}

#[tokio::test]
async fn a_decision_without_the_csrf_token_is_refused_and_the_request_stays_pending() {
    let service = region().await;
    let filed = file_registration(service, "Токенов Семён Львович", "tokenov@example.ru").await;
    let browser = Browser::login(service, "demo.admin").await;
    let version = filed.version.to_string();
    browser
        .post_raw(
            &format!("/requests/{}/refuse", filed.id),
            &[("version", &version), ("reasons", "без токена")],
        )
        .await
        .assert_status(403);
    browser
        .post_raw(
            &format!("/requests/{}/approve", filed.id),
            &[("version", &version)],
        )
        .await
        .assert_status(403);
    assert_eq!(
        request(service, &filed.id).await.status,
        RequestStatus::Pending
    );
}

#[tokio::test]
async fn approving_a_registration_shows_the_one_time_password_once() {
    let service = region().await;
    let filed = file_registration(service, "Новиков Артём Сергеевич", "novikov@example.ru").await;
    let browser = Browser::login(service, "demo.admin").await;
    let version = filed.version.to_string();
    let page = browser
        .post(
            &format!("/requests/{}/approve", filed.id),
            &[("version", &version)],
        )
        .await;
    page.assert_status(200).assert_shows(&[
        "Одноразовые пароли",
        "Новиков Артём Сергеевич",
        "Плановик",
    ]);
    assert_eq!(page.headers["cache-control"], "no-store");
    let approved = request(service, &filed.id).await;
    assert_eq!(approved.status, RequestStatus::Approved);
    let login = approved.decision.unwrap().logins[0].to_string();
    assert!(page.body.contains(&login));
    // The password on the page is the one that works, and only once shown.
    let cell = format!("<td class=\"code\">{login}</td>");
    let after_login = &page.body[page.body.find(&cell).unwrap() + cell.len()..];
    let start = after_login.rfind("<td class=\"code\">").unwrap() + "<td class=\"code\">".len();
    let password = &after_login[start..start + after_login[start..].find("</td>").unwrap()];
    let grant = service.login(&login, password, None).await.unwrap();
    assert!(grant.must_change_password);
    let again = browser.get(&format!("/requests/{}", filed.id)).await;
    again
        .assert_status(200)
        .assert_shows(&["исполнена", &login]);
    assert!(!again.body.contains(password));
}

#[tokio::test]
async fn the_admin_lists_users_and_opens_one() {
    let service = region().await;
    let browser = Browser::login(service, "demo.admin").await;
    browser
        .get("/users")
        .await
        .assert_status(200)
        .assert_shows(&[
            "<h1>Пользователи</h1>",
            "href=\"/users/demo.planner\"",
            "Министерство строительства",
            "Плановик",
            "действует",
        ]);
    browser
        .get("/users/demo.planner")
        .await
        .assert_status(200)
        .assert_shows(&[
            "demo.planner",
            "Роли",
            "Снять блокировку входа",
            "Последние действия",
        ]);
    browser.get("/users/nobody.here").await.assert_status(404);
}

#[tokio::test]
async fn the_coordinator_may_not_see_users() {
    let browser = Browser::login(region().await, "demo.coordinator").await;
    browser.get("/users").await.assert_status(403);
    browser.get("/users/demo.planner").await.assert_status(404);
}

#[tokio::test]
async fn the_admin_lifts_a_failed_login_lock() {
    let service = region().await;
    for _ in 0..6 {
        let _ = service
            .login("demo.planner2", "неверный пароль", None)
            .await;
    }
    let locked = service
        .login("demo.planner2", stratmon_http::demo::DEMO_PASSWORD, None)
        .await
        .unwrap_err();
    assert_eq!(locked.kind(), ErrorKind::Throttled);
    let browser = Browser::login(service, "demo.admin").await;
    browser
        .post_raw("/users/demo.planner2/unlock", &[])
        .await
        .assert_status(403);
    assert!(
        service
            .login("demo.planner2", stratmon_http::demo::DEMO_PASSWORD, None)
            .await
            .is_err()
    );
    let answer = browser.post("/users/demo.planner2/unlock", &[]).await;
    answer.assert_status(303);
    assert_eq!(answer.location(), "/users/demo.planner2?done=unlocked");
    browser
        .get(answer.location())
        .await
        .assert_shows(&["Вход разблокирован."]);
    service
        .login("demo.planner2", stratmon_http::demo::DEMO_PASSWORD, None)
        .await
        .unwrap();
    // A login that never failed has nothing to lift, and the page says so.
    let never = browser.post("/users/demo.analyst/unlock", &[]).await;
    assert_eq!(never.location(), "/users/demo.analyst?done=not_locked");
    browser
        .get(never.location())
        .await
        .assert_shows(&["Вход не был заблокирован."]);
}

#[tokio::test]
async fn the_audit_log_is_filtered_newest_first_and_paged() {
    let service = region().await;
    let browser = Browser::login(service, "demo.admin").await;
    let page = browser.get("/audit?user=demo.coordinator").await;
    page.assert_status(200).assert_shows(&[
        "Журнал действий",
        "<label for=\"from\">",
        "<label for=\"object\">",
        "demo.coordinator",
        "Страница 1",
        "Старее →",
    ]);
    // Newest first: the sequence numbers go down the page.
    let seqs: Vec<u64> = page
        .body
        .match_indices("<td class=\"num\">")
        .filter_map(|(at, tag)| {
            let rest = &page.body[at + tag.len()..];
            rest[..rest.find('<')?].parse().ok()
        })
        .collect();
    assert!(seqs.len() > 10);
    assert!(seqs.windows(2).all(|w| w[0] > w[1]), "{seqs:?}");
    browser
        .get("/audit?user=demo.coordinator&page=2")
        .await
        .assert_status(200)
        .assert_shows(&["Страница 2", "← Новее"]);
    browser
        .get("/audit?action=auth.login&from=2026-11-26&to=2026-11-26")
        .await
        .assert_status(200)
        .assert_shows(&["auth.login"]);
}

#[tokio::test]
async fn the_coordinator_reads_the_audit_log_and_a_planner_may_not() {
    let service = region().await;
    Browser::login(service, "demo.coordinator")
        .await
        .get("/audit")
        .await
        .assert_status(200);
    Browser::login(service, "demo.planner")
        .await
        .get("/audit")
        .await
        .assert_status(403);
}

#[tokio::test]
async fn verifying_the_audit_chain_says_it_is_intact() {
    let browser = Browser::login(region().await, "demo.admin").await;
    browser
        .post("/audit/verify", &[])
        .await
        .assert_status(200)
        .assert_shows(&["Журнал цел", "Проверено записей"]);
    browser
        .post_raw("/audit/verify", &[])
        .await
        .assert_status(403);
}

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

mod common;
mod web_support;

use stratmon_core::audit::AuditQuery;
use stratmon_core::requests::{AccessRequest, PersonEntry, RequestKind, RequestStatus};
use stratmon_core::service::NewRequest;
use stratmon_core::{ErrorKind, Service};
use stratmon_http::demo::DEMO_PASSWORD;
use web_support::{actor, browser, fresh_region, has_markup, region};

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
    let mut b = browser(service, "demo.admin").await;
    let page = b.get("/requests").await;
    page.expect(200)
        .shows("Заявки")
        .shows("Регистрация")
        .shows("на рассмотрении")
        .shows("исполнена")
        .shows(&filed.due.format("%d.%m.%Y").to_string());
    has_markup(&page, &format!("href=\"/requests/{}\"", filed.id));
    // The inbox names the request in Russian, not with the core's title.
    let inbox = b.get("/").await;
    inbox
        .expect(200)
        .shows("Рассмотреть заявку")
        .shows(&format!("Заявка № {}", filed.id));
    assert!(!inbox.text().contains("request of"), "{}", inbox.text());
    let text = page.text();
    let pending = text.find("на рассмотрении").unwrap();
    let done = text.find("исполнена").unwrap();
    assert!(pending < done, "pending requests come first");
}

#[tokio::test]
async fn a_planner_may_not_see_requests() {
    let service = region().await;
    let filed = file_registration(service, "Закрытов Олег Ильич", "zakrytov@example.ru").await;
    let mut b = browser(service, "demo.planner").await;
    b.get("/requests").await.expect(403);
    b.get(&format!("/requests/{}", filed.id)).await.expect(403);
}

#[tokio::test]
async fn the_admin_refuses_a_request_with_reasons() {
    let service = region().await;
    let filed = file_registration(service, "Отказов Иван Петрович", "otkazov@example.ru").await;
    let mut b = browser(service, "demo.admin").await;
    let form = b.get(&format!("/requests/{}", filed.id)).await;
    form.expect(200)
        .shows(&format!("Заявка № {}", filed.id))
        .shows("Отказов Иван Петрович")
        .shows("otkazov@example.ru")
        .shows("Срок исполнения")
        .shows("Отклонить заявку");
    has_markup(&form, "<label for=\"reasons\">");
    let answer = b
        .submit(
            &form,
            &format!("/requests/{}/refuse", filed.id),
            &[
                ("version", &form.version()),
                (
                    "reasons",
                    "нет подписи руководителя\nне указан стационарный телефон",
                ),
            ],
        )
        .await;
    answer.expect(303);
    assert_eq!(answer.location(), Some("/requests?done=refused"));
    let refused = request(service, &filed.id).await;
    assert_eq!(refused.status, RequestStatus::Refused);
    assert_eq!(
        refused.decision.unwrap().reasons,
        ["нет подписи руководителя", "не указан стационарный телефон"]
    );
    b.get(&format!("/requests/{}", filed.id))
        .await
        .shows("отклонена")
        .shows("нет подписи руководителя");
}

#[tokio::test]
async fn a_decision_without_the_csrf_token_is_refused_and_the_request_stays_pending() {
    let service = region().await;
    let filed = file_registration(service, "Токенов Семён Львович", "tokenov@example.ru").await;
    let mut b = browser(service, "demo.admin").await;
    let version = filed.version.to_string();
    b.post_raw(
        &format!("/requests/{}/refuse", filed.id),
        &[("version", &version), ("reasons", "без токена")],
    )
    .await
    .expect(403);
    b.post_raw(
        &format!("/requests/{}/approve", filed.id),
        &[("version", &version)],
    )
    .await
    .expect(403);
    assert_eq!(
        request(service, &filed.id).await.status,
        RequestStatus::Pending
    );
}

#[tokio::test]
async fn approving_a_registration_shows_the_one_time_password_once() {
    let service = region().await;
    let filed = file_registration(service, "Новиков Артём Сергеевич", "novikov@example.ru").await;
    let mut b = browser(service, "demo.admin").await;
    let form = b.get(&format!("/requests/{}", filed.id)).await;
    let page = b
        .submit(
            &form,
            &format!("/requests/{}/approve", filed.id),
            &[("version", &form.version())],
        )
        .await;
    page.expect(200)
        .shows("Одноразовые пароли")
        .shows("Новиков Артём Сергеевич")
        .shows("Плановик");
    assert_eq!(page.headers["cache-control"], "no-store");
    let approved = request(service, &filed.id).await;
    assert_eq!(approved.status, RequestStatus::Approved);
    let login = approved.decision.unwrap().logins[0].to_string();
    // The password on the page is the one that works.
    let cell = format!("<td class=\"code\">{login}</td>");
    let after_login = &page.html[page.html.find(&cell).unwrap() + cell.len()..];
    let start = after_login.find("<td class=\"code\">").unwrap() + "<td class=\"code\">".len();
    let password = &after_login[start..start + after_login[start..].find("</td>").unwrap()];
    let grant = service.login(&login, password, None).await.unwrap();
    assert!(grant.must_change_password);
    // And it is not shown again.
    let again = b.get(&format!("/requests/{}", filed.id)).await;
    again.expect(200).shows("исполнена").shows(&login);
    assert!(!again.html.contains(password));
}

#[tokio::test]
async fn the_admin_lists_users_and_opens_one() {
    let mut b = browser(region().await, "demo.admin").await;
    let list = b.get("/users").await;
    list.expect(200)
        .shows("Пользователи")
        .shows("Министерство строительства")
        .shows("Плановик")
        .shows("действует");
    has_markup(&list, "href=\"/users/demo.planner\"");
    b.get("/users/demo.planner")
        .await
        .expect(200)
        .shows("demo.planner")
        .shows("Роли")
        .shows("Снять блокировку входа")
        .shows("Последние действия");
    b.get("/users/nobody.here").await.expect(404);
}

#[tokio::test]
async fn the_coordinator_may_not_see_users() {
    let mut b = browser(region().await, "demo.coordinator").await;
    b.get("/users").await.expect(403);
    b.get("/users/demo.planner").await.expect(404);
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
        .login("demo.planner2", DEMO_PASSWORD, None)
        .await
        .unwrap_err();
    assert_eq!(locked.kind(), ErrorKind::Throttled);
    let mut b = browser(service, "demo.admin").await;
    b.post_raw("/users/demo.planner2/unlock", &[])
        .await
        .expect(403);
    assert!(
        service
            .login("demo.planner2", DEMO_PASSWORD, None)
            .await
            .is_err()
    );
    let page = b.get("/users/demo.planner2").await;
    let answer = b.submit(&page, "/users/demo.planner2/unlock", &[]).await;
    answer.expect(303);
    assert_eq!(
        answer.location(),
        Some("/users/demo.planner2?done=unlocked")
    );
    b.get("/users/demo.planner2?done=unlocked")
        .await
        .shows("Вход разблокирован.");
    service
        .login("demo.planner2", DEMO_PASSWORD, None)
        .await
        .unwrap();
    // A login that never failed has nothing to lift, and the page says so.
    let page = b.get("/users/demo.analyst").await;
    let never = b.submit(&page, "/users/demo.analyst/unlock", &[]).await;
    assert_eq!(
        never.location(),
        Some("/users/demo.analyst?done=not_locked")
    );
    b.get("/users/demo.analyst?done=not_locked")
        .await
        .shows("Вход не был заблокирован.");
}

#[tokio::test]
async fn the_audit_log_is_filtered_newest_first_and_paged() {
    let mut b = browser(region().await, "demo.admin").await;
    let page = b.get("/audit?user=demo.coordinator").await;
    page.expect(200)
        .shows("Журнал действий")
        .shows("demo.coordinator")
        .shows("Страница 1")
        .shows("Старее →");
    has_markup(&page, "<label for=\"from\">");
    has_markup(&page, "<label for=\"object\">");
    // Newest first: the sequence numbers go down the page.
    let seqs: Vec<u64> = page
        .html
        .match_indices("<td class=\"num\">")
        .filter_map(|(at, tag)| {
            let rest = &page.html[at + tag.len()..];
            rest[..rest.find('<')?].parse().ok()
        })
        .collect();
    assert!(seqs.len() > 10);
    assert!(seqs.windows(2).all(|w| w[0] > w[1]), "{seqs:?}");
    b.get("/audit?user=demo.coordinator&page=2")
        .await
        .expect(200)
        .shows("Страница 2")
        .shows("← Новее");
    b.get("/audit?action=auth.login&from=2026-11-26&to=2026-11-26")
        .await
        .expect(200)
        .shows("Вход в систему")
        .shows("auth.login");
}

#[tokio::test]
async fn the_coordinator_reads_the_audit_log_and_a_planner_may_not() {
    let service = region().await;
    browser(service, "demo.coordinator")
        .await
        .get("/audit")
        .await
        .expect(200);
    browser(service, "demo.planner")
        .await
        .get("/audit")
        .await
        .expect(403);
}

#[tokio::test]
async fn verifying_the_audit_chain_says_it_is_intact() {
    let mut b = browser(region().await, "demo.admin").await;
    let page = b.get("/audit").await;
    b.submit(&page, "/audit/verify", &[])
        .await
        .expect(200)
        .shows("Журнал цел")
        .shows("Проверено записей");
    b.post_raw("/audit/verify", &[]).await.expect(403);
}

#[tokio::test]
async fn verifying_an_edited_audit_log_names_the_first_broken_entry() {
    let (service, store) = fresh_region().await;
    let mut entries = service
        .audit(&actor("demo.admin"), &AuditQuery::default())
        .await
        .unwrap();
    entries.reverse();
    let mut victim = entries[4].clone();
    victim.draft.summary = "nothing happened here".into();
    store.tamper_audit_entry(victim);
    let mut b = browser(&service, "demo.admin").await;
    let page = b.get("/audit").await;
    b.submit(&page, "/audit/verify", &[])
        .await
        .expect(200)
        .shows("Журнал нарушен")
        .shows(&format!("Первая нарушенная запись: № {}", entries[4].seq))
        .shows("содержимое записи не совпадает с её хешем");
}

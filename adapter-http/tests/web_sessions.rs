#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! Logging in and out of the web interface: the forced password change,
//! cookie flags, CSRF on the login form, security headers, safe redirects.

mod common;

use axum::http::header;
use common::PASSWORD;
use common::web::{Browser, WebApp};

#[tokio::test]
async fn a_page_without_a_session_sends_the_user_to_login_and_back_afterwards() {
    let app = WebApp::new().await;
    let mut browser = Browser::new(app.router.clone());
    let page = browser.get("/events?text=1.1").await;
    page.expect(303);
    assert_eq!(page.location(), Some("/login?next=/events%3Ftext%3D1.1"));

    app.browser("stroy.planner").await;
    let mut browser = Browser::new(app.router.clone());
    let form = browser.get("/login?next=/events").await;
    form.expect(200);
    let answer = browser
        .submit(
            &form,
            "/login",
            &[
                ("login", "stroy.planner"),
                ("password", PASSWORD),
                ("next", "/events"),
            ],
        )
        .await;
    answer.expect(303);
    assert_eq!(answer.location(), Some("/events"));
}

#[tokio::test]
async fn a_one_time_password_must_be_changed_before_any_page_opens() {
    let app = WebApp::new().await;
    let mut browser = Browser::new(app.router.clone());
    let otp = app.one_time_password("stroy.analyst");
    let answer = browser.log_in("stroy.analyst", &otp).await;
    assert_eq!(answer.location(), Some("/password"));
    let inbox = browser.get("/").await;
    assert_eq!(inbox.location(), Some("/password"), "{}", inbox.text());

    let form = browser.get("/password").await;
    form.expect(200).shows("Смена пароля");
    browser
        .submit(
            &form,
            "/password",
            &[
                ("current", &otp),
                ("new", PASSWORD),
                ("repeat", "другой-пароль-2026"),
            ],
        )
        .await
        .expect(422)
        .shows("не совпадают");
    browser
        .submit(
            &form,
            "/password",
            &[("current", &otp), ("new", "коротко"), ("repeat", "коротко")],
        )
        .await
        .expect(422);
    let done = browser
        .submit(
            &form,
            "/password",
            &[("current", &otp), ("new", PASSWORD), ("repeat", PASSWORD)],
        )
        .await;
    done.expect(303);
    browser
        .get("/?done=password")
        .await
        .expect(200)
        .shows("Пароль изменён.")
        .shows("Входящие");
}

#[tokio::test]
async fn the_session_cookie_is_http_only_same_site_strict_and_secure_behind_tls() {
    let app = WebApp::new().await;
    let mut browser = Browser::new(app.router.clone());
    let answer = browser
        .log_in("stroy.head", &app.one_time_password("stroy.head"))
        .await;
    let cookies: Vec<&str> = answer
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    let session = cookies
        .iter()
        .find(|c| c.starts_with("stratmon_session="))
        .unwrap();
    assert!(
        session.contains("HttpOnly") && session.contains("SameSite=Strict"),
        "{session}"
    );
    assert!(
        !session.contains("Secure"),
        "plain HTTP cannot keep a Secure cookie: {session}"
    );

    let request = axum::http::Request::builder()
        .uri("/login")
        .header("x-forwarded-proto", "https")
        .body(axum::body::Body::empty())
        .unwrap();
    let response = tower::ServiceExt::oneshot(app.router.clone(), request)
        .await
        .unwrap();
    let cookie = response
        .headers()
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(cookie.contains("; Secure"), "{cookie}");
}

#[tokio::test]
async fn a_wrong_password_shows_the_form_again_and_a_form_without_its_token_is_refused() {
    let app = WebApp::new().await;
    let mut browser = Browser::new(app.router.clone());
    browser
        .log_in("stroy.planner", "неверный-пароль-1")
        .await
        .expect(401)
        .shows("Неверный логин или пароль");
    assert!(!browser.cookies.contains_key("stratmon_session"));

    let mut stranger = Browser::new(app.router.clone());
    let otp = app.one_time_password("stroy.planner");
    stranger
        .post_raw("/login", &[("login", "stroy.planner"), ("password", &otp)])
        .await
        .expect(403)
        .shows("Форма устарела");
    assert!(!stranger.cookies.contains_key("stratmon_session"));
}

#[tokio::test]
async fn logging_out_ends_the_session_so_its_cookie_opens_nothing() {
    let app = WebApp::new().await;
    let mut browser = app.browser("stroy.planner").await;
    let kept = browser.clone();
    let inbox = browser.get("/").await;
    inbox.expect(200);
    browser.post_raw("/logout", &[]).await.expect(403);
    let out = browser.submit(&inbox, "/logout", &[]).await;
    out.expect(303);
    assert_eq!(out.location(), Some("/login"));
    assert!(!browser.cookies.contains_key("stratmon_session"));
    let mut replay = kept;
    let again = replay.get("/").await;
    again.expect(303);
    assert_eq!(again.location(), Some("/login"));
}

#[tokio::test]
async fn every_page_forbids_inline_script_and_framing() {
    let app = WebApp::new().await;
    let mut browser = app.browser("stroy.planner").await;
    for path in ["/login", "/", "/events", "/no-such-page"] {
        let page = browser.get(path).await;
        let csp = page.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert_eq!(page.headers[header::X_FRAME_OPTIONS], "DENY");
        assert!(
            !page.html.contains("<script>") && !page.html.contains(" style="),
            "{path}"
        );
    }
    let css = browser.get("/static/app.css").await;
    css.expect(200);
    assert_eq!(css.headers[header::CONTENT_TYPE], "text/css; charset=utf-8");
    browser.get("/static/app.js").await.expect(200);
    let icon = browser.get("/favicon.ico").await;
    icon.expect(200);
    assert_eq!(icon.headers[header::CONTENT_TYPE], "image/svg+xml");
}

#[tokio::test]
async fn after_login_the_browser_never_goes_to_another_site() {
    let app = WebApp::new().await;
    app.browser("stroy.planner").await;
    for next in [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
    ] {
        let mut browser = Browser::new(app.router.clone());
        let form = browser.get("/login").await;
        let answer = browser
            .submit(
                &form,
                "/login",
                &[
                    ("login", "stroy.planner"),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(answer.location(), Some("/"), "{next}");
    }
}

#[tokio::test]
async fn an_unknown_path_is_an_html_page_and_the_api_keeps_its_problem_documents() {
    let app = WebApp::new().await;
    let mut browser = Browser::new(app.router.clone());
    let page = browser.get("/no-such-page").await;
    page.expect(404).shows("Страница не найдена");
    assert!(
        page.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let api = browser.get("/api/v1/no-such-route").await;
    api.expect(404);
    assert_eq!(
        api.headers[header::CONTENT_TYPE],
        "application/problem+json"
    );
}

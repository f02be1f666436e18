#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! The OpenAPI document lists exactly the routes the router serves.

mod common;

use axum::http::Method;
use common::{App, Req};
use stratmon_http::openapi::ROUTES;

#[tokio::test]
async fn openapi_json_is_served_without_auth_and_lists_every_route() {
    let app = App::new().await;
    let doc = Req::get("/api/v1/openapi.json").send(&app.router).await;
    assert_eq!(doc.status, 200);
    assert_eq!(doc.body["openapi"], "3.1.0");
    assert_eq!(
        doc.body["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    assert!(doc.body["components"]["schemas"]["Problem"].is_object());
    let paths = doc.body["paths"].as_object().unwrap();
    let mut listed = 0;
    for (path, methods) in paths {
        for method in methods.as_object().unwrap().keys() {
            assert!(
                ROUTES.iter().any(|r| r.path == path && r.method == method),
                "{method} {path} is documented but not in ROUTES"
            );
            listed += 1;
        }
    }
    assert_eq!(listed, ROUTES.len());
    for route in ROUTES {
        let op = &doc.body["paths"][route.path][route.method];
        assert!(op.is_object(), "{} {} missing", route.method, route.path);
        let ok = &op["responses"][route.status.to_string()];
        match route.response {
            Some(_) => assert!(
                ok["content"]
                    .as_object()
                    .is_some_and(|c| c.values().all(|m| !m["schema"].is_null())),
                "{} {} has no answer schema",
                route.method,
                route.path
            ),
            None => assert!(op["responses"]["204"].is_object()),
        }
        if route.request.is_some() {
            assert!(
                op["requestBody"]["content"]["application/json"]["schema"].is_object(),
                "{} {} has no request schema",
                route.method,
                route.path
            );
        }
        for status in ["400", "500"] {
            assert!(op["responses"][status].is_object(), "{status}");
        }
    }
    // Every `$ref` anywhere in the document points at a defined schema.
    let text = doc.body.to_string();
    for part in text.split("#/components/schemas/").skip(1) {
        let name = part.split('"').next().unwrap();
        assert!(
            doc.body["components"]["schemas"][name].is_object(),
            "dangling $ref {name}"
        );
    }
}

#[tokio::test]
async fn request_schemas_refuse_unknown_fields_as_the_server_does() {
    let doc = stratmon_http::openapi::document();
    let schemas = &doc["components"]["schemas"];
    for name in [
        "ReportContentInput",
        "NewEvent",
        "LoginBody",
        "BulkBody",
        "PlanFieldsInput",
    ] {
        assert_eq!(
            schemas[name]["additionalProperties"], false,
            "{name}: {:#}",
            schemas[name]
        );
    }
}

#[tokio::test]
async fn every_documented_route_is_served_by_the_router() {
    let app = App::new().await;
    for route in ROUTES {
        let uri = route
            .path
            .replace("{id}", "1.1.1")
            .replace("{login}", "someone")
            .replace("{name}", "reporting-discipline")
            .replace("{year}", "2026")
            .replace("{month}", "2");
        let method: Method = route.method.to_uppercase().parse().unwrap();
        let answer = Req::new(method, &uri).send(&app.router).await;
        assert_ne!(
            answer.body["code"], "route_not_found",
            "{} {} is documented but not routed",
            route.method, route.path
        );
        assert_ne!(answer.status, 405, "{} {}", route.method, route.path);
        if route.auth {
            answer.assert_problem(401, "unauthorized");
        } else if route.request.is_none() {
            assert_eq!(answer.status, 200, "{} {}", route.method, route.path);
        }
    }
}

#[tokio::test]
async fn healthz_answers_ok_without_auth() {
    let app = App::new().await;
    let answer = Req::get("/healthz").send(&app.router).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body, serde_json::json!({ "status": "ok" }));
}

#[tokio::test]
async fn a_documented_path_serves_no_method_the_document_leaves_out() {
    let app = App::new().await;
    let mut paths: Vec<&str> = ROUTES.iter().map(|r| r.path).collect();
    paths.dedup();
    for path in paths {
        let uri = path
            .replace("{id}", "1.1.1")
            .replace("{login}", "someone")
            .replace("{name}", "reporting-discipline")
            .replace("{year}", "2026")
            .replace("{month}", "2");
        for method in ["get", "put", "post", "patch", "delete"] {
            if ROUTES.iter().any(|r| r.path == path && r.method == method) {
                continue;
            }
            let answer = Req::new(method.to_uppercase().parse().unwrap(), &uri)
                .send(&app.router)
                .await;
            assert_eq!(
                answer.status, 405,
                "{method} {path} is served but not documented"
            );
        }
    }
}

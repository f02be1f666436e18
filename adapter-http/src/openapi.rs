//! The OpenAPI 3.1 document, built by hand from [`ROUTES`], the one table of
//! the routes the router serves (a test checks both agree).

use serde_json::{Map, Value, json};

/// How a route uses `If-Match`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IfMatch {
    /// Not read.
    None,
    /// Optional: absent means version 0 (a new draft).
    Optional,
    /// Required: absent is 428, stale is 412.
    Required,
}

/// One route of the API.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    /// `get`, `put` or `post`.
    pub method: &'static str,
    /// The full path in OpenAPI (and axum 0.8) syntax.
    pub path: &'static str,
    /// One line on what it does.
    pub summary: &'static str,
    /// Whether a bearer token is needed.
    pub auth: bool,
    /// The request body schema, if any.
    pub request: Option<&'static str>,
    /// The success body schema (`[Name]` for an array), `None` for 204.
    pub response: Option<&'static str>,
    /// Query parameters: name and JSON type.
    pub query: &'static [(&'static str, &'static str)],
    /// How the route reads `If-Match`.
    pub if_match: IfMatch,
    /// The success status when there is a body (200, or 201 for creations).
    pub status: u16,
}

const fn route(method: &'static str, path: &'static str, summary: &'static str) -> Route {
    Route {
        method,
        path,
        summary,
        auth: true,
        request: None,
        response: None,
        query: &[],
        if_match: IfMatch::None,
        status: 200,
    }
}

const REPORT: &str = "/api/v1/events/{id}/reports/{year}/{month}";
const PLAN: &str = "/api/v1/events/{id}/annual-plans/{year}";

/// Answers that carry an `ETag`.
const ETAGGED: &[&str] = &[
    "MonthlyReport",
    "SaveOutcome",
    "AnnualPlan",
    "AnnualSaveOutcome",
];

/// Every route the router serves.
pub const ROUTES: &[Route] = &[
    Route {
        auth: false,
        response: Some("Health"),
        ..route("get", "/healthz", "Liveness check")
    },
    Route {
        auth: false,
        response: Some("OpenApi"),
        ..route("get", "/api/v1/openapi.json", "This document")
    },
    Route {
        auth: false,
        request: Some("LoginRequest"),
        response: Some("LoginGrant"),
        ..route(
            "post",
            "/api/v1/auth/login",
            "Log in with login and password",
        )
    },
    route(
        "post",
        "/api/v1/auth/logout",
        "End the session of the token",
    ),
    Route {
        request: Some("PasswordChange"),
        ..route(
            "post",
            "/api/v1/auth/password",
            "Change the password (works while a one-time password is pending)",
        )
    },
    Route {
        response: Some("User"),
        ..route("get", "/api/v1/me", "The logged-in user")
    },
    Route {
        response: Some("[Event]"),
        query: &[
            ("participant", "string"),
            ("direction", "string"),
            ("text", "string"),
            ("status", "string"),
            ("include_excluded", "boolean"),
        ],
        ..route("get", "/api/v1/events", "Events the user sees, filtered")
    },
    Route {
        response: Some("Event"),
        ..route("get", "/api/v1/events/{id}", "The event card")
    },
    Route {
        response: Some("EventStatusReport"),
        ..route(
            "get",
            "/api/v1/events/{id}/status",
            "Derived status of the event and its control points",
        )
    },
    Route {
        response: Some("MonthlyReport"),
        ..route(
            "get",
            REPORT,
            "The current revision of a monthly report (with ETag)",
        )
    },
    Route {
        request: Some("ReportContent"),
        response: Some("SaveOutcome"),
        if_match: IfMatch::Optional,
        ..route(
            "put",
            REPORT,
            "Save the draft; If-Match names the version edited, absent means a new draft",
        )
    },
    Route {
        response: Some("[MonthlyReport]"),
        ..route(
            "get",
            "/api/v1/events/{id}/reports/{year}/{month}/history",
            "Every revision, oldest first",
        )
    },
    Route {
        response: Some("MonthlyReport"),
        if_match: IfMatch::Required,
        ..route(
            "post",
            "/api/v1/events/{id}/reports/{year}/{month}/submit",
            "Submit for checking (Planner)",
        )
    },
    Route {
        response: Some("MonthlyReport"),
        if_match: IfMatch::Required,
        ..route(
            "post",
            "/api/v1/events/{id}/reports/{year}/{month}/accept",
            "Accept a submitted report (Analyst)",
        )
    },
    Route {
        response: Some("MonthlyReport"),
        if_match: IfMatch::Required,
        ..route(
            "post",
            "/api/v1/events/{id}/reports/{year}/{month}/approve",
            "Approve an accepted report (Head)",
        )
    },
    Route {
        request: Some("Comment"),
        response: Some("MonthlyReport"),
        if_match: IfMatch::Required,
        ..route(
            "post",
            "/api/v1/events/{id}/reports/{year}/{month}/return",
            "Return for correction with a comment (Analyst, Head)",
        )
    },
    Route {
        request: Some("Comment"),
        response: Some("MonthlyReport"),
        if_match: IfMatch::Required,
        ..route(
            "post",
            "/api/v1/events/{id}/reports/{year}/{month}/reopen",
            "Reopen an approved report as a new draft (Head, Coordinator)",
        )
    },
    Route {
        request: Some("BulkRequest"),
        response: Some("[BulkResult]"),
        ..route(
            "post",
            "/api/v1/reports/bulk/accept",
            "Accept many reports; each item succeeds or fails on its own",
        )
    },
    Route {
        request: Some("BulkRequest"),
        response: Some("[BulkResult]"),
        ..route(
            "post",
            "/api/v1/reports/bulk/approve",
            "Approve many reports; each item succeeds or fails on its own",
        )
    },
    Route {
        response: Some("[InboxItem]"),
        ..route(
            "get",
            "/api/v1/inbox",
            "What waits for the user, overdue first",
        )
    },
    Route {
        response: Some("[AuditEntry]"),
        query: &[
            ("actor", "string"),
            ("participant", "string"),
            ("object_kind", "string"),
            ("object_id", "string"),
            ("action", "string"),
            ("from", "string"),
            ("to", "string"),
            ("limit", "integer"),
        ],
        ..route(
            "get",
            "/api/v1/audit",
            "Audit entries, newest first (Coordinator, Admin)",
        )
    },
    Route {
        response: Some("AuditVerdict"),
        ..route(
            "get",
            "/api/v1/audit/verify",
            "Recompute the audit hash chain (Coordinator, Admin)",
        )
    },
    Route {
        response: Some("[Participant]"),
        ..route(
            "get",
            "/api/v1/participants",
            "Participants of the strategy",
        )
    },
    Route {
        request: Some("NewParticipant"),
        response: Some("Participant"),
        status: 201,
        ..route("post", "/api/v1/participants", "Register a participant")
    },
    Route {
        response: Some("[StrategyNode]"),
        ..route(
            "get",
            "/api/v1/strategy/directions",
            "The strategy tree: goals and directions",
        )
    },
    Route {
        request: Some("StrategyNode"),
        response: Some("StrategyNode"),
        status: 201,
        ..route(
            "post",
            "/api/v1/strategy/directions",
            "Add a goal or direction (Coordinator)",
        )
    },
    Route {
        response: Some("[Indicator]"),
        query: &[("event", "string")],
        ..route(
            "get",
            "/api/v1/indicators",
            "Indicators in the user's scope",
        )
    },
    Route {
        response: Some("Indicator"),
        ..route(
            "get",
            "/api/v1/indicators/{id}",
            "One indicator with its plan values",
        )
    },
    Route {
        response: Some("[AccessRequest]"),
        query: &[("pending", "boolean")],
        ..route(
            "get",
            "/api/v1/registration-requests",
            "Registration requests",
        )
    },
    Route {
        request: Some("NewRegistration"),
        response: Some("AccessRequest"),
        status: 201,
        ..route(
            "post",
            "/api/v1/registration-requests",
            "File a registration request",
        )
    },
    Route {
        response: Some("Approval"),
        if_match: IfMatch::Required,
        ..route(
            "post",
            "/api/v1/registration-requests/{id}/approve",
            "Carry out a request (Admin); the answer holds the one-time passwords, shown once",
        )
    },
    Route {
        request: Some("Rejection"),
        response: Some("AccessRequest"),
        if_match: IfMatch::Required,
        ..route(
            "post",
            "/api/v1/registration-requests/{id}/reject",
            "Refuse a request with reasons (Admin)",
        )
    },
    Route {
        response: Some("[User]"),
        ..route("get", "/api/v1/users", "Users (Admin)")
    },
    Route {
        response: Some("AnnualPlan"),
        ..route(
            "get",
            PLAN,
            "The current revision of an annual plan (with ETag)",
        )
    },
    Route {
        request: Some("AnnualPlanContent"),
        response: Some("AnnualSaveOutcome"),
        if_match: IfMatch::Optional,
        ..route(
            "put",
            PLAN,
            "Save the draft plan; If-Match names the version edited",
        )
    },
    Route {
        response: Some("[AnnualPlan]"),
        ..route(
            "get",
            "/api/v1/events/{id}/annual-plans/{year}/history",
            "Every revision",
        )
    },
    Route {
        response: Some("AnnualPlan"),
        if_match: IfMatch::Required,
        ..route(
            "post",
            "/api/v1/events/{id}/annual-plans/{year}/submit",
            "Submit (Planner)",
        )
    },
    Route {
        response: Some("AnnualPlan"),
        if_match: IfMatch::Required,
        ..route(
            "post",
            "/api/v1/events/{id}/annual-plans/{year}/accept",
            "Accept (Analyst)",
        )
    },
    Route {
        response: Some("AnnualPlan"),
        if_match: IfMatch::Required,
        ..route(
            "post",
            "/api/v1/events/{id}/annual-plans/{year}/approve",
            "Approve (Head)",
        )
    },
    Route {
        request: Some("Comment"),
        response: Some("AnnualPlan"),
        if_match: IfMatch::Required,
        ..route(
            "post",
            "/api/v1/events/{id}/annual-plans/{year}/return",
            "Return with a comment (Analyst, Head)",
        )
    },
    Route {
        request: Some("Comment"),
        response: Some("AnnualPlan"),
        if_match: IfMatch::Required,
        ..route(
            "post",
            "/api/v1/events/{id}/annual-plans/{year}/reopen",
            "Reopen an approved plan (Head, Coordinator)",
        )
    },
];

const DESCRIPTION: &str = "HTTP API of stratmon, the monitoring system of a regional \
development strategy. JSON in and out; dates are ISO 8601; amounts and indicator values \
are decimal strings. Authenticate with `POST /api/v1/auth/login` and send the token as \
`Authorization: Bearer <token>`.\n\n\
**Versions** travel as entity tags: answers carrying a report have `ETag: \"<version>\"`; \
changes name the version acted on in `If-Match`. A transition without `If-Match` is 428 \
`precondition_required`; an `If-Match` naming a version that is no longer current is \
**412 `stale_version`** (reload and retry). Saving a draft without `If-Match` creates \
version 1; if a draft exists that is 409 `conflict`.\n\n\
**Errors** are `application/problem+json` with a stable `code`: 400 `malformed_json`, \
`bad_request`, `bad_query`, `bad_path`, `malformed_if_match`; 401 `unauthorized`; \
403 `permission_denied`, `password_change_required` (log in with a one-time password, \
then change it); 404 `not_found` (also for objects outside the user's scope, \
so their existence does not leak) and `route_not_found`; 405 `method_not_allowed`; \
409 `conflict`, `invalid_transition`; 412 `stale_version`; 413 `body_too_large`; \
415 `unsupported_media_type`; 422 `validation` (with `problems`: field, severity, \
message), `invalid_body`, `window_closed` (the submission calendar forbids it now); \
428 `precondition_required`; 429 `too_many_attempts` (login locked after repeated \
failures); 500 `internal` (details are logged, never shown).";

fn schema_ref(name: &str) -> Value {
    match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        Some(item) => json!({ "type": "array", "items": schema_ref(item) }),
        None => json!({ "$ref": format!("#/components/schemas/{name}") }),
    }
}

fn problem_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/problem+json": { "schema": schema_ref("Problem") } }
    })
}

fn operation(route: &Route) -> Value {
    let mut parameters = Vec::new();
    for segment in route.path.split('/') {
        if let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            let kind = if name == "id" { "string" } else { "integer" };
            parameters.push(json!({
                "name": name, "in": "path", "required": true, "schema": { "type": kind }
            }));
        }
    }
    for (name, kind) in route.query {
        parameters.push(json!({
            "name": name, "in": "query", "required": false, "schema": { "type": kind }
        }));
    }
    if route.if_match != IfMatch::None {
        parameters.push(json!({
            "name": "If-Match",
            "in": "header",
            "required": route.if_match == IfMatch::Required,
            "description": "The version acted on, as its entity tag: `\"3\"`",
            "schema": { "type": "string" }
        }));
    }
    let mut responses = Map::new();
    match route.response {
        Some(name) => {
            let mut ok = json!({
                "description": "Success",
                "content": { "application/json": { "schema": schema_ref(name) } }
            });
            if ETAGGED.contains(&name) {
                ok["headers"] = json!({
                    "ETag": { "description": "The version, `\"<n>\"`", "schema": { "type": "string" } }
                });
            }
            responses.insert(route.status.to_string(), ok);
        }
        None => {
            responses.insert("204".into(), json!({ "description": "Done" }));
        }
    }
    if route.auth {
        responses.insert("401".into(), problem_response("No or an unusable token"));
        responses.insert("403".into(), problem_response("The role does not allow it"));
        responses.insert(
            "404".into(),
            problem_response("Not found or outside the user's scope"),
        );
    }
    if route.request.is_some() || route.if_match != IfMatch::None || route.path.contains('{') {
        responses.insert("400".into(), problem_response("Malformed request"));
        responses.insert(
            "422".into(),
            problem_response("A rule or field is violated"),
        );
    }
    if route.method != "get" && route.auth {
        responses.insert(
            "409".into(),
            problem_response("Conflict or invalid transition"),
        );
    }
    if route.if_match != IfMatch::None {
        responses.insert(
            "412".into(),
            problem_response("`If-Match` names a stale version"),
        );
    }
    if route.if_match == IfMatch::Required {
        responses.insert("428".into(), problem_response("`If-Match` is missing"));
    }
    responses.insert("500".into(), problem_response("Internal error (logged)"));
    let mut op = json!({
        "summary": route.summary,
        "operationId": format!("{}_{}", route.method, route.path
            .trim_start_matches('/')
            .replace(['/', '.', '-'], "_")
            .replace(['{', '}'], "")),
        "responses": responses,
    });
    if !parameters.is_empty() {
        op["parameters"] = Value::Array(parameters);
    }
    if let Some(name) = route.request {
        op["requestBody"] = json!({
            "required": true,
            "content": { "application/json": { "schema": schema_ref(name) } }
        });
    }
    if !route.auth {
        op["security"] = json!([]);
    }
    op
}

fn obj(required: &[&str], properties: Value) -> Value {
    json!({ "type": "object", "required": required, "properties": properties })
}

fn schemas() -> Value {
    let string = json!({ "type": "string" });
    let date = json!({ "type": "string", "format": "date" });
    let datetime = json!({ "type": "string", "format": "date-time" });
    let decimal = json!({ "type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$" });
    let version = json!({ "type": "integer", "minimum": 0 });
    let any_object = json!({ "type": "object" });
    json!({
        "Problem": obj(&["type", "title", "status", "detail", "code"], json!({
            "type": string, "title": string, "status": { "type": "integer" },
            "detail": string, "code": string,
            "problems": { "type": "array", "items": schema_ref("FieldProblem") }
        })),
        "FieldProblem": obj(&["field", "severity", "message"], json!({
            "field": string,
            "severity": { "type": "string", "enum": ["error", "warning"] },
            "message": string
        })),
        "Health": obj(&["status"], json!({ "status": { "const": "ok" } })),
        "OpenApi": any_object,
        "LoginRequest": obj(&["login", "password"], json!({
            "login": string, "password": { "type": "string", "format": "password" }
        })),
        "LoginGrant": obj(&["token", "user", "must_change_password", "expires_at"], json!({
            "token": string, "user": schema_ref("User"),
            "must_change_password": { "type": "boolean" }, "expires_at": datetime
        })),
        "PasswordChange": obj(&["current", "new"], json!({
            "current": { "type": "string", "format": "password" },
            "new": { "type": "string", "format": "password" }
        })),
        "User": obj(&["login", "full_name", "participant", "roles", "status"], json!({
            "login": string, "full_name": string, "position": string, "participant": string,
            "roles": { "type": "array", "items": string }, "status": string, "version": version
        })),
        "Event": obj(&["id", "plan"], json!({
            "id": string, "plan": any_object, "card": any_object, "version": version
        })),
        "EventStatusReport": any_object,
        "ReportContent": json!({
            "type": "object",
            "properties": {
                "progress": string,
                "control_points": { "type": "object", "additionalProperties": date },
                "indicator_facts": { "type": "object", "additionalProperties": decimal },
                "expenditures": { "type": "object", "additionalProperties": decimal },
                "explanations": { "type": "object", "additionalProperties": string }
            }
        }),
        "MonthlyReport": obj(&["event", "period", "workflow", "content", "version"], json!({
            "event": string,
            "period": schema_ref("Period"),
            "workflow": any_object,
            "content": schema_ref("ReportContent"),
            "version": version
        })),
        "SaveOutcome": obj(&["saved", "problems"], json!({
            "saved": schema_ref("MonthlyReport"),
            "problems": { "type": "array", "items": schema_ref("FieldProblem") }
        })),
        "Period": obj(&["year", "month"], json!({
            "year": { "type": "integer" }, "month": { "type": "integer", "minimum": 1, "maximum": 12 }
        })),
        "Participant": obj(&["id", "name", "kind", "status"], json!({
            "id": string, "name": string,
            "kind": { "type": "string", "enum": ["executive_body", "municipality", "organisation"] },
            "status": string, "settings": any_object, "version": version
        })),
        "NewParticipant": obj(&["id", "name", "kind"], json!({
            "id": string, "name": string,
            "kind": { "type": "string", "enum": ["executive_body", "municipality", "organisation"] },
            "settings": any_object
        })),
        "StrategyNode": obj(&["id", "kind", "title"], json!({
            "id": string, "kind": string, "title": string,
            "parent": { "type": ["string", "null"] }, "version": version
        })),
        "Indicator": obj(&["id"], json!({ "id": string, "fields": any_object, "version": version })),
        "Person": obj(&["full_name", "position", "roles", "landline", "mobile", "email"], json!({
            "full_name": string, "position": string,
            "roles": { "type": "array", "items": string },
            "landline": string, "mobile": string, "email": string,
            "login": { "type": ["string", "null"] }
        })),
        "NewRegistration": obj(&["participant", "signed_by", "people"], json!({
            "participant": string, "signed_by": string,
            "people": { "type": "array", "items": schema_ref("Person") },
            "received_at": { "type": ["string", "null"], "format": "date-time" }
        })),
        "AccessRequest": obj(&["id", "kind", "participant", "status", "version"], json!({
            "id": string, "kind": string, "participant": string, "signed_by": string,
            "people": { "type": "array", "items": schema_ref("Person") },
            "received_at": datetime, "due": date, "status": string,
            "decision": any_object, "version": version
        })),
        "Rejection": obj(&["reasons"], json!({ "reasons": { "type": "array", "items": string } })),
        "Approval": obj(&["request", "created"], json!({
            "request": schema_ref("AccessRequest"),
            "created": { "type": "array", "items": obj(&["user", "one_time_password"], json!({
                "user": schema_ref("User"), "one_time_password": string
            })) }
        })),
        "AnnualPlanContent": json!({
            "type": "object",
            "properties": {
                "works": { "type": "array", "items": obj(&["title", "control_date"], json!({
                    "title": string, "control_date": date,
                    "planned": { "type": "object", "additionalProperties": decimal }
                })) },
                "explanations": { "type": "object", "additionalProperties": string }
            }
        }),
        "AnnualPlan": obj(&["event", "year", "workflow", "content", "version"], json!({
            "event": string, "year": { "type": "integer" }, "workflow": any_object,
            "content": schema_ref("AnnualPlanContent"), "version": version
        })),
        "AnnualSaveOutcome": obj(&["saved", "problems"], json!({
            "saved": schema_ref("AnnualPlan"),
            "problems": { "type": "array", "items": schema_ref("FieldProblem") }
        })),
        "Comment": obj(&["comment"], json!({ "comment": string })),
        "BulkRequest": obj(&["items"], json!({
            "items": { "type": "array", "items": schema_ref("BulkItem") }
        })),
        "BulkItem": obj(&["event", "year", "month", "version"], json!({
            "event": string, "year": { "type": "integer" },
            "month": { "type": "integer", "minimum": 1, "maximum": 12 }, "version": version
        })),
        "BulkResult": obj(&["item", "outcome"], json!({
            "item": schema_ref("BulkItem"),
            "outcome": { "type": "string", "enum": ["ok", "error"] },
            "report": schema_ref("MonthlyReport"),
            "status": { "type": "integer" }, "code": string, "detail": string,
            "problems": { "type": "array", "items": schema_ref("FieldProblem") }
        })),
        "InboxItem": obj(&["task", "title", "due", "overdue"], json!({
            "task": string, "title": string,
            "event": { "type": ["string", "null"], "description": "the event, for plan work" },
            "request": { "type": ["string", "null"], "description": "the access request, for the Admin's work" },
            "period": { "oneOf": [schema_ref("Period"), { "type": "null" }] }, "year": { "type": ["integer", "null"] },
            "due": date, "overdue": { "type": "boolean" }
        })),
        "AuditEntry": any_object,
        "AuditVerdict": obj(&["result"], json!({
            "result": { "type": "string", "enum": ["intact", "broken"] }
        })),
    })
}

/// The OpenAPI 3.1 document of [`ROUTES`].
pub fn document() -> Value {
    let mut paths = Map::new();
    for route in ROUTES {
        let entry = paths
            .entry(route.path.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(methods) = entry {
            methods.insert(route.method.to_owned(), operation(route));
        }
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "stratmon HTTP API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": DESCRIPTION,
        },
        "paths": paths,
        "components": {
            "schemas": schemas(),
            "securitySchemes": {
                "bearer": { "type": "http", "scheme": "bearer",
                            "description": "The token from `POST /api/v1/auth/login`" }
            }
        },
        "security": [{ "bearer": [] }],
    })
}

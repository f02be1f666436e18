//! The OpenAPI 3.1 document: operations from [`ROUTES`], the one table of
//! the routes the router serves (a test checks both agree), and schemas
//! generated from the Rust types of the bodies, so the document says
//! exactly what serde reads and writes (unknown fields refused, optional
//! fields optional).
//!
//! Requests and answers are described separately where they differ: a type
//! read with defaults (optional fields) and written in full gets two
//! schemas, `Name` for answers and `NameInput` for request bodies.

mod routes;

use std::collections::BTreeMap;

use schemars::generate::SchemaSettings;
use schemars::{Schema, SchemaGenerator};
use serde_json::{Map, Value, json};

pub use routes::{IfMatch, Media, ROUTES, Route, SchemaFn};

use crate::error::ProblemDetails;

const DESCRIPTION: &str = "HTTP API of stratmon, the monitoring system of a regional \
development strategy. JSON in and out; dates are ISO 8601; amounts and indicator values \
are decimal strings. Authenticate with `POST /api/v1/auth/login` and send the token as \
`Authorization: Bearer <token>`.\n\n\
**Versions** travel as entity tags: answers carrying a versioned object (report, annual \
plan, event, indicator, participant, user, request) have `ETag: \"<version>\"`; \
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
failures); 500 `internal` (details are logged, never shown). Every answer carries \
`X-Request-Id` (the client's own, if it sent a sane one), also in problem bodies as \
`request_id`, so a report of a failure can be found in the server's log.\n\n\
**Deputies** act under a delegation by sending `On-Behalf-Of: <principal's login>`.";

/// Where component schemas live in the document.
const COMPONENTS: &str = "/components/schemas";

fn generator(serialize: bool) -> SchemaGenerator {
    let settings = SchemaSettings::draft2020_12().with(|s| {
        s.definitions_path = COMPONENTS.into();
        s.meta_schema = None;
    });
    let settings = if serialize {
        settings.for_serialize()
    } else {
        settings.for_deserialize()
    };
    settings.into_generator()
}

fn problem_ref() -> Value {
    json!({ "$ref": "#/components/schemas/ProblemDetails" })
}

fn problem_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/problem+json": { "schema": problem_ref() } }
    })
}

/// The query parameters of a query type: one per property, required when
/// the type requires the property (`year` of a summary, `from` of a diff).
fn query_parameters(schema: &Value, definitions: &Map<String, Value>) -> Vec<Value> {
    let resolved = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.rsplit('/').next())
        .and_then(|name| definitions.get(name))
        .unwrap_or(schema);
    let Some(properties) = resolved.get("properties").and_then(Value::as_object) else {
        return Vec::new();
    };
    let required: Vec<&str> = resolved
        .get("required")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    properties
        .iter()
        .map(|(name, property)| {
            let needed = required.contains(&name.as_str());
            json!({ "name": name, "in": "query", "required": needed, "schema": property })
        })
        .collect()
}

/// The schema of identifiers in paths and headers (event codes, logins,
/// request ids), as the core checks them.
fn id_schema() -> Value {
    json!({
        "type": "string",
        "minLength": 1,
        "maxLength": stratmon_core::model::MAX_ID_LEN,
        "pattern": stratmon_core::model::ID_PATTERN,
    })
}

fn operation(
    route: &Route,
    request: Option<Value>,
    response: Option<Value>,
    query: Vec<Value>,
) -> Value {
    let mut parameters = Vec::new();
    for segment in route.path.split('/') {
        let name = segment
            .split_once('{')
            .and_then(|(_, rest)| rest.split_once('}'))
            .map(|(name, _)| name);
        if let Some(name) = name {
            let schema = match name {
                "year" => json!({ "type": "integer", "minimum": 2000, "maximum": 2100 }),
                "month" => json!({ "type": "integer", "minimum": 1, "maximum": 12 }),
                "file" => json!({ "type": "string", "pattern": "^[a-z-]+\\.svg$" }),
                _ => id_schema(),
            };
            parameters.push(json!({
                "name": name, "in": "path", "required": true, "schema": schema
            }));
        }
    }
    parameters.extend(query);
    if route.if_match != IfMatch::None {
        parameters.push(json!({
            "name": "If-Match",
            "in": "header",
            "required": route.if_match == IfMatch::Required,
            "description": "The version acted on, as its entity tag: `\"3\"` (a bare `3` is taken too)",
            "schema": { "type": "string", "pattern": "^(W/)?(\"[0-9]+\"|[0-9]+)$" }
        }));
    }
    if route.auth {
        parameters.push(json!({
            "name": "On-Behalf-Of",
            "in": "header",
            "required": false,
            "description": "A deputy acting under a delegation names the principal's login",
            "schema": id_schema()
        }));
    }
    let mut responses = Map::new();
    match response {
        Some(schema) => {
            let content = match route.media {
                Media::Json => json!({ "application/json": { "schema": schema } }),
                Media::JsonOrFiles => json!({
                    "application/json": { "schema": schema },
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
                        { "schema": { "type": "string", "contentMediaType":
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" } },
                    "text/csv": { "schema": { "type": "string" } }
                }),
                Media::Svg => json!({ "image/svg+xml": { "schema": { "type": "string" } } }),
            };
            let mut ok = json!({ "description": "Success", "content": content });
            if route.etag {
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
    responses.insert("400".into(), problem_response("Malformed request"));
    if route.auth {
        responses.insert("401".into(), problem_response("No or an unusable token"));
        responses.insert(
            "403".into(),
            problem_response("The role does not allow it, or the password must be changed"),
        );
        responses.insert(
            "404".into(),
            problem_response("Not found or outside the user's scope"),
        );
    }
    if route.method != "get" {
        responses.insert(
            "409".into(),
            problem_response("Conflict or invalid transition"),
        );
        responses.insert("413".into(), problem_response("Body too large"));
        responses.insert("415".into(), problem_response("Body is not JSON"));
        responses.insert(
            "422".into(),
            problem_response("A rule or field is violated"),
        );
    } else if route.path.contains('{') || route.query.is_some() {
        responses.insert(
            "422".into(),
            problem_response("A path or query value is invalid"),
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
    if !route.auth && route.method == "post" {
        responses.insert(
            "401".into(),
            problem_response("Wrong login or password, or a revoked user"),
        );
        responses.insert("429".into(), problem_response("Too many failed attempts"));
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
    if let Some(schema) = request {
        op["requestBody"] = json!({
            "required": true,
            "content": { "application/json": { "schema": schema } }
        });
    }
    if !route.upload.is_empty() {
        let content: Map<String, Value> = route
            .upload
            .iter()
            .map(|media| {
                let schema = if *media == "multipart/form-data" {
                    // Named file parts; the route's summary says which.
                    json!({
                        "type": "object",
                        "additionalProperties": {
                            "type": "string",
                            "contentMediaType": "application/octet-stream"
                        }
                    })
                } else {
                    json!({ "type": "string", "contentMediaType": media })
                };
                ((*media).to_owned(), json!({ "schema": schema }))
            })
            .collect();
        op["requestBody"] = json!({ "required": true, "content": content });
    }
    if !route.auth {
        op["security"] = json!([]);
    }
    op
}

/// Rewrites `$ref`s to the renamed request schemas.
fn rename_refs(value: &mut Value, renamed: &BTreeMap<String, String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get_mut("$ref")
                && let Some(name) = target.strip_prefix("#/components/schemas/")
                && let Some(new) = renamed.get(name)
            {
                *target = format!("#/components/schemas/{new}");
            }
            map.values_mut().for_each(|v| rename_refs(v, renamed));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rename_refs(v, renamed)),
        _ => {}
    }
}

fn value(schema: Schema) -> Value {
    schema.to_value()
}

/// The OpenAPI 3.1 document of [`ROUTES`].
pub fn document() -> Value {
    let mut answers = generator(true);
    let mut requests = generator(false);
    answers.subschema_for::<ProblemDetails>();
    let mut operations = Vec::new();
    for route in ROUTES {
        let response = route.response.map(|f| value(f(&mut answers)));
        let request = route.request.map(|f| value(f(&mut requests)));
        let query = route.query.map(|f| value(f(&mut requests)));
        operations.push((route, request, response, query));
    }
    let mut schemas = answers.take_definitions(true);
    let mut renamed = BTreeMap::new();
    let request_definitions = requests.take_definitions(true);
    for (name, schema) in &request_definitions {
        if schemas.get(name).is_some_and(|s| s != schema) {
            renamed.insert(name.clone(), format!("{name}Input"));
        }
    }
    for (name, mut schema) in request_definitions.clone() {
        rename_refs(&mut schema, &renamed);
        let name = renamed.get(&name).cloned().unwrap_or(name);
        schemas.insert(name, schema);
    }
    let mut paths = Map::new();
    for (route, mut request, response, query) in operations {
        if let Some(request) = request.as_mut() {
            rename_refs(request, &renamed);
        }
        let mut query = query
            .map(|q| query_parameters(&q, &request_definitions))
            .unwrap_or_default();
        query.iter_mut().for_each(|q| rename_refs(q, &renamed));
        let entry = paths
            .entry(route.path.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(methods) = entry {
            methods.insert(
                route.method.to_owned(),
                operation(route, request, response, query),
            );
        }
    }
    json!({
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "info": {
            "title": "stratmon HTTP API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": DESCRIPTION,
            "license": { "name": "Apache-2.0", "identifier": "Apache-2.0" },
        },
        "servers": [{ "url": "/" }],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "bearer": { "type": "http", "scheme": "bearer",
                            "description": "The token from `POST /api/v1/auth/login`" }
            }
        },
        "security": [{ "bearer": [] }],
    })
}

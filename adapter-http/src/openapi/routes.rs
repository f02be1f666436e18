//! The table of every route the router serves, with the Rust types of its
//! bodies and query: the document's schemas are generated from those types,
//! so they say exactly what serde reads and writes.

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::Value;
use stratmon_core::access::Delegation;
use stratmon_core::audit::{AuditEntry, AuditQuery};
use stratmon_core::calendar::{CalendarYear, YearCorrections};
use stratmon_core::model::{
    AnnualPlan, AnnualPlanContent, Event, Indicator, MonthlyReport, Participant,
    ParticipantSettings, ReportContent, StrategyNode, User, WindowExtension,
};
use stratmon_core::plan::{ImportOutcome, PlanDiff, PlanVersion};
use stratmon_core::requests::AccessRequest;
use stratmon_core::service::{Approval, AuditVerdict, EventFilter, LoginGrant, SaveOutcome};
use stratmon_core::status::{EventStatusReport, InboxItem};

use crate::Health;
use crate::routes::CommentBody;
use crate::routes::access::{NewAccessRequest, Rejection, RequestQuery};
use crate::routes::auth::{LoginBody, PasswordBody};
use crate::routes::calendar::NewExtension;
use crate::routes::delegations::NewDelegation;
use crate::routes::events::{EventChange, NewEvent};
use crate::routes::indicators::{IndicatorChange, IndicatorQuery, NewIndicator};
use crate::routes::participants::NewParticipant;
use crate::routes::plan::{DiffQuery, ImportQuery, XLSX};
use crate::routes::reports::{BulkBody, BulkResult};
use crate::routes::summary::{ChartParams, SummaryParams};
use stratmon_core::summary::ConsolidatedReport;

/// Produces the schema of one Rust type (registering what it refers to).
pub type SchemaFn = fn(&mut SchemaGenerator) -> Schema;

fn of<T: JsonSchema>(generator: &mut SchemaGenerator) -> Schema {
    generator.subschema_for::<T>()
}

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

/// What a success answer's body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    /// JSON described by the response type.
    Json,
    /// JSON, or a file chosen by `format`: XLSX or CSV.
    JsonOrFiles,
    /// An SVG image.
    Svg,
}

/// One route of the API.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    /// `get`, `put`, `patch` or `post`.
    pub method: &'static str,
    /// The full path in OpenAPI (and axum 0.8) syntax.
    pub path: &'static str,
    /// One line on what it does.
    pub summary: &'static str,
    /// Whether a bearer token is needed.
    pub auth: bool,
    /// The request body's type, if any.
    pub request: Option<SchemaFn>,
    /// The success body's type, `None` for 204.
    pub response: Option<SchemaFn>,
    /// The query string's type, if any (each property is one parameter).
    pub query: Option<SchemaFn>,
    /// How the route reads `If-Match`.
    pub if_match: IfMatch,
    /// Whether a success carries `ETag`.
    pub etag: bool,
    /// The success status when there is a body (200, or 201 for creations).
    pub status: u16,
    /// The success body's media types.
    pub media: Media,
    /// Media types of a file sent as the body (an upload), if the route takes one.
    pub upload: &'static [&'static str],
}

const fn route(method: &'static str, path: &'static str, summary: &'static str) -> Route {
    Route {
        method,
        path,
        summary,
        auth: true,
        request: None,
        response: None,
        query: None,
        if_match: IfMatch::None,
        etag: false,
        status: 200,
        media: Media::Json,
        upload: &[],
    }
}

const fn get(path: &'static str, summary: &'static str, response: SchemaFn) -> Route {
    Route {
        response: Some(response),
        ..route("get", path, summary)
    }
}

/// `get` answering with an `ETag`.
const fn get_versioned(path: &'static str, summary: &'static str, response: SchemaFn) -> Route {
    Route {
        etag: true,
        ..get(path, summary, response)
    }
}

/// `post` creating something (201).
const fn create(
    path: &'static str,
    summary: &'static str,
    request: SchemaFn,
    response: SchemaFn,
) -> Route {
    Route {
        request: Some(request),
        response: Some(response),
        status: 201,
        ..route("post", path, summary)
    }
}

/// A change naming the version in a required `If-Match`.
const fn change(
    method: &'static str,
    path: &'static str,
    summary: &'static str,
    request: Option<SchemaFn>,
    response: SchemaFn,
) -> Route {
    Route {
        request,
        response: Some(response),
        if_match: IfMatch::Required,
        etag: true,
        ..route(method, path, summary)
    }
}

const REPORT: &str = "/api/v1/events/{id}/reports/{year}/{month}";
const PLAN: &str = "/api/v1/events/{id}/annual-plans/{year}";

/// Every route the router serves.
pub const ROUTES: &[Route] = &[
    Route {
        auth: false,
        ..get("/healthz", "Liveness check", of::<Health>)
    },
    Route {
        auth: false,
        ..get("/api/v1/openapi.json", "This document", of::<Value>)
    },
    Route {
        auth: false,
        request: Some(of::<LoginBody>),
        response: Some(of::<LoginGrant>),
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
        request: Some(of::<PasswordBody>),
        ..route(
            "post",
            "/api/v1/auth/password",
            "Change the password (works while a one-time password is pending)",
        )
    },
    get("/api/v1/me", "The logged-in user", of::<User>),
    // Participants and reference data.
    get(
        "/api/v1/participants",
        "Participants of the strategy",
        of::<Vec<Participant>>,
    ),
    create(
        "/api/v1/participants",
        "Register a participant (Coordinator)",
        of::<NewParticipant>,
        of::<Participant>,
    ),
    get_versioned(
        "/api/v1/participants/{id}",
        "One participant",
        of::<Participant>,
    ),
    get_versioned(
        "/api/v1/participants/{id}/settings",
        "A participant's settings; the ETag is the participant's version",
        of::<ParticipantSettings>,
    ),
    change(
        "patch",
        "/api/v1/participants/{id}/settings",
        "Replace a participant's settings (Coordinator)",
        Some(of::<ParticipantSettings>),
        of::<ParticipantSettings>,
    ),
    get(
        "/api/v1/strategy/directions",
        "The strategy tree: goals, directions, tasks",
        of::<Vec<StrategyNode>>,
    ),
    create(
        "/api/v1/strategy/directions",
        "Add a node to the strategy tree (Coordinator)",
        of::<StrategyNode>,
        of::<StrategyNode>,
    ),
    get(
        "/api/v1/calendar/{year}",
        "One year of the production calendar",
        of::<CalendarYear>,
    ),
    Route {
        request: Some(of::<YearCorrections>),
        response: Some(of::<CalendarYear>),
        ..route(
            "put",
            "/api/v1/calendar/{year}",
            "Load or correct a year's decree data (Coordinator)",
        )
    },
    get(
        "/api/v1/window-extensions",
        "Extensions of the annual window (Coordinator)",
        of::<Vec<WindowExtension>>,
    ),
    create(
        "/api/v1/window-extensions",
        "Let a participant submit its annual plan late (Coordinator)",
        of::<NewExtension>,
        of::<WindowExtension>,
    ),
    // Events and indicators.
    Route {
        query: Some(of::<EventFilter>),
        ..get(
            "/api/v1/events",
            "Events the user sees, filtered",
            of::<Vec<Event>>,
        )
    },
    Route {
        etag: true,
        ..create(
            "/api/v1/events",
            "Add an event to the plan (Coordinator)",
            of::<NewEvent>,
            of::<Event>,
        )
    },
    get_versioned("/api/v1/events/{id}", "The event card", of::<Event>),
    change(
        "patch",
        "/api/v1/events/{id}",
        "Amend the plan fields (Coordinator) or fill the card (Planner)",
        Some(of::<EventChange>),
        of::<Event>,
    ),
    get(
        "/api/v1/events/{id}/status",
        "Derived status of the event and its control points",
        of::<EventStatusReport>,
    ),
    Route {
        query: Some(of::<IndicatorQuery>),
        ..get(
            "/api/v1/indicators",
            "Indicators in the user's scope",
            of::<Vec<Indicator>>,
        )
    },
    Route {
        etag: true,
        ..create(
            "/api/v1/indicators",
            "Add a target indicator (Coordinator)",
            of::<NewIndicator>,
            of::<Indicator>,
        )
    },
    get_versioned(
        "/api/v1/indicators/{id}",
        "One indicator with its plan values",
        of::<Indicator>,
    ),
    change(
        "patch",
        "/api/v1/indicators/{id}",
        "Replace an indicator's definition and plan values (Coordinator)",
        Some(of::<IndicatorChange>),
        of::<Indicator>,
    ),
    // Monthly reports.
    get_versioned(
        REPORT,
        "The current revision of a monthly report",
        of::<MonthlyReport>,
    ),
    Route {
        request: Some(of::<ReportContent>),
        response: Some(of::<SaveOutcome<MonthlyReport>>),
        if_match: IfMatch::Optional,
        etag: true,
        ..route(
            "put",
            REPORT,
            "Save the draft; If-Match names the version edited, absent means a new draft",
        )
    },
    get(
        "/api/v1/events/{id}/reports/{year}/{month}/history",
        "Every revision, oldest first",
        of::<Vec<MonthlyReport>>,
    ),
    Route {
        request: Some(of::<ReportContent>),
        response: Some(of::<MonthlyReport>),
        if_match: IfMatch::Optional,
        etag: true,
        ..route(
            "post",
            "/api/v1/events/{id}/reports/{year}/{month}/save-and-submit",
            "Save and submit in one transaction (Planner): all or nothing",
        )
    },
    change(
        "post",
        "/api/v1/events/{id}/reports/{year}/{month}/submit",
        "Submit for checking (Planner)",
        None,
        of::<MonthlyReport>,
    ),
    change(
        "post",
        "/api/v1/events/{id}/reports/{year}/{month}/accept",
        "Accept a submitted report (Analyst)",
        None,
        of::<MonthlyReport>,
    ),
    change(
        "post",
        "/api/v1/events/{id}/reports/{year}/{month}/approve",
        "Approve an accepted report (Head)",
        None,
        of::<MonthlyReport>,
    ),
    change(
        "post",
        "/api/v1/events/{id}/reports/{year}/{month}/return",
        "Return for correction with a comment (Analyst, Head)",
        Some(of::<CommentBody>),
        of::<MonthlyReport>,
    ),
    change(
        "post",
        "/api/v1/events/{id}/reports/{year}/{month}/reopen",
        "Reopen an approved report as a new draft (Head, Coordinator)",
        Some(of::<CommentBody>),
        of::<MonthlyReport>,
    ),
    Route {
        request: Some(of::<BulkBody>),
        response: Some(of::<Vec<BulkResult>>),
        ..route(
            "post",
            "/api/v1/reports/bulk/accept",
            "Accept many reports; each item succeeds or fails on its own",
        )
    },
    Route {
        request: Some(of::<BulkBody>),
        response: Some(of::<Vec<BulkResult>>),
        ..route(
            "post",
            "/api/v1/reports/bulk/approve",
            "Approve many reports; each item succeeds or fails on its own",
        )
    },
    // Plan amendments.
    Route {
        response: Some(of::<ImportOutcome>),
        query: Some(of::<ImportQuery>),
        upload: &["text/csv", XLSX, "multipart/form-data"],
        ..route(
            "post",
            "/api/v1/plan/import",
            "Check (dry_run, the default) or apply the plan an amending act fixes, \
             sent as a CSV table or an XLSX workbook (Coordinator)",
        )
    },
    get(
        "/api/v1/plan/versions",
        "Every version of the plan, one per applied act (Coordinator)",
        of::<Vec<PlanVersion>>,
    ),
    Route {
        query: Some(of::<DiffQuery>),
        ..get(
            "/api/v1/plan/diff",
            "What changed between two versions of the plan (Coordinator)",
            of::<PlanDiff>,
        )
    },
    // Annual plans.
    get_versioned(
        PLAN,
        "The current revision of an annual plan",
        of::<AnnualPlan>,
    ),
    Route {
        request: Some(of::<AnnualPlanContent>),
        response: Some(of::<SaveOutcome<AnnualPlan>>),
        if_match: IfMatch::Optional,
        etag: true,
        ..route(
            "put",
            PLAN,
            "Save the draft plan; If-Match names the version edited",
        )
    },
    get(
        "/api/v1/events/{id}/annual-plans/{year}/history",
        "Every revision",
        of::<Vec<AnnualPlan>>,
    ),
    Route {
        request: Some(of::<AnnualPlanContent>),
        response: Some(of::<AnnualPlan>),
        if_match: IfMatch::Optional,
        etag: true,
        ..route(
            "post",
            "/api/v1/events/{id}/annual-plans/{year}/save-and-submit",
            "Save and submit in one transaction (Planner): all or nothing",
        )
    },
    change(
        "post",
        "/api/v1/events/{id}/annual-plans/{year}/submit",
        "Submit (Planner)",
        None,
        of::<AnnualPlan>,
    ),
    change(
        "post",
        "/api/v1/events/{id}/annual-plans/{year}/accept",
        "Accept (Analyst)",
        None,
        of::<AnnualPlan>,
    ),
    change(
        "post",
        "/api/v1/events/{id}/annual-plans/{year}/approve",
        "Approve (Head)",
        None,
        of::<AnnualPlan>,
    ),
    change(
        "post",
        "/api/v1/events/{id}/annual-plans/{year}/return",
        "Return with a comment (Analyst, Head)",
        Some(of::<CommentBody>),
        of::<AnnualPlan>,
    ),
    change(
        "post",
        "/api/v1/events/{id}/annual-plans/{year}/reopen",
        "Reopen an approved plan (Head, Coordinator)",
        Some(of::<CommentBody>),
        of::<AnnualPlan>,
    ),
    // Oversight.
    get(
        "/api/v1/inbox",
        "What waits for the user, overdue first",
        of::<Vec<InboxItem>>,
    ),
    Route {
        query: Some(of::<AuditQuery>),
        ..get(
            "/api/v1/audit",
            "Audit entries, newest first (Coordinator, Admin)",
            of::<Vec<AuditEntry>>,
        )
    },
    get(
        "/api/v1/audit/verify",
        "Recompute the audit hash chain (Coordinator, Admin)",
        of::<AuditVerdict>,
    ),
    // The consolidated report.
    Route {
        query: Some(of::<SummaryParams>),
        media: Media::JsonOrFiles,
        ..get(
            "/api/v1/reports/summary",
            "The consolidated report of a month (JSON, XLSX workbook or CSV section)",
            of::<ConsolidatedReport>,
        )
    },
    Route {
        query: Some(of::<ChartParams>),
        media: Media::Svg,
        ..get(
            "/api/v1/reports/summary/charts/{name}.svg",
            "A chart of the consolidated report: achievement-by-direction or reporting-discipline",
            of::<String>,
        )
    },
    // Users and access requests.
    get(
        "/api/v1/users",
        "Users, revoked ones included (Admin)",
        of::<Vec<User>>,
    ),
    get_versioned(
        "/api/v1/users/{login}",
        "One user (Admin; anyone for themselves)",
        of::<User>,
    ),
    route(
        "post",
        "/api/v1/users/{login}/unlock",
        "Lift the lock after repeated failed logins (Admin)",
    ),
    get(
        "/api/v1/delegations",
        "Delegations the user gave or received",
        of::<Vec<Delegation>>,
    ),
    create(
        "/api/v1/delegations",
        "Name a deputy for a period (Head, Analyst)",
        of::<NewDelegation>,
        of::<Delegation>,
    ),
    Route {
        query: Some(of::<RequestQuery>),
        ..get(
            "/api/v1/registration-requests",
            "Registration requests",
            of::<Vec<AccessRequest>>,
        )
    },
    create(
        "/api/v1/registration-requests",
        "File a registration request (Appendix 1)",
        of::<NewAccessRequest>,
        of::<AccessRequest>,
    ),
    get_versioned(
        "/api/v1/registration-requests/{id}",
        "One registration request",
        of::<AccessRequest>,
    ),
    change(
        "post",
        "/api/v1/registration-requests/{id}/approve",
        "Carry out a registration (Admin); the answer holds the one-time passwords, shown once",
        None,
        of::<Approval>,
    ),
    change(
        "post",
        "/api/v1/registration-requests/{id}/reject",
        "Refuse a registration with reasons (Admin)",
        Some(of::<Rejection>),
        of::<AccessRequest>,
    ),
    Route {
        query: Some(of::<RequestQuery>),
        ..get(
            "/api/v1/revocation-requests",
            "Revocation requests",
            of::<Vec<AccessRequest>>,
        )
    },
    create(
        "/api/v1/revocation-requests",
        "File a revocation request (Appendix 2)",
        of::<NewAccessRequest>,
        of::<AccessRequest>,
    ),
    get_versioned(
        "/api/v1/revocation-requests/{id}",
        "One revocation request",
        of::<AccessRequest>,
    ),
    change(
        "post",
        "/api/v1/revocation-requests/{id}/approve",
        "Revoke the users' access and end their sessions (Admin)",
        None,
        of::<Approval>,
    ),
    change(
        "post",
        "/api/v1/revocation-requests/{id}/reject",
        "Refuse a revocation with reasons (Admin)",
        Some(of::<Rejection>),
        of::<AccessRequest>,
    ),
    Route {
        query: Some(of::<RequestQuery>),
        ..get(
            "/api/v1/role-change-requests",
            "Role-change requests",
            of::<Vec<AccessRequest>>,
        )
    },
    create(
        "/api/v1/role-change-requests",
        "File a role-change request",
        of::<NewAccessRequest>,
        of::<AccessRequest>,
    ),
    get_versioned(
        "/api/v1/role-change-requests/{id}",
        "One role-change request",
        of::<AccessRequest>,
    ),
    change(
        "post",
        "/api/v1/role-change-requests/{id}/approve",
        "Change the users' roles (Admin)",
        None,
        of::<Approval>,
    ),
    change(
        "post",
        "/api/v1/role-change-requests/{id}/reject",
        "Refuse a role change with reasons (Admin)",
        Some(of::<Rejection>),
        of::<AccessRequest>,
    ),
];

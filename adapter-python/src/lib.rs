//! `stratmon._native`: the native half of the Python module `stratmon`.
//!
//! The Python package (`python/stratmon/`) holds the typed objects, the
//! exception hierarchy and both modes; this crate only opens an embedded store
//! and answers requests against it.
//!
//! # Why the embedded mode speaks the HTTP API in process
//!
//! [`Store::request`] hands a request (method, path, headers, JSON body) to
//! [`stratmon_http::router`] over the store's [`Service`] with
//! `tower::ServiceExt::oneshot`: no socket and no second process, and no
//! serialisation beyond the JSON the Python side reads anyway. The remote mode sends the same
//! request over `urllib`. So the two modes share, by construction:
//!
//! - one wire format, converted to typed Python objects by one layer;
//! - one error table: the core's `ErrorKind` becomes the problem `code` in
//!   `stratmon_http::error`, and the Python side maps codes to exceptions in a
//!   single function;
//! - the same authentication: the session token is kept by the Python
//!   session and checked by `Service::authenticate` on every call, exactly as
//!   the server does;
//! - every route: one added to the server is usable embedded at once.
//!
//! Wrapping each `Service` method here instead would mean a second
//! conversion layer (and second error mapping) to keep in step with the HTTP
//! one. The price is that this binding links the HTTP adapter (axum) into
//! the wheel; at run time a call costs one router dispatch. The Rust side
//! stays translation only: it owns no rule.
//!
//! The GIL is released ([`Python::allow_threads`]) while the core works, so
//! other Python threads run during a slow call (password hashing, a commit).
//!
//! Set-up entry points that have no route (they run before any user exists)
//! are methods of [`Store`]: [`Store::initialize`] and [`Store::seed_demo`].

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Method, Request};
use chrono::{DateTime, Utc};
use http_body_util::BodyExt;
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use stratmon_core::calendar::ManualClock;
use stratmon_core::model::{Participant, User};
use stratmon_core::store::Store as CoreStore;
use stratmon_core::{Error, Service};
use stratmon_http::ApiError;
use stratmon_sled::SledStore;
use stratmon_sqlite::SqliteStore;
use tower::ServiceExt;

create_exception!(
    _native,
    NativeError,
    PyException,
    "A refusal of the core: args are (status, code, detail, problems as JSON)."
);

/// An HTTP-shaped answer: status, headers, body bytes.
type Answer = (u16, Vec<(String, String)>, Vec<u8>);

/// [`Answer`] with the body as Python `bytes`.
type PyAnswer<'py> = (u16, Vec<(String, String)>, Bound<'py, PyBytes>);

/// Raises a core error as [`NativeError`] with the problem code the HTTP
/// adapter would send, so the Python side maps both modes the same way.
fn raise(error: Error) -> PyErr {
    let api = ApiError::from(error);
    let problems = serde_json::to_string(&api.problems).unwrap_or_else(|_| "[]".to_owned());
    NativeError::new_err((api.status.as_u16(), api.code, api.detail, problems))
}

/// Raises an adapter-level failure (bad argument, runtime trouble).
fn raise_bad(code: &'static str, detail: impl Into<String>) -> PyErr {
    NativeError::new_err((400u16, code, detail.into(), "[]".to_owned()))
}

/// An open embedded store: a [`Service`] over SQLite or sled, the router over
/// it and the runtime that drives both.
#[allow(unsafe_code)]
#[pyclass(module = "stratmon._native", frozen)]
struct Store {
    service: Service,
    router: Router,
    runtime: Arc<tokio::runtime::Runtime>,
    clock: Option<Arc<ManualClock>>,
    backend: &'static str,
}

impl Store {
    fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }
}

fn parse_instant(text: &str) -> PyResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            raise_bad(
                "bad_clock",
                format!("`{text}` is not an RFC 3339 instant: {e}"),
            )
        })
}

#[allow(unsafe_code)]
#[pymethods]
impl Store {
    /// Opens (creating if needed) the store at `path` with `backend`
    /// (`sqlite` or `sled`); `clock`, an RFC 3339 instant, stops time there.
    #[new]
    #[pyo3(signature = (path, backend = "sqlite", clock = None))]
    fn open(py: Python<'_>, path: PathBuf, backend: &str, clock: Option<&str>) -> PyResult<Self> {
        let clock = clock
            .map(parse_instant)
            .transpose()?
            .map(|at| Arc::new(ManualClock::new(at)));
        let backend: &'static str = match backend {
            "sqlite" => "sqlite",
            "sled" => "sled",
            other => {
                return Err(raise_bad(
                    "bad_backend",
                    format!("unknown backend `{other}`; use `sqlite` or `sled`"),
                ));
            }
        };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("stratmon")
            .enable_all()
            .build()
            .map_err(|e| raise_bad("runtime", format!("cannot start the runtime: {e}")))?;
        let store: Arc<dyn CoreStore> = py
            .allow_threads(|| -> Result<Arc<dyn CoreStore>, Error> {
                Ok(match backend {
                    "sled" => Arc::new(SledStore::open(&path)?),
                    _ => Arc::new(SqliteStore::open(&path)?),
                })
            })
            .map_err(raise)?;
        let mut service = Service::new(store);
        if let Some(clock) = &clock {
            service = service.with_clock(clock.clone());
        }
        Ok(Self {
            router: stratmon_http::router(service.clone()),
            service,
            runtime: Arc::new(runtime),
            clock,
            backend,
        })
    }

    /// `sqlite` or `sled`.
    #[getter]
    fn backend(&self) -> &'static str {
        self.backend
    }

    /// Moves a stopped clock to `at` (RFC 3339); refused for a store opened
    /// on the system clock.
    fn set_clock(&self, at: &str) -> PyResult<()> {
        let at = parse_instant(at)?;
        match &self.clock {
            Some(clock) => {
                clock.set(at);
                Ok(())
            }
            None => Err(raise_bad(
                "no_manual_clock",
                "the store was opened on the system clock; pass `clock=` to `open`",
            )),
        }
    }

    /// Answers one API request (`path` under `/api/v1`, e.g. `/me`) as the
    /// server would: `(status, headers, body)`.
    #[pyo3(signature = (method, path, headers, body = None))]
    fn request<'py>(
        &self,
        py: Python<'py>,
        method: &str,
        path: &str,
        headers: Vec<(String, String)>,
        body: Option<Vec<u8>>,
    ) -> PyResult<PyAnswer<'py>> {
        let method = Method::from_bytes(method.as_bytes())
            .map_err(|_| raise_bad("bad_method", format!("`{method}` is not an HTTP method")))?;
        let mut builder = Request::builder()
            .method(method)
            .uri(format!("/api/v1{path}"));
        for (name, value) in &headers {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| raise_bad("bad_header", format!("`{name}` is not a header name")))?;
            let value = HeaderValue::from_str(value)
                .map_err(|_| raise_bad("bad_header", format!("bad value for `{name}`")))?;
            builder = builder.header(name, value);
        }
        let request = builder
            .body(body.map_or_else(Body::empty, Body::from))
            .map_err(|e| raise_bad("bad_request", e.to_string()))?;
        let router = self.router.clone();
        let answer: Result<Answer, String> = py.allow_threads(|| {
            self.block_on(async move {
                let response = router.oneshot(request).await.map_err(|e| e.to_string())?;
                let (parts, body) = response.into_parts();
                let bytes = body.collect().await.map_err(|e| e.to_string())?.to_bytes();
                let headers = parts
                    .headers
                    .iter()
                    .filter_map(|(n, v)| Some((n.as_str().to_owned(), v.to_str().ok()?.to_owned())))
                    .collect();
                Ok((parts.status.as_u16(), headers, bytes.to_vec()))
            })
        });
        let (status, headers, bytes) = answer.map_err(|e| raise_bad("internal", e))?;
        Ok((status, headers, PyBytes::new(py, &bytes)))
    }

    /// Initialises an empty store: the Admin's participant and the first
    /// Admin (both as JSON in the core's format); returns the Admin's
    /// one-time password. Refused (`conflict`) once any user exists.
    fn initialize(&self, py: Python<'_>, participant: &str, admin: &str) -> PyResult<String> {
        let participant: Participant = serde_json::from_str(participant)
            .map_err(|e| raise_bad("invalid_body", format!("participant: {e}")))?;
        let admin: User = serde_json::from_str(admin)
            .map_err(|e| raise_bad("invalid_body", format!("admin: {e}")))?;
        py.allow_threads(|| self.block_on(self.service.initialize(participant, admin)))
            .map_err(raise)
    }

    /// Seeds the demo region of `stratmon-server demo` into an empty store,
    /// every user with `password`; returns the users as JSON
    /// (`[{"login", "full_name", "roles", "participant"}]`).
    fn seed_demo(&self, py: Python<'_>, password: &str) -> PyResult<String> {
        let demo = py
            .allow_threads(|| self.block_on(stratmon_http::demo::seed(&self.service, password)))
            .map_err(raise)?;
        let users: Vec<serde_json::Value> = demo
            .users
            .iter()
            .map(|u| {
                serde_json::json!({
                    "login": u.login,
                    "full_name": u.full_name,
                    "roles": u.roles,
                    "participant": u.participant,
                })
            })
            .collect();
        Ok(serde_json::Value::Array(users).to_string())
    }
}

/// The module `stratmon._native`.
#[allow(unsafe_code)]
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Store>()?;
    m.add("NativeError", m.py().get_type::<NativeError>())?;
    Ok(())
}

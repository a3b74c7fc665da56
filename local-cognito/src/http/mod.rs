//! The HTTP face: Cognito's JSON protocol on `POST /`, the JWKS, and `/_local/` helpers for
//! people and tests.
//!
//! Every request passes, outermost first:
//! 1. **Host check** (DNS rebinding): the `Host` must be a loopback name (`localhost`, `127.0.0.1`,
//!    `[::1]`, any port), the address the connection came in on (the bind address), the
//!    `--endpoint` host or an extra allowed host; anything else gets 403 before routing matters.
//! 2. **Origin policy and CORS.** A request carrying an `Origin` that is not allowed gets 403 on
//!    every path but the JWKS. Allowed: loopback origins (`http(s)://localhost`, `127.0.0.1`,
//!    `[::1]`, any port) and each `--allow-origin`. On `POST /` an allowed origin is echoed in
//!    `Access-Control-Allow-Origin` with `Vary: Origin`; admin operations (`Admin*`, pool and
//!    client management, `ListUsers`…) from a browser (any `Origin`) get 403 with no CORS
//!    headers; SDKs and scripts send no `Origin` and are not affected. The JWKS is public
//!    (`Access-Control-Allow-Origin: *`); `/_local/*` never carries CORS headers. This departs
//!    from real Cognito (`*` everywhere) on purpose: the stand-in runs on a developer's laptop.
//! 3. **Loopback only** for admin operations and `/_local/*`: the peer's address must be a
//!    loopback one, even when the stand-in is bound elsewhere (`--bind 0.0.0.0`).
//! 4. **Faults** ([`crate::faults`]), on `POST /` only, so fault answers still carry CORS headers.
//! 5. The API: [`Service::call`] on a blocking thread.
//!
//! Files: `policy` (1–3), `api` (4–5, and the JWKS), `local` (the `/_local/` helpers).

mod api;
mod local;
mod policy;

use std::future::Future;
use std::sync::Arc;

use axum::extract::FromRef;
use axum::http::StatusCode;
use axum::middleware;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};

use crate::conn::{self, Conn};
use crate::faults::{Fault, Faults};
use crate::service::Service;

pub use policy::{is_admin_operation, parse_allowed_origin};

/// How the HTTP layer is set up, besides the service.
#[derive(Debug, Clone, Default)]
pub struct HttpOptions {
    /// Origins allowed besides the loopback ones: exact `scheme://host[:port]`, or `*` for any
    /// (admin operations stay closed to browsers either way).
    pub allow_origins: Vec<String>,
    /// Host names (any port) accepted besides loopback names, the connection's local address and
    /// the service endpoint's host.
    pub allow_hosts: Vec<String>,
    /// Faults active from the start.
    pub faults: Vec<Fault>,
}

#[derive(Clone)]
pub(super) struct AppState {
    service: Arc<Service>,
    faults: Arc<Faults>,
    policy: Arc<policy::Policy>,
}

impl FromRef<AppState> for Arc<Service> {
    fn from_ref(state: &AppState) -> Self {
        state.service.clone()
    }
}

pub fn router(service: Arc<Service>) -> Router {
    router_with(service, HttpOptions::default())
}

pub fn router_with(service: Arc<Service>, options: HttpOptions) -> Router {
    let policy = policy::Policy::new(&options, &service.config().endpoint);
    let state = AppState {
        service,
        faults: Arc::new(Faults::new(options.faults)),
        policy: Arc::new(policy),
    };
    Router::new()
        .route(
            "/",
            post(api::api).options(|| async { StatusCode::OK }).layer(
                middleware::from_fn_with_state(state.clone(), api::inject_faults),
            ),
        )
        .route("/{pool_id}/.well-known/jwks.json", get(api::jwks))
        .merge(local::routes())
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            policy::origin_policy,
        ))
        .layer(middleware::from_fn(policy::loopback_only))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            policy::host_check,
        ))
        .with_state(state)
}

/// Serves until the process is stopped.
pub async fn serve(
    listener: tokio::net::TcpListener,
    service: Arc<Service>,
) -> std::io::Result<()> {
    serve_with(
        listener,
        service,
        HttpOptions::default(),
        std::future::pending(),
    )
    .await
}

/// Serves until `shutdown` completes (then finishes the requests in flight). Connections can be
/// cut by the `drop` fault.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    service: Arc<Service>,
    options: HttpOptions,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router_with(service, options).into_make_service_with_connect_info::<Conn>();
    axum::serve(conn::Listener::new(listener), app)
        .with_graceful_shutdown(shutdown)
        .await
}

pub(super) async fn not_found() -> (StatusCode, Json<Value>) {
    (
        StatusCode::NOT_FOUND,
        Json(json!({ "message": "Not Found" })),
    )
}

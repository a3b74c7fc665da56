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
//! 3. **Faults** ([`crate::faults`]), on `POST /` only, so fault answers still carry CORS headers.
//! 4. The API: [`Service::call`] on a blocking thread.

use std::collections::HashMap;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, FromRef, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};

use crate::conn::{self, Conn};
use crate::error::ApiError;
use crate::faults::{Fault, FaultKind, Faults};
use crate::service::lockout::FREE_ATTEMPTS;
use crate::service::{LockoutConfig, Service, TokenTtl, TotpReassociation};

const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";
const CONTENT_TYPE: &str = "application/x-amz-json-1.1";
/// Request headers the real service accepts from browsers (amazon-cognito-identity-js, Amplify, AWS SDKs).
const ALLOW_HEADERS: &str = "content-type, x-amz-target, x-amz-user-agent, x-amz-date, x-amz-security-token, x-amz-content-sha256, authorization, cache-control, amz-sdk-invocation-id, amz-sdk-request";
/// What real Cognito exposes (a browser capture: x-amzn-RequestId, x-amzn-ErrorType,
/// x-amzn-ErrorMessage, Date).
const EXPOSE_HEADERS: &str = "x-amzn-requestid, x-amzn-errortype, x-amzn-errormessage, date";
/// A `hang` fault holds the request this long, then closes the connection without an answer.
const HANG_FOR: Duration = Duration::from_secs(3600);
/// What an `html503` fault answers: a load balancer's page, not Cognito's JSON.
const HTML_503: &str = "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n";
/// What a `bad-json` fault answers with status 200: a captive portal's or proxy's page.
const NOT_JSON: &str = "<!DOCTYPE html><html><body><p>Request intercepted</p></body></html>";

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
struct AppState {
    service: Arc<Service>,
    faults: Arc<Faults>,
    policy: Arc<Policy>,
}

impl FromRef<AppState> for Arc<Service> {
    fn from_ref(state: &AppState) -> Self {
        state.service.clone()
    }
}

/// Who may call: hosts (DNS rebinding) and browser origins (CORS).
#[derive(Debug)]
struct Policy {
    hosts: Vec<String>,
    origins: Vec<String>,
    any_origin: bool,
}

impl Policy {
    fn new(options: &HttpOptions, endpoint: &str) -> Self {
        let mut hosts: Vec<String> = options
            .allow_hosts
            .iter()
            .filter_map(|h| host_name(h))
            .collect();
        if let Some(h) = endpoint
            .split_once("://")
            .map_or(endpoint, |(_, rest)| rest)
            .split('/')
            .next()
            .and_then(host_name)
        {
            hosts.push(h);
        }
        Self {
            hosts,
            origins: options
                .allow_origins
                .iter()
                .filter_map(|o| parse_allowed_origin(o).ok())
                .collect(),
            any_origin: options.allow_origins.iter().any(|o| o.trim() == "*"),
        }
    }

    fn host_allowed(&self, authority: &str, local: Option<SocketAddr>) -> bool {
        let Some(host) = host_name(authority) else {
            return false;
        };
        is_loopback_host(&host)
            || self.hosts.contains(&host)
            || local.is_some_and(|l| ip_host(l.ip()) == host)
    }

    fn origin_allowed(&self, origin: &str) -> bool {
        let Ok(origin) = parse_allowed_origin(origin) else {
            return false;
        };
        if origin == "*" {
            return false;
        }
        self.any_origin || self.origins.contains(&origin) || is_loopback_origin(&origin)
    }
}

/// The host of an authority (`host[:port]`), lower case, IP literals in canonical form (IPv6 in
/// brackets); `None` if it is not one.
fn host_name(authority: &str) -> Option<String> {
    let a = authority.trim();
    let host = if let Some(rest) = a.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        let port = after.strip_prefix(':').unwrap_or(after);
        if !port.bytes().all(|b| b.is_ascii_digit()) || (after.is_empty() != port.is_empty()) {
            return None;
        }
        let ip: std::net::Ipv6Addr = inside.parse().ok()?;
        return Some(ip_host(IpAddr::V6(ip)));
    } else {
        match a.rsplit_once(':') {
            Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
            Some(_) => return None,
            None => a,
        }
    };
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.is_empty()
        || !host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_')
    {
        return None;
    }
    match host.parse::<IpAddr>() {
        Ok(ip) => Some(ip_host(ip)),
        Err(_) => Some(host.to_ascii_lowercase()),
    }
}

fn ip_host(ip: IpAddr) -> String {
    match ip.to_canonical() {
        IpAddr::V6(v6) => format!("[{v6}]"),
        v4 => v4.to_string(),
    }
}

fn is_loopback_host(host: &str) -> bool {
    host == "localhost" || host == "127.0.0.1" || host == "[::1]"
}

fn is_loopback_origin(origin: &str) -> bool {
    origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .and_then(host_name)
        .is_some_and(|h| is_loopback_host(&h))
}

/// An origin as `--allow-origin` takes it and browsers send it: `scheme://host[:port]`, no path,
/// lower-cased; or `*`.
pub fn parse_allowed_origin(origin: &str) -> Result<String, String> {
    let o = origin.trim();
    if o == "*" {
        return Ok(o.to_owned());
    }
    let o = o.strip_suffix('/').unwrap_or(o);
    let Some((scheme, authority)) = o.split_once("://") else {
        return Err(format!(
            "{origin:?} is not an origin: give scheme://host[:port], e.g. http://app.test:8080"
        ));
    };
    if scheme.is_empty()
        || !scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
        || host_name(authority).is_none()
    {
        return Err(format!(
            "{origin:?} is not an origin: give scheme://host[:port] with no path"
        ));
    }
    Ok(o.to_ascii_lowercase())
}

/// Operations a browser never gets to call: what real Cognito only takes SigV4-signed.
pub fn is_admin_operation(operation: &str) -> bool {
    operation.starts_with("Admin")
        || matches!(
            operation,
            "CreateUserPool"
                | "CreateUserPoolClient"
                | "SetUserPoolMfaConfig"
                | "DescribeUserPool"
                | "GetUserPoolMfaConfig"
                | "ListUsers"
                | "ListUserPools"
                | "UpdateUserPool"
                | "DeleteUserPool"
                | "DescribeUserPoolClient"
                | "UpdateUserPoolClient"
                | "DeleteUserPoolClient"
                | "ListUserPoolClients"
        )
}

/// The operation an `X-Amz-Target` names (the part after the last dot).
fn operation_of(headers: &HeaderMap) -> &str {
    let target = headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    target.rsplit_once('.').map_or(target, |(_, op)| op)
}

pub fn router(service: Arc<Service>) -> Router {
    router_with(service, HttpOptions::default())
}

pub fn router_with(service: Arc<Service>, options: HttpOptions) -> Router {
    let policy = Policy::new(&options, &service.config().endpoint);
    let state = AppState {
        service,
        faults: Arc::new(Faults::new(options.faults)),
        policy: Arc::new(policy),
    };
    Router::new()
        .route(
            "/",
            post(api)
                .options(|| async { StatusCode::OK })
                .layer(middleware::from_fn_with_state(state.clone(), inject_faults)),
        )
        .route("/{pool_id}/.well-known/jwks.json", get(jwks))
        .route(
            "/_local/health",
            get(|| async { Json(json!({ "ok": true })) }),
        )
        .route("/_local/totp", get(totp))
        .route("/_local/codes", get(codes))
        .route("/_local/session-ttl", post(session_ttl))
        .route("/_local/code-ttl", post(code_ttl).delete(code_ttl_reset))
        .route(
            "/_local/token-ttl",
            get(get_token_ttl)
                .post(set_token_ttl)
                .delete(reset_token_ttl),
        )
        .route(
            "/_local/faults",
            get(list_faults).post(add_faults).delete(clear_faults),
        )
        .route(
            "/_local/totp-reassociation",
            get(get_totp_reassociation).post(set_totp_reassociation),
        )
        .route(
            "/_local/required-attributes",
            get(get_required_attributes)
                .post(set_required_attributes)
                .delete(clear_required_attributes),
        )
        .route("/_local/lockout", get(get_lockout).post(set_lockout))
        .route("/_local/reset-lockouts", post(reset_lockouts))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), origin_policy))
        .layer(middleware::from_fn_with_state(state.clone(), host_check))
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

fn forbidden(message: String) -> Response {
    let mut r = cognito_error(StatusCode::FORBIDDEN, "AccessDeniedException", &message);
    r.headers_mut()
        .insert(header::VARY, HeaderValue::from_static("origin"));
    r
}

async fn host_check(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let local = req
        .extensions()
        .get::<ConnectInfo<Conn>>()
        .and_then(|c| c.0.local);
    let host = match req.headers().get(header::HOST) {
        Some(v) => v.to_str().ok().map(str::to_owned),
        None => req.uri().authority().map(|a| a.as_str().to_owned()),
    };
    match host {
        Some(h) if app.policy.host_allowed(&h, local) => next.run(req).await,
        other => {
            let shown: String = other.unwrap_or_default().chars().take(100).collect();
            forbidden(format!(
                "Host {shown:?} is not allowed: local-cognito answers to localhost, 127.0.0.1, [::1], the address it listens on and the --endpoint host (against DNS rebinding)"
            ))
        }
    }
}

fn is_jwks_path(path: &str) -> bool {
    !path.starts_with("/_local/") && path.ends_with("/.well-known/jwks.json")
}

async fn origin_policy(State(app): State<AppState>, req: Request, next: Next) -> Response {
    if is_jwks_path(req.uri().path()) {
        let mut r = next.run(req).await;
        r.headers_mut().insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
        return r;
    }
    // A non-UTF-8 Origin is simply not an allowed one.
    let origin: Option<String> = req
        .headers()
        .get(header::ORIGIN)
        .map(|v| v.to_str().unwrap_or_default().to_owned());
    // The helpers change faults, lockouts and lifetimes, and a page can POST to them without a
    // preflight (a form, `mode: "no-cors"`): no browser request may reach them, whatever origin.
    if origin.is_some() && req.uri().path().starts_with("/_local/") {
        return forbidden(
            "/_local/ helpers are for tools and tests, not browsers: send no Origin header".into(),
        );
    }
    if let Some(o) = &origin
        && !app.policy.origin_allowed(o)
    {
        let shown: String = o.chars().take(200).collect();
        return forbidden(format!(
            "Origin {shown:?} is not allowed: local-cognito answers browsers on http://localhost, http://127.0.0.1 and http://[::1] (any port); add others with --allow-origin"
        ));
    }
    if req.uri().path() != "/" {
        // `/_local/*` and everything else: no CORS headers, whoever asks.
        return next.run(req).await;
    }
    let Some(origin) = origin else {
        let mut r = next.run(req).await;
        r.headers_mut()
            .append(header::VARY, HeaderValue::from_static("origin"));
        return r;
    };
    let Ok(allow_origin) = HeaderValue::from_str(&origin) else {
        return forbidden("Origin is not a valid header value".into());
    };
    if req.method() == Method::OPTIONS {
        let mut r = preflight(allow_origin, req.headers());
        close_after(&mut r);
        return r;
    }
    let operation = operation_of(req.headers());
    if is_admin_operation(operation) {
        return forbidden(format!(
            "{operation} is an admin operation: local-cognito does not take it from a browser (call it without an Origin header, as the AWS SDKs and CLI do)"
        ));
    }
    let mut r = next.run(req).await;
    let h = r.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin);
    h.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static(EXPOSE_HEADERS),
    );
    h.append(header::VARY, HeaderValue::from_static("origin"));
    close_after(&mut r);
    r
}

/// Browsers get a fresh connection per request: a browser silently resends a request once when
/// a connection it *reused* closes without an answer (Chromium's `ShouldResendRequest`), which
/// would turn a `drop:1` fault into a success. On loopback a new connection costs nothing.
fn close_after(response: &mut Response) {
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
}

fn preflight(allow_origin: HeaderValue, request: &HeaderMap) -> Response {
    let mut r = StatusCode::OK.into_response();
    let h = r.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin);
    h.insert(header::VARY, HeaderValue::from_static("origin"));
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("POST, OPTIONS"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static(ALLOW_HEADERS),
    );
    h.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static(EXPOSE_HEADERS),
    );
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("86400"),
    );
    // Chrome's Private Network Access: a page on a public origin the developer allowed may
    // reach this loopback server.
    if request
        .get("access-control-request-private-network")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"true"))
    {
        h.insert(
            "access-control-allow-private-network",
            HeaderValue::from_static("true"),
        );
    }
    r
}

async fn inject_faults(State(app): State<AppState>, req: Request, next: Next) -> Response {
    if req.method() != Method::POST {
        return next.run(req).await;
    }
    let operation = operation_of(req.headers()).to_owned();
    let Some(kind) = app.faults.take(&operation) else {
        return next.run(req).await;
    };
    eprintln!("[local-cognito] fault: {operation}={kind}");
    let conn = req
        .extensions()
        .get::<ConnectInfo<Conn>>()
        .map(|c| c.0.clone());
    match kind {
        FaultKind::Hang => {
            drop(req);
            tokio::time::sleep(HANG_FOR).await;
            drop_connection(conn)
        }
        FaultKind::Drop => {
            // Read the request first: closing with unread bytes would send a reset, not a close.
            let _ = axum::body::to_bytes(req.into_body(), 4 << 20).await;
            drop_connection(conn)
        }
        FaultKind::Http500 => (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "Internal Server Error",
        )
            .into_response(),
        FaultKind::Html503 => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/html")],
            HTML_503,
        )
            .into_response(),
        FaultKind::Throttle => cognito_error(
            StatusCode::BAD_REQUEST,
            "TooManyRequestsException",
            "Rate exceeded",
        ),
        FaultKind::Error { name, message } => {
            let status = if name == "InternalErrorException" {
                StatusCode::INTERNAL_SERVER_ERROR
            } else {
                StatusCode::BAD_REQUEST
            };
            cognito_error(
                status,
                &name,
                &FaultKind::error_message(&name, message.as_deref()),
            )
        }
        FaultKind::Delay(ms) => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            next.run(req).await
        }
        FaultKind::BadJson => {
            let (mut parts, _) = next.run(req).await.into_parts();
            parts.status = StatusCode::OK;
            parts.headers.remove(header::CONTENT_LENGTH);
            parts.headers.remove("x-amzn-errortype");
            parts.headers.remove("x-amzn-errormessage");
            Response::from_parts(parts, Body::from(NOT_JSON))
        }
        FaultKind::Truncated => {
            let (mut parts, body) = next.run(req).await.into_parts();
            let bytes = axum::body::to_bytes(body, usize::MAX)
                .await
                .unwrap_or_default();
            let half = bytes.slice(..bytes.len() / 2);
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(half))
        }
    }
}

/// Closes the connection without an answer. Behind [`serve_with`] the socket is cut before the
/// status line; a router served some other way answers with a body that ends short of its
/// `Content-Length`, so hyper aborts the connection (before the head, as it holds the head back
/// for the first body bytes).
fn drop_connection(conn: Option<Conn>) -> Response {
    if let Some(conn) = conn {
        conn.cut();
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    // A body of unknown length (so the header is believed) that ends at once.
    let mut r = Response::new(Body::from_stream(Body::empty().into_data_stream()));
    r.headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from_static("1"));
    r
}

/// Cognito's error answer: status, `{"__type", "message"}`, `x-amzn-errortype`.
fn cognito_error(status: StatusCode, kind: &str, message: &str) -> Response {
    let body = json!({ "__type": kind, "message": message }).to_string();
    let mut r = (status, body).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
    if let Ok(v) = HeaderValue::from_str(&format!("{kind}:")) {
        h.insert("x-amzn-errortype", v);
    }
    if let Ok(v) = HeaderValue::from_str(message) {
        h.insert("x-amzn-errormessage", v);
    }
    if let Ok(v) = HeaderValue::from_str(&uuid::Uuid::new_v4().to_string()) {
        h.insert("x-amzn-requestid", v);
    }
    r
}

async fn api(State(service): State<Arc<Service>>, headers: HeaderMap, body: Bytes) -> Response {
    let target = headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let result = match target.strip_prefix(TARGET_PREFIX) {
        None => Err(ApiError::new(
            "UnknownOperationException",
            format!("Unknown X-Amz-Target {target:?}"),
        )),
        Some(operation) => {
            let parsed: Result<Value, _> = if body.iter().all(u8::is_ascii_whitespace) {
                Ok(json!({}))
            } else {
                serde_json::from_slice(&body)
            };
            match parsed {
                Ok(json) => {
                    let operation = operation.to_owned();
                    // SRP and RSA are CPU work: keep them off the async workers.
                    tokio::task::spawn_blocking(move || service.call(&operation, &json))
                        .await
                        .unwrap_or_else(|e| {
                            Err(ApiError::internal(format!("operation failed: {e}")))
                        })
                }
                Err(_) => Err(ApiError::new(
                    "SerializationException",
                    "Unexpected JSON in request body",
                )),
            }
        }
    };
    match result {
        Ok(value) => {
            let mut r = (StatusCode::OK, value.to_string()).into_response();
            let h = r.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
            if let Ok(v) = HeaderValue::from_str(&uuid::Uuid::new_v4().to_string()) {
                h.insert("x-amzn-requestid", v);
            }
            r
        }
        Err(e) => cognito_error(
            StatusCode::from_u16(e.status).unwrap_or(StatusCode::BAD_REQUEST),
            e.kind,
            &e.message,
        ),
    }
}

async fn jwks(State(service): State<Arc<Service>>, Path(pool_id): Path<String>) -> Response {
    match service.jwks(&pool_id) {
        Some(keys) => Json(keys).into_response(),
        None => not_found().await.into_response(),
    }
}

/// `GET /_local/totp?email=demo@example.com[&pool=…]`: the current code of an enrolled user.
async fn totp(
    State(service): State<Arc<Service>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let Some(name) = q.get("email").or_else(|| q.get("username")) else {
        return bad_request("give ?email=");
    };
    match service.current_totp(q.get("pool").map(String::as_str), name) {
        Some((code, left)) => Json(json!({ "code": code, "seconds_left": left })).into_response(),
        None => (
            StatusCode::NOT_FOUND,
            Json(json!({ "error": "no such user, or no authenticator set up" })),
        )
            .into_response(),
    }
}

/// `GET /_local/codes?email=…`: SMS / email codes "sent" to a user, newest last.
async fn codes(
    State(service): State<Arc<Service>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let Some(name) = q.get("email").or_else(|| q.get("username")) else {
        return bad_request("give ?email=");
    };
    Json(json!({ "codes": service.deliveries(name) })).into_response()
}

/// Any integer, saturated to `i64` (so `?seconds=99999999999999999999` clamps rather than fails).
fn saturating_int(s: &str) -> Option<i64> {
    let n = s.trim().parse::<i128>().ok()?;
    Some(n.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64)
}

/// `POST /_local/session-ttl?seconds=N`: sessions started from now on live N seconds (clamped to
/// 1 s .. 1 day).
async fn session_ttl(
    State(service): State<Arc<Service>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    match q.get("seconds").and_then(|s| saturating_int(s)) {
        Some(seconds) => {
            service.set_session_ttl(seconds);
            Json(json!({ "session_ttl": service.session_ttl() })).into_response()
        }
        None => bad_request("give ?seconds=N"),
    }
}

fn code_ttl_json(service: &Service) -> Value {
    json!({ "code_ttl": service.code_ttl(), "session_ttl": service.session_ttl() })
}

/// `POST /_local/code-ttl?seconds=N`: SMS / email sign-in codes sent from now on are valid N
/// seconds (clamped to 1 s .. 1 day), whatever the session lifetime.
async fn code_ttl(
    State(service): State<Arc<Service>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    match q.get("seconds").and_then(|s| saturating_int(s)) {
        Some(seconds) => {
            service.set_code_ttl(Some(seconds));
            Json(code_ttl_json(&service)).into_response()
        }
        None => bad_request("give ?seconds=N"),
    }
}

/// `DELETE /_local/code-ttl`: codes live as long as their session again (Cognito's way).
async fn code_ttl_reset(State(service): State<Arc<Service>>) -> Response {
    service.set_code_ttl(None);
    Json(code_ttl_json(&service)).into_response()
}

fn token_ttl_json(ttl: TokenTtl) -> Value {
    json!({ "access": ttl.access, "refresh": ttl.refresh })
}

/// `GET /_local/token-ttl`: the lifetimes set (`null`: each app client's own).
async fn get_token_ttl(State(service): State<Arc<Service>>) -> Response {
    Json(token_ttl_json(service.token_ttl())).into_response()
}

/// `POST /_local/token-ttl?access=S&refresh=S`: access and id tokens, and refresh tokens, issued
/// from now on live S seconds (clamped to 1 s .. 1 day), whatever their app client says; either
/// may be left out (it stays as it was). No parameters: back to the clients' own lifetimes.
async fn set_token_ttl(
    State(service): State<Arc<Service>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let mut ttl = if q.is_empty() {
        TokenTtl::default()
    } else {
        service.token_ttl()
    };
    for (name, value) in &q {
        let Some(n) = saturating_int(value) else {
            return bad_request(&format!("{name} must be a whole number of seconds"));
        };
        match name.as_str() {
            "access" => ttl.access = Some(n),
            "refresh" => ttl.refresh = Some(n),
            other => {
                return bad_request(&format!("unknown parameter {other:?}: access, refresh"));
            }
        }
    }
    Json(token_ttl_json(service.set_token_ttl(ttl))).into_response()
}

/// `DELETE /_local/token-ttl`: tokens live as their app client says again.
async fn reset_token_ttl(State(service): State<Arc<Service>>) -> Response {
    Json(token_ttl_json(service.set_token_ttl(TokenTtl::default()))).into_response()
}

fn totp_reassociation_json(mode: TotpReassociation) -> Value {
    json!({ "mode": mode.as_str() })
}

/// `GET /_local/totp-reassociation`: `{"mode": "on-verify"}` or `{"mode": "immediate"}`.
async fn get_totp_reassociation(State(service): State<Arc<Service>>) -> Response {
    Json(totp_reassociation_json(service.totp_reassociation())).into_response()
}

/// `POST /_local/totp-reassociation?mode=immediate|on-verify`: what AssociateSoftwareToken does
/// to a verified authenticator from now on (see [`TotpReassociation`]).
async fn set_totp_reassociation(
    State(service): State<Arc<Service>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let Some(mode) = q.get("mode") else {
        return bad_request("give ?mode=on-verify or ?mode=immediate");
    };
    match TotpReassociation::parse(mode) {
        Ok(mode) => {
            service.set_totp_reassociation(mode);
            Json(totp_reassociation_json(service.totp_reassociation())).into_response()
        }
        Err(e) => bad_request(&e),
    }
}

/// A pool's required attributes, or 404.
fn required_attributes_answer(pool: &str, names: Option<Vec<String>>) -> Response {
    match names {
        Some(names) => Json(json!({ "pool": pool, "required_attributes": names })).into_response(),
        None => (
            StatusCode::NOT_FOUND,
            Json(json!({ "error": format!("no user pool {pool:?}") })),
        )
            .into_response(),
    }
}

/// `GET /_local/required-attributes?pool=ID`: `{"pool": ID, "required_attributes": ["name"]}`.
async fn get_required_attributes(
    State(service): State<Arc<Service>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let Some(pool) = q.get("pool") else {
        return bad_request("give ?pool=ID");
    };
    required_attributes_answer(pool, service.required_attributes(pool))
}

/// `POST /_local/required-attributes?pool=ID&names=name,family_name`: replaces the pool's
/// required attributes (a test hook: Cognito fixes them when the pool is created).
async fn set_required_attributes(
    State(service): State<Arc<Service>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let (Some(pool), Some(names)) = (q.get("pool"), q.get("names")) else {
        return bad_request("give ?pool=ID&names=name,family_name (names= empty clears them)");
    };
    let names: Vec<&str> = names.split(',').collect();
    required_attributes_answer(pool, service.set_required_attributes(pool, &names))
}

/// `DELETE /_local/required-attributes?pool=ID`: the pool requires no attribute any more.
async fn clear_required_attributes(
    State(service): State<Arc<Service>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let Some(pool) = q.get("pool") else {
        return bad_request("give ?pool=ID");
    };
    required_attributes_answer(pool, service.set_required_attributes(pool, &[]))
}

fn faults_json(faults: &Faults) -> Value {
    json!({ "faults": faults.list().iter().map(Fault::to_json).collect::<Vec<_>>() })
}

/// `GET /_local/faults`: the active faults.
async fn list_faults(State(app): State<AppState>) -> Response {
    Json(faults_json(&app.faults)).into_response()
}

/// `POST /_local/faults` with a fault object or an array of them (see [`crate::faults`]).
async fn add_faults(State(app): State<AppState>, body: Bytes) -> Response {
    let value: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => return bad_request(&format!("the body is not JSON: {e}")),
    };
    match Fault::list_from_json(&value) {
        Ok(list) => {
            app.faults.add(list);
            Json(faults_json(&app.faults)).into_response()
        }
        Err(e) => bad_request(&e),
    }
}

/// `DELETE /_local/faults`: clears every fault.
async fn clear_faults(State(app): State<AppState>) -> Response {
    app.faults.clear();
    Json(faults_json(&app.faults)).into_response()
}

fn lockout_json(cfg: LockoutConfig) -> Value {
    json!({ "base_ms": cfg.base_ms, "max_ms": cfg.max_ms, "free_attempts": FREE_ATTEMPTS })
}

/// `GET /_local/lockout`: the lockout durations in force.
async fn get_lockout(State(service): State<Arc<Service>>) -> Response {
    Json(lockout_json(service.lockout())).into_response()
}

/// `POST /_local/lockout?base_ms=200&max_ms=5000`: the first lockout and the longest (also the
/// quiet time after which counts start over); either may be left out.
async fn set_lockout(
    State(service): State<Arc<Service>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let mut cfg = service.lockout();
    if q.is_empty() {
        return bad_request("give ?base_ms=N and/or &max_ms=N");
    }
    for (name, value) in &q {
        let Some(n) = saturating_int(value) else {
            return bad_request(&format!("{name} must be a whole number of milliseconds"));
        };
        match name.as_str() {
            "base_ms" => cfg.base_ms = n,
            "max_ms" => cfg.max_ms = n,
            other => {
                return bad_request(&format!("unknown parameter {other:?}: base_ms, max_ms"));
            }
        }
    }
    Json(lockout_json(service.set_lockout(cfg))).into_response()
}

/// `POST /_local/reset-lockouts`: forgets every failed password and code count.
async fn reset_lockouts(State(service): State<Arc<Service>>) -> Response {
    service.reset_lockouts();
    Json(json!({ "ok": true })).into_response()
}

fn bad_request(what: &str) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "error": what }))).into_response()
}

async fn not_found() -> (StatusCode, Json<Value>) {
    (
        StatusCode::NOT_FOUND,
        Json(json!({ "message": "Not Found" })),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names() {
        for (authority, host) in [
            ("localhost", Some("localhost")),
            ("LocalHost:9229", Some("localhost")),
            ("localhost.:80", Some("localhost")),
            ("127.0.0.1:9229", Some("127.0.0.1")),
            ("[::1]:9229", Some("[::1]")),
            ("[0:0:0:0:0:0:0:1]", Some("[::1]")),
            ("[::ffff:127.0.0.1]:1", Some("127.0.0.1")),
            ("evil.example", Some("evil.example")),
            ("[::1", None),
            ("[::1]x", None),
            ("[nope]:1", None),
            ("host:port", None),
            ("user@localhost", None),
            ("", None),
            (":80", None),
        ] {
            assert_eq!(host_name(authority).as_deref(), host, "{authority:?}");
        }
    }

    #[test]
    fn origins() {
        let policy = Policy::new(
            &HttpOptions {
                allow_origins: vec!["https://App.Example.test:8443/".into()],
                ..HttpOptions::default()
            },
            "http://127.0.0.1:9229",
        );
        for (origin, allowed) in [
            ("http://localhost", true),
            ("http://localhost:8080", true),
            ("http://127.0.0.1:18732", true),
            ("http://[::1]:3000", true),
            ("https://localhost:3000", true),
            ("https://app.example.test:8443", true),
            ("https://app.example.test", false),
            ("http://localhost.evil.example", false),
            ("http://127.0.0.1.evil.example", false),
            ("http://evil.example", false),
            ("null", false),
            ("*", false),
            ("", false),
            ("http://localhost:8080/path", false),
            ("file://", false),
        ] {
            assert_eq!(policy.origin_allowed(origin), allowed, "{origin:?}");
        }
        assert!(parse_allowed_origin("localhost:3000").is_err());
        assert!(parse_allowed_origin("http://a.test/x").is_err());
        assert_eq!(parse_allowed_origin("*").as_deref(), Ok("*"));
    }

    #[test]
    fn admin_operations() {
        for op in [
            "AdminCreateUser",
            "AdminGetUser",
            "CreateUserPool",
            "CreateUserPoolClient",
            "UpdateUserPoolClient",
            "DescribeUserPoolClient",
            "SetUserPoolMfaConfig",
            "DescribeUserPool",
            "UpdateUserPool",
            "GetUserPoolMfaConfig",
            "ListUsers",
            "ListUserPools",
        ] {
            assert!(is_admin_operation(op), "{op}");
        }
        for op in [
            "InitiateAuth",
            "GetTokensFromRefreshToken",
            "RespondToAuthChallenge",
            "GetUser",
            "SignUp",
            "",
        ] {
            assert!(!is_admin_operation(op), "{op}");
        }
    }
}

//! `/_local/`: helpers for people and tests (never for browsers, never from another machine:
//! `policy`). The current TOTP code and the codes "sent", and the knobs tests turn: session,
//! code and token lifetimes, faults, lockouts, TOTP re-association, required attributes.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};

use super::AppState;
use crate::faults::{Fault, Faults};
use crate::service::lockout::FREE_ATTEMPTS;
use crate::service::{LockoutConfig, Service, TokenTtl, TotpReassociation};

/// The helpers' routes.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
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

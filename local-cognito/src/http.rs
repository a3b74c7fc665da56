//! The HTTP face: Cognito's JSON protocol on `POST /`, CORS as the real service allows browser
//! calls, the JWKS, and `/_local/` helpers for people and tests.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router, middleware};
use serde_json::{Value, json};

use crate::error::ApiError;
use crate::service::Service;

const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";
const CONTENT_TYPE: &str = "application/x-amz-json-1.1";
/// Request headers the real service accepts from browsers (amazon-cognito-identity-js, Amplify, AWS SDKs).
const ALLOW_HEADERS: &str = "content-type, x-amz-target, x-amz-user-agent, x-amz-date, x-amz-security-token, x-amz-content-sha256, authorization, cache-control, amz-sdk-invocation-id, amz-sdk-request";
const EXPOSE_HEADERS: &str = "x-amzn-requestid, x-amzn-errortype, x-amzn-errormessage, date";

pub fn router(service: Arc<Service>) -> Router {
    Router::new()
        .route("/", post(api).options(preflight))
        .route("/{pool_id}/.well-known/jwks.json", get(jwks))
        .route(
            "/_local/health",
            get(|| async { Json(json!({ "ok": true })) }),
        )
        .route("/_local/totp", get(totp))
        .route("/_local/codes", get(codes))
        .route("/_local/session-ttl", post(session_ttl))
        .fallback(not_found)
        .layer(middleware::map_response(cors))
        .with_state(service)
}

/// Serves until the process is stopped.
pub async fn serve(
    listener: tokio::net::TcpListener,
    service: Arc<Service>,
) -> std::io::Result<()> {
    axum::serve(listener, router(service)).await
}

async fn api(State(service): State<Arc<Service>>, headers: HeaderMap, body: Bytes) -> Response {
    let request_id = uuid::Uuid::new_v4().to_string();
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
                    let service = service.clone();
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
    let mut response = match result {
        Ok(value) => (StatusCode::OK, value.to_string()).into_response(),
        Err(e) => {
            let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::BAD_REQUEST);
            let body = json!({ "__type": e.kind, "message": e.message }).to_string();
            let mut r = (status, body).into_response();
            if let Ok(v) = HeaderValue::from_str(&format!("{}:", e.kind)) {
                r.headers_mut().insert("x-amzn-errortype", v);
            }
            if let Ok(v) = HeaderValue::from_str(&e.message) {
                r.headers_mut().insert("x-amzn-errormessage", v);
            }
            r
        }
    };
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        h.insert("x-amzn-requestid", v);
    }
    response
}

async fn preflight() -> StatusCode {
    StatusCode::OK
}

async fn cors(method: Method, mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    h.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static(EXPOSE_HEADERS),
    );
    if method == Method::OPTIONS {
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("POST, GET, OPTIONS"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static(ALLOW_HEADERS),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("86400"),
        );
    }
    response
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

/// `POST /_local/session-ttl?seconds=N`: sessions started from now on live N seconds.
async fn session_ttl(
    State(service): State<Arc<Service>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    match q.get("seconds").and_then(|s| s.parse::<i64>().ok()) {
        Some(seconds) => {
            service.set_session_ttl(seconds);
            Json(json!({ "session_ttl": service.session_ttl() })).into_response()
        }
        None => bad_request("give ?seconds=N"),
    }
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

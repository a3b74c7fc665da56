//! The Cognito JSON API on `POST /` (behind the faults a test asks for) and each pool's JWKS.

use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::policy::operation_of;
use super::{AppState, not_found};
use crate::conn::Conn;
use crate::error::ApiError;
use crate::faults::FaultKind;
use crate::service::Service;

const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";
const CONTENT_TYPE: &str = "application/x-amz-json-1.1";
/// A `hang` fault holds the request this long, then closes the connection without an answer.
const HANG_FOR: Duration = Duration::from_secs(3600);
/// What an `html503` fault answers: a load balancer's page, not Cognito's JSON.
const HTML_503: &str = "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n";
/// What a `bad-json` fault answers with status 200: a captive portal's or proxy's page.
const NOT_JSON: &str = "<!DOCTYPE html><html><body><p>Request intercepted</p></body></html>";

pub(super) async fn inject_faults(
    State(app): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
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
pub(super) fn cognito_error(status: StatusCode, kind: &str, message: &str) -> Response {
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

pub(super) async fn api(
    State(service): State<Arc<Service>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
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
                    let agent = headers
                        .get(header::USER_AGENT)
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned);
                    // SRP and RSA are CPU work: keep them off the async workers.
                    tokio::task::spawn_blocking(move || {
                        service.call_as(&operation, &json, agent.as_deref())
                    })
                    .await
                    .unwrap_or_else(|e| Err(ApiError::internal(format!("operation failed: {e}"))))
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

pub(super) async fn jwks(
    State(service): State<Arc<Service>>,
    Path(pool_id): Path<String>,
) -> Response {
    match service.jwks(&pool_id) {
        Some(keys) => Json(keys).into_response(),
        None => not_found().await.into_response(),
    }
}

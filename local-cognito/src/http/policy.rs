//! Who may call, checked before routing: the `Host` (against DNS rebinding), the peer for admin
//! operations and `/_local/*` (loopback only), and browser origins (CORS).

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::api::cognito_error;
use super::{AppState, HttpOptions};
use crate::conn::Conn;

/// Request headers the real service accepts from browsers (amazon-cognito-identity-js, Amplify, AWS SDKs).
const ALLOW_HEADERS: &str = "content-type, x-amz-target, x-amz-user-agent, x-amz-date, x-amz-security-token, x-amz-content-sha256, authorization, cache-control, amz-sdk-invocation-id, amz-sdk-request";
/// What real Cognito exposes (a browser capture: x-amzn-RequestId, x-amzn-ErrorType,
/// x-amzn-ErrorMessage, Date).
const EXPOSE_HEADERS: &str = "x-amzn-requestid, x-amzn-errortype, x-amzn-errormessage, date";

/// Who may call: hosts (DNS rebinding) and browser origins (CORS).
#[derive(Debug)]
pub(super) struct Policy {
    hosts: Vec<String>,
    origins: Vec<String>,
    any_origin: bool,
}

impl Policy {
    pub(super) fn new(options: &HttpOptions, endpoint: &str) -> Self {
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
                | "SetUserPoolSessionConfiguration"
                | "GetUserPoolSessionConfiguration"
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
                | "CreateUserPoolDomain"
                | "DescribeUserPoolDomain"
                | "DeleteUserPoolDomain"
                | "CreateIdentityProvider"
                | "DescribeIdentityProvider"
                | "ListIdentityProviders"
                | "UpdateIdentityProvider"
                | "DeleteIdentityProvider"
        )
}

/// The operation an `X-Amz-Target` names (the part after the last dot).
pub(super) fn operation_of(headers: &HeaderMap) -> &str {
    let target = headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    target.rsplit_once('.').map_or(target, |(_, op)| op)
}

fn forbidden(message: String) -> Response {
    let mut r = cognito_error(StatusCode::FORBIDDEN, "AccessDeniedException", &message);
    r.headers_mut()
        .insert(header::VARY, HeaderValue::from_static("origin"));
    r
}

pub(super) async fn host_check(State(app): State<AppState>, req: Request, next: Next) -> Response {
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

/// Admin operations and the `/_local/` helpers create users, read codes and change faults and
/// lockouts: only a peer on this machine may call them, whatever address the stand-in is bound
/// to and whatever `Host` it is sent. A request whose peer is not known is refused too.
pub(super) async fn loopback_only(req: Request, next: Next) -> Response {
    if !needs_local_peer(req.uri().path(), operation_of(req.headers())) {
        return next.run(req).await;
    }
    let peer = req
        .extensions()
        .get::<ConnectInfo<Conn>>()
        .map(|c| c.0.remote.ip());
    if is_local_peer(peer) {
        next.run(req).await
    } else {
        forbidden(
            "admin operations and /_local/ helpers answer only callers on this machine (a loopback address)".into(),
        )
    }
}

/// The helpers, and `POST /` of an admin operation.
fn needs_local_peer(path: &str, operation: &str) -> bool {
    path.starts_with("/_local/") || (path == "/" && is_admin_operation(operation))
}

/// A loopback address (an IPv4-mapped one too); an unknown peer is not one.
fn is_local_peer(peer: Option<IpAddr>) -> bool {
    peer.is_some_and(|ip| ip.to_canonical().is_loopback())
}

fn is_jwks_path(path: &str) -> bool {
    !path.starts_with("/_local/") && path.ends_with("/.well-known/jwks.json")
}

pub(super) async fn origin_policy(
    State(app): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_operations_and_helpers_need_a_caller_on_this_machine() {
        assert!(needs_local_peer("/_local/faults", ""));
        assert!(needs_local_peer("/", "AdminCreateUser"));
        assert!(needs_local_peer("/", "CreateUserPool"));
        assert!(!needs_local_peer("/", "InitiateAuth"));
        assert!(!needs_local_peer("/us-east-1_X/.well-known/jwks.json", ""));
        for local in ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"] {
            assert!(is_local_peer(local.parse().ok()), "{local}");
        }
        for remote in [
            "10.0.0.7",
            "192.168.1.20",
            "::ffff:10.0.0.7",
            "fe80::1",
            "0.0.0.0",
        ] {
            assert!(!is_local_peer(remote.parse().ok()), "{remote}");
        }
        assert!(!is_local_peer(None), "an unknown peer is refused");
    }

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
            "SetUserPoolSessionConfiguration",
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
            "ListUserSessions",
            "RevokeUserSession",
            "",
        ] {
            assert!(!is_admin_operation(op), "{op}");
        }
    }
}

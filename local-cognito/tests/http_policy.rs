//! Safe on a developer's laptop: which browsers may call (CORS and the origin policy), admin
//! operations closed to browsers, `/_local/` without CORS, and the Host check against DNS
//! rebinding.

mod common;

use std::sync::Arc;

use common::{call, local, raw, serve};
use local_cognito::HttpOptions;
use local_cognito::service::{Service, ServiceConfig};
use local_cognito::store::Store;
use serde_json::json;

const POOL: &str = "us-east-1_Policy";
const CLIENT: &str = "policyclient";
const PASSWORD: &str = "Policy-Passw0rd!";

fn service() -> Arc<Service> {
    Arc::new(common::seeded_service(seed()))
}

fn seed() -> serde_json::Value {
    json!({ "pools": [{
        "id": POOL, "name": "policy", "mfa": "OPTIONAL",
        "clients": [{ "id": CLIENT, "name": "web", "auth_flows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }],
        "users": [{ "email": "kim@example.com", "password": PASSWORD }],
    }]})
}

fn sign_in() -> serde_json::Value {
    json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT, "AuthParameters": { "USERNAME": "kim@example.com", "PASSWORD": PASSWORD } })
}

fn preflight(origin: &str) -> String {
    format!(
        "OPTIONS / HTTP/1.1\r\nHost: localhost:9229\r\nOrigin: {origin}\r\nAccess-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type,x-amz-target\r\nConnection: close\r\n\r\n"
    )
}

fn has_cors(head: &str) -> bool {
    head.contains("access-control-")
}

async fn user_exists(addr: std::net::SocketAddr, email: &str) -> bool {
    call(
        addr,
        "AdminGetUser",
        &json!({ "UserPoolId": POOL, "Username": email }),
        &[],
    )
    .await
    .status
        == 200
}

#[tokio::test]
async fn loopback_origins_are_echoed_and_others_refused_before_anything_runs() {
    let addr = serve(
        service(),
        HttpOptions {
            allow_origins: vec!["https://app.example.test".into()],
            ..HttpOptions::default()
        },
    )
    .await;
    for origin in [
        "http://localhost:5173",
        "http://localhost",
        "http://127.0.0.1:8731",
        "http://[::1]:3000",
        "https://app.example.test",
    ] {
        let p = raw(addr, preflight(origin).as_bytes()).await;
        assert_eq!(p.status, 200, "{origin}: {p:?}");
        assert_eq!(p.header("access-control-allow-origin"), Some(origin));
        assert_eq!(p.header("vary"), Some("origin"));
        assert!(
            p.header("access-control-allow-headers")
                .is_some_and(|h| h.contains("x-amz-target"))
        );
        assert!(
            p.header("access-control-allow-methods")
                .is_some_and(|h| h.contains("post"))
        );

        let a = call(
            addr,
            "InitiateAuth",
            &sign_in(),
            &[&format!("Origin: {origin}")],
        )
        .await;
        assert_eq!(a.status, 200, "{origin}: {a:?}");
        assert_eq!(a.header("access-control-allow-origin"), Some(origin));
        assert!(a.head.contains("vary: origin"), "{}", a.head);
        assert!(
            a.header("access-control-expose-headers")
                .is_some_and(|h| h.contains("x-amzn-errortype"))
        );
        // A fresh connection per browser request, so a dropped one is never quietly resent.
        assert_eq!(a.header("connection"), Some("close"));
        assert_eq!(p.header("connection"), Some("close"));
    }

    for origin in [
        "http://evil.example",
        "https://app.example.test:444",
        "http://localhost.evil.example",
        "null",
    ] {
        let p = raw(addr, preflight(origin).as_bytes()).await;
        assert_eq!(p.status, 403, "{origin}: {p:?}");
        assert!(!has_cors(&p.head), "{origin}: {}", p.head);

        let email = "signup@example.com";
        let a = call(
            addr,
            "SignUp",
            &json!({ "ClientId": CLIENT, "Username": email, "Password": PASSWORD }),
            &[&format!("Origin: {origin}")],
        )
        .await;
        assert_eq!(a.status, 403, "{origin}: {a:?}");
        assert_eq!(a.json()["__type"], "AccessDeniedException");
        assert!(!has_cors(&a.head), "{origin}: {}", a.head);
        assert!(!user_exists(addr, email).await, "{origin}: SignUp ran");
    }

    // No Origin (SDKs, scripts): no CORS headers needed, nothing refused.
    let a = call(addr, "InitiateAuth", &sign_in(), &[]).await;
    assert_eq!(a.status, 200);
    assert_eq!(a.header("access-control-allow-origin"), None);

    // A non-UTF-8 Origin is just not an allowed one.
    let mut request = common::api_request("InitiateAuth", &sign_in(), &[]);
    let at = request
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a head");
    request.splice(at..at, b"\r\nOrigin: http://\xff\xfe".iter().copied());
    let a = raw(addr, &request).await;
    assert_eq!(a.status, 403, "{a:?}");
}

#[tokio::test]
async fn admin_operations_are_closed_to_browsers_and_open_to_sdks() {
    let addr = serve(service(), HttpOptions::default()).await;
    let create = json!({ "UserPoolId": POOL, "Username": "made@example.com", "TemporaryPassword": PASSWORD, "MessageAction": "SUPPRESS" });
    for (operation, body) in [
        ("AdminCreateUser", create.clone()),
        (
            "AdminGetUser",
            json!({ "UserPoolId": POOL, "Username": "kim@example.com" }),
        ),
        ("ListUsers", json!({ "UserPoolId": POOL })),
        ("ListUserPools", json!({ "MaxResults": 10 })),
        ("CreateUserPool", json!({ "PoolName": "x" })),
        (
            "CreateUserPoolClient",
            json!({ "UserPoolId": POOL, "ClientName": "x" }),
        ),
        ("DescribeUserPool", json!({ "UserPoolId": POOL })),
        (
            "SetUserPoolMfaConfig",
            json!({ "UserPoolId": POOL, "MfaConfiguration": "ON" }),
        ),
        ("GetUserPoolMfaConfig", json!({ "UserPoolId": POOL })),
        (
            "UpdateUserPool",
            json!({ "UserPoolId": POOL, "MfaConfiguration": "ON" }),
        ),
    ] {
        let a = call(addr, operation, &body, &["Origin: http://localhost:5173"]).await;
        assert_eq!(a.status, 403, "{operation}: {a:?}");
        assert_eq!(a.json()["__type"], "AccessDeniedException", "{operation}");
        assert!(!has_cors(&a.head), "{operation}: {}", a.head);
    }
    assert!(!user_exists(addr, "made@example.com").await);
    let mfa = call(
        addr,
        "GetUserPoolMfaConfig",
        &json!({ "UserPoolId": POOL }),
        &[],
    )
    .await;
    assert_eq!(
        mfa.json()["MfaConfiguration"],
        "OPTIONAL",
        "neither SetUserPoolMfaConfig nor UpdateUserPool ran"
    );

    let a = call(addr, "AdminCreateUser", &create, &[]).await;
    assert_eq!(a.status, 200, "{a:?}");
    assert!(user_exists(addr, "made@example.com").await);
}

#[tokio::test]
async fn local_helpers_carry_no_cors_and_the_jwks_is_public() {
    let addr = serve(service(), HttpOptions::default()).await;
    let a = local(addr, "GET", "/_local/health", "", &[]).await;
    assert_eq!(a.status, 200);
    assert!(!has_cors(&a.head), "{}", a.head);
    let a = local(addr, "GET", "/_local/faults", "", &[]).await;
    assert!(!has_cors(&a.head), "{}", a.head);

    // No web page, not even one on another local port, can change the stand-in with a simple
    // (no-preflight) POST: a form or `fetch(…, {mode: "no-cors"})` carries an Origin header.
    let open = serve(
        service(),
        HttpOptions {
            allow_origins: vec!["*".into()],
            ..HttpOptions::default()
        },
    )
    .await;
    for addr in [addr, open] {
        for origin in ["http://evil.example", "http://localhost:5173", "null"] {
            for (method, path, body) in [
                (
                    "POST",
                    "/_local/faults",
                    r#"{"operation":"*","kind":"hang"}"#,
                ),
                ("POST", "/_local/session-ttl?seconds=1", ""),
                ("POST", "/_local/lockout?base_ms=1", ""),
                ("POST", "/_local/reset-lockouts", ""),
                ("POST", "/_local/totp-reassociation?mode=immediate", ""),
                (
                    "POST",
                    "/_local/required-attributes?pool=us-east-1_Policy&names=name",
                    "",
                ),
                ("GET", "/_local/totp?email=demo@example.com", ""),
                ("GET", "/_local/health", ""),
            ] {
                let a = local(
                    addr,
                    method,
                    path,
                    body,
                    &[&format!("Origin: {origin}"), "Content-Type: text/plain"],
                )
                .await;
                assert_eq!(a.status, 403, "{origin} {method} {path}: {a:?}");
                assert!(!has_cors(&a.head));
            }
        }
    }
    assert_eq!(
        local(addr, "GET", "/_local/faults", "", &[]).await.json(),
        json!({ "faults": [] })
    );

    let jwks = local(
        addr,
        "GET",
        &format!("/{POOL}/.well-known/jwks.json"),
        "",
        &["Origin: http://evil.example"],
    )
    .await;
    assert_eq!(jwks.status, 200);
    assert_eq!(jwks.header("access-control-allow-origin"), Some("*"));
    assert_eq!(jwks.json()["keys"][0]["kty"], "RSA");
}

#[tokio::test]
async fn foreign_host_headers_are_refused_against_dns_rebinding() {
    let cfg = ServiceConfig {
        endpoint: "http://cognito.internal:9229".into(),
        print_codes: false,
        ..ServiceConfig::default()
    };
    let service = Service::new(cfg, Store::default()).expect("starts");
    local_cognito::seed::Seed::parse(&seed().to_string())
        .expect("parses")
        .apply(&service)
        .expect("applies");
    let addr = serve(Arc::new(service), HttpOptions::default()).await;

    for host in [
        "evil.example",
        "evil.example:9229",
        "127.0.0.1.evil.example",
        "localhost.evil.example:1",
        "",
        "[::1",
    ] {
        let h = format!("Host: {host}");
        for (method, path) in [
            ("GET", "/_local/health"),
            ("GET", "/_local/totp?email=kim@example.com"),
            ("GET", "/no/such/path"),
            ("GET", &format!("/{POOL}/.well-known/jwks.json")),
        ] {
            let a = local(addr, method, path, "", &[&h]).await;
            assert_eq!(a.status, 403, "{host} {path}: {a:?}");
        }
        let mut request =
            String::from_utf8(common::api_request("InitiateAuth", &sign_in(), &[])).expect("text");
        request = request.replace("Host: 127.0.0.1", &h);
        let a = raw(addr, request.as_bytes()).await;
        assert_eq!(a.status, 403, "{host}: {a:?}");
    }
    // HTTP/1.0 without a Host.
    let a = raw(addr, b"GET /_local/health HTTP/1.0\r\n\r\n").await;
    assert_eq!(a.status, 403, "{a:?}");

    let port = addr.port();
    for host in [
        format!("localhost:{port}"),
        "localhost".to_owned(),
        format!("127.0.0.1:{port}"),
        "[::1]:9229".to_owned(),
        "LOCALHOST".to_owned(),
        "cognito.internal:9229".to_owned(),
    ] {
        let a = local(
            addr,
            "GET",
            "/_local/health",
            "",
            &[&format!("Host: {host}")],
        )
        .await;
        assert_eq!(a.status, 200, "{host}: {a:?}");
    }
}

/// This machine's address on a network (not loopback), if it has one: where the OS would send a
/// packet to a private address (a UDP "connect" sends nothing).
fn network_address() -> Option<std::net::IpAddr> {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("10.254.254.254:9").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

#[tokio::test]
async fn admin_operations_and_helpers_answer_only_callers_on_this_machine() {
    let Some(ip) = network_address() else {
        // The rule itself is unit-tested in `http::policy`; this checks it end to end.
        eprintln!("no network address on this machine: the end-to-end check is skipped");
        return;
    };
    // Bound to every address, as `--bind 0.0.0.0` does, and called on the network address.
    let listener = tokio::net::TcpListener::bind("0.0.0.0:0")
        .await
        .expect("a port");
    let port = listener.local_addr().expect("bound").port();
    tokio::spawn(local_cognito::serve_with(
        listener,
        service(),
        HttpOptions {
            allow_hosts: vec![ip.to_string()],
            ..HttpOptions::default()
        },
        std::future::pending(),
    ));
    let remote = std::net::SocketAddr::new(ip, port);
    let host = format!("Host: {ip}");
    let refused = "admin operations and /_local/ helpers answer only callers on this machine";
    let helper = local(remote, "GET", "/_local/health", "", &[&host]).await;
    assert_eq!(helper.status, 403, "{helper:?}");
    assert!(helper.body.contains(refused), "{}", helper.body);
    let admin = call(
        remote,
        "AdminGetUser",
        &json!({ "UserPoolId": POOL, "Username": "kim@example.com" }),
        &[&host],
    )
    .await;
    assert_eq!(admin.status, 403, "{admin:?}");
    // What any client may call still works from there; from loopback, everything does.
    let user = call(remote, "InitiateAuth", &sign_in(), &[&host]).await;
    assert_eq!(user.status, 200, "{user:?}");
    let here = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    assert_eq!(
        local(here, "GET", "/_local/health", "", &[]).await.status,
        200
    );
    assert!(user_exists(here, "kim@example.com").await);
}

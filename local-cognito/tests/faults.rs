//! Fault injection over real HTTP: every kind, from the command line's syntax and from
//! `/_local/faults`; which kinds run the operation; CORS headers still on fault answers.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{Answer, call, local, serve};
use local_cognito::HttpOptions;
use local_cognito::faults::Fault;
use local_cognito::service::Service;
use serde_json::{Value, json};

const POOL: &str = "us-east-1_Faults";
const CLIENT: &str = "faultsclient";
const PASSWORD: &str = "Fault-Passw0rd!";
const ORIGIN: &str = "Origin: http://localhost:5173";

fn service() -> Arc<Service> {
    Arc::new(common::seeded_service(json!({ "pools": [{
        "id": POOL, "name": "faults", "mfa": "OPTIONAL",
        "clients": [{ "id": CLIENT, "name": "web", "auth_flows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }],
        "users": [{ "email": "kim@example.com", "password": PASSWORD }],
    }]})))
}

async fn start(faults: &[&str]) -> std::net::SocketAddr {
    let faults: Vec<Fault> = faults
        .iter()
        .map(|f| f.parse().expect("a valid --fault"))
        .collect();
    serve(
        service(),
        HttpOptions {
            faults,
            ..HttpOptions::default()
        },
    )
    .await
}

fn sign_in_body(password: &str) -> Value {
    json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT, "AuthParameters": { "USERNAME": "kim@example.com", "PASSWORD": password } })
}

fn create_body(email: &str) -> Value {
    json!({ "UserPoolId": POOL, "Username": email, "TemporaryPassword": PASSWORD, "MessageAction": "SUPPRESS" })
}

/// Whether AdminCreateUser ran for `email` (asked without a fault in the way).
async fn exists(addr: std::net::SocketAddr, email: &str) -> bool {
    let a = call(
        addr,
        "AdminGetUser",
        &json!({ "UserPoolId": POOL, "Username": email }),
        &[],
    )
    .await;
    match a.status {
        200 => true,
        400 if a.json()["__type"] == "UserNotFoundException" => false,
        _ => panic!("unexpected {a:?}"),
    }
}

async fn faults_listed(addr: std::net::SocketAddr) -> Vec<Value> {
    local(addr, "GET", "/_local/faults", "", &[]).await.json()["faults"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[tokio::test]
async fn runtime_faults_are_added_listed_used_up_and_cleared() {
    let addr = start(&[]).await;
    let added = local(
        addr,
        "POST",
        "/_local/faults",
        r#"[{"operation":"GetUser","kind":"http500","times":2},{"operation":"*","kind":"throttle","times":1}]"#,
        &[],
    )
    .await;
    assert_eq!(added.status, 200, "{added:?}");
    let specs: Vec<Value> = faults_listed(addr)
        .await
        .iter()
        .map(|f| f["spec"].clone())
        .collect();
    assert_eq!(specs, [json!("GetUser=http500:2"), json!("*=throttle:1")]);

    let get_user = json!({ "AccessToken": "not-a-token" });
    for _ in 0..2 {
        let a = call(addr, "GetUser", &get_user, &[]).await;
        assert_eq!((a.status, a.body.as_str()), (500, "Internal Server Error"));
    }
    let a = call(addr, "GetUser", &get_user, &[]).await;
    assert_eq!(a.status, 400);
    assert_eq!(
        a.json(),
        json!({ "__type": "TooManyRequestsException", "message": "Rate exceeded" })
    );
    let a = call(addr, "GetUser", &get_user, &[]).await;
    assert_eq!(
        a.json()["__type"],
        "NotAuthorizedException",
        "the operation itself again"
    );
    assert!(faults_listed(addr).await.is_empty(), "all used up");

    // Until cleared: no `times`.
    let added = local(
        addr,
        "POST",
        "/_local/faults",
        r#"{"operation":"InitiateAuth","kind":"error","error":"LimitExceededException","message":"Slow down"}"#,
        &[],
    )
    .await;
    assert_eq!(added.status, 200, "{added:?}");
    for _ in 0..3 {
        let a = call(addr, "InitiateAuth", &sign_in_body(PASSWORD), &[]).await;
        assert_eq!(
            a.json(),
            json!({ "__type": "LimitExceededException", "message": "Slow down" })
        );
    }
    let cleared = local(addr, "DELETE", "/_local/faults", "", &[]).await;
    assert_eq!(cleared.json(), json!({ "faults": [] }));
    let a = call(addr, "InitiateAuth", &sign_in_body(PASSWORD), &[]).await;
    assert_eq!(a.status, 200, "{a:?}");

    for bad in [
        "not json",
        r#"{"operation":"GetUser","kind":"explode"}"#,
        r#"{"operation":"GetUser","kind":"hang","times":0}"#,
        r#"{"kind":"hang"}"#,
    ] {
        let a = local(addr, "POST", "/_local/faults", bad, &[]).await;
        assert_eq!(a.status, 400, "{bad}: {a:?}");
        assert!(a.json()["error"].is_string());
    }
    assert!(faults_listed(addr).await.is_empty());
}

#[tokio::test]
async fn hang_never_answers_and_the_operation_does_not_run() {
    let addr = start(&["AdminCreateUser=hang:1"]).await;
    let waited = tokio::time::timeout(
        Duration::from_millis(500),
        call(
            addr,
            "AdminCreateUser",
            &create_body("hung@example.com"),
            &[],
        ),
    )
    .await;
    assert!(waited.is_err(), "answered: {waited:?}");
    assert!(!exists(addr, "hung@example.com").await);
    // Used up: the next one goes through.
    let a = call(
        addr,
        "AdminCreateUser",
        &create_body("hung@example.com"),
        &[],
    )
    .await;
    assert_eq!(a.status, 200, "{a:?}");
}

#[tokio::test]
async fn drop_closes_the_connection_before_any_answer() {
    let addr = start(&["AdminCreateUser=drop:1", "InitiateAuth=drop:1"]).await;
    let a = call(
        addr,
        "AdminCreateUser",
        &create_body("dropped@example.com"),
        &[],
    )
    .await;
    assert_eq!(
        (a.status, a.head.as_str(), a.body.as_str()),
        (0, "", ""),
        "not one byte of an answer"
    );
    assert!(!exists(addr, "dropped@example.com").await);
    // From a browser's point of view too: no head, so no CORS headers, just a network error.
    let a = call(addr, "InitiateAuth", &sign_in_body(PASSWORD), &[ORIGIN]).await;
    assert_eq!((a.status, a.head.as_str()), (0, ""));
    let a = call(addr, "InitiateAuth", &sign_in_body(PASSWORD), &[ORIGIN]).await;
    assert_eq!(a.status, 200, "the next connection is served: {a:?}");
}

#[tokio::test]
async fn drop_on_a_kept_alive_connection_cuts_it_after_the_earlier_answers() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = start(&[]).await;
    let mut stream = tokio::net::TcpStream::connect(addr)
        .await
        .expect("connects");
    let keep_alive = |op: &str, body: &Value| {
        String::from_utf8(common::api_request(op, body, &[]))
            .expect("text")
            .replace("Connection: close", "Connection: keep-alive")
    };
    let first = keep_alive("InitiateAuth", &sign_in_body(PASSWORD));
    stream.write_all(first.as_bytes()).await.expect("sends");
    let mut buf = vec![0u8; 65536];
    let n = stream.read(&mut buf).await.expect("an answer");
    assert!(
        buf[..n].starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&buf[..n])
    );
    // Now a drop fault, and the same connection's next request.
    local(
        addr,
        "POST",
        "/_local/faults",
        r#"{"operation":"InitiateAuth","kind":"drop","times":1}"#,
        &[],
    )
    .await;
    stream.write_all(first.as_bytes()).await.expect("sends");
    let mut rest = Vec::new();
    let _ = stream.read_to_end(&mut rest).await;
    assert!(rest.is_empty(), "{}", String::from_utf8_lossy(&rest));
}

#[tokio::test]
async fn error_pages_and_chosen_errors_still_carry_cors_headers() {
    let addr = start(&[
        "InitiateAuth=http500:1",
        "InitiateAuth=html503:1",
        "InitiateAuth=throttle:1",
        "InitiateAuth=NotAuthorizedException:1",
        "InitiateAuth=error:LimitExceededException:Attempt limit exceeded, please try after some time.:1",
        "InitiateAuth=error:InternalErrorException:1",
    ])
    .await;
    let mut answers: Vec<Answer> = Vec::new();
    for _ in 0..6 {
        answers.push(call(addr, "InitiateAuth", &sign_in_body(PASSWORD), &[ORIGIN]).await);
    }
    for a in &answers {
        assert_eq!(
            a.header("access-control-allow-origin"),
            Some("http://localhost:5173"),
            "{a:?}"
        );
    }
    let [http500, html503, throttle, named, custom, internal] = &answers[..] else {
        unreachable!()
    };
    assert_eq!(http500.status, 500);
    assert_eq!(http500.body, "Internal Server Error");
    assert!(
        http500
            .header("content-type")
            .is_some_and(|t| t.starts_with("text/plain"))
    );
    assert_eq!(http500.header("x-amzn-errortype"), None);

    assert_eq!(html503.status, 503);
    assert_eq!(html503.header("content-type"), Some("text/html"));
    assert!(html503.body.contains("<html>") && html503.body.contains("503"));
    assert_eq!(html503.header("x-amzn-errortype"), None);

    assert_eq!(throttle.status, 400);
    assert_eq!(
        throttle.header("x-amzn-errortype"),
        Some("toomanyrequestsexception:")
    );
    assert_eq!(throttle.json()["message"], "Rate exceeded");

    assert_eq!(
        (named.status, named.json()),
        (
            400,
            json!({ "__type": "NotAuthorizedException", "message": "Incorrect username or password." })
        )
    );
    assert_eq!(
        (custom.status, custom.json()),
        (
            400,
            json!({ "__type": "LimitExceededException", "message": "Attempt limit exceeded, please try after some time." })
        )
    );
    assert_eq!(internal.status, 500);
    assert_eq!(internal.json()["__type"], "InternalErrorException");
}

#[tokio::test]
async fn only_bad_json_truncated_and_delay_run_the_operation() {
    let addr = start(&[]).await;
    for (i, kind) in [
        "http500",
        "html503",
        "throttle",
        "NotAuthorizedException",
        "error:X:y",
    ]
    .iter()
    .enumerate()
    {
        let email = format!("skipped{i}@example.com");
        let fault = json!({ "spec": format!("AdminCreateUser={kind}:1") }).to_string();
        assert_eq!(
            local(addr, "POST", "/_local/faults", &fault, &[])
                .await
                .status,
            200
        );
        let a = call(addr, "AdminCreateUser", &create_body(&email), &[]).await;
        assert!(a.status >= 400, "{kind}: {a:?}");
        assert!(!exists(addr, &email).await, "{kind} ran the operation");
    }

    local(
        addr,
        "POST",
        "/_local/faults",
        r#"{"operation":"AdminCreateUser","kind":"bad-json","times":1}"#,
        &[],
    )
    .await;
    let a = call(
        addr,
        "AdminCreateUser",
        &create_body("badjson@example.com"),
        &[],
    )
    .await;
    assert_eq!(a.status, 200);
    assert!(
        serde_json::from_str::<Value>(&a.body).is_err(),
        "{:?}",
        a.body
    );
    assert!(exists(addr, "badjson@example.com").await);

    local(
        addr,
        "POST",
        "/_local/faults",
        r#"{"operation":"AdminCreateUser","kind":"truncated","times":1}"#,
        &[],
    )
    .await;
    let a = call(
        addr,
        "AdminCreateUser",
        &create_body("cut@example.com"),
        &[],
    )
    .await;
    assert_eq!(a.status, 200);
    assert!(a.body.starts_with("{\"User\""), "{:?}", a.body);
    assert!(
        serde_json::from_str::<Value>(&a.body).is_err(),
        "{:?}",
        a.body
    );
    assert!(exists(addr, "cut@example.com").await);
    // Half of the real answer: the real one is about twice as long.
    let whole = call(
        addr,
        "AdminGetUser",
        &json!({ "UserPoolId": POOL, "Username": "cut@example.com" }),
        &[],
    )
    .await;
    assert!(whole.body.len() > a.body.len());

    local(
        addr,
        "POST",
        "/_local/faults",
        r#"{"operation":"*","kind":"delay","ms":400,"times":1}"#,
        &[],
    )
    .await;
    let started = Instant::now();
    let a = call(
        addr,
        "AdminCreateUser",
        &create_body("late@example.com"),
        &[],
    )
    .await;
    assert!(started.elapsed() >= Duration::from_millis(400));
    assert_eq!(a.status, 200);
    assert_eq!(a.json()["User"]["UserStatus"], "FORCE_CHANGE_PASSWORD");
    let started = Instant::now();
    call(
        addr,
        "AdminGetUser",
        &json!({ "UserPoolId": POOL, "Username": "late@example.com" }),
        &[],
    )
    .await;
    assert!(
        started.elapsed() < Duration::from_millis(400),
        "the delay was used up"
    );
}

#[tokio::test]
async fn drop_behind_a_plain_axum_server_breaks_off_the_answer() {
    // `router()` served without local-cognito's listener cannot cut the socket: the answer is
    // broken off instead (no panic, no complete answer).
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let addr = listener.local_addr().expect("bound");
    let app = local_cognito::router_with(
        service(),
        HttpOptions {
            faults: vec!["InitiateAuth=drop:1".parse().expect("valid")],
            ..HttpOptions::default()
        },
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    let a = call(addr, "InitiateAuth", &sign_in_body(PASSWORD), &[]).await;
    // hyper holds the head back until the body's first bytes, so usually nothing at all comes.
    let incomplete =
        a.status == 0 || (a.header("content-length") == Some("1") && a.body.is_empty());
    assert!(incomplete, "{a:?}");
    let a = call(addr, "InitiateAuth", &sign_in_body(PASSWORD), &[]).await;
    assert_eq!(a.status, 200, "{a:?}");
}

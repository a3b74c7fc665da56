//! Shared by the tests: a quiet service seeded with one JSON description (on the wall clock or
//! one the test moves), what a refusal must read, the time as the service sees it, and raw HTTP.

use local_cognito::error::ApiError;
use local_cognito::seed::Seed;
use local_cognito::service::{Clock, Service, ServiceConfig};
use local_cognito::store::Store;
use serde_json::Value;

/// A service with no state file that prints no codes, seeded with `seed` (the seed file format).
#[allow(dead_code)]
pub fn seeded_service(seed: serde_json::Value) -> Service {
    service_seeded_from(&seed.to_string(), Clock::system())
}

/// The same on a clock that stands still until the test moves it (`s.clock().advance(…)`): no
/// test sleeps to see something expire.
#[allow(dead_code)]
pub fn seeded_service_on(seed: serde_json::Value, clock: Clock) -> Service {
    service_seeded_from(&seed.to_string(), clock)
}

/// That `result` is Cognito's refusal `kind` with `message` (a 400, or a 500 for an internal
/// error).
#[allow(dead_code)]
#[track_caller]
pub fn refused(result: Result<Value, ApiError>, kind: &str, message: &str) {
    match result {
        Ok(v) => panic!("expected {kind} {message:?}, got {v}"),
        Err(e) => {
            assert_eq!((e.kind, e.message.as_str()), (kind, message), "{e:?}");
            let status = if kind == "InternalErrorException" {
                500
            } else {
                400
            };
            assert_eq!(e.status, status, "{e:?}");
        }
    }
}

/// The service's time, in seconds (TOTP codes are computed for it).
#[allow(dead_code)]
pub fn now(s: &Service) -> u64 {
    s.clock().now_secs() as u64
}

/// A PASSWORD_VERIFIER `TIMESTAMP` for the service's time.
#[allow(dead_code)]
pub fn now_stamp(s: &Service) -> String {
    cognito_crypto::timestamp::format(s.clock().now_ms())
}

/// The same, seeded with the built-in demo seed (what `local-cognito` runs with by default).
#[allow(dead_code)]
pub fn demo_service() -> Service {
    service_seeded_from(local_cognito::seed::DEFAULT_SEED, Clock::system())
}

fn service_seeded_from(seed: &str, clock: Clock) -> Service {
    let cfg = ServiceConfig {
        print_codes: false,
        ..ServiceConfig::default()
    };
    let service =
        Service::with_clock(cfg, Store::default(), clock).expect("a fresh service starts");
    Seed::parse(seed)
        .expect("the seed parses")
        .apply(&service)
        .expect("the seed applies");
    service
}

/// One HTTP answer read off a raw socket: status (0 if nothing came back), the head in lower
/// case, the body.
#[allow(dead_code)]
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub head: String,
    pub body: String,
}

#[allow(dead_code)]
impl Answer {
    /// The value of a header (lower-case name), if present.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            l.strip_prefix(name)
                .and_then(|rest| rest.strip_prefix(':'))
                .map(str::trim)
        })
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.body))
    }
}

/// Serves `service` on a loopback port with `options`, as `local-cognito` does.
#[allow(dead_code)]
pub async fn serve(
    service: std::sync::Arc<Service>,
    options: local_cognito::HttpOptions,
) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let addr = listener.local_addr().expect("bound");
    tokio::spawn(local_cognito::serve_with(
        listener,
        service,
        options,
        std::future::pending(),
    ));
    addr
}

/// Sends raw bytes and reads until the server closes the connection.
#[allow(dead_code)]
pub async fn raw(addr: std::net::SocketAddr, request: &[u8]) -> Answer {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr)
        .await
        .expect("connects");
    stream.write_all(request).await.expect("sends");
    let mut out = Vec::new();
    // A reset instead of a clean close reads as an error: keep what arrived.
    let _ = stream.read_to_end(&mut out).await;
    let text = String::from_utf8_lossy(&out).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Answer {
        status,
        head: head.to_ascii_lowercase(),
        body: body.to_owned(),
    }
}

/// `POST /` for a Cognito operation, with `Host: 127.0.0.1` and any extra header lines.
#[allow(dead_code)]
pub fn api_request(operation: &str, body: &serde_json::Value, extra: &[&str]) -> Vec<u8> {
    let body = body.to_string();
    let mut headers = String::new();
    for line in extra {
        headers.push_str(line);
        headers.push_str("\r\n");
    }
    format!(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: AWSCognitoIdentityProviderService.{operation}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Calls a Cognito operation over HTTP (no Origin unless given in `extra`).
#[allow(dead_code)]
pub async fn call(
    addr: std::net::SocketAddr,
    operation: &str,
    body: &serde_json::Value,
    extra: &[&str],
) -> Answer {
    raw(addr, &api_request(operation, body, extra)).await
}

/// A plain request to a helper path, `Host: 127.0.0.1` unless `extra` names another.
#[allow(dead_code)]
pub async fn local(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    body: &str,
    extra: &[&str],
) -> Answer {
    let mut headers = String::new();
    if !extra
        .iter()
        .any(|l| l.to_ascii_lowercase().starts_with("host:"))
    {
        headers.push_str("Host: 127.0.0.1\r\n");
    }
    for line in extra {
        headers.push_str(line);
        headers.push_str("\r\n");
    }
    let request = format!(
        "{method} {path} HTTP/1.1\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    raw(addr, request.as_bytes()).await
}

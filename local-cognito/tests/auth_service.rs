//! The app's own auth service (native build) against the stand-in: every seed flow end to end,
//! with real SRP and real TOTP codes, over real HTTP.

use std::sync::Arc;

use cognito_2fa::auth::ErrorKey;
use cognito_2fa::auth::{
    AuthError, AuthService, ChallengeKind, MfaFactor, SetupFor, SignInChallenge, SignInOutcome,
    Tokens,
};
use cognito_2fa::cognito::{RawResponse, Transport, TransportError};
use cognito_2fa::config::{Config, RawConfig};
use cognito_crypto::totp;
use local_cognito::service::{Service, ServiceConfig};
use local_cognito::store::Store;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const POOL: &str = "eu-west-1_TestPool";
const CLIENT: &str = "testclient";
const PASSWORD: &str = "Correct-Horse-9!";

/// HTTP/1.1 over a plain TCP socket: enough for a loopback server, no client crate needed.
#[derive(Clone)]
struct Tcp;

impl Transport for Tcp {
    async fn post(
        &self,
        url: &str,
        target: &str,
        body: &str,
    ) -> Result<RawResponse, TransportError> {
        Self::exchange(url, target, body)
            .await
            .map_err(TransportError::Network)
    }
}

impl Tcp {
    async fn exchange(url: &str, target: &str, body: &str) -> Result<RawResponse, String> {
        let authority = url.trim_start_matches("http://").trim_end_matches('/');
        let mut stream = tokio::net::TcpStream::connect(authority)
            .await
            .map_err(|e| e.to_string())?;
        let request = format!(
            "POST / HTTP/1.1\r\nHost: {authority}\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: {target}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream
            .write_all(request.as_bytes())
            .await
            .map_err(|e| e.to_string())?;
        let mut raw = Vec::new();
        stream
            .read_to_end(&mut raw)
            .await
            .map_err(|e| e.to_string())?;
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .ok_or("no header end")?;
        let head = String::from_utf8_lossy(&raw[..split]).to_string();
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or("no status")?;
        let error_type = head.lines().find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("x-amzn-errortype: ")
                .map(str::to_owned)
        });
        Ok(RawResponse {
            status,
            error_type,
            body: raw[split + 4..].to_vec(),
        })
    }
}

struct Harness {
    service: Arc<Service>,
    auth: AuthService<Tcp>,
}

async fn start_with(
    seed: serde_json::Value,
    session_ttl: i64,
    state: Option<std::path::PathBuf>,
) -> Harness {
    let store = state
        .as_deref()
        .and_then(|p| Store::load(p).ok().flatten())
        .unwrap_or_default();
    let cfg = ServiceConfig {
        session_ttl,
        endpoint: "http://placeholder".into(),
        state_path: state,
        print_codes: false,
        ..ServiceConfig::default()
    };
    let service = Arc::new(Service::new(cfg, store).unwrap());
    local_cognito::seed::Seed::parse(&seed.to_string())
        .unwrap()
        .apply(&service)
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(local_cognito::serve(listener, service.clone()));
    let raw = RawConfig {
        pool_id: Some(POOL),
        client_id: Some(CLIENT),
        app_name: Some("Test"),
        endpoint: Some(&endpoint),
        ..RawConfig::default()
    };
    Harness {
        service,
        auth: AuthService::new(Config::parse(raw).unwrap(), Tcp),
    }
}

fn seed(mfa: &str, users: serde_json::Value) -> serde_json::Value {
    json!({ "pools": [{
        "id": POOL, "name": "test", "mfa": mfa, "sms": true, "email": true,
        "clients": [{ "id": CLIENT, "name": "web", "auth_flows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }],
        "users": users,
    }]})
}

async fn start(mfa: &str, users: serde_json::Value) -> Harness {
    start_with(seed(mfa, users), 180, None).await
}

fn alice() -> serde_json::Value {
    json!([{ "email": "alice@example.com", "password": PASSWORD }])
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn signed_in(outcome: SignInOutcome) -> Tokens {
    match outcome {
        SignInOutcome::SignedIn(t) => t,
        SignInOutcome::Challenge(c) => panic!("expected tokens, got challenge {:?}", c.kind),
    }
}

fn challenge(outcome: SignInOutcome, kind: ChallengeKind) -> SignInChallenge {
    match outcome {
        SignInOutcome::Challenge(c) if c.kind == kind => c,
        SignInOutcome::Challenge(c) => panic!("expected {kind:?}, got {:?}", c.kind),
        SignInOutcome::SignedIn(_) => panic!("expected {kind:?}, got tokens"),
    }
}

/// Enrols TOTP for a signed-in user through the app's set-up flow; returns the key.
async fn enrol(h: &Harness, tokens: &Tokens) -> Vec<u8> {
    let secret = h
        .auth
        .setup_authenticator_app(SetupFor::SignedIn(tokens), "alice@example.com")
        .await
        .unwrap();
    // The QR code's URI: issuer = the app's name, account = the email (as the original app).
    let uri = secret.key_uri.expose();
    assert!(
        uri.starts_with("otpauth://totp/Test:alice%40example.com?secret=")
            && uri.ends_with("&issuer=Test"),
        "{uri}"
    );
    let key = totp::decode_secret(secret.secret.expose()).unwrap();
    let wrong = format!(
        "{:06}",
        (totp::code_at(&key, now()).parse::<u32>().unwrap() + 1) % 1_000_000
    );
    let e = h
        .auth
        .verify_authenticator_code(tokens, &wrong)
        .await
        .unwrap_err();
    assert!(e.is_code_mismatch(), "{e:?}");
    h.auth
        .verify_authenticator_code(tokens, &totp::code_at(&key, now()))
        .await
        .unwrap();
    h.auth
        .set_preferred_mfa(tokens, MfaFactor::AuthenticatorApp)
        .await
        .unwrap();
    key
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_without_mfa_then_profile_and_sign_out() {
    let h = start("OPTIONAL", alice()).await;
    let tokens = signed_in(h.auth.sign_in("alice@example.com", PASSWORD).await.unwrap());
    let profile = h.auth.get_user(&tokens).await.unwrap();
    assert_eq!(profile.email.as_deref(), Some("alice@example.com"));
    assert!(profile.enabled.is_empty() && profile.preferred.is_none());
    assert!(
        !format!("{tokens:?}").contains(tokens.access_token.expose()),
        "tokens must not print"
    );

    h.auth.sign_out(&tokens).await.unwrap();
    let e = h.auth.get_user(&tokens).await.unwrap_err();
    assert!(e.is_signed_out(), "revoked access token still works: {e:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_password_and_unknown_user_read_the_same() {
    let h = start("OPTIONAL", alice()).await;
    let wrong = h
        .auth
        .sign_in("alice@example.com", "Wrong-Horse-9!")
        .await
        .unwrap_err();
    let unknown = h
        .auth
        .sign_in("nobody@example.com", PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(wrong.message_key(), ErrorKey::WrongCredentials);
    assert_eq!(unknown.message_key(), ErrorKey::WrongCredentials);
    assert_eq!(
        wrong.to_string(),
        unknown.to_string(),
        "must not reveal which accounts exist"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn totp_setup_then_challenge_wrong_right_and_reused_codes() {
    let h = start("OPTIONAL", alice()).await;
    let tokens = signed_in(h.auth.sign_in("alice@example.com", PASSWORD).await.unwrap());
    let key = enrol(&h, &tokens).await;
    let profile = h.auth.get_user(&tokens).await.unwrap();
    assert!(profile.is_on(MfaFactor::AuthenticatorApp), "{profile:?}");
    assert_eq!(profile.preferred, Some(MfaFactor::AuthenticatorApp));

    let ch = challenge(
        h.auth.sign_in("alice@example.com", PASSWORD).await.unwrap(),
        ChallengeKind::Totp,
    );
    let e = h.auth.submit_mfa_code(&ch, "000000").await.unwrap_err();
    assert!(e.is_code_mismatch(), "{e:?}");
    // The code of the enrolment step was used; the next step's code is inside the ±1 window.
    let next = totp::code_at(&key, now() + 30);
    let tokens = signed_in(
        h.auth
            .submit_mfa_code(&ch, &next)
            .await
            .expect("same session, right code"),
    );
    assert!(h.auth.get_user(&tokens).await.is_ok());

    let again = challenge(
        h.auth.sign_in("alice@example.com", PASSWORD).await.unwrap(),
        ChallengeKind::Totp,
    );
    let e = h.auth.submit_mfa_code(&again, &next).await.unwrap_err();
    assert_eq!(e, AuthError::CodeReused, "a reused code must be refused");
    assert_eq!(e.message_key(), ErrorKey::CodeReused);
    assert!(!e.ends_sign_in(), "the same session takes the next code");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_session_says_so() {
    let h = start_with(seed("OPTIONAL", alice()), 1, None).await;
    let tokens = signed_in(h.auth.sign_in("alice@example.com", PASSWORD).await.unwrap());
    let key = enrol(&h, &tokens).await;
    let ch = challenge(
        h.auth.sign_in("alice@example.com", PASSWORD).await.unwrap(),
        ChallengeKind::Totp,
    );
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let e = h
        .auth
        .submit_mfa_code(&ch, &totp::code_at(&key, now() + 30))
        .await
        .unwrap_err();
    assert!(e.is_session_expired(), "{e:?}");
    assert_eq!(e.message_key(), ErrorKey::SessionExpired);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_file_keeps_an_enrolled_user_across_restarts() {
    let dir = std::env::temp_dir().join(format!("local-cognito-test-{}", uuid_like()));
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("state.json");
    let key = {
        let h = start_with(seed("OPTIONAL", alice()), 180, Some(state.clone())).await;
        let tokens = signed_in(h.auth.sign_in("alice@example.com", PASSWORD).await.unwrap());
        enrol(&h, &tokens).await
    };
    let h = start_with(seed("OPTIONAL", alice()), 180, Some(state.clone())).await;
    let ch = challenge(
        h.auth.sign_in("alice@example.com", PASSWORD).await.unwrap(),
        ChallengeKind::Totp,
    );
    signed_in(
        h.auth
            .submit_mfa_code(&ch, &totp::code_at(&key, now() + 30))
            .await
            .unwrap(),
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pool_with_mfa_on_forces_authenticator_setup_during_sign_in() {
    let h = start("ON", alice()).await;
    let ch = challenge(
        h.auth.sign_in("alice@example.com", PASSWORD).await.unwrap(),
        ChallengeKind::MfaSetup,
    );
    let secret = h
        .auth
        .setup_authenticator_app(SetupFor::SignInChallenge(&ch), &ch.email)
        .await
        .unwrap();
    let key = totp::decode_secret(secret.secret.expose()).unwrap();
    let tokens = signed_in(
        h.auth
            .verify_authenticator_during_sign_in(&ch, &secret, &totp::code_at(&key, now()))
            .await
            .unwrap(),
    );
    assert!(
        h.auth
            .get_user(&tokens)
            .await
            .unwrap()
            .is_on(MfaFactor::AuthenticatorApp)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sms_code_select_mfa_type_and_email_code() {
    let users = json!([
        { "email": "sms@example.com", "password": PASSWORD, "phone": "+15555550123", "mfa": ["SMS_MFA"] },
        { "email": "both@example.com", "password": PASSWORD, "phone": "+15555550199", "mfa": ["SMS_MFA", "EMAIL_OTP"] },
    ]);
    let h = start("OPTIONAL", users).await;
    let ch = challenge(
        h.auth.sign_in("sms@example.com", PASSWORD).await.unwrap(),
        ChallengeKind::Sms,
    );
    assert_eq!(ch.destination.as_deref(), Some("+*******0123"));
    let sent = h
        .service
        .deliveries("sms@example.com")
        .last()
        .unwrap()
        .code
        .clone();
    assert!(
        h.auth
            .submit_mfa_code(&ch, "999999")
            .await
            .unwrap_err()
            .is_code_mismatch()
            || sent == "999999"
    );
    signed_in(h.auth.submit_mfa_code(&ch, &sent).await.unwrap());

    let select = challenge(
        h.auth.sign_in("both@example.com", PASSWORD).await.unwrap(),
        ChallengeKind::SelectMfaType,
    );
    assert_eq!(
        select.options,
        vec![ChallengeKind::Sms, ChallengeKind::Email]
    );
    let email = challenge(
        h.auth
            .select_mfa_type(&select, ChallengeKind::Email)
            .await
            .unwrap(),
        ChallengeKind::Email,
    );
    let sent = h
        .service
        .deliveries("both@example.com")
        .last()
        .unwrap()
        .code
        .clone();
    signed_in(h.auth.submit_mfa_code(&email, &sent).await.unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn temporary_password_requires_a_new_one() {
    let h = start(
        "OPTIONAL",
        json!([{ "email": "new@example.com", "password": "Temp-Pass-123!", "temporary": true }]),
    )
    .await;
    let ch = challenge(
        h.auth
            .sign_in("new@example.com", "Temp-Pass-123!")
            .await
            .unwrap(),
        ChallengeKind::NewPasswordRequired,
    );
    let weak = h
        .auth
        .complete_new_password(&ch, "short", &[])
        .await
        .unwrap_err();
    assert_eq!(weak.message_key(), ErrorKey::InvalidPassword);
    // The same challenge (same Cognito session) takes a better password.
    signed_in(
        h.auth
            .complete_new_password(&ch, "Brand-New-Pass-4!", &[])
            .await
            .unwrap(),
    );
    signed_in(
        h.auth
            .sign_in("new@example.com", "Brand-New-Pass-4!")
            .await
            .unwrap(),
    );
}

fn uuid_like() -> String {
    format!(
        "{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    )
}

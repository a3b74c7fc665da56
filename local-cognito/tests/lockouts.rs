//! Lockouts and code lifetimes modelled on Cognito (see local-cognito/BEHAVIOURS.md, "Behaviours
//! modelled"): wrong passwords (USER_PASSWORD_AUTH and SRP), wrong MFA codes per session and per
//! user, SMS / email codes that expire, and the `/_local/` controls that make all of it testable
//! in seconds.

mod common;

use std::sync::Arc;
use std::time::Duration;

use cognito_crypto::srp::{SrpClient, VerifierChallenge};
use cognito_crypto::totp;
use common::{local, refused, serve};
use local_cognito::HttpOptions;
use local_cognito::error::ApiError;
use local_cognito::service::{Clock, LockoutConfig, Service};
use serde_json::{Value, json};

const POOL: &str = "us-east-1_Lockouts";
const CLIENT: &str = "lockoutsclient";
const PASSWORD: &str = "Lockout-Passw0rd!";
const WRONG: &str = "Wrong-Passw0rd!";
const INCORRECT: &str = "Incorrect username or password.";
const EXCEEDED: &str = "Password attempts exceeded";
const MFA_LOCKED: &str = "Too many invalid credentials attempts. User temporarily locked. Please try again after few seconds.";

fn service(base_ms: i64) -> Service {
    let s = common::seeded_service_on(
        json!({ "pools": [{
            "id": POOL, "name": "lockouts", "mfa": "OPTIONAL", "sms": true, "email": true,
            "clients": [{ "id": CLIENT, "name": "web", "auth_flows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }],
            "users": [
                { "email": "kim@example.com", "password": PASSWORD },
                { "email": "lee@example.com", "password": PASSWORD },
                { "email": "sam@example.com", "password": PASSWORD, "phone": "+15555550100", "mfa": ["SMS_MFA"] },
                { "email": "tom@example.com", "password": PASSWORD },
            ],
        }]}),
        Clock::manual(),
    );
    s.set_lockout(LockoutConfig {
        base_ms,
        max_ms: 60_000,
    });
    s
}

/// Time passes for the service (its clock is the test's).
fn sleep_ms(s: &Service, ms: u64) {
    s.clock().advance(Duration::from_millis(ms));
}

fn password_sign_in(s: &Service, email: &str, password: &str) -> Result<Value, ApiError> {
    s.call("InitiateAuth", &json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT, "AuthParameters": { "USERNAME": email, "PASSWORD": password } }))
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

#[test]
fn wrong_passwords_lock_out_even_the_right_one_with_a_doubling_back_off() {
    let s = service(1_000);
    for _ in 0..5 {
        refused(
            password_sign_in(&s, "kim@example.com", WRONG),
            "NotAuthorizedException",
            INCORRECT,
        );
    }
    // Locked for 1 s from the fifth failure: checked before the password.
    refused(
        password_sign_in(&s, "kim@example.com", PASSWORD),
        "NotAuthorizedException",
        EXCEEDED,
    );
    refused(
        password_sign_in(&s, "kim@example.com", WRONG),
        "NotAuthorizedException",
        EXCEEDED,
    );
    // Another user is not affected.
    assert!(password_sign_in(&s, "lee@example.com", PASSWORD).is_ok());

    sleep_ms(&s, 1_100);
    // The sixth counted failure: 2 s (a lockout that did not double would end after 1 s).
    refused(
        password_sign_in(&s, "kim@example.com", WRONG),
        "NotAuthorizedException",
        INCORRECT,
    );
    sleep_ms(&s, 1_400);
    refused(
        password_sign_in(&s, "kim@example.com", PASSWORD),
        "NotAuthorizedException",
        EXCEEDED,
    );
    sleep_ms(&s, 1_000);
    assert!(password_sign_in(&s, "kim@example.com", PASSWORD).unwrap()["AuthenticationResult"]["AccessToken"].is_string());

    // A success starts the count over: four failures lock nothing.
    for _ in 0..4 {
        refused(
            password_sign_in(&s, "kim@example.com", WRONG),
            "NotAuthorizedException",
            INCORRECT,
        );
    }
    assert!(password_sign_in(&s, "kim@example.com", PASSWORD).is_ok());
}

#[test]
fn unknown_names_lock_out_like_real_accounts() {
    let s = service(60_000);
    for _ in 0..5 {
        refused(
            password_sign_in(&s, "nobody@example.com", WRONG),
            "NotAuthorizedException",
            INCORRECT,
        );
    }
    refused(
        password_sign_in(&s, "NOBODY@example.com", WRONG),
        "NotAuthorizedException",
        EXCEEDED,
    );
    s.reset_lockouts();
    refused(
        password_sign_in(&s, "nobody@example.com", WRONG),
        "NotAuthorizedException",
        INCORRECT,
    );
}

/// USER_SRP_AUTH then PASSWORD_VERIFIER with `password`.
fn srp_sign_in(s: &Service, email: &str, password: &str) -> Result<Value, ApiError> {
    let client = SrpClient::generate().expect("randomness");
    let answer = s.call("InitiateAuth", &json!({ "AuthFlow": "USER_SRP_AUTH", "ClientId": CLIENT, "AuthParameters": { "USERNAME": email, "SRP_A": client.public_a_hex() } }))?;
    let p = &answer["ChallengeParameters"];
    let user_id = p["USER_ID_FOR_SRP"].as_str().expect("a user id");
    let ch = VerifierChallenge {
        pool_name: "Lockouts",
        user_id_for_srp: user_id,
        salt_hex: p["SALT"].as_str().expect("salt"),
        b_hex: p["SRP_B"].as_str().expect("B"),
        secret_block_b64: p["SECRET_BLOCK"].as_str().expect("block"),
    };
    let stamp = cognito_crypto::timestamp::format(now() as i64 * 1000);
    let claim = client
        .password_claim(&ch, password, &stamp)
        .expect("a claim");
    s.call("RespondToAuthChallenge", &json!({ "ClientId": CLIENT, "ChallengeName": "PASSWORD_VERIFIER", "ChallengeResponses": {
        "USERNAME": user_id, "TIMESTAMP": claim.timestamp,
        "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block_b64, "PASSWORD_CLAIM_SIGNATURE": claim.signature_b64,
    } }))
}

#[test]
fn srp_password_verifier_counts_failures_and_checks_the_lockout_first() {
    let s = service(60_000);
    assert!(
        srp_sign_in(&s, "tom@example.com", PASSWORD).is_ok(),
        "the SRP sign-in works"
    );
    for _ in 0..5 {
        refused(
            srp_sign_in(&s, "tom@example.com", WRONG),
            "NotAuthorizedException",
            INCORRECT,
        );
    }
    refused(
        srp_sign_in(&s, "tom@example.com", PASSWORD),
        "NotAuthorizedException",
        EXCEEDED,
    );
    // Both flows share the count: it is the user who is locked.
    refused(
        password_sign_in(&s, "tom@example.com", PASSWORD),
        "NotAuthorizedException",
        EXCEEDED,
    );
    s.reset_lockouts();
    assert!(srp_sign_in(&s, "tom@example.com", PASSWORD).unwrap()["AuthenticationResult"]["AccessToken"].is_string());
}

/// Signs sam in up to the SMS challenge: (session, the code sent).
fn sms_challenge(s: &Service) -> (Value, String) {
    let answer = password_sign_in(s, "sam@example.com", PASSWORD).expect("right password");
    assert_eq!(answer["ChallengeName"], "SMS_MFA");
    let code = s
        .deliveries("sam@example.com")
        .last()
        .expect("a code")
        .code
        .clone();
    (answer["Session"].clone(), code)
}

fn answer_sms(s: &Service, session: &Value, code: &str) -> Result<Value, ApiError> {
    let username = s
        .deliveries("sam@example.com")
        .last()
        .expect("a code")
        .username
        .clone();
    s.call("RespondToAuthChallenge", &json!({ "ClientId": CLIENT, "ChallengeName": "SMS_MFA", "Session": session, "ChallengeResponses": { "USERNAME": username, "SMS_MFA_CODE": code } }))
}

fn wrong_code(right: &str) -> String {
    if right == "000000" {
        "111111".into()
    } else {
        "000000".into()
    }
}

#[test]
fn wrong_mfa_codes_lock_the_user_across_sessions_until_the_back_off_ends() {
    let s = service(1_000);
    let (first, code) = sms_challenge(&s);
    for _ in 0..3 {
        refused(
            answer_sms(&s, &first, &wrong_code(&code)),
            "CodeMismatchException",
            "Invalid code or auth state for the user.",
        );
    }
    let (second, code) = sms_challenge(&s);
    for _ in 0..2 {
        refused(
            answer_sms(&s, &second, &wrong_code(&code)),
            "CodeMismatchException",
            "Invalid code or auth state for the user.",
        );
    }
    // Five in a row, over two sessions: even the right code is refused while locked...
    refused(
        answer_sms(&s, &second, &code),
        "NotAuthorizedException",
        MFA_LOCKED,
    );
    refused(
        answer_sms(&s, &second, &code),
        "NotAuthorizedException",
        MFA_LOCKED,
    );
    // ...and the password is not what is locked.
    let (third, third_code) = sms_challenge(&s);
    refused(
        answer_sms(&s, &third, &third_code),
        "NotAuthorizedException",
        MFA_LOCKED,
    );

    sleep_ms(&s, 1_100);
    // The session waited: the lockout answers did not use it up.
    assert!(
        answer_sms(&s, &second, &code).unwrap()["AuthenticationResult"]["AccessToken"].is_string()
    );
    // A right code starts the count over.
    let (fourth, code) = sms_challenge(&s);
    refused(
        answer_sms(&s, &fourth, &wrong_code(&code)),
        "CodeMismatchException",
        "Invalid code or auth state for the user.",
    );
    assert!(answer_sms(&s, &fourth, &code).is_ok());
}

#[test]
fn five_wrong_codes_end_the_session() {
    let s = service(60_000);
    let (session, code) = sms_challenge(&s);
    for _ in 0..5 {
        refused(
            answer_sms(&s, &session, &wrong_code(&code)),
            "CodeMismatchException",
            "Invalid code or auth state for the user.",
        );
    }
    refused(
        answer_sms(&s, &session, &code),
        "NotAuthorizedException",
        "Invalid session for the user.",
    );
    s.reset_lockouts();
    let (session, code) = sms_challenge(&s);
    assert!(answer_sms(&s, &session, &code).is_ok());
}

#[test]
fn totp_codes_lock_the_user_too() {
    let s = service(1_000);
    let tokens =
        password_sign_in(&s, "lee@example.com", PASSWORD).unwrap()["AuthenticationResult"].clone();
    let access = tokens["AccessToken"].clone();
    let secret = s
        .call("AssociateSoftwareToken", &json!({ "AccessToken": access }))
        .unwrap()["SecretCode"]
        .as_str()
        .expect("a secret")
        .to_owned();
    let key = totp::decode_secret(&secret).expect("base32");
    s.call(
        "VerifySoftwareToken",
        &json!({ "AccessToken": access, "UserCode": totp::code_at(&key, now()) }),
    )
    .unwrap();
    s.call("SetUserMFAPreference", &json!({ "AccessToken": access, "SoftwareTokenMfaSettings": { "Enabled": true, "PreferredMfa": true } })).unwrap();

    let challenge = || {
        let a = password_sign_in(&s, "lee@example.com", PASSWORD).expect("right password");
        assert_eq!(a["ChallengeName"], "SOFTWARE_TOKEN_MFA");
        (
            a["Session"].clone(),
            a["ChallengeParameters"]["USER_ID_FOR_SRP"].clone(),
        )
    };
    let answer = |session: &Value, user: &Value, code: &str| {
        s.call("RespondToAuthChallenge", &json!({ "ClientId": CLIENT, "ChallengeName": "SOFTWARE_TOKEN_MFA", "Session": session, "ChallengeResponses": { "USERNAME": user, "SOFTWARE_TOKEN_MFA_CODE": code } }))
    };
    let window: Vec<String> = [now() - 30, now(), now() + 30, now() + 60]
        .iter()
        .map(|t| totp::code_at(&key, *t))
        .collect();
    let wrong = (0..)
        .map(|n| format!("{n:06}"))
        .find(|c| !window.contains(c))
        .expect("a wrong code");

    let (a, user) = challenge();
    for _ in 0..2 {
        refused(
            answer(&a, &user, &wrong),
            "CodeMismatchException",
            "Invalid code or auth state for the user.",
        );
    }
    let (b, user) = challenge();
    for _ in 0..3 {
        refused(
            answer(&b, &user, &wrong),
            "CodeMismatchException",
            "Invalid code or auth state for the user.",
        );
    }
    let next = totp::code_at(&key, now() + 30);
    refused(
        answer(&b, &user, &next),
        "NotAuthorizedException",
        MFA_LOCKED,
    );
    sleep_ms(&s, 1_100);
    assert!(answer(&b, &user, &next).unwrap()["AuthenticationResult"]["AccessToken"].is_string());
}

#[test]
fn sms_codes_expire_with_their_own_message() {
    let s = service(60_000);
    assert_eq!(
        s.code_ttl(),
        None,
        "codes live as long as the session by default"
    );
    s.set_code_ttl(Some(1));
    let (session, code) = sms_challenge(&s);
    sleep_ms(&s, 1100);
    let e = answer_sms(&s, &session, &code).unwrap_err();
    assert_eq!(
        (e.kind, e.message.as_str()),
        (
            "ExpiredCodeException",
            "Invalid code provided, please request a code again."
        )
    );
    assert_ne!(e.message, "Your software token has already been used once.");
    refused(
        answer_sms(&s, &session, &code),
        "NotAuthorizedException",
        "Invalid session for the user.",
    );

    // Following the session (Cognito's way): the session's expiry is what the user meets.
    s.set_code_ttl(None);
    s.set_session_ttl(1);
    let (session, code) = sms_challenge(&s);
    sleep_ms(&s, 1100);
    refused(
        answer_sms(&s, &session, &code),
        "NotAuthorizedException",
        "Invalid session for the user, session is expired.",
    );
}

#[tokio::test]
async fn local_controls_for_lockouts_and_lifetimes() {
    let service = Arc::new(service(60_000));
    let addr = serve(service.clone(), HttpOptions::default()).await;

    let a = local(
        addr,
        "POST",
        "/_local/lockout?base_ms=200&max_ms=5000",
        "",
        &[],
    )
    .await;
    assert_eq!(
        a.json(),
        json!({ "base_ms": 200, "max_ms": 5000, "free_attempts": 5 })
    );
    assert_eq!(
        service.lockout(),
        LockoutConfig {
            base_ms: 200,
            max_ms: 5000
        }
    );
    let a = local(addr, "GET", "/_local/lockout", "", &[]).await;
    assert_eq!(a.json()["base_ms"], 200);
    let a = local(
        addr,
        "POST",
        "/_local/lockout?base_ms=-9&max_ms=99999999999999999999999",
        "",
        &[],
    )
    .await;
    assert_eq!(
        a.json(),
        json!({ "base_ms": 1, "max_ms": 86_400_000, "free_attempts": 5 }),
        "clamped"
    );
    for bad in [
        "/_local/lockout",
        "/_local/lockout?base_ms=soon",
        "/_local/lockout?scale=2",
    ] {
        assert_eq!(local(addr, "POST", bad, "", &[]).await.status, 400, "{bad}");
    }

    local(addr, "POST", "/_local/lockout?base_ms=60000", "", &[]).await;
    for _ in 0..5 {
        let _ = password_sign_in(&service, "lee@example.com", WRONG);
    }
    refused(
        password_sign_in(&service, "lee@example.com", PASSWORD),
        "NotAuthorizedException",
        EXCEEDED,
    );
    let a = local(addr, "POST", "/_local/reset-lockouts", "", &[]).await;
    assert_eq!(a.status, 200);
    assert!(password_sign_in(&service, "lee@example.com", PASSWORD).is_ok());

    let a = local(addr, "POST", "/_local/code-ttl?seconds=5", "", &[]).await;
    assert_eq!(a.json(), json!({ "code_ttl": 5, "session_ttl": 180 }));
    let a = local(addr, "DELETE", "/_local/code-ttl", "", &[]).await;
    assert_eq!(a.json(), json!({ "code_ttl": null, "session_ttl": 180 }));

    for (seconds, expect) in [
        ("9223372036854775807", 86_400),
        ("99999999999999999999999", 86_400),
        ("-5", 1),
        ("0", 1),
        ("-9223372036854775808", 1),
        ("30", 30),
    ] {
        let a = local(
            addr,
            "POST",
            &format!("/_local/session-ttl?seconds={seconds}"),
            "",
            &[],
        )
        .await;
        assert_eq!(a.json(), json!({ "session_ttl": expect }), "{seconds}");
        // A session started with it neither panics nor overflows.
        assert!(password_sign_in(&service, "sam@example.com", PASSWORD).is_ok());
    }
    assert_eq!(
        local(addr, "POST", "/_local/session-ttl?seconds=soon", "", &[])
            .await
            .status,
        400
    );
}

//! No panic on odd input, and memory that stays bounded: every operation gets bodies of wrong
//! types, huge and non-ASCII strings; lifetimes at the extremes; expired sessions, SRP exchanges
//! and old deliveries are pruned.

mod common;

use std::time::Duration;

use local_cognito::service::{Clock, Service, ServiceConfig};
use local_cognito::store::Store;
use serde_json::{Value, json};

const POOL: &str = "us-east-1_Robust";
const CLIENT: &str = "robustclient";
const PASSWORD: &str = "Robust-Passw0rd!";
/// Fullwidth digits are three bytes each: a byte index four from the end is inside one.
const ODD_PHONE: &str = "+１５５５５５５０１２３";

const OPERATIONS: &[&str] = &[
    "InitiateAuth",
    "RespondToAuthChallenge",
    "AssociateSoftwareToken",
    "VerifySoftwareToken",
    "SetUserMFAPreference",
    "GetUser",
    "GlobalSignOut",
    "RevokeToken",
    "GetTokensFromRefreshToken",
    "ChangePassword",
    "SignUp",
    "ConfirmSignUp",
    "ResendConfirmationCode",
    "ConfirmDevice",
    "UpdateDeviceStatus",
    "ListDevices",
    "ListUserSessions",
    "RevokeUserSession",
    "SetUserPoolSessionConfiguration",
    "GetUserPoolSessionConfiguration",
    "GetDevice",
    "ForgetDevice",
    "ForgotPassword",
    "ConfirmForgotPassword",
    "CreateUserPool",
    "DescribeUserPool",
    "UpdateUserPool",
    "SetUserPoolMfaConfig",
    "GetUserPoolMfaConfig",
    "CreateUserPoolClient",
    "UpdateUserPoolClient",
    "DescribeUserPoolClient",
    "AdminCreateUser",
    "AdminSetUserPassword",
    "AdminGetUser",
    "AdminSetUserMFAPreference",
    "AdminUserGlobalSignOut",
    "AdminDeleteUser",
    "AdminUpdateUserAttributes",
    "ListUsers",
    "ListUserPools",
    "StartWebAuthnRegistration",
    "CompleteWebAuthnRegistration",
    "ListWebAuthnCredentials",
    "DeleteWebAuthnCredential",
    "NoSuchOperation",
    "",
];

const FIELDS: &[&str] = &[
    "AuthFlow",
    "ClientId",
    "AuthParameters",
    "ChallengeName",
    "ChallengeResponses",
    "Session",
    "AccessToken",
    "UserCode",
    "Username",
    "Password",
    "UserAttributes",
    "ConfirmationCode",
    "PreviousPassword",
    "ProposedPassword",
    "Token",
    "DeviceKey",
    "DeviceSecretVerifierConfig",
    "DeviceName",
    "DeviceRememberedStatus",
    "UserPoolId",
    "PoolName",
    "Id",
    "MfaConfiguration",
    "UsernameAttributes",
    "DeviceConfiguration",
    "ClientName",
    "GenerateSecret",
    "ExplicitAuthFlows",
    "TemporaryPassword",
    "MessageAction",
    "Permanent",
    "SMSMfaSettings",
    "SoftwareTokenMfaSettings",
    "EmailMfaSettings",
    "SoftwareTokenMfaConfiguration",
    "SmsMfaConfiguration",
    "EmailMfaConfiguration",
    "RefreshToken",
    "ClientSecret",
    "ClientMetadata",
    "RefreshTokenRotation",
    "AccessTokenValidity",
    "IdTokenValidity",
    "RefreshTokenValidity",
    "TokenValidityUnits",
    "Policies",
    "WebAuthnConfiguration",
    "Credential",
    "CredentialId",
    "MaxResults",
    "NextToken",
];

fn service() -> Service {
    common::seeded_service_on(
        json!({ "pools": [{
            "id": POOL, "name": "robust", "mfa": "OPTIONAL", "sms": true, "email": true, "devices": true,
            "allowed_first_auth_factors": ["PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"],
            "clients": [{ "id": CLIENT, "name": "web", "auth_flows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_AUTH"] }],
            "users": [
                { "email": "kim@example.com", "password": PASSWORD },
                { "email": "odd@example.com", "password": PASSWORD, "phone": ODD_PHONE, "mfa": ["SMS_MFA"] },
            ],
        }]}),
        Clock::manual(),
    )
}

/// Values of every JSON type, some of them almost right.
fn odd_values(access_token: &str) -> Vec<Value> {
    let mut nested = json!([]);
    for _ in 0..100 {
        nested = json!([nested]);
    }
    vec![
        Value::Null,
        json!(true),
        json!(-1),
        json!(i64::MIN),
        json!(u64::MAX),
        json!(1e308),
        json!(""),
        json!("x".repeat(100_000)),
        json!("ü☃𝄞\u{0}\u{202e}"),
        json!(ODD_PHONE),
        json!(POOL),
        json!(CLIENT),
        json!("kim@example.com"),
        json!("odd@example.com"),
        json!(access_token),
        json!("123456"),
        json!("f".repeat(5000)),
        json!("0"),
        json!("USER_SRP_AUTH"),
        json!("USER_PASSWORD_AUTH"),
        json!("REFRESH_TOKEN_AUTH"),
        json!("SMS_MFA"),
        json!("SOFTWARE_TOKEN_MFA"),
        json!("PASSWORD_VERIFIER"),
        json!("NEW_PASSWORD_REQUIRED"),
        json!("DEVICE_SRP_AUTH"),
        json!("DEVICE_PASSWORD_VERIFIER"),
        json!("SELECT_MFA_TYPE"),
        json!("MFA_SETUP"),
        json!("USER_AUTH"),
        json!("SELECT_CHALLENGE"),
        json!("EMAIL_OTP"),
        json!("SMS_OTP"),
        json!("PASSWORD"),
        json!("PASSWORD_SRP"),
        json!("WEB_AUTHN"),
        json!("remembered"),
        json!("us-east-1_"),
        json!("_"),
        json!([]),
        json!([1, "a", null, {}]),
        json!({}),
        nested,
        json!({ "USERNAME": "odd@example.com", "PASSWORD": PASSWORD, "SRP_A": "2", "REFRESH_TOKEN": "x", "DEVICE_KEY": "us-east-1_x" }),
        json!({ "USERNAME": 7, "SRP_A": "f".repeat(5000), "PASSWORD": ["x"] }),
        json!({ "USERNAME": "odd@example.com", "PREFERRED_CHALLENGE": "SMS_OTP", "ANSWER": "SMS_OTP", "SMS_OTP_CODE": "12345678" }),
        json!({ "USERNAME": "nobody@example.com", "PREFERRED_CHALLENGE": "EMAIL_OTP", "ANSWER": "PASSWORD_SRP", "SRP_A": "0", "EMAIL_OTP_CODE": "" }),
        json!({ "SignInPolicy": { "AllowedFirstAuthFactors": ["PASSWORD", "SOFTWARE_TOKEN", 3] } }),
        json!({ "SignInPolicy": { "AllowedFirstAuthFactors": "EMAIL_OTP" } }),
        json!({ "PASSWORD_CLAIM_SECRET_BLOCK": "", "PASSWORD_CLAIM_SIGNATURE": "!!", "TIMESTAMP": "Thu Nov 5 09:03:07 UTC 9999", "USERNAME": "kim@example.com" }),
        json!([{ "Name": "email", "Value": 7 }, { "Name": "phone_number", "Value": ODD_PHONE }, { "Value": "x" }]),
        json!({ "Enabled": "yes", "PreferredMfa": 1 }),
        json!({ "Enabled": true, "PreferredMfa": true }),
        json!({ "PasswordVerifier": "!!!", "Salt": "" }),
        json!({ "PasswordVerifier": "AAAA", "Salt": "AQ==" }),
        json!({ "ChallengeChecksOnNewDevice": "x", "DeviceOnlyRememberedOnUserPrompt": false }),
        json!({ "Feature": "ENABLED", "RetryGracePeriodSeconds": i64::MAX }),
        json!({ "Feature": 7, "RetryGracePeriodSeconds": "5" }),
        json!({ "AccessToken": "days", "IdToken": 3, "RefreshToken": "fortnights" }),
        json!({ "RelyingPartyId": "localhost", "UserVerification": "required", "FactorConfiguration": "SINGLE_FACTOR" }),
        json!({ "RelyingPartyId": "x".repeat(200), "UserVerification": 7 }),
        json!({ "type": "public-key", "id": "AAAA", "rawId": "AAAA", "response": { "clientDataJSON": "e30", "attestationObject": "oA", "authenticatorData": "", "signature": "AA", "transports": [1, "usb"] } }),
        json!({ "type": "public-key", "id": "", "rawId": "", "response": [] }),
        json!(
            r#"{"id":"AAAA","rawId":"AAAA","type":"public-key","response":{"clientDataJSON":"e30","authenticatorData":"AAAA","signature":"AAAA","userHandle":"!"}}"#
        ),
        json!({ "USERNAME": "kim@example.com", "CREDENTIAL": "{}", "ANSWER": "WEB_AUTHN", "PREFERRED_CHALLENGE": "WEB_AUTHN" }),
        json!(i64::MAX),
    ]
}

/// A small deterministic generator (xorshift64*), so a failure replays.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn every_operation_answers_odd_bodies_without_panicking() {
    let s = service();
    let access = s
        .call("InitiateAuth", &json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT, "AuthParameters": { "USERNAME": "kim@example.com", "PASSWORD": PASSWORD } }))
        .expect("kim signs in")["AuthenticationResult"]["AccessToken"]
        .as_str()
        .expect("a token")
        .to_owned();
    let values = odd_values(&access);
    let mut rng = Rng(0x5eed_cafe_f00d_beef);
    let mut calls = 0usize;
    for operation in OPERATIONS {
        // Not an object at all.
        for v in &values {
            let _ = s.call(operation, v);
            calls += 1;
        }
        // Every field the same odd value.
        for v in &values {
            let body: serde_json::Map<String, Value> = FIELDS
                .iter()
                .map(|f| ((*f).to_owned(), v.clone()))
                .collect();
            let _ = s.call(operation, &Value::Object(body));
            calls += 1;
        }
        // Random mixes.
        for _ in 0..60 {
            let mut body = serde_json::Map::new();
            for f in FIELDS {
                if rng.below(4) == 0 {
                    body.insert((*f).to_owned(), values[rng.below(values.len())].clone());
                }
            }
            let _ = s.call(operation, &Value::Object(body));
            calls += 1;
        }
    }
    assert!(calls > 3000);
    // Still serving.
    assert!(s.call("ListUserPools", &json!({})).is_ok());
}

#[test]
fn a_phone_number_in_fullwidth_digits_is_masked_not_a_panic() {
    let s = service();
    let a = s
        .call("InitiateAuth", &json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT, "AuthParameters": { "USERNAME": "odd@example.com", "PASSWORD": PASSWORD } }))
        .expect("an SMS challenge");
    assert_eq!(a["ChallengeName"], "SMS_MFA");
    assert_eq!(
        a["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"],
        "+*******０１２３"
    );
}

#[test]
fn lifetimes_at_the_extremes_clamp_instead_of_overflowing() {
    let cfg = ServiceConfig {
        session_ttl: i64::MAX,
        code_ttl: Some(i64::MIN),
        print_codes: false,
        ..ServiceConfig::default()
    };
    let s = Service::new(cfg, Store::default()).expect("starts");
    assert_eq!(s.session_ttl(), 86_400);
    assert_eq!(s.code_ttl(), Some(1));
    let s = service();
    for (ttl, expect) in [(i64::MAX, 86_400), (i64::MIN, 1), (0, 1), (-5, 1), (42, 42)] {
        s.set_session_ttl(ttl);
        assert_eq!(s.session_ttl(), expect);
        s.set_code_ttl(Some(ttl));
        assert_eq!(s.code_ttl(), Some(expect));
        // Sessions, SMS codes and SRP exchanges started with it.
        let a = s
            .call("InitiateAuth", &json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT, "AuthParameters": { "USERNAME": "odd@example.com", "PASSWORD": PASSWORD } }))
            .expect("an SMS challenge");
        assert_eq!(a["ChallengeName"], "SMS_MFA");
        let srp = cognito_crypto::srp::SrpClient::generate().expect("randomness");
        s.call("InitiateAuth", &json!({ "AuthFlow": "USER_SRP_AUTH", "ClientId": CLIENT, "AuthParameters": { "USERNAME": "kim@example.com", "SRP_A": srp.public_a_hex() } }))
            .expect("a PASSWORD_VERIFIER challenge");
    }
}

#[test]
fn expired_sessions_srp_exchanges_and_old_deliveries_are_pruned() {
    let s = service();
    s.set_session_ttl(1);
    let srp = cognito_crypto::srp::SrpClient::generate().expect("randomness");
    let start_both = || {
        s.call("InitiateAuth", &json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT, "AuthParameters": { "USERNAME": "odd@example.com", "PASSWORD": PASSWORD } }))
            .expect("an SMS challenge");
        s.call("InitiateAuth", &json!({ "AuthFlow": "USER_SRP_AUTH", "ClientId": CLIENT, "AuthParameters": { "USERNAME": "kim@example.com", "SRP_A": srp.public_a_hex() } }))
            .expect("a PASSWORD_VERIFIER challenge");
    };
    for _ in 0..10 {
        start_both();
    }
    let before = s.memory_stats();
    assert_eq!((before.sessions, before.srp_exchanges), (10, 10));
    s.clock().advance(Duration::from_millis(2100));
    start_both();
    let after = s.memory_stats();
    assert_eq!(
        (after.sessions, after.srp_exchanges),
        (1, 1),
        "expired ones went: {after:?}"
    );

    // Each sign-in start sends odd@ an SMS code (reset codes are limited per hour, these are not).
    for _ in 0..1100 {
        s.call("InitiateAuth", &json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT, "AuthParameters": { "USERNAME": "odd@example.com", "PASSWORD": PASSWORD } }))
            .expect("an SMS code is sent");
    }
    assert!(
        s.memory_stats().deliveries <= 1000,
        "{:?}",
        s.memory_stats()
    );
    assert_eq!(
        s.deliveries("odd@example.com").len(),
        1000,
        "the newest are kept"
    );

    // Failure counters for made-up names are bounded too.
    for i in 0..200 {
        let _ = s.call("InitiateAuth", &json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT, "AuthParameters": { "USERNAME": format!("{i}{}", "n".repeat(10_000)), "PASSWORD": "x" } }));
    }
    assert_eq!(s.memory_stats().password_counters, 200);
}

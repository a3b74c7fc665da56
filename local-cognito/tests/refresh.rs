//! Refresh tokens: GetTokensFromRefreshToken with and without rotation, the grace period,
//! REFRESH_TOKEN_AUTH refused where rotation is on, expiry that rotation does not extend, revoked
//! families, device binding, the app-client settings behind it all, the `/_local/token-ttl` hook
//! and the demo seed.

mod common;
use common::refused;

use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD as BASE64, URL_SAFE_NO_PAD as B64URL};
use cognito_crypto::srp::{SrpClient, VerifierChallenge};
use local_cognito::error::ApiError;
use local_cognito::service::{Clock, Service, TokenTtl};
use serde_json::{Value, json};

const POOL: &str = "us-east-1_Refresh";
/// Rotation off.
const PLAIN: &str = "plainclient";
/// Rotation on, no grace period.
const ROTATING: &str = "rotatingclient";
/// Rotation on, one second's grace.
const GRACEFUL: &str = "gracefulclient";
const EMAIL: &str = "ren@example.com";
const PASSWORD: &str = "Refresh-Passw0rd!";

const INVALID: &str = "Invalid Refresh Token.";
const REVOKED: &str = "Refresh Token has been revoked";
const EXPIRED: &str = "Refresh Token has expired";
const ACCESS_REVOKED: &str = "Access Token has been revoked";

fn seed(devices: bool) -> Value {
    let flows = json!(["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);
    json!({ "pools": [{
        "id": POOL, "name": "refresh", "mfa": "OFF", "devices": devices,
        "clients": [
            { "id": PLAIN, "name": "plain", "auth_flows": flows },
            { "id": ROTATING, "name": "rotating", "auth_flows": flows,
              "refresh_token_rotation": { "feature": "ENABLED", "retry_grace_period_seconds": 0 } },
            { "id": GRACEFUL, "name": "graceful", "auth_flows": ["ALLOW_USER_PASSWORD_AUTH"],
              "refresh_token_rotation": { "feature": "ENABLED", "retry_grace_period_seconds": 1 } },
        ],
        "users": [{ "email": EMAIL, "password": PASSWORD }],
    }]})
}

fn service() -> Service {
    common::seeded_service_on(seed(false), Clock::manual())
}

/// USER_PASSWORD_AUTH through `client`, naming `device_key` if given: the AuthenticationResult.
fn sign_in_on(s: &Service, client: &str, device_key: Option<&str>) -> Value {
    let mut params = json!({ "USERNAME": EMAIL, "PASSWORD": PASSWORD });
    if let Some(key) = device_key {
        params["DEVICE_KEY"] = json!(key);
    }
    let answer = s
        .call(
            "InitiateAuth",
            &json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client, "AuthParameters": params }),
        )
        .expect("the user signs in");
    answer["AuthenticationResult"].clone()
}

fn sign_in(s: &Service, client: &str) -> Value {
    sign_in_on(s, client, None)
}

/// GetTokensFromRefreshToken; the whole answer.
fn get_tokens(
    s: &Service,
    client: &str,
    token: &Value,
    device_key: Option<&str>,
) -> Result<Value, ApiError> {
    let mut body = json!({ "ClientId": client, "RefreshToken": token });
    if let Some(key) = device_key {
        body["DeviceKey"] = json!(key);
    }
    s.call("GetTokensFromRefreshToken", &body)
}

/// GetTokensFromRefreshToken that must succeed: the AuthenticationResult.
#[track_caller]
fn refreshed(s: &Service, client: &str, token: &Value) -> Value {
    match get_tokens(s, client, token, None) {
        Ok(v) => v["AuthenticationResult"].clone(),
        Err(e) => panic!("refresh refused: {e:?}"),
    }
}

/// InitiateAuth REFRESH_TOKEN_AUTH.
fn refresh_auth(
    s: &Service,
    client: &str,
    token: &Value,
    device_key: Option<&str>,
) -> Result<Value, ApiError> {
    let mut params = json!({ "REFRESH_TOKEN": token });
    if let Some(key) = device_key {
        params["DEVICE_KEY"] = json!(key);
    }
    s.call(
        "InitiateAuth",
        &json!({ "AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": client, "AuthParameters": params }),
    )
}

fn get_user(s: &Service, access: &Value) -> Result<Value, ApiError> {
    s.call("GetUser", &json!({ "AccessToken": access }))
}

/// A JWT's payload.
fn claims(token: &Value) -> Value {
    let payload = token
        .as_str()
        .expect("a token")
        .split('.')
        .nth(1)
        .expect("a payload");
    serde_json::from_slice(&B64URL.decode(payload).expect("base64url")).expect("JSON")
}

/// Seconds a JWT is valid for (`exp - iat`).
fn lifetime(token: &Value) -> i64 {
    let c = claims(token);
    c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap()
}

#[test]
fn without_rotation_a_refresh_gives_id_and_access_tokens_only_and_the_token_keeps_working() {
    let s = service();
    let first = sign_in(&s, PLAIN);
    let token = &first["RefreshToken"];
    let answer = get_tokens(&s, PLAIN, token, None).expect("refreshed");
    assert!(
        answer.get("ChallengeParameters").is_none(),
        "GetTokensFromRefreshToken answers AuthenticationResult only: {answer}"
    );
    let result = &answer["AuthenticationResult"];
    assert!(
        result.get("RefreshToken").is_none(),
        "no new refresh token without rotation: {result}"
    );
    assert_eq!(result["TokenType"], "Bearer");
    assert_eq!(result["ExpiresIn"], 3600);
    assert_eq!(lifetime(&result["AccessToken"]), 3600);
    assert_eq!(lifetime(&result["IdToken"]), 3600);
    get_user(&s, &result["AccessToken"]).expect("the new access token works");
    // The same session: same origin_jti and auth_time as the sign-in's tokens.
    let (before, after) = (
        claims(&first["AccessToken"]),
        claims(&result["AccessToken"]),
    );
    assert_eq!(after["origin_jti"], before["origin_jti"]);
    assert_eq!(after["auth_time"], before["auth_time"]);
    assert_eq!(claims(&result["IdToken"])["email"], EMAIL);

    // The refresh token keeps working, for both ways of refreshing; a DeviceKey is ignored where
    // the pool does not track devices.
    refreshed(&s, PLAIN, token);
    get_tokens(&s, PLAIN, token, Some("us-east-1_whatever")).expect("no device binding");
    let via_initiate = refresh_auth(&s, PLAIN, token, None).expect("REFRESH_TOKEN_AUTH works");
    assert!(via_initiate["AuthenticationResult"]["RefreshToken"].is_null());
    assert_eq!(via_initiate["ChallengeParameters"], json!({}));
}

#[test]
fn with_rotation_a_new_token_replaces_the_one_presented_which_is_then_refused() {
    let s = service();
    let first = sign_in(&s, ROTATING);
    let t0 = first["RefreshToken"].clone();
    let r1 = refreshed(&s, ROTATING, &t0);
    let t1 = r1["RefreshToken"].clone();
    assert!(t1.is_string(), "rotation hands out a refresh token: {r1}");
    assert_ne!(t1, t0);
    get_user(&s, &r1["AccessToken"]).expect("the new access token works");
    assert_eq!(
        claims(&r1["AccessToken"])["origin_jti"],
        claims(&first["AccessToken"])["origin_jti"],
        "the same family"
    );

    // No grace period: the old token is refused at once, by name.
    refused(
        get_tokens(&s, ROTATING, &t0, None),
        "RefreshTokenReuseException",
        "Refresh token has been reused.",
    );
    // The new one works, and is replaced in turn.
    let t2 = refreshed(&s, ROTATING, &t1)["RefreshToken"].clone();
    assert!(t2.is_string() && t2 != t1);
    refused(
        get_tokens(&s, ROTATING, &t1, None),
        "RefreshTokenReuseException",
        "Refresh token has been reused.",
    );

    // REFRESH_TOKEN_AUTH is not for rotating clients, even listed in ExplicitAuthFlows.
    let refusal = refresh_auth(&s, ROTATING, &t2, None).unwrap_err();
    assert_eq!(refusal.kind, "NotAuthorizedException");
    assert!(refusal.message.contains("rotation"), "{refusal:?}");
    refreshed(&s, ROTATING, &t2);
}

#[test]
fn a_retry_within_the_grace_period_succeeds_and_one_after_it_is_reuse() {
    let s = service();
    let t0 = sign_in(&s, GRACEFUL)["RefreshToken"].clone();
    let t1 = refreshed(&s, GRACEFUL, &t0)["RefreshToken"].clone();
    // A client retrying (its answer was lost) within the second of grace: another new token.
    let retry = refreshed(&s, GRACEFUL, &t0);
    let t1b = retry["RefreshToken"].clone();
    assert!(t1b.is_string() && t1b != t1 && t1b != t0);
    get_user(&s, &retry["AccessToken"]).expect("works");
    s.clock().advance(Duration::from_millis(1100));
    refused(
        get_tokens(&s, GRACEFUL, &t0, None),
        "RefreshTokenReuseException",
        "Refresh token has been reused.",
    );
    // Both tokens handed out for it work (the retry did not extend the old one's grace either).
    refreshed(&s, GRACEFUL, &t1);
    refreshed(&s, GRACEFUL, &t1b);
}

#[test]
fn an_expired_refresh_token_reads_has_expired() {
    let s = service();
    s.set_token_ttl(TokenTtl {
        access: None,
        refresh: Some(1),
    });
    let plain = sign_in(&s, PLAIN)["RefreshToken"].clone();
    let rotating = sign_in(&s, ROTATING)["RefreshToken"].clone();
    refreshed(&s, PLAIN, &plain);
    s.clock().advance(Duration::from_millis(1100));
    refused(
        refresh_auth(&s, PLAIN, &plain, None),
        "NotAuthorizedException",
        EXPIRED,
    );
    refused(
        get_tokens(&s, PLAIN, &plain, None),
        "NotAuthorizedException",
        EXPIRED,
    );
    refused(
        get_tokens(&s, ROTATING, &rotating, None),
        "NotAuthorizedException",
        EXPIRED,
    );
}

#[test]
fn rotation_does_not_extend_the_expiry_of_the_sign_in() {
    let s = service();
    s.set_token_ttl(TokenTtl {
        access: None,
        refresh: Some(2),
    });
    let t0 = sign_in(&s, ROTATING)["RefreshToken"].clone();
    s.clock().advance(Duration::from_millis(1000));
    let t1 = refreshed(&s, ROTATING, &t0)["RefreshToken"].clone();
    // Two seconds after the sign-in (one after the rotation) the whole family has expired.
    s.clock().advance(Duration::from_millis(1100));
    refused(
        get_tokens(&s, ROTATING, &t1, None),
        "NotAuthorizedException",
        EXPIRED,
    );
    // A new sign-in starts a new family with a full lifetime.
    let fresh = sign_in(&s, ROTATING)["RefreshToken"].clone();
    refreshed(&s, ROTATING, &fresh);
}

#[test]
fn revoking_any_token_of_a_family_voids_the_whole_family() {
    let s = service();
    let first = sign_in(&s, ROTATING);
    let other_session = sign_in(&s, ROTATING);
    let t0 = first["RefreshToken"].clone();
    let r1 = refreshed(&s, ROTATING, &t0);
    let r2 = refreshed(&s, ROTATING, &r1["RefreshToken"]);
    let t2 = r2["RefreshToken"].clone();

    // RevokeToken on the newest token.
    s.call("RevokeToken", &json!({ "Token": t2, "ClientId": ROTATING }))
        .expect("revoked");
    for access in [
        &first["AccessToken"],
        &r1["AccessToken"],
        &r2["AccessToken"],
    ] {
        refused(
            get_user(&s, access),
            "NotAuthorizedException",
            ACCESS_REVOKED,
        );
    }
    for token in [&t0, &r1["RefreshToken"], &t2] {
        refused(
            get_tokens(&s, ROTATING, token, None),
            "NotAuthorizedException",
            REVOKED,
        );
    }
    // The user's other session is another family.
    get_user(&s, &other_session["AccessToken"]).expect("untouched");
    refreshed(&s, ROTATING, &other_session["RefreshToken"]);

    // Without rotation: revoking the token voids the access tokens refreshed from it.
    let plain = sign_in(&s, PLAIN);
    let again = refreshed(&s, PLAIN, &plain["RefreshToken"]);
    s.call(
        "RevokeToken",
        &json!({ "Token": plain["RefreshToken"], "ClientId": PLAIN }),
    )
    .expect("revoked");
    refused(
        get_user(&s, &again["AccessToken"]),
        "NotAuthorizedException",
        ACCESS_REVOKED,
    );
    refused(
        refresh_auth(&s, PLAIN, &plain["RefreshToken"], None),
        "NotAuthorizedException",
        REVOKED,
    );
}

#[test]
fn global_sign_out_revokes_every_family_of_the_user() {
    let s = service();
    let a = sign_in(&s, GRACEFUL);
    let b = sign_in(&s, PLAIN);
    let a1 = refreshed(&s, GRACEFUL, &a["RefreshToken"]);
    s.call("GlobalSignOut", &json!({ "AccessToken": b["AccessToken"] }))
        .expect("signed out");
    for access in [&a["AccessToken"], &a1["AccessToken"], &b["AccessToken"]] {
        refused(
            get_user(&s, access),
            "NotAuthorizedException",
            ACCESS_REVOKED,
        );
    }
    for token in [&a["RefreshToken"], &a1["RefreshToken"]] {
        refused(
            get_tokens(&s, GRACEFUL, token, None),
            "NotAuthorizedException",
            REVOKED,
        );
    }
    refused(
        refresh_auth(&s, PLAIN, &b["RefreshToken"], None),
        "NotAuthorizedException",
        REVOKED,
    );
    // A sign-in right after is a new session, refreshable.
    let c = sign_in(&s, GRACEFUL);
    let c1 = refreshed(&s, GRACEFUL, &c["RefreshToken"]);
    get_user(&s, &c1["AccessToken"]).expect("works");
}

#[test]
fn unknown_garbled_or_another_clients_tokens_are_invalid() {
    let s = service();
    let plain = sign_in(&s, PLAIN)["RefreshToken"].clone();
    for token in [json!("garbage"), json!(""), json!("x".repeat(5000))] {
        refused(
            get_tokens(&s, PLAIN, &token, None),
            "NotAuthorizedException",
            INVALID,
        );
        refused(
            refresh_auth(&s, PLAIN, &token, None),
            "NotAuthorizedException",
            INVALID,
        );
    }
    refused(
        get_tokens(&s, GRACEFUL, &plain, None),
        "NotAuthorizedException",
        INVALID,
    );
    let nobody = s.call(
        "GetTokensFromRefreshToken",
        &json!({ "ClientId": "nosuchclient", "RefreshToken": plain }),
    );
    assert_eq!(nobody.unwrap_err().kind, "ResourceNotFoundException");
    let missing = s.call("GetTokensFromRefreshToken", &json!({ "ClientId": PLAIN }));
    assert_eq!(missing.unwrap_err().kind, "InvalidParameterException");
    // Still the owner's.
    refreshed(&s, PLAIN, &plain);
}

/// ConfirmDevice with a made-up verifier (refresh never runs device SRP).
fn confirm_device(s: &Service, access: &Value, key: &str) {
    s.call("ConfirmDevice", &json!({
        "AccessToken": access, "DeviceKey": key, "DeviceName": "test",
        "DeviceSecretVerifierConfig": { "PasswordVerifier": BASE64.encode([7u8; 32]), "Salt": BASE64.encode([9u8; 16]) },
    }))
    .expect("device confirmed");
}

#[test]
fn a_refresh_token_is_bound_to_the_device_it_was_issued_on() {
    let s = common::seeded_service(seed(true));
    let first = sign_in(&s, PLAIN);
    let token = first["RefreshToken"].clone();
    let key = first["NewDeviceMetadata"]["DeviceKey"]
        .as_str()
        .expect("a device key")
        .to_owned();
    // Not confirmed yet: even naming it is not enough.
    refused(
        refresh_auth(&s, PLAIN, &token, Some(&key)),
        "NotAuthorizedException",
        INVALID,
    );
    confirm_device(&s, &first["AccessToken"], &key);
    refused(
        refresh_auth(&s, PLAIN, &token, None),
        "NotAuthorizedException",
        INVALID,
    );
    refused(
        refresh_auth(&s, PLAIN, &token, Some("us-east-1_another")),
        "NotAuthorizedException",
        INVALID,
    );
    refused(
        get_tokens(&s, PLAIN, &token, None),
        "NotAuthorizedException",
        INVALID,
    );
    refresh_auth(&s, PLAIN, &token, Some(&key)).expect("on its device");
    get_tokens(&s, PLAIN, &token, Some(&key)).expect("on its device");

    // A sign-in naming the confirmed device gets no new key, and its token is bound to that one.
    let second = sign_in_on(&s, ROTATING, Some(&key));
    assert!(second["NewDeviceMetadata"].is_null(), "{second}");
    let t0 = second["RefreshToken"].clone();
    refused(
        get_tokens(&s, ROTATING, &t0, None),
        "NotAuthorizedException",
        INVALID,
    );
    // Rotation keeps the binding.
    let t1 = get_tokens(&s, ROTATING, &t0, Some(&key)).expect("on its device")
        ["AuthenticationResult"]["RefreshToken"]
        .clone();
    refused(
        get_tokens(&s, ROTATING, &t1, None),
        "NotAuthorizedException",
        INVALID,
    );
    get_tokens(&s, ROTATING, &t1, Some(&key)).expect("on its device");

    // A forgotten device refreshes nothing any more.
    s.call(
        "ForgetDevice",
        &json!({ "AccessToken": first["AccessToken"], "DeviceKey": key }),
    )
    .expect("forgotten");
    refused(
        refresh_auth(&s, PLAIN, &token, Some(&key)),
        "NotAuthorizedException",
        INVALID,
    );
}

fn create_client(s: &Service, id: &str, settings: Value) -> Result<Value, ApiError> {
    let mut body = json!({ "UserPoolId": POOL, "ClientName": id, "ClientId": id, "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] });
    for (k, v) in settings.as_object().unwrap() {
        body[k] = v.clone();
    }
    s.call("CreateUserPoolClient", &body)
}

fn describe_client(s: &Service, id: &str) -> Value {
    s.call(
        "DescribeUserPoolClient",
        &json!({ "UserPoolId": POOL, "ClientId": id }),
    )
    .expect("described")["UserPoolClient"]
        .clone()
}

#[test]
fn app_clients_carry_token_lifetimes_and_rotation() {
    let s = service();
    let created = create_client(
        &s,
        "shortlived",
        json!({
            "AccessTokenValidity": 5, "IdTokenValidity": 10, "RefreshTokenValidity": 2,
            "TokenValidityUnits": { "AccessToken": "minutes", "IdToken": "minutes" },
        }),
    )
    .expect("created")["UserPoolClient"]
        .clone();
    assert_eq!(created["AccessTokenValidity"], 5);
    let result = sign_in(&s, "shortlived");
    assert_eq!(result["ExpiresIn"], 300);
    assert_eq!(lifetime(&result["AccessToken"]), 300);
    assert_eq!(lifetime(&result["IdToken"]), 600);
    let described = describe_client(&s, "shortlived");
    assert_eq!(
        described["TokenValidityUnits"],
        json!({ "AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days" })
    );
    assert_eq!(described["RefreshTokenValidity"], 2);
    assert_eq!(
        described["RefreshTokenRotation"],
        json!({ "Feature": "DISABLED", "RetryGracePeriodSeconds": 0 })
    );
    assert_eq!(
        described["ExplicitAuthFlows"][0],
        "ALLOW_USER_PASSWORD_AUTH"
    );

    // UpdateUserPoolClient replaces everything: what it leaves out goes back to the default.
    s.call("UpdateUserPoolClient", &json!({
        "UserPoolId": POOL, "ClientId": "shortlived", "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH"],
        "RefreshTokenRotation": { "Feature": "ENABLED", "RetryGracePeriodSeconds": 5 },
    }))
    .expect("updated");
    let described = describe_client(&s, "shortlived");
    assert_eq!(described["ClientName"], "shortlived", "the name stays");
    assert_eq!(described["AccessTokenValidity"], 60);
    assert_eq!(described["TokenValidityUnits"]["AccessToken"], "minutes");
    assert_eq!(described["RefreshTokenValidity"], 30);
    assert_eq!(
        described["RefreshTokenRotation"],
        json!({ "Feature": "ENABLED", "RetryGracePeriodSeconds": 5 })
    );
    let result = sign_in(&s, "shortlived");
    assert_eq!(result["ExpiresIn"], 3600);
    assert!(refreshed(&s, "shortlived", &result["RefreshToken"])["RefreshToken"].is_string());
    assert_eq!(
        refresh_auth(&s, "shortlived", &result["RefreshToken"], None)
            .unwrap_err()
            .kind,
        "NotAuthorizedException"
    );

    // A number without a unit: hours (access, id), days (refresh). RefreshTokenValidity 0 means
    // the default.
    create_client(
        &s,
        "hours",
        json!({ "AccessTokenValidity": 1, "RefreshTokenValidity": 0 }),
    )
    .expect("created");
    assert_eq!(sign_in(&s, "hours")["ExpiresIn"], 3600);
    assert_eq!(describe_client(&s, "hours")["RefreshTokenValidity"], 30);
}

#[test]
fn app_client_settings_outside_their_constraints_are_refused() {
    let s = service();
    for (settings, kind, message) in [
        (
            json!({ "AccessTokenValidity": 2, "TokenValidityUnits": { "AccessToken": "days" } }),
            "InvalidParameterException",
            Some("Invalid range for token validity."),
        ),
        (
            json!({ "IdTokenValidity": 4, "TokenValidityUnits": { "IdToken": "minutes" } }),
            "InvalidParameterException",
            Some("Invalid range for token validity."),
        ),
        (
            json!({ "RefreshTokenValidity": 59, "TokenValidityUnits": { "RefreshToken": "minutes" } }),
            "InvalidParameterException",
            Some("Invalid range for token validity."),
        ),
        (
            json!({ "RefreshTokenValidity": 3651 }),
            "InvalidParameterException",
            Some("Invalid range for token validity."),
        ),
        (
            json!({ "AccessTokenValidity": -1 }),
            "InvalidParameterException",
            Some("Invalid range for token validity."),
        ),
        (
            json!({ "AccessTokenValidity": i64::MIN }),
            "InvalidParameterException",
            Some("Invalid range for token validity."),
        ),
        (
            json!({ "AccessTokenValidity": 1, "TokenValidityUnits": { "AccessToken": "weeks" } }),
            "InvalidParameterException",
            None,
        ),
        (
            json!({ "AccessTokenValidity": "7" }),
            "SerializationException",
            None,
        ),
        (
            json!({ "AccessTokenValidity": 1e308 }),
            "SerializationException",
            None,
        ),
        (
            json!({ "RefreshTokenRotation": { "RetryGracePeriodSeconds": 5 } }),
            "InvalidParameterException",
            Some(
                "1 validation error detected: Value null at 'refreshTokenRotation.feature' failed to satisfy constraint: Member must not be null",
            ),
        ),
        (
            json!({ "RefreshTokenRotation": { "Feature": "SOMETIMES" } }),
            "InvalidParameterException",
            Some(
                "1 validation error detected: Value 'SOMETIMES' at 'refreshTokenRotation.feature' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]",
            ),
        ),
        (
            json!({ "RefreshTokenRotation": { "Feature": "ENABLED", "RetryGracePeriodSeconds": 61 } }),
            "InvalidParameterException",
            Some(
                "1 validation error detected: Value '61' at 'refreshTokenRotation.retryGracePeriodSeconds' failed to satisfy constraint: Member must have value less than or equal to 60",
            ),
        ),
        (
            json!({ "RefreshTokenRotation": { "Feature": "ENABLED", "RetryGracePeriodSeconds": -1 } }),
            "InvalidParameterException",
            None,
        ),
        (
            json!({ "RefreshTokenRotation": "ENABLED" }),
            "SerializationException",
            None,
        ),
    ] {
        let e = create_client(&s, "bad", settings.clone()).unwrap_err();
        assert_eq!(e.kind, kind, "{settings}: {e:?}");
        if let Some(m) = message {
            assert_eq!(e.message, m, "{settings}");
        }
    }
    let missing = s.call(
        "UpdateUserPoolClient",
        &json!({ "UserPoolId": POOL, "ClientId": "nosuchclient" }),
    );
    assert_eq!(missing.unwrap_err().kind, "ResourceNotFoundException");
    let missing = s.call(
        "DescribeUserPoolClient",
        &json!({ "UserPoolId": POOL, "ClientId": "nosuchclient" }),
    );
    assert_eq!(missing.unwrap_err().kind, "ResourceNotFoundException");
    // The edges are fine.
    create_client(&s, "edges", json!({
        "AccessTokenValidity": 5, "IdTokenValidity": 1, "RefreshTokenValidity": 60,
        "TokenValidityUnits": { "AccessToken": "minutes", "IdToken": "days", "RefreshToken": "minutes" },
        "RefreshTokenRotation": { "Feature": "ENABLED", "RetryGracePeriodSeconds": 60 },
    }))
    .expect("in range");
}

/// USER_SRP_AUTH then PASSWORD_VERIFIER through `client` of `pool_name`: the AuthenticationResult.
fn srp_sign_in(s: &Service, client: &str, pool_name: &str, email: &str, password: &str) -> Value {
    let srp = SrpClient::generate().expect("randomness");
    let answer = s.call("InitiateAuth", &json!({ "AuthFlow": "USER_SRP_AUTH", "ClientId": client, "AuthParameters": { "USERNAME": email, "SRP_A": srp.public_a_hex() } }))
        .expect("a PASSWORD_VERIFIER challenge");
    let p = &answer["ChallengeParameters"];
    let user_id = p["USER_ID_FOR_SRP"].as_str().expect("a user id");
    let ch = VerifierChallenge {
        pool_name,
        user_id_for_srp: user_id,
        salt_hex: p["SALT"].as_str().expect("salt"),
        b_hex: p["SRP_B"].as_str().expect("B"),
        secret_block_b64: p["SECRET_BLOCK"].as_str().expect("block"),
    };
    let stamp = cognito_crypto::timestamp::format(s.clock().now_ms());
    let claim = srp.password_claim(&ch, password, &stamp).expect("a claim");
    s.call("RespondToAuthChallenge", &json!({ "ClientId": client, "ChallengeName": "PASSWORD_VERIFIER", "ChallengeResponses": {
        "USERNAME": user_id, "TIMESTAMP": claim.timestamp,
        "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block_b64, "PASSWORD_CLAIM_SIGNATURE": claim.signature_b64,
    } }))
    .expect("signed in")["AuthenticationResult"]
        .clone()
}

#[test]
fn the_demo_client_rotates_refresh_tokens_and_refuses_refresh_token_auth() {
    let s = common::demo_service();
    let (pool, client) = ("us-east-1_LocalDemo", "localdemoclient0000000000");
    let described = s
        .call(
            "DescribeUserPoolClient",
            &json!({ "UserPoolId": pool, "ClientId": client }),
        )
        .expect("described")["UserPoolClient"]
        .clone();
    assert_eq!(
        described["RefreshTokenRotation"],
        json!({ "Feature": "ENABLED", "RetryGracePeriodSeconds": 10 })
    );
    assert_eq!(described["AccessTokenValidity"], 60);
    assert_eq!(described["RefreshTokenValidity"], 30);

    let result = srp_sign_in(
        &s,
        client,
        "LocalDemo",
        "demo@example.com",
        "Demo-Passw0rd!",
    );
    assert_eq!(result["ExpiresIn"], 3600);
    let t0 = result["RefreshToken"].clone();
    let refusal = refresh_auth(&s, client, &t0, None).unwrap_err();
    assert_eq!(refusal.kind, "NotAuthorizedException");
    let t1 = refreshed(&s, client, &t0)["RefreshToken"].clone();
    assert!(t1.is_string() && t1 != t0);
    // Ten seconds' grace: the old token still works right away.
    refreshed(&s, client, &t0);
    refreshed(&s, client, &t1);
}

#[tokio::test]
async fn the_token_ttl_hook_sets_lifetimes_for_every_client_over_http() {
    let service = Arc::new(service());
    let addr = common::serve(service.clone(), local_cognito::HttpOptions::default()).await;
    let hook = |method: &'static str, query: &'static str, extra: &'static [&'static str]| {
        common::local(addr, method, query, "", extra)
    };

    let set = hook("POST", "/_local/token-ttl?access=5&refresh=60", &[]).await;
    assert_eq!(set.status, 200, "{set:?}");
    assert_eq!(set.json(), json!({ "access": 5, "refresh": 60 }));
    assert_eq!(
        hook("GET", "/_local/token-ttl", &[]).await.json(),
        json!({ "access": 5, "refresh": 60 })
    );
    let sign_in = json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": PLAIN, "AuthParameters": { "USERNAME": EMAIL, "PASSWORD": PASSWORD } });
    let answer = common::call(addr, "InitiateAuth", &sign_in, &[]).await;
    assert_eq!(answer.status, 200, "{answer:?}");
    let result = answer.json()["AuthenticationResult"].clone();
    assert_eq!(result["ExpiresIn"], 5);
    assert_eq!(lifetime(&result["AccessToken"]), 5);
    assert_eq!(lifetime(&result["IdToken"]), 5);
    let refreshed = common::call(
        addr,
        "GetTokensFromRefreshToken",
        &json!({ "ClientId": PLAIN, "RefreshToken": result["RefreshToken"] }),
        &["Origin: http://localhost:8080"],
    )
    .await;
    assert_eq!(refreshed.status, 200, "{refreshed:?}");
    assert_eq!(
        refreshed.header("access-control-allow-origin"),
        Some("http://localhost:8080"),
        "browsers may refresh"
    );
    assert_eq!(refreshed.json()["AuthenticationResult"]["ExpiresIn"], 5);

    // One parameter changes only that lifetime; values are clamped to 1 s .. 1 day.
    let one = hook(
        "POST",
        "/_local/token-ttl?refresh=99999999999999999999",
        &[],
    )
    .await;
    assert_eq!(one.json(), json!({ "access": 5, "refresh": 86_400 }));
    let zero = hook("POST", "/_local/token-ttl?access=0", &[]).await;
    assert_eq!(zero.json(), json!({ "access": 1, "refresh": 86_400 }));

    // Not from a browser, whatever the origin; nonsense refused.
    let browser = hook(
        "POST",
        "/_local/token-ttl?access=5",
        &["Origin: http://localhost:3000"],
    )
    .await;
    assert_eq!(browser.status, 403, "{browser:?}");
    assert!(browser.header("access-control-allow-origin").is_none());
    assert_eq!(
        hook(
            "DELETE",
            "/_local/token-ttl",
            &["Origin: http://127.0.0.1:1"]
        )
        .await
        .status,
        403
    );
    assert_eq!(
        hook("POST", "/_local/token-ttl?access=soon", &[])
            .await
            .status,
        400
    );
    assert_eq!(
        hook("POST", "/_local/token-ttl?seconds=5", &[])
            .await
            .status,
        400
    );
    assert_eq!(
        service.token_ttl(),
        TokenTtl {
            access: Some(1),
            refresh: Some(86_400)
        },
        "refusals changed nothing"
    );

    // DELETE, or POST without parameters, goes back to the clients' own lifetimes.
    let reset = hook("DELETE", "/_local/token-ttl", &[]).await;
    assert_eq!(reset.json(), json!({ "access": null, "refresh": null }));
    hook("POST", "/_local/token-ttl?access=7", &[]).await;
    let reset = hook("POST", "/_local/token-ttl", &[]).await;
    assert_eq!(reset.json(), json!({ "access": null, "refresh": null }));
    let answer = common::call(addr, "InitiateAuth", &sign_in, &[]).await;
    assert_eq!(answer.json()["AuthenticationResult"]["ExpiresIn"], 3600);
}

#[tokio::test]
async fn refresh_token_reuse_is_a_400_with_its_name_on_the_wire() {
    let service = Arc::new(service());
    let addr = common::serve(service.clone(), local_cognito::HttpOptions::default()).await;
    let t0 = sign_in(&service, ROTATING)["RefreshToken"].clone();
    let body = json!({ "ClientId": ROTATING, "RefreshToken": t0 });
    let first = common::call(addr, "GetTokensFromRefreshToken", &body, &[]).await;
    assert_eq!(first.status, 200, "{first:?}");
    assert!(first.json()["AuthenticationResult"]["RefreshToken"].is_string());
    let again = common::call(addr, "GetTokensFromRefreshToken", &body, &[]).await;
    assert_eq!(again.status, 400);
    // (The helper reads the head in lower case.)
    assert_eq!(
        again.header("x-amzn-errortype"),
        Some("refreshtokenreuseexception:")
    );
    assert_eq!(again.json()["__type"], "RefreshTokenReuseException");
    // A `--fault GetTokensFromRefreshToken=RefreshTokenReuseException` answers the same text.
    assert_eq!(
        again.json()["message"],
        local_cognito::faults::FaultKind::error_message("RefreshTokenReuseException", None)
    );
    // Client settings are admin operations: not from a browser.
    let browser = common::call(
        addr,
        "UpdateUserPoolClient",
        &json!({ "UserPoolId": POOL, "ClientId": ROTATING }),
        &["Origin: http://localhost:8080"],
    )
    .await;
    assert_eq!(browser.status, 403);
}

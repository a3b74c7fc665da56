//! Where a user is signed in: ListUserSessions and RevokeUserSession with the user's access token,
//! on a pool that tracks sessions (SetUserPoolSessionConfiguration), and what they do to the
//! other session's tokens.

mod common;

use std::time::Duration;

use common::refused;
use local_cognito::error::ApiError;
use local_cognito::service::{Clock, Service};
use serde_json::{Value, json};

const POOL: &str = "us-east-1_Sessions";
const OTHER_POOL: &str = "us-east-1_NoSessions";
const PASSWORD: &str = "Demo-Passw0rd!";
const CHROME: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

fn service() -> Service {
    let client = |id: &str| json!({ "id": id, "name": id, "auth_flows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], "prevent_user_existence_errors": "ENABLED" });
    common::seeded_service_on(
        json!({ "pools": [
            { "id": POOL, "name": "sessions", "mfa": "OFF", "session_tracking": true, "clients": [client("webclient"), client("mobileclient")],
              "users": [{ "email": "kim@example.com", "password": PASSWORD }, { "email": "lee@example.com", "password": PASSWORD }] },
            { "id": OTHER_POOL, "name": "no sessions", "mfa": "OFF", "clients": [client("plainclient")],
              "users": [{ "email": "kim@example.com", "password": PASSWORD }] }
        ] }),
        Clock::manual(),
    )
}

/// A sign-in from `agent` through `client`: its access and refresh tokens.
fn sign_in(s: &Service, client: &str, name: &str, agent: &str) -> (String, String) {
    let out = s
        .call_as(
            "InitiateAuth",
            &json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client, "AuthParameters": { "USERNAME": name, "PASSWORD": PASSWORD } }),
            Some(agent),
        )
        .unwrap_or_else(|e| panic!("{name} signs in: {e:?}"));
    let result = &out["AuthenticationResult"];
    (
        result["AccessToken"].as_str().expect("access").to_owned(),
        result["RefreshToken"].as_str().expect("refresh").to_owned(),
    )
}

fn sessions(s: &Service, token: &str) -> Vec<Value> {
    s.call("ListUserSessions", &json!({ "AccessToken": token }))
        .expect("listed")["Sessions"]
        .as_array()
        .expect("a list")
        .clone()
}

fn refresh(s: &Service, client: &str, token: &str, agent: &str) -> Result<Value, ApiError> {
    s.call_as(
        "InitiateAuth",
        &json!({ "AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": client, "AuthParameters": { "REFRESH_TOKEN": token } }),
        Some(agent),
    )
}

#[test]
fn each_sign_in_is_a_session_and_the_callers_own_is_marked() {
    let s = service();
    let (laptop, _) = sign_in(&s, "webclient", "kim@example.com", CHROME);
    s.clock().advance(Duration::from_secs(60));
    let (phone, phone_refresh) = sign_in(&s, "mobileclient", "kim@example.com", IPHONE);
    sign_in(&s, "webclient", "lee@example.com", CHROME); // someone else's
    let listed = sessions(&s, &laptop);
    let shape: Vec<_> = listed
        .iter()
        .map(|v| {
            (
                v["ClientId"].as_str(),
                v["DeviceType"].as_str(),
                v["IsCurrentSession"].as_bool(),
            )
        })
        .collect();
    assert_eq!(
        shape,
        [
            (Some("mobileclient"), Some("Safari on iOS"), Some(false)),
            (Some("webclient"), Some("Chrome on Linux"), Some(true)),
        ],
        "the user's own, most recently active first: {listed:?}"
    );
    assert!(
        listed
            .iter()
            .all(|v| v["SessionId"].as_str().is_some_and(|id| !id.is_empty()))
    );
    // A refresh is activity: the phone's session stays first, its device as last seen.
    s.clock().advance(Duration::from_secs(60));
    refresh(&s, "mobileclient", &phone_refresh, CHROME).expect("refreshed");
    let after = sessions(&s, &phone);
    assert_eq!(after[0]["DeviceType"], "Chrome on Linux", "{after:?}");
    assert_eq!(after[0]["IsCurrentSession"], true);
    assert!(after[0]["LastActiveDate"].as_f64() > after[0]["CreateDate"].as_f64());
    // A caller that names no User-Agent is an unknown device, even on a thread that served one.
    s.call("InitiateAuth", &json!({ "AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": "mobileclient", "AuthParameters": { "REFRESH_TOKEN": phone_refresh } }))
        .expect("refreshed");
    assert_eq!(sessions(&s, &phone)[0]["DeviceType"], "unknown");
}

#[test]
fn revoking_another_session_ends_its_tokens_but_never_the_callers_own() {
    let s = service();
    let (laptop, laptop_refresh) = sign_in(&s, "webclient", "kim@example.com", CHROME);
    let (phone, _) = sign_in(&s, "mobileclient", "kim@example.com", IPHONE);
    let listed = sessions(&s, &phone);
    let id_of = |current: bool| {
        listed
            .iter()
            .find(|v| v["IsCurrentSession"] == current)
            .and_then(|v| v["SessionId"].as_str())
            .expect("listed")
            .to_owned()
    };
    refused(
        s.call(
            "RevokeUserSession",
            &json!({ "AccessToken": phone, "SessionId": id_of(true) }),
        ),
        "InvalidParameterException",
        "You can't revoke the session that the calling access token belongs to.",
    );
    let lee = sign_in(&s, "webclient", "lee@example.com", CHROME).0;
    refused(
        s.call(
            "RevokeUserSession",
            &json!({ "AccessToken": lee, "SessionId": id_of(false) }),
        ),
        "ResourceNotFoundException",
        "Session not found.",
    );
    s.call(
        "RevokeUserSession",
        &json!({ "AccessToken": phone, "SessionId": id_of(false) }),
    )
    .expect("revoked");
    refused(
        s.call("GetUser", &json!({ "AccessToken": laptop })),
        "NotAuthorizedException",
        "Access Token has been revoked",
    );
    refused(
        refresh(&s, "webclient", &laptop_refresh, CHROME),
        "NotAuthorizedException",
        "Refresh Token has been revoked",
    );
    assert_eq!(
        sessions(&s, &phone).len(),
        1,
        "only the caller's own is left"
    );
    s.call("GetUser", &json!({ "AccessToken": phone }))
        .expect("the caller's session goes on");
}

#[test]
fn sessions_end_with_sign_out_and_past_the_pools_limit() {
    let s = service();
    s.call(
        "SetUserPoolSessionConfiguration",
        &json!({ "UserPoolId": POOL, "MaxPerUser": 2 }),
    )
    .expect("set");
    let config = s
        .call(
            "GetUserPoolSessionConfiguration",
            &json!({ "UserPoolId": POOL }),
        )
        .expect("read");
    assert_eq!(
        (
            config["UserSessionTracking"].as_str(),
            config["MaxPerUser"].as_u64()
        ),
        (Some("ENABLED"), Some(2))
    );
    let (_, first_refresh) = sign_in(&s, "webclient", "kim@example.com", CHROME);
    s.clock().advance(Duration::from_secs(1));
    let (second, second_refresh) = sign_in(&s, "webclient", "kim@example.com", CHROME);
    s.clock().advance(Duration::from_secs(1));
    // The first sign-in is the oldest but the most recently active (refreshed): the second goes.
    let refreshed = refresh(&s, "webclient", &first_refresh, CHROME).expect("refreshed");
    let first = refreshed["AuthenticationResult"]["AccessToken"]
        .as_str()
        .expect("access")
        .to_owned();
    s.clock().advance(Duration::from_secs(1));
    let (third, _) = sign_in(&s, "mobileclient", "kim@example.com", IPHONE);
    assert_eq!(
        sessions(&s, &third).len(),
        2,
        "at the limit, the least recently active goes"
    );
    assert!(
        refresh(&s, "webclient", &second_refresh, CHROME).is_err(),
        "and its tokens with it"
    );
    assert!(
        s.call("GetUser", &json!({ "AccessToken": second }))
            .is_err()
    );
    s.call("GetUser", &json!({ "AccessToken": first }))
        .expect("the active one stays");
    s.call(
        "RevokeToken",
        &json!({ "Token": first_refresh, "ClientId": "webclient" }),
    )
    .expect("signed out");
    assert_eq!(sessions(&s, &third).len(), 1, "a sign-out ends its session");
    assert!(s.call("GetUser", &json!({ "AccessToken": first })).is_err());
    // A lowered limit: the next sign-in brings the count under it, however many there were.
    sign_in(&s, "webclient", "kim@example.com", CHROME);
    s.call(
        "SetUserPoolSessionConfiguration",
        &json!({ "UserPoolId": POOL, "MaxPerUser": 1 }),
    )
    .expect("set");
    let (last, _) = sign_in(&s, "webclient", "kim@example.com", CHROME);
    assert_eq!(sessions(&s, &last).len(), 1);
    // Refresh tokens past their lifetime (the client's 30 days): those sessions are over.
    s.clock().advance(Duration::from_secs(31 * 86_400));
    let (now, _) = sign_in(&s, "mobileclient", "kim@example.com", IPHONE);
    assert_eq!(sessions(&s, &now).len(), 1, "only the new one");
    // Tracking turned off: the records go, and the operations are refused.
    s.call(
        "SetUserPoolSessionConfiguration",
        &json!({ "UserPoolId": POOL, "UserSessionTracking": "DISABLED" }),
    )
    .expect("off");
    assert!(
        s.call("ListUserSessions", &json!({ "AccessToken": now }))
            .is_err()
    );
}

#[test]
fn a_pool_without_session_tracking_refuses_the_operations() {
    let s = service();
    let (token, _) = sign_in(&s, "plainclient", "kim@example.com", CHROME);
    refused(
        s.call("ListUserSessions", &json!({ "AccessToken": token })),
        "InvalidParameterException",
        "Session tracking is not enabled for this user pool.",
    );
    refused(
        s.call(
            "RevokeUserSession",
            &json!({ "AccessToken": token, "SessionId": "x" }),
        ),
        "InvalidParameterException",
        "Session tracking is not enabled for this user pool.",
    );
}

//! Step-up and authentication levels as the stand-in models them (local-cognito/BEHAVIOURS.md,
//! "Step-up"): `acr` / `amr` in both tokens for what the sign-in proved, kept through refresh;
//! USER_AUTH's `TARGET_ACR_VALUES`, `ACCESS_TOKEN` and `MAX_AGE` checked, all-or-nothing (more
//! factors asked before any token), and a LITE pool refusing with
//! FeatureUnavailableInTierException.

mod common;
use common::refused;

use cognito_crypto::totp;
use local_cognito::error::ApiError;
use local_cognito::service::{Clock, Service};
use serde_json::{Value, json};

const POOL: &str = "us-east-1_StepUp";
const CLIENT: &str = "stepupclient";
const PASSWORD: &str = "StepUp-Passw0rd!";
/// SMS MFA (preferred) and, once enrolled in a test, TOTP.
const TIA: &str = "tia@example.com";
/// A password and nothing else.
const PAT: &str = "pat@example.com";

fn service() -> Service {
    common::seeded_service_on(
        json!({ "pools": [{
            "id": POOL, "name": "step up", "mfa": "OPTIONAL", "totp": true, "sms": true,
            "allowed_first_auth_factors": ["PASSWORD", "EMAIL_OTP"],
            "clients": [{ "id": CLIENT, "name": "web", "auth_flows": ["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }],
            "users": [
                { "email": TIA, "password": PASSWORD, "phone": "+15555550111", "mfa": ["SMS_MFA"] },
                { "email": PAT, "password": PASSWORD },
            ],
        }]}),
        Clock::manual(),
    )
}

fn initiate(s: &Service, params: Value) -> Result<Value, ApiError> {
    s.call(
        "InitiateAuth",
        &json!({ "AuthFlow": "USER_AUTH", "ClientId": CLIENT, "AuthParameters": params }),
    )
}

fn respond(s: &Service, answer: &Value, responses: Value) -> Result<Value, ApiError> {
    s.call("RespondToAuthChallenge", &json!({ "ClientId": CLIENT, "ChallengeName": answer["ChallengeName"], "Session": answer["Session"], "ChallengeResponses": responses }))
}

/// USER_AUTH with the password in the clear, and `extra` parameters.
fn with_password(s: &Service, name: &str, extra: Value) -> Result<Value, ApiError> {
    let mut params =
        json!({ "USERNAME": name, "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": PASSWORD });
    params
        .as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    initiate(s, params)
}

/// Answers the SMS_MFA challenge with the code sent.
fn sms_code(s: &Service, name: &str, answer: &Value) -> Result<Value, ApiError> {
    assert_eq!(answer["ChallengeName"], "SMS_MFA", "{answer}");
    let code = s.deliveries(name).last().cloned().expect("a code").code;
    respond(s, answer, json!({ "USERNAME": name, "SMS_MFA_CODE": code }))
}

fn totp_code(s: &Service, name: &str, answer: &Value, key: &[u8]) -> Result<Value, ApiError> {
    assert_eq!(answer["ChallengeName"], "SOFTWARE_TOKEN_MFA", "{answer}");
    let code = totp::code_at(key, common::now(s));
    respond(
        s,
        answer,
        json!({ "USERNAME": name, "SOFTWARE_TOKEN_MFA_CODE": code }),
    )
}

fn claims(token: &Value) -> Value {
    local_cognito::tokens::unverified_claims(token.as_str().expect("a token")).expect("a JWT")
}

/// The `acr` and `amr` of both tokens of `answer`, checked to agree.
#[track_caller]
fn level_of(answer: &Value) -> (String, Vec<String>) {
    let result = &answer["AuthenticationResult"];
    let (id, access) = (claims(&result["IdToken"]), claims(&result["AccessToken"]));
    assert_eq!((&id["acr"], &id["amr"]), (&access["acr"], &access["amr"]));
    let amr = id["amr"].as_array().map_or_else(Vec::new, |a| {
        a.iter()
            .map(|v| v.as_str().unwrap_or("?").to_owned())
            .collect()
    });
    (id["acr"].as_str().unwrap_or("none").to_owned(), amr)
}

/// Tia with TOTP enrolled too (SMS still preferred): her key.
fn enrol_totp(s: &Service) -> Vec<u8> {
    let signed_in = sms_code(s, TIA, &with_password(s, TIA, json!({})).unwrap()).unwrap();
    let access = &signed_in["AuthenticationResult"]["AccessToken"];
    let secret = s
        .call("AssociateSoftwareToken", &json!({ "AccessToken": access }))
        .unwrap();
    let key = totp::decode_secret(secret["SecretCode"].as_str().unwrap()).unwrap();
    s.call(
        "VerifySoftwareToken",
        &json!({ "AccessToken": access, "UserCode": totp::code_at(&key, common::now(s) - 30) }),
    )
    .unwrap();
    s.call(
        "SetUserMFAPreference",
        &json!({ "AccessToken": access, "SoftwareTokenMfaSettings": { "Enabled": true },
        "SMSMfaSettings": { "Enabled": true, "PreferredMfa": true } }),
    )
    .unwrap();
    s.clock().advance(std::time::Duration::from_secs(30));
    key
}

#[test]
fn tokens_carry_the_level_and_factors_of_the_sign_in_and_keep_them_through_refresh() {
    let s = service();
    let pat = with_password(&s, PAT, json!({})).unwrap();
    assert_eq!(
        level_of(&pat),
        ("urn:cognito:loa:1".into(), vec!["pwd".into()])
    );
    let tia = sms_code(&s, TIA, &with_password(&s, TIA, json!({})).unwrap()).unwrap();
    let expected = (
        "urn:cognito:loa:3".to_owned(),
        vec!["pwd".to_owned(), "sms".into(), "mfa".into()],
    );
    assert_eq!(level_of(&tia), expected);
    s.clock().advance(std::time::Duration::from_secs(600));
    let refreshed = s
        .call(
            "InitiateAuth",
            &json!({ "AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": CLIENT,
            "AuthParameters": { "REFRESH_TOKEN": tia["AuthenticationResult"]["RefreshToken"] } }),
        )
        .unwrap();
    assert_eq!(level_of(&refreshed), expected, "refresh keeps acr and amr");
    assert_eq!(
        claims(&refreshed["AuthenticationResult"]["IdToken"])["auth_time"],
        claims(&tia["AuthenticationResult"]["IdToken"])["auth_time"],
        "and auth_time"
    );
}

#[test]
fn a_step_up_to_level_4_asks_for_the_authenticator_after_the_preferred_sms_code() {
    let s = service();
    let key = enrol_totp(&s);
    let session = sms_code(&s, TIA, &with_password(&s, TIA, json!({})).unwrap()).unwrap();
    let access = session["AuthenticationResult"]["AccessToken"].clone();
    s.clock().advance(std::time::Duration::from_secs(1));
    let step_up = json!({ "ACCESS_TOKEN": access, "TARGET_ACR_VALUES": "urn:cognito:loa:4 urn:cognito:loa:3", "MAX_AGE": "0" });
    let after_sms = sms_code(&s, TIA, &with_password(&s, TIA, step_up).unwrap()).unwrap();
    // All or nothing: level 3 is not enough while the user can reach 4.
    assert!(
        after_sms.get("AuthenticationResult").is_none(),
        "{after_sms}"
    );
    let done = totp_code(&s, TIA, &after_sms, &key).unwrap();
    let (acr, amr) = level_of(&done);
    assert_eq!(acr, "urn:cognito:loa:4");
    assert_eq!(amr, ["pwd", "sms", "otp", "mfa"]);
    assert_ne!(
        done["AuthenticationResult"]["RefreshToken"],
        session["AuthenticationResult"]["RefreshToken"],
        "new tokens of their own"
    );
}

#[test]
fn a_fresh_token_at_the_level_is_refused_and_max_age_zero_starts_from_scratch() {
    let s = service();
    let session = sms_code(&s, TIA, &with_password(&s, TIA, json!({})).unwrap()).unwrap();
    let access = session["AuthenticationResult"]["AccessToken"].clone();
    let asked = |max_age: Option<&str>| {
        let mut p = json!({ "ACCESS_TOKEN": access, "TARGET_ACR_VALUES": "urn:cognito:loa:3" });
        if let Some(m) = max_age {
            p["MAX_AGE"] = json!(m);
        }
        with_password(&s, TIA, p)
    };
    refused(
        asked(None),
        "InvalidParameterException",
        "The access token already meets the requested authentication level.",
    );
    refused(
        asked(Some("300")),
        "InvalidParameterException",
        "The access token already meets the requested authentication level.",
    );
    s.clock().advance(std::time::Duration::from_secs(301));
    let older = asked(Some("300")).unwrap();
    assert_eq!(
        older["ChallengeName"], "SMS_MFA",
        "the credit is discarded: {older}"
    );
    let fresh = asked(Some("0")).unwrap();
    assert_eq!(fresh["ChallengeName"], "SMS_MFA", "{fresh}");
    assert_eq!(
        level_of(&sms_code(&s, TIA, &fresh).unwrap()).0,
        "urn:cognito:loa:3"
    );
}

#[test]
fn a_step_up_for_a_user_without_mfa_needs_the_password_only() {
    let s = service();
    let session = with_password(&s, PAT, json!({})).unwrap();
    let access = session["AuthenticationResult"]["AccessToken"].clone();
    // Pat cannot reach 3: the first level asked for that Pat can reach is 1.
    let proof = with_password(&s, PAT, json!({ "ACCESS_TOKEN": access, "TARGET_ACR_VALUES": "urn:cognito:loa:3 urn:cognito:loa:1", "MAX_AGE": "0" })).unwrap();
    assert_eq!(level_of(&proof).0, "urn:cognito:loa:1");
    refused(
        with_password(
            &s,
            PAT,
            json!({ "ACCESS_TOKEN": access, "TARGET_ACR_VALUES": "urn:cognito:loa:4", "MAX_AGE": "0" }),
        ),
        "InvalidParameterException",
        "The user cannot satisfy any of the requested authentication levels.",
    );
}

#[test]
fn the_parameters_must_fit_together_and_the_token_must_be_the_users() {
    let s = service();
    let pat = with_password(&s, PAT, json!({})).unwrap();
    let pats_token = pat["AuthenticationResult"]["AccessToken"].clone();
    refused(
        with_password(&s, PAT, json!({ "ACCESS_TOKEN": pats_token })),
        "InvalidParameterException",
        "TARGET_ACR_VALUES is required when ACCESS_TOKEN is provided.",
    );
    refused(
        with_password(&s, PAT, json!({ "TARGET_ACR_VALUES": "gold silver" })),
        "InvalidParameterException",
        "None of the values in TARGET_ACR_VALUES is a valid authentication level.",
    );
    let another = json!({ "ACCESS_TOKEN": pats_token, "TARGET_ACR_VALUES": "urn:cognito:loa:3", "MAX_AGE": "0" });
    refused(
        with_password(&s, TIA, another.clone()),
        "NotAuthorizedException",
        "The access token does not belong to the user.",
    );
    refused(
        with_password(&s, "nobody@example.com", another),
        "NotAuthorizedException",
        "The access token does not belong to the user.",
    );
    s.call("GlobalSignOut", &json!({ "AccessToken": pats_token }))
        .unwrap();
    refused(
        with_password(
            &s,
            PAT,
            json!({ "ACCESS_TOKEN": pats_token, "TARGET_ACR_VALUES": "urn:cognito:loa:1" }),
        ),
        "NotAuthorizedException",
        "Access Token has been revoked",
    );
}

#[test]
fn a_lite_pool_cannot_step_up_and_says_so() {
    let s = service();
    let described = s
        .call("DescribeUserPool", &json!({ "UserPoolId": POOL }))
        .unwrap();
    assert_eq!(
        described["UserPool"]["UserPoolTier"], "ESSENTIALS",
        "the default plan"
    );
    s.call(
        "UpdateUserPool",
        &json!({ "UserPoolId": POOL, "UserPoolTier": "LITE",
        "Policies": { "SignInPolicy": { "AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"] } } }),
    )
    .unwrap();
    let described = s
        .call("DescribeUserPool", &json!({ "UserPoolId": POOL }))
        .unwrap();
    assert_eq!(described["UserPool"]["UserPoolTier"], "LITE");
    refused(
        with_password(&s, PAT, json!({ "TARGET_ACR_VALUES": "urn:cognito:loa:1" })),
        "FeatureUnavailableInTierException",
        "Step-up authentication requires the Essentials or Plus feature plan.",
    );
    refused(
        s.call(
            "UpdateUserPool",
            &json!({ "UserPoolId": POOL, "UserPoolTier": "GOLD" }),
        ),
        "InvalidParameterException",
        "1 validation error detected: Value \"GOLD\" at 'userPoolTier' failed to satisfy constraint: Member must satisfy enum value set: [LITE, ESSENTIALS, PLUS]",
    );
    // Without the step-up parameters the sign-in goes on as before.
    assert!(with_password(&s, PAT, json!({})).unwrap()["AuthenticationResult"].is_object());
}

//! Choice-based sign-in (InitiateAuth USER_AUTH) as the stand-in models it (see
//! local-cognito/BEHAVIOURS.md, "Choice-based sign-in"): the app client's ALLOW_USER_AUTH, the pool's
//! AllowedFirstAuthFactors, SELECT_CHALLENGE and AvailableChallenges per user, PREFERRED_CHALLENGE,
//! first-factor email and SMS codes (8 digits, no MFA after them), the password and SRP paths
//! through USER_AUTH (and whatever a correct password leads to), the answers amplify-js sends,
//! names that are nobody, lockouts, expiry, resends and remembered devices.

mod common;
use common::refused;

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use cognito_crypto::srp::{self, SrpClient, VerifierChallenge, parse_hex};
use local_cognito::error::ApiError;
use local_cognito::service::{Clock, LockoutConfig, Service, ServiceConfig};
use local_cognito::store::{AuthFactor, Store};
use serde_json::{Value, json};

const POOL: &str = "us-east-1_UserAuth";
/// ALLOW_USER_AUTH only: password and SRP sign-ins through USER_AUTH need no other flow.
const CLIENT: &str = "userauthclient";
/// The flows before USER_AUTH existed, without it.
const OLD_CLIENT: &str = "oldflowsclient";
const PASSWORD: &str = "UserAuth-Passw0rd!";
const WRONG: &str = "Wrong-Passw0rd!";
/// A password, a verified email; no phone.
const ANN: &str = "ann@example.com";
/// A password, a verified email and a verified phone.
const BOB: &str = "bob@example.com";
const BOB_PHONE: &str = "+15555550123";
/// SMS MFA on.
const SAM: &str = "sam@example.com";
/// A temporary password: NEW_PASSWORD_REQUIRED after it.
const TIM: &str = "tim@example.com";
/// An email that is not verified.
const UNA: &str = "una@example.com";
/// A sign-in name that is nobody.
const NOBODY: &str = "nobody@example.com";
const INCORRECT: &str = "Incorrect username or password.";
const MFA_LOCKED: &str = "Too many invalid credentials attempts. User temporarily locked. Please try again after few seconds.";

fn seed(devices: bool) -> Value {
    json!({ "pools": [{
        "id": POOL, "name": "user auth", "mfa": "OPTIONAL", "sms": true, "email": true,
        "devices": devices,
        "allowed_first_auth_factors": ["PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"],
        "clients": [
            { "id": CLIENT, "name": "web", "auth_flows": ["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] },
            { "id": OLD_CLIENT, "name": "old", "auth_flows": ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] },
        ],
        "users": [
            { "email": ANN, "password": PASSWORD },
            { "email": BOB, "password": PASSWORD, "phone": BOB_PHONE },
            { "email": SAM, "password": PASSWORD, "phone": "+15555550177", "mfa": ["SMS_MFA"] },
            { "email": TIM, "password": PASSWORD, "temporary": true },
            { "email": UNA, "password": PASSWORD },
        ],
    }]})
}

fn service_with(devices: bool) -> Service {
    let s = common::seeded_service_on(seed(devices), Clock::manual());
    s.call(
        "AdminUpdateUserAttributes",
        &json!({ "UserPoolId": POOL, "Username": UNA,
        "UserAttributes": [{ "Name": "email_verified", "Value": "false" }] }),
    )
    .unwrap();
    s.set_lockout(LockoutConfig {
        base_ms: 60_000,
        max_ms: 60_000,
    });
    s
}

fn service() -> Service {
    service_with(false)
}

fn initiate(s: &Service, params: Value) -> Result<Value, ApiError> {
    s.call(
        "InitiateAuth",
        &json!({ "AuthFlow": "USER_AUTH", "ClientId": CLIENT, "AuthParameters": params }),
    )
}

fn preferring(s: &Service, name: &str, challenge: &str) -> Value {
    initiate(
        s,
        json!({ "USERNAME": name, "PREFERRED_CHALLENGE": challenge }),
    )
    .unwrap()
}

fn respond(
    s: &Service,
    challenge: &str,
    session: &Value,
    responses: Value,
) -> Result<Value, ApiError> {
    s.call("RespondToAuthChallenge", &json!({ "ClientId": CLIENT, "ChallengeName": challenge, "Session": session, "ChallengeResponses": responses }))
}

/// RespondToAuthChallenge with a sign-in code (`EMAIL_OTP` or `SMS_OTP`) for `name`.
fn answer_code(
    s: &Service,
    challenge: &str,
    session: &Value,
    name: &str,
    code: &str,
) -> Result<Value, ApiError> {
    let mut responses = json!({ "USERNAME": name });
    responses[format!("{challenge}_CODE")] = json!(code);
    respond(s, challenge, session, responses)
}

#[track_caller]
fn refused_kind(result: Result<Value, ApiError>, kind: &str) -> String {
    match result {
        Ok(v) => panic!("expected {kind}, got {v}"),
        Err(e) => {
            assert_eq!(e.kind, kind, "{e:?}");
            e.message
        }
    }
}

#[track_caller]
fn tokens(answer: &Value) -> &Value {
    let result = &answer["AuthenticationResult"];
    assert!(result["AccessToken"].is_string(), "no tokens: {answer}");
    assert!(result["IdToken"].is_string() && result["RefreshToken"].is_string());
    assert_eq!(answer["ChallengeParameters"], json!({}));
    assert!(answer.get("ChallengeName").is_none(), "{answer}");
    result
}

fn available(answer: &Value) -> Vec<&str> {
    answer["AvailableChallenges"]
        .as_array()
        .unwrap_or_else(|| panic!("no AvailableChallenges: {answer}"))
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect()
}

/// The newest code "sent" to `name`, checked to be a first-factor code: 8 digits, for sign-in.
#[track_caller]
fn last_code(s: &Service, name: &str, medium: &str) -> String {
    let delivery = s.deliveries(name).last().cloned().expect("a code was sent");
    assert_eq!(delivery.medium, medium);
    assert_eq!(delivery.purpose, "sign-in");
    assert!(
        delivery.code.len() == 8 && delivery.code.bytes().all(|b| b.is_ascii_digit()),
        "an 8-digit code: {:?}",
        delivery.code
    );
    delivery.code
}

fn other_code(code: &str) -> String {
    let n: u32 = code.parse().unwrap();
    format!("{:08}", (n + 1) % 100_000_000)
}

fn now_stamp() -> String {
    cognito_crypto::timestamp::format(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64,
    )
}

/// Answers a PASSWORD_VERIFIER challenge (from USER_AUTH) for `password`.
fn password_verifier(
    s: &Service,
    client: &SrpClient,
    challenge: &Value,
    password: &str,
) -> Result<Value, ApiError> {
    assert_eq!(
        challenge["ChallengeName"], "PASSWORD_VERIFIER",
        "{challenge}"
    );
    let p = &challenge["ChallengeParameters"];
    let user_id = p["USER_ID_FOR_SRP"].as_str().unwrap();
    let ch = VerifierChallenge {
        pool_name: "UserAuth",
        user_id_for_srp: user_id,
        salt_hex: p["SALT"].as_str().unwrap(),
        b_hex: p["SRP_B"].as_str().unwrap(),
        secret_block_b64: p["SECRET_BLOCK"].as_str().unwrap(),
    };
    let claim = client.password_claim(&ch, password, &now_stamp()).unwrap();
    s.call("RespondToAuthChallenge", &json!({ "ClientId": CLIENT, "ChallengeName": "PASSWORD_VERIFIER", "ChallengeResponses": {
        "USERNAME": user_id, "TIMESTAMP": claim.timestamp,
        "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block_b64, "PASSWORD_CLAIM_SIGNATURE": claim.signature_b64,
    } }))
}

#[test]
fn a_client_without_allow_user_auth_is_refused() {
    let s = service();
    let refusal = s.call(
        "InitiateAuth",
        &json!({ "AuthFlow": "USER_AUTH", "ClientId": OLD_CLIENT, "AuthParameters": { "USERNAME": ANN } }),
    );
    refused(
        refusal,
        "InvalidParameterException",
        "USER_AUTH flow not enabled for this client",
    );
    // A client created without ExplicitAuthFlows has Cognito's default flows, not USER_AUTH.
    s.call(
        "CreateUserPoolClient",
        &json!({ "UserPoolId": POOL, "ClientName": "default", "ClientId": "defaultflows" }),
    )
    .unwrap();
    refused(
        s.call("InitiateAuth", &json!({ "AuthFlow": "USER_AUTH", "ClientId": "defaultflows", "AuthParameters": { "USERNAME": ANN } })),
        "InvalidParameterException",
        "USER_AUTH flow not enabled for this client",
    );
    // UpdateUserPoolClient adds it (and shows it).
    let updated = s
        .call(
            "UpdateUserPoolClient",
            &json!({ "UserPoolId": POOL, "ClientId": OLD_CLIENT,
            "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_AUTH"] }),
        )
        .unwrap();
    assert_eq!(
        updated["UserPoolClient"]["ExplicitAuthFlows"],
        json!(["ALLOW_USER_SRP_AUTH", "ALLOW_USER_AUTH"])
    );
    let answer = s
        .call("InitiateAuth", &json!({ "AuthFlow": "USER_AUTH", "ClientId": OLD_CLIENT, "AuthParameters": { "USERNAME": ANN } }))
        .unwrap();
    assert_eq!(answer["ChallengeName"], "SELECT_CHALLENGE");
    // ALLOW_USER_AUTH does not allow the other flows by name.
    refused(
        s.call("InitiateAuth", &json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT, "AuthParameters": { "USERNAME": ANN, "PASSWORD": PASSWORD } })),
        "InvalidParameterException",
        "USER_PASSWORD_AUTH flow not enabled for this client",
    );
}

fn first_factors(s: &Service, pool: &str) -> Value {
    s.call("DescribeUserPool", &json!({ "UserPoolId": pool }))
        .unwrap()["UserPool"]["Policies"]["SignInPolicy"]["AllowedFirstAuthFactors"]
        .clone()
}

#[test]
fn the_sign_in_policy_is_set_shown_reset_and_kept_in_the_state_file() {
    let dir = std::env::temp_dir().join(format!(
        "local-cognito-user-auth-{}",
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("state.json");
    let s = Service::new(
        ServiceConfig {
            print_codes: false,
            state_path: Some(state.clone()),
            ..ServiceConfig::default()
        },
        Store::default(),
    )
    .unwrap();
    // Without Policies: the password only.
    s.call(
        "CreateUserPool",
        &json!({ "PoolName": "plain", "Id": "us-east-1_Plain" }),
    )
    .unwrap();
    assert_eq!(first_factors(&s, "us-east-1_Plain"), json!(["PASSWORD"]));
    let described = s
        .call(
            "DescribeUserPool",
            &json!({ "UserPoolId": "us-east-1_Plain" }),
        )
        .unwrap();
    assert_eq!(
        described["UserPool"]["Policies"]["PasswordPolicy"]["MinimumLength"],
        8
    );
    // CreateUserPool with a SignInPolicy (a value twice counts once).
    let created = s
        .call("CreateUserPool", &json!({ "PoolName": "choice", "Id": "us-east-1_Choice",
            "Policies": { "SignInPolicy": { "AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP", "EMAIL_OTP", "WEB_AUTHN"] } } }))
        .unwrap();
    assert_eq!(
        created["UserPool"]["Policies"]["SignInPolicy"]["AllowedFirstAuthFactors"],
        json!(["PASSWORD", "EMAIL_OTP", "WEB_AUTHN"])
    );
    // Persisted.
    let saved = Store::load(&state).unwrap().unwrap();
    assert_eq!(
        saved.pools["us-east-1_Choice"].allowed_first_auth_factors,
        vec![
            AuthFactor::Password,
            AuthFactor::EmailOtp,
            AuthFactor::WebAuthn
        ]
    );
    // UpdateUserPool sets it, and resets it when left out, as it resets DeviceConfiguration.
    s.call(
        "UpdateUserPool",
        &json!({ "UserPoolId": "us-east-1_Choice", "MfaConfiguration": "OFF",
        "Policies": { "SignInPolicy": { "AllowedFirstAuthFactors": ["PASSWORD", "SMS_OTP"] } } }),
    )
    .unwrap();
    assert_eq!(
        first_factors(&s, "us-east-1_Choice"),
        json!(["PASSWORD", "SMS_OTP"])
    );
    assert_eq!(
        Store::load(&state).unwrap().unwrap().pools["us-east-1_Choice"].allowed_first_auth_factors,
        vec![AuthFactor::Password, AuthFactor::SmsOtp]
    );
    s.call(
        "UpdateUserPool",
        &json!({ "UserPoolId": "us-east-1_Choice", "MfaConfiguration": "OFF" }),
    )
    .unwrap();
    assert_eq!(first_factors(&s, "us-east-1_Choice"), json!(["PASSWORD"]));
    s.call(
        "UpdateUserPool",
        &json!({ "UserPoolId": "us-east-1_Choice", "MfaConfiguration": "OFF",
        "Policies": { "PasswordPolicy": { "MinimumLength": 8 } } }),
    )
    .unwrap();
    assert_eq!(first_factors(&s, "us-east-1_Choice"), json!(["PASSWORD"]));

    // Refusals change nothing.
    s.call(
        "UpdateUserPool",
        &json!({ "UserPoolId": "us-east-1_Choice", "MfaConfiguration": "OFF",
        "Policies": { "SignInPolicy": { "AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"] } } }),
    )
    .unwrap();
    let update = |factors: Value| {
        s.call(
            "UpdateUserPool",
            &json!({ "UserPoolId": "us-east-1_Choice", "MfaConfiguration": "OFF",
            "Policies": { "SignInPolicy": { "AllowedFirstAuthFactors": factors } } }),
        )
    };
    let message = refused_kind(
        update(json!(["PASSWORD", "TOTP"])),
        "InvalidParameterException",
    );
    assert!(
        message.contains("policies.signInPolicy.allowedFirstAuthFactors")
            && message.contains("enum value set"),
        "{message}"
    );
    refused(
        update(json!(["PASSWORD", "SOFTWARE_TOKEN"])),
        "InvalidParameterException",
        "SOFTWARE_TOKEN is not supported as a first authentication factor",
    );
    let message = refused_kind(update(json!([])), "InvalidParameterException");
    assert!(
        message.contains("length greater than or equal to 1"),
        "{message}"
    );
    let six = json!([
        "PASSWORD",
        "EMAIL_OTP",
        "SMS_OTP",
        "WEB_AUTHN",
        "PASSWORD",
        "EMAIL_OTP"
    ]);
    let message = refused_kind(update(six), "InvalidParameterException");
    assert!(
        message.contains("length less than or equal to 5"),
        "{message}"
    );
    refused_kind(update(json!("PASSWORD")), "SerializationException");
    refused_kind(update(json!([1])), "SerializationException");
    refused_kind(
        s.call(
            "UpdateUserPool",
            &json!({ "UserPoolId": "us-east-1_Choice", "Policies": "all" }),
        ),
        "SerializationException",
    );
    assert_eq!(
        first_factors(&s, "us-east-1_Choice"),
        json!(["PASSWORD", "EMAIL_OTP"])
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn select_challenge_offers_what_the_pool_allows_and_the_user_can_do() {
    let s = service();
    let answer = initiate(&s, json!({ "USERNAME": ANN })).unwrap();
    assert_eq!(answer["ChallengeName"], "SELECT_CHALLENGE");
    assert!(answer["Session"].as_str().is_some_and(|t| t.len() > 100));
    assert_eq!(answer["ChallengeParameters"], json!({}));
    assert!(answer.get("AuthenticationResult").is_none());
    assert_eq!(
        available(&answer),
        ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"]
    );
    assert!(
        s.deliveries(ANN).is_empty(),
        "nothing is sent before a choice"
    );

    let bob = initiate(&s, json!({ "USERNAME": BOB })).unwrap();
    assert_eq!(
        available(&bob),
        ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP"]
    );
    // An email that is not verified gets no email code; a passkey is never offered (none exists).
    let una = initiate(&s, json!({ "USERNAME": UNA })).unwrap();
    assert_eq!(available(&una), ["PASSWORD", "PASSWORD_SRP"]);
    // A temporary password is a password.
    let tim = initiate(&s, json!({ "USERNAME": TIM })).unwrap();
    assert_eq!(available(&tim), ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"]);
    // By username (the UUID) as well as by email.
    let username = s
        .call(
            "AdminGetUser",
            &json!({ "UserPoolId": POOL, "Username": BOB }),
        )
        .unwrap()["Username"]
        .clone();
    let by_uuid = initiate(&s, json!({ "USERNAME": username })).unwrap();
    assert_eq!(available(&by_uuid), available(&bob));

    // The pool decides what can be offered at all.
    s.call(
        "UpdateUserPool",
        &json!({ "UserPoolId": POOL, "MfaConfiguration": "OPTIONAL",
        "Policies": { "SignInPolicy": { "AllowedFirstAuthFactors": ["SMS_OTP", "PASSWORD"] } } }),
    )
    .unwrap();
    assert_eq!(
        available(&initiate(&s, json!({ "USERNAME": BOB })).unwrap()),
        ["PASSWORD", "PASSWORD_SRP", "SMS_OTP"]
    );
    assert_eq!(
        available(&initiate(&s, json!({ "USERNAME": ANN })).unwrap()),
        ["PASSWORD", "PASSWORD_SRP"]
    );
    s.call(
        "UpdateUserPool",
        &json!({ "UserPoolId": POOL, "MfaConfiguration": "OPTIONAL" }),
    )
    .unwrap();
    assert_eq!(
        available(&initiate(&s, json!({ "USERNAME": BOB })).unwrap()),
        ["PASSWORD", "PASSWORD_SRP"]
    );
    s.call(
        "UpdateUserPool",
        &json!({ "UserPoolId": POOL, "MfaConfiguration": "OPTIONAL",
        "Policies": { "SignInPolicy": { "AllowedFirstAuthFactors": ["EMAIL_OTP"] } } }),
    )
    .unwrap();
    assert_eq!(
        available(&initiate(&s, json!({ "USERNAME": ANN })).unwrap()),
        ["EMAIL_OTP"]
    );
    // Nothing left for this user: an empty offer.
    assert!(available(&initiate(&s, json!({ "USERNAME": UNA })).unwrap()).is_empty());

    refused(
        initiate(&s, json!({ "PREFERRED_CHALLENGE": "EMAIL_OTP" })),
        "InvalidParameterException",
        "1 validation error detected: Value null at 'USERNAME' failed to satisfy constraint: Member must not be null",
    );
}

#[test]
fn preferred_email_otp_sends_an_eight_digit_code_that_signs_in_without_mfa() {
    let s = service();
    let before = s
        .call(
            "AdminGetUser",
            &json!({ "UserPoolId": POOL, "Username": ANN }),
        )
        .unwrap();
    let answer = preferring(&s, ANN, "EMAIL_OTP");
    assert_eq!(answer["ChallengeName"], "EMAIL_OTP");
    assert_eq!(
        answer["ChallengeParameters"],
        json!({ "CODE_DELIVERY_DELIVERY_MEDIUM": "EMAIL", "CODE_DELIVERY_DESTINATION": "a***@e***" })
    );
    assert!(answer["Session"].is_string());
    assert!(answer.get("AvailableChallenges").is_none());
    let code = last_code(&s, ANN, "EMAIL");
    assert_eq!(s.deliveries(ANN).last().unwrap().destination, ANN);
    let result = answer_code(&s, "EMAIL_OTP", &answer["Session"], ANN, &code).unwrap();
    let access = tokens(&result)["AccessToken"].clone();
    let me = s
        .call("GetUser", &json!({ "AccessToken": access }))
        .unwrap();
    assert_eq!(
        me["UserAttributes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["Name"] == "email")
            .unwrap()["Value"],
        ANN
    );
    // Attributes are left alone.
    let after = s
        .call(
            "AdminGetUser",
            &json!({ "UserPoolId": POOL, "Username": ANN }),
        )
        .unwrap();
    assert_eq!(before["UserAttributes"], after["UserAttributes"]);
    // The session is spent.
    refused(
        answer_code(&s, "EMAIL_OTP", &answer["Session"], ANN, &code),
        "NotAuthorizedException",
        "Invalid session for the user.",
    );

    // A user with MFA is not offered a code as the only factor (aws-amplify/docs PR #8567:
    // Cognito does not support MFA and passwordless sign-in for the same user): asking for one
    // gets the ways that are left, and no code is sent.
    let sent_before = s.deliveries(SAM).len();
    let answer = preferring(&s, SAM, "EMAIL_OTP");
    assert_eq!(answer["ChallengeName"], "SELECT_CHALLENGE");
    assert_eq!(
        answer["AvailableChallenges"],
        json!(["PASSWORD", "PASSWORD_SRP"])
    );
    assert_eq!(s.deliveries(SAM).len(), sent_before);
    // Nor a new password after one for a user with a temporary password.
    let answer = preferring(&s, TIM, "EMAIL_OTP");
    let code = last_code(&s, TIM, "EMAIL");
    tokens(&answer_code(&s, "EMAIL_OTP", &answer["Session"], TIM, &code).unwrap());
}

#[test]
fn preferred_sms_otp_sends_an_eight_digit_code_by_sms() {
    let s = service();
    let answer = preferring(&s, BOB, "SMS_OTP");
    assert_eq!(answer["ChallengeName"], "SMS_OTP");
    assert_eq!(
        answer["ChallengeParameters"],
        json!({ "CODE_DELIVERY_DELIVERY_MEDIUM": "SMS", "CODE_DELIVERY_DESTINATION": "+*******0123" })
    );
    let code = last_code(&s, BOB, "SMS");
    assert_eq!(s.deliveries(BOB).last().unwrap().destination, BOB_PHONE);
    // The code goes with SMS_OTP_CODE; EMAIL_OTP_CODE is not the member for it.
    refused_kind(
        respond(
            &s,
            "SMS_OTP",
            &answer["Session"],
            json!({ "USERNAME": BOB, "EMAIL_OTP_CODE": code }),
        ),
        "InvalidParameterException",
    );
    let answer = preferring(&s, BOB, "SMS_OTP");
    let code = last_code(&s, BOB, "SMS");
    tokens(&answer_code(&s, "SMS_OTP", &answer["Session"], BOB, &code).unwrap());
}

#[test]
fn preferred_password_with_the_password_goes_where_a_correct_password_goes() {
    let s = service();
    let sign_in = |name: &str, password: &str| {
        initiate(
            &s,
            json!({ "USERNAME": name, "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": password }),
        )
    };
    tokens(&sign_in(ANN, PASSWORD).unwrap());
    let mfa = sign_in(SAM, PASSWORD).unwrap();
    assert_eq!(mfa["ChallengeName"], "SMS_MFA");
    assert_eq!(
        mfa["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"],
        "SMS"
    );
    let sms = s.deliveries(SAM).last().unwrap().code.clone();
    assert_eq!(sms.len(), 6, "MFA codes stay 6 digits");
    let user_id = mfa["ChallengeParameters"]["USER_ID_FOR_SRP"].clone();
    tokens(
        &respond(
            &s,
            "SMS_MFA",
            &mfa["Session"],
            json!({ "USERNAME": user_id, "SMS_MFA_CODE": sms }),
        )
        .unwrap(),
    );
    assert_eq!(
        sign_in(TIM, PASSWORD).unwrap()["ChallengeName"],
        "NEW_PASSWORD_REQUIRED"
    );

    // Wrong passwords: the same answer and lockout as USER_PASSWORD_AUTH, shared with it.
    for _ in 0..5 {
        refused(sign_in(BOB, WRONG), "NotAuthorizedException", INCORRECT);
    }
    refused(
        sign_in(BOB, PASSWORD),
        "NotAuthorizedException",
        "Password attempts exceeded",
    );
    refused(
        s.call("InitiateAuth", &json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": OLD_CLIENT, "AuthParameters": { "USERNAME": BOB, "PASSWORD": PASSWORD } })),
        "NotAuthorizedException",
        "Password attempts exceeded",
    );
    s.reset_lockouts();
    tokens(&sign_in(BOB, PASSWORD).unwrap());
}

#[test]
fn preferred_password_srp_with_srp_a_answers_password_verifier_as_user_srp_auth() {
    let s = service();
    let srp_start = |name: &str, client: &SrpClient| {
        initiate(&s, json!({ "USERNAME": name, "PREFERRED_CHALLENGE": "PASSWORD_SRP", "SRP_A": client.public_a_hex() })).unwrap()
    };
    let client = SrpClient::generate().unwrap();
    let challenge = srp_start(ANN, &client);
    assert_eq!(challenge["ChallengeName"], "PASSWORD_VERIFIER");
    let mut keys: Vec<&String> = challenge["ChallengeParameters"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "SALT",
            "SECRET_BLOCK",
            "SRP_B",
            "USERNAME",
            "USER_ID_FOR_SRP"
        ]
    );
    tokens(&password_verifier(&s, &client, &challenge, PASSWORD).unwrap());

    // Then MFA, as after USER_SRP_AUTH.
    let client = SrpClient::generate().unwrap();
    let after = password_verifier(&s, &client, &srp_start(SAM, &client), PASSWORD).unwrap();
    assert_eq!(after["ChallengeName"], "SMS_MFA");

    // A wrong password counts as in USER_SRP_AUTH.
    for _ in 0..5 {
        let client = SrpClient::generate().unwrap();
        refused(
            password_verifier(&s, &client, &srp_start(BOB, &client), WRONG),
            "NotAuthorizedException",
            INCORRECT,
        );
    }
    let client = SrpClient::generate().unwrap();
    refused(
        password_verifier(&s, &client, &srp_start(BOB, &client), PASSWORD),
        "NotAuthorizedException",
        "Password attempts exceeded",
    );
}

#[test]
fn preferred_password_without_its_secret_asks_for_it_and_takes_each_answer_form() {
    let s = service();
    // PASSWORD, answered as documented: ChallengeName PASSWORD with PASSWORD.
    let asked = preferring(&s, ANN, "PASSWORD");
    assert_eq!(asked["ChallengeName"], "PASSWORD");
    assert_eq!(asked["ChallengeParameters"], json!({}));
    assert!(asked.get("AvailableChallenges").is_none());
    tokens(
        &respond(
            &s,
            "PASSWORD",
            &asked["Session"],
            json!({ "USERNAME": ANN, "PASSWORD": PASSWORD }),
        )
        .unwrap(),
    );
    // …and as amplify-js answers it: SELECT_CHALLENGE with ANSWER.
    let asked = preferring(&s, ANN, "PASSWORD");
    tokens(
        &respond(
            &s,
            "SELECT_CHALLENGE",
            &asked["Session"],
            json!({ "USERNAME": ANN, "ANSWER": "PASSWORD", "PASSWORD": PASSWORD }),
        )
        .unwrap(),
    );
    // Only the factor it asked.
    let asked = preferring(&s, ANN, "PASSWORD");
    refused(
        respond(
            &s,
            "SELECT_CHALLENGE",
            &asked["Session"],
            json!({ "USERNAME": ANN, "ANSWER": "EMAIL_OTP" }),
        ),
        "InvalidParameterException",
        "EMAIL_OTP is not an available challenge for this user",
    );
    // A wrong password spends the session.
    refused(
        respond(
            &s,
            "PASSWORD",
            &asked["Session"],
            json!({ "USERNAME": ANN, "PASSWORD": WRONG }),
        ),
        "NotAuthorizedException",
        INCORRECT,
    );
    refused(
        respond(
            &s,
            "PASSWORD",
            &asked["Session"],
            json!({ "USERNAME": ANN, "PASSWORD": PASSWORD }),
        ),
        "NotAuthorizedException",
        "Invalid session for the user.",
    );

    // PASSWORD_SRP, both ways.
    let asked = preferring(&s, ANN, "PASSWORD_SRP");
    assert_eq!(asked["ChallengeName"], "PASSWORD_SRP");
    let client = SrpClient::generate().unwrap();
    let verifier = respond(
        &s,
        "PASSWORD_SRP",
        &asked["Session"],
        json!({ "USERNAME": ANN, "SRP_A": client.public_a_hex() }),
    )
    .unwrap();
    tokens(&password_verifier(&s, &client, &verifier, PASSWORD).unwrap());
    let asked = preferring(&s, ANN, "PASSWORD_SRP");
    let client = SrpClient::generate().unwrap();
    let verifier = respond(
        &s,
        "SELECT_CHALLENGE",
        &asked["Session"],
        json!({ "USERNAME": ANN, "ANSWER": "PASSWORD_SRP", "SRP_A": client.public_a_hex() }),
    )
    .unwrap();
    tokens(&password_verifier(&s, &client, &verifier, PASSWORD).unwrap());
}

#[test]
fn a_preferred_challenge_the_user_cannot_do_gets_the_real_choices() {
    let s = service();
    // No phone: SMS_OTP falls back to the choice.
    let answer = preferring(&s, ANN, "SMS_OTP");
    assert_eq!(answer["ChallengeName"], "SELECT_CHALLENGE");
    assert_eq!(
        available(&answer),
        ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"]
    );
    // No passkey.
    let answer = preferring(&s, BOB, "WEB_AUTHN");
    assert_eq!(
        available(&answer),
        ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP"]
    );
    // An email that is not verified.
    assert_eq!(
        available(&preferring(&s, UNA, "EMAIL_OTP")),
        ["PASSWORD", "PASSWORD_SRP"]
    );
    // Not allowed by the pool; the password sent along is not even checked.
    s.call(
        "UpdateUserPool",
        &json!({ "UserPoolId": POOL, "MfaConfiguration": "OPTIONAL" }),
    )
    .unwrap();
    assert_eq!(
        available(&preferring(&s, ANN, "EMAIL_OTP")),
        ["PASSWORD", "PASSWORD_SRP"]
    );
    s.call(
        "UpdateUserPool",
        &json!({ "UserPoolId": POOL, "MfaConfiguration": "OPTIONAL",
        "Policies": { "SignInPolicy": { "AllowedFirstAuthFactors": ["EMAIL_OTP"] } } }),
    )
    .unwrap();
    let answer = initiate(
        &s,
        json!({ "USERNAME": ANN, "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": WRONG }),
    )
    .unwrap();
    assert_eq!(available(&answer), ["EMAIL_OTP"]);
    assert!(
        s.deliveries(ANN).is_empty() && s.deliveries(BOB).is_empty(),
        "no code was sent"
    );
}

#[test]
fn a_preferred_challenge_outside_the_enum_is_an_invalid_parameter() {
    let s = service();
    for bad in [
        "TOTP",
        "email_otp",
        "",
        "SOFTWARE_TOKEN_MFA",
        "SELECT_CHALLENGE",
    ] {
        let message = refused_kind(
            initiate(&s, json!({ "USERNAME": ANN, "PREFERRED_CHALLENGE": bad })),
            "InvalidParameterException",
        );
        assert!(message.contains("PREFERRED_CHALLENGE"), "{message}");
    }
    // Also for a name that is nobody: checked before anything else.
    refused_kind(
        initiate(
            &s,
            json!({ "USERNAME": NOBODY, "PREFERRED_CHALLENGE": "MAGIC_LINK" }),
        ),
        "InvalidParameterException",
    );
}

#[test]
fn select_challenge_answers_start_the_factor_chosen() {
    let s = service();
    let select = |name: &str| initiate(&s, json!({ "USERNAME": name })).unwrap()["Session"].clone();

    // EMAIL_OTP: the code is sent now.
    let session = select(ANN);
    let answer = respond(
        &s,
        "SELECT_CHALLENGE",
        &session,
        json!({ "USERNAME": ANN, "ANSWER": "EMAIL_OTP" }),
    )
    .unwrap();
    assert_eq!(answer["ChallengeName"], "EMAIL_OTP");
    assert_eq!(
        answer["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"],
        "a***@e***"
    );
    assert_ne!(answer["Session"], session, "a new session");
    let code = last_code(&s, ANN, "EMAIL");
    tokens(&answer_code(&s, "EMAIL_OTP", &answer["Session"], ANN, &code).unwrap());

    // SMS_OTP.
    let answer = respond(
        &s,
        "SELECT_CHALLENGE",
        &select(BOB),
        json!({ "USERNAME": BOB, "ANSWER": "SMS_OTP" }),
    )
    .unwrap();
    assert_eq!(answer["ChallengeName"], "SMS_OTP");
    let code = last_code(&s, BOB, "SMS");
    tokens(&answer_code(&s, "SMS_OTP", &answer["Session"], BOB, &code).unwrap());

    // PASSWORD with the password: tokens, or what follows a password.
    tokens(
        &respond(
            &s,
            "SELECT_CHALLENGE",
            &select(ANN),
            json!({ "USERNAME": ANN, "ANSWER": "PASSWORD", "PASSWORD": PASSWORD }),
        )
        .unwrap(),
    );
    let mfa = respond(
        &s,
        "SELECT_CHALLENGE",
        &select(SAM),
        json!({ "USERNAME": SAM, "ANSWER": "PASSWORD", "PASSWORD": PASSWORD }),
    )
    .unwrap();
    assert_eq!(mfa["ChallengeName"], "SMS_MFA");
    let new_password = respond(
        &s,
        "SELECT_CHALLENGE",
        &select(TIM),
        json!({ "USERNAME": TIM, "ANSWER": "PASSWORD", "PASSWORD": PASSWORD }),
    )
    .unwrap();
    assert_eq!(new_password["ChallengeName"], "NEW_PASSWORD_REQUIRED");
    // The documented form: ChallengeName PASSWORD on the SELECT_CHALLENGE session.
    tokens(
        &respond(
            &s,
            "PASSWORD",
            &select(ANN),
            json!({ "USERNAME": ANN, "PASSWORD": PASSWORD }),
        )
        .unwrap(),
    );

    // PASSWORD_SRP with SRP_A: PASSWORD_VERIFIER (as amplify-js's
    // handleSelectChallengeWithPasswordSRP expects), then the verifier as usual.
    let client = SrpClient::generate().unwrap();
    let verifier = respond(
        &s,
        "SELECT_CHALLENGE",
        &select(ANN),
        json!({ "USERNAME": ANN, "ANSWER": "PASSWORD_SRP", "SRP_A": client.public_a_hex() }),
    )
    .unwrap();
    tokens(&password_verifier(&s, &client, &verifier, PASSWORD).unwrap());
    let client = SrpClient::generate().unwrap();
    let verifier = respond(
        &s,
        "PASSWORD_SRP",
        &select(SAM),
        json!({ "USERNAME": SAM, "SRP_A": client.public_a_hex() }),
    )
    .unwrap();
    assert_eq!(
        password_verifier(&s, &client, &verifier, PASSWORD).unwrap()["ChallengeName"],
        "SMS_MFA"
    );

    // A wrong password on the SELECT_CHALLENGE session: refused, and the session is spent.
    let session = select(ANN);
    refused(
        respond(
            &s,
            "SELECT_CHALLENGE",
            &session,
            json!({ "USERNAME": ANN, "ANSWER": "PASSWORD", "PASSWORD": WRONG }),
        ),
        "NotAuthorizedException",
        INCORRECT,
    );
    refused(
        respond(
            &s,
            "SELECT_CHALLENGE",
            &session,
            json!({ "USERNAME": ANN, "ANSWER": "EMAIL_OTP" }),
        ),
        "NotAuthorizedException",
        "Invalid session for the user.",
    );
}

#[test]
fn select_challenge_refuses_what_was_not_offered_and_keeps_the_session() {
    let s = service();
    let session = initiate(&s, json!({ "USERNAME": ANN })).unwrap()["Session"].clone();
    let answer = |challenge: &str, responses: Value| respond(&s, challenge, &session, responses);
    refused(
        answer(
            "SELECT_CHALLENGE",
            json!({ "USERNAME": ANN, "ANSWER": "SMS_OTP" }),
        ),
        "InvalidParameterException",
        "SMS_OTP is not an available challenge for this user",
    );
    refused(
        answer(
            "SELECT_CHALLENGE",
            json!({ "USERNAME": ANN, "ANSWER": "WEB_AUTHN" }),
        ),
        "InvalidParameterException",
        "WEB_AUTHN is not an available challenge for this user",
    );
    refused(
        answer(
            "SELECT_CHALLENGE",
            json!({ "USERNAME": ANN, "ANSWER": "MAGIC" }),
        ),
        "InvalidParameterException",
        "MAGIC is not an available challenge for this user",
    );
    refused_kind(
        answer("SELECT_CHALLENGE", json!({ "USERNAME": ANN })),
        "InvalidParameterException",
    );
    let message = refused_kind(
        answer(
            "SELECT_CHALLENGE",
            json!({ "USERNAME": ANN, "ANSWER": "PASSWORD" }),
        ),
        "InvalidParameterException",
    );
    assert!(message.contains("'PASSWORD'"), "{message}");
    let message = refused_kind(
        answer("PASSWORD_SRP", json!({ "USERNAME": ANN })),
        "InvalidParameterException",
    );
    assert!(message.contains("'SRP_A'"), "{message}");
    // After all that, the session still takes a real choice.
    let otp = answer(
        "SELECT_CHALLENGE",
        json!({ "USERNAME": ANN, "ANSWER": "EMAIL_OTP" }),
    )
    .unwrap();
    assert_eq!(otp["ChallengeName"], "EMAIL_OTP");

    // A challenge name that does not fit the session, or another user's name, ends it.
    let session = initiate(&s, json!({ "USERNAME": ANN })).unwrap()["Session"].clone();
    refused(
        answer_code(&s, "EMAIL_OTP", &session, ANN, "12345678"),
        "NotAuthorizedException",
        "Invalid session for the user.",
    );
    let session = initiate(&s, json!({ "USERNAME": ANN })).unwrap()["Session"].clone();
    refused(
        respond(
            &s,
            "SELECT_CHALLENGE",
            &session,
            json!({ "USERNAME": BOB, "ANSWER": "EMAIL_OTP" }),
        ),
        "NotAuthorizedException",
        "Invalid session for the user.",
    );
    // An OTP session takes no SELECT_CHALLENGE answer.
    let otp = preferring(&s, ANN, "EMAIL_OTP");
    refused(
        respond(
            &s,
            "SELECT_CHALLENGE",
            &otp["Session"],
            json!({ "USERNAME": ANN, "ANSWER": "PASSWORD", "PASSWORD": PASSWORD }),
        ),
        "NotAuthorizedException",
        "Invalid session for the user.",
    );
}

#[test]
fn wrong_codes_are_counted_like_mfa_codes() {
    let s = service();
    let answer = preferring(&s, ANN, "EMAIL_OTP");
    let code = last_code(&s, ANN, "EMAIL");
    let session = &answer["Session"];
    let send = |code: &str| answer_code(&s, "EMAIL_OTP", session, ANN, code);
    refused(
        send(&other_code(&code)),
        "CodeMismatchException",
        "Invalid code or auth state for the user.",
    );
    // The session survives a wrong code.
    tokens(&send(&code).unwrap());

    // Five wrong codes in one session: it is thrown away.
    let answer = preferring(&s, ANN, "EMAIL_OTP");
    let code = last_code(&s, ANN, "EMAIL");
    for _ in 0..5 {
        refused_kind(
            answer_code(&s, "EMAIL_OTP", &answer["Session"], ANN, &other_code(&code)),
            "CodeMismatchException",
        );
    }
    // …and the user's MFA lockout has started (5 wrong codes in a row), so even a right code in
    // a new session is refused; that session stays.
    let fresh = preferring(&s, ANN, "EMAIL_OTP");
    let fresh_code = last_code(&s, ANN, "EMAIL");
    refused(
        answer_code(&s, "EMAIL_OTP", &fresh["Session"], ANN, &fresh_code),
        "NotAuthorizedException",
        MFA_LOCKED,
    );
    refused(
        answer_code(&s, "EMAIL_OTP", &answer["Session"], ANN, &code),
        "NotAuthorizedException",
        "Invalid session for the user.",
    );
    // The same counter as MFA codes: SMS MFA after a password is locked too.
    s.reset_lockouts();
    tokens(&answer_code(&s, "EMAIL_OTP", &fresh["Session"], ANN, &fresh_code).unwrap());

    // Five wrong text-message codes lock the account's codes out: a fresh sign-in's right code
    // is refused too, with the MFA lockout's words.
    let bob_otp = preferring(&s, BOB, "SMS_OTP");
    let bob_code = last_code(&s, BOB, "SMS");
    for _ in 0..5 {
        refused_kind(
            answer_code(
                &s,
                "SMS_OTP",
                &bob_otp["Session"],
                BOB,
                &other_code(&bob_code),
            ),
            "CodeMismatchException",
        );
    }
    let again = preferring(&s, BOB, "SMS_OTP");
    let right = last_code(&s, BOB, "SMS");
    refused(
        answer_code(&s, "SMS_OTP", &again["Session"], BOB, &right),
        "NotAuthorizedException",
        MFA_LOCKED,
    );
}

#[test]
fn an_expired_session_or_code_ends_the_sign_in() {
    let s = service();
    s.set_session_ttl(1);
    let answer = preferring(&s, ANN, "EMAIL_OTP");
    let code = last_code(&s, ANN, "EMAIL");
    let select = initiate(&s, json!({ "USERNAME": ANN })).unwrap();
    s.clock().advance(Duration::from_millis(1_100));
    refused(
        answer_code(&s, "EMAIL_OTP", &answer["Session"], ANN, &code),
        "NotAuthorizedException",
        "Invalid session for the user, session is expired.",
    );
    refused(
        respond(
            &s,
            "SELECT_CHALLENGE",
            &select["Session"],
            json!({ "USERNAME": ANN, "ANSWER": "EMAIL_OTP" }),
        ),
        "NotAuthorizedException",
        "Invalid session for the user, session is expired.",
    );

    // A code shorter-lived than its session: ExpiredCodeException.
    s.set_session_ttl(180);
    s.set_code_ttl(Some(1));
    let answer = preferring(&s, BOB, "SMS_OTP");
    let code = last_code(&s, BOB, "SMS");
    s.clock().advance(Duration::from_millis(1_100));
    refused(
        answer_code(&s, "SMS_OTP", &answer["Session"], BOB, &code),
        "ExpiredCodeException",
        "Invalid code provided, please request a code again.",
    );
}

#[test]
fn a_resend_is_a_new_sign_in_with_a_fresh_code_and_the_old_session_still_works() {
    let s = service();
    let first = preferring(&s, ANN, "EMAIL_OTP");
    let first_code = last_code(&s, ANN, "EMAIL");
    // "Resend": InitiateAuth again with the same PREFERRED_CHALLENGE (amplify-ui's resendSignInCode).
    let second = preferring(&s, ANN, "EMAIL_OTP");
    let second_code = last_code(&s, ANN, "EMAIL");
    assert_eq!(s.deliveries(ANN).len(), 2, "a second code was sent");
    assert_ne!(first["Session"], second["Session"]);
    tokens(&answer_code(&s, "EMAIL_OTP", &second["Session"], ANN, &second_code).unwrap());
    tokens(&answer_code(&s, "EMAIL_OTP", &first["Session"], ANN, &first_code).unwrap());
}

#[test]
fn a_name_that_is_nobody_gets_a_plausible_offer_and_fails_later() {
    let s = service();
    let deliveries = s.memory_stats().deliveries;
    let answer = initiate(&s, json!({ "USERNAME": NOBODY })).unwrap();
    assert_eq!(answer["ChallengeName"], "SELECT_CHALLENGE");
    assert_eq!(
        available(&answer),
        available(&initiate(&s, json!({ "USERNAME": ANN })).unwrap())
    );

    // EMAIL_OTP: a challenge shaped like a real one; nothing is sent; every code is wrong.
    let otp = respond(
        &s,
        "SELECT_CHALLENGE",
        &answer["Session"],
        json!({ "USERNAME": NOBODY, "ANSWER": "EMAIL_OTP" }),
    )
    .unwrap();
    assert_eq!(otp["ChallengeName"], "EMAIL_OTP");
    assert_eq!(
        otp["ChallengeParameters"],
        json!({ "CODE_DELIVERY_DELIVERY_MEDIUM": "EMAIL", "CODE_DELIVERY_DESTINATION": "n***@e***" })
    );
    assert_eq!(s.memory_stats().deliveries, deliveries, "nothing was sent");
    for _ in 0..5 {
        refused(
            answer_code(&s, "EMAIL_OTP", &otp["Session"], NOBODY, "12345678"),
            "CodeMismatchException",
            "Invalid code or auth state for the user.",
        );
    }
    // Locked out after five, like a real user.
    let again = preferring(&s, "NOBODY@example.com", "EMAIL_OTP");
    refused(
        respond(
            &s,
            "EMAIL_OTP",
            &again["Session"],
            json!({ "USERNAME": "nobody@EXAMPLE.com", "EMAIL_OTP_CODE": "12345678" }),
        ),
        "NotAuthorizedException",
        MFA_LOCKED,
    );
    s.reset_lockouts();
    // Another name on the session: "Invalid session", as for a real user.
    let again = preferring(&s, NOBODY, "EMAIL_OTP");
    refused(
        answer_code(&s, "EMAIL_OTP", &again["Session"], ANN, "12345678"),
        "NotAuthorizedException",
        "Invalid session for the user.",
    );

    // PASSWORD: "Incorrect username or password.", counted towards a lockout.
    let session = initiate(&s, json!({ "USERNAME": NOBODY })).unwrap()["Session"].clone();
    refused(
        respond(
            &s,
            "SELECT_CHALLENGE",
            &session,
            json!({ "USERNAME": NOBODY, "ANSWER": "PASSWORD", "PASSWORD": PASSWORD }),
        ),
        "NotAuthorizedException",
        INCORRECT,
    );
    refused(
        initiate(
            &s,
            json!({ "USERNAME": NOBODY, "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": PASSWORD }),
        ),
        "NotAuthorizedException",
        INCORRECT,
    );
    // PASSWORD_SRP: a decoy PASSWORD_VERIFIER; the claim fails.
    let client = SrpClient::generate().unwrap();
    let session = initiate(&s, json!({ "USERNAME": NOBODY })).unwrap()["Session"].clone();
    let verifier = respond(
        &s,
        "SELECT_CHALLENGE",
        &session,
        json!({ "USERNAME": NOBODY, "ANSWER": "PASSWORD_SRP", "SRP_A": client.public_a_hex() }),
    )
    .unwrap();
    assert_eq!(verifier["ChallengeName"], "PASSWORD_VERIFIER");
    refused(
        password_verifier(&s, &client, &verifier, PASSWORD),
        "NotAuthorizedException",
        INCORRECT,
    );
    // SMS_OTP is not in the offer: the choice again.
    assert_eq!(
        preferring(&s, NOBODY, "SMS_OTP")["ChallengeName"],
        "SELECT_CHALLENGE"
    );
    // PASSWORD without the password: the PASSWORD challenge, then the same failure.
    let asked = preferring(&s, NOBODY, "PASSWORD");
    assert_eq!(asked["ChallengeName"], "PASSWORD");
    refused(
        respond(
            &s,
            "PASSWORD",
            &asked["Session"],
            json!({ "USERNAME": NOBODY, "PASSWORD": PASSWORD }),
        ),
        "NotAuthorizedException",
        INCORRECT,
    );
}

/// What a client does with NewDeviceMetadata: a verifier for a random device password, then
/// "remember this device".
fn remember_device(s: &Service, result: &Value) -> String {
    let key = result["NewDeviceMetadata"]["DeviceKey"]
        .as_str()
        .expect("a new device key")
        .to_owned();
    let group = result["NewDeviceMetadata"]["DeviceGroupKey"]
        .as_str()
        .unwrap()
        .to_owned();
    let salt = parse_hex("00a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5").unwrap();
    let v = srp::server::verifier(&salt, &group, &key, "device-password");
    s.call("ConfirmDevice", &json!({
        "AccessToken": result["AccessToken"], "DeviceKey": key, "DeviceName": "test browser",
        "DeviceSecretVerifierConfig": { "PasswordVerifier": BASE64.encode(v.to_bytes_be()), "Salt": BASE64.encode(salt.to_bytes_be()) },
    }))
    .unwrap();
    s.call("UpdateDeviceStatus", &json!({ "AccessToken": result["AccessToken"], "DeviceKey": key, "DeviceRememberedStatus": "remembered" }))
        .unwrap();
    key
}

#[test]
fn a_remembered_device_proves_itself_after_a_first_factor_code() {
    let s = service_with(true);
    // The first OTP sign-in hands out a device key, as any completed sign-in does.
    let answer = preferring(&s, ANN, "EMAIL_OTP");
    let code = last_code(&s, ANN, "EMAIL");
    let first = answer_code(&s, "EMAIL_OTP", &answer["Session"], ANN, &code).unwrap();
    let key = remember_device(&s, tokens(&first));

    // DEVICE_KEY in InitiateAuth: DEVICE_SRP_AUTH after the right code, not tokens.
    let answer = initiate(
        &s,
        json!({ "USERNAME": ANN, "PREFERRED_CHALLENGE": "EMAIL_OTP", "DEVICE_KEY": key }),
    )
    .unwrap();
    let code = last_code(&s, ANN, "EMAIL");
    let device = answer_code(&s, "EMAIL_OTP", &answer["Session"], ANN, &code).unwrap();
    assert_eq!(device["ChallengeName"], "DEVICE_SRP_AUTH");
    assert_eq!(device["ChallengeParameters"], json!({}));
    // DEVICE_KEY in the answer (as amplify-js sends it with codes).
    let answer = preferring(&s, ANN, "EMAIL_OTP");
    let code = last_code(&s, ANN, "EMAIL");
    let device = respond(
        &s,
        "EMAIL_OTP",
        &answer["Session"],
        json!({ "USERNAME": ANN, "EMAIL_OTP_CODE": code, "DEVICE_KEY": key }),
    )
    .unwrap();
    assert_eq!(device["ChallengeName"], "DEVICE_SRP_AUTH");

    // A device that is not the user's: "Device does not exist." after the right code; the same
    // answer without it then signs in (with a new device key).
    let answer = initiate(&s, json!({ "USERNAME": ANN, "PREFERRED_CHALLENGE": "EMAIL_OTP", "DEVICE_KEY": "us-east-1_forgotten" })).unwrap();
    let code = last_code(&s, ANN, "EMAIL");
    refused(
        answer_code(&s, "EMAIL_OTP", &answer["Session"], ANN, &code),
        "ResourceNotFoundException",
        "Device does not exist.",
    );
    let result = answer_code(&s, "EMAIL_OTP", &answer["Session"], ANN, &code).unwrap();
    assert!(tokens(&result)["NewDeviceMetadata"]["DeviceKey"].is_string());
}

#[test]
fn the_default_seed_offers_choice_based_sign_in() {
    let s = common::demo_service();
    assert_eq!(
        first_factors(&s, "us-east-1_LocalDemo"),
        json!(["PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"])
    );
    let client = s
        .call("DescribeUserPoolClient", &json!({ "UserPoolId": "us-east-1_LocalDemo", "ClientId": "localdemoclient0000000000" }))
        .unwrap();
    assert_eq!(
        client["UserPoolClient"]["ExplicitAuthFlows"],
        json!([
            "ALLOW_USER_SRP_AUTH",
            "ALLOW_REFRESH_TOKEN_AUTH",
            "ALLOW_USER_AUTH"
        ])
    );
    let answer = s
        .call("InitiateAuth", &json!({ "AuthFlow": "USER_AUTH", "ClientId": "localdemoclient0000000000", "AuthParameters": { "USERNAME": "demo@example.com" } }))
        .unwrap();
    assert_eq!(
        available(&answer),
        ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"]
    );
}

/// No offer gives an account away: nobody's destination is masked from the lower-cased name, as
/// a stored address reads; a pool that requires MFA offers no code as the only factor, to
/// anyone.
#[test]
fn no_offer_gives_an_account_away_and_an_mfa_pool_offers_no_code() {
    let s = service();
    let nobody = preferring(&s, "NoBody@Example.com", "EMAIL_OTP");
    assert_eq!(
        nobody["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"],
        "n***@e***"
    );
    // Not while passkeys, a first factor here, would be a single factor (go-to-k/cdkd#2064).
    let refused = s
        .call(
            "SetUserPoolMfaConfig",
            &json!({ "UserPoolId": POOL, "MfaConfiguration": "ON", "SoftwareTokenMfaConfiguration": { "Enabled": true } }),
        )
        .unwrap_err();
    assert_eq!(refused.kind, "InvalidParameterException");
    assert_eq!(
        refused.message,
        "Cannot set WebAuthn factor configuration to SINGLE_FACTOR if MFA is required and WebAuthn is an allowed first auth factor"
    );
    s.call(
        "SetUserPoolMfaConfig",
        &json!({ "UserPoolId": POOL, "MfaConfiguration": "ON", "SoftwareTokenMfaConfiguration": { "Enabled": true },
            "WebAuthnConfiguration": { "RelyingPartyId": "localhost", "FactorConfiguration": "MULTI_FACTOR_WITH_USER_VERIFICATION" } }),
    )
    .unwrap();
    for name in [ANN, NOBODY] {
        let answer = initiate(&s, json!({ "USERNAME": name })).unwrap();
        assert_eq!(
            answer["AvailableChallenges"],
            json!(["PASSWORD", "PASSWORD_SRP"]),
            "{name}"
        );
    }
    // Nor, with MFA required, passkeys as a first factor that are not MFA
    // (hashicorp/terraform-provider-aws#50110).
    s.call(
        "SetUserPoolMfaConfig",
        &json!({ "UserPoolId": POOL, "MfaConfiguration": "OPTIONAL", "WebAuthnConfiguration": { "RelyingPartyId": "localhost" } }),
    )
    .unwrap();
    let refused = s
        .call(
            "UpdateUserPool",
            &json!({ "UserPoolId": POOL, "MfaConfiguration": "ON",
                "Policies": { "SignInPolicy": { "AllowedFirstAuthFactors": ["PASSWORD", "WEB_AUTHN"] } } }),
        )
        .unwrap_err();
    assert_eq!(
        refused.message,
        "WEB_AUTHN cannot be used as an auth factor when MFA is enabled if not configured for MFA."
    );
    let config = s
        .call("GetUserPoolMfaConfig", &json!({ "UserPoolId": POOL }))
        .unwrap();
    assert_eq!(
        config["MfaConfiguration"], "OPTIONAL",
        "a refused request changes nothing"
    );
}

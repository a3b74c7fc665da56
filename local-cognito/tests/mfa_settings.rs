//! A user's MFA settings as Cognito treats them (see local-cognito/BEHAVIOURS.md, "Behaviours
//! modelled"): replacing an authenticator app (today's documented behaviour and the old one),
//! SetUserMFAPreference's refusals and a required pool's ignored "turn off", and MFA_SETUP with
//! email. In-process through `Service::call`, plus the `/_local/totp-reassociation` hook over
//! HTTP.

mod common;

use std::sync::Arc;

use cognito_crypto::totp;
use common::{local, refused, serve};
use local_cognito::HttpOptions;
use local_cognito::error::ApiError;
use local_cognito::service::{Service, TotpReassociation};
use serde_json::{Value, json};

const POOL: &str = "us-east-1_MfaSettings";
const CLIENT: &str = "mfasettingsclient";
const PASSWORD: &str = "Mfa-Settings-Passw0rd!";
const NOT_SET_UP: &str = "User has not set up software token mfa";
const NO_PHONE: &str = "User does not have a phone_number set to turn on SMS MFA";

/// A pool with every factor on (`mfa`: OPTIONAL or ON) and three users: one without MFA, one
/// with a phone and SMS MFA, one with a phone but no MFA.
fn service_with(mfa: &str, email_mfa: bool) -> Service {
    common::seeded_service(json!({ "pools": [{
        "id": POOL, "name": "mfa settings", "mfa": mfa, "totp": true, "sms": true, "email": email_mfa,
        "clients": [{ "id": CLIENT, "name": "web", "auth_flows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }],
        "users": [
            { "email": "kim@example.com", "password": PASSWORD },
            { "email": "sam@example.com", "password": PASSWORD, "phone": "+15555550100", "mfa": ["SMS_MFA"] },
            { "email": "pat@example.com", "password": PASSWORD, "phone": "+15555550101" },
        ],
    }]}))
}

fn service() -> Service {
    service_with("OPTIONAL", true)
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

fn sign_in(s: &Service, email: &str) -> Value {
    s.call("InitiateAuth", &json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT, "AuthParameters": { "USERNAME": email, "PASSWORD": PASSWORD } }))
        .expect("the right password")
}

/// Answers the challenge `challenge` asked (its `Session`) for `user` (an email: Cognito takes
/// an alias in USERNAME too; MFA_SETUP's parameters carry no USER_ID_FOR_SRP).
fn respond(
    s: &Service,
    user: &str,
    challenge: &Value,
    name: &str,
    responses: Value,
) -> Result<Value, ApiError> {
    let mut responses = responses;
    responses["USERNAME"] = json!(user);
    s.call("RespondToAuthChallenge", &json!({ "ClientId": CLIENT, "ChallengeName": name, "Session": challenge["Session"], "ChallengeResponses": responses }))
}

#[track_caller]
fn tokens(answer: &Value) -> Value {
    assert!(
        answer["AuthenticationResult"]["AccessToken"].is_string(),
        "expected tokens, got {answer}"
    );
    answer["AuthenticationResult"]["AccessToken"].clone()
}

fn key_of(secret: &Value) -> Vec<u8> {
    totp::decode_secret(secret.as_str().expect("a secret")).expect("base32")
}

fn associate(s: &Service, access: &Value) -> Vec<u8> {
    key_of(
        &s.call("AssociateSoftwareToken", &json!({ "AccessToken": access }))
            .expect("associates")["SecretCode"],
    )
}

/// VerifySoftwareToken with the code of the previous 30-second step, so that a sign-in right
/// after may use the current one (a TOTP step is accepted once).
fn verify(s: &Service, access: &Value, key: &[u8]) -> Result<Value, ApiError> {
    s.call(
        "VerifySoftwareToken",
        &json!({ "AccessToken": access, "UserCode": totp::code_at(key, now() - 30) }),
    )
}

fn set_preference(s: &Service, access: &Value, settings: Value) -> Result<Value, ApiError> {
    let mut body = settings;
    body["AccessToken"] = access.clone();
    s.call("SetUserMFAPreference", &body)
}

fn get_user(s: &Service, access: &Value) -> Value {
    s.call("GetUser", &json!({ "AccessToken": access }))
        .expect("GetUser")
}

fn admin_get_user(s: &Service, email: &str) -> Value {
    s.call(
        "AdminGetUser",
        &json!({ "UserPoolId": POOL, "Username": email }),
    )
    .expect("AdminGetUser")
}

fn attribute(user: &Value, name: &str) -> Option<String> {
    user["UserAttributes"]
        .as_array()?
        .iter()
        .find(|a| a["Name"] == name)
        .and_then(|a| a["Value"].as_str())
        .map(str::to_owned)
}

/// kim signed in without MFA, with an authenticator app verified, on and preferred; her access
/// token and the app's key.
fn kim_with_an_authenticator(s: &Service) -> (Value, Vec<u8>) {
    let access = tokens(&sign_in(s, "kim@example.com"));
    let key = associate(s, &access);
    assert_eq!(verify(s, &access, &key).unwrap()["Status"], "SUCCESS");
    set_preference(
        s,
        &access,
        json!({ "SoftwareTokenMfaSettings": { "Enabled": true, "PreferredMfa": true } }),
    )
    .expect("TOTP on and preferred");
    (access, key)
}

fn totp_answer(s: &Service, challenge: &Value, key: &[u8]) -> Result<Value, ApiError> {
    respond(
        s,
        "kim@example.com",
        challenge,
        "SOFTWARE_TOKEN_MFA",
        json!({ "SOFTWARE_TOKEN_MFA_CODE": totp::code_at(key, now()) }),
    )
}

fn totp_settings(user: &Value) -> (Value, Value) {
    (
        user["UserMFASettingList"].clone(),
        user["PreferredMfaSetting"].clone(),
    )
}

#[test]
fn a_new_authenticator_replaces_the_old_one_only_once_verified() {
    let s = service();
    assert_eq!(s.totp_reassociation(), TotpReassociation::OnVerify);
    let (access, old) = kim_with_an_authenticator(&s);
    let new = associate(&s, &access);

    // Pending: sign-in still asks for TOTP, refuses the new app's code and takes the old one's.
    let challenge = sign_in(&s, "kim@example.com");
    assert_eq!(challenge["ChallengeName"], "SOFTWARE_TOKEN_MFA");
    refused(
        totp_answer(&s, &challenge, &new),
        "CodeMismatchException",
        "Invalid code or auth state for the user.",
    );
    let access = tokens(&totp_answer(&s, &challenge, &old).expect("the old app's code"));
    assert_eq!(
        s.current_totp(Some(POOL), "kim@example.com")
            .map(|(c, _)| c),
        Some(totp::code_at(&old, now())),
        "/_local/totp gives the authenticator in force"
    );
    let before = totp_settings(&get_user(&s, &access));
    assert_eq!(
        before,
        (json!(["SOFTWARE_TOKEN_MFA"]), json!("SOFTWARE_TOKEN_MFA"))
    );
    // The verified authenticator is still there, so TOTP settings are accepted meanwhile.
    set_preference(
        &s,
        &access,
        json!({ "SoftwareTokenMfaSettings": { "Enabled": true, "PreferredMfa": true } }),
    )
    .expect("TOTP settings while a replacement is pending");

    assert_eq!(verify(&s, &access, &new).unwrap()["Status"], "SUCCESS");
    assert_eq!(
        totp_settings(&get_user(&s, &access)),
        before,
        "verifying changes neither Enabled nor Preferred"
    );
    let challenge = sign_in(&s, "kim@example.com");
    assert_eq!(challenge["ChallengeName"], "SOFTWARE_TOKEN_MFA");
    refused(
        totp_answer(&s, &challenge, &old),
        "CodeMismatchException",
        "Invalid code or auth state for the user.",
    );
    tokens(&totp_answer(&s, &challenge, &new).expect("the new app's code"));
}

#[test]
fn immediate_mode_drops_the_old_authenticator_at_once_and_leaves_getuser_stale() {
    let s = service();
    let (access, old) = kim_with_an_authenticator(&s);
    s.set_totp_reassociation(TotpReassociation::Immediate);
    let new = associate(&s, &access);

    // An optional pool and no other factor: the password alone signs in (#1226).
    let access = tokens(&sign_in(&s, "kim@example.com"));
    assert_eq!(
        totp_settings(&get_user(&s, &access)),
        (json!(["SOFTWARE_TOKEN_MFA"]), json!("SOFTWARE_TOKEN_MFA")),
        "GetUser still lists TOTP, as reported in amplify-js#1226"
    );
    // #3844: neither turning TOTP on nor off is accepted until a new one is verified.
    for settings in [
        json!({ "SoftwareTokenMfaSettings": { "Enabled": true, "PreferredMfa": true } }),
        json!({ "SoftwareTokenMfaSettings": { "Enabled": false, "PreferredMfa": false } }),
    ] {
        refused(
            set_preference(&s, &access, settings),
            "InvalidParameterException",
            NOT_SET_UP,
        );
    }
    assert_eq!(
        s.current_totp(Some(POOL), "kim@example.com")
            .map(|(c, _)| c),
        Some(totp::code_at(&new, now())),
        "/_local/totp gives the pending authenticator once the old one is gone"
    );

    assert_eq!(verify(&s, &access, &new).unwrap()["Status"], "SUCCESS");
    let challenge = sign_in(&s, "kim@example.com");
    assert_eq!(
        challenge["ChallengeName"], "SOFTWARE_TOKEN_MFA",
        "the kept Enabled / Preferred put TOTP back in force"
    );
    refused(
        totp_answer(&s, &challenge, &old),
        "CodeMismatchException",
        "Invalid code or auth state for the user.",
    );
    tokens(&totp_answer(&s, &challenge, &new).expect("the new app's code"));
}

#[test]
fn immediate_mode_falls_back_to_sms_or_to_mfa_setup_in_a_required_pool() {
    // SMS on as well: the abandoned re-association leaves SMS (amplify-js#3844).
    let s = service();
    s.set_totp_reassociation(TotpReassociation::Immediate);
    let first = sign_in(&s, "sam@example.com");
    assert_eq!(first["ChallengeName"], "SMS_MFA");
    let code = s.deliveries("sam@example.com").last().unwrap().code.clone();
    let access = tokens(
        &respond(
            &s,
            "sam@example.com",
            &first,
            "SMS_MFA",
            json!({ "SMS_MFA_CODE": code }),
        )
        .unwrap(),
    );
    let key = associate(&s, &access);
    verify(&s, &access, &key).unwrap();
    set_preference(
        &s,
        &access,
        json!({ "SoftwareTokenMfaSettings": { "Enabled": true, "PreferredMfa": true } }),
    )
    .unwrap();
    assert_eq!(
        sign_in(&s, "sam@example.com")["ChallengeName"],
        "SOFTWARE_TOKEN_MFA"
    );
    associate(&s, &access);
    assert_eq!(sign_in(&s, "sam@example.com")["ChallengeName"], "SMS_MFA");
    // Switching to SMS works (mousedownmike in #3844): only SMS settings are sent.
    set_preference(
        &s,
        &access,
        json!({ "SMSMfaSettings": { "Enabled": true, "PreferredMfa": true } }),
    )
    .expect("SMS preferred");
    assert_eq!(get_user(&s, &access)["PreferredMfaSetting"], "SMS_MFA");

    // A required pool asks to set up MFA again ("the user is asked to set up a new software
    // token MFA during sign-in", AWS CLI 2.4.18).
    let s = service_with("ON", true);
    s.set_totp_reassociation(TotpReassociation::Immediate);
    let setup = sign_in(&s, "kim@example.com");
    assert_eq!(setup["ChallengeName"], "MFA_SETUP");
    let secret = s
        .call(
            "AssociateSoftwareToken",
            &json!({ "Session": setup["Session"] }),
        )
        .unwrap();
    let key = key_of(&secret["SecretCode"]);
    let verified = s
        .call(
            "VerifySoftwareToken",
            &json!({ "Session": secret["Session"], "UserCode": totp::code_at(&key, now() - 30) }),
        )
        .unwrap();
    let access = tokens(
        &respond(
            &s,
            "kim@example.com",
            &json!({ "Session": verified["Session"], "ChallengeParameters": setup["ChallengeParameters"] }),
            "MFA_SETUP",
            json!({}),
        )
        .unwrap(),
    );
    associate(&s, &access);
    assert_eq!(sign_in(&s, "kim@example.com")["ChallengeName"], "MFA_SETUP");
}

#[test]
fn set_user_mfa_preference_refuses_factors_the_user_cannot_have_and_changes_nothing() {
    let s = service_with("OPTIONAL", false);
    let access = tokens(&sign_in(&s, "kim@example.com"));
    // No phone number: refused even for SMS settings that turn it off (amplify-js#5766, #8574).
    for settings in [
        json!({ "SMSMfaSettings": { "Enabled": true, "PreferredMfa": true } }),
        json!({ "SMSMfaSettings": { "Enabled": false, "PreferredMfa": false } }),
    ] {
        refused(
            set_preference(&s, &access, settings),
            "InvalidParameterException",
            NO_PHONE,
        );
    }
    // No verified authenticator (amplify-js#3844, #944); a pending one is not enough.
    associate(&s, &access);
    refused(
        set_preference(
            &s,
            &access,
            json!({ "SoftwareTokenMfaSettings": { "Enabled": true } }),
        ),
        "InvalidParameterException",
        NOT_SET_UP,
    );
    // Email MFA is off in this pool.
    refused(
        set_preference(
            &s,
            &access,
            json!({ "EmailMfaSettings": { "Enabled": true, "PreferredMfa": true } }),
        ),
        "InvalidParameterException",
        "Email MFA is not enabled for this user pool.",
    );
    // One refused object refuses the whole request.
    let pat = tokens(&sign_in(&s, "pat@example.com"));
    refused(
        set_preference(
            &s,
            &pat,
            json!({ "SMSMfaSettings": { "Enabled": true, "PreferredMfa": true }, "SoftwareTokenMfaSettings": { "Enabled": false } }),
        ),
        "InvalidParameterException",
        NOT_SET_UP,
    );
    assert!(get_user(&s, &pat)["UserMFASettingList"].is_null());
    // Sending only what changes works; leaving an object out leaves its factor alone.
    set_preference(
        &s,
        &pat,
        json!({ "SMSMfaSettings": { "Enabled": true, "PreferredMfa": true } }),
    )
    .expect("SMS for a user with a phone number");
    let user = get_user(&s, &pat);
    assert_eq!(totp_settings(&user), (json!(["SMS_MFA"]), json!("SMS_MFA")));
    // The same checks through AdminSetUserMFAPreference.
    refused(
        s.call("AdminSetUserMFAPreference", &json!({ "UserPoolId": POOL, "Username": "kim@example.com", "SMSMfaSettings": { "Enabled": true } })),
        "InvalidParameterException",
        NO_PHONE,
    );
}

#[test]
fn a_required_pool_ignores_turning_factors_off_but_honours_the_preference() {
    let s = service_with("ON", true);
    let access = signed_in_with_sms(&s, "sam@example.com");

    // The last factor: 200, and nothing changes.
    set_preference(
        &s,
        &access,
        json!({ "SMSMfaSettings": { "Enabled": false, "PreferredMfa": false } }),
    )
    .expect("answered 200");
    assert_eq!(
        get_user(&s, &access)["UserMFASettingList"],
        json!(["SMS_MFA"])
    );
    assert_eq!(sign_in(&s, "sam@example.com")["ChallengeName"], "SMS_MFA");

    // Turning a factor on still works, and the preference is honoured.
    set_preference(
        &s,
        &access,
        json!({ "EmailMfaSettings": { "Enabled": true, "PreferredMfa": true } }),
    )
    .expect("email on and preferred");
    assert_eq!(
        totp_settings(&get_user(&s, &access)),
        (json!(["SMS_MFA", "EMAIL_OTP"]), json!("EMAIL_OTP"))
    );
    // Not the last factor either: "users can't enable or disable any MFA methods".
    set_preference(
        &s,
        &access,
        json!({ "EmailMfaSettings": { "Enabled": false, "PreferredMfa": false }, "SMSMfaSettings": { "Enabled": true, "PreferredMfa": true } }),
    )
    .expect("answered 200");
    assert_eq!(
        totp_settings(&get_user(&s, &access)),
        (json!(["SMS_MFA", "EMAIL_OTP"]), json!("SMS_MFA")),
        "email stays on; the preference moved"
    );
    s.call("AdminSetUserMFAPreference", &json!({ "UserPoolId": POOL, "Username": "sam@example.com", "SMSMfaSettings": { "Enabled": false } }))
        .expect("admin: 200 too");
    assert_eq!(
        admin_get_user(&s, "sam@example.com")["UserMFASettingList"],
        json!(["SMS_MFA", "EMAIL_OTP"])
    );

    // In an optional pool turning off works.
    let s = service();
    let access = signed_in_with_sms(&s, "sam@example.com");
    set_preference(
        &s,
        &access,
        json!({ "SMSMfaSettings": { "Enabled": false, "PreferredMfa": false } }),
    )
    .unwrap();
    assert!(get_user(&s, &access)["UserMFASettingList"].is_null());
    tokens(&sign_in(&s, "sam@example.com"));
}

#[test]
fn mfa_setup_offers_the_pools_factors_and_sets_email_up_with_the_address_given() {
    let s = service_with("ON", true);
    let setup = sign_in(&s, "kim@example.com");
    assert_eq!(setup["ChallengeName"], "MFA_SETUP");
    let offered = setup["ChallengeParameters"]["MFAS_CAN_SETUP"]
        .as_str()
        .expect("a JSON string");
    assert_eq!(offered, r#"["SMS_MFA","SOFTWARE_TOKEN_MFA","EMAIL_OTP"]"#);

    // Not an address; another user's address (email is the sign-in name here): the session
    // survives both.
    refused(
        respond(
            &s,
            "kim@example.com",
            &setup,
            "MFA_SETUP",
            json!({ "EMAIL": "not-an-address" }),
        ),
        "InvalidParameterException",
        "Invalid email address format.",
    );
    refused(
        respond(
            &s,
            "kim@example.com",
            &setup,
            "MFA_SETUP",
            json!({ "EMAIL": "Sam@Example.com" }),
        ),
        "AliasExistsException",
        "An account with the given email already exists.",
    );
    let otp = respond(
        &s,
        "kim@example.com",
        &setup,
        "MFA_SETUP",
        json!({ "EMAIL": "kim@example.org" }),
    )
    .expect("a code is sent");
    assert_eq!(otp["ChallengeName"], "EMAIL_OTP");
    assert_eq!(
        otp["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"],
        "EMAIL"
    );
    assert_eq!(
        otp["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"],
        "k***@e***"
    );
    let sent = s.deliveries("kim@example.com").last().cloned().unwrap();
    assert_eq!(
        (sent.destination.as_str(), sent.medium, sent.purpose),
        ("kim@example.org", "EMAIL", "sign-in")
    );
    refused(
        respond(
            &s,
            "kim@example.com",
            &otp,
            "EMAIL_OTP",
            json!({ "EMAIL_OTP_CODE": "000000x" }),
        ),
        "CodeMismatchException",
        "Invalid code or auth state for the user.",
    );
    tokens(
        &respond(
            &s,
            "kim@example.com",
            &otp,
            "EMAIL_OTP",
            json!({ "EMAIL_OTP_CODE": sent.code }),
        )
        .unwrap(),
    );

    let user = admin_get_user(&s, "kim@example.org");
    assert_eq!(
        attribute(&user, "email").as_deref(),
        Some("kim@example.org")
    );
    assert_eq!(attribute(&user, "email_verified").as_deref(), Some("true"));
    assert_eq!(
        totp_settings(&user),
        (json!(["EMAIL_OTP"]), json!("EMAIL_OTP"))
    );
    let next = sign_in(&s, "kim@example.org");
    assert_eq!(next["ChallengeName"], "EMAIL_OTP");
    assert_eq!(
        next["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"],
        "k***@e***"
    );
}

#[test]
fn mfa_setup_refuses_email_where_the_pool_has_no_email_mfa() {
    let s = service_with("ON", false);
    let setup = sign_in(&s, "kim@example.com");
    assert_eq!(
        setup["ChallengeParameters"]["MFAS_CAN_SETUP"],
        r#"["SMS_MFA","SOFTWARE_TOKEN_MFA"]"#
    );
    refused(
        respond(
            &s,
            "kim@example.com",
            &setup,
            "MFA_SETUP",
            json!({ "EMAIL": "kim@example.com" }),
        ),
        "InvalidParameterException",
        "Email MFA is not enabled for this user pool.",
    );
    // The session is still good for setting up an authenticator app.
    let secret = s
        .call(
            "AssociateSoftwareToken",
            &json!({ "Session": setup["Session"] }),
        )
        .expect("the session survived");
    assert!(secret["SecretCode"].is_string());
    assert!(s.deliveries("kim@example.com").is_empty());
}

#[test]
fn a_first_sms_or_email_code_marks_the_contact_verified() {
    let s = service();
    s.call("AdminUpdateUserAttributes", &json!({ "UserPoolId": POOL, "Username": "sam@example.com", "UserAttributes": [{ "Name": "phone_number_verified", "Value": "false" }] }))
        .unwrap();
    let challenge = sign_in(&s, "sam@example.com");
    let code = s.deliveries("sam@example.com").last().unwrap().code.clone();
    tokens(
        &respond(
            &s,
            "sam@example.com",
            &challenge,
            "SMS_MFA",
            json!({ "SMS_MFA_CODE": code }),
        )
        .unwrap(),
    );
    assert_eq!(
        attribute(
            &admin_get_user(&s, "sam@example.com"),
            "phone_number_verified"
        )
        .as_deref(),
        Some("true")
    );
}

#[tokio::test]
async fn the_totp_reassociation_hook_switches_modes_for_tools_only() {
    let service = Arc::new(service());
    let addr = serve(service.clone(), HttpOptions::default()).await;
    let a = local(addr, "GET", "/_local/totp-reassociation", "", &[]).await;
    assert_eq!((a.status, a.json()), (200, json!({ "mode": "on-verify" })));
    let a = local(
        addr,
        "POST",
        "/_local/totp-reassociation?mode=immediate",
        "",
        &[],
    )
    .await;
    assert_eq!((a.status, a.json()), (200, json!({ "mode": "immediate" })));
    assert_eq!(service.totp_reassociation(), TotpReassociation::Immediate);
    let a = local(
        addr,
        "POST",
        "/_local/totp-reassociation?mode=later",
        "",
        &[],
    )
    .await;
    assert_eq!(a.status, 400);
    let a = local(
        addr,
        "POST",
        "/_local/totp-reassociation?mode=on-verify",
        "",
        &["Origin: http://localhost:8080"],
    )
    .await;
    assert_eq!(a.status, 403, "a browser may not change it");
    assert_eq!(service.totp_reassociation(), TotpReassociation::Immediate);
    let a = local(
        addr,
        "POST",
        "/_local/totp-reassociation?mode=on-verify",
        "",
        &[],
    )
    .await;
    assert_eq!(a.json(), json!({ "mode": "on-verify" }));
}

/// Signs `email` in with the SMS code the stand-in "sent"; their access token.
fn signed_in_with_sms(s: &Service, email: &str) -> Value {
    let challenge = sign_in(s, email);
    assert_eq!(challenge["ChallengeName"], "SMS_MFA");
    let code = s.deliveries(email).last().unwrap().code.clone();
    tokens(
        &respond(
            s,
            email,
            &challenge,
            "SMS_MFA",
            json!({ "SMS_MFA_CODE": code }),
        )
        .unwrap(),
    )
}

//! What a person signs in with, as the pool is set up: a phone number as the user name
//! (`UsernameAttributes: ["phone_number"]`), or a user name with verified email and phone
//! aliases (`AliasAttributes`), the alias moving to whoever confirms it last with
//! `ForceAliasCreation` (API reference, ConfirmSignUp), and refused without it.

mod common;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use common::refused;
use local_cognito::error::ApiError;
use local_cognito::service::{Clock, Service};
use serde_json::{Value, json};

const PHONE_POOL: &str = "us-east-1_NamesPhone";
const PHONE_CLIENT: &str = "namesphoneclient";
const ALIAS_POOL: &str = "us-east-1_NamesAlias";
const ALIAS_CLIENT: &str = "namesaliasclient";
const PASSWORD: &str = "Demo-Passw0rd!";

fn service() -> Service {
    let client = |id: &str| json!({ "id": id, "name": id, "auth_flows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_AUTH"], "prevent_user_existence_errors": "ENABLED" });
    common::seeded_service_on(
        json!({ "pools": [
            { "id": PHONE_POOL, "name": "phone", "mfa": "OFF", "email_as_username": false, "phone_as_username": true,
              "clients": [client(PHONE_CLIENT)], "users": [{ "phone": "+66812345678", "password": PASSWORD }] },
            { "id": ALIAS_POOL, "name": "alias", "mfa": "OFF", "email_as_username": false, "alias_attributes": ["email", "phone_number"],
              "clients": [client(ALIAS_CLIENT)],
              "users": [{ "username": "kim", "email": "kim@example.com", "phone": "+66811112222", "password": PASSWORD }] }
        ] }),
        Clock::manual(),
    )
}

fn call(s: &Service, op: &str, body: Value) -> Result<Value, ApiError> {
    s.call(op, &body)
}

fn sign_in(s: &Service, client: &str, name: &str) -> Result<Value, ApiError> {
    call(
        s,
        "InitiateAuth",
        json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client, "AuthParameters": { "USERNAME": name, "PASSWORD": PASSWORD } }),
    )
}

fn signs_in(s: &Service, client: &str, name: &str) -> bool {
    sign_in(s, client, name).is_ok_and(|v| v["AuthenticationResult"]["AccessToken"].is_string())
}

/// The `cognito:username` of a sign-in's id token.
fn user_of(signed_in: &Value) -> Value {
    let token = signed_in["AuthenticationResult"]["IdToken"]
        .as_str()
        .expect("an id token");
    let payload = B64URL
        .decode(token.split('.').nth(1).expect("a payload"))
        .expect("base64url");
    serde_json::from_slice::<Value>(&payload).expect("JSON")["cognito:username"].clone()
}

fn last_code(s: &Service, name: &str) -> String {
    s.deliveries(name)
        .last()
        .expect("a code was sent")
        .code
        .clone()
}

const WRONG: (&str, &str) = ("NotAuthorizedException", "Incorrect username or password.");

#[test]
fn a_phone_pool_signs_in_signs_up_and_confirms_by_phone_number() {
    let s = service();
    assert!(signs_in(&s, PHONE_CLIENT, "+66812345678"));
    let described = call(&s, "DescribeUserPool", json!({ "UserPoolId": PHONE_POOL })).unwrap();
    assert_eq!(
        described["UserPool"]["UsernameAttributes"],
        json!(["phone_number"])
    );

    // A name that is neither an email nor a phone number, and a number that is not E.164.
    let sign_up = |name: &str| {
        call(
            &s,
            "SignUp",
            json!({ "ClientId": PHONE_CLIENT, "Username": name, "Password": PASSWORD }),
        )
    };
    refused(
        sign_up("kim"),
        "InvalidParameterException",
        "Username should be either an email or a phone number.",
    );
    refused(
        sign_up("+66 81 999"),
        "InvalidParameterException",
        "Invalid phone number format.",
    );
    refused(
        sign_up("+66812345678"),
        "UsernameExistsException",
        "An account with the given phone_number already exists.",
    );

    let up = sign_up("+66899990000").unwrap();
    let details = &up["CodeDeliveryDetails"];
    assert_eq!(details["DeliveryMedium"], "SMS", "{up}");
    assert_eq!(details["AttributeName"], "phone_number");
    assert_eq!(details["Destination"], "+*******0000");
    let code = last_code(&s, "+66899990000");
    call(
        &s,
        "ConfirmSignUp",
        json!({ "ClientId": PHONE_CLIENT, "Username": "+66899990000", "ConfirmationCode": code }),
    )
    .unwrap();
    assert!(signs_in(&s, PHONE_CLIENT, "+66899990000"));
    let user = call(
        &s,
        "AdminGetUser",
        json!({ "UserPoolId": PHONE_POOL, "Username": "+66899990000" }),
    )
    .unwrap();
    let attribute = |name: &str| {
        user["UserAttributes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["Name"] == name)
            .map(|a| a["Value"].clone())
    };
    assert_eq!(attribute("phone_number_verified"), Some(json!("true")));
    assert_eq!(
        Some(user["Username"].clone()),
        attribute("sub"),
        "the user name is generated"
    );

    // A forgotten password goes by SMS too.
    let sent = call(
        &s,
        "ForgotPassword",
        json!({ "ClientId": PHONE_CLIENT, "Username": "+66899990000" }),
    )
    .unwrap();
    assert_eq!(sent["CodeDeliveryDetails"]["DeliveryMedium"], "SMS");
}

#[test]
fn an_alias_pool_signs_in_by_user_name_and_by_verified_aliases_only() {
    let s = service();
    let described = call(&s, "DescribeUserPool", json!({ "UserPoolId": ALIAS_POOL })).unwrap();
    assert_eq!(
        described["UserPool"]["AliasAttributes"],
        json!(["email", "phone_number"])
    );
    assert_eq!(described["UserPool"]["UsernameAttributes"], json!([]));
    for name in ["kim", "kim@example.com", "KIM@example.com", "+66811112222"] {
        let signed_in = sign_in(&s, ALIAS_CLIENT, name).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!(user_of(&signed_in), "kim", "{name}");
    }
    // An unverified email is no alias.
    call(
        &s,
        "AdminUpdateUserAttributes",
        json!({ "UserPoolId": ALIAS_POOL, "Username": "kim",
        "UserAttributes": [{ "Name": "email_verified", "Value": "false" }] }),
    )
    .unwrap();
    refused(
        sign_in(&s, ALIAS_CLIENT, "kim@example.com"),
        WRONG.0,
        WRONG.1,
    );
    assert!(signs_in(&s, ALIAS_CLIENT, "kim"));
    // A pool takes one kind of setting or the other.
    refused(
        call(
            &s,
            "CreateUserPool",
            json!({ "PoolName": "both", "UsernameAttributes": ["email"], "AliasAttributes": ["phone_number"] }),
        ),
        "InvalidParameterException",
        "Only one of UsernameAttributes or AliasAttributes can be set in a User Pool",
    );
}

#[test]
fn an_alias_moves_to_whoever_confirms_it_last_and_only_when_forced() {
    let s = service();
    call(
        &s,
        "SignUp",
        json!({ "ClientId": ALIAS_CLIENT, "Username": "lee", "Password": PASSWORD,
        "UserAttributes": [{ "Name": "email", "Value": "kim@example.com" }] }),
    )
    .unwrap();
    let code = last_code(&s, "lee");
    let confirm = |force: bool| {
        call(
            &s,
            "ConfirmSignUp",
            json!({ "ClientId": ALIAS_CLIENT, "Username": "lee", "ConfirmationCode": code, "ForceAliasCreation": force }),
        )
    };
    refused(
        confirm(false),
        "AliasExistsException",
        "An account with the email already exists.",
    );
    let before = sign_in(&s, ALIAS_CLIENT, "kim@example.com").unwrap();
    assert_eq!(user_of(&before), "kim", "still kim's");
    confirm(true).expect("confirmed, the alias moved");
    let after = sign_in(&s, ALIAS_CLIENT, "kim@example.com").unwrap();
    assert_eq!(user_of(&after), "lee", "the email now signs in as lee");
    assert!(signs_in(&s, ALIAS_CLIENT, "kim"), "kim keeps the user name");
}

/// ConfirmSignUp's `Session` signs the new user in by USER_AUTH at once, once, for that client and
/// user only ("A session identifier that you can use to immediately sign in the confirmed user",
/// botocore).
#[test]
fn confirm_sign_up_hands_out_a_session_that_signs_in_once() {
    let s = service();
    call(
        &s,
        "SignUp",
        json!({ "ClientId": ALIAS_CLIENT, "Username": "mo", "Password": PASSWORD,
        "UserAttributes": [{ "Name": "email", "Value": "mo@example.com" }] }),
    )
    .unwrap();
    let code = last_code(&s, "mo");
    let confirmed = call(
        &s,
        "ConfirmSignUp",
        json!({ "ClientId": ALIAS_CLIENT, "Username": "mo", "ConfirmationCode": code }),
    )
    .unwrap();
    let session = confirmed["Session"].as_str().expect("a session").to_owned();
    let with_session = |client: &str, name: &str| {
        call(
            &s,
            "InitiateAuth",
            json!({ "AuthFlow": "USER_AUTH", "ClientId": client, "Session": session,
            "AuthParameters": { "USERNAME": name } }),
        )
    };
    refused(
        with_session(ALIAS_CLIENT, "kim"),
        "NotAuthorizedException",
        "Invalid session for the user.",
    );
    // A refusal uses it up too.
    refused(
        with_session(ALIAS_CLIENT, "mo"),
        "NotAuthorizedException",
        "Invalid session for the user.",
    );

    call(
        &s,
        "SignUp",
        json!({ "ClientId": ALIAS_CLIENT, "Username": "nia", "Password": PASSWORD,
        "UserAttributes": [{ "Name": "email", "Value": "nia@example.com" }] }),
    )
    .unwrap();
    let code = last_code(&s, "nia");
    let confirmed = call(
        &s,
        "ConfirmSignUp",
        json!({ "ClientId": ALIAS_CLIENT, "Username": "nia", "ConfirmationCode": code }),
    )
    .unwrap();
    let session = confirmed["Session"].clone();
    let sign_in = || {
        call(
            &s,
            "InitiateAuth",
            json!({ "AuthFlow": "USER_AUTH", "ClientId": ALIAS_CLIENT, "Session": session,
            "AuthParameters": { "USERNAME": "nia" } }),
        )
    };
    let signed_in = sign_in().expect("signed in with no challenge");
    assert_eq!(user_of(&signed_in), "nia");
    refused(
        sign_in(),
        "NotAuthorizedException",
        "Invalid session for the user.",
    );
}

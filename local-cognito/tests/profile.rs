//! A signed-in user's own profile: UpdateUserAttributes with a code to the new address (kept
//! waiting where the pool asks for verification before an update), GetUserAttributeVerificationCode
//! and VerifyUserAttribute, DeleteUserAttributes and DeleteUser.

mod common;

use common::refused;
use local_cognito::error::ApiError;
use local_cognito::service::{Clock, Service};
use serde_json::{Value, json};

const POOL: &str = "us-east-1_Profile";
const CLIENT: &str = "profileclient";
const WAITING_POOL: &str = "us-east-1_ProfileWait";
const WAITING_CLIENT: &str = "profilewaitclient";
const PASSWORD: &str = "Demo-Passw0rd!";

fn service() -> Service {
    let client = |id: &str| json!({ "id": id, "name": id, "auth_flows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], "prevent_user_existence_errors": "ENABLED" });
    let s = common::seeded_service_on(
        json!({ "pools": [
            { "id": POOL, "name": "profile", "mfa": "OFF", "required_attributes": ["name"], "clients": [client(CLIENT)] },
            { "id": WAITING_POOL, "name": "waiting", "mfa": "OFF", "email_as_username": false, "alias_attributes": ["email"],
              "verify_before_update": ["email"], "clients": [client(WAITING_CLIENT)],
              "users": [{ "username": "kim", "email": "kim@example.com", "password": PASSWORD }] }
        ] }),
        Clock::manual(),
    );
    // The seed's users have no `name`, which this pool requires.
    call(&s, "AdminCreateUser", json!({ "UserPoolId": POOL, "Username": "kim@example.com", "MessageAction": "SUPPRESS", "TemporaryPassword": PASSWORD,
        "UserAttributes": [{ "Name": "email", "Value": "kim@example.com" }, { "Name": "email_verified", "Value": "true" }, { "Name": "name", "Value": "Kim" }] }))
        .expect("created");
    call(&s, "AdminSetUserPassword", json!({ "UserPoolId": POOL, "Username": "kim@example.com", "Password": PASSWORD, "Permanent": true }))
        .expect("password set");
    s
}

fn call(s: &Service, op: &str, body: Value) -> Result<Value, ApiError> {
    s.call(op, &body)
}

fn access_token(s: &Service, client: &str, name: &str) -> String {
    let out = call(
        s,
        "InitiateAuth",
        json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client, "AuthParameters": { "USERNAME": name, "PASSWORD": PASSWORD } }),
    )
    .unwrap_or_else(|e| panic!("{name} signs in: {e:?}"));
    out["AuthenticationResult"]["AccessToken"]
        .as_str()
        .expect("an access token")
        .to_owned()
}

fn attributes(s: &Service, token: &str) -> Value {
    let user = call(s, "GetUser", json!({ "AccessToken": token })).expect("GetUser");
    user["UserAttributes"]
        .as_array()
        .expect("attributes")
        .iter()
        .map(|a| {
            (
                a["Name"].as_str().unwrap_or_default().to_owned(),
                a["Value"].clone(),
            )
        })
        .collect::<serde_json::Map<_, _>>()
        .into()
}

fn last_code(s: &Service, name: &str) -> String {
    s.deliveries(name)
        .last()
        .expect("a code was sent")
        .code
        .clone()
}

#[test]
fn a_new_phone_number_is_unverified_until_its_code_comes_back() {
    let s = service();
    let token = access_token(&s, CLIENT, "kim@example.com");
    let out = call(
        &s,
        "UpdateUserAttributes",
        json!({ "AccessToken": token, "UserAttributes": [{ "Name": "phone_number", "Value": "+66812345678" }, { "Name": "name", "Value": "Kim Lee" }] }),
    )
    .unwrap();
    let sent = &out["CodeDeliveryDetailsList"][0];
    assert_eq!(sent["DeliveryMedium"], "SMS", "{out}");
    assert_eq!(sent["AttributeName"], "phone_number");
    let now = attributes(&s, &token);
    assert_eq!(now["phone_number"], "+66812345678");
    assert_eq!(now["phone_number_verified"], "false");
    assert_eq!(now["name"], "Kim Lee");

    let code = last_code(&s, "kim@example.com");
    let verify = |code: &str| {
        call(
            &s,
            "VerifyUserAttribute",
            json!({ "AccessToken": token, "AttributeName": "phone_number", "Code": code }),
        )
    };
    let wrong = if code == "000000" { "111111" } else { "000000" };
    refused(
        verify(wrong),
        "CodeMismatchException",
        "Invalid verification code provided, please try again.",
    );
    verify(&code).expect("verified");
    assert_eq!(attributes(&s, &token)["phone_number_verified"], "true");
    refused(
        verify(&code),
        "ExpiredCodeException",
        "Invalid code provided, please request a code again.",
    );

    // With the email unverified and the phone verified, a reset code goes by SMS.
    call(
        &s,
        "AdminUpdateUserAttributes",
        json!({ "UserPoolId": POOL, "Username": "kim@example.com",
        "UserAttributes": [{ "Name": "email_verified", "Value": "false" }] }),
    )
    .unwrap();
    call(
        &s,
        "ForgotPassword",
        json!({ "ClientId": CLIENT, "Username": "kim@example.com" }),
    )
    .unwrap();
    let reset = s.deliveries("kim@example.com").pop().expect("a reset code");
    assert_eq!((reset.purpose, reset.medium), ("password reset", "SMS"));

    // A number that is not one, and a claim nobody may write.
    refused(
        call(
            &s,
            "UpdateUserAttributes",
            json!({ "AccessToken": token, "UserAttributes": [{ "Name": "phone_number", "Value": "081 234" }] }),
        ),
        "InvalidParameterException",
        "Invalid phone number format.",
    );
    refused(
        call(
            &s,
            "UpdateUserAttributes",
            json!({ "AccessToken": token, "UserAttributes": [{ "Name": "email_verified", "Value": "true" }] }),
        ),
        "NotAuthorizedException",
        "A client attempted to write unauthorized attribute",
    );
}

#[test]
fn where_the_pool_asks_the_old_email_stays_until_the_new_one_is_verified() {
    let s = service();
    let token = access_token(&s, WAITING_CLIENT, "kim");
    let out = call(
        &s,
        "UpdateUserAttributes",
        json!({ "AccessToken": token, "UserAttributes": [{ "Name": "email", "Value": "kim.lee@example.com" }] }),
    )
    .unwrap();
    assert_eq!(
        out["CodeDeliveryDetailsList"][0]["Destination"],
        "k***@e***"
    );
    let meanwhile = attributes(&s, &token);
    assert_eq!(
        meanwhile["email"], "kim@example.com",
        "the old one, verified"
    );
    assert_eq!(meanwhile["email_verified"], "true");
    assert!(
        access_token(&s, WAITING_CLIENT, "kim@example.com").len() > 10,
        "the old alias still signs in"
    );
    let delivered = s.deliveries("kim");
    assert_eq!(
        delivered.last().map(|d| d.destination.as_str()),
        Some("kim.lee@example.com"),
        "the code went to the new address"
    );
    // A forgotten password meanwhile: the code goes to the address in use, never the waiting one.
    call(
        &s,
        "ForgotPassword",
        json!({ "ClientId": WAITING_CLIENT, "Username": "kim" }),
    )
    .unwrap();
    assert_eq!(
        s.deliveries("kim")
            .last()
            .map(|d| (d.purpose, d.destination.clone())),
        Some(("password reset", "kim@example.com".to_owned()))
    );
    // Another code may be asked for; it goes to the waiting address too.
    call(
        &s,
        "GetUserAttributeVerificationCode",
        json!({ "AccessToken": token, "AttributeName": "email" }),
    )
    .unwrap();
    let code = s
        .deliveries("kim")
        .into_iter()
        .rfind(|d| d.purpose == "email verification")
        .expect("a verification code")
        .code;
    call(
        &s,
        "VerifyUserAttribute",
        json!({ "AccessToken": token, "AttributeName": "email", "Code": code }),
    )
    .unwrap();
    let after = attributes(&s, &token);
    assert_eq!(after["email"], "kim.lee@example.com");
    assert_eq!(after["email_verified"], "true");
    assert!(access_token(&s, WAITING_CLIENT, "kim.lee@example.com").len() > 10);
}

#[test]
fn deleting_attributes_and_the_user() {
    let s = service();
    let token = access_token(&s, CLIENT, "kim@example.com");
    refused(
        call(
            &s,
            "DeleteUserAttributes",
            json!({ "AccessToken": token, "UserAttributeNames": ["name"] }),
        ),
        "InvalidParameterException",
        "Cannot delete the required attribute name",
    );
    refused(
        call(
            &s,
            "DeleteUserAttributes",
            json!({ "AccessToken": token, "UserAttributeNames": ["email"] }),
        ),
        "InvalidParameterException",
        "Cannot delete the required attribute email",
    );
    call(&s, "UpdateUserAttributes", json!({ "AccessToken": token, "UserAttributes": [{ "Name": "phone_number", "Value": "+66812345678" }] })).unwrap();
    call(
        &s,
        "DeleteUserAttributes",
        json!({ "AccessToken": token, "UserAttributeNames": ["phone_number"] }),
    )
    .unwrap();
    let left = attributes(&s, &token);
    assert!(
        left.get("phone_number").is_none() && left.get("phone_number_verified").is_none(),
        "{left}"
    );

    let refresh = call(
        &s,
        "InitiateAuth",
        json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT, "AuthParameters": { "USERNAME": "kim@example.com", "PASSWORD": PASSWORD } }),
    )
    .unwrap()["AuthenticationResult"]["RefreshToken"]
        .clone();
    call(&s, "DeleteUser", json!({ "AccessToken": token })).expect("deleted");
    refused(
        call(
            &s,
            "InitiateAuth",
            json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT, "AuthParameters": { "USERNAME": "kim@example.com", "PASSWORD": PASSWORD } }),
        ),
        "NotAuthorizedException",
        "Incorrect username or password.",
    );
    assert!(
        call(&s, "GetUser", json!({ "AccessToken": token })).is_err(),
        "its access token is dead"
    );
    assert!(
        call(&s, "InitiateAuth", json!({ "AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": CLIENT, "AuthParameters": { "REFRESH_TOKEN": refresh } })).is_err(),
        "and its refresh tokens"
    );
}

/// The schema's rules beyond Required: a custom attribute's MaxLength, `birthdate`'s ten
/// characters and an attribute marked `Mutable: false`, at SignUp and at UpdateUserAttributes,
/// with Cognito's messages (the app shows each at its field).
#[test]
fn values_follow_the_schema_lengths_and_an_immutable_attribute_stays() {
    const SCHEMA_POOL: &str = "us-east-1_ProfileSchema";
    const SCHEMA_CLIENT: &str = "profileschemaclient";
    let s = common::seeded_service_on(
        json!({ "pools": [{ "id": SCHEMA_POOL, "name": "schema", "mfa": "OFF",
            "schema": [
                { "Name": "team", "AttributeDataType": "String", "StringAttributeConstraints": { "MinLength": "2", "MaxLength": "16" } },
                { "Name": "employee_id", "AttributeDataType": "String", "Mutable": false }
            ],
            "clients": [{ "id": SCHEMA_CLIENT, "name": "c", "auth_flows": ["ALLOW_USER_PASSWORD_AUTH"], "prevent_user_existence_errors": "ENABLED" }] }] }),
        Clock::manual(),
    );
    let sign_up = |attributes: Value| {
        call(
            &s,
            "SignUp",
            json!({ "ClientId": SCHEMA_CLIENT, "Username": "lee@example.com", "Password": PASSWORD,
            "UserAttributes": attributes }),
        )
    };
    refused(
        sign_up(json!([{ "Name": "email", "Value": "lee@example.com" },
            { "Name": "custom:team", "Value": "a team name far too long" }, { "Name": "birthdate", "Value": "1990-2-28" }])),
        "InvalidParameterException",
        "Attributes did not conform to the schema: birthdate: String must be no shorter than 10 characters\ncustom:team: String must be no longer than 16 characters",
    );
    refused(
        sign_up(
            json!([{ "Name": "email", "Value": "lee@example.com" }, { "Name": "custom:team", "Value": "x" }]),
        ),
        "InvalidParameterException",
        "Attributes did not conform to the schema: custom:team: String must be no shorter than 2 characters",
    );
    // Set once, at sign-up, even though it is immutable.
    sign_up(json!([{ "Name": "email", "Value": "lee@example.com" }, { "Name": "custom:team", "Value": "Blue" },
        { "Name": "custom:employee_id", "Value": "E-7" }, { "Name": "birthdate", "Value": "1990-02-28" }]))
    .expect("signed up");
    let code = last_code(&s, "lee@example.com");
    call(&s, "ConfirmSignUp", json!({ "ClientId": SCHEMA_CLIENT, "Username": "lee@example.com", "ConfirmationCode": code }))
        .expect("confirmed");
    let token = access_token(&s, SCHEMA_CLIENT, "lee@example.com");
    let update = |name: &str, value: &str| {
        call(
            &s,
            "UpdateUserAttributes",
            json!({ "AccessToken": token, "UserAttributes": [{ "Name": name, "Value": value }] }),
        )
    };
    refused(
        update("custom:employee_id", "E-8"),
        "InvalidParameterException",
        "user.custom:employee_id: Attribute cannot be updated.\n",
    );
    refused(
        call(
            &s,
            "DeleteUserAttributes",
            json!({ "AccessToken": token, "UserAttributeNames": ["custom:employee_id"] }),
        ),
        "InvalidParameterException",
        "user.custom:employee_id: Attribute cannot be updated.\n",
    );
    update("custom:team", "Green").expect("a mutable one changes");
    let now = attributes(&s, &token);
    assert_eq!(
        (
            now["custom:team"].as_str(),
            now["custom:employee_id"].as_str()
        ),
        (Some("Green"), Some("E-7")),
        "{now}"
    );
}

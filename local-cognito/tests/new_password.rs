//! NEW_PASSWORD_REQUIRED with a pool's required attributes (see local-cognito/BEHAVIOURS.md,
//! "Behaviours modelled"): what the challenge lists, which `userAttributes.*` an answer may set,
//! SignUp's schema check, and the ways to get such a pool: CreateUserPool's `Schema`, a seed's
//! `required_attributes`, and `/_local/required-attributes`.

mod common;

use std::sync::Arc;

use common::{local, refused, serve};
use local_cognito::HttpOptions;
use local_cognito::error::ApiError;
use local_cognito::service::{Service, ServiceConfig};
use local_cognito::store::Store;
use serde_json::{Value, json};

const POOL: &str = "us-east-1_Required";
const CLIENT: &str = "requiredclient";
const TEMPORARY: &str = "Temp-Passw0rd!";
const CHOSEN: &str = "Chosen-Passw0rd!";

/// No seed at all: a pool that requires `name` made with the admin operations, as boto3, the
/// CLI or an e2e script (node's fetch, no Origin) would.
fn service() -> Service {
    let cfg = ServiceConfig {
        print_codes: false,
        ..ServiceConfig::default()
    };
    let s = Service::new(cfg, Store::default()).expect("starts");
    s.call("CreateUserPool", &json!({
        "PoolName": "required", "Id": POOL, "UsernameAttributes": ["email"],
        "Schema": [
            { "Name": "name", "AttributeDataType": "String", "Mutable": true, "Required": true },
            { "Name": "family_name", "AttributeDataType": "String", "Mutable": true, "Required": false },
        ],
    }))
    .expect("a pool");
    s.call("CreateUserPoolClient", &json!({ "UserPoolId": POOL, "ClientName": "web", "ClientId": CLIENT, "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }))
        .expect("a client");
    s
}

fn admin_create(s: &Service, email: &str) {
    s.call("AdminCreateUser", &json!({
        "UserPoolId": POOL, "Username": email, "TemporaryPassword": TEMPORARY, "MessageAction": "SUPPRESS",
        "UserAttributes": [{ "Name": "email", "Value": email }, { "Name": "email_verified", "Value": "true" }],
    }))
    .expect("AdminCreateUser does not check required attributes");
}

fn sign_in(s: &Service, email: &str, password: &str) -> Value {
    s.call("InitiateAuth", &json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT, "AuthParameters": { "USERNAME": email, "PASSWORD": password } }))
        .expect("the right password")
}

fn answer(s: &Service, challenge: &Value, responses: Value) -> Result<Value, ApiError> {
    let mut responses = responses;
    responses["USERNAME"] = challenge["ChallengeParameters"]["USER_ID_FOR_SRP"].clone();
    responses["NEW_PASSWORD"] = json!(CHOSEN);
    s.call("RespondToAuthChallenge", &json!({ "ClientId": CLIENT, "ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": challenge["Session"], "ChallengeResponses": responses }))
}

fn attribute(s: &Service, email: &str, name: &str) -> Option<String> {
    let user = s
        .call(
            "AdminGetUser",
            &json!({ "UserPoolId": POOL, "Username": email }),
        )
        .expect("AdminGetUser");
    user["UserAttributes"]
        .as_array()?
        .iter()
        .find(|a| a["Name"] == name)
        .and_then(|a| a["Value"].as_str())
        .map(str::to_owned)
}

#[test]
fn the_challenge_lists_missing_required_attributes_and_the_users_own() {
    let s = service();
    admin_create(&s, "ann@example.com");
    let challenge = sign_in(&s, "ann@example.com", TEMPORARY);
    assert_eq!(challenge["ChallengeName"], "NEW_PASSWORD_REQUIRED");
    let params = &challenge["ChallengeParameters"];
    assert_eq!(params["requiredAttributes"], r#"["userAttributes.name"]"#);
    let current: Value =
        serde_json::from_str(params["userAttributes"].as_str().expect("a JSON string"))
            .expect("a JSON object");
    assert_eq!(
        current,
        json!({ "email": "ann@example.com", "email_verified": "true" }),
        "the user's attributes, without sub"
    );
}

#[test]
fn the_answer_must_set_the_missing_ones_and_only_writable_empty_ones() {
    let s = service();
    admin_create(&s, "ann@example.com");
    let challenge = sign_in(&s, "ann@example.com", TEMPORARY);
    refused(
        answer(&s, &challenge, json!({})),
        "InvalidParameterException",
        "Invalid attributes given, name is missing",
    );
    refused(
        answer(&s, &challenge, json!({ "userAttributes.name": "" })),
        "InvalidParameterException",
        "Invalid attributes given, name is missing",
    );
    refused(
        answer(
            &s,
            &challenge,
            json!({ "userAttributes.name": "Ann", "userAttributes.email_verified": "true" }),
        ),
        "InvalidParameterException",
        "Cannot modify the non-mutable attribute email_verified",
    );
    refused(
        answer(
            &s,
            &challenge,
            json!({ "userAttributes.name": "Ann", "userAttributes.email": "ann@example.com" }),
        ),
        "NotAuthorizedException",
        "Cannot modify an already provided email",
    );
    // Each refusal left the session for another try; nothing was changed meanwhile.
    assert_eq!(attribute(&s, "ann@example.com", "name"), None);
    let done = answer(
        &s,
        &challenge,
        json!({ "userAttributes.name": "Ann", "userAttributes.family_name": "Lee" }),
    )
    .expect("the missing one, and an empty writable one");
    assert!(done["AuthenticationResult"]["AccessToken"].is_string());
    assert_eq!(
        attribute(&s, "ann@example.com", "name").as_deref(),
        Some("Ann")
    );
    assert_eq!(
        attribute(&s, "ann@example.com", "family_name").as_deref(),
        Some("Lee")
    );
    assert!(sign_in(&s, "ann@example.com", CHOSEN)["AuthenticationResult"].is_object());
}

#[test]
fn a_user_who_has_every_required_attribute_is_asked_for_none() {
    let s = service();
    s.call("AdminCreateUser", &json!({
        "UserPoolId": POOL, "Username": "bo@example.com", "TemporaryPassword": TEMPORARY, "MessageAction": "SUPPRESS",
        "UserAttributes": [{ "Name": "email", "Value": "bo@example.com" }, { "Name": "name", "Value": "Bo" }],
    }))
    .unwrap();
    let challenge = sign_in(&s, "bo@example.com", TEMPORARY);
    assert_eq!(challenge["ChallengeParameters"]["requiredAttributes"], "[]");
    assert!(
        answer(&s, &challenge, json!({})).unwrap()["AuthenticationResult"]["AccessToken"]
            .is_string()
    );
}

#[test]
fn sign_up_must_give_every_required_attribute() {
    let s = service();
    refused(
        s.call(
            "SignUp",
            &json!({ "ClientId": CLIENT, "Username": "cy@example.com", "Password": CHOSEN }),
        ),
        "InvalidParameterException",
        "Attributes did not conform to the schema: name: The attribute is required",
    );
    s.call("SignUp", &json!({ "ClientId": CLIENT, "Username": "cy@example.com", "Password": CHOSEN, "UserAttributes": [{ "Name": "name", "Value": "Cy" }] }))
        .expect("with name");
    let pool = s
        .call("DescribeUserPool", &json!({ "UserPoolId": POOL }))
        .unwrap();
    assert_eq!(
        pool["UserPool"]["SchemaAttributes"],
        json!([{ "Name": "name", "AttributeDataType": "String", "Mutable": true, "Required": true }])
    );
}

#[test]
fn a_seed_pool_takes_required_attributes_too() {
    let s = common::seeded_service(json!({ "pools": [{
        "id": POOL, "name": "seeded", "mfa": "OFF", "required_attributes": ["name", "family_name"],
        "clients": [{ "id": CLIENT, "name": "web", "auth_flows": ["ALLOW_USER_PASSWORD_AUTH"] }],
        "users": [{ "email": "dee@example.com", "password": TEMPORARY, "temporary": true }],
    }]}));
    let challenge = sign_in(&s, "dee@example.com", TEMPORARY);
    assert_eq!(
        challenge["ChallengeParameters"]["requiredAttributes"],
        r#"["userAttributes.name","userAttributes.family_name"]"#
    );
    refused(
        answer(&s, &challenge, json!({ "userAttributes.name": "Dee" })),
        "InvalidParameterException",
        "Invalid attributes given, family_name is missing",
    );
}

#[tokio::test]
async fn the_required_attributes_hook_changes_an_existing_pool_for_tests() {
    let s = Arc::new(common::seeded_service(json!({ "pools": [{
        "id": POOL, "name": "demo-like", "mfa": "OPTIONAL",
        "clients": [{ "id": CLIENT, "name": "web", "auth_flows": ["ALLOW_USER_PASSWORD_AUTH"] }],
    }]})));
    let addr = serve(s.clone(), HttpOptions::default()).await;
    let path = format!("/_local/required-attributes?pool={POOL}");
    let a = local(addr, "GET", &path, "", &[]).await;
    assert_eq!(
        (a.status, a.json()),
        (200, json!({ "pool": POOL, "required_attributes": [] }))
    );
    let a = local(
        addr,
        "POST",
        &format!("{path}&names=name,,name"),
        "",
        &["Origin: http://127.0.0.1:8080"],
    )
    .await;
    assert_eq!(a.status, 403, "not from a browser");
    let a = local(addr, "POST", &format!("{path}&names=name,,name"), "", &[]).await;
    assert_eq!(
        a.json(),
        json!({ "pool": POOL, "required_attributes": ["name"] })
    );
    admin_create(&s, "eve@example.com");
    assert_eq!(
        sign_in(&s, "eve@example.com", TEMPORARY)["ChallengeParameters"]["requiredAttributes"],
        r#"["userAttributes.name"]"#
    );
    let a = local(addr, "DELETE", &path, "", &[]).await;
    assert_eq!(a.json(), json!({ "pool": POOL, "required_attributes": [] }));
    assert_eq!(
        sign_in(&s, "eve@example.com", TEMPORARY)["ChallengeParameters"]["requiredAttributes"],
        "[]"
    );
    let a = local(
        addr,
        "GET",
        "/_local/required-attributes?pool=us-east-1_Nope",
        "",
        &[],
    )
    .await;
    assert_eq!(a.status, 404);
    let a = local(addr, "POST", &path, "", &[]).await;
    assert_eq!(a.status, 400, "names= is needed");
}

//! The stand-in's other operations, driven in-process through `Service::call` (the same entry
//! the HTTP layer uses) and over HTTP for the wire format and CORS.

mod common;

use std::sync::Arc;

use local_cognito::service::Service;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const POOL: &str = "us-east-1_SelfService";
const CLIENT: &str = "selfserviceclient";
const PASSWORD: &str = "First-Passw0rd!";

fn service() -> Service {
    common::seeded_service(json!({ "pools": [{
        "id": POOL, "name": "self-service", "mfa": "OPTIONAL",
        "clients": [{ "id": CLIENT, "name": "web", "auth_flows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }],
        "users": [{ "email": "kim@example.com", "password": PASSWORD }],
    }]}))
}

#[track_caller]
fn error_kind(result: Result<Value, local_cognito::error::ApiError>) -> &'static str {
    match result {
        Ok(v) => panic!("expected an error, got {v}"),
        Err(e) => e.kind,
    }
}

fn password_sign_in(
    s: &Service,
    email: &str,
    password: &str,
) -> Result<Value, local_cognito::error::ApiError> {
    s.call("InitiateAuth", &json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT, "AuthParameters": { "USERNAME": email, "PASSWORD": password } }))
}

fn last_code(s: &Service, email: &str) -> String {
    s.deliveries(email)
        .last()
        .expect("a code was sent")
        .code
        .clone()
}

#[test]
fn sign_up_confirm_then_sign_in() {
    let s = service();
    let out = s
        .call("SignUp", &json!({ "ClientId": CLIENT, "Username": "new@example.com", "Password": PASSWORD, "UserAttributes": [{ "Name": "email", "Value": "new@example.com" }] }))
        .unwrap();
    assert_eq!(out["UserConfirmed"], false);
    assert_eq!(out["CodeDeliveryDetails"]["Destination"], "n***@e***");
    assert_eq!(
        error_kind(password_sign_in(&s, "new@example.com", PASSWORD)),
        "UserNotConfirmedException"
    );
    let again = s.call(
        "SignUp",
        &json!({ "ClientId": CLIENT, "Username": "new@example.com", "Password": PASSWORD }),
    );
    assert_eq!(error_kind(again), "UsernameExistsException");
    let weak = s.call(
        "SignUp",
        &json!({ "ClientId": CLIENT, "Username": "weak@example.com", "Password": "weak" }),
    );
    assert_eq!(error_kind(weak), "InvalidPasswordException");

    let wrong = s.call(
        "ConfirmSignUp",
        &json!({ "ClientId": CLIENT, "Username": "new@example.com", "ConfirmationCode": "not-it" }),
    );
    assert_eq!(error_kind(wrong), "CodeMismatchException");
    s.call(
        "ResendConfirmationCode",
        &json!({ "ClientId": CLIENT, "Username": "new@example.com" }),
    )
    .unwrap();
    let code = last_code(&s, "new@example.com");
    s.call(
        "ConfirmSignUp",
        &json!({ "ClientId": CLIENT, "Username": "new@example.com", "ConfirmationCode": code }),
    )
    .unwrap();
    assert!(password_sign_in(&s, "new@example.com", PASSWORD).unwrap()["AuthenticationResult"]["AccessToken"].is_string());
}

#[test]
fn admin_create_user_sends_an_invitation_unless_suppressed() {
    let s = service();
    for (email, action) in [
        ("quiet@example.com", json!("SUPPRESS")),
        ("invited@example.com", Value::Null),
    ] {
        let mut body =
            json!({ "UserPoolId": POOL, "Username": email, "TemporaryPassword": "Temp-Passw0rd!" });
        if !action.is_null() {
            body["MessageAction"] = action;
        }
        s.call("AdminCreateUser", &body).unwrap();
    }
    assert!(s.deliveries("quiet@example.com").is_empty());
    let sent = s.deliveries("invited@example.com");
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].code, "Temp-Passw0rd!");
    assert!(sent[0].purpose.starts_with("invitation"));
}

#[test]
fn forgot_password_replaces_it_and_signs_out_everywhere() {
    let s = service();
    let tokens =
        password_sign_in(&s, "kim@example.com", PASSWORD).unwrap()["AuthenticationResult"].clone();
    s.call(
        "ForgotPassword",
        &json!({ "ClientId": CLIENT, "Username": "kim@example.com" }),
    )
    .unwrap();
    let code = last_code(&s, "kim@example.com");
    let wrong = s.call("ConfirmForgotPassword", &json!({ "ClientId": CLIENT, "Username": "kim@example.com", "ConfirmationCode": "000000x", "Password": "Second-Passw0rd!" }));
    assert_eq!(error_kind(wrong), "CodeMismatchException");
    s.call("ConfirmForgotPassword", &json!({ "ClientId": CLIENT, "Username": "kim@example.com", "ConfirmationCode": code, "Password": "Second-Passw0rd!" })).unwrap();
    assert_eq!(
        error_kind(password_sign_in(&s, "kim@example.com", PASSWORD)),
        "NotAuthorizedException"
    );
    password_sign_in(&s, "kim@example.com", "Second-Passw0rd!").unwrap();
    let old = s.call("GetUser", &json!({ "AccessToken": tokens["AccessToken"] }));
    assert_eq!(
        error_kind(old),
        "NotAuthorizedException",
        "tokens from before the reset are void"
    );
}

#[test]
fn change_password_needs_the_old_one() {
    let s = service();
    let access = password_sign_in(&s, "kim@example.com", PASSWORD).unwrap()["AuthenticationResult"]
        ["AccessToken"]
        .clone();
    let wrong = s.call("ChangePassword", &json!({ "AccessToken": access, "PreviousPassword": "nope", "ProposedPassword": "Third-Passw0rd!" }));
    assert_eq!(error_kind(wrong), "NotAuthorizedException");
    s.call("ChangePassword", &json!({ "AccessToken": access, "PreviousPassword": PASSWORD, "ProposedPassword": "Third-Passw0rd!" })).unwrap();
    password_sign_in(&s, "kim@example.com", "Third-Passw0rd!").unwrap();
}

#[test]
fn refresh_then_global_sign_out_voids_every_token() {
    let s = service();
    let result =
        password_sign_in(&s, "kim@example.com", PASSWORD).unwrap()["AuthenticationResult"].clone();
    let refresh = result["RefreshToken"].as_str().unwrap().to_owned();
    let refreshed = s
        .call("InitiateAuth", &json!({ "AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": CLIENT, "AuthParameters": { "REFRESH_TOKEN": refresh } }))
        .unwrap();
    let access = refreshed["AuthenticationResult"]["AccessToken"].clone();
    assert!(
        refreshed["AuthenticationResult"]["RefreshToken"].is_null(),
        "refresh does not issue a new refresh token"
    );
    s.call("GetUser", &json!({ "AccessToken": access }))
        .unwrap();

    s.call("GlobalSignOut", &json!({ "AccessToken": access }))
        .unwrap();
    assert_eq!(
        error_kind(s.call("GetUser", &json!({ "AccessToken": access }))),
        "NotAuthorizedException"
    );
    assert_eq!(
        error_kind(s.call("GetUser", &json!({ "AccessToken": result["AccessToken"] }))),
        "NotAuthorizedException"
    );
    let again = s.call("InitiateAuth", &json!({ "AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": CLIENT, "AuthParameters": { "REFRESH_TOKEN": refresh } }));
    assert_eq!(error_kind(again), "NotAuthorizedException");

    // A sign-in right after (the same second, as after a password reset) is a new session.
    let fresh = password_sign_in(&s, "kim@example.com", PASSWORD).unwrap()["AuthenticationResult"]
        ["AccessToken"]
        .clone();
    s.call("GetUser", &json!({ "AccessToken": fresh }))
        .expect("tokens issued after a global sign-out work");
}

#[test]
fn tokens_carry_cognitos_claims_and_a_tampered_token_is_refused() {
    let s = service();
    let result =
        password_sign_in(&s, "kim@example.com", PASSWORD).unwrap()["AuthenticationResult"].clone();
    let claims = |token: &str| -> Value {
        use base64::Engine as _;
        let payload = token.split('.').nth(1).unwrap();
        serde_json::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(payload)
                .unwrap(),
        )
        .unwrap()
    };
    let id = claims(result["IdToken"].as_str().unwrap());
    assert_eq!(id["token_use"], "id");
    assert_eq!(id["aud"], CLIENT);
    assert_eq!(id["email"], "kim@example.com");
    assert_eq!(id["iss"], format!("http://127.0.0.1:9229/{POOL}"));
    assert_eq!(id["cognito:username"], id["sub"]);
    let access = claims(result["AccessToken"].as_str().unwrap());
    assert_eq!(access["token_use"], "access");
    assert_eq!(access["client_id"], CLIENT);
    assert_eq!(
        access["exp"].as_i64().unwrap() - access["iat"].as_i64().unwrap(),
        3600
    );
    assert_eq!(s.jwks(POOL).unwrap()["keys"][0]["alg"], "RS256");

    // Same header and signature, a payload claiming another user: the signature no longer fits.
    let token = result["AccessToken"].as_str().unwrap();
    let parts: Vec<&str> = token.split('.').collect();
    let forged_payload = {
        use base64::Engine as _;
        let mut c = access.clone();
        c["username"] = json!("someone-else");
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(c.to_string())
    };
    let forged = format!("{}.{}.{}", parts[0], forged_payload, parts[2]);
    assert_eq!(
        error_kind(s.call("GetUser", &json!({ "AccessToken": forged }))),
        "NotAuthorizedException"
    );
}

#[test]
fn malformed_requests_get_cognitos_errors() {
    let s = service();
    assert_eq!(
        error_kind(s.call("InitiateAuth", &json!({ "AuthFlow": "USER_SRP_AUTH" }))),
        "InvalidParameterException"
    );
    assert_eq!(
        error_kind(s.call(
            "InitiateAuth",
            &json!({ "AuthFlow": 7, "ClientId": CLIENT })
        )),
        "SerializationException"
    );
    assert_eq!(
        error_kind(s.call("InitiateAuth", &json!([1, 2]))),
        "SerializationException"
    );
    assert_eq!(
        error_kind(s.call(
            "InitiateAuth",
            &json!({ "AuthFlow": "USER_SRP_AUTH", "ClientId": "nope", "AuthParameters": {} })
        )),
        "ResourceNotFoundException"
    );
    let disabled = s.call(
        "InitiateAuth",
        &json!({ "AuthFlow": "CUSTOM_AUTH", "ClientId": CLIENT, "AuthParameters": {} }),
    );
    assert_eq!(error_kind(disabled), "InvalidParameterException");
    assert_eq!(
        error_kind(s.call("NoSuchOperation", &json!({}))),
        "UnknownOperationException"
    );
    let made_up = s.call("RespondToAuthChallenge", &json!({ "ClientId": CLIENT, "ChallengeName": "SOFTWARE_TOKEN_MFA", "Session": "x".repeat(64), "ChallengeResponses": { "USERNAME": "kim@example.com", "SOFTWARE_TOKEN_MFA_CODE": "123456" } }));
    assert_eq!(
        error_kind(made_up),
        "NotAuthorizedException",
        "a made-up session signs nobody in"
    );
}

async fn raw_http(addr: std::net::SocketAddr, request: &str) -> String {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut out = String::new();
    stream.read_to_string(&mut out).await.unwrap();
    out
}

#[tokio::test]
async fn wire_format_and_cors_as_browsers_need_them() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(local_cognito::serve(listener, Arc::new(service())));

    let preflight = raw_http(addr, "OPTIONS / HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://127.0.0.1:8731\r\nAccess-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type,x-amz-target\r\nConnection: close\r\n\r\n").await.to_ascii_lowercase();
    assert!(preflight.starts_with("http/1.1 200"), "{preflight}");
    assert!(preflight.contains("access-control-allow-origin: http://127.0.0.1:8731"));
    assert!(
        preflight.contains("access-control-allow-headers:") && preflight.contains("x-amz-target")
    );
    assert!(preflight.contains("access-control-allow-methods:") && preflight.contains("post"));

    let body = json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT, "AuthParameters": { "USERNAME": "kim@example.com", "PASSWORD": "wrong" } }).to_string();
    let answer = raw_http(addr, &format!("POST / HTTP/1.1\r\nHost: localhost\r\nOrigin: http://localhost:8731\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len())).await;
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    let head = head.to_ascii_lowercase();
    assert!(head.starts_with("http/1.1 400"), "{head}");
    assert!(head.contains("x-amzn-errortype: notauthorizedexception:"));
    assert!(head.contains("content-type: application/x-amz-json-1.1"));
    assert!(head.contains("access-control-allow-origin: http://localhost:8731"));
    assert!(head.contains("access-control-expose-headers:") && head.contains("x-amzn-errortype"));
    let error: Value = serde_json::from_str(body).unwrap();
    assert_eq!(
        error,
        json!({ "__type": "NotAuthorizedException", "message": "Incorrect username or password." })
    );

    let garbage = raw_http(addr, "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth\r\nContent-Length: 5\r\nConnection: close\r\n\r\n{nope").await;
    assert!(garbage.contains("SerializationException"), "{garbage}");
    let jwks = raw_http(
        addr,
        &format!(
            "GET /{POOL}/.well-known/jwks.json HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        ),
    )
    .await;
    assert!(
        jwks.starts_with("HTTP/1.1 200") && jwks.contains("\"kty\":\"RSA\""),
        "{jwks}"
    );
}

#[test]
fn a_deleted_user_recreated_under_the_same_email_does_not_inherit_old_tokens() {
    let s = service();
    let old = password_sign_in(&s, "kim@example.com", PASSWORD).unwrap()["AuthenticationResult"]
        ["AccessToken"]
        .clone();
    s.call(
        "AdminDeleteUser",
        &json!({ "UserPoolId": POOL, "Username": "kim@example.com" }),
    )
    .unwrap();
    s.call("AdminCreateUser", &json!({ "UserPoolId": POOL, "Username": "kim@example.com", "TemporaryPassword": PASSWORD, "MessageAction": "SUPPRESS", "UserAttributes": [{ "Name": "email", "Value": "kim@example.com" }] }))
        .unwrap();
    assert_eq!(
        error_kind(s.call("GetUser", &json!({ "AccessToken": old }))),
        "NotAuthorizedException",
        "the old account's token must not open the new account"
    );
}

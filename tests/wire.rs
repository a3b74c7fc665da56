//! The wire client against the API model in tests/vectors/cognito_api.json, and the promise
//! that no answer, however malformed, makes it panic.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::path::PathBuf;

use cognito_2fa::cognito::ops::{
    self, AuthFlow, AuthResponse, ChallengeName, MfaSettings, Operation,
};
use cognito_2fa::cognito::{CognitoError, RawResponse, Secret, decode};
use proptest::prelude::*;
use serde_json::{Value, json};

fn api() -> Value {
    let path = std::env::var_os("COGNITO_API_VECTORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            // At run time, not `env!`: a binary built in another clone must not read its files.
            PathBuf::from(
                std::env::var_os("CARGO_MANIFEST_DIR")
                    .unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into()),
            )
            .join("tests/vectors/cognito_api.json")
        });
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// The request serialises to members the model knows, with every required one present,
/// nested structures checked too, and the operation's X-Amz-Target.
#[track_caller]
fn check<O: Operation>(api: &Value, request: &O) -> Value {
    let op = &api["operations"][O::NAME];
    assert!(op.is_object(), "{} is not in the model", O::NAME);
    assert_eq!(
        op["x_amz_target"],
        format!("AWSCognitoIdentityProviderService.{}", O::NAME)
    );
    assert_eq!(
        op["unauthenticated"],
        true,
        "{} must not need SigV4",
        O::NAME
    );
    let body = serde_json::to_value(request).unwrap();
    check_members(api, O::NAME, &op["input"]["members"], &body);
    body
}

fn check_members(api: &Value, ctx: &str, members: &Value, body: &Value) {
    let members = members
        .as_object()
        .unwrap_or_else(|| panic!("{ctx}: no members"));
    let body = body
        .as_object()
        .unwrap_or_else(|| panic!("{ctx}: body is not an object"));
    for (name, value) in body {
        let member = members
            .get(name)
            .unwrap_or_else(|| panic!("{ctx}: unknown member {name}"));
        assert!(
            !value.is_null(),
            "{ctx}.{name}: absent members are omitted, not null"
        );
        if member["type"] == "structure" {
            let shape = member["shape"].as_str().unwrap();
            check_members(
                api,
                &format!("{ctx}.{name}"),
                &api["structures"][shape]["members"],
                value,
            );
        }
        if let (Some(s), Some(allowed)) = (value.as_str(), member["enum"].as_array()) {
            assert!(
                allowed.iter().any(|a| a == s),
                "{ctx}.{name}: {s} not in enum"
            );
        }
    }
    for (name, member) in members {
        if member["required"] == true {
            assert!(
                body.contains_key(name),
                "{ctx}: required member {name} missing"
            );
        }
    }
}

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, Secret> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), Secret::from(*v)))
        .collect()
}

#[test]
fn every_request_matches_the_model() {
    let api = api();
    let initiate = ops::InitiateAuth {
        auth_flow: AuthFlow::UserSrpAuth,
        client_id: "client".into(),
        auth_parameters: map(&[("USERNAME", "a@b.c"), ("SRP_A", "abc")]),
    };
    check(&api, &initiate);
    assert_eq!(
        serde_json::to_string(&initiate).unwrap(),
        r#"{"AuthFlow":"USER_SRP_AUTH","ClientId":"client","AuthParameters":{"SRP_A":"abc","USERNAME":"a@b.c"}}"#
    );
    check(
        &api,
        &ops::RespondToAuthChallenge {
            client_id: "client".into(),
            challenge_name: ChallengeName::SoftwareTokenMfa,
            session: Some(Secret::from("s".repeat(20).as_str())),
            challenge_responses: map(&[("USERNAME", "u"), ("SOFTWARE_TOKEN_MFA_CODE", "123456")]),
        },
    );
    check(
        &api,
        &ops::AssociateSoftwareToken {
            access_token: Some("tok".into()),
            session: None,
        },
    );
    let body = check(
        &api,
        &ops::VerifySoftwareToken {
            access_token: None,
            session: Some("sess".into()),
            user_code: "123456".into(),
            friendly_device_name: Some("Phone".into()),
        },
    );
    assert!(
        body.get("AccessToken").is_none(),
        "exactly one of AccessToken and Session is sent"
    );
    let on = Some(MfaSettings {
        enabled: true,
        preferred_mfa: true,
    });
    let totp_only = ops::SetUserMfaPreference {
        access_token: "tok".into(),
        sms_mfa_settings: None,
        software_token_mfa_settings: on,
        email_mfa_settings: None,
        web_authn_mfa_settings: None,
    };
    check(&api, &totp_only);
    assert_eq!(
        serde_json::to_string(&totp_only).unwrap(),
        r#"{"AccessToken":"tok","SoftwareTokenMfaSettings":{"Enabled":true,"PreferredMfa":true}}"#
    );
    let body = check(
        &api,
        &ops::SetUserMfaPreference {
            access_token: "t".into(),
            sms_mfa_settings: on,
            software_token_mfa_settings: None,
            email_mfa_settings: None,
            web_authn_mfa_settings: Some(ops::WebAuthnMfaSettings { enabled: true }),
        },
    );
    assert!(
        body.get("SMSMfaSettings").is_some(),
        "the wire name is SMSMfaSettings"
    );
    assert_eq!(
        body["WebAuthnMfaSettings"],
        serde_json::json!({ "Enabled": true })
    );
    check(
        &api,
        &ops::GetUser {
            access_token: "tok".into(),
        },
    );
    check(
        &api,
        &ops::RevokeToken {
            token: "r".into(),
            client_id: "c".into(),
        },
    );
    for device_key in [
        None,
        Some("us-east-1_0a1b2c3d-0000-4000-8000-000000000000".to_owned()),
    ] {
        let body = check(
            &api,
            &ops::GetTokensFromRefreshToken {
                refresh_token: "r".into(),
                client_id: "c".into(),
                device_key: device_key.clone(),
            },
        );
        assert_eq!(body.get("DeviceKey").is_some(), device_key.is_some());
    }
    let confirm = check(
        &api,
        &ops::ConfirmDevice {
            access_token: "tok".into(),
            device_key: "us-east-1_0a1b2c3d-0000-4000-8000-000000000000".into(),
            device_secret_verifier_config: ops::DeviceSecretVerifierConfig {
                password_verifier: "dmVyaWZpZXI=".into(),
                salt: "c2FsdA==".into(),
            },
            device_name: Some("Chrome on Linux".into()),
        },
    );
    assert_eq!(confirm["DeviceSecretVerifierConfig"]["Salt"], "c2FsdA==");
    let status = check(
        &api,
        &ops::UpdateDeviceStatus {
            access_token: "tok".into(),
            device_key: "us-east-1_0a1b2c3d-0000-4000-8000-000000000000".into(),
            device_remembered_status: "remembered",
        },
    );
    assert_eq!(status["DeviceRememberedStatus"], "remembered");
    check(
        &api,
        &ops::ListDevices {
            access_token: "tok".into(),
            limit: 60,
        },
    );
    check(
        &api,
        &ops::ForgetDevice {
            access_token: "tok".into(),
            device_key: "us-east-1_0a1b2c3d-0000-4000-8000-000000000000".into(),
        },
    );
    check(
        &api,
        &ops::GlobalSignOut {
            access_token: "tok".into(),
        },
    );
    let attrs = vec![ops::AttributeType {
        name: "email".into(),
        value: "k@example.com".into(),
    }];
    let sign_up = check(
        &api,
        &ops::SignUp {
            client_id: "client".into(),
            username: "k@example.com".into(),
            password: "Pw-1234!".into(),
            user_attributes: attrs,
        },
    );
    assert_eq!(sign_up["UserAttributes"][0]["Name"], "email");
    check(
        &api,
        &ops::ConfirmSignUp {
            client_id: "client".into(),
            username: "k@example.com".into(),
            confirmation_code: "123456".into(),
        },
    );
    for name in ["ResendConfirmationCode", "ForgotPassword"] {
        let body = json!({ "ClientId": "client", "Username": "k@example.com" });
        let sent = if name == "ForgotPassword" {
            check(
                &api,
                &ops::ForgotPassword {
                    client_id: "client".into(),
                    username: "k@example.com".into(),
                },
            )
        } else {
            check(
                &api,
                &ops::ResendConfirmationCode {
                    client_id: "client".into(),
                    username: "k@example.com".into(),
                },
            )
        };
        assert_eq!(sent, body, "{name}");
    }
    check(
        &api,
        &ops::ConfirmForgotPassword {
            client_id: "client".into(),
            username: "k@example.com".into(),
            confirmation_code: "123456".into(),
            password: "Pw-1234!".into(),
        },
    );
    check(
        &api,
        &ops::ChangePassword {
            previous_password: "Old-1234!".into(),
            proposed_password: "New-1234!".into(),
            access_token: "tok".into(),
        },
    );
    check(
        &api,
        &ops::UpdateUserAttributes {
            user_attributes: vec![ops::AttributeType {
                name: "email".into(),
                value: "k@example.com".into(),
            }],
            access_token: "tok".into(),
        },
    );
    check(
        &api,
        &ops::GetUserAttributeVerificationCode {
            access_token: "tok".into(),
            attribute_name: "phone_number".into(),
        },
    );
    check(
        &api,
        &ops::VerifyUserAttribute {
            access_token: "tok".into(),
            attribute_name: "email".into(),
            code: "123456".into(),
        },
    );
    check(
        &api,
        &ops::DeleteUser {
            access_token: "tok".into(),
        },
    );
    check(
        &api,
        &ops::DeleteUserAttributes {
            user_attribute_names: vec!["nickname".into()],
            access_token: "tok".into(),
        },
    );
}

#[test]
fn the_challenge_names_we_use_are_cognitos() {
    let api = api();
    let names = api["enums"]["ChallengeNameType"]
        .as_array()
        .expect("ChallengeNameType enum");
    for name in [
        "PASSWORD_VERIFIER",
        "SOFTWARE_TOKEN_MFA",
        "SMS_MFA",
        "EMAIL_OTP",
        "MFA_SETUP",
        "SELECT_MFA_TYPE",
        "NEW_PASSWORD_REQUIRED",
        "DEVICE_SRP_AUTH",
        "DEVICE_PASSWORD_VERIFIER",
        "SELECT_CHALLENGE",
        "SMS_OTP",
        "PASSWORD",
        "PASSWORD_SRP",
        "WEB_AUTHN",
    ] {
        assert!(names.iter().any(|n| n == name), "{name}");
        assert_eq!(ChallengeName::from(name).as_str(), name);
        assert!(
            !matches!(ChallengeName::from(name), ChallengeName::Unknown(_)),
            "{name} has a variant"
        );
    }
    // A name this app does not answer survives as itself.
    assert_eq!(
        ChallengeName::from("CUSTOM_CHALLENGE"),
        ChallengeName::Unknown("CUSTOM_CHALLENGE".into())
    );
}

/// Every error our operations can return parses to a named variant or to `Unhandled` with its name.
#[test]
fn every_modelled_error_parses_with_its_name() {
    let api = api();
    for op in [
        "InitiateAuth",
        "RespondToAuthChallenge",
        "AssociateSoftwareToken",
        "VerifySoftwareToken",
        "SetUserMFAPreference",
        "GetUser",
        "RevokeToken",
        "GlobalSignOut",
        "GetTokensFromRefreshToken",
        "ConfirmDevice",
        "UpdateDeviceStatus",
        "ListDevices",
        "ForgetDevice",
    ] {
        for name in api["operations"][op]["errors"].as_array().unwrap() {
            let name = name.as_str().unwrap();
            let body = format!(r#"{{"__type":"{name}","message":"m"}}"#);
            let e = CognitoError::from_response(400, None, body.as_bytes());
            assert_eq!(e.code(), Some(name), "{op}: {name}");
        }
    }
}

/// Every output member we read carries the model's exact wire name (PascalCase has exceptions).
#[test]
fn output_member_names_match_the_model() {
    let api = api();
    let outputs = [
        (
            "GetUser",
            r#"{"Username":"u","UserAttributes":[{"Name":"email","Value":"a@b.c"}],"PreferredMfaSetting":"SOFTWARE_TOKEN_MFA","UserMFASettingList":["SOFTWARE_TOKEN_MFA"]}"#,
        ),
        (
            "InitiateAuth",
            r#"{"ChallengeName":"SMS_MFA","Session":"s","ChallengeParameters":{"a":"b"},"AvailableChallenges":["SMS_MFA"]}"#,
        ),
        (
            "AssociateSoftwareToken",
            r#"{"SecretCode":"ABCD","Session":"s"}"#,
        ),
        (
            "VerifySoftwareToken",
            r#"{"Status":"SUCCESS","Session":"s"}"#,
        ),
        (
            "SignUp",
            r#"{"UserConfirmed":false,"UserSub":"x","CodeDeliveryDetails":{"Destination":"k***@e***","DeliveryMedium":"EMAIL","AttributeName":"email"}}"#,
        ),
        (
            "ForgotPassword",
            r#"{"CodeDeliveryDetails":{"Destination":"k***@e***","DeliveryMedium":"EMAIL","AttributeName":"email"}}"#,
        ),
        (
            "ResendConfirmationCode",
            r#"{"CodeDeliveryDetails":{"Destination":"k***@e***","DeliveryMedium":"EMAIL","AttributeName":"email"}}"#,
        ),
        (
            "UpdateUserAttributes",
            r#"{"CodeDeliveryDetailsList":[{"Destination":"+*******5678","DeliveryMedium":"SMS","AttributeName":"phone_number"}]}"#,
        ),
        (
            "GetUserAttributeVerificationCode",
            r#"{"CodeDeliveryDetails":{"Destination":"k***@e***","DeliveryMedium":"EMAIL","AttributeName":"email"}}"#,
        ),
    ];
    for (op, body) in outputs {
        let members = api["operations"][op]["output"]["members"]
            .as_object()
            .unwrap();
        let value: Value = serde_json::from_str(body).unwrap();
        for key in value.as_object().unwrap().keys() {
            assert!(
                members.contains_key(key),
                "{op}: {key} is not an output member"
            );
        }
    }
    let signed_up: ops::SignUpResponse = decode(&ok(outputs[4].1)).unwrap();
    assert!(!signed_up.user_confirmed);
    assert_eq!(
        signed_up
            .code_delivery_details
            .and_then(|d| d.destination)
            .as_deref(),
        Some("k***@e***")
    );
    let user: ops::GetUserResponse = decode(&ok(outputs[0].1)).unwrap();
    assert_eq!(
        user.user_mfa_setting_list,
        vec!["SOFTWARE_TOKEN_MFA".to_string()]
    );
    assert_eq!(
        user.preferred_mfa_setting.as_deref(),
        Some("SOFTWARE_TOKEN_MFA")
    );
    assert_eq!(user.user_attributes[0].value, "a@b.c");
    let auth: AuthResponse = decode(&ok(outputs[1].1)).unwrap();
    assert_eq!(auth.available_challenges, vec![ChallengeName::SmsMfa]);
    let assoc: ops::AssociateSoftwareTokenResponse = decode(&ok(outputs[2].1)).unwrap();
    assert_eq!(assoc.secret_code.unwrap().expose(), "ABCD");
    let updated: ops::UpdateUserAttributesResponse = decode(&ok(outputs[7].1)).unwrap();
    assert_eq!(
        updated.code_delivery_details_list[0]
            .delivery_medium
            .as_deref(),
        Some("SMS")
    );
    let verify: ops::VerifySoftwareTokenResponse = decode(&ok(outputs[3].1)).unwrap();
    assert_eq!(verify.status.as_deref(), Some("SUCCESS"));
}

fn ok(body: &str) -> RawResponse {
    RawResponse {
        status: 200,
        error_type: None,
        body: body.as_bytes().to_vec(),
    }
}

#[test]
fn responses_decode_and_redact() {
    let out: AuthResponse = decode(&ok(r#"{"ChallengeName":"SOFTWARE_TOKEN_MFA","Session":"sessionsessionsession","ChallengeParameters":{"USERNAME":"u"}}"#)).unwrap();
    assert_eq!(out.challenge_name, Some(ChallengeName::SoftwareTokenMfa));
    let debug = format!("{out:?}");
    assert!(
        !debug.contains("sessionsessionsession"),
        "Debug leaks the session: {debug}"
    );

    let out: AuthResponse = decode(&ok(r#"{"AuthenticationResult":{"AccessToken":"acc.ess.tok","IdToken":"id.tok.en","RefreshToken":"ref","ExpiresIn":3600,"TokenType":"Bearer"},"ChallengeParameters":{}}"#)).unwrap();
    let result = out.authentication_result.unwrap();
    assert_eq!(result.access_token.unwrap().expose(), "acc.ess.tok");
    let empty: ops::Empty = decode(&ok("")).unwrap();
    assert_eq!(empty, ops::Empty {});
    let err = decode::<AuthResponse>(&ok(r#"{"Session": 12}"#)).unwrap_err();
    assert!(matches!(err, CognitoError::MalformedResponse(_)));
    let err = decode::<AuthResponse>(&ok(
        r#"{"Session": "secret-value-123", "ChallengeParameters": 5}"#,
    ))
    .unwrap_err();
    assert!(!err.to_string().contains("secret-value-123"), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// Arbitrary bytes with any status and header: an error value or an output, never a panic.
    #[test]
    fn decoding_arbitrary_bytes_never_panics(status in 0u16..1000, header in proptest::option::of(".{0,40}"), body in proptest::collection::vec(any::<u8>(), 0..256)) {
        let raw = RawResponse { status, error_type: header, body };
        let _ = decode::<AuthResponse>(&raw);
        let _ = decode::<ops::GetUserResponse>(&raw);
        let _ = decode::<ops::AssociateSoftwareTokenResponse>(&raw);
        let _ = decode::<ops::VerifySoftwareTokenResponse>(&raw);
        let _ = decode::<ops::Empty>(&raw);
        let e = CognitoError::from_response(status, raw.error_type.as_deref(), &raw.body);
        let _ = (e.code(), e.message());
    }

    /// JSON of the right outline with wrong types, missing fields and huge strings.
    #[test]
    fn decoding_wrong_json_never_panics(value in json_value(), key in prop_oneof![Just("AuthenticationResult"), Just("ChallengeParameters"), Just("Session"), Just("ChallengeName"), Just("__type"), Just("UserAttributes"), Just("SecretCode")], status in prop_oneof![Just(200u16), Just(400u16)]) {
        let body = json!({ key: value }).to_string();
        let raw = RawResponse { status, error_type: None, body: body.into_bytes() };
        let _ = decode::<AuthResponse>(&raw);
        let _ = decode::<ops::GetUserResponse>(&raw);
        let _ = decode::<ops::AssociateSoftwareTokenResponse>(&raw);
        if let Ok(answer) = decode::<AuthResponse>(&raw) {
            let _ = cognito_2fa::auth::outcome(answer, "u", "e");
        }
    }
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        ".{0,20}".prop_map(Value::String),
        (0usize..40_000).prop_map(|n| Value::String("x".repeat(n))),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map(
                prop_oneof![
                    Just("AccessToken".to_string()),
                    Just("USERNAME".to_string()),
                    Just("Name".to_string()),
                    ".{0,8}".prop_map(String::from)
                ],
                inner,
                0..4
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

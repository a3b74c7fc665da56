//! Remembered devices driven step by step with the project's own SRP client: a remembered device
//! answers DEVICE_SRP_AUTH instead of MFA, a wrong device secret fails, a forgotten device does not
//! skip MFA any more.

mod common;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use cognito_crypto::srp::{self, SrpClient, VerifierChallenge, parse_hex};
use local_cognito::service::Service;
use serde_json::{Value, json};

const POOL: &str = "us-east-1_Devices";
const CLIENT: &str = "devicesclient";
const EMAIL: &str = "dev@example.com";
const PASSWORD: &str = "Device-Passw0rd!";
const DEVICE_PASSWORD: &str = "random-device-password-from-the-client";

fn service() -> Service {
    common::seeded_service(json!({ "pools": [{
        "id": POOL, "name": "devices", "mfa": "OPTIONAL", "sms": true, "devices": true,
        "clients": [{ "id": CLIENT, "name": "web", "auth_flows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }],
        "users": [{ "email": EMAIL, "password": PASSWORD, "phone": "+15555550177", "mfa": ["SMS_MFA"] }],
    }]}))
}

fn password_auth(s: &Service, device_key: Option<&str>) -> Value {
    let mut params = json!({ "USERNAME": EMAIL, "PASSWORD": PASSWORD });
    if let Some(key) = device_key {
        params["DEVICE_KEY"] = json!(key);
    }
    s.call(
        "InitiateAuth",
        &json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT, "AuthParameters": params }),
    )
    .unwrap()
}

fn respond(
    s: &Service,
    challenge: &str,
    session: &Value,
    responses: Value,
) -> Result<Value, local_cognito::error::ApiError> {
    s.call("RespondToAuthChallenge", &json!({ "ClientId": CLIENT, "ChallengeName": challenge, "Session": session, "ChallengeResponses": responses }))
}

/// Signs in through SMS MFA; returns the AuthenticationResult.
fn sign_in_with_sms(s: &Service) -> Value {
    let answer = password_auth(s, None);
    assert_eq!(answer["ChallengeName"], "SMS_MFA");
    let username = answer["ChallengeParameters"]["USER_ID_FOR_SRP"].clone();
    let code = s.deliveries(EMAIL).last().unwrap().code.clone();
    respond(
        s,
        "SMS_MFA",
        &answer["Session"],
        json!({ "USERNAME": username, "SMS_MFA_CODE": code }),
    )
    .unwrap()["AuthenticationResult"]
        .clone()
}

/// What a client does with NewDeviceMetadata: a verifier for a random device password.
fn confirm_device(s: &Service, result: &Value) -> (String, String) {
    let key = result["NewDeviceMetadata"]["DeviceKey"]
        .as_str()
        .expect("a new device key")
        .to_owned();
    let group = result["NewDeviceMetadata"]["DeviceGroupKey"]
        .as_str()
        .unwrap()
        .to_owned();
    let salt = parse_hex("00a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5").unwrap();
    let v = srp::server::verifier(&salt, &group, &key, DEVICE_PASSWORD);
    let out = s
        .call("ConfirmDevice", &json!({
            "AccessToken": result["AccessToken"], "DeviceKey": key, "DeviceName": "test browser",
            "DeviceSecretVerifierConfig": { "PasswordVerifier": BASE64.encode(v.to_bytes_be()), "Salt": BASE64.encode(salt.to_bytes_be()) },
        }))
        .unwrap();
    assert_eq!(
        out["UserConfirmationNecessary"], true,
        "remembered only when the user says so"
    );
    (key, group)
}

/// DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER with the given device password.
fn device_sign_in(
    s: &Service,
    session: &Value,
    username: &Value,
    key: &str,
    group: &str,
    device_password: &str,
) -> Result<Value, local_cognito::error::ApiError> {
    let client = SrpClient::generate().unwrap();
    let answer = respond(
        s,
        "DEVICE_SRP_AUTH",
        session,
        json!({ "USERNAME": username, "DEVICE_KEY": key, "SRP_A": client.public_a_hex() }),
    )?;
    assert_eq!(answer["ChallengeName"], "DEVICE_PASSWORD_VERIFIER");
    let p = &answer["ChallengeParameters"];
    let ch = VerifierChallenge {
        pool_name: group,
        user_id_for_srp: key,
        salt_hex: p["SALT"].as_str().unwrap(),
        b_hex: p["SRP_B"].as_str().unwrap(),
        secret_block_b64: p["SECRET_BLOCK"].as_str().unwrap(),
    };
    let stamp = cognito_crypto::timestamp::format(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64,
    );
    let claim = client.password_claim(&ch, device_password, &stamp).unwrap();
    respond(
        s,
        "DEVICE_PASSWORD_VERIFIER",
        &answer["Session"],
        json!({
            "USERNAME": username, "DEVICE_KEY": key, "TIMESTAMP": claim.timestamp,
            "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block_b64, "PASSWORD_CLAIM_SIGNATURE": claim.signature_b64,
        }),
    )
}

#[test]
fn remembered_device_replaces_mfa_until_forgotten() {
    let s = service();
    let first = sign_in_with_sms(&s);
    let (key, group) = confirm_device(&s, &first);

    // Confirmed but not remembered: MFA still asked.
    assert_eq!(password_auth(&s, Some(&key))["ChallengeName"], "SMS_MFA");
    s.call("UpdateDeviceStatus", &json!({ "AccessToken": first["AccessToken"], "DeviceKey": key, "DeviceRememberedStatus": "remembered" })).unwrap();
    let listed = s
        .call(
            "ListDevices",
            &json!({ "AccessToken": first["AccessToken"] }),
        )
        .unwrap();
    assert_eq!(listed["Devices"][0]["DeviceKey"], key.as_str());

    // Remembered: the device proves itself instead of an SMS code.
    let answer = password_auth(&s, Some(&key));
    assert_eq!(answer["ChallengeName"], "DEVICE_SRP_AUTH");
    let username = answer["ChallengeParameters"]
        .get("USER_ID_FOR_SRP")
        .cloned()
        .unwrap_or(json!(EMAIL));
    let tokens = device_sign_in(
        &s,
        &answer["Session"],
        &username,
        &key,
        &group,
        DEVICE_PASSWORD,
    )
    .unwrap();
    assert!(tokens["AuthenticationResult"]["AccessToken"].is_string());
    assert!(
        tokens["AuthenticationResult"]["NewDeviceMetadata"].is_null(),
        "a known device gets no new key"
    );

    // The wrong device secret is refused.
    let answer = password_auth(&s, Some(&key));
    let wrong = device_sign_in(
        &s,
        &answer["Session"],
        &username,
        &key,
        &group,
        "not-the-device-password",
    );
    assert_eq!(wrong.unwrap_err().kind, "NotAuthorizedException");

    // Forgotten: the same key no longer skips MFA.
    s.call(
        "ForgetDevice",
        &json!({ "AccessToken": first["AccessToken"], "DeviceKey": key }),
    )
    .unwrap();
    assert_eq!(password_auth(&s, Some(&key))["ChallengeName"], "SMS_MFA");
    assert_eq!(
        s.call(
            "ListDevices",
            &json!({ "AccessToken": first["AccessToken"] })
        )
        .unwrap()["Devices"],
        json!([])
    );
}

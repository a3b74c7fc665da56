//! Remembered devices driven step by step with the project's own SRP client: a remembered device
//! answers DEVICE_SRP_AUTH instead of MFA, a wrong device secret fails, a forgotten or unknown
//! device is refused ("Device does not exist.") until the client signs in without it, a device the
//! user did not remember gets MFA and no new key, and UpdateUserPool switches tracking on and off.

mod common;
use common::refused;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use cognito_crypto::srp::{self, SrpClient, VerifierChallenge, parse_hex};
use local_cognito::error::ApiError;
use local_cognito::service::Service;
use serde_json::{Value, json};

const POOL: &str = "us-east-1_Devices";
const CLIENT: &str = "devicesclient";
const EMAIL: &str = "dev@example.com";
/// Another user of the pool, without MFA.
const OTHER: &str = "other@example.com";
const PASSWORD: &str = "Device-Passw0rd!";
const DEVICE_PASSWORD: &str = "random-device-password-from-the-client";

fn service() -> Service {
    common::seeded_service(json!({ "pools": [{
        "id": POOL, "name": "devices", "mfa": "OPTIONAL", "sms": true, "devices": true,
        "clients": [{ "id": CLIENT, "name": "web", "auth_flows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }],
        "users": [
            { "email": EMAIL, "password": PASSWORD, "phone": "+15555550177", "mfa": ["SMS_MFA"] },
            { "email": OTHER, "password": PASSWORD },
        ],
    }]}))
}

fn password_auth(s: &Service, device_key: Option<&str>) -> Value {
    try_password_auth(s, EMAIL, PASSWORD, device_key).unwrap()
}

fn try_password_auth(
    s: &Service,
    name: &str,
    password: &str,
    device_key: Option<&str>,
) -> Result<Value, ApiError> {
    let mut params = json!({ "USERNAME": name, "PASSWORD": password });
    if let Some(key) = device_key {
        params["DEVICE_KEY"] = json!(key);
    }
    s.call(
        "InitiateAuth",
        &json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT, "AuthParameters": params }),
    )
}

fn respond(
    s: &Service,
    challenge: &str,
    session: &Value,
    responses: Value,
) -> Result<Value, ApiError> {
    s.call("RespondToAuthChallenge", &json!({ "ClientId": CLIENT, "ChallengeName": challenge, "Session": session, "ChallengeResponses": responses }))
}

/// Signs in through SMS MFA; returns the AuthenticationResult.
fn sign_in_with_sms(s: &Service) -> Value {
    answer_sms(s, &password_auth(s, None))
}

/// Answers an SMS_MFA challenge with the code sent; the AuthenticationResult.
#[track_caller]
fn answer_sms(s: &Service, challenge: &Value) -> Value {
    assert_eq!(challenge["ChallengeName"], "SMS_MFA", "{challenge}");
    let username = challenge["ChallengeParameters"]["USER_ID_FOR_SRP"].clone();
    let code = s.deliveries(EMAIL).last().unwrap().code.clone();
    respond(
        s,
        "SMS_MFA",
        &challenge["Session"],
        json!({ "USERNAME": username, "SMS_MFA_CODE": code }),
    )
    .unwrap()["AuthenticationResult"]
        .clone()
}

fn now_stamp() -> String {
    cognito_crypto::timestamp::format(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64,
    )
}

/// USER_SRP_AUTH for `name` up to its PASSWORD_VERIFIER answer, which is returned unsent (a
/// RespondToAuthChallenge body) so a test can send it, change it and send it again. DEVICE_KEY
/// goes into InitiateAuth (`initiate_device`, as amplify-js v6 does for USER_PASSWORD_AUTH and
/// this project's app) and / or the answer (`verifier_device`, as amazon-cognito-identity-js does).
fn password_verifier_request(
    s: &Service,
    name: &str,
    initiate_device: Option<&str>,
    verifier_device: Option<&str>,
) -> Value {
    let client = SrpClient::generate().unwrap();
    let mut params = json!({ "USERNAME": name, "SRP_A": client.public_a_hex() });
    if let Some(key) = initiate_device {
        params["DEVICE_KEY"] = json!(key);
    }
    let answer = s
        .call(
            "InitiateAuth",
            &json!({ "AuthFlow": "USER_SRP_AUTH", "ClientId": CLIENT, "AuthParameters": params }),
        )
        .unwrap();
    assert_eq!(answer["ChallengeName"], "PASSWORD_VERIFIER");
    let p = &answer["ChallengeParameters"];
    let user_id = p["USER_ID_FOR_SRP"].as_str().unwrap();
    let ch = VerifierChallenge {
        pool_name: "Devices",
        user_id_for_srp: user_id,
        salt_hex: p["SALT"].as_str().unwrap(),
        b_hex: p["SRP_B"].as_str().unwrap(),
        secret_block_b64: p["SECRET_BLOCK"].as_str().unwrap(),
    };
    let claim = client.password_claim(&ch, PASSWORD, &now_stamp()).unwrap();
    let mut responses = json!({
        "USERNAME": user_id, "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block_b64,
        "TIMESTAMP": claim.timestamp, "PASSWORD_CLAIM_SIGNATURE": claim.signature_b64,
    });
    if let Some(key) = verifier_device {
        responses["DEVICE_KEY"] = json!(key);
    }
    json!({ "ClientId": CLIENT, "ChallengeName": "PASSWORD_VERIFIER", "ChallengeResponses": responses })
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
) -> Result<Value, ApiError> {
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
    let claim = client
        .password_claim(&ch, device_password, &now_stamp())
        .unwrap();
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

    // Forgotten: the same key is refused ("Device does not exist."), and without it MFA again.
    s.call(
        "ForgetDevice",
        &json!({ "AccessToken": first["AccessToken"], "DeviceKey": key }),
    )
    .unwrap();
    refused(
        try_password_auth(&s, EMAIL, PASSWORD, Some(&key)),
        "ResourceNotFoundException",
        "Device does not exist.",
    );
    assert_eq!(password_auth(&s, None)["ChallengeName"], "SMS_MFA");
    assert_eq!(
        s.call(
            "ListDevices",
            &json!({ "AccessToken": first["AccessToken"] })
        )
        .unwrap()["Devices"],
        json!([])
    );
}

/// A forgotten device, a made-up key and another user's device, named in a sign-in of a pool
/// that tracks devices: ResourceNotFoundException "Device does not exist." once the password is
/// found right; the SDKs' recovery (the same PASSWORD_VERIFIER again, without the device) then
/// goes through, to MFA and a new device key.
#[test]
fn a_device_that_is_not_the_users_is_refused_until_the_sign_in_goes_without_it() {
    let s = service();
    let first = sign_in_with_sms(&s);
    let (key, _) = confirm_device(&s, &first);
    s.call("UpdateDeviceStatus", &json!({ "AccessToken": first["AccessToken"], "DeviceKey": key, "DeviceRememberedStatus": "remembered" })).unwrap();
    s.call(
        "ForgetDevice",
        &json!({ "AccessToken": first["AccessToken"], "DeviceKey": key }),
    )
    .unwrap();
    let made_up = "us-east-1_00000000-0000-4000-8000-000000000000";
    let others = try_password_auth(&s, OTHER, PASSWORD, None).unwrap()["AuthenticationResult"]
        ["NewDeviceMetadata"]["DeviceKey"]
        .as_str()
        .expect("the other user's device")
        .to_owned();

    // USER_PASSWORD_AUTH: the password first, then the device.
    refused(
        try_password_auth(&s, EMAIL, "Wrong-Passw0rd!", Some(&key)),
        "NotAuthorizedException",
        "Incorrect username or password.",
    );
    for bad in [key.as_str(), made_up, others.as_str()] {
        refused(
            try_password_auth(&s, EMAIL, PASSWORD, Some(bad)),
            "ResourceNotFoundException",
            "Device does not exist.",
        );
    }

    // USER_SRP_AUTH, DEVICE_KEY in the PASSWORD_VERIFIER answer (amazon-cognito-identity-js):
    // refused, then the very same request with `DEVICE_KEY: null`, as the SDK resends it.
    for bad in [key.as_str(), made_up, others.as_str()] {
        let mut request = password_verifier_request(&s, EMAIL, None, Some(bad));
        refused(
            s.call("RespondToAuthChallenge", &request),
            "ResourceNotFoundException",
            "Device does not exist.",
        );
        // Naming it again is refused again.
        refused(
            s.call("RespondToAuthChallenge", &request),
            "ResourceNotFoundException",
            "Device does not exist.",
        );
        request["ChallengeResponses"]["DEVICE_KEY"] = Value::Null;
        let mfa = s.call("RespondToAuthChallenge", &request).unwrap();
        assert_eq!(mfa["ChallengeName"], "SMS_MFA", "{mfa}");
        // The exchange is spent now.
        refused(
            s.call("RespondToAuthChallenge", &request),
            "NotAuthorizedException",
            "Incorrect username or password.",
        );
    }

    // DEVICE_KEY in InitiateAuth (amplify-js v6 style): InitiateAuth answers as always (it cannot
    // tell a device before the password), PASSWORD_VERIFIER refuses; the same answer again, still
    // without a key of its own, goes on without the device.
    let request = password_verifier_request(&s, EMAIL, Some(made_up), None);
    refused(
        s.call("RespondToAuthChallenge", &request),
        "ResourceNotFoundException",
        "Device does not exist.",
    );
    let mfa = s.call("RespondToAuthChallenge", &request).unwrap();
    let result = answer_sms(&s, &mfa);
    assert!(
        result["NewDeviceMetadata"]["DeviceKey"].is_string(),
        "signed in without a device: a new one ({result})"
    );

    // A wrong password with a bad device: the password's error, and counted as a failure.
    let mut request = password_verifier_request(&s, EMAIL, None, Some(made_up));
    request["ChallengeResponses"]["PASSWORD_CLAIM_SIGNATURE"] = json!(BASE64.encode([0u8; 32]));
    refused(
        s.call("RespondToAuthChallenge", &request),
        "NotAuthorizedException",
        "Incorrect username or password.",
    );
}

/// A pool that does not track devices ignores DEVICE_KEY, whatever it names.
#[test]
fn a_pool_without_device_tracking_ignores_device_keys() {
    let s = service();
    s.call("UpdateUserPool", &json!({ "UserPoolId": POOL }))
        .unwrap();
    let made_up = "us-east-1_00000000-0000-4000-8000-000000000000";
    let result = try_password_auth(&s, OTHER, PASSWORD, Some(made_up)).unwrap();
    assert!(result["AuthenticationResult"]["AccessToken"].is_string());
    assert!(result["AuthenticationResult"]["NewDeviceMetadata"].is_null());
    let request = password_verifier_request(&s, OTHER, Some(made_up), Some(made_up));
    let result = s.call("RespondToAuthChallenge", &request).unwrap();
    assert!(result["AuthenticationResult"]["AccessToken"].is_string());
}

/// A confirmed device the user did not remember (`not_remembered`): the sign-in asks for MFA as
/// usual, never DEVICE_SRP_AUTH, and hands out no new device key; its tokens are bound to that
/// device. Named in InitiateAuth (USER_PASSWORD_AUTH) or in the PASSWORD_VERIFIER answer alike.
#[test]
fn a_device_not_remembered_gets_mfa_and_no_new_device_key() {
    let s = service();
    let first = sign_in_with_sms(&s);
    let (key, _) = confirm_device(&s, &first);
    s.call("UpdateDeviceStatus", &json!({ "AccessToken": first["AccessToken"], "DeviceKey": key, "DeviceRememberedStatus": "not_remembered" })).unwrap();

    let by_password = answer_sms(&s, &password_auth(&s, Some(&key)));
    let request = password_verifier_request(&s, EMAIL, None, Some(&key));
    let by_srp = answer_sms(&s, &s.call("RespondToAuthChallenge", &request).unwrap());
    let request = password_verifier_request(&s, EMAIL, Some(&key), None);
    let by_srp_initiate = answer_sms(&s, &s.call("RespondToAuthChallenge", &request).unwrap());
    for result in [&by_password, &by_srp, &by_srp_initiate] {
        assert!(result["AccessToken"].is_string(), "{result}");
        assert!(
            result.get("NewDeviceMetadata").is_none(),
            "no new device key: {result}"
        );
        // The refresh token is bound to the device named.
        let refreshed = s.call(
            "GetTokensFromRefreshToken",
            &json!({ "ClientId": CLIENT, "RefreshToken": result["RefreshToken"], "DeviceKey": key }),
        );
        assert!(refreshed.is_ok(), "{refreshed:?}");
        refused(
            s.call(
                "GetTokensFromRefreshToken",
                &json!({ "ClientId": CLIENT, "RefreshToken": result["RefreshToken"] }),
            ),
            "NotAuthorizedException",
            "Invalid Refresh Token.",
        );
    }
    let devices = s
        .call(
            "ListDevices",
            &json!({ "AccessToken": first["AccessToken"] }),
        )
        .unwrap()["Devices"]
        .clone();
    assert_eq!(devices.as_array().unwrap().len(), 1, "{devices}");
    assert_eq!(devices[0]["DeviceKey"], key.as_str());
    assert!(
        devices[0]["DeviceAttributes"].as_array().unwrap().contains(
            &json!({ "Name": "dev:device_remembered_status", "Value": "not_remembered" })
        )
    );
}

/// DEVICE_PASSWORD_VERIFIER must name the session's device (the SDKs always send DEVICE_KEY).
#[test]
fn device_password_verifier_names_its_device() {
    let s = service();
    let first = sign_in_with_sms(&s);
    let (key, group) = confirm_device(&s, &first);
    s.call("UpdateDeviceStatus", &json!({ "AccessToken": first["AccessToken"], "DeviceKey": key, "DeviceRememberedStatus": "remembered" })).unwrap();
    for (named, kind) in [
        (None, "InvalidParameterException"),
        (Some("us-east-1_other"), "NotAuthorizedException"),
    ] {
        let answer = password_auth(&s, Some(&key));
        assert_eq!(answer["ChallengeName"], "DEVICE_SRP_AUTH");
        let client = SrpClient::generate().unwrap();
        let username = json!(EMAIL);
        let verifier = respond(
            &s,
            "DEVICE_SRP_AUTH",
            &answer["Session"],
            json!({ "USERNAME": username, "DEVICE_KEY": key, "SRP_A": client.public_a_hex() }),
        )
        .unwrap();
        let p = &verifier["ChallengeParameters"];
        let claim = client
            .password_claim(
                &VerifierChallenge {
                    pool_name: &group,
                    user_id_for_srp: &key,
                    salt_hex: p["SALT"].as_str().unwrap(),
                    b_hex: p["SRP_B"].as_str().unwrap(),
                    secret_block_b64: p["SECRET_BLOCK"].as_str().unwrap(),
                },
                DEVICE_PASSWORD,
                &now_stamp(),
            )
            .unwrap();
        let mut responses = json!({
            "USERNAME": username, "TIMESTAMP": claim.timestamp,
            "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block_b64, "PASSWORD_CLAIM_SIGNATURE": claim.signature_b64,
        });
        if let Some(named) = named {
            responses["DEVICE_KEY"] = json!(named);
        }
        let err = respond(
            &s,
            "DEVICE_PASSWORD_VERIFIER",
            &verifier["Session"],
            responses,
        )
        .unwrap_err();
        assert_eq!(err.kind, kind, "{err:?}");
    }
}

/// UpdateUserPool turns device tracking on (remembered on the user's word, or always) and off
/// (DeviceConfiguration left out), changes MfaConfiguration only when given, and leaves the other
/// settings alone; DescribeUserPool shows DeviceConfiguration only while tracking is on.
#[test]
fn update_user_pool_switches_device_tracking() {
    let s = common::seeded_service(json!({ "pools": [{
        "id": "us-east-1_Switch", "name": "switch", "mfa": "OPTIONAL",
        "clients": [{ "id": "switchclient", "name": "web", "auth_flows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }],
        "users": [{ "email": OTHER, "password": PASSWORD }],
    }]}));
    let pool = |s: &Service| {
        s.call(
            "DescribeUserPool",
            &json!({ "UserPoolId": "us-east-1_Switch" }),
        )
        .unwrap()["UserPool"]
            .clone()
    };
    let sign_in = |key: Option<&str>| {
        let mut params = json!({ "USERNAME": OTHER, "PASSWORD": PASSWORD });
        if let Some(key) = key {
            params["DEVICE_KEY"] = json!(key);
        }
        s.call("InitiateAuth", &json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": "switchclient", "AuthParameters": params }))
    };
    let update = |body: Value| {
        let mut request = json!({ "UserPoolId": "us-east-1_Switch" });
        for (k, v) in body.as_object().unwrap() {
            request[k] = v.clone();
        }
        s.call("UpdateUserPool", &request)
    };
    let mfa_config = || {
        s.call(
            "GetUserPoolMfaConfig",
            &json!({ "UserPoolId": "us-east-1_Switch" }),
        )
        .unwrap()
    };
    let before = mfa_config();
    assert!(pool(&s).get("DeviceConfiguration").is_none());
    assert!(sign_in(None).unwrap()["AuthenticationResult"]["NewDeviceMetadata"].is_null());

    // On, remembered when the user says so.
    let on =
        json!({ "ChallengeRequiredOnNewDevice": true, "DeviceOnlyRememberedOnUserPrompt": true });
    assert_eq!(
        update(json!({ "DeviceConfiguration": on })).unwrap(),
        json!({})
    );
    assert_eq!(pool(&s)["DeviceConfiguration"], on);
    assert_eq!(pool(&s)["MfaConfiguration"], "OPTIONAL", "left as it was");
    assert_eq!(mfa_config(), before);
    let result = sign_in(None).unwrap()["AuthenticationResult"].clone();
    let key = result["NewDeviceMetadata"]["DeviceKey"]
        .as_str()
        .expect("a device key")
        .to_owned();
    let group = result["NewDeviceMetadata"]["DeviceGroupKey"]
        .as_str()
        .unwrap()
        .to_owned();
    let salt = parse_hex("5a1b2c3d4e5f60718293a4b5c6d7e8f9").unwrap();
    let v = srp::server::verifier(&salt, &group, &key, DEVICE_PASSWORD);
    let confirmed = s
        .call("ConfirmDevice", &json!({
            "AccessToken": result["AccessToken"], "DeviceKey": key,
            "DeviceSecretVerifierConfig": { "PasswordVerifier": BASE64.encode(v.to_bytes_be()), "Salt": BASE64.encode(salt.to_bytes_be()) },
        }))
        .unwrap();
    assert_eq!(confirmed["UserConfirmationNecessary"], true);
    let again = sign_in(Some(&key)).unwrap();
    assert!(
        again["AuthenticationResult"]["AccessToken"].is_string(),
        "not remembered: no DEVICE_SRP_AUTH ({again})"
    );
    assert!(again["AuthenticationResult"]["NewDeviceMetadata"].is_null());

    // Every confirmed device remembered.
    let always =
        json!({ "ChallengeRequiredOnNewDevice": true, "DeviceOnlyRememberedOnUserPrompt": false });
    update(json!({ "DeviceConfiguration": always })).unwrap();
    assert_eq!(pool(&s)["DeviceConfiguration"], always);
    assert_eq!(
        sign_in(Some(&key)).unwrap()["ChallengeName"],
        "DEVICE_SRP_AUTH"
    );
    // `{}`: on, both flags false.
    update(json!({ "DeviceConfiguration": {} })).unwrap();
    assert_eq!(
        pool(&s)["DeviceConfiguration"],
        json!({ "ChallengeRequiredOnNewDevice": false, "DeviceOnlyRememberedOnUserPrompt": false })
    );

    // Left out: off again, as Cognito resets what UpdateUserPool leaves out; MFA untouched here.
    assert_eq!(update(json!({})).unwrap(), json!({}));
    assert!(pool(&s).get("DeviceConfiguration").is_none());
    assert_eq!(pool(&s)["MfaConfiguration"], "OPTIONAL");
    assert_eq!(mfa_config(), before);
    for named in [Some(key.as_str()), Some("us-east-1_unknown"), None] {
        let result = sign_in(named).unwrap();
        assert!(
            result["AuthenticationResult"]["AccessToken"].is_string(),
            "{result}"
        );
        assert!(result["AuthenticationResult"]["NewDeviceMetadata"].is_null());
    }
    // The device is kept, for when tracking comes back.
    update(json!({ "DeviceConfiguration": always })).unwrap();
    assert_eq!(
        sign_in(Some(&key)).unwrap()["ChallengeName"],
        "DEVICE_SRP_AUTH"
    );
    update(json!({ "DeviceConfiguration": null })).unwrap();
    assert!(pool(&s).get("DeviceConfiguration").is_none());

    // MfaConfiguration when given; a bad value changes nothing.
    update(json!({ "MfaConfiguration": "ON", "DeviceConfiguration": on })).unwrap();
    assert_eq!(pool(&s)["MfaConfiguration"], "ON");
    let err = update(json!({ "MfaConfiguration": "MAYBE" })).unwrap_err();
    assert_eq!(err.kind, "InvalidParameterException");
    assert_eq!(pool(&s)["MfaConfiguration"], "ON");
    assert_eq!(pool(&s)["DeviceConfiguration"], on, "nothing applied");
    for (body, kind) in [
        (
            json!({ "DeviceConfiguration": "yes" }),
            "SerializationException",
        ),
        (
            json!({ "DeviceConfiguration": { "DeviceOnlyRememberedOnUserPrompt": "no" } }),
            "SerializationException",
        ),
    ] {
        assert_eq!(update(body).unwrap_err().kind, kind);
    }
    assert_eq!(pool(&s)["DeviceConfiguration"], on, "nothing applied");
    let err = s
        .call(
            "UpdateUserPool",
            &json!({ "UserPoolId": "us-east-1_Nope", "DeviceConfiguration": on }),
        )
        .unwrap_err();
    assert_eq!(
        (err.kind, err.message.as_str()),
        (
            "ResourceNotFoundException",
            "User pool us-east-1_Nope does not exist."
        )
    );
    let err = s
        .call("UpdateUserPool", &json!({ "DeviceConfiguration": on }))
        .unwrap_err();
    assert_eq!(err.kind, "InvalidParameterException");
}

#[test]
fn confirm_device_takes_a_real_verifier_and_only_once() {
    let s = service();
    let result = s
        .call("InitiateAuth", &json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT, "AuthParameters": { "USERNAME": OTHER, "PASSWORD": PASSWORD } }))
        .unwrap()["AuthenticationResult"]
        .clone();
    let key = result["NewDeviceMetadata"]["DeviceKey"].clone();
    let confirm = |verifier: &[u8]| {
        s.call("ConfirmDevice", &json!({
            "AccessToken": result["AccessToken"], "DeviceKey": key,
            "DeviceSecretVerifierConfig": { "PasswordVerifier": BASE64.encode(verifier), "Salt": BASE64.encode([7u8; 16]) },
        }))
    };
    // 0, 1 and −1 (mod N) are no verifier: with one of them a device's proof can be made
    // without its secret (B, and so S, fall into {0, 1, −1}).
    let n = srp::group().n.to_bytes_be();
    let n_plus_one = (&srp::group().n + 1u8).to_bytes_be();
    let n_minus_one = (&srp::group().n - 1u8).to_bytes_be();
    for bogus in [&[0u8][..], &[1], &n, &n_plus_one, &n_minus_one] {
        refused(
            confirm(bogus),
            "InvalidParameterException",
            "DeviceSecretVerifierConfig.PasswordVerifier is not a valid verifier",
        );
    }
    // A real one, once; then the device's secret is set for good.
    let (confirmed, _) = confirm_device(&s, &result);
    assert_eq!(json!(confirmed), key);
    refused(
        confirm(&[42u8; 384]),
        "DeviceKeyExistsException",
        "Device key already exists.",
    );
}

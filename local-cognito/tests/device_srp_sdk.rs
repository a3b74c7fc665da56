//! The official SDK's remembered-device formats against the stand-in, with vectors captured from
//! amazon-cognito-identity-js 6.3.21 (`tests/fixtures/device_srp_sdk.json`): ConfirmDevice's
//! `Salt` is base64 of padHex(salt)'s bytes (15, 16 or 17 bytes) and `PasswordVerifier` base64 of
//! padHex(v)'s (383, 384 or 385 bytes); device SRP hashes x = H(padHex(salt) ‖ H(groupKey ‖
//! deviceKey ‖ ":" ‖ password)) and signs HMAC(key, groupKey ‖ deviceKey ‖ secret block ‖
//! timestamp); USERNAME in both device answers is USER_ID_FOR_SRP and DEVICE_KEY is in both.
//!
//! Each case's user already holds the case's device (DeviceKey and DeviceGroupKey as
//! NewDeviceMetadata would have given them: the stand-in makes its own keys, so the store is
//! seeded, saved, edited and loaded). ConfirmDevice takes the SDK's own DeviceSecretVerifierConfig,
//! and the device sign-in that follows is signed with the case's SRP private value a; the
//! server's b is random, so the signature is computed live by the project's SRP client, which the
//! first test shows signs exactly as the SDK did.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use cognito_crypto::srp::{self, SrpClient, VerifierChallenge, parse_hex};
use local_cognito::seed::Seed;
use local_cognito::service::{Service, ServiceConfig};
use local_cognito::store::{Device, Store};
use serde_json::{Value, json};

const FIXTURE: &str = include_str!("fixtures/device_srp_sdk.json");
const POOL: &str = "eu-west-1_AbCdEfGhI";
const CLIENT: &str = "1example23456789abcdefghij";
const PASSWORD: &str = "Vectors-Passw0rd!";

fn cases() -> Vec<Value> {
    let fixture: Value = serde_json::from_str(FIXTURE).expect("the fixture is JSON");
    let cases = fixture["cases"].as_array().expect("cases").clone();
    assert_eq!(cases.len(), 10);
    cases
}

fn text<'a>(case: &'a Value, field: &str) -> &'a str {
    case[field]
        .as_str()
        .unwrap_or_else(|| panic!("{}: no {field}", case["id"]))
}

/// Bytes of a hex string (an odd length gets a leading zero).
fn hex_bytes(hex: &str) -> Vec<u8> {
    let hex = if hex.len() % 2 == 1 {
        format!("0{hex}")
    } else {
        hex.to_owned()
    };
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
        .collect()
}

/// The sign-in name of a case's user in the stand-in's email pool.
fn email(case: &Value) -> String {
    let name = text(case, "username");
    if name.contains('@') {
        name.to_owned()
    } else {
        format!("{name}@example.com")
    }
}

fn now_stamp() -> String {
    cognito_crypto::timestamp::format(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("after 1970")
            .as_millis() as i64,
    )
}

/// Without the stand-in: the vectors hold together, and the project's SRP client, given the
/// case's a, B, salt, secret block and timestamp, signs exactly as the SDK did.
#[test]
fn the_vectors_hold_and_the_srp_client_signs_as_the_sdk_did() {
    for case in cases() {
        let id = text(&case, "id");
        let (group, key, password) = (
            text(&case, "device_group_key"),
            text(&case, "device_key"),
            text(&case, "device_password"),
        );
        // ConfirmDevice's fields are the bytes of the padHex strings, whatever their length.
        let salt_bytes = BASE64
            .decode(text(&case["confirm_device"], "Salt"))
            .expect("Salt is base64");
        assert_eq!(salt_bytes, hex_bytes(text(&case, "salt_hex")), "{id}");
        assert!((15..=17).contains(&salt_bytes.len()), "{id}");
        let verifier_bytes = BASE64
            .decode(text(&case["confirm_device"], "PasswordVerifier"))
            .expect("PasswordVerifier is base64");
        assert_eq!(
            verifier_bytes,
            hex_bytes(text(&case, "verifier_hex")),
            "{id}"
        );
        assert!((383..=385).contains(&verifier_bytes.len()), "{id}");
        // v = g^x with x over padHex(salt), the group key and the device key.
        let salt = parse_hex(text(&case, "salt_hex")).expect("salt");
        assert_eq!(
            srp::server::verifier(&salt, group, key, password),
            parse_hex(text(&case, "verifier_hex")).expect("verifier"),
            "{id}"
        );
        // The client half.
        let client =
            SrpClient::from_private_bytes(&hex_bytes(text(&case, "a_hex"))).expect("a is usable");
        assert_eq!(client.public_a_hex(), text(&case, "A_hex"), "{id}");
        let claim = client
            .password_claim(
                &VerifierChallenge {
                    pool_name: group,
                    user_id_for_srp: key,
                    salt_hex: text(&case, "salt_hex"),
                    b_hex: text(&case, "B_hex"),
                    secret_block_b64: text(&case, "secret_block_b64"),
                },
                password,
                text(&case, "timestamp"),
            )
            .expect("a claim");
        assert_eq!(claim.signature_b64, text(&case, "signature_b64"), "{id}");
        // What the SDK sent: USER_ID_FOR_SRP as USERNAME, DEVICE_KEY in both answers.
        for answer in ["device_srp_auth_challenge_responses", "challenge_responses"] {
            assert_eq!(
                case[answer]["USERNAME"], case["user_id_for_srp"],
                "{id} {answer}"
            );
            assert_eq!(
                case[answer]["DEVICE_KEY"], case["device_key"],
                "{id} {answer}"
            );
        }
    }
}

/// A service with one user per case, each holding the case's device, not yet confirmed; the
/// pool has SMS MFA and does not track devices until a test says how (UpdateUserPool).
fn service(cases: &[Value]) -> Service {
    let dir = std::env::temp_dir().join(format!(
        "local-cognito-device-vectors-{}-{}",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let path = dir.join("state.json");
    let users: Vec<Value> = cases
        .iter()
        .map(|c| json!({ "email": email(c), "password": PASSWORD, "phone": "+15555550123", "mfa": ["SMS_MFA"] }))
        .collect();
    let seeding = Service::new(
        ServiceConfig {
            print_codes: false,
            state_path: Some(path.clone()),
            ..ServiceConfig::default()
        },
        Store::default(),
    )
    .expect("a service");
    Seed::parse(
        &json!({ "pools": [{
            "id": POOL, "name": "vectors", "mfa": "OPTIONAL", "sms": true,
            "clients": [{ "id": CLIENT, "name": "sdk", "auth_flows": ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }],
            "users": users,
        }]})
        .to_string(),
    )
    .expect("the seed parses")
    .apply(&seeding)
    .expect("the seed applies");
    drop(seeding);
    let mut store = Store::load(&path).expect("readable").expect("saved");
    let _ = std::fs::remove_dir_all(&dir);
    let pool = store.pools.get_mut(POOL).expect("the pool");
    for case in cases {
        let username = pool.find_username(&email(case)).expect("the user");
        let user = pool.users.get_mut(&username).expect("the user");
        user.device_group_key = Some(text(case, "device_group_key").to_owned());
        user.devices.push(Device {
            key: text(case, "device_key").to_owned(),
            name: None,
            salt_hex: None,
            verifier_hex: None,
            remembered: false,
            created: 0.0,
            modified: 0.0,
            last_authenticated: 0.0,
        });
    }
    Service::new(
        ServiceConfig {
            print_codes: false,
            ..ServiceConfig::default()
        },
        store,
    )
    .expect("a service")
}

fn respond(s: &Service, challenge: &str, session: &Value, responses: Value) -> Value {
    s.call(
        "RespondToAuthChallenge",
        &json!({ "ClientId": CLIENT, "ChallengeName": challenge, "Session": session, "ChallengeResponses": responses }),
    )
    .unwrap_or_else(|e| panic!("{challenge} refused: {e:?}"))
}

/// ConfirmDevice with each case's SDK-made DeviceSecretVerifierConfig, then a sign-in that the
/// device completes instead of the SMS code: the stand-in accepts the SDK's verifier format.
/// Half the cases run in a pool that remembers devices on the user's word (UpdateDeviceStatus
/// follows), half in one that remembers every confirmed device; DEVICE_KEY goes into InitiateAuth
/// (amplify-js v6, this project's app) for some and into the PASSWORD_VERIFIER answer (the SDK)
/// for the others.
#[test]
fn the_stand_in_accepts_the_sdks_device_verifier_and_device_sign_in() {
    let cases = cases();
    let s = service(&cases);
    for (i, case) in cases.iter().enumerate() {
        let id = text(case, "id");
        let (key, group) = (text(case, "device_key"), text(case, "device_group_key"));
        let on_prompt = i % 2 == 0;
        s.call("UpdateUserPool", &json!({
            "UserPoolId": POOL,
            "DeviceConfiguration": { "ChallengeRequiredOnNewDevice": true, "DeviceOnlyRememberedOnUserPrompt": on_prompt },
        }))
        .expect("UpdateUserPool");

        // Sign-in 1 on the device (SMS MFA), then ConfirmDevice as the SDK sent it.
        let mfa = s
            .call("InitiateAuth", &json!({
                "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT,
                "AuthParameters": { "USERNAME": email(case), "PASSWORD": PASSWORD, "DEVICE_KEY": key },
            }))
            .expect("password accepted");
        assert_eq!(mfa["ChallengeName"], "SMS_MFA", "{id}: not confirmed yet");
        let user_id = mfa["ChallengeParameters"]["USER_ID_FOR_SRP"].clone();
        let code = s
            .deliveries(&email(case))
            .last()
            .expect("a code")
            .code
            .clone();
        let first = respond(
            &s,
            "SMS_MFA",
            &mfa["Session"],
            json!({ "USERNAME": user_id, "SMS_MFA_CODE": code }),
        )["AuthenticationResult"]
            .clone();
        assert!(first.get("NewDeviceMetadata").is_none(), "{id}: {first}");
        let confirmed = s
            .call(
                "ConfirmDevice",
                &json!({
                    "AccessToken": first["AccessToken"], "DeviceKey": key,
                    "DeviceSecretVerifierConfig": case["confirm_device"], "DeviceName": "nodejs",
                }),
            )
            .unwrap_or_else(|e| panic!("{id}: ConfirmDevice refused: {e:?}"));
        assert_eq!(confirmed["UserConfirmationNecessary"], on_prompt, "{id}");
        if on_prompt {
            s.call("UpdateDeviceStatus", &json!({ "AccessToken": first["AccessToken"], "DeviceKey": key, "DeviceRememberedStatus": "remembered" }))
                .expect("remembered");
        }

        // Sign-in 2: USER_SRP_AUTH, the device named in InitiateAuth or in PASSWORD_VERIFIER.
        let in_initiate = i % 3 == 0;
        let srp = SrpClient::generate().expect("a client");
        let mut params = json!({ "USERNAME": email(case), "SRP_A": srp.public_a_hex() });
        if in_initiate {
            params["DEVICE_KEY"] = json!(key);
        }
        let challenge = s
            .call(
                "InitiateAuth",
                &json!({ "AuthFlow": "USER_SRP_AUTH", "ClientId": CLIENT, "AuthParameters": params }),
            )
            .expect("InitiateAuth");
        let p = &challenge["ChallengeParameters"];
        let user_id = text(p, "USER_ID_FOR_SRP").to_owned();
        let claim = srp
            .password_claim(
                &VerifierChallenge {
                    pool_name: "AbCdEfGhI",
                    user_id_for_srp: &user_id,
                    salt_hex: text(p, "SALT"),
                    b_hex: text(p, "SRP_B"),
                    secret_block_b64: text(p, "SECRET_BLOCK"),
                },
                PASSWORD,
                &now_stamp(),
            )
            .expect("a claim");
        let mut responses = json!({
            "USERNAME": user_id, "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block_b64,
            "TIMESTAMP": claim.timestamp, "PASSWORD_CLAIM_SIGNATURE": claim.signature_b64,
        });
        if !in_initiate {
            responses["DEVICE_KEY"] = json!(key);
        }
        let device_challenge = respond(&s, "PASSWORD_VERIFIER", &Value::Null, responses);
        assert_eq!(
            device_challenge["ChallengeName"], "DEVICE_SRP_AUTH",
            "{id}: the remembered device instead of SMS ({device_challenge})"
        );

        // DEVICE_SRP_AUTH with the SDK's a: the same SRP_A it sent.
        let device = SrpClient::from_private_bytes(&hex_bytes(text(case, "a_hex"))).expect("a");
        assert_eq!(device.public_a_hex(), text(case, "A_hex"), "{id}");
        let verifier_challenge = respond(
            &s,
            "DEVICE_SRP_AUTH",
            &device_challenge["Session"],
            json!({ "USERNAME": user_id, "DEVICE_KEY": key, "SRP_A": device.public_a_hex() }),
        );
        assert_eq!(
            verifier_challenge["ChallengeName"],
            "DEVICE_PASSWORD_VERIFIER"
        );
        let p = &verifier_challenge["ChallengeParameters"];
        // SALT is the salt ConfirmDevice gave, as a number (the SDK parses it as one).
        assert_eq!(
            parse_hex(text(p, "SALT")),
            parse_hex(text(case, "salt_hex")),
            "{id}"
        );
        let sign = |password: &str| {
            device
                .password_claim(
                    &VerifierChallenge {
                        pool_name: group,
                        user_id_for_srp: key,
                        salt_hex: text(p, "SALT"),
                        b_hex: text(p, "SRP_B"),
                        secret_block_b64: text(p, "SECRET_BLOCK"),
                    },
                    password,
                    &now_stamp(),
                )
                .expect("a claim")
        };
        let claim = sign(text(case, "device_password"));
        let tokens = respond(
            &s,
            "DEVICE_PASSWORD_VERIFIER",
            &verifier_challenge["Session"],
            json!({
                "USERNAME": user_id, "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block_b64,
                "TIMESTAMP": claim.timestamp, "PASSWORD_CLAIM_SIGNATURE": claim.signature_b64,
                "DEVICE_KEY": key,
            }),
        )["AuthenticationResult"]
            .clone();
        assert!(tokens["AccessToken"].is_string(), "{id}: {tokens}");
        assert!(tokens.get("NewDeviceMetadata").is_none(), "{id}: {tokens}");
        // The refresh token belongs to the device.
        s.call(
            "GetTokensFromRefreshToken",
            &json!({ "ClientId": CLIENT, "RefreshToken": tokens["RefreshToken"], "DeviceKey": key }),
        )
        .unwrap_or_else(|e| panic!("{id}: refresh refused: {e:?}"));

        // The same device with another password is refused.
        if i == 0 {
            let again = s
                .call("InitiateAuth", &json!({
                    "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT,
                    "AuthParameters": { "USERNAME": email(case), "PASSWORD": PASSWORD, "DEVICE_KEY": key },
                }))
                .expect("password accepted");
            assert_eq!(again["ChallengeName"], "DEVICE_SRP_AUTH");
            let device = SrpClient::generate().expect("a client");
            let verifier_challenge = respond(
                &s,
                "DEVICE_SRP_AUTH",
                &again["Session"],
                json!({ "USERNAME": user_id, "DEVICE_KEY": key, "SRP_A": device.public_a_hex() }),
            );
            let p = &verifier_challenge["ChallengeParameters"];
            let claim = device
                .password_claim(
                    &VerifierChallenge {
                        pool_name: group,
                        user_id_for_srp: key,
                        salt_hex: text(p, "SALT"),
                        b_hex: text(p, "SRP_B"),
                        secret_block_b64: text(p, "SECRET_BLOCK"),
                    },
                    "not-the-device-password",
                    &now_stamp(),
                )
                .expect("a claim");
            let err = s
                .call("RespondToAuthChallenge", &json!({
                    "ClientId": CLIENT, "ChallengeName": "DEVICE_PASSWORD_VERIFIER", "Session": verifier_challenge["Session"],
                    "ChallengeResponses": {
                        "USERNAME": user_id, "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block_b64,
                        "TIMESTAMP": claim.timestamp, "PASSWORD_CLAIM_SIGNATURE": claim.signature_b64,
                        "DEVICE_KEY": key,
                    },
                }))
                .unwrap_err();
            assert_eq!(err.kind, "NotAuthorizedException", "{err:?}");
        }
    }
}

//! Known-answer tests against the repository's copy in tests/vectors (paths overridable with SRP_VECTORS,
//! SRP_TIMESTAMP_VECTORS and TOTP_VECTORS so other vector sets run through the same checks).

use std::path::PathBuf;

use cognito_crypto::srp::{self, SrpClient, SrpError, VerifierChallenge, pad_hex, parse_hex};
use cognito_crypto::{hex, otpauth, timestamp, totp};
use serde_json::Value;

fn vectors(env: &str, file: &str) -> Value {
    let path = std::env::var_os(env).map(PathBuf::from).unwrap_or_else(|| {
        // At run time, not `env!`: the build directory is shared by clones, and a binary built in
        // another clone (CI's, say) must not look for its files there.
        PathBuf::from(
            std::env::var_os("CARGO_MANIFEST_DIR")
                .unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into()),
        )
        .join("../../tests/vectors")
        .join(file)
    });
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {} (set {env} to override): {e}",
            path.display()
        )
    });
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

fn s<'a>(case: &'a Value, key: &str) -> &'a str {
    case[key]
        .as_str()
        .unwrap_or_else(|| panic!("case {} lacks string {key}", case["id"]))
}

fn cases(doc: &Value, key: &str) -> Vec<Value> {
    let list = doc[key]
        .as_array()
        .unwrap_or_else(|| panic!("no `{key}` array"))
        .clone();
    assert!(
        !list.is_empty(),
        "`{key}` is empty: nothing would be tested"
    );
    list
}

fn challenge(case: &Value) -> VerifierChallenge<'_> {
    VerifierChallenge {
        pool_name: s(case, "pool_name"),
        user_id_for_srp: s(case, "user_id_for_srp"),
        salt_hex: s(case, "salt_hex"),
        b_hex: s(case, "B_hex"),
        secret_block_b64: s(case, "secret_block_b64"),
    }
}

#[test]
fn srp_group_constants_match() {
    let doc = vectors("SRP_VECTORS", "srp.json");
    let grp = srp::group();
    assert_eq!(grp.n, parse_hex(s(&doc["constants"], "N_hex")).unwrap());
    assert_eq!(grp.g.to_str_radix(16), s(&doc["constants"], "g_hex"));
    assert_eq!(
        format!("{:0>64}", grp.k.to_str_radix(16)),
        s(&doc["constants"], "k_hex")
    );
}

#[test]
fn srp_client_reproduces_every_positive_case() {
    let doc = vectors("SRP_VECTORS", "srp.json");
    let mut checked = 0;
    for case in cases(&doc, "cases")
        .iter()
        .filter(|c| c.get("expect_error").is_none())
    {
        let id = &case["id"];
        let client = SrpClient::from_private(parse_hex(s(case, "a_hex")).unwrap());
        assert_eq!(client.public_a_hex(), s(case, "A_hex"), "{id}: A");
        assert_eq!(
            case["initiate_auth_parameters"]["SRP_A"],
            client.public_a_hex(),
            "{id}: SRP_A"
        );

        let ch = challenge(case);
        let password = s(case, "password");
        let d = client
            .derive(&ch, password)
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(
            format!("{:0>64}", d.u.to_str_radix(16)),
            s(case, "u_hex"),
            "{id}: u"
        );
        assert_eq!(d.x_hex().as_str(), s(case, "x_hex"), "{id}: x");
        assert_eq!(d.s_hex().as_str(), s(case, "S_hex"), "{id}: S");
        assert_eq!(
            hex::encode(&d.key),
            s(case, "hkdf_key_hex"),
            "{id}: hkdf key"
        );

        let padded = &case["padded"];
        assert_eq!(
            pad_hex(client.public_a()),
            s(padded, "A"),
            "{id}: padHex(A)"
        );
        assert_eq!(
            pad_hex(&parse_hex(ch.b_hex).unwrap()),
            s(padded, "B"),
            "{id}: padHex(B)"
        );
        assert_eq!(
            pad_hex(&parse_hex(ch.salt_hex).unwrap()),
            s(padded, "salt"),
            "{id}: padHex(salt)"
        );
        assert_eq!(pad_hex(&d.u), s(padded, "u"), "{id}: padHex(u)");
        assert_eq!(d.s_pad_hex().as_str(), s(padded, "S"), "{id}: padHex(S)");

        let ts = timestamp::format(case["timestamp_unix_ms"].as_i64().unwrap());
        assert_eq!(ts, s(case, "timestamp"), "{id}: timestamp");
        let claim = client.password_claim(&ch, password, &ts).unwrap();
        assert_eq!(
            claim.signature_b64,
            s(case, "signature_b64"),
            "{id}: signature"
        );
        let responses = &case["challenge_responses"];
        assert_eq!(
            claim.signature_b64,
            s(responses, "PASSWORD_CLAIM_SIGNATURE"),
            "{id}"
        );
        assert_eq!(
            claim.secret_block_b64,
            s(responses, "PASSWORD_CLAIM_SECRET_BLOCK"),
            "{id}"
        );
        assert_eq!(claim.timestamp, s(responses, "TIMESTAMP"), "{id}");
        assert_eq!(
            s(responses, "USERNAME"),
            ch.user_id_for_srp,
            "{id}: USERNAME is USER_ID_FOR_SRP"
        );
        checked += 1;
    }
    assert!(checked > 0, "no positive SRP case in the vector file");
}

#[test]
fn srp_client_refuses_b_zero_mod_n() {
    let doc = vectors("SRP_VECTORS", "srp.json");
    let failing: Vec<_> = cases(&doc, "cases")
        .into_iter()
        .filter(|c| c.get("expect_error").is_some())
        .collect();
    assert!(
        !failing.is_empty(),
        "no expect_error case in the vector file"
    );
    for case in &failing {
        let client = SrpClient::from_private(parse_hex(s(case, "a_hex")).unwrap());
        let result = client.password_claim(
            &challenge(case),
            s(case, "password"),
            "Thu Nov 5 09:03:07 UTC 2026",
        );
        assert_eq!(result.err(), Some(SrpError::IllegalB), "{}", case["id"]);
    }
}

/// The stand-in's server half must agree with the client on S for every vector, and reject a
/// wrong password: this is what lets local-cognito verify SRP for real.
#[test]
fn srp_server_half_agrees_with_vectors() {
    let doc = vectors("SRP_VECTORS", "srp.json");
    for case in cases(&doc, "cases")
        .iter()
        .filter(|c| c.get("server_b_hex").is_some())
    {
        let id = &case["id"];
        let salt = parse_hex(s(case, "salt_hex")).unwrap();
        let (pool, user, pw) = (
            s(case, "pool_name"),
            s(case, "user_id_for_srp"),
            s(case, "password"),
        );
        let v = srp::server::verifier(&salt, pool, user, pw);
        let b = parse_hex(s(case, "server_b_hex")).unwrap();
        let b_pub = srp::server::public_b(&v, &b);
        assert_eq!(b_pub, parse_hex(s(case, "B_hex")).unwrap(), "{id}: B");
        let a_pub = parse_hex(s(case, "A_hex")).unwrap();
        let key = srp::server::derive_key_for(&a_pub, &b_pub, &v, &b).unwrap();
        assert_eq!(
            hex::encode(&key),
            s(case, "hkdf_key_hex"),
            "{id}: server key"
        );

        let client = SrpClient::from_private(parse_hex(s(case, "a_hex")).unwrap());
        let wrong = client.derive(&challenge(case), &format!("{pw}x")).unwrap();
        assert_ne!(
            wrong.key, key,
            "{id}: a wrong password must derive another key"
        );
    }
}

#[test]
fn srp_fresh_clients_differ_and_sign_in_against_the_server_half() {
    let server = srp::server::Demo::new(
        "AbCdEfGhI",
        "5f3c0b9e-6c1a-4a57-9d35-1a2b3c4d5e6f",
        "Demo-Passw0rd!",
    );
    let c1 = SrpClient::generate().unwrap();
    let c2 = SrpClient::generate().unwrap();
    assert_ne!(
        c1.public_a_hex(),
        c2.public_a_hex(),
        "private values must be random"
    );
    let client_key = c1
        .derive(&server.challenge(), &server.password)
        .unwrap()
        .key;
    assert_eq!(client_key, server.key_for(c1.public_a()).unwrap());
    let wrong = c1
        .derive(&server.challenge(), "Wrong-Passw0rd!")
        .unwrap()
        .key;
    assert_ne!(wrong, server.key_for(c1.public_a()).unwrap());
}

#[test]
fn timestamps_match_byte_for_byte() {
    let doc = vectors("SRP_TIMESTAMP_VECTORS", "srp_timestamp.json");
    for case in cases(&doc, "cases") {
        let ms = case["unix_ms"].as_i64().unwrap();
        assert_eq!(
            timestamp::format(ms),
            s(&case, "expected"),
            "{}",
            case["unix_ms"]
        );
        assert_eq!(
            timestamp::parse(s(&case, "expected")),
            Some(ms.div_euclid(1000))
        );
    }
}

#[test]
fn totp_codes_match() {
    let doc = vectors("TOTP_VECTORS", "totp.json");
    for case in cases(&doc, "codes") {
        let key = totp::decode_secret(s(&case, "secret_base32")).unwrap();
        let t = case["unix_time"].as_u64().unwrap();
        let period = case["period"].as_u64().unwrap();
        let digits = case["digits"].as_u64().unwrap() as u32;
        assert_eq!(
            totp::hotp(&key, t / period, digits),
            s(&case, "expected"),
            "{}",
            case["id"]
        );
        if digits == 6 && period == totp::PERIOD {
            assert_eq!(
                totp::code_at(&key, t),
                s(&case, "expected"),
                "{}",
                case["id"]
            );
        }
    }
}

#[test]
fn totp_secret_normalization_and_rejection() {
    let doc = vectors("TOTP_VECTORS", "totp.json");
    for case in cases(&doc, "normalization") {
        assert_eq!(
            totp::normalize_secret(s(&case, "secret_input")),
            s(&case, "normalized_secret"),
            "{}",
            case["id"]
        );
        let key = totp::decode_secret(s(&case, "secret_input")).unwrap();
        assert_eq!(
            totp::code_at(&key, case["unix_time"].as_u64().unwrap()),
            s(&case, "expected"),
            "{}",
            case["id"]
        );
    }
    for case in cases(&doc, "invalid") {
        assert!(
            totp::decode_secret(s(&case, "secret_input")).is_err(),
            "{} must be rejected",
            case["id"]
        );
    }
}

#[test]
fn otpauth_uris_match() {
    let doc = vectors("TOTP_VECTORS", "totp.json");
    for case in cases(&doc, "uris") {
        let uri = otpauth::key_uri(
            s(&case, "issuer"),
            s(&case, "account"),
            s(&case, "secret_base32"),
        );
        if case["ambiguous"].as_bool() == Some(true) {
            assert_eq!(
                decoded(&uri),
                decoded(s(&case, "expected_uri")),
                "{}",
                case["id"]
            );
        } else {
            assert_eq!(uri, s(&case, "expected_uri"), "{}", case["id"]);
        }
    }
}

fn decoded(uri: &str) -> String {
    percent_encoding::percent_decode_str(uri)
        .decode_utf8_lossy()
        .into_owned()
}

/// Remembered devices, against amazon-cognito-identity-js 6.3.21's own device code
/// (`generateHashDevice`, ConfirmDevice, `getDeviceResponse`; tests/vectors/device_srp.json).
#[test]
fn device_secrets_and_device_srp_match_the_official_sdk() {
    use cognito_crypto::device::DeviceSecret;
    let doc = vectors("DEVICE_SRP_VECTORS", "device_srp.json");
    let mut checked = 0;
    for case in cases(&doc, "cases") {
        let id = &case["id"];
        let (group, key) = (s(&case, "device_group_key"), s(&case, "device_key"));
        // ConfirmDevice: the verifier and the config exactly as the SDK sends them.
        let secret = DeviceSecret::from_parts(
            group,
            key,
            zeroize::Zeroizing::new(s(&case, "device_password").to_owned()),
            s(&case, "salt_hex"),
        )
        .unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(
            secret.verifier_hex,
            s(&case, "verifier_hex"),
            "{id}: verifier"
        );
        let (verifier_b64, salt_b64) = secret.verifier_config();
        assert_eq!(
            verifier_b64,
            s(&case["confirm_device"], "PasswordVerifier"),
            "{id}"
        );
        assert_eq!(salt_b64, s(&case["confirm_device"], "Salt"), "{id}");
        // DEVICE_SRP_AUTH's SRP_A, then DEVICE_PASSWORD_VERIFIER's signature: the device's group
        // key stands in for the pool name and its key for the user.
        let client = SrpClient::from_private(parse_hex(s(&case, "a_hex")).unwrap());
        assert_eq!(
            client.public_a_hex(),
            s(&case["device_srp_auth_challenge_responses"], "SRP_A"),
            "{id}: A"
        );
        let params = &case["device_password_verifier_challenge_parameters"];
        let challenge = VerifierChallenge {
            pool_name: group,
            user_id_for_srp: key,
            salt_hex: s(params, "SALT"),
            b_hex: s(params, "SRP_B"),
            secret_block_b64: s(params, "SECRET_BLOCK"),
        };
        let claim = client
            .password_claim(
                &challenge,
                s(&case, "device_password"),
                s(&case, "timestamp"),
            )
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        let expected = &case["challenge_responses"];
        assert_eq!(
            claim.signature_b64,
            s(expected, "PASSWORD_CLAIM_SIGNATURE"),
            "{id}"
        );
        assert_eq!(claim.timestamp, s(expected, "TIMESTAMP"), "{id}");
        assert_eq!(s(expected, "DEVICE_KEY"), key, "{id}");
        checked += 1;
    }
    assert!(checked >= 6, "only {checked} device cases");
}

#[test]
fn a_fresh_device_secret_is_random_and_consistent() {
    use cognito_crypto::device::DeviceSecret;
    let a = DeviceSecret::generate(
        "-AbCdEfGh",
        "us-east-1_0a1b2c3d-1111-4222-8333-444455556666",
    )
    .unwrap();
    let b = DeviceSecret::generate(
        "-AbCdEfGh",
        "us-east-1_0a1b2c3d-1111-4222-8333-444455556666",
    )
    .unwrap();
    assert_ne!(*a.password, *b.password);
    assert_ne!(a.salt_hex, b.salt_hex);
    assert_eq!(
        a.password.len(),
        56,
        "40 random bytes in base64, as the SDK makes them"
    );
    let again = DeviceSecret::from_parts(
        "-AbCdEfGh",
        "us-east-1_0a1b2c3d-1111-4222-8333-444455556666",
        a.password.clone(),
        &a.salt_hex,
    )
    .unwrap();
    assert_eq!(again.verifier_hex, a.verifier_hex);
    assert!(
        !format!("{a:?}").contains(a.password.as_str()),
        "Debug hides the password"
    );
}

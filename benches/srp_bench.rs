//! The SRP client timed in headless Chromium (release build): prints numbers, asserts only that
//! the work is right. Run by scripts/bench.sh (`cargo test --release --test srp_bench`), never by
//! `cargo test` (Cargo.toml: `test = false`).
#![cfg(target_arch = "wasm32")]

use cognito_crypto::srp::{self, SrpClient};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const ROUNDS: u32 = 25;

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

#[wasm_bindgen_test]
fn srp_client_timing_in_the_browser() {
    let perf = web_sys::window().unwrap().performance().unwrap();
    let t = perf.now();
    let grp = srp::group();
    while !grp.warm_up(4) {}
    let setup = perf.now() - t;
    let server = srp::server::Demo::new(
        "AbCdEfGhI",
        "5f3c0b9e-6c1a-4a57-9d35-1a2b3c4d5e6f",
        "Demo-Passw0rd!",
    );
    let ch = server.challenge();
    let (mut a_ms, mut claim_ms) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let t = perf.now();
        let client = SrpClient::generate().unwrap();
        a_ms.push(perf.now() - t);
        // What is left after "Sign in": x, g^x, S, the key and the signed claim.
        let t = perf.now();
        let claim = client
            .password_claim(&ch, &server.password, "Thu Nov 5 09:03:07 UTC 2026")
            .unwrap();
        claim_ms.push(perf.now() - t);
        let key = server.key_for(client.public_a()).unwrap();
        let expected = srp::claim_signature(
            &key,
            &server.pool_name,
            &server.user_id,
            &[0, 1, 2, 3, 4, 5],
            "Thu Nov 5 09:03:07 UTC 2026",
        );
        assert!(srp::server::signature_matches(
            &expected,
            &claim.signature_b64
        ));
    }
    console_log!(
        "browser SRP client (wasm), median of {ROUNDS}: A = {:.1} ms (made while the form waits); after \"Sign in\", the password claim = {:.1} ms; once per page, in slices while the form waits: group tables {setup:.1} ms",
        median(&mut a_ms),
        median(&mut claim_ms),
    );
    let r = f64::from(ROUNDS);
    // The two approaches to g^e, and the SDK's size of a, on the same inputs.
    let e = srp::private_key(&2025u32.into(), "pool", "user", "pw");
    let time = |f: &dyn Fn()| {
        let t = perf.now();
        for _ in 0..ROUNDS {
            f();
        }
        (perf.now() - t) / r
    };
    let ladder = time(&|| drop(grp.pow(&grp.g, &e, srp::HASH_EXP_BITS).unwrap()));
    let fixed = time(&|| drop(grp.pow_g(&e).unwrap()));
    let sdk_a = [0xa5u8; 128];
    let sdk_size = time(&|| {
        let client = SrpClient::from_private_bytes(&sdk_a).unwrap();
        drop(client.derive(&ch, &server.password).unwrap());
    });
    console_log!(
        "browser SRP approaches, mean of {ROUNDS}: g^e (256-bit e) by the 4-bit window ladder {ladder:.1} ms, by the fixed-base table {fixed:.1} ms; a whole sign-in with the SDK's 1024-bit a {sdk_size:.1} ms"
    );
}

/// Ours against amazon-cognito-identity-js 6.3.21 (its browser bundle, from e2e/node_modules) in
/// the same headless Chromium, on the same inputs (the first case of tests/vectors/srp.json):
/// the whole client computation of a sign-in (A, then the password claim's key), several
/// rounds each; prints medians and the ratio. Built only by scripts/bench.sh (feature
/// `sdk-bench`), which installs the SDK first.
#[cfg(feature = "sdk-bench")]
#[wasm_bindgen_test]
async fn srp_client_against_the_official_sdk() {
    use wasm_bindgen::JsCast;
    const SDK: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/e2e/node_modules/amazon-cognito-identity-js/dist/amazon-cognito-identity.min.js"
    ));
    const VECTORS: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/vectors/srp.json"
    ));
    const SDK_ROUNDS: u32 = 7;
    let doc: serde_json::Value = serde_json::from_str(VECTORS).unwrap();
    let case = &doc["cases"][0];
    let s = |k: &str| case[k].as_str().unwrap().to_owned();
    let (pool, user, password, salt, b) = (
        s("pool_name"),
        s("user_id_for_srp"),
        s("password"),
        s("salt_hex"),
        s("B_hex"),
    );
    js_sys::eval(SDK).unwrap();
    // The SDK's BigInteger is not exported; its N is one, so its constructor is the class.
    let sdk_round = js_sys::Function::new_with_args(
        "pool, user, password, saltHex, bHex",
        r#"
        const H = self.AmazonCognitoIdentity.AuthenticationHelper;
        const started = performance.now();
        const helper = new H(pool);
        const BigInteger = helper.N.constructor;
        return new Promise((done, fail) => helper.getLargeAValue((e) => {
          if (e) return fail(e);
          helper.getPasswordAuthenticationKey(user, password, new BigInteger(bHex, 16), new BigInteger(saltHex, 16),
            (e2) => (e2 ? fail(e2) : done(performance.now() - started)));
        }));
        "#,
    );
    let args = js_sys::Array::of5(
        &pool.as_str().into(),
        &user.as_str().into(),
        &password.as_str().into(),
        &salt.as_str().into(),
        &b.as_str().into(),
    );
    let mut sdk = Vec::new();
    for _ in 0..SDK_ROUNDS {
        let promise: js_sys::Promise = sdk_round
            .apply(&wasm_bindgen::JsValue::NULL, &args)
            .unwrap()
            .unchecked_into();
        let ms = wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
        sdk.push(ms.as_f64().unwrap());
    }
    let perf = web_sys::window().unwrap().performance().unwrap();
    let challenge = srp::VerifierChallenge {
        pool_name: &pool,
        user_id_for_srp: &user,
        salt_hex: &salt,
        b_hex: &b,
        secret_block_b64: "c2VjcmV0",
    };
    let mut ours = Vec::new();
    for _ in 0..ROUNDS {
        let t = perf.now();
        let client = SrpClient::generate().unwrap();
        client.derive(&challenge, &password).unwrap();
        ours.push(perf.now() - t);
    }
    let (ours, sdk) = (median(&mut ours), median(&mut sdk));
    console_log!(
        "SRP client work per sign-in in Chromium, median: ours {ours:.1} ms ({ROUNDS} rounds), amazon-cognito-identity-js 6.3.21 {sdk:.1} ms ({SDK_ROUNDS} rounds), ratio {:.2}x",
        ours / sdk
    );
}

//! The SRP client timed in headless Chromium (release build): prints numbers, asserts only that
//! the work is right. Run by scripts/bench.sh, not by the test suite.
#![cfg(target_arch = "wasm32")]

use cognito_crypto::srp::{self, SrpClient, VerifierChallenge, parse_hex};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const ROUNDS: u32 = 10;

#[wasm_bindgen_test]
fn srp_client_timing_in_the_browser() {
    let perf = web_sys::window().unwrap().performance().unwrap();
    let (pool, user, password) = (
        "AbCdEfGhI",
        "5f3c0b9e-6c1a-4a57-9d35-1a2b3c4d5e6f",
        "Demo-Passw0rd!",
    );
    let salt = parse_hex("0a1b2c3d4e5f60718293a4b5c6d7e8f9").unwrap();
    let v = srp::server::verifier(&salt, pool, user, password);
    let b = parse_hex("1234567890abcdef1234567890abcdef").unwrap();
    let b_pub = srp::server::public_b(&v, &b);
    let b_hex = b_pub.to_str_radix(16);
    let ch = VerifierChallenge {
        pool_name: pool,
        user_id_for_srp: user,
        salt_hex: "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
        b_hex: &b_hex,
        secret_block_b64: "AAECAwQF",
    };
    let (mut a_total, mut claim_total) = (0.0, 0.0);
    for _ in 0..ROUNDS {
        let t = perf.now();
        let client = SrpClient::generate().unwrap();
        a_total += perf.now() - t;
        let t = perf.now();
        let key = client.derive(&ch, password).unwrap().key;
        claim_total += perf.now() - t;
        assert_eq!(
            key,
            srp::server::derive_key_for(client.public_a(), &b_pub, &v, &b).unwrap()
        );
    }
    let r = f64::from(ROUNDS);
    console_log!(
        "browser SRP client (wasm), mean of {ROUNDS}: A = {:.1} ms, password claim = {:.1} ms, total = {:.1} ms",
        a_total / r,
        claim_total / r,
        (a_total + claim_total) / r
    );
}

//! The SRP client timed in headless Chromium (release build): prints numbers, asserts only that
//! the work is right. Run by scripts/bench.sh, not by the test suite.
#![cfg(target_arch = "wasm32")]

use cognito_crypto::srp::{self, SrpClient};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const ROUNDS: u32 = 10;

#[wasm_bindgen_test]
fn srp_client_timing_in_the_browser() {
    let perf = web_sys::window().unwrap().performance().unwrap();
    let server = srp::server::Demo::new(
        "AbCdEfGhI",
        "5f3c0b9e-6c1a-4a57-9d35-1a2b3c4d5e6f",
        "Demo-Passw0rd!",
    );
    let ch = server.challenge();
    let (mut a_total, mut claim_total) = (0.0, 0.0);
    for _ in 0..ROUNDS {
        let t = perf.now();
        let client = SrpClient::generate().unwrap();
        a_total += perf.now() - t;
        let t = perf.now();
        let key = client.derive(&ch, &server.password).unwrap().key;
        claim_total += perf.now() - t;
        assert_eq!(key, server.key_for(client.public_a()).unwrap());
    }
    let r = f64::from(ROUNDS);
    console_log!(
        "browser SRP client (wasm), mean of {ROUNDS}: A = {:.1} ms, password claim = {:.1} ms, total = {:.1} ms",
        a_total / r,
        claim_total / r,
        (a_total + claim_total) / r
    );
}

//! Times the client side of one USER_SRP_AUTH sign-in natively: A = g^a (what can be computed
//! while the user types) and the password claim (S and the signature), and compares the two
//! ways to g^e and the two sizes of a. Prints numbers; asserts nothing about speed.
//! Run: `cargo run --release -p cognito-crypto --example srp_bench`.

use std::time::Instant;

use cognito_crypto::srp::{self, SrpClient};

const ROUNDS: u32 = 20;

fn ms_per_round(f: impl Fn()) -> f64 {
    let t = Instant::now();
    for _ in 0..ROUNDS {
        f();
    }
    t.elapsed().as_secs_f64() * 1000.0 / f64::from(ROUNDS)
}

fn main() {
    let t = Instant::now();
    let grp = srp::group();
    while !grp.warm_up(4) {}
    let setup = t.elapsed().as_secs_f64() * 1000.0;
    let server = srp::server::Demo::new(
        "AbCdEfGhI",
        "5f3c0b9e-6c1a-4a57-9d35-1a2b3c4d5e6f",
        "Demo-Passw0rd!",
    );
    let (ch, password) = (server.challenge(), server.password.as_str());
    let timestamp = "Thu Nov 5 09:03:07 UTC 2026";

    let (mut a_total, mut claim_total) = (0.0, 0.0);
    for _ in 0..ROUNDS {
        let t = Instant::now();
        let client = SrpClient::generate().unwrap();
        a_total += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let claim = client.password_claim(&ch, password, timestamp).unwrap();
        claim_total += t.elapsed().as_secs_f64();
        std::hint::black_box(claim);
    }
    let ms = |total: f64| total * 1000.0 / f64::from(ROUNDS);
    println!(
        "native SRP client, mean of {ROUNDS}: A = {:.1} ms, password claim = {:.1} ms, total = {:.1} ms (once per process: group tables {setup:.1} ms)",
        ms(a_total),
        ms(claim_total),
        ms(a_total + claim_total)
    );

    let e = srp::private_key(&num_bigint::BigUint::from(7u8), "pool", "user", "pw");
    let ladder = ms_per_round(|| {
        std::hint::black_box(grp.pow(&grp.g, &e, srp::HASH_EXP_BITS).unwrap());
    });
    let fixed = ms_per_round(|| {
        std::hint::black_box(grp.pow_g(&e).unwrap());
    });
    println!(
        "native g^e, 256-bit e: 4-bit window ladder {ladder:.2} ms, fixed-base table {fixed:.2} ms"
    );
    let sdk_a = [0xa5u8; 128];
    let sdk_size = ms_per_round(|| {
        let client = SrpClient::from_private_bytes(&sdk_a).unwrap();
        std::hint::black_box(client.password_claim(&ch, password, timestamp).unwrap());
    });
    println!(
        "native SRP client with the SDK's 1024-bit a (ladder for A, {}-bit S exponent): {sdk_size:.1} ms per sign-in",
        srp::SDK_CLAIM_EXP_BITS
    );
}

//! Times the client side of one USER_SRP_AUTH sign-in natively: A = g^a (what can be computed
//! while the user types) and the password claim (S and the signature). Prints numbers; asserts
//! nothing about speed. Run: `cargo run --release -p cognito-crypto --example srp_bench`.

use std::time::Instant;

use cognito_crypto::srp::{self, SrpClient};

const ROUNDS: u32 = 20;

fn main() {
    let server = srp::server::Demo::new(
        "AbCdEfGhI",
        "5f3c0b9e-6c1a-4a57-9d35-1a2b3c4d5e6f",
        "Demo-Passw0rd!",
    );
    let (ch, password) = (server.challenge(), server.password.as_str());

    let (mut a_total, mut claim_total) = (0.0, 0.0);
    for _ in 0..ROUNDS {
        let t = Instant::now();
        let client = SrpClient::generate().unwrap();
        a_total += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let claim = client
            .password_claim(&ch, password, "Thu Nov 5 09:03:07 UTC 2026")
            .unwrap();
        claim_total += t.elapsed().as_secs_f64();
        std::hint::black_box(claim);
    }
    let ms = |total: f64| total * 1000.0 / f64::from(ROUNDS);
    println!(
        "native SRP client, mean of {ROUNDS}: A = {:.1} ms, password claim = {:.1} ms, total = {:.1} ms",
        ms(a_total),
        ms(claim_total),
        ms(a_total + claim_total)
    );
}

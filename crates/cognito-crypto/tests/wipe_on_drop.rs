//! No secret of a client sign-in is left in freed heap memory.
//!
//! A global allocator looks at every block as it is freed (realloc included, which frees the old
//! block) and records whether it still holds a slice of any secret of one known sign-in: the
//! password, its inner hash, a, x, g^x, k·g^x, B − k·g^x and its powers (the exponentiation
//! table), u·x, a + u·x, S (plain and in Montgomery form) and the key. A positive control first
//! shows the scan finds an un-wiped copy (what `BigUint::set_zero` used to leave behind).
//!
//! Stack copies are out of its reach; see the module documentation of `srp`.
#![cfg(target_endian = "little")]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use cognito_crypto::srp::{self, SrpClient};
use num_bigint::BigUint;
use sha2::{Digest, Sha256};

struct Scanning;

static ARMED: AtomicBool = AtomicBool::new(false);
/// Bit i set: pattern i was found in a freed block.
static HITS: AtomicU64 = AtomicU64::new(0);
/// Set once, before arming, and never freed.
static PATTERNS: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();

// SAFETY: forwards to `System`; every block is handed out zeroed so that reading it back in
// `dealloc` only reads initialised bytes.
unsafe impl GlobalAlloc for Scanning {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if ARMED.load(Ordering::SeqCst)
            && let Some(patterns) = PATTERNS.get()
        {
            // SAFETY: the block is still allocated, `layout.size()` bytes long and initialised.
            let block = unsafe { std::slice::from_raw_parts(ptr, layout.size()) };
            for (i, (_, pattern)) in patterns.iter().enumerate() {
                if block
                    .windows(pattern.len())
                    .any(|w| w == pattern.as_slice())
                {
                    HITS.fetch_or(1 << i, Ordering::SeqCst);
                }
            }
        }
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Scanning = Scanning;

const POOL: &str = "AbCdEfGhI";
const USER: &str = "5f3c0b9e-6c1a-4a57-9d35-1a2b3c4d5e6f";
const PASSWORD: &str = "Correct-Horse-Battery-Staple-42!";
const TIMESTAMP: &str = "Thu Nov 5 09:03:07 UTC 2026";

/// 48 bytes of a (the size `SrpClient::generate` draws, so the fixed-base path for A and g^x is
/// the one watched), top bit set, no zero byte.
fn private_value() -> [u8; 48] {
    std::array::from_fn(|i| 0x80 | (i as u8).wrapping_mul(37).wrapping_add(11))
}

/// 16 bytes from the middle: specific enough never to occur by chance.
fn middle(bytes: &[u8]) -> Vec<u8> {
    assert!(bytes.len() >= 16, "pattern source too short");
    let start = bytes.len() / 2 - 8;
    bytes[start..start + 16].to_vec()
}

/// Patterns for a number as limbs (little-endian, as crypto-bigint and num-bigint hold it on
/// this target) and as big-endian bytes (digests, encodings).
fn number(out: &mut Vec<(String, Vec<u8>)>, name: &str, v: &BigUint) {
    out.push((format!("{name} (limbs)"), middle(&v.to_bytes_le())));
    out.push((format!("{name} (bytes)"), middle(&v.to_bytes_be())));
}

fn test_patterns(b_pub: &BigUint, salt_hex: &str) -> (Vec<(String, Vec<u8>)>, [u8; 16]) {
    let grp = srp::group();
    let n = &grp.n;
    let r = BigUint::from(1u8) << 3072;
    let monty = |v: &BigUint| (v * &r) % n;

    let a = BigUint::from_bytes_be(&private_value());
    let a_pub = grp.g.modpow(&a, n);
    let u = srp::scrambler(&a_pub, b_pub);
    let salt = srp::parse_hex(salt_hex).unwrap();
    let inner: [u8; 32] = Sha256::new()
        .chain_update(POOL)
        .chain_update(USER)
        .chain_update(":")
        .chain_update(PASSWORD)
        .finalize()
        .into();
    let x = srp::private_key(&salt, POOL, USER, PASSWORD);
    let g_x = grp.g.modpow(&x, n);
    let k_g_x = (&grp.k * &g_x) % n;
    let base = (b_pub % n + n - &k_g_x) % n;
    let u_x = &u * &x;
    let exponent = &a + &u_x;
    let s = base.modpow(&exponent, n);
    let key = srp::derive_key(&s, &u);

    let mut p = vec![
        ("password".to_owned(), middle(PASSWORD.as_bytes())),
        ("SHA256(pool|user|:|password)".to_owned(), middle(&inner)),
        ("key".to_owned(), key.to_vec()),
    ];
    number(&mut p, "a", &a);
    number(&mut p, "x", &x);
    number(&mut p, "g^x", &g_x);
    number(&mut p, "k·g^x", &k_g_x);
    number(&mut p, "B - k·g^x", &base);
    number(&mut p, "u·x", &u_x);
    number(&mut p, "a + u·x", &exponent);
    number(&mut p, "S", &s);
    number(&mut p, "g^x (Montgomery)", &monty(&g_x));
    number(&mut p, "k·g^x (Montgomery)", &monty(&k_g_x));
    number(&mut p, "S (Montgomery)", &monty(&s));
    for i in 1..16u32 {
        let power = base.modpow(&BigUint::from(i), n);
        number(
            &mut p,
            &format!("(B - k·g^x)^{i} (Montgomery)"),
            &monty(&power),
        );
    }
    assert!(p.len() <= 64);
    (p, key)
}

fn take_hits() -> Vec<&'static str> {
    let hits = HITS.swap(0, Ordering::SeqCst);
    let patterns = PATTERNS.get().unwrap();
    (0..patterns.len())
        .filter(|i| hits & (1 << i) != 0)
        .map(|i| patterns[i].0.as_str())
        .collect()
}

#[test]
fn a_client_sign_in_leaves_no_secret_in_freed_memory() {
    let server = srp::server::Demo::new(POOL, USER, PASSWORD);
    let ch = server.challenge();
    let (patterns, expected_key) = test_patterns(&server.b_pub, &server.salt_hex);
    assert!(PATTERNS.set(patterns).is_ok());

    // Positive control: an un-wiped copy of a, freed, is found.
    ARMED.store(true, Ordering::SeqCst);
    drop(std::hint::black_box(BigUint::from_bytes_be(
        &private_value(),
    )));
    ARMED.store(false, Ordering::SeqCst);
    assert_eq!(
        take_hits(),
        ["a (limbs)"],
        "the scan must see an un-wiped copy"
    );

    ARMED.store(true, Ordering::SeqCst);
    let (key, claim) = {
        let client = SrpClient::from_private_bytes(&private_value()).unwrap();
        let derived = client.derive(&ch, PASSWORD).unwrap();
        let key = derived.key;
        drop(derived);
        let claim = client.password_claim(&ch, PASSWORD, TIMESTAMP).unwrap();
        drop(client);
        (key, claim)
    };
    ARMED.store(false, Ordering::SeqCst);
    let leaked = take_hits();

    assert_eq!(key, expected_key, "the sign-in computed the expected key");
    assert!(
        srp::server::signature_matches(
            &srp::claim_signature(&expected_key, POOL, USER, &[0, 1, 2, 3, 4, 5], TIMESTAMP),
            &claim.signature_b64
        ),
        "the claim is signed with that key"
    );
    assert!(leaked.is_empty(), "freed un-wiped: {leaked:?}");
}

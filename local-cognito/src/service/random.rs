//! Randomness from the OS: keys, salts, opaque tokens, codes and generated ids.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;

pub(super) fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    // The OS RNG failing is not recoverable for a security service.
    getrandom::fill(&mut b).unwrap_or_else(|e| panic!("OS random number generator failed: {e}"));
    b
}

/// `bytes` random bytes, base64url without padding (session tokens, refresh tokens).
pub(super) fn random_token(bytes: usize) -> String {
    let raw: Vec<u8> = (0..bytes.div_ceil(32))
        .flat_map(|_| random_bytes::<32>())
        .take(bytes)
        .collect();
    B64URL.encode(raw)
}

/// `n` random decimal digits (at most 16): a code sent by SMS or email.
pub(super) fn random_digits(n: usize) -> String {
    random_bytes::<16>()
        .iter()
        .take(n)
        .map(|b| char::from(b'0' + b % 10))
        .collect()
}

/// `N` characters drawn from `alphabet` (generated pool and client ids).
pub(super) fn random_chars<const N: usize>(alphabet: &[u8]) -> String {
    random_bytes::<N>()
        .iter()
        .map(|b| char::from(alphabet[usize::from(*b) % alphabet.len()]))
        .collect()
}

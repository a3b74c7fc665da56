//! TOTP (RFC 6238, HMAC-SHA1) and the base32 secrets Cognito's AssociateSoftwareToken returns.
//!
//! The app itself never computes codes; the local stand-in verifies them and the tests type them.

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

/// Seconds per TOTP step, as Cognito and every authenticator app use.
pub const PERIOD: u64 = 30;
pub const DIGITS: u32 = 6;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    #[error("the secret is empty")]
    Empty,
    #[error("the secret is not valid base32 (letters A-Z and digits 2-7)")]
    InvalidBase32,
}

/// Removes spaces, uppercases and drops trailing `=`, as a user might paste a secret.
pub fn normalize_secret(input: &str) -> String {
    let mut s: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    while s.ends_with('=') {
        s.pop();
    }
    s
}

/// Decodes a (possibly pasted) base32 secret into key bytes.
pub fn decode_secret(input: &str) -> Result<Vec<u8>, SecretError> {
    let s = normalize_secret(input);
    if s.is_empty() {
        return Err(SecretError::Empty);
    }
    // Lengths 1, 3 and 6 (mod 8) cannot come from any byte string.
    if !matches!(s.len() % 8, 0 | 2 | 4 | 5 | 7)
        || !s.bytes().all(|b| matches!(b, b'A'..=b'Z' | b'2'..=b'7'))
    {
        return Err(SecretError::InvalidBase32);
    }
    base32::decode(base32::Alphabet::Rfc4648 { padding: false }, &s)
        .ok_or(SecretError::InvalidBase32)
}

/// Encodes key bytes as Cognito returns secrets: uppercase base32 without padding.
pub fn encode_secret(key: &[u8]) -> String {
    base32::encode(base32::Alphabet::Rfc4648 { padding: false }, key)
}

/// HOTP (RFC 4226) for one counter value, `digits` long with leading zeros kept.
pub fn hotp(key: &[u8], counter: u64, digits: u32) -> String {
    // HMAC takes keys of any length.
    let mut mac = Hmac::<Sha1>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[digest.len() - 1] & 0x0f);
    let value = u32::from_be_bytes([
        digest[offset],
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]) & 0x7fff_ffff;
    let modulus = 10u64.pow(digits);
    format!(
        "{:0width$}",
        u64::from(value) % modulus,
        width = digits as usize
    )
}

/// The TOTP step a Unix time falls in.
pub fn step(unix_secs: u64) -> u64 {
    unix_secs / PERIOD
}

/// The 6-digit code for a Unix time.
pub fn code_at(key: &[u8], unix_secs: u64) -> String {
    hotp(key, step(unix_secs), DIGITS)
}

/// Which step (current, one back, one ahead) `code` matches, if any: Cognito's ±1-step window.
pub fn matching_step(key: &[u8], code: &str, unix_secs: u64) -> Option<u64> {
    let now = step(unix_secs);
    [now, now.saturating_sub(1), now + 1]
        .into_iter()
        .find(|&s| constant_time_eq(hotp(key, s, DIGITS).as_bytes(), code.as_bytes()))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_accepts_neighbours_only() {
        let key = b"12345678901234567890";
        let t = 1_760_000_000;
        assert_eq!(matching_step(key, &code_at(key, t), t), Some(step(t)));
        assert_eq!(
            matching_step(key, &code_at(key, t - 30), t),
            Some(step(t) - 1)
        );
        assert_eq!(
            matching_step(key, &code_at(key, t + 30), t),
            Some(step(t) + 1)
        );
        assert_eq!(matching_step(key, &code_at(key, t - 90), t), None);
        assert_eq!(matching_step(key, "12345", t), None);
    }

    #[test]
    fn secrets_round_trip() {
        let key = [7u8; 20];
        assert_eq!(decode_secret(&encode_secret(&key)).as_deref(), Ok(&key[..]));
    }
}

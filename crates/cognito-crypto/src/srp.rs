//! Cognito's SRP-6a variant (USER_SRP_AUTH), client and server halves.
//!
//! Exactly what amazon-cognito-identity-js's `AuthenticationHelper` does: the RFC 3526 3072-bit
//! group, SHA-256, `padHex` (minimal two's-complement) encodings inside every hash, and an
//! HKDF-style key ("Caldera Derived Key") that signs pool name ‖ user id ‖ secret block ‖ timestamp.
//! The server half exists for the local Cognito stand-in and for tests; the app uses the client.

use std::sync::OnceLock;

use crypto_bigint::modular::{BoxedMontyForm, BoxedMontyParams};
use crypto_bigint::{BoxedUint, Odd};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, KeyInit, Mac};
use num_bigint::BigUint;
use num_traits::Zero;
use sha2::{Digest, Sha256};
use zeroize::Zeroize;

use crate::hex;

/// RFC 3526 group 15 (3072-bit MODP prime), as Cognito uses it.
const N_HEX: &str = "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF";
const HKDF_INFO: &[u8] = b"Caldera Derived Key";
/// Bytes of randomness for a private value; the official SDK also draws 128 bytes.
const PRIVATE_VALUE_BYTES: usize = 128;

/// Why an SRP step cannot go on. None of these carry secret material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SrpError {
    #[error("the server's SRP_B is not a hexadecimal number")]
    MalformedB,
    #[error("the server's SALT is not a hexadecimal number")]
    MalformedSalt,
    #[error("the server's SRP_B is zero modulo N (B cannot be zero)")]
    IllegalB,
    #[error("the client's SRP_A is not a hexadecimal number")]
    MalformedA,
    #[error("the client's SRP_A is zero modulo N")]
    IllegalA,
    #[error("the scrambling parameter u is zero")]
    IllegalU,
    #[error("the secret block is not valid base64")]
    MalformedSecretBlock,
    #[error("the browser's random number generator failed")]
    Rng,
}

/// The fixed group parameters, computed once.
pub struct Group {
    pub n: BigUint,
    pub g: BigUint,
    /// k = H(padHex(N) ‖ padHex(g)).
    pub k: BigUint,
    /// Montgomery parameters for N, for constant-time exponentiation.
    monty: BoxedMontyParams,
}

/// Bits of N; every base is held at this precision.
const N_BITS: u32 = 3072;
/// Fixed exponent widths, so the time taken never depends on an exponent's value: a private
/// value (128 random bytes, as the official SDK draws), a 256-bit hash (x), and a + u·x.
pub const PRIVATE_EXP_BITS: u32 = 8 * PRIVATE_VALUE_BYTES as u32;
pub const HASH_EXP_BITS: u32 = 256;
pub const CLAIM_EXP_BITS: u32 = PRIVATE_EXP_BITS + 64;

pub fn group() -> &'static Group {
    static GROUP: OnceLock<Group> = OnceLock::new();
    GROUP.get_or_init(|| {
        let n = parse_hex(N_HEX).unwrap_or_default(); // a constant: parse cannot fail
        let g = BigUint::from(2u8);
        let k = hash_hex_concat(&[&pad_hex(&n), &pad_hex(&g)]);
        let n_ct = BoxedUint::from_be_slice(&n.to_bytes_be(), N_BITS)
            .unwrap_or_else(|_| unreachable!("N has 3072 bits"));
        let monty = BoxedMontyParams::new(
            Odd::new(n_ct)
                .into_option()
                .unwrap_or_else(|| unreachable!("N is odd")),
        );
        Group { n, g, k, monty }
    })
}

impl Group {
    /// base^exp mod N in constant time for an exponent of at most `exp_bits` bits (crypto-bigint's
    /// Montgomery ladder): the exponents here are secrets (a, x, a + u·x, the server's b).
    pub fn pow(&self, base: &BigUint, exp: &BigUint, exp_bits: u32) -> BigUint {
        let reduced = base % &self.n;
        let base_ct = BoxedUint::from_be_slice(&reduced.to_bytes_be(), N_BITS)
            .unwrap_or_else(|_| unreachable!("reduced below N"));
        // An exponent wider than promised is a caller bug: better a right answer in variable
        // time than a wrong one.
        let Ok(exp_ct) = BoxedUint::from_be_slice(&exp.to_bytes_be(), exp_bits.div_ceil(64) * 64)
        else {
            return base.modpow(exp, &self.n);
        };
        let result = BoxedMontyForm::new(base_ct, &self.monty)
            .pow(&exp_ct)
            .retrieve();
        BigUint::from_bytes_be(&result.to_be_bytes())
    }
}

/// padHex: lowercase hex, even length, with `00` in front when the top bit is set
/// (Java `BigInteger.toByteArray()` of a non-negative number).
pub fn pad_hex(n: &BigUint) -> String {
    let mut s = n.to_str_radix(16);
    if s.len() % 2 == 1 {
        s.insert(0, '0');
    }
    if matches!(s.as_bytes().first(), Some(b'8'..=b'f')) {
        s.insert_str(0, "00");
    }
    s
}

/// Parses a hex string as a non-negative integer (leading zeros and odd lengths allowed).
pub fn parse_hex(s: &str) -> Option<BigUint> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    BigUint::parse_bytes(s.as_bytes(), 16)
}

/// H(hex1 ‖ hex2 ‖ …): SHA-256 of the bytes the concatenated hex strings encode.
fn hash_hex_concat(parts: &[&str]) -> BigUint {
    let mut hasher = Sha256::new();
    for part in parts {
        // Every caller passes padHex output or a digest's hex, both of even length.
        hasher.update(hex::decode(part).unwrap_or_default());
    }
    BigUint::from_bytes_be(&hasher.finalize())
}

/// u = H(padHex(A) ‖ padHex(B)).
pub fn scrambler(a_pub: &BigUint, b_pub: &BigUint) -> BigUint {
    hash_hex_concat(&[&pad_hex(a_pub), &pad_hex(b_pub)])
}

/// x = H(padHex(salt) ‖ hex(SHA256(pool_name ‖ user_id ‖ ":" ‖ password))).
pub fn private_key(salt: &BigUint, pool_name: &str, user_id: &str, password: &str) -> BigUint {
    let mut inner = Sha256::new();
    inner.update(pool_name.as_bytes());
    inner.update(user_id.as_bytes());
    inner.update(b":");
    inner.update(password.as_bytes());
    let inner_hex = hex::encode(&inner.finalize());
    hash_hex_concat(&[&pad_hex(salt), &format!("{inner_hex:0>64}")])
}

/// The 16-byte key both sides derive from the shared secret S and u.
pub fn derive_key(s: &BigUint, u: &BigUint) -> [u8; 16] {
    let ikm = hex::decode(&pad_hex(s)).unwrap_or_default();
    let salt = hex::decode(&pad_hex(u)).unwrap_or_default();
    let hk = hkdf::Hkdf::<Sha256>::new(Some(&salt), &ikm);
    let mut okm = [0u8; 16];
    // 16 bytes is far below HKDF-SHA256's 8160-byte limit, so expand cannot fail.
    let _ = hk.expand(HKDF_INFO, &mut okm);
    okm
}

/// PASSWORD_CLAIM_SIGNATURE: HMAC-SHA256(key, pool_name ‖ user_id ‖ secret_block ‖ timestamp).
pub fn claim_signature(
    key: &[u8; 16],
    pool_name: &str,
    user_id: &str,
    secret_block: &[u8],
    timestamp: &str,
) -> [u8; 32] {
    // HMAC takes keys of any length.
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    mac.update(pool_name.as_bytes());
    mac.update(user_id.as_bytes());
    mac.update(secret_block);
    mac.update(timestamp.as_bytes());
    mac.finalize().into_bytes().into()
}

/// The client's half of one sign-in: the private value `a` and the public `A = g^a mod N`.
///
/// A fresh one is made for every sign-in (A can be computed while the user types).
pub struct SrpClient {
    a: BigUint,
    a_pub: BigUint,
}

impl std::fmt::Debug for SrpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SrpClient")
            .field("A", &self.public_a_hex())
            .finish_non_exhaustive()
    }
}

impl Drop for SrpClient {
    fn drop(&mut self) {
        self.a.set_zero();
    }
}

/// The values a sign-in derives from the server's challenge. Not `Debug`: `x` and `S` are secrets.
pub struct Derived {
    pub u: BigUint,
    pub x: BigUint,
    pub s: BigUint,
    pub key: [u8; 16],
}

impl Drop for Derived {
    fn drop(&mut self) {
        self.x.set_zero();
        self.s.set_zero();
        self.key.zeroize();
    }
}

/// What the client sends back for PASSWORD_VERIFIER (apart from USERNAME).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordClaim {
    pub signature_b64: String,
    pub secret_block_b64: String,
    pub timestamp: String,
}

/// The PASSWORD_VERIFIER challenge as Cognito sends it.
#[derive(Debug, Clone, Copy)]
pub struct VerifierChallenge<'a> {
    pub pool_name: &'a str,
    pub user_id_for_srp: &'a str,
    pub salt_hex: &'a str,
    pub b_hex: &'a str,
    pub secret_block_b64: &'a str,
}

impl SrpClient {
    /// A new client with a private value from the operating system's / browser's CSPRNG.
    pub fn generate() -> Result<Self, SrpError> {
        let mut bytes = [0u8; PRIVATE_VALUE_BYTES];
        getrandom::fill(&mut bytes).map_err(|_| SrpError::Rng)?;
        // 1024 bits, below N: no reduction needed, and the width PRIVATE_EXP_BITS promises.
        let a = BigUint::from_bytes_be(&bytes);
        bytes.zeroize();
        if a.is_zero() {
            return Self::generate();
        }
        Ok(Self::from_private(a))
    }

    /// A client with a given private value: for known-answer tests.
    pub fn from_private(a: BigUint) -> Self {
        let grp = group();
        let a_pub = grp.pow(&grp.g, &a, PRIVATE_EXP_BITS);
        Self { a, a_pub }
    }

    /// SRP_A as the official SDK sends it: lowercase hex without padding.
    pub fn public_a_hex(&self) -> String {
        self.a_pub.to_str_radix(16)
    }

    pub fn public_a(&self) -> &BigUint {
        &self.a_pub
    }

    /// u, x, S and the derived key for the server's challenge.
    pub fn derive(&self, ch: &VerifierChallenge<'_>, password: &str) -> Result<Derived, SrpError> {
        let grp = group();
        let b_pub = parse_hex(ch.b_hex).ok_or(SrpError::MalformedB)?;
        if (&b_pub % &grp.n).is_zero() {
            return Err(SrpError::IllegalB);
        }
        let salt = parse_hex(ch.salt_hex).ok_or(SrpError::MalformedSalt)?;
        let u = scrambler(&self.a_pub, &b_pub);
        if u.is_zero() {
            return Err(SrpError::IllegalU);
        }
        let x = private_key(&salt, ch.pool_name, ch.user_id_for_srp, password);
        let g_x = grp.pow(&grp.g, &x, HASH_EXP_BITS);
        let k_g_x = (&grp.k * g_x) % &grp.n;
        // B - k·g^x, kept non-negative by adding N first.
        let base = (&b_pub % &grp.n + &grp.n - k_g_x) % &grp.n;
        let exponent = &self.a + &u * &x;
        let s = grp.pow(&base, &exponent, CLAIM_EXP_BITS);
        let key = derive_key(&s, &u);
        Ok(Derived { u, x, s, key })
    }

    /// The PASSWORD_VERIFIER answer at the given time (`timestamp` from [`crate::timestamp`]).
    pub fn password_claim(
        &self,
        ch: &VerifierChallenge<'_>,
        password: &str,
        timestamp: &str,
    ) -> Result<PasswordClaim, SrpError> {
        let secret_block = BASE64
            .decode(ch.secret_block_b64)
            .map_err(|_| SrpError::MalformedSecretBlock)?;
        let derived = self.derive(ch, password)?;
        let sig = claim_signature(
            &derived.key,
            ch.pool_name,
            ch.user_id_for_srp,
            &secret_block,
            timestamp,
        );
        Ok(PasswordClaim {
            signature_b64: BASE64.encode(sig),
            secret_block_b64: ch.secret_block_b64.to_owned(),
            timestamp: timestamp.to_owned(),
        })
    }
}

/// The server's half, as Cognito (and the local stand-in) computes it.
pub mod server {
    use super::*;

    /// The verifier v = g^x mod N stored instead of the password.
    pub fn verifier(salt: &BigUint, pool_name: &str, user_id: &str, password: &str) -> BigUint {
        let grp = group();
        grp.pow(
            &grp.g,
            &private_key(salt, pool_name, user_id, password),
            HASH_EXP_BITS,
        )
    }

    /// B = (k·v + g^b) mod N.
    pub fn public_b(v: &BigUint, b: &BigUint) -> BigUint {
        let grp = group();
        (&grp.k * v + grp.pow(&grp.g, b, PRIVATE_EXP_BITS)) % &grp.n
    }

    /// The key the server expects the client to have signed with.
    pub fn derive_key_for(
        a_pub: &BigUint,
        b_pub: &BigUint,
        v: &BigUint,
        b: &BigUint,
    ) -> Result<[u8; 16], SrpError> {
        let grp = group();
        if (a_pub % &grp.n).is_zero() {
            return Err(SrpError::IllegalA);
        }
        let u = scrambler(a_pub, b_pub);
        if u.is_zero() {
            return Err(SrpError::IllegalU);
        }
        // u is public; b is the server's secret.
        let s = grp.pow(
            &((a_pub * v.modpow(&u, &grp.n)) % &grp.n),
            b,
            PRIVATE_EXP_BITS,
        );
        Ok(derive_key(&s, &u))
    }

    /// The server side of one exchange for a known user and password, with fixed values: what
    /// tests and benchmarks sign in against.
    pub struct Demo {
        pub pool_name: String,
        pub user_id: String,
        pub password: String,
        pub salt_hex: String,
        pub v: BigUint,
        pub b: BigUint,
        pub b_pub: BigUint,
        b_hex: String,
    }

    impl Demo {
        pub fn new(pool_name: &str, user_id: &str, password: &str) -> Self {
            let salt_hex = "0a1b2c3d4e5f60718293a4b5c6d7e8f9".to_owned();
            let salt = parse_hex(&salt_hex).unwrap_or_default();
            let v = verifier(&salt, pool_name, user_id, password);
            let b =
                parse_hex("1234567890abcdef1234567890abcdef1234567890abcdef").unwrap_or_default();
            let b_pub = public_b(&v, &b);
            let b_hex = b_pub.to_str_radix(16);
            Self {
                pool_name: pool_name.into(),
                user_id: user_id.into(),
                password: password.into(),
                salt_hex,
                v,
                b,
                b_pub,
                b_hex,
            }
        }

        /// The PASSWORD_VERIFIER challenge this server would send.
        pub fn challenge(&self) -> VerifierChallenge<'_> {
            VerifierChallenge {
                pool_name: &self.pool_name,
                user_id_for_srp: &self.user_id,
                salt_hex: &self.salt_hex,
                b_hex: &self.b_hex,
                secret_block_b64: "AAECAwQF",
            }
        }

        /// The key the server derives for a client's A.
        pub fn key_for(&self, a_pub: &BigUint) -> Result<[u8; 16], SrpError> {
            derive_key_for(a_pub, &self.b_pub, &self.v, &self.b)
        }
    }

    /// Constant-time comparison of the received signature with the expected one.
    pub fn signature_matches(expected: &[u8; 32], received_b64: &str) -> bool {
        let Ok(received) = BASE64.decode(received_b64) else {
            return false;
        };
        received.len() == expected.len()
            && received
                .iter()
                .zip(expected)
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    }
}

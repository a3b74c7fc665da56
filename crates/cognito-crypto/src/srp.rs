//! Cognito's SRP-6a variant (USER_SRP_AUTH), client and server halves.
//!
//! Exactly what amazon-cognito-identity-js's `AuthenticationHelper` does: the RFC 3526 3072-bit
//! group, SHA-256, `padHex` (minimal two's-complement) encodings inside every hash, and an
//! HKDF-style key ("Caldera Derived Key") that signs pool name ‖ user id ‖ secret block ‖ timestamp.
//! The server half exists for the local Cognito stand-in and for tests; the app uses the client.
//!
//! # The client half: what is constant-time
//!
//! The client ([`SrpClient::generate`], [`SrpClient::from_private_bytes`],
//! [`SrpClient::derive`], [`SrpClient::password_claim`]) holds every secret integer in
//! crypto-bigint's `BoxedUint` / `BoxedMontyForm` at a fixed width, and these steps have no branch
//! and no memory index that depends on a secret; their loop counts depend only on the widths:
//!
//! - A = g^a mod N, with a at exactly 384 bits ([`PRIVATE_EXP_BITS`]; 1024 bits,
//!   [`SDK_PRIVATE_EXP_BITS`], for one of the SDK's known answers);
//! - g^x mod N, with x at exactly 256 bits ([`HASH_EXP_BITS`]);
//! - k·g^x mod N (Montgomery multiplication);
//! - B − k·g^x mod N (modular subtraction with a masked add-back of N);
//! - u·x and a + u·x, at exactly 512 bits plus one limb ([`CLAIM_EXP_BITS`]: 576, crypto-bigint
//!   0.7 using 64-bit limbs on wasm32 as on 64-bit targets; 1024 plus one limb with an SDK-size a)
//!   (crypto-bigint's multiplication and addition, whose structure depends only on the
//!   operands' widths);
//! - S = (B − k·g^x)^(a + u·x) mod N, with that exponent;
//! - the conversions into and out of Montgomery form, including S's final reduction.
//!
//! Two exponentiations, both written here over crypto-bigint's Montgomery multiplier, both
//! picking table entries by reading a whole 16-entry row with a constant-time select:
//!
//! - g^e (A and g^x): fixed-base windowing over a table of g^(i·16^j) built once, one
//!   multiplication per 4-bit window of e and no squarings (96 for a, 64 for x);
//! - anything else (S, and the server's values): a fixed 4-bit-window ladder, always 4 squarings
//!   and 1 multiplication per window.
//!
//! An exponent wider than its width is impossible by construction on the client, and
//! [`Group::pow`] / [`Group::pow_g`] refuse one with [`SrpError::ExponentTooWide`]: there is no
//! variable-time fallback. (scripts/bench.sh compares the two approaches and the exponent sizes.)
//!
//! SHA-256, HMAC-SHA-256 and HKDF (RustCrypto's `sha2`, `hmac`, `hkdf`) have no secret-dependent
//! branches or table lookups by design; their time depends only on the input's length.
//!
//! Not constant-time, knowingly:
//!
//! - Everything on public values (N, g, k, salt, B, u, A): parsing, `padHex`, the B ≡ 0 (mod N)
//!   and u = 0 checks. These stay num-bigint `BigUint`s.
//! - The *length* of padHex(S), of the password, the pool name and the user id. Cognito hashes the
//!   minimal two's-complement bytes of S, so how many leading zero bytes S has and whether its
//!   top bit is set change how much is hashed (and finding them is a plain loop); a leading zero
//!   byte occurs with probability ≈ 1/256. S, x and the inner password hash are never
//!   hex-encoded on the way to a hash: the client hashes the bytes the SDK's hex strings stand
//!   for, which is the same input to SHA-256.
//! - [`Derived::x_hex`], [`Derived::s_hex`] and [`Derived::s_pad_hex`] hex-encode with a lookup
//!   indexed by secret nibbles; they exist for known-answer tests, not for the sign-in.
//! - [`SrpClient::generate`] rejects a = 0 with a branch (probability 2⁻³⁸⁴).
//! - "Constant-time" is a property of the Rust source and the crypto-bigint primitives it calls;
//!   what a wasm engine's JIT (or a CPU's multiplier) then does is outside this crate.
//!
//! # The client half: what is wiped
//!
//! Overwritten in place with `zeroize`'s volatile writes before the memory is freed or leaves
//! scope: the 48 random bytes a is made from; a, in [`SrpClient`] (its `Drop` calls its
//! [`Zeroize`] impl); the inner SHA-256 of pool ‖ user id ‖ ":" ‖ password; x's bytes and x; g^x,
//! k·g^x and B − k·g^x; every exponentiation's table (base⁰…base¹⁵), selected entry and
//! accumulator; u·x and a + u·x; S in Montgomery and plain form, S's bytes and the padHex(S) bytes
//! fed to HKDF; `x`, `S` and `key` in [`Derived`] (its `Drop` calls its [`Zeroize`] impl). With
//! the `zeroize` features enabled in Cargo.toml, SHA-256's and HMAC's states and block buffers
//! (the only places the password's bytes are copied to) and crypto-bigint's multiplier scratch
//! wipe themselves on drop. Before returning, [`SrpClient::derive`] and
//! [`SrpClient::password_claim`] also overwrite 16 KiB of stack below their own frames, as a best
//! effort against temporaries the functions they called left there (sha2's compression function
//! keeps a message schedule that starts with the bytes hashed: the password, S, the key).
//!
//! Not wiped:
//!
//! - The `&str` password passed in: the caller owns it (the app keeps it in a
//!   `Zeroizing<String>`). In the browser the password also exists as a JavaScript string (the
//!   input field's value), which no Rust code can wipe.
//! - Copies the compiler makes when it moves a value or spills a register, and stack the scrub
//!   does not reach; on wasm32 the engine's own (native) stack is out of reach altogether.
//! - A copy of [`Derived::key`] that a caller takes (`[u8; 16]` is `Copy`): wipe it yourself.
//! - The `BigUint` given to [`SrpClient::from_private`] (num-bigint cannot wipe its limbs:
//!   `BigUint::set_zero` only truncates); [`SrpClient::from_private_bytes`] takes bytes instead.
//! - Public values (A, B, u, salt, the signature).
//!
//! # The server half
//!
//! [`server`] keeps its num-bigint API for the local stand-in: the verifier v and the server's
//! b come in and go out as `BigUint`s, which are not wiped. Its exponentiations use the same
//! constant-time ladder, with b's width taken as the larger of 1024 bits and b's own length
//! (rounded up to 64 bits), so only that length shows in its timing.

use std::sync::OnceLock;

use crypto_bigint::ctutils::{CtAssign, CtEq};
use crypto_bigint::modular::{BoxedMontyForm, BoxedMontyParams};
use crypto_bigint::{BoxedUint, Limb, MontyForm, MontyMultiplier, Odd, Word};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, KeyInit, Mac};
use num_bigint::BigUint;
use num_traits::Zero;
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::hex;

/// RFC 3526 group 15 (3072-bit MODP prime), as Cognito uses it.
const N_HEX: &str = "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF";
const HKDF_INFO: &[u8] = b"Caldera Derived Key";
/// Bytes of randomness for a fresh private value a: 384 bits. The official SDK draws 128 bytes;
/// what a 3072-bit safe-prime group (≈ 128-bit strength) needs is far less: NIST SP 800-56A
/// Rev. 3 §5.6.1.1.4 asks for at least 2·s = 256 bits, RFC 7919 Appendix A at least 275 bits for
/// its 3072-bit group (ffdhe3072); 384 leaves a margin over both. Cognito only ever sees
/// A = g^a. The cost of A grows with a's width, but S's exponent a + u·x stays below 2^513
/// whatever a's width up to 512 bits, so the work after "Sign in" does not grow at all.
const PRIVATE_VALUE_BYTES: usize = 48;
/// The widest private value [`SrpClient::from_private_bytes`] takes: the SDK's 128 bytes, so its
/// known answers (tests/vectors/srp.json) run through the same client.
const SDK_PRIVATE_VALUE_BYTES: usize = 128;

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
    /// A secret exponent does not fit its fixed width: refused rather than computed in a time
    /// that depends on it.
    #[error("a secret exponent is wider than its fixed width")]
    ExponentTooWide,
    /// The private value a is zero (A would be 1).
    #[error("the SRP private value is zero")]
    ZeroPrivateValue,
}

/// Bits of N; every value modulo N is held at this precision.
const N_BITS: u32 = 3072;
/// Fixed exponent widths, so the time taken never depends on an exponent's value: a private
/// value (384 random bits; [`SDK_PRIVATE_EXP_BITS`] for one of the SDK's 128-byte values), a
/// 256-bit hash (x), and a + u·x (u·x < 2^512, plus a, plus its carry: one more limb, the
/// narrowest width crypto-bigint holds).
pub const PRIVATE_EXP_BITS: u32 = 8 * PRIVATE_VALUE_BYTES as u32;
pub const SDK_PRIVATE_EXP_BITS: u32 = 8 * SDK_PRIVATE_VALUE_BYTES as u32;
pub const HASH_EXP_BITS: u32 = 256;
pub const CLAIM_EXP_BITS: u32 = 2 * HASH_EXP_BITS + Limb::BITS;
pub const SDK_CLAIM_EXP_BITS: u32 = SDK_PRIVATE_EXP_BITS + Limb::BITS;

/// The width of a + u·x for a private value of `a_bits`: neither can wrap in it.
const fn claim_exp_bits(a_bits: u32) -> u32 {
    if a_bits >= 2 * HASH_EXP_BITS {
        SDK_CLAIM_EXP_BITS
    } else {
        CLAIM_EXP_BITS
    }
}

/// Bits of exponent per window of the exponentiation ladder, and the table size that goes with it.
const WINDOW_BITS: u32 = 4;
const WINDOW_ENTRIES: usize = 1 << WINDOW_BITS;

/// The fixed group parameters, computed once.
pub struct Group {
    pub n: BigUint,
    pub g: BigUint,
    /// k = H(padHex(N) ‖ padHex(g)).
    pub k: BigUint,
    /// Montgomery parameters for N.
    monty: BoxedMontyParams,
    /// g⁰…g¹⁵ in Montgomery form (public): the ladder for g^e with a wide e (the server's b,
    /// an SDK-size a).
    g_table: PowTable,
    /// g^(i·16^j) for every 4-bit window j of a 256-bit exponent (public): g^a and g^x with no
    /// squarings at all.
    g_fixed: FixedBaseTable,
    /// k in Montgomery form (public).
    k_monty: BoxedMontyForm,
}

pub fn group() -> &'static Group {
    static GROUP: OnceLock<Group> = OnceLock::new();
    GROUP.get_or_init(|| {
        let n = parse_hex(N_HEX).unwrap_or_default(); // a constant: parse cannot fail
        let g = BigUint::from(2u8);
        let k = hash_hex_concat(&[&pad_hex(&n), &pad_hex(&g)]);
        let monty = BoxedMontyParams::new(
            Odd::new(public_uint(&n, N_BITS))
                .into_option()
                .unwrap_or_else(|| unreachable!("N is odd")),
        );
        let g_table = PowTable::new(&BoxedMontyForm::new(public_uint(&g, N_BITS), &monty));
        let g_fixed = FixedBaseTable::new(g_table.0[1].clone());
        let k_monty = BoxedMontyForm::new(public_uint(&k, N_BITS), &monty);
        Group {
            n,
            g,
            k,
            monty,
            g_table,
            g_fixed,
            k_monty,
        }
    })
}

/// A public value below 2^bits as a `BoxedUint` of exactly that precision.
fn public_uint(v: &BigUint, bits: u32) -> BoxedUint {
    BoxedUint::from_be_slice(&v.to_bytes_be(), bits)
        .unwrap_or_else(|_| unreachable!("callers pass values below 2^bits"))
}

/// A public value modulo N, in Montgomery form.
fn public_monty(grp: &Group, v: &BigUint) -> BoxedMontyForm {
    BoxedMontyForm::new(public_uint(&(v % &grp.n), N_BITS), &grp.monty)
}

/// A secret value modulo N back as a (public, from here on) `BigUint`.
fn to_biguint(v: &BoxedUint) -> BigUint {
    BigUint::from_bytes_be(&Zeroizing::new(v.to_be_bytes()))
}

/// base⁰…base¹⁵ in Montgomery form: the table of the fixed-window ladder. Wiped on drop, since
/// for S it holds powers of B − k·g^x.
struct PowTable(Vec<BoxedMontyForm>);

impl PowTable {
    fn new(base: &BoxedMontyForm) -> Self {
        let params = base.params();
        let mut mm = <BoxedMontyForm as MontyForm>::Multiplier::from(params);
        let mut table = Vec::with_capacity(WINDOW_ENTRIES);
        table.push(BoxedMontyForm::one(params));
        table.push(base.clone());
        for i in 2..WINDOW_ENTRIES {
            let mut next = table[i - 1].clone();
            MontyMultiplier::mul_assign(&mut mm, &mut next, base);
            table.push(next);
        }
        Self(table)
    }

    /// base^exp in constant time for the exponent's *precision*: `exp.bits_precision()`
    /// squarings and a quarter as many multiplications whatever exp's value, each table entry
    /// chosen by a constant-time select over all 16.
    fn pow(&self, exp: &BoxedUint) -> Zeroizing<BoxedMontyForm> {
        let params = self.0[0].params();
        let mut mm = <BoxedMontyForm as MontyForm>::Multiplier::from(params);
        let mut acc = Zeroizing::new(BoxedMontyForm::one(params));
        let mut pick = Zeroizing::new(BoxedMontyForm::one(params));
        let mask = (WINDOW_ENTRIES - 1) as Word;
        for &word in exp.as_words().iter().rev() {
            for window in (0..Limb::BITS / WINDOW_BITS).rev() {
                for _ in 0..WINDOW_BITS {
                    MontyMultiplier::square_assign(&mut mm, &mut acc);
                }
                let idx = (word >> (window * WINDOW_BITS)) & mask;
                for (i, entry) in self.0.iter().enumerate() {
                    pick.as_montgomery_mut()
                        .ct_assign(entry.as_montgomery(), (i as Word).ct_eq(&idx));
                }
                MontyMultiplier::mul_assign(&mut mm, &mut acc, &pick);
            }
        }
        acc
    }
}

impl Drop for PowTable {
    fn drop(&mut self) {
        for entry in &mut self.0 {
            entry.zeroize();
        }
    }
}

/// Fixed-base windowing (HAC 14.109) for g: row j holds g^(i·16^j) for i = 0…15, one row per
/// 4-bit window of an exponent up to 384 bits ([`PRIVATE_EXP_BITS`]; x has 256). g^e is then one
/// multiplication per window and no squaring: 64 Montgomery multiplications for a 256-bit e where
/// the ladder needs 256 squarings and 64 multiplications. The entries are public (powers of g); which one is used is secret, so
/// every row is read whole with a constant-time select, as in [`PowTable::pow`].
///
/// 96 rows × 16 entries × 384 bytes = 576 KiB and ≈ 1 500 multiplications, so rows are built
/// when first needed, or ahead of time a few at a time ([`Group::warm_up`]): a browser can do it
/// between frames instead of in one long task.
struct FixedBaseTable {
    g: BoxedMontyForm,
    rows: Vec<OnceLock<PowTable>>,
}

impl FixedBaseTable {
    const ROWS: usize = (PRIVATE_EXP_BITS / WINDOW_BITS) as usize;

    fn new(g: BoxedMontyForm) -> Self {
        Self {
            g,
            rows: (0..Self::ROWS).map(|_| OnceLock::new()).collect(),
        }
    }

    /// Row j, built (with the rows before it) if it is not yet. Its base, g^(16^j), is row
    /// j−1's last entry times row j−1's base.
    fn row(&self, j: usize) -> &PowTable {
        self.rows[j].get_or_init(|| match j.checked_sub(1) {
            None => PowTable::new(&self.g),
            Some(prev) => {
                let prev = self.row(prev);
                PowTable::new(&prev.0[WINDOW_ENTRIES - 1].mul(&prev.0[1]))
            }
        })
    }

    /// Builds up to `rows` (at least one) more rows; says whether the table is complete.
    fn warm_up(&self, rows: usize) -> bool {
        match self.rows.iter().position(|r| r.get().is_none()) {
            None => true,
            Some(first) => {
                let last = first.saturating_add(rows.max(1)).min(Self::ROWS);
                self.row(last - 1);
                last == Self::ROWS
            }
        }
    }

    /// g^exp for an exponent of at most 384 bits, in constant time for that width: one
    /// multiplication per window, each entry picked by a constant-time select over its row.
    fn pow(&self, exp: &BoxedUint) -> Zeroizing<BoxedMontyForm> {
        debug_assert!(exp.bits_precision() <= PRIVATE_EXP_BITS);
        let params = self.g.params();
        let mut mm = <BoxedMontyForm as MontyForm>::Multiplier::from(params);
        let mut acc = Zeroizing::new(BoxedMontyForm::one(params));
        let mut pick = Zeroizing::new(BoxedMontyForm::one(params));
        let mask = (WINDOW_ENTRIES - 1) as Word;
        let windows_per_word = (Limb::BITS / WINDOW_BITS) as usize;
        for (w, &word) in exp.as_words().iter().enumerate() {
            for window in 0..windows_per_word {
                let idx = (word >> (window as u32 * WINDOW_BITS)) & mask;
                let row = self.row(w * windows_per_word + window);
                for (i, entry) in row.0.iter().enumerate() {
                    pick.as_montgomery_mut()
                        .ct_assign(entry.as_montgomery(), (i as Word).ct_eq(&idx));
                }
                MontyMultiplier::mul_assign(&mut mm, &mut acc, &pick);
            }
        }
        acc
    }
}

impl Group {
    /// base^exp mod N in constant time for an exponent of at most `exp_bits` bits: the ladder
    /// runs over `exp_bits` rounded up to a multiple of 64, whatever exp's value.
    ///
    /// An exponent wider than `exp_bits` is an error ([`SrpError::ExponentTooWide`]), never a
    /// silent variable-time path. Inputs and output are `BigUint`s, which cannot be wiped: the
    /// client does not use this; it is for the server half and for tests.
    pub fn pow(&self, base: &BigUint, exp: &BigUint, exp_bits: u32) -> Result<BigUint, SrpError> {
        if exp.bits() > u64::from(exp_bits) {
            return Err(SrpError::ExponentTooWide);
        }
        let exp_ct = Zeroizing::new(
            BoxedUint::from_be_slice(
                &Zeroizing::new(exp.to_bytes_be()),
                exp_bits.div_ceil(64) * 64,
            )
            .map_err(|_| SrpError::ExponentTooWide)?,
        );
        let result = PowTable::new(&public_monty(self, base)).pow(&exp_ct);
        Ok(to_biguint(&Zeroizing::new(result.retrieve())))
    }

    /// Builds up to `rows` more rows of g's fixed-base table (each ≈ 16 multiplications); says
    /// whether the table is complete. A browser calls this between frames while the sign-in form
    /// waits, so the first A = g^a is not one long task. Without it, the table builds itself on
    /// first use.
    pub fn warm_up(&self, rows: usize) -> bool {
        self.g_fixed.warm_up(rows)
    }

    /// g^exp mod N for an exponent below 2^384, by the fixed-base table (what the client uses
    /// for A and g^x). Same contract as [`Group::pow`]; for benchmarks and tests.
    pub fn pow_g(&self, exp: &BigUint) -> Result<BigUint, SrpError> {
        if exp.bits() > u64::from(PRIVATE_EXP_BITS) {
            return Err(SrpError::ExponentTooWide);
        }
        let exp_ct = Zeroizing::new(
            BoxedUint::from_be_slice(&Zeroizing::new(exp.to_bytes_be()), PRIVATE_EXP_BITS)
                .map_err(|_| SrpError::ExponentTooWide)?,
        );
        Ok(to_biguint(&Zeroizing::new(
            self.g_fixed.pow(&exp_ct).retrieve(),
        )))
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

/// The bytes padHex of a big-endian number stands for: minimal big-endian bytes (one `00` byte
/// for zero), with a `00` byte in front when the top bit is set. `hex::encode` of the result is
/// exactly [`pad_hex`]. Finding the first non-zero byte is a plain (variable-time) loop: the
/// length is hashed anyway.
fn pad_hex_bytes(be: &[u8]) -> Zeroizing<Vec<u8>> {
    let start = be.iter().position(|&b| b != 0).unwrap_or(be.len());
    let digits = &be[start..];
    // Exact capacity: the vector never reallocates (which would leave an unwiped copy).
    let mut out = Zeroizing::new(Vec::with_capacity(digits.len() + 1));
    if digits.first().is_none_or(|&b| b >= 0x80) {
        out.push(0);
    }
    out.extend_from_slice(digits);
    out
}

/// Parses a hex string as a non-negative integer (leading zeros and odd lengths allowed).
pub fn parse_hex(s: &str) -> Option<BigUint> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    BigUint::parse_bytes(s.as_bytes(), 16)
}

/// H(hex1 ‖ hex2 ‖ …): SHA-256 of the bytes the concatenated hex strings encode. Public values only.
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

/// x's 32 bytes: H(padHex(salt) ‖ SHA256(pool_name ‖ user_id ‖ ":" ‖ password)), which is the
/// SDK's H(padHex(salt) ‖ hex(SHA256(…))) without the round trip through hex (same hash input).
/// The password is only fed to SHA-256, whose state and buffer wipe themselves on drop.
fn private_key_bytes(
    salt: &BigUint,
    pool_name: &str,
    user_id: &str,
    password: &str,
) -> Zeroizing<[u8; 32]> {
    let mut inner = Sha256::new();
    inner.update(pool_name.as_bytes());
    inner.update(user_id.as_bytes());
    inner.update(b":");
    inner.update(password.as_bytes());
    let mut inner_hash = Zeroizing::new([0u8; 32]);
    inner.finalize_into((&mut *inner_hash).into());

    let mut outer = Sha256::new();
    outer.update(hex::decode(&pad_hex(salt)).unwrap_or_default());
    // A slice, not the array by value (which would be a stack copy).
    outer.update(&inner_hash[..]);
    let mut x = Zeroizing::new([0u8; 32]);
    outer.finalize_into((&mut *x).into());
    x
}

/// x at exactly [`HASH_EXP_BITS`] bits.
fn private_key_ct(
    salt: &BigUint,
    pool_name: &str,
    user_id: &str,
    password: &str,
) -> Zeroizing<BoxedUint> {
    let bytes = private_key_bytes(salt, pool_name, user_id, password);
    Zeroizing::new(
        BoxedUint::from_be_slice(&*bytes, HASH_EXP_BITS)
            .unwrap_or_else(|_| unreachable!("a SHA-256 digest has 256 bits")),
    )
}

/// x = H(padHex(salt) ‖ hex(SHA256(pool_name ‖ user_id ‖ ":" ‖ password))).
///
/// Returns a `BigUint`, which cannot be wiped: for the server half and tests. The client keeps
/// x in crypto-bigint (see [`SrpClient::derive`]).
pub fn private_key(salt: &BigUint, pool_name: &str, user_id: &str, password: &str) -> BigUint {
    BigUint::from_bytes_be(&*private_key_bytes(salt, pool_name, user_id, password))
}

/// HKDF-SHA256(salt = padHex(u) bytes, ikm = padHex(S) bytes, info = "Caldera Derived Key"), 16 bytes.
fn hkdf_key(ikm: &[u8], u: &BigUint) -> [u8; 16] {
    let salt = hex::decode(&pad_hex(u)).unwrap_or_default();
    let hk = hkdf::Hkdf::<Sha256>::new(Some(&salt), ikm);
    let mut okm = [0u8; 16];
    // 16 bytes is far below HKDF-SHA256's 8160-byte limit, so expand cannot fail.
    let _ = hk.expand(HKDF_INFO, &mut okm);
    okm
}

/// The 16-byte key both sides derive from the shared secret S and u.
///
/// Takes S as a `BigUint` (not wiped by this function: the caller owns it); the client derives
/// its key from S in crypto-bigint instead.
pub fn derive_key(s: &BigUint, u: &BigUint) -> [u8; 16] {
    hkdf_key(&pad_hex_bytes(&Zeroizing::new(s.to_bytes_be())), u)
}

/// The key from S held in crypto-bigint: S's bytes and padHex(S)'s bytes are wiped.
fn derive_key_ct(s: &BoxedUint, u: &BigUint) -> [u8; 16] {
    let be = Zeroizing::new(s.to_be_bytes());
    hkdf_key(&pad_hex_bytes(&be), u)
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

/// Bytes of stack [`scrub_stack`] overwrites.
const SCRUB_BYTES: usize = 16 * 1024;

/// Best effort: overwrites the stack just below the caller's frame, where the functions it
/// called (sha2's compression function among them) left their temporaries. Not a guarantee: the
/// compiler may keep copies elsewhere, and on wasm32 the engine's native stack is unreachable.
#[inline(never)]
fn scrub_stack() {
    let mut area = [0u8; SCRUB_BYTES];
    area.zeroize();
    std::hint::black_box(&area);
}

/// The client's half of one sign-in: the private value `a` and the public `A = g^a mod N`.
///
/// A fresh one is made for every sign-in (A can be computed while the user types). `a` is a
/// 384-bit crypto-bigint integer (1024-bit for an SDK known answer), wiped on drop (`Drop` calls
/// [`Zeroize::zeroize`]).
pub struct SrpClient {
    /// Exactly [`PRIVATE_EXP_BITS`] bits of precision ([`SDK_PRIVATE_EXP_BITS`] for a value given
    /// in more than 48 bytes).
    a: Zeroizing<BoxedUint>,
    a_pub: BigUint,
}

impl std::fmt::Debug for SrpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SrpClient")
            .field("A", &self.public_a_hex())
            .finish_non_exhaustive()
    }
}

/// Wipes a (A is public and stays). A wiped client must not be used again: it would compute
/// with a = 0.
impl Zeroize for SrpClient {
    fn zeroize(&mut self) {
        self.a.zeroize();
    }
}

impl Drop for SrpClient {
    fn drop(&mut self) {
        self.zeroize();
    }
}

impl ZeroizeOnDrop for SrpClient {}

/// The values a sign-in derives from the server's challenge. Not `Debug`: `x` and `S` are secrets.
///
/// `x` and `S` are crypto-bigint integers; they and `key` are wiped on drop (`Drop` calls
/// [`Zeroize::zeroize`]).
pub struct Derived {
    /// The scrambling parameter (public).
    pub u: BigUint,
    /// x at [`HASH_EXP_BITS`] bits.
    x: Zeroizing<BoxedUint>,
    /// S at 3072 bits.
    s: Zeroizing<BoxedUint>,
    /// The HKDF key that signs the claim: wiped when the `Derived` drops, but a copy taken out of
    /// it (`[u8; 16]` is `Copy`) is the caller's to wipe.
    pub key: [u8; 16],
}

impl Derived {
    /// x as 64 lowercase hex digits. For known-answer tests: hex encoding is not constant-time.
    pub fn x_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex::encode(&Zeroizing::new(self.x.to_be_bytes())))
    }

    /// padHex(S), exactly as [`pad_hex`] would write it. For known-answer tests: hex encoding is
    /// not constant-time.
    pub fn s_pad_hex(&self) -> Zeroizing<String> {
        let be = Zeroizing::new(self.s.to_be_bytes());
        Zeroizing::new(hex::encode(&pad_hex_bytes(&be)))
    }

    /// S as minimal lowercase hex (`BigUint::to_str_radix(16)`, as the SDK logs it). For
    /// known-answer tests: hex encoding is not constant-time.
    pub fn s_hex(&self) -> Zeroizing<String> {
        let padded = self.s_pad_hex();
        let digits = padded.trim_start_matches('0');
        Zeroizing::new(if digits.is_empty() { "0" } else { digits }.to_owned())
    }
}

/// Wipes x, S and the key (u is public and stays).
impl Zeroize for Derived {
    fn zeroize(&mut self) {
        self.x.zeroize();
        self.s.zeroize();
        self.key.zeroize();
    }
}

impl Drop for Derived {
    fn drop(&mut self) {
        self.zeroize();
    }
}

impl ZeroizeOnDrop for Derived {}

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
        let mut bytes = Zeroizing::new([0u8; PRIVATE_VALUE_BYTES]);
        getrandom::fill(&mut *bytes).map_err(|_| SrpError::Rng)?;
        match Self::from_private_bytes(&*bytes) {
            // Probability 2^-384: draw again.
            Err(SrpError::ZeroPrivateValue) => Self::generate(),
            other => other,
        }
    }

    /// A client with a given private value (big-endian bytes): for known-answer tests. The value
    /// must be non-zero; leading zero bytes are allowed. Up to 48 bytes it is held at
    /// [`PRIVATE_EXP_BITS`] (as [`SrpClient::generate`] makes it), up to the SDK's 128 at
    /// [`SDK_PRIVATE_EXP_BITS`]: the width follows the slice's length, never the value (but
    /// [`SrpClient::from_private`] passes a number's minimal bytes). The bytes are copied into a
    /// wiped-on-drop integer; the caller's slice is the caller's.
    pub fn from_private_bytes(a_be: &[u8]) -> Result<Self, SrpError> {
        let extra = a_be.len().saturating_sub(SDK_PRIVATE_VALUE_BYTES);
        let (high, low) = a_be.split_at(extra);
        if high.iter().any(|&b| b != 0) {
            return Err(SrpError::ExponentTooWide);
        }
        let width = if low.len() <= PRIVATE_VALUE_BYTES {
            PRIVATE_EXP_BITS
        } else {
            SDK_PRIVATE_EXP_BITS
        };
        let a = Zeroizing::new(
            BoxedUint::from_be_slice(low, width).map_err(|_| SrpError::ExponentTooWide)?,
        );
        if bool::from(a.is_zero()) {
            return Err(SrpError::ZeroPrivateValue);
        }
        let grp = group();
        let a_pub = if width == PRIVATE_EXP_BITS {
            grp.g_fixed.pow(&a)
        } else {
            grp.g_table.pow(&a)
        };
        let a_pub = to_biguint(&a_pub.retrieve());
        Ok(Self { a, a_pub })
    }

    /// A client with a given private value: for known-answer tests.
    ///
    /// The `BigUint` cannot be wiped (num-bigint has no way to); prefer
    /// [`SrpClient::from_private_bytes`], which also reports a bad value as an error.
    ///
    /// # Panics
    ///
    /// If `a` is zero or not below 2^1024 ([`SDK_PRIVATE_EXP_BITS`]): such a value is refused,
    /// never computed with in variable time.
    pub fn from_private(a: BigUint) -> Self {
        match Self::from_private_bytes(&Zeroizing::new(a.to_bytes_be())) {
            Ok(client) => client,
            Err(e) => panic!("SrpClient::from_private: {e}"),
        }
    }

    /// SRP_A as the official SDK sends it: lowercase hex without padding.
    pub fn public_a_hex(&self) -> String {
        self.a_pub.to_str_radix(16)
    }

    pub fn public_a(&self) -> &BigUint {
        &self.a_pub
    }

    /// u, x, S and the derived key for the server's challenge.
    ///
    /// Every operation on a secret is constant-time and every secret intermediate is wiped (see
    /// the module documentation for exactly which). `password` is only read, by SHA-256: no heap
    /// copy of it or of its hash is ever made, SHA-256's state and buffer wipe themselves, and the
    /// stack below this call is overwritten before it returns (best effort: compiler-made copies
    /// and, on wasm32, the engine's own stack are out of reach).
    pub fn derive(&self, ch: &VerifierChallenge<'_>, password: &str) -> Result<Derived, SrpError> {
        let grp = group();
        // Public values: B, salt, u.
        let b_pub = parse_hex(ch.b_hex).ok_or(SrpError::MalformedB)?;
        if (&b_pub % &grp.n).is_zero() {
            return Err(SrpError::IllegalB);
        }
        let salt = parse_hex(ch.salt_hex).ok_or(SrpError::MalformedSalt)?;
        let u = scrambler(&self.a_pub, &b_pub);
        if u.is_zero() {
            return Err(SrpError::IllegalU);
        }
        let b_monty = public_monty(grp, &b_pub);
        // u < 2^256: u·x < 2^512 and a + u·x cannot wrap at the claim width.
        let u_wide = public_uint(&u, claim_exp_bits(self.a.bits_precision()));

        // Secrets, from here on.
        let x = private_key_ct(&salt, ch.pool_name, ch.user_id_for_srp, password);
        let g_x = grp.g_fixed.pow(&x);
        let k_g_x = Zeroizing::new(grp.k_monty.mul(&g_x));
        let base = Zeroizing::new(b_monty.sub(&k_g_x));
        let u_x = Zeroizing::new(u_wide.wrapping_mul(&*x));
        let exponent = Zeroizing::new(u_x.wrapping_add(&*self.a));
        let s = Zeroizing::new(PowTable::new(&base).pow(&exponent).retrieve());
        let key = derive_key_ct(&s, &u);
        // Over what SHA-256 and HMAC left on the stack (the password, x, S's bytes).
        scrub_stack();
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
        drop(derived);
        // Over what HMAC left on the stack (the key).
        scrub_stack();
        Ok(PasswordClaim {
            signature_b64: BASE64.encode(sig),
            secret_block_b64: ch.secret_block_b64.to_owned(),
            timestamp: timestamp.to_owned(),
        })
    }
}

/// The verifier v = g^x mod N stored instead of a password: the server's for a user, a
/// remembered device's (made by the client, [`crate::device`]). x and g^x stay in crypto-bigint
/// (constant time, wiped); v itself is public.
pub fn verifier(salt: &BigUint, pool_name: &str, user_id: &str, password: &str) -> BigUint {
    let x = private_key_ct(salt, pool_name, user_id, password);
    to_biguint(&Zeroizing::new(group().g_fixed.pow(&x).retrieve()))
}

/// The server's half, as Cognito (and the local stand-in) computes it. `BigUint` in and out: the
/// server's secrets (v, b) are not wiped here; see the module documentation.
pub mod server {
    use super::*;

    /// The exponent width for the server's b: at least [`SDK_PRIVATE_EXP_BITS`], more if b is wider
    /// (b's length, rounded up to 64 bits, is then visible in timing; its value never is).
    fn b_width(b: &BigUint) -> u32 {
        let bits = u32::try_from(b.bits()).unwrap_or(u32::MAX - 63);
        SDK_PRIVATE_EXP_BITS.max(bits.div_ceil(64) * 64)
    }

    /// b as a fixed-width crypto-bigint exponent (wiped on drop; the `BigUint` is the caller's).
    fn b_exponent(b: &BigUint) -> Zeroizing<BoxedUint> {
        Zeroizing::new(
            BoxedUint::from_be_slice(&Zeroizing::new(b.to_bytes_be()), b_width(b))
                .unwrap_or_else(|_| unreachable!("b_width fits b")),
        )
    }

    pub use super::verifier;

    /// B = (k·v + g^b) mod N.
    pub fn public_b(v: &BigUint, b: &BigUint) -> BigUint {
        let grp = group();
        let k_v = Zeroizing::new(grp.k_monty.mul(&public_monty(grp, v)));
        let g_b = grp.g_table.pow(&b_exponent(b));
        to_biguint(&k_v.add(&g_b).retrieve())
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
        // S = (A·v^u)^b; u is public (256 bits), v and b are the server's secrets.
        let u_exp = public_uint(&u, HASH_EXP_BITS);
        let v_u = PowTable::new(&public_monty(grp, v)).pow(&u_exp);
        let base = Zeroizing::new(public_monty(grp, a_pub).mul(&v_u));
        let s = Zeroizing::new(PowTable::new(&base).pow(&b_exponent(b)).retrieve());
        Ok(derive_key_ct(&s, &u))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Deterministic pseudo-random bytes (SHA-256 in counter mode), so the tests need no RNG.
    fn bytes(seed: &str, len: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(len + 32);
        let mut counter = 0u32;
        while out.len() < len {
            let mut h = Sha256::new();
            h.update(seed.as_bytes());
            h.update(counter.to_be_bytes());
            out.extend_from_slice(&h.finalize());
            counter += 1;
        }
        out.truncate(len);
        out
    }

    fn limbs_are_zero(v: &BoxedUint) -> bool {
        v.as_limbs().iter().all(|l| l.0 == 0)
    }

    #[test]
    fn pow_refuses_an_exponent_wider_than_its_width() {
        let grp = group();
        let too_wide = BigUint::from(1u8) << SDK_PRIVATE_EXP_BITS;
        assert_eq!(
            grp.pow(&grp.g, &too_wide, SDK_PRIVATE_EXP_BITS),
            Err(SrpError::ExponentTooWide)
        );
        let widest = &too_wide - 1u8;
        assert_eq!(
            grp.pow(&grp.g, &widest, SDK_PRIVATE_EXP_BITS),
            Ok(grp.g.modpow(&widest, &grp.n))
        );
        // One bit over a width that is not a multiple of 64 is refused too, not rounded up.
        let x_plus = BigUint::from(1u8) << HASH_EXP_BITS;
        assert_eq!(
            grp.pow(&grp.g, &x_plus, HASH_EXP_BITS),
            Err(SrpError::ExponentTooWide)
        );
        assert_eq!(grp.pow(&grp.g, &BigUint::from(1u8), 1), Ok(grp.g.clone()));
        assert_eq!(
            grp.pow(&grp.g, &BigUint::from(2u8), 1),
            Err(SrpError::ExponentTooWide)
        );
    }

    #[test]
    fn ladder_matches_num_bigint_for_edge_and_random_exponents() {
        let grp = group();
        let base = BigUint::from_bytes_be(&bytes("base", 384)) % &grp.n;
        let max = (BigUint::from(1u8) << SDK_CLAIM_EXP_BITS) - 1u8;
        let mut exponents = vec![
            BigUint::zero(),
            BigUint::from(1u8),
            BigUint::from(15u8),
            BigUint::from(16u8),
            max.clone(),
            &max >> 1,
        ];
        for i in 0..4 {
            exponents.push(BigUint::from_bytes_be(&bytes(&format!("e{i}"), 136)));
        }
        for e in &exponents {
            assert_eq!(
                grp.pow(&base, e, SDK_CLAIM_EXP_BITS).unwrap(),
                base.modpow(e, &grp.n),
                "{e:x}"
            );
        }
        // A base of N or above is reduced first; zero stays zero.
        let above = &base + &grp.n;
        assert_eq!(
            grp.pow(&above, &exponents[8], SDK_CLAIM_EXP_BITS).unwrap(),
            base.modpow(&exponents[8], &grp.n)
        );
        assert_eq!(
            grp.pow(&grp.n, &exponents[8], SDK_CLAIM_EXP_BITS).unwrap(),
            BigUint::zero()
        );
    }

    /// The fixed-base table and the ladder are two ways to the same g^e: both equal num-bigint's
    /// modpow at the edges (0, 1, every single window set, all ones) and for random exponents.
    #[test]
    fn fixed_base_table_matches_the_ladder_and_num_bigint() {
        let grp = group();
        let max = (BigUint::from(1u8) << PRIVATE_EXP_BITS) - 1u8;
        let mut exponents = vec![BigUint::zero(), BigUint::from(1u8), max.clone()];
        for j in 0..PRIVATE_EXP_BITS / WINDOW_BITS {
            exponents.push(BigUint::from(0xfu8) << (j * WINDOW_BITS));
        }
        for seed in ["x1", "x2", "x3"] {
            exponents.push(BigUint::from_bytes_be(&bytes(seed, 32)));
            exponents.push(BigUint::from_bytes_be(&bytes(seed, 48)));
        }
        for e in &exponents {
            let expected = grp.g.modpow(e, &grp.n);
            assert_eq!(grp.pow_g(e).unwrap(), expected, "g^{e:x}");
            assert_eq!(grp.pow(&grp.g, e, PRIVATE_EXP_BITS).unwrap(), expected);
        }
        assert_eq!(
            grp.pow_g(&(max + 1u8)),
            Err(SrpError::ExponentTooWide),
            "no silent fallback for a wider exponent"
        );
    }

    /// The table builds a few rows at a time and says when it is complete; g^e is right at any
    /// stage (missing rows build themselves).
    #[test]
    fn warm_up_builds_the_table_in_slices() {
        let table = FixedBaseTable::new(group().g_table.0[1].clone());
        let e = BoxedUint::from_be_slice(&bytes("e", 48), PRIVATE_EXP_BITS).unwrap();
        let expected = group().g_fixed.pow(&e).retrieve();
        let built = |t: &FixedBaseTable| t.rows.iter().filter(|r| r.get().is_some()).count();
        assert!(!table.warm_up(10));
        assert_eq!(built(&table), 10);
        assert_eq!(table.pow(&e).retrieve(), expected, "half-built");
        assert_eq!(built(&table), FixedBaseTable::ROWS, "pow built the rest");
        assert!(table.warm_up(1));
        assert!(group().warm_up(usize::MAX));
    }

    /// A fresh client's 384-bit a and an SDK-size 1024-bit a both sign in against the server half
    /// (the SDK-size path is what tests/vectors/srp.json checks to the byte).
    #[test]
    fn short_and_sdk_size_private_values_both_agree_with_the_server() {
        let server = server::Demo::new("AbCdEfGhI", "user", "Passw0rd!");
        for client in [
            SrpClient::generate().unwrap(),
            SrpClient::from_private_bytes(&bytes("a48", 48)).unwrap(),
            SrpClient::from_private_bytes(&bytes("a128", 128)).unwrap(),
        ] {
            let d = client.derive(&server.challenge(), "Passw0rd!").unwrap();
            assert_eq!(d.key, server.key_for(client.public_a()).unwrap());
        }
    }

    #[test]
    fn private_value_out_of_range_is_an_error() {
        let mut wide = vec![0u8; SDK_PRIVATE_VALUE_BYTES + 1];
        wide[0] = 1;
        assert_eq!(
            SrpClient::from_private_bytes(&wide).err(),
            Some(SrpError::ExponentTooWide)
        );
        // Leading zero bytes are not width.
        wide[0] = 0;
        wide[1] = 0x80;
        assert!(SrpClient::from_private_bytes(&wide).is_ok());
        assert_eq!(
            SrpClient::from_private_bytes(&[0; 3]).err(),
            Some(SrpError::ZeroPrivateValue)
        );
        assert_eq!(
            SrpClient::from_private_bytes(&[]).err(),
            Some(SrpError::ZeroPrivateValue)
        );
    }

    #[test]
    #[should_panic(expected = "wider than its fixed width")]
    fn from_private_panics_rather_than_computing_with_a_wide_value() {
        let _ = SrpClient::from_private(BigUint::from(1u8) << SDK_PRIVATE_EXP_BITS);
    }

    #[test]
    fn client_and_derived_are_zeroize_on_drop() {
        fn zeroize_on_drop<T: ZeroizeOnDrop>() {}
        zeroize_on_drop::<SrpClient>();
        zeroize_on_drop::<Derived>();
    }

    /// What `Drop` does, observed: the limbs holding a are overwritten where they are (not
    /// truncated away like `BigUint::set_zero`, which left them in the heap).
    #[test]
    fn zeroize_overwrites_a_in_place() {
        let mut client = SrpClient::generate().unwrap();
        let (ptr, len) = (client.a.as_limbs().as_ptr(), client.a.nlimbs());
        assert_eq!(len * Limb::BITS as usize, PRIVATE_EXP_BITS as usize);
        assert!(!limbs_are_zero(&client.a));
        client.zeroize();
        assert_eq!(client.a.as_limbs().as_ptr(), ptr, "wiped in place");
        assert_eq!(client.a.nlimbs(), len, "not truncated");
        assert!(limbs_are_zero(&client.a));
    }

    #[test]
    fn zeroize_overwrites_x_s_and_key_in_place() {
        let server = server::Demo::new("AbCdEfGhI", "user", "Passw0rd!");
        let client = SrpClient::from_private_bytes(&bytes("a", 128)).unwrap();
        let mut d = client.derive(&server.challenge(), "Passw0rd!").unwrap();
        assert_eq!(d.key, server.key_for(client.public_a()).unwrap());
        let x_ptr = d.x.as_limbs().as_ptr();
        let s_ptr = d.s.as_limbs().as_ptr();
        assert!(!limbs_are_zero(&d.x) && !limbs_are_zero(&d.s) && d.key != [0; 16]);
        d.zeroize();
        assert_eq!(
            (d.x.as_limbs().as_ptr(), d.s.as_limbs().as_ptr()),
            (x_ptr, s_ptr)
        );
        assert_eq!(d.x.bits_precision(), HASH_EXP_BITS);
        assert_eq!(d.s.bits_precision(), N_BITS);
        assert!(limbs_are_zero(&d.x) && limbs_are_zero(&d.s));
        assert_eq!(d.key, [0; 16]);
    }

    #[test]
    fn secret_widths_are_fixed() {
        let server = server::Demo::new("AbCdEfGhI", "user", "Passw0rd!");
        // a = 1: the smallest value still gets the full 384-bit width; given in the SDK's 128
        // bytes, the full 1024-bit one. The width follows the slice, never the value.
        let mut sdk_one = [0u8; SDK_PRIVATE_VALUE_BYTES];
        sdk_one[SDK_PRIVATE_VALUE_BYTES - 1] = 1;
        for (a_be, width) in [
            (&[1u8][..], PRIVATE_EXP_BITS),
            (
                &[0u8; PRIVATE_VALUE_BYTES][..PRIVATE_VALUE_BYTES - 1]
                    .iter()
                    .chain(&[1u8])
                    .copied()
                    .collect::<Vec<_>>()[..],
                PRIVATE_EXP_BITS,
            ),
            (&sdk_one[..], SDK_PRIVATE_EXP_BITS),
        ] {
            let client = SrpClient::from_private_bytes(a_be).unwrap();
            assert_eq!(client.a.bits_precision(), width);
            assert_eq!(client.public_a(), &group().g);
            let d = client.derive(&server.challenge(), "Passw0rd!").unwrap();
            assert_eq!(d.x.bits_precision(), HASH_EXP_BITS);
            assert_eq!(d.s.bits_precision(), N_BITS);
            assert_eq!(d.key, server.key_for(client.public_a()).unwrap());
        }
        assert_eq!(
            SrpClient::generate().unwrap().a.bits_precision(),
            PRIVATE_EXP_BITS
        );
    }

    /// padHex(S) from crypto-bigint's fixed-width bytes equals `pad_hex` of the same number, at
    /// every edge: zero, the top bit, leading zero bytes and nibbles.
    #[test]
    fn pad_hex_bytes_and_secret_hex_match_pad_hex() {
        let grp = group();
        let mut values = vec![
            BigUint::zero(),
            BigUint::from(1u8),
            BigUint::from(0x0fu8),
            BigUint::from(0x7fu8),
            BigUint::from(0x80u8),
            BigUint::from(0xffu8),
            BigUint::from(0x100u16),
            BigUint::from(0x0800u16),
            BigUint::from(1u8) << 3071,
            (BigUint::from(1u8) << 3064) - 1u8,
            &grp.n - 1u8,
        ];
        for i in 0..4 {
            values.push(BigUint::from_bytes_be(&bytes(&format!("s{i}"), 384)) % &grp.n);
        }
        for v in &values {
            let be = public_uint(v, N_BITS).to_be_bytes();
            assert_eq!(be.len(), 384);
            assert_eq!(hex::encode(&pad_hex_bytes(&be)), pad_hex(v), "{v:x}");
            let d = Derived {
                u: BigUint::from(1u8),
                x: Zeroizing::new(public_uint(&(v >> 2816usize), HASH_EXP_BITS)),
                s: Zeroizing::new(public_uint(v, N_BITS)),
                key: [0; 16],
            };
            assert_eq!(d.s_pad_hex().as_str(), pad_hex(v), "{v:x}");
            assert_eq!(d.s_hex().as_str(), v.to_str_radix(16), "{v:x}");
            assert_eq!(
                d.x_hex().as_str(),
                format!("{:0>64}", (v >> 2816usize).to_str_radix(16))
            );
            let u = BigUint::from_bytes_be(&bytes("u", 32));
            assert_eq!(derive_key_ct(&d.s, &u), derive_key(v, &u), "{v:x}");
        }
    }

    /// The client's S, from crypto-bigint, equals the textbook formula in num-bigint.
    #[test]
    fn client_s_matches_the_formula() {
        let grp = group();
        let server = server::Demo::new("AbCdEfGhI", "user", "Passw0rd!");
        let a = BigUint::from_bytes_be(&bytes("a", 128));
        let client = SrpClient::from_private(a.clone());
        let d = client.derive(&server.challenge(), "Passw0rd!").unwrap();
        let salt = parse_hex(&server.salt_hex).unwrap();
        let x = private_key(&salt, "AbCdEfGhI", "user", "Passw0rd!");
        let k_v = (&grp.k * grp.g.modpow(&x, &grp.n)) % &grp.n;
        let base = (&server.b_pub % &grp.n + &grp.n - k_v) % &grp.n;
        let s = base.modpow(&(&a + &d.u * &x), &grp.n);
        assert_eq!(d.s_hex().as_str(), s.to_str_radix(16));
        assert_eq!(d.x_hex().as_str(), format!("{:0>64}", x.to_str_radix(16)));
        assert_eq!(
            server::verifier(&salt, "AbCdEfGhI", "user", "Passw0rd!"),
            grp.g.modpow(&x, &grp.n)
        );
    }
}

//! The server's side of an SRP exchange, for passwords (USER_SRP_AUTH → PASSWORD_VERIFIER) and
//! remembered devices (DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use cognito_crypto::srp::{self, parse_hex};
use cognito_crypto::timestamp;
use num_bigint::BigUint;

use super::random::random_bytes;
use super::wire::{Responses, field};
use crate::error::{ApiError, ApiResult};

/// How far the client's TIMESTAMP may be from the server's clock.
const MAX_CLOCK_SKEW_SECS: u64 = 15 * 60;
/// SRP_A is below N (3072 bits, 768 hex digits); allow leading zeros, refuse megabytes of hex.
const MAX_SRP_A_HEX: usize = 1024;

/// The server's side of one SRP exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SrpExchange {
    b: BigUint,
    pub(super) b_pub: BigUint,
    a_pub: BigUint,
    pub(super) secret_block: String,
}

/// The client's SRP_A, refused if too long, not hex, or zero mod N.
pub(super) fn srp_a(hex: &str) -> ApiResult<BigUint> {
    if hex.len() > MAX_SRP_A_HEX {
        return Err(ApiError::invalid_parameter("Invalid SRP_A"));
    }
    let a_pub = parse_hex(hex).ok_or_else(|| ApiError::invalid_parameter("Invalid SRP_A"))?;
    if (&a_pub % &srp::group().n) == BigUint::ZERO {
        return Err(ApiError::invalid_parameter(
            "Invalid SRP_A: A mod N is zero",
        ));
    }
    Ok(a_pub)
}

/// B for a stored verifier, a fresh b and a SECRET_BLOCK.
pub(super) fn start_exchange(verifier: &BigUint, a_pub: BigUint) -> SrpExchange {
    let b = BigUint::from_bytes_be(&random_bytes::<128>()) % &srp::group().n;
    let b_pub = srp::server::public_b(verifier, &b);
    SrpExchange {
        b,
        b_pub,
        a_pub,
        secret_block: BASE64.encode(random_bytes::<128>()),
    }
}

/// Checks PASSWORD_CLAIM_SIGNATURE over `name ‖ user ‖ secret block ‖ TIMESTAMP`, as Cognito does
/// for passwords (`name` = pool name) and for devices (`name` = device group key).
pub(super) fn verify_claim(
    exchange: &SrpExchange,
    verifier: &BigUint,
    name: &str,
    user: &str,
    responses: &Responses,
    now_secs: i64,
) -> ApiResult<()> {
    if field(responses, "PASSWORD_CLAIM_SECRET_BLOCK")? != &exchange.secret_block {
        return Err(ApiError::wrong_credentials());
    }
    let stamp = field(responses, "TIMESTAMP")?;
    let when = timestamp::parse(stamp)
        .ok_or_else(|| ApiError::invalid_parameter("TIMESTAMP format is invalid"))?;
    if when.abs_diff(now_secs) > MAX_CLOCK_SKEW_SECS {
        return Err(ApiError::not_authorized(
            "TIMESTAMP is too far from the current time",
        ));
    }
    let key = srp::server::derive_key_for(&exchange.a_pub, &exchange.b_pub, verifier, &exchange.b)
        .map_err(|_| ApiError::wrong_credentials())?;
    let block = BASE64
        .decode(&exchange.secret_block)
        .map_err(|_| ApiError::wrong_credentials())?;
    let expected = srp::claim_signature(&key, name, user, &block, stamp);
    if srp::server::signature_matches(&expected, field(responses, "PASSWORD_CLAIM_SIGNATURE")?) {
        Ok(())
    } else {
        Err(ApiError::wrong_credentials())
    }
}

//! What a sign-in name that is nobody gets from USER_SRP_AUTH, where the app client hides
//! whether users exist (PreventUserExistenceErrors ENABLED): "a simulated response in the first
//! step as described in RFC 5054. Amazon Cognito returns the same 'salt' and internal user id in
//! … (UUID) format for the same user name and user pool combination. When the next operation of
//! RespondToAuthChallenge proof of password runs, Amazon Cognito returns a generic
//! NotAuthorizedException error" (developer guide, "Managing user existence error responses").
//!
//! So the salt, the user id and the verifier B is made from are derived from the pool's secret
//! and the name (lower-cased, as a real account's email is matched): asking twice gives the same
//! salt and id, as for a real account. In a pool where the email is the username (ours) the
//! answers look alike: a UUID user id either way. Where users pick their own usernames a real
//! account answers with that username as USER_ID_FOR_SRP and a decoy with a UUID, which tells
//! them apart; Cognito documents the same UUID form, so we copy it. SRP_B is fresh each
//! time, as it is for a real account. The proof is then checked against the decoy verifier with
//! the same SRP work as a real one (`challenges::password_verifier`), and fails.

use cognito_crypto::srp;
use num_bigint::BigUint;
use sha2::{Digest, Sha256};

use super::Inner;
use super::random::random_bytes;
use crate::error::ApiResult;

/// A decoy for one pool and name.
pub(super) struct Decoy {
    pub(super) salt_hex: String,
    pub(super) user_id: String,
    pub(super) verifier: BigUint,
}

impl Inner {
    /// The decoy for `name` in `pool_id`.
    pub(super) fn decoy(&mut self, pool_id: &str, name: &str) -> ApiResult<Decoy> {
        let secret = self.decoy_secret(pool_id)?;
        let name = name.to_lowercase();
        let derive = |label: &str, block: u8| -> [u8; 32] {
            Sha256::new()
                .chain_update(secret)
                .chain_update(label)
                .chain_update([block])
                .chain_update(pool_id)
                .chain_update([0])
                .chain_update(&name)
                .finalize()
                .into()
        };
        // A salt as long as a real one (16 bytes) and, like it, without leading zeros in hex.
        let salt = BigUint::from_bytes_be(&derive("salt", 0)[..16]);
        let mut id: [u8; 16] = derive("user", 0)[..16].try_into().unwrap_or([0; 16]);
        id[6] = (id[6] & 0x0f) | 0x40; // a version-4 UUID, as Cognito's subs are
        id[8] = (id[8] & 0x3f) | 0x80;
        // As many bytes as N, reduced: the size of a real verifier g^x mod N.
        let wide: Vec<u8> = (0..12).flat_map(|i| derive("verifier", i)).collect();
        let verifier = BigUint::from_bytes_be(&wide) % &srp::group().n;
        Ok(Decoy {
            salt_hex: salt.to_str_radix(16),
            user_id: uuid::Uuid::from_bytes(id).to_string(),
            verifier,
        })
    }

    fn decoy_secret(&mut self, pool_id: &str) -> ApiResult<[u8; 32]> {
        let pool = self.pool_mut(pool_id)?;
        let hex = pool
            .decoy_secret
            .get_or_insert_with(|| cognito_crypto::hex::encode(&random_bytes::<32>()));
        let bytes = cognito_crypto::hex::decode(hex).unwrap_or_default();
        Ok(bytes.try_into().unwrap_or([0; 32]))
    }
}

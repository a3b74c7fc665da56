//! Remembered devices: the secret a device proves itself with (device SRP).
//!
//! When Cognito hands a sign-in a new device key, the client makes a random password for the
//! device and registers only its SRP verifier (ConfirmDevice); later sign-ins on that device
//! answer DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER with the same SRP as a user's password, the
//! device group key standing in for the pool name and the device key for the user id
//! (amazon-cognito-identity-js `AuthenticationHelper.generateHashDevice` and
//! `CognitoUser.getDeviceResponse`; known answers from it in `tests/vectors/device_srp.json`).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use num_bigint::BigUint;
use zeroize::Zeroizing;

use crate::srp::{SrpError, pad_hex, parse_hex, verifier};

/// Random bytes in a device password (base64-encoded, as the official SDK makes it).
const PASSWORD_BYTES: usize = 40;
/// Random bytes in a device's SRP salt.
const SALT_BYTES: usize = 16;

/// A device's secret and the verifier Cognito stores for it. The password is wiped on drop.
pub struct DeviceSecret {
    pub password: Zeroizing<String>,
    /// padHex of the salt, as the SDK hashes it.
    pub salt_hex: String,
    /// padHex(g^x mod N).
    pub verifier_hex: String,
}

impl std::fmt::Debug for DeviceSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceSecret")
            .field("salt_hex", &self.salt_hex)
            .finish_non_exhaustive()
    }
}

impl DeviceSecret {
    /// A fresh password and salt from the CSPRNG, and their verifier.
    pub fn generate(group_key: &str, device_key: &str) -> Result<Self, SrpError> {
        let mut password = Zeroizing::new([0u8; PASSWORD_BYTES]);
        let mut salt = [0u8; SALT_BYTES];
        getrandom::fill(&mut *password).map_err(|_| SrpError::Rng)?;
        getrandom::fill(&mut salt).map_err(|_| SrpError::Rng)?;
        // Encoded from the buffer in place: `*password` would copy the bytes onto the stack,
        // where nothing wipes them.
        let password = Zeroizing::new(BASE64.encode(password.as_slice()));
        let salt_hex = pad_hex(&BigUint::from_bytes_be(&salt));
        Self::from_parts(group_key, device_key, password, &salt_hex)
    }

    /// The verifier for a given password and salt: for known-answer tests.
    pub fn from_parts(
        group_key: &str,
        device_key: &str,
        password: Zeroizing<String>,
        salt_hex: &str,
    ) -> Result<Self, SrpError> {
        let salt = parse_hex(salt_hex).ok_or(SrpError::MalformedSalt)?;
        let v = verifier(&salt, group_key, device_key, &password);
        Ok(Self {
            password,
            salt_hex: salt_hex.to_owned(),
            verifier_hex: pad_hex(&v),
        })
    }

    /// ConfirmDevice's DeviceSecretVerifierConfig: `(PasswordVerifier, Salt)`, each the bytes of
    /// its padHex form in base64, as the SDK sends them.
    pub fn verifier_config(&self) -> (String, String) {
        let b64 = |hex_str: &str| BASE64.encode(crate::hex::decode(hex_str).unwrap_or_default());
        (b64(&self.verifier_hex), b64(&self.salt_hex))
    }
}

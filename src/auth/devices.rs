//! Remembered devices: where the pool tracks devices, a sign-in is handed a device key; the
//! client registers a secret for it (ConfirmDevice with an SRP verifier), and on later sign-ins
//! proves the device with it (DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER) so that Cognito skips
//! MFA on a device the user chose to remember. Home lists the user's devices and forgets one.

use std::collections::BTreeMap;

use cognito_crypto::device::DeviceSecret;
use cognito_crypto::srp::{SrpClient, VerifierChallenge};
use cognito_crypto::timestamp;
use zeroize::Zeroizing;

use super::{AuthError, AuthService, SignInOutcome, Tokens, clock, outcome};
use crate::cognito::ops::{self, AuthResponse, ChallengeName};
use crate::cognito::{Secret, Transport};

/// A device this browser holds the secret of: what localStorage keeps (docs/security.md).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub key: String,
    pub group_key: String,
    /// The device's random password (its SRP secret).
    pub password: Secret,
    /// Whether the user chose to remember it (Cognito then skips MFA on it).
    pub remembered: bool,
}

/// A device as this browser keeps it (localStorage). Its password is a [`Secret`] here too: no
/// plain copy of it is made on the way in or out.
#[derive(serde::Serialize, serde::Deserialize)]
struct Stored {
    key: String,
    group_key: String,
    password: Secret,
    remembered: bool,
}

/// The stored form of `device` (JSON), wiped when dropped.
pub fn to_stored(device: &Device) -> Option<Zeroizing<String>> {
    let stored = Stored {
        key: device.key.clone(),
        group_key: device.group_key.clone(),
        password: device.password.clone(),
        remembered: device.remembered,
    };
    // Written into a buffer big enough from the start: a growing one would be re-allocated, and
    // the block it leaves behind would hold a copy of the secret.
    let room = 128 + device.key.len() + device.group_key.len() + 2 * device.password.expose().len();
    let mut out = Zeroizing::new(Vec::with_capacity(room));
    serde_json::to_writer(&mut *out, &stored).ok()?;
    String::from_utf8(std::mem::take(&mut *out))
        .ok()
        .map(Zeroizing::new)
}

/// A device from its stored form; None for anything unreadable.
pub fn from_stored(text: &str) -> Option<Device> {
    let s: Stored = serde_json::from_str(text).ok()?;
    Some(Device {
        key: s.key,
        group_key: s.group_key,
        password: s.password,
        remembered: s.remembered,
    })
}

/// One of the user's devices, as ListDevices describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceInfo {
    pub key: String,
    pub name: Option<String>,
    /// When it last signed in, in ms since the epoch.
    pub last_used_ms: Option<f64>,
    pub remembered: bool,
}

/// What ConfirmDevice said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmedDevice {
    pub device: Device,
    /// The pool remembers devices only when the user says so ("DeviceOnlyRememberedOnUserPrompt"):
    /// ask, then UpdateDeviceStatus. Otherwise Cognito remembered it already.
    pub ask_user: bool,
}

impl<T: Transport> AuthService<T> {
    /// Registers the device a sign-in was handed (NewDeviceMetadata) with a fresh secret.
    pub async fn confirm_device(
        &self,
        tokens: &Tokens,
        device_name: &str,
    ) -> Result<Option<ConfirmedDevice>, AuthError> {
        let Some(new) = &tokens.new_device else {
            return Ok(None);
        };
        let mut secret = DeviceSecret::generate(&new.group_key, &new.key)?;
        let (password_verifier, salt) = secret.verifier_config();
        let out = self
            .as_signed_in(&ops::ConfirmDevice {
                access_token: tokens.access_token.clone(),
                device_key: new.key.clone(),
                device_secret_verifier_config: ops::DeviceSecretVerifierConfig {
                    password_verifier,
                    salt,
                },
                device_name: Some(device_name.to_owned()),
            })
            .await?;
        let ask_user = out.user_confirmation_necessary.unwrap_or(false);
        Ok(Some(ConfirmedDevice {
            device: Device {
                key: new.key.clone(),
                group_key: new.group_key.clone(),
                // Moved out of the wiped buffer into a Secret (wiped on drop): no plain copy.
                password: Secret::new(std::mem::take(&mut *secret.password)),
                remembered: !ask_user,
            },
            ask_user,
        }))
    }

    /// The user's answer to "Remember this device?" (UpdateDeviceStatus).
    pub async fn set_device_remembered(
        &self,
        tokens: &Tokens,
        device_key: &str,
        remembered: bool,
    ) -> Result<(), AuthError> {
        self.as_signed_in(&ops::UpdateDeviceStatus {
            access_token: tokens.access_token.clone(),
            device_key: device_key.to_owned(),
            device_remembered_status: if remembered {
                "remembered"
            } else {
                "not_remembered"
            },
        })
        .await?;
        Ok(())
    }

    /// The user's devices (the first 60, Cognito's largest page).
    pub async fn list_devices(&self, tokens: &Tokens) -> Result<Vec<DeviceInfo>, AuthError> {
        let out = self
            .as_signed_in(&ops::ListDevices {
                access_token: tokens.access_token.clone(),
                limit: 60,
            })
            .await?;
        Ok(out
            .devices
            .into_iter()
            .filter_map(|d| {
                let attribute = |name: &str| {
                    d.device_attributes
                        .iter()
                        .find(|a| a.name == name)
                        .map(|a| a.value.clone())
                };
                Some(DeviceInfo {
                    name: attribute("device_name").filter(|n| !n.is_empty()),
                    remembered: attribute("dev:device_remembered_status").as_deref()
                        == Some("remembered"),
                    last_used_ms: d.device_last_authenticated_date.map(|s| s * 1000.0),
                    key: d.device_key?,
                })
            })
            .collect())
    }

    /// ForgetDevice: Cognito asks for a code on it again, and it leaves the list.
    pub async fn forget_device(&self, tokens: &Tokens, device_key: &str) -> Result<(), AuthError> {
        self.as_signed_in(&ops::ForgetDevice {
            access_token: tokens.access_token.clone(),
            device_key: device_key.to_owned(),
        })
        .await?;
        Ok(())
    }

    /// DEVICE_SRP_AUTH, then DEVICE_PASSWORD_VERIFIER: the remembered device proves itself with
    /// its secret, the group key in place of the pool name and the device key in place of the
    /// user (amazon-cognito-identity-js `CognitoUser.getDeviceResponse`).
    pub(super) async fn answer_device_challenge(
        &self,
        started: AuthResponse,
        username: &str,
        email: &str,
        device: &Device,
    ) -> Result<SignInOutcome, AuthError> {
        let srp = SrpClient::generate()?;
        let responses = |extra: Vec<(&str, Secret)>| {
            let mut map = BTreeMap::from([
                ("USERNAME".to_owned(), Secret::from(username)),
                ("DEVICE_KEY".to_owned(), Secret::from(device.key.as_str())),
            ]);
            map.extend(extra.into_iter().map(|(k, v)| (k.to_owned(), v)));
            map
        };
        let verifier = self
            .client
            .call(&ops::RespondToAuthChallenge {
                client_id: self.config.client_id.clone(),
                challenge_name: ChallengeName::DeviceSrpAuth,
                session: started.session,
                challenge_responses: responses(vec![("SRP_A", Secret::new(srp.public_a_hex()))]),
            })
            .await?;
        if verifier.challenge_name != Some(ChallengeName::DevicePasswordVerifier) {
            return outcome(verifier, username, email);
        }
        let param = |key: &'static str| {
            verifier
                .challenge_parameters
                .get(key)
                .ok_or(AuthError::MissingField(key))
        };
        let challenge = VerifierChallenge {
            pool_name: &device.group_key,
            user_id_for_srp: &device.key,
            salt_hex: param("SALT")?,
            b_hex: param("SRP_B")?,
            secret_block_b64: param("SECRET_BLOCK")?,
        };
        let claim = srp.password_claim(
            &challenge,
            device.password.expose(),
            &timestamp::format(clock::now_ms()),
        )?;
        let answered = self
            .client
            .call(&ops::RespondToAuthChallenge {
                client_id: self.config.client_id.clone(),
                challenge_name: ChallengeName::DevicePasswordVerifier,
                session: verifier.session.clone(),
                challenge_responses: responses(vec![
                    (
                        "PASSWORD_CLAIM_SECRET_BLOCK",
                        Secret::new(claim.secret_block_b64),
                    ),
                    ("PASSWORD_CLAIM_SIGNATURE", Secret::new(claim.signature_b64)),
                    ("TIMESTAMP", Secret::new(claim.timestamp)),
                ]),
            })
            .await?;
        outcome(answered, username, email)
    }
}

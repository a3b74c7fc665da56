//! Remembered devices: ConfirmDevice, UpdateDeviceStatus, ListDevices, GetDevice, ForgetDevice,
//! the device key a sign-in hands out, and the secrets device SRP checks against.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use cognito_crypto::srp::{self, parse_hex};
use num_bigint::BigUint;
use serde_json::{Value, json};

use super::random::random_token;
use super::session::SignIn;
use super::wire::{opt_str, req_str};
use super::{Inner, Service};
use crate::error::{ApiError, ApiResult};
use crate::store::{Device, User};

/// What device SRP needs of a confirmed device: its verifier and salt, and the user's group key.
pub(super) struct DeviceSecret {
    pub(super) verifier: BigUint,
    pub(super) salt_hex: String,
    pub(super) group_key: String,
}

impl Inner {
    /// A new device key for a sign-in just completed, where the pool tracks devices and the
    /// client did not name one of the user's devices: the NewDeviceMetadata to answer with.
    pub(super) fn new_device(&mut self, who: &SignIn) -> ApiResult<Option<Value>> {
        let region = who.pool_id.split('_').next().unwrap_or("local").to_owned();
        let now = self.clock.now_f64();
        let pool = self.pool_mut(&who.pool_id)?;
        if !pool.device_tracking {
            return Ok(None);
        }
        let user = pool
            .users
            .get_mut(&who.username)
            .ok_or_else(ApiError::user_not_found)?;
        if who
            .device_key
            .as_ref()
            .is_some_and(|k| user.devices.iter().any(|d| d.key == *k))
        {
            return Ok(None);
        }
        let group = user
            .device_group_key
            .get_or_insert_with(|| format!("-{}", random_token(9).replace(['-', '_'], "x")))
            .clone();
        let key = format!("{region}_{}", uuid::Uuid::new_v4());
        user.devices.push(Device {
            key: key.clone(),
            name: None,
            salt_hex: None,
            verifier_hex: None,
            remembered: false,
            created: now,
            modified: now,
            last_authenticated: now,
        });
        Ok(Some(json!({ "DeviceKey": key, "DeviceGroupKey": group })))
    }

    /// Whether the device a sign-in names (DEVICE_KEY) may take part in it, once the password
    /// was found right: in a pool that tracks devices it must be one of the user's (confirmed
    /// or not), else ResourceNotFoundException "Device does not exist.", the answer Cognito
    /// gives for a forgotten or unknown device and for another user's (amazon-archives/
    /// amazon-cognito-identity-js#200, aws-amplify/amplify-js#12188, #12182,
    /// aws-amplify/amplify-android#2603). A pool that does not track devices ignores the key
    /// (not reported either way: tracking may have been switched off by UpdateUserPool).
    pub(super) fn check_named_device(&self, who: &SignIn) -> ApiResult<()> {
        let Some(key) = who.device_key.as_deref() else {
            return Ok(());
        };
        let pool = self.pool(&who.pool_id)?;
        let known = pool
            .users
            .get(&who.username)
            .is_some_and(|u| u.devices.iter().any(|d| d.key == key));
        if pool.device_tracking && !known {
            return Err(ApiError::device_not_found());
        }
        Ok(())
    }

    /// The device a sign-in named (DEVICE_KEY), if the pool tracks devices and it is one of the
    /// user's.
    pub(super) fn tracked_device(&self, who: &SignIn) -> Option<String> {
        let pool = self.pool(&who.pool_id).ok()?;
        let key = who.device_key.as_ref()?;
        let user = pool.users.get(&who.username)?;
        (pool.device_tracking && user.devices.iter().any(|d| d.key == *key)).then(|| key.clone())
    }

    /// The secrets of a device the user confirmed (ConfirmDevice gave it a verifier).
    pub(super) fn device_secret(&self, who: &SignIn, device_key: &str) -> ApiResult<DeviceSecret> {
        let user = self.user(&who.pool_id, &who.username)?;
        let device = device(user, device_key)?;
        Ok(DeviceSecret {
            verifier: device
                .verifier_hex
                .as_deref()
                .and_then(parse_hex)
                .ok_or_else(ApiError::device_not_found)?,
            salt_hex: device.salt_hex.clone().unwrap_or_default(),
            group_key: user.device_group_key.clone().unwrap_or_default(),
        })
    }
}

impl Service {
    pub(super) fn confirm_device(&self, body: &Value) -> ApiResult<Value> {
        let token = req_str(body, "AccessToken")?;
        let key = req_str(body, "DeviceKey")?;
        let config = body
            .get("DeviceSecretVerifierConfig")
            .ok_or_else(|| ApiError::missing("DeviceSecretVerifierConfig"))?;
        let decode = |name: &str| {
            config
                .get(name)
                .and_then(Value::as_str)
                .and_then(|s| BASE64.decode(s).ok())
                .filter(|b| !b.is_empty())
                .map(|b| BigUint::from_bytes_be(&b).to_str_radix(16))
                .ok_or_else(|| {
                    ApiError::invalid_parameter(format!(
                        "DeviceSecretVerifierConfig.{name} is not base64"
                    ))
                })
        };
        let (verifier, salt) = (decode("PasswordVerifier")?, decode("Salt")?);
        // A verifier of 0, 1 or N−1 (mod N) has an order of at most 2: S = (A·v^u)^b is then
        // ±A^b, which B = k·v + g^b lets anyone compute without the device's secret (for N−1,
        // retrying until u is even). Refused, as RFC 5054 §2.5.4 refuses A ≡ 0 (the message is
        // this stand-in's; Cognito documents no such check, only "Found negative value for salt
        // or password verifier" for a negative one).
        let n = &srp::group().n;
        let v = parse_hex(&verifier).unwrap_or_default() % n;
        if v <= BigUint::from(1u8) || v == n - 1u8 {
            return Err(ApiError::invalid_parameter(
                "DeviceSecretVerifierConfig.PasswordVerifier is not a valid verifier",
            ));
        }
        let mut inner = self.lock();
        let (pool_id, username) = inner.authenticate(token)?;
        let always = inner.pool(&pool_id)?.always_remember_devices;
        let device = device_mut(inner.user_mut(&pool_id, &username)?, key)?;
        // A device's secret is set once: re-keying a confirmed device would let whoever holds an
        // access token take over a device the user remembered. DeviceKeyExistsException: "thrown
        // when a user attempts to confirm a device with a device key that already exists"
        // (botocore's ConfirmDevice); the message is an assumption.
        if device.confirmed() {
            return Err(ApiError::new(
                "DeviceKeyExistsException",
                "Device key already exists.",
            ));
        }
        device.verifier_hex = Some(verifier);
        device.salt_hex = Some(salt);
        device.name = opt_str(body, "DeviceName").map(str::to_owned);
        device.remembered = always;
        device.modified = self.clock.now_f64();
        Ok(json!({ "UserConfirmationNecessary": !always }))
    }

    pub(super) fn update_device_status(&self, body: &Value) -> ApiResult<Value> {
        let token = req_str(body, "AccessToken")?;
        let key = req_str(body, "DeviceKey")?;
        let remembered = match opt_str(body, "DeviceRememberedStatus") {
            Some("remembered") => true,
            Some("not_remembered") | None => false,
            Some(other) => {
                return Err(ApiError::invalid_parameter(format!(
                    "Invalid DeviceRememberedStatus {other}"
                )));
            }
        };
        let mut inner = self.lock();
        let device = device_mut(inner.token_user_mut(token)?, key)?;
        device.remembered = remembered;
        device.modified = self.clock.now_f64();
        Ok(json!({}))
    }

    pub(super) fn list_devices(&self, body: &Value) -> ApiResult<Value> {
        let token = req_str(body, "AccessToken")?;
        let inner = self.lock();
        let user = inner.token_user(token)?;
        let devices: Vec<Value> = user
            .devices
            .iter()
            .filter(|d| d.confirmed())
            .map(device_json)
            .collect();
        Ok(json!({ "Devices": devices }))
    }

    pub(super) fn get_device(&self, body: &Value) -> ApiResult<Value> {
        let token = req_str(body, "AccessToken")?;
        let key = req_str(body, "DeviceKey")?;
        let inner = self.lock();
        let user = inner.token_user(token)?;
        Ok(json!({ "Device": device_json(device(user, key)?) }))
    }

    pub(super) fn forget_device(&self, body: &Value) -> ApiResult<Value> {
        let token = req_str(body, "AccessToken")?;
        let key = req_str(body, "DeviceKey")?;
        let mut inner = self.lock();
        let user = inner.token_user_mut(token)?;
        let before = user.devices.len();
        user.devices.retain(|d| d.key != key);
        if user.devices.len() == before {
            return Err(ApiError::device_not_found());
        }
        Ok(json!({}))
    }
}

/// A device of the user's by key.
fn device<'a>(user: &'a User, key: &str) -> ApiResult<&'a Device> {
    user.devices
        .iter()
        .find(|d| d.key == key)
        .ok_or_else(ApiError::device_not_found)
}

fn device_mut<'a>(user: &'a mut User, key: &str) -> ApiResult<&'a mut Device> {
    user.devices
        .iter_mut()
        .find(|d| d.key == key)
        .ok_or_else(ApiError::device_not_found)
}

fn device_json(d: &Device) -> Value {
    let mut attributes = vec![
        json!({ "Name": "device_status", "Value": "valid" }),
        json!({ "Name": "dev:device_remembered_status", "Value": if d.remembered { "remembered" } else { "not_remembered" } }),
    ];
    if let Some(name) = &d.name {
        attributes.push(json!({ "Name": "device_name", "Value": name }));
    }
    json!({
        "DeviceKey": d.key,
        "DeviceAttributes": attributes,
        "DeviceCreateDate": d.created,
        "DeviceLastModifiedDate": d.modified,
        "DeviceLastAuthenticatedDate": d.last_authenticated,
    })
}

//! InitiateAuth and RespondToAuthChallenge: SRP, passwords, MFA challenges, forced set-up,
//! remembered devices.

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use cognito_crypto::srp::{self, parse_hex};
use cognito_crypto::{timestamp, totp};
use num_bigint::BigUint;
use serde_json::{Value, json};

use super::{
    Inner, SentCode, Service, SignIn, SrpExchange, SrpPending, Step, ms_after, now_f64, now_ms,
    now_secs, opt_str, password_matches, random_bytes, random_digits, req_str, str_map,
};
use crate::error::{ApiError, ApiResult};
use crate::store::{Device, MfaConfiguration, UserStatus};

/// How far the client's TIMESTAMP may be from the server's clock.
const MAX_CLOCK_SKEW_SECS: u64 = 15 * 60;
/// SRP_A is below N (3072 bits, 768 hex digits); allow leading zeros, refuse megabytes of hex.
const MAX_SRP_A_HEX: usize = 1024;
/// How much of an unknown sign-in name keys its failure counter (memory bound).
const MAX_KEY_NAME_CHARS: usize = 128;

/// What failed passwords are counted under: the user, or for a name that is nobody, the name
/// itself, so an unknown account locks out just like a real one and reveals nothing.
fn password_key(pool_id: &str, username: Option<&str>, name: &str) -> String {
    match username {
        Some(u) => format!("{pool_id}\u{0}{u}"),
        None => format!(
            "{pool_id}\u{0}?{}",
            name.chars()
                .take(MAX_KEY_NAME_CHARS)
                .collect::<String>()
                .to_lowercase()
        ),
    }
}

/// What failed MFA codes are counted under: the user, across sessions.
fn mfa_key(who: &SignIn) -> String {
    format!("{}\u{0}{}", who.pool_id, who.username)
}

type Responses = BTreeMap<String, String>;

fn field<'a>(responses: &'a Responses, key: &str) -> ApiResult<&'a String> {
    responses.get(key).ok_or_else(|| ApiError::missing(key))
}

impl Service {
    pub(super) fn initiate_auth(&self, body: &Value) -> ApiResult<Value> {
        let flow = req_str(body, "AuthFlow")?;
        let client_id = req_str(body, "ClientId")?;
        let params = str_map(body, "AuthParameters");
        let mut inner = self.lock();
        let pool = inner.pool_of_client(client_id)?;
        let canonical = match flow {
            "REFRESH_TOKEN" => "REFRESH_TOKEN_AUTH",
            "USER_SRP_AUTH" | "USER_PASSWORD_AUTH" | "REFRESH_TOKEN_AUTH" => flow,
            other => {
                return Err(ApiError::invalid_parameter(format!(
                    "{other} is not supported by local-cognito"
                )));
            }
        };
        if !pool
            .clients
            .get(client_id)
            .is_some_and(|c| c.allows(canonical))
        {
            return Err(ApiError::invalid_parameter(format!(
                "{canonical} flow not enabled for this client"
            )));
        }
        let pool_id = pool.id.clone();
        let who = |username: String| SignIn {
            pool_id: pool_id.clone(),
            client_id: client_id.to_owned(),
            username,
            device_key: params.get("DEVICE_KEY").cloned(),
        };
        match canonical {
            "USER_SRP_AUTH" => {
                let name = field(&params, "USERNAME")?;
                let a_pub = srp_a(field(&params, "SRP_A")?)?;
                let user = pool.find_user(name);
                // An unknown user gets a decoy challenge and fails at the password step, as Cognito
                // does with user-existence errors prevented: no way to probe for accounts.
                let (salt_hex, verifier) = match user {
                    Some(u) => (
                        u.salt_hex.clone(),
                        parse_hex(&u.verifier_hex).unwrap_or_default(),
                    ),
                    None => (
                        BigUint::from_bytes_be(&random_bytes::<16>()).to_str_radix(16),
                        BigUint::from_bytes_be(&random_bytes::<32>()),
                    ),
                };
                let who = user.map(|u| who(u.username.clone()));
                let lock_key =
                    password_key(&pool_id, who.as_ref().map(|w| w.username.as_str()), name);
                let user_id = who
                    .as_ref()
                    .map_or_else(|| uuid::Uuid::new_v4().to_string(), |w| w.username.clone());
                let exchange = start_exchange(&verifier, a_pub);
                let (b_hex, block) = (
                    exchange.b_pub.to_str_radix(16),
                    exchange.secret_block.clone(),
                );
                let now = now_ms();
                inner.srp.retain(|_, p| p.expires_at_ms >= now);
                let expires_at_ms = ms_after(now, self.session_ttl());
                inner.srp.insert(
                    block.clone(),
                    SrpPending {
                        who,
                        lock_key,
                        client_id: client_id.into(),
                        exchange,
                        expires_at_ms,
                    },
                );
                Ok(json!({
                    "ChallengeName": "PASSWORD_VERIFIER",
                    "ChallengeParameters": {
                        "SALT": salt_hex, "SECRET_BLOCK": block, "SRP_B": b_hex,
                        "USERNAME": user_id, "USER_ID_FOR_SRP": user_id,
                    }
                }))
            }
            "USER_PASSWORD_AUTH" => {
                let name = field(&params, "USERNAME")?;
                let password = field(&params, "PASSWORD")?;
                let (pool_name, user) = (pool.name.clone(), pool.find_user(name).cloned());
                let key = password_key(&pool_id, user.as_ref().map(|u| u.username.as_str()), name);
                // Checked before the password: during a lockout the right one is refused too.
                // https://docs.aws.amazon.com/cognito/latest/developerguide/authentication.html#authentication-flow-lockout-behavior
                // https://github.com/amazon-archives/amazon-cognito-identity-js/issues/506
                if inner.password_locked(&key) {
                    return Err(ApiError::password_attempts_exceeded());
                }
                match user {
                    Some(user) if password_matches(&pool_name, &user, password) => {
                        inner.password_failures.succeed(&key);
                        self.after_password(&mut inner, who(user.username))
                    }
                    _ => {
                        inner.password_failed(&key);
                        Err(ApiError::wrong_credentials())
                    }
                }
            }
            _ => {
                let token = field(&params, "REFRESH_TOKEN")?;
                let record = inner
                    .refresh_tokens
                    .get(token)
                    .ok_or_else(|| ApiError::not_authorized("Invalid Refresh Token"))?;
                if inner.revoked_origins.contains(&record.origin_jti)
                    || record.client_id != client_id
                {
                    return Err(ApiError::not_authorized("Refresh Token has been revoked"));
                }
                let (pool_id, username, issued_at) = (
                    record.pool_id.clone(),
                    record.username.clone(),
                    record.issued_at,
                );
                let user = inner
                    .pool(&pool_id)?
                    .users
                    .get(&username)
                    .ok_or_else(ApiError::user_not_found)?;
                if issued_at < user.tokens_valid_after {
                    return Err(ApiError::not_authorized("Refresh Token has been revoked"));
                }
                inner.issue_tokens(
                    &self.cfg,
                    &pool_id,
                    client_id,
                    &username,
                    Some(token.clone()),
                )
            }
        }
    }

    pub(super) fn respond_to_auth_challenge(&self, body: &Value) -> ApiResult<Value> {
        let client_id = req_str(body, "ClientId")?;
        let challenge = req_str(body, "ChallengeName")?;
        let responses = str_map(body, "ChallengeResponses");
        let mut inner = self.lock();
        inner.pool_of_client(client_id)?;
        if challenge == "PASSWORD_VERIFIER" {
            return self.password_verifier(&mut inner, client_id, &responses);
        }
        let token = opt_str(body, "Session").ok_or_else(|| ApiError::missing("Session"))?;
        let session = inner.take_session(token)?;
        if session.who.client_id != client_id || session.step.challenge_name() != challenge {
            return Err(ApiError::invalid_session());
        }
        let claimed = field(&responses, "USERNAME")?;
        if inner
            .pool(&session.who.pool_id)?
            .find_username(claimed)
            .as_deref()
            != Some(session.who.username.as_str())
        {
            return Err(ApiError::invalid_session());
        }
        let who = session.who.clone();
        match session.step.clone() {
            Step::Code {
                challenge: "SOFTWARE_TOKEN_MFA",
                ..
            } => {
                let code = field(&responses, "SOFTWARE_TOKEN_MFA_CODE")?;
                let mfa_key = mfa_key(&who);
                // While the user's MFA is locked every answer, even the right code, is refused;
                // the session stays for a try after the lockout. "After five unsuccessful
                // attempts to present an MFA code, Amazon Cognito begins the exponential-timeout
                // lockout process": https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html
                if inner.mfa_locked(&mfa_key) {
                    inner.restore_session(token, session);
                    return Err(ApiError::mfa_locked());
                }
                let user = inner.user_mut(&who.pool_id, &who.username)?;
                let Some(key) = user
                    .mfa
                    .totp_secret
                    .as_deref()
                    .and_then(|s| totp::decode_secret(s).ok())
                else {
                    return Err(ApiError::new(
                        "SoftwareTokenMFANotFoundException",
                        "Software Token MFA has not been enabled by the user.",
                    ));
                };
                match check_totp(&key, code, user.mfa.last_totp_step) {
                    Ok(step) => {
                        user.mfa.last_totp_step = Some(step);
                        inner.mfa_failures.succeed(&mfa_key);
                        self.complete(&mut inner, &who)
                    }
                    Err(e) => {
                        inner.mfa_failed(&mfa_key);
                        inner.retry_session(token, session);
                        Err(e)
                    }
                }
            }
            Step::Code {
                challenge: name,
                code: expected,
            } => {
                let code = field(
                    &responses,
                    if name == "SMS_MFA" {
                        "SMS_MFA_CODE"
                    } else {
                        "EMAIL_OTP_CODE"
                    },
                )?;
                let mfa_key = mfa_key(&who);
                if inner.mfa_locked(&mfa_key) {
                    inner.restore_session(token, session);
                    return Err(ApiError::mfa_locked());
                }
                match expected {
                    // Cognito: the code is valid as long as the session (AuthSessionValidity,
                    // https://docs.aws.amazon.com/cognito/latest/developerguide/authentication.html;
                    // "valid for 3 minutes": https://github.com/amazon-archives/amazon-cognito-identity-js/issues/54).
                    // It cannot be sent again in this session: the session goes with it.
                    Some(sent) if now_ms() > sent.expires_at_ms => Err(ApiError::expired_code()),
                    Some(sent) if sent.code == *code => {
                        inner.mfa_failures.succeed(&mfa_key);
                        self.complete(&mut inner, &who)
                    }
                    _ => {
                        inner.mfa_failed(&mfa_key);
                        inner.retry_session(token, session);
                        Err(ApiError::new(
                            "CodeMismatchException",
                            "Invalid code or auth state for the user.",
                        ))
                    }
                }
            }
            Step::SelectMfaType(options) => {
                let answer = field(&responses, "ANSWER")?;
                let Some(&chosen) = options.iter().find(|o| **o == answer.as_str()) else {
                    return Err(ApiError::invalid_parameter(format!(
                        "{answer} is not a valid MFA type for this user"
                    )));
                };
                self.mfa_challenge(&mut inner, &who, chosen)
            }
            Step::NewPassword => {
                let new_password = field(&responses, "NEW_PASSWORD")?;
                // A password the policy refuses leaves the session usable for another try.
                if let Err(e) = super::check_password_policy(new_password) {
                    inner.retry_session(token, session);
                    return Err(e);
                }
                let user = inner.set_password(&who.pool_id, &who.username, new_password)?;
                user.status = UserStatus::Confirmed;
                for (k, v) in responses
                    .iter()
                    .filter_map(|(k, v)| Some((k.strip_prefix("userAttributes.")?, v)))
                {
                    user.attributes.insert(k.to_owned(), v.clone());
                }
                self.after_password(&mut inner, who)
            }
            Step::MfaSetupVerified => self.complete(&mut inner, &who),
            Step::MfaSetup | Step::MfaSetupAssociated => Err(ApiError::invalid_parameter(
                "Software token has not been verified; call VerifySoftwareToken first",
            )),
            Step::DeviceSrp => {
                let device_key = field(&responses, "DEVICE_KEY")?;
                if who.device_key.as_deref() != Some(device_key.as_str()) {
                    return Err(ApiError::invalid_session());
                }
                let a_pub = srp_a(field(&responses, "SRP_A")?)?;
                let device = device_secret(&inner, &who, device_key)?;
                let (verifier, salt_hex) = (device.verifier, device.salt_hex);
                let exchange = start_exchange(&verifier, a_pub);
                let params = json!({
                    "SRP_B": exchange.b_pub.to_str_radix(16), "SALT": salt_hex,
                    "SECRET_BLOCK": exchange.secret_block, "USERNAME": who.username, "DEVICE_KEY": device_key,
                });
                let next = inner.new_session(
                    self.session_ttl(),
                    &who,
                    Step::DevicePasswordVerifier(Box::new(exchange)),
                );
                Ok(
                    json!({ "ChallengeName": "DEVICE_PASSWORD_VERIFIER", "Session": next, "ChallengeParameters": params }),
                )
            }
            Step::DevicePasswordVerifier(exchange) => {
                let device_key = who
                    .device_key
                    .clone()
                    .ok_or_else(ApiError::invalid_session)?;
                let device = device_secret(&inner, &who, &device_key)?;
                verify_claim(
                    &exchange,
                    &device.verifier,
                    &device.group_key,
                    &device_key,
                    &responses,
                )?;
                let user = inner.user_mut(&who.pool_id, &who.username)?;
                if let Some(d) = user.devices.iter_mut().find(|d| d.key == device_key) {
                    d.last_authenticated = now_f64();
                }
                inner.issue_tokens(&self.cfg, &who.pool_id, client_id, &who.username, None)
            }
        }
    }

    fn password_verifier(
        &self,
        inner: &mut Inner,
        client_id: &str,
        responses: &Responses,
    ) -> ApiResult<Value> {
        let pending = inner
            .srp
            .remove(field(responses, "PASSWORD_CLAIM_SECRET_BLOCK")?)
            .ok_or_else(ApiError::wrong_credentials)?;
        if now_ms() > pending.expires_at_ms {
            return Err(ApiError::session_expired());
        }
        // Checked before the password: during a lockout the right one is refused too.
        if inner.password_locked(&pending.lock_key) {
            return Err(ApiError::password_attempts_exceeded());
        }
        let Some(mut who) = pending.who else {
            inner.password_failed(&pending.lock_key);
            return Err(ApiError::wrong_credentials());
        };
        if pending.client_id != client_id {
            return Err(ApiError::wrong_credentials());
        }
        let checked = (|| -> ApiResult<()> {
            let pool = inner.pool(&who.pool_id)?;
            if pool.find_username(field(responses, "USERNAME")?).as_deref()
                != Some(who.username.as_str())
            {
                return Err(ApiError::wrong_credentials());
            }
            let user = pool
                .users
                .get(&who.username)
                .ok_or_else(ApiError::wrong_credentials)?;
            let verifier = parse_hex(&user.verifier_hex).unwrap_or_default();
            verify_claim(
                &pending.exchange,
                &verifier,
                &pool.name,
                &who.username,
                responses,
            )
        })();
        match checked {
            Ok(()) => inner.password_failures.succeed(&pending.lock_key),
            Err(e) => {
                if e == ApiError::wrong_credentials() {
                    inner.password_failed(&pending.lock_key);
                }
                return Err(e);
            }
        }
        if let Some(device_key) = responses.get("DEVICE_KEY") {
            who.device_key = Some(device_key.clone());
        }
        self.after_password(inner, who)
    }

    /// After a correct password: confirmation, forced password change, a remembered device or
    /// MFA as the pool and user have it, or tokens.
    fn after_password(&self, inner: &mut Inner, who: SignIn) -> ApiResult<Value> {
        let pool = inner.pool(&who.pool_id)?;
        let user = pool
            .users
            .get(&who.username)
            .ok_or_else(ApiError::wrong_credentials)?;
        if !user.enabled {
            return Err(ApiError::not_authorized("User is disabled."));
        }
        match user.status {
            UserStatus::Unconfirmed => {
                return Err(ApiError::new(
                    "UserNotConfirmedException",
                    "User is not confirmed.",
                ));
            }
            UserStatus::ResetRequired => {
                return Err(ApiError::new(
                    "PasswordResetRequiredException",
                    "Password reset required for the user",
                ));
            }
            UserStatus::ForceChangePassword => {
                let attrs: serde_json::Map<String, Value> = user
                    .attributes
                    .iter()
                    .filter(|(k, _)| *k != "email_verified")
                    .map(|(k, v)| (k.clone(), json!(v)))
                    .collect();
                let params = json!({
                    "USER_ID_FOR_SRP": who.username, "requiredAttributes": "[]",
                    "userAttributes": Value::Object(attrs).to_string(),
                });
                let session = inner.new_session(self.session_ttl(), &who, Step::NewPassword);
                return Ok(
                    json!({ "ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": session, "ChallengeParameters": params }),
                );
            }
            UserStatus::Confirmed => {}
        }
        let remembered = who.device_key.as_ref().is_some_and(|key| {
            pool.device_tracking
                && user.devices.iter().any(|d| {
                    d.key == *key && d.confirmed() && (d.remembered || pool.always_remember_devices)
                })
        });
        if remembered {
            let session = inner.new_session(self.session_ttl(), &who, Step::DeviceSrp);
            return Ok(
                json!({ "ChallengeName": "DEVICE_SRP_AUTH", "Session": session, "ChallengeParameters": {} }),
            );
        }
        let active = user.active_mfa(pool);
        if pool.mfa == MfaConfiguration::Off
            || (active.is_empty() && pool.mfa == MfaConfiguration::Optional)
        {
            return self.complete(inner, &who);
        }
        if active.is_empty() {
            let can_setup: Vec<&str> = [
                ("SOFTWARE_TOKEN_MFA", pool.totp_mfa),
                ("EMAIL_OTP", pool.email_mfa && user.email().is_some()),
            ]
            .into_iter()
            .filter_map(|(name, ok)| ok.then_some(name))
            .collect();
            let params =
                json!({ "MFAS_CAN_SETUP": serde_json::to_string(&can_setup).unwrap_or_default() });
            let session = inner.new_session(self.session_ttl(), &who, Step::MfaSetup);
            return Ok(
                json!({ "ChallengeName": "MFA_SETUP", "Session": session, "ChallengeParameters": params }),
            );
        }
        let preferred = user
            .mfa
            .preferred
            .as_deref()
            .and_then(|p| active.iter().copied().find(|a| *a == p));
        match (preferred, active.as_slice()) {
            (Some(chosen), _) | (None, &[chosen]) => self.mfa_challenge(inner, &who, chosen),
            (None, _) => {
                let params = json!({ "MFAS_CAN_CHOOSE": serde_json::to_string(&active).unwrap_or_default(), "USER_ID_FOR_SRP": who.username });
                let session = inner.new_session(
                    self.session_ttl(),
                    &who,
                    Step::SelectMfaType(active.clone()),
                );
                Ok(
                    json!({ "ChallengeName": "SELECT_MFA_TYPE", "Session": session, "ChallengeParameters": params }),
                )
            }
        }
    }

    /// Sends (for SMS and email) and asks for one MFA code.
    fn mfa_challenge(
        &self,
        inner: &mut Inner,
        who: &SignIn,
        challenge: &'static str,
    ) -> ApiResult<Value> {
        let mut params = json!({ "USER_ID_FOR_SRP": who.username });
        let code = match challenge {
            "SMS_MFA" | "EMAIL_OTP" => {
                let code = random_digits(6);
                let medium = if challenge == "SMS_MFA" {
                    "SMS"
                } else {
                    "EMAIL"
                };
                let user = inner
                    .pool(&who.pool_id)?
                    .users
                    .get(&who.username)
                    .cloned()
                    .ok_or_else(ApiError::user_not_found)?;
                let masked =
                    inner.deliver(&self.cfg, &who.pool_id, &user, medium, "sign-in", &code);
                params["CODE_DELIVERY_DELIVERY_MEDIUM"] = json!(medium);
                params["CODE_DELIVERY_DESTINATION"] = json!(masked);
                Some(SentCode {
                    code,
                    expires_at_ms: ms_after(now_ms(), self.effective_code_ttl()),
                })
            }
            _ => None,
        };
        let session = inner.new_session(self.session_ttl(), who, Step::Code { challenge, code });
        Ok(json!({ "ChallengeName": challenge, "Session": session, "ChallengeParameters": params }))
    }

    /// The end of a full sign-in: tokens, and a new device key where the pool tracks devices and
    /// the client did not name a known one.
    fn complete(&self, inner: &mut Inner, who: &SignIn) -> ApiResult<Value> {
        let mut answer =
            inner.issue_tokens(&self.cfg, &who.pool_id, &who.client_id, &who.username, None)?;
        let region = who.pool_id.split('_').next().unwrap_or("local").to_owned();
        let pool = inner.pool_mut(&who.pool_id)?;
        if !pool.device_tracking {
            return Ok(answer);
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
            return Ok(answer);
        }
        let group = user
            .device_group_key
            .get_or_insert_with(|| format!("-{}", super::random_token(9).replace(['-', '_'], "x")))
            .clone();
        let key = format!("{region}_{}", uuid::Uuid::new_v4());
        let now = now_f64();
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
        answer["AuthenticationResult"]["NewDeviceMetadata"] =
            json!({ "DeviceKey": key, "DeviceGroupKey": group });
        Ok(answer)
    }
}

fn device_not_found() -> ApiError {
    ApiError::resource_not_found("Device does not exist.")
}

/// What device SRP needs of a confirmed device: its verifier and salt, and the user's group key.
struct DeviceSecret {
    verifier: BigUint,
    salt_hex: String,
    group_key: String,
}

fn device_secret(inner: &Inner, who: &SignIn, device_key: &str) -> ApiResult<DeviceSecret> {
    let user = inner
        .pool(&who.pool_id)?
        .users
        .get(&who.username)
        .ok_or_else(ApiError::user_not_found)?;
    let device = user
        .devices
        .iter()
        .find(|d| d.key == device_key)
        .ok_or_else(device_not_found)?;
    Ok(DeviceSecret {
        verifier: device
            .verifier_hex
            .as_deref()
            .and_then(parse_hex)
            .ok_or_else(device_not_found)?,
        salt_hex: device.salt_hex.clone().unwrap_or_default(),
        group_key: user.device_group_key.clone().unwrap_or_default(),
    })
}

fn srp_a(hex: &str) -> ApiResult<BigUint> {
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
fn start_exchange(verifier: &BigUint, a_pub: BigUint) -> SrpExchange {
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
fn verify_claim(
    exchange: &SrpExchange,
    verifier: &BigUint,
    name: &str,
    user: &str,
    responses: &Responses,
) -> ApiResult<()> {
    if field(responses, "PASSWORD_CLAIM_SECRET_BLOCK")? != &exchange.secret_block {
        return Err(ApiError::wrong_credentials());
    }
    let stamp = field(responses, "TIMESTAMP")?;
    let when = timestamp::parse(stamp)
        .ok_or_else(|| ApiError::invalid_parameter("TIMESTAMP format is invalid"))?;
    if when.abs_diff(now_secs()) > MAX_CLOCK_SKEW_SECS {
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

/// A TOTP code against the user's key: ±1 step, and never a step at or before the last accepted.
pub(super) fn check_totp(key: &[u8], code: &str, last_step: Option<u64>) -> ApiResult<u64> {
    let step = totp::matching_step(key, code, now_secs() as u64).ok_or_else(|| {
        ApiError::new(
            "CodeMismatchException",
            "Invalid code or auth state for the user.",
        )
    })?;
    if last_step.is_some_and(|last| step <= last) {
        return Err(ApiError::new(
            "ExpiredCodeException",
            "Your software token has already been used once.",
        ));
    }
    Ok(step)
}

//! InitiateAuth (USER_SRP_AUTH, USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH; USER_AUTH is in
//! `user_auth`) and what follows a correct password: a forced password change, a remembered
//! device, MFA as the pool and user have it, or tokens; and what follows a first-factor code. The
//! answers to the challenges are in `challenges`.

use cognito_crypto::srp::parse_hex;
use cognito_crypto::totp;
use serde_json::{Value, json};

use super::attributes::new_password_parameters;
use super::clock::ms_after;
use super::password::password_matches;
use super::random::random_digits;
use super::session::{SentCode, SignIn, SrpPending, Step};
use super::srp_exchange::{srp_a, start_exchange};
use super::step_up;
use super::wire::{Responses, field, opt_str, req_str, str_map};
use super::{Inner, Service, ServiceConfig};
use crate::error::{ApiError, ApiResult};
use crate::store::{MfaConfiguration, Pool, User, UserStatus};

/// How much of an unknown sign-in name keys its failure counter (memory bound).
const MAX_KEY_NAME_CHARS: usize = 128;

/// A user's key in the failure counters.
fn user_key(pool_id: &str, username: &str) -> String {
    format!("{pool_id}\u{0}{username}")
}

/// What failed passwords are counted under: the user, or for a name that is nobody, the name
/// itself, so an unknown account locks out just like a real one and reveals nothing.
pub(super) fn password_key(pool_id: &str, username: Option<&str>, name: &str) -> String {
    match username {
        Some(u) => user_key(pool_id, u),
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
pub(super) fn mfa_key(who: &SignIn) -> String {
    user_key(&who.pool_id, &who.username)
}

impl Inner {
    /// Whether a sign-in name is locked out after failed passwords (an attempt in itself).
    pub(super) fn password_locked(&mut self, key: &str) -> bool {
        self.password_failures
            .is_locked(key, self.clock.now_ms(), &self.lockout)
    }

    pub(super) fn password_failed(&mut self, key: &str) {
        self.password_failures
            .fail(key, self.clock.now_ms(), &self.lockout);
    }

    /// Whether a user's MFA is locked out after failed codes (an attempt in itself).
    pub(super) fn mfa_locked(&mut self, key: &str) -> bool {
        self.mfa_failures
            .is_locked(key, self.clock.now_ms(), &self.lockout)
    }

    pub(super) fn mfa_failed(&mut self, key: &str) {
        self.mfa_failures
            .fail(key, self.clock.now_ms(), &self.lockout);
    }

    /// The tokens a completed sign-in gets: a new refresh-token family, bound to `device_key`.
    pub(super) fn sign_in_tokens(
        &mut self,
        cfg: &ServiceConfig,
        who: &SignIn,
        device_key: Option<String>,
    ) -> ApiResult<Value> {
        let family = self.start_family(&who.client_id, device_key, step_up::amr(&who.proved));
        self.issue_tokens(
            cfg,
            &who.pool_id,
            &who.client_id,
            &who.username,
            &family,
            true,
        )
    }
}

/// Who signs in through `client_id` of `pool_id` as `username`, with the remembered device the
/// client named in `params`, if any.
pub(super) fn sign_in(
    pool_id: &str,
    client_id: &str,
    params: &Responses,
    username: String,
) -> SignIn {
    SignIn {
        device_key: params.get("DEVICE_KEY").cloned(),
        ..SignIn::new(pool_id, client_id, username)
    }
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
            "USER_SRP_AUTH" | "USER_PASSWORD_AUTH" | "REFRESH_TOKEN_AUTH" | "USER_AUTH" => flow,
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
        match canonical {
            "USER_SRP_AUTH" => self.user_srp_auth(&mut inner, client_id, &params, None),
            "USER_PASSWORD_AUTH" => self.user_password_auth(&mut inner, client_id, &params, None),
            "USER_AUTH" => match opt_str(body, "Session") {
                // Straight after ConfirmSignUp, with its Session: signed in, no challenge.
                Some(session) => {
                    let who = inner.take_sign_up_session(
                        session,
                        client_id,
                        field(&params, "USERNAME")?,
                    )?;
                    user_signing_in(inner.pool(&who.pool_id)?, &who)?;
                    self.complete(&mut inner, &who)
                }
                None => self.user_auth(&mut inner, client_id, &params),
            },
            _ => self.refresh_token_auth(&mut inner, client_id, &params),
        }
    }

    /// USER_SRP_AUTH: B and a SECRET_BLOCK; the exchange waits for PASSWORD_VERIFIER. Through
    /// USER_AUTH, `from` is the sign-in so far (a step-up's target and credit go on).
    pub(super) fn user_srp_auth(
        &self,
        inner: &mut Inner,
        client_id: &str,
        params: &Responses,
        from: Option<&SignIn>,
    ) -> ApiResult<Value> {
        let name = field(params, "USERNAME")?;
        let a_pub = srp_a(field(params, "SRP_A")?)?;
        let pool = inner.pool_of_client(client_id)?;
        let pool_id = pool.id.clone();
        let user = pool.find_user(name);
        let who =
            user.map(|u| sign_in(&pool_id, client_id, params, u.username.clone()).carrying(from));
        let lock_key = password_key(&pool_id, who.as_ref().map(|w| w.username.as_str()), name);
        // An unknown user gets a decoy challenge and fails at the password step, as Cognito
        // does with user-existence errors prevented (`decoy`); otherwise "User does not exist.".
        let (salt_hex, verifier, user_id, decoy) = match user {
            Some(u) => (
                u.salt_hex.clone(),
                parse_hex(&u.verifier_hex).unwrap_or_default(),
                u.username.clone(),
                false,
            ),
            None if !inner.client(client_id)?.prevent_user_existence_errors => {
                return Err(ApiError::user_not_found());
            }
            None => {
                let decoy = inner.decoy(&pool_id, name)?;
                (decoy.salt_hex, decoy.verifier, decoy.user_id, true)
            }
        };
        let exchange = start_exchange(&verifier, a_pub);
        let (b_hex, block) = (
            exchange.b_pub.to_str_radix(16),
            exchange.secret_block.clone(),
        );
        inner.await_password_verifier(
            self.session_ttl(),
            SrpPending {
                who,
                lock_key,
                client_id: client_id.into(),
                decoy: decoy.then(|| (user_id.clone(), verifier)),
                exchange,
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

    /// USER_PASSWORD_AUTH: the password in the clear, checked against the verifier (`from`: as
    /// for [`Self::user_srp_auth`]).
    pub(super) fn user_password_auth(
        &self,
        inner: &mut Inner,
        client_id: &str,
        params: &Responses,
        from: Option<&SignIn>,
    ) -> ApiResult<Value> {
        let name = field(params, "USERNAME")?;
        let password = field(params, "PASSWORD")?;
        let pool = inner.pool_of_client(client_id)?;
        let (pool_id, pool_name, user) = (
            pool.id.clone(),
            pool.name.clone(),
            pool.find_user(name).cloned(),
        );
        if user.is_none() && !inner.client(client_id)?.prevent_user_existence_errors {
            return Err(ApiError::user_not_found());
        }
        let key = password_key(&pool_id, user.as_ref().map(|u| u.username.as_str()), name);
        // Checked before the password: during a lockout the right one is refused too.
        // https://docs.aws.amazon.com/cognito/latest/developerguide/authentication.html#authentication-flow-lockout-behavior
        // https://github.com/amazon-archives/amazon-cognito-identity-js/issues/506
        if inner.password_locked(&key) {
            return Err(ApiError::password_attempts_exceeded());
        }
        // Nobody's password is checked too, against the decoy's salt: the same verifier work,
        // so the time taken does not tell an unknown name apart.
        let right = match &user {
            Some(user) => password_matches(&pool_name, user, password),
            None => {
                let decoy = inner.decoy(&pool_id, name)?;
                let salt = parse_hex(&decoy.salt_hex).unwrap_or_default();
                let _ = cognito_crypto::srp::server::verifier(
                    &salt,
                    &pool_name,
                    &decoy.user_id,
                    password,
                );
                false
            }
        };
        match user {
            Some(user) if right => {
                inner.password_failures.succeed(&key);
                let who = sign_in(&pool_id, client_id, params, user.username).carrying(from);
                // A DEVICE_KEY that is not the user's: "Device does not exist." (amplify-js
                // retries USER_PASSWORD_AUTH without it, aws-amplify/amplify-js#12241).
                inner.check_named_device(&who)?;
                self.after_password(inner, who)
            }
            _ => {
                inner.password_failed(&key);
                Err(ApiError::wrong_credentials())
            }
        }
    }

    /// REFRESH_TOKEN_AUTH: new id and access tokens for a live refresh token (never a new
    /// refresh token), on the device its sign-in ran on (`DEVICE_KEY`). Refused for a client that
    /// rotates refresh tokens: "You can't authenticate with REFRESH_TOKEN_AUTH in app clients with
    /// refresh token rotation enabled"
    /// (<https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-refresh-token.html>);
    /// "Refresh token rotation must be completed with GetTokensFromRefreshToken"
    /// (<https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RefreshTokenRotationType.html>).
    /// Which error Cognito answers with is not public: NotAuthorizedException is an assumption.
    fn refresh_token_auth(
        &self,
        inner: &mut Inner,
        client_id: &str,
        params: &Responses,
    ) -> ApiResult<Value> {
        if inner.client(client_id)?.refresh_token_rotation.enabled {
            return Err(ApiError::not_authorized(
                "REFRESH_TOKEN_AUTH is not allowed for an app client with refresh token rotation enabled: use GetTokensFromRefreshToken",
            ));
        }
        let token = field(params, "REFRESH_TOKEN")?;
        let device_key = params.get("DEVICE_KEY").map(String::as_str);
        let record = inner.check_refresh_token(token, client_id, device_key)?;
        let result = inner.refreshed_tokens(&self.cfg, &record, false)?;
        Ok(json!({ "AuthenticationResult": result, "ChallengeParameters": {} }))
    }

    /// After a correct password: confirmation, forced password change, a remembered device or
    /// MFA as the pool and user have it, or tokens.
    pub(super) fn after_password(&self, inner: &mut Inner, who: SignIn) -> ApiResult<Value> {
        let who = who.proving(step_up::PWD);
        let pool = inner.pool(&who.pool_id)?;
        let user = user_signing_in(pool, &who)?;
        match user.status {
            UserStatus::ResetRequired => return Err(password_reset_required()),
            UserStatus::ForceChangePassword => {
                let (required, current) = new_password_parameters(pool, user);
                let params = json!({
                    "USER_ID_FOR_SRP": who.username, "requiredAttributes": required,
                    "userAttributes": current,
                });
                return Ok(self.challenge(inner, &who, Step::NewPassword, params));
            }
            UserStatus::Confirmed | UserStatus::Unconfirmed => {}
        }
        if remembers_device(pool, user, &who) {
            return Ok(self.challenge(inner, &who, Step::DeviceSrp, json!({})));
        }
        let active = user.active_mfa(pool);
        if pool.mfa == MfaConfiguration::Off
            || (active.is_empty() && pool.mfa == MfaConfiguration::Optional)
        {
            return self.complete(inner, &who);
        }
        if active.is_empty() {
            let params = json!({ "MFAS_CAN_SETUP": Value::from(mfas_can_setup(pool)).to_string() });
            return Ok(self.challenge(inner, &who, Step::MfaSetup, params));
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
                Ok(self.challenge(inner, &who, Step::SelectMfaType(active.clone()), params))
            }
        }
    }

    /// After a right first factor without a password (USER_AUTH's EMAIL_OTP or SMS_OTP code, or
    /// a passkey: with passkey MFA it stands in for MFA too): a disabled or
    /// unconfirmed user is refused as after a password; then a remembered device proves itself
    /// (DEVICE_SRP_AUTH), else tokens. Never MFA: MFA is for "users who have passwords as their
    /// primary authentication factor"
    /// (<https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html>).
    /// Nor a new password: the temporary password of a FORCE_CHANGE_PASSWORD user was not used,
    /// and stays as it is (an assumption; Cognito does not document it).
    pub(super) fn after_first_factor(&self, inner: &mut Inner, who: SignIn) -> ApiResult<Value> {
        let pool = inner.pool(&who.pool_id)?;
        let user = user_signing_in(pool, &who)?;
        if user.status == UserStatus::ResetRequired {
            return Err(password_reset_required());
        }
        if remembers_device(pool, user, &who) {
            return Ok(self.challenge(inner, &who, Step::DeviceSrp, json!({})));
        }
        self.complete(inner, &who)
    }

    /// Sends (for SMS and email) and asks for one MFA code.
    pub(super) fn mfa_challenge(
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
                let user = inner.user(&who.pool_id, &who.username)?.clone();
                let masked =
                    inner.deliver(&self.cfg, &who.pool_id, &user, medium, "sign-in", &code);
                params["CODE_DELIVERY_DELIVERY_MEDIUM"] = json!(medium);
                params["CODE_DELIVERY_DESTINATION"] = json!(masked);
                Some(SentCode {
                    code: Some(code),
                    expires_at_ms: ms_after(self.clock.now_ms(), self.effective_code_ttl()),
                })
            }
            _ => None,
        };
        Ok(self.challenge(inner, who, Step::Code { challenge, code }, params))
    }

    /// Starts a session waiting at `step` and asks its challenge.
    pub(super) fn challenge(
        &self,
        inner: &mut Inner,
        who: &SignIn,
        step: Step,
        params: Value,
    ) -> Value {
        let name = step.challenge_name();
        let session = inner.new_session(self.session_ttl(), who, step);
        json!({ "ChallengeName": name, "Session": session, "ChallengeParameters": params })
    }

    /// The end of a full sign-in: tokens, and a new device key where the pool tracks devices and
    /// the client did not name a known one. The refresh token is bound to the device the
    /// sign-in ran on: the one it named, or the one it was just given.
    pub(super) fn complete(&self, inner: &mut Inner, who: &SignIn) -> ApiResult<Value> {
        if let Some(target) = who.step_up {
            let reached = step_up::level(&who.proved).unwrap_or(0);
            if reached < target.wanted {
                let pool = inner.pool(&who.pool_id)?;
                let lift = step_up::lifting_challenge(
                    pool,
                    user_signing_in(pool, who)?,
                    &who.proved,
                    target.wanted,
                );
                match lift {
                    // All or nothing: no tokens until the level is reached.
                    Some(challenge) => return self.mfa_challenge(inner, who, challenge),
                    None if reached < target.floor => {
                        return Err(ApiError::not_authorized(
                            "The authentication did not reach the requested level.",
                        ));
                    }
                    None => {}
                }
            }
        }
        let metadata = inner.new_device(who)?;
        let device_key = match &metadata {
            Some(m) => m["DeviceKey"].as_str().map(str::to_owned),
            None => inner.tracked_device(who),
        };
        let mut result = inner.sign_in_tokens(&self.cfg, who, device_key)?;
        if let Some(metadata) = metadata {
            result["NewDeviceMetadata"] = metadata;
        }
        Ok(json!({ "AuthenticationResult": result, "ChallengeParameters": {} }))
    }
}

/// The user a sign-in is for, once its first factor was right: gone since reads as wrong
/// credentials; a disabled or unconfirmed user cannot sign in, whatever the factor.
fn user_signing_in<'a>(pool: &'a Pool, who: &SignIn) -> ApiResult<&'a User> {
    let user = pool
        .users
        .get(&who.username)
        .ok_or_else(ApiError::wrong_credentials)?;
    if !user.enabled {
        return Err(ApiError::not_authorized("User is disabled."));
    }
    if user.status == UserStatus::Unconfirmed {
        return Err(ApiError::new(
            "UserNotConfirmedException",
            "User is not confirmed.",
        ));
    }
    Ok(user)
}

/// A user whose password must be reset signs in no other way either (no code, no passkey): the
/// reset comes first. No public answer shows what Cognito says to a first-factor code for such a
/// user; it checks the account's status before the factor (aws/aws-sdk-js#4608 shows
/// UserNotConfirmedException despite a wrong password), so PasswordResetRequiredException, as
/// for a password, is assumed.
fn password_reset_required() -> ApiError {
    ApiError::new(
        "PasswordResetRequiredException",
        "Password reset required for the user",
    )
}

/// Whether the device a sign-in names is one the user remembered (or, in a pool that remembers
/// every confirmed device, confirmed): it may answer DEVICE_SRP_AUTH instead of MFA.
///
/// Never in a step-up: a device standing in for the code would defeat it (inferred).
fn remembers_device(pool: &Pool, user: &User, who: &SignIn) -> bool {
    who.step_up.is_none()
        && who.device_key.as_ref().is_some_and(|key| {
            pool.device_tracking
                && user.devices.iter().any(|d| {
                    d.key == *key && d.confirmed() && (d.remembered || pool.always_remember_devices)
                })
        })
}

/// MFA_SETUP's `MFAS_CAN_SETUP`: every factor the pool has on, in the order of amplify-js's test
/// fixtures (`'["SMS_MFA","SOFTWARE_TOKEN_MFA", "EMAIL_OTP"]'`). "The MFA types activated for
/// the user pool will be listed in the challenge parameters MFAS_CAN_SETUP value"
/// (botocore's RespondToAuthChallenge model). TOTP is set up with AssociateSoftwareToken and
/// email with an `EMAIL` answer (see `challenges`); SMS cannot be set up in the challenge ("To set
/// up SMS or email MFA, collect a phone_number or email attribute for the user. Then restart the
/// authentication flow"), and amplify-js offers only TOTP and email (`getAllowedMfaSetupTypes`).
fn mfas_can_setup(pool: &Pool) -> Vec<&'static str> {
    [
        ("SMS_MFA", pool.sms_mfa),
        ("SOFTWARE_TOKEN_MFA", pool.totp_mfa),
        ("EMAIL_OTP", pool.email_mfa),
    ]
    .into_iter()
    .filter_map(|(name, on)| on.then_some(name))
    .collect()
}

/// A TOTP code against the user's key: ±1 step, and never a step at or before the last accepted.
pub(super) fn check_totp(
    key: &[u8],
    code: &str,
    last_step: Option<u64>,
    now_secs: i64,
) -> ApiResult<u64> {
    let step =
        totp::matching_step(key, code, now_secs as u64).ok_or_else(ApiError::wrong_mfa_code)?;
    if last_step.is_some_and(|last| step <= last) {
        return Err(ApiError::new(
            "ExpiredCodeException",
            "Your software token has already been used once.",
        ));
    }
    Ok(step)
}

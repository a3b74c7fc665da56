//! InitiateAuth and RespondToAuthChallenge: SRP, passwords, MFA challenges, forced set-up.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use cognito_crypto::srp::{self, parse_hex};
use cognito_crypto::{timestamp, totp};
use num_bigint::BigUint;
use serde_json::{Value, json};

use super::{
    Inner, Service, SrpPending, Step, now_ms, now_secs, opt_str, password_matches, random_bytes,
    random_digits, req_str, str_map,
};
use crate::error::{ApiError, ApiResult};
use crate::store::{MfaConfiguration, UserStatus};

/// How far the client's TIMESTAMP may be from the server's clock.
const MAX_CLOCK_SKEW_SECS: i64 = 15 * 60;

impl Service {
    pub(super) fn initiate_auth(&self, body: &Value) -> ApiResult<Value> {
        let flow = req_str(body, "AuthFlow")?;
        let client_id = req_str(body, "ClientId")?;
        let params = str_map(body, "AuthParameters");
        let mut inner = self.lock();
        let pool = inner.pool_of_client(client_id)?;
        let client = &pool.clients[client_id];
        let supported = matches!(
            flow,
            "USER_SRP_AUTH" | "USER_PASSWORD_AUTH" | "REFRESH_TOKEN_AUTH" | "REFRESH_TOKEN"
        );
        if !supported {
            return Err(ApiError::invalid_parameter(format!(
                "{flow} is not supported by local-cognito"
            )));
        }
        let canonical = if flow == "REFRESH_TOKEN" {
            "REFRESH_TOKEN_AUTH"
        } else {
            flow
        };
        if !client.allows(canonical) {
            return Err(ApiError::invalid_parameter(format!(
                "{canonical} flow not enabled for this client"
            )));
        }
        let pool_id = pool.id.clone();
        match canonical {
            "USER_SRP_AUTH" => {
                let name = params
                    .get("USERNAME")
                    .ok_or_else(|| ApiError::missing("USERNAME"))?;
                let a_pub = params
                    .get("SRP_A")
                    .and_then(|a| parse_hex(a))
                    .ok_or_else(|| ApiError::invalid_parameter("Invalid SRP_A"))?;
                if (&a_pub % &srp::group().n) == BigUint::ZERO {
                    return Err(ApiError::invalid_parameter(
                        "Invalid SRP_A: A mod N is zero",
                    ));
                }
                let user = pool.find_user(name).cloned();
                // An unknown user gets a decoy challenge and fails at the password step, as Cognito
                // does with user-existence errors prevented: no way to probe for accounts.
                let (username, salt_hex, verifier) = match &user {
                    Some(u) => (
                        Some(u.username.clone()),
                        u.salt_hex.clone(),
                        parse_hex(&u.verifier_hex).unwrap_or_default(),
                    ),
                    None => (
                        None,
                        BigUint::from_bytes_be(&random_bytes::<16>()).to_str_radix(16),
                        BigUint::from_bytes_be(&random_bytes::<32>()),
                    ),
                };
                let b = BigUint::from_bytes_be(&random_bytes::<128>()) % &srp::group().n;
                let b_pub = srp::server::public_b(&verifier, &b);
                let secret_block = BASE64.encode(random_bytes::<128>());
                let user_id = username
                    .clone()
                    .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
                inner.srp.retain(|_, p| p.expires_at_ms > now_ms());
                inner.srp.insert(
                    secret_block.clone(),
                    SrpPending {
                        pool_id,
                        client_id: client_id.into(),
                        username,
                        b,
                        b_pub: b_pub.clone(),
                        a_pub,
                        expires_at_ms: now_ms() + self.session_ttl() * 1000,
                    },
                );
                Ok(json!({
                    "ChallengeName": "PASSWORD_VERIFIER",
                    "ChallengeParameters": {
                        "SALT": salt_hex,
                        "SECRET_BLOCK": secret_block,
                        "SRP_B": b_pub.to_str_radix(16),
                        "USERNAME": user_id,
                        "USER_ID_FOR_SRP": user_id,
                    }
                }))
            }
            "USER_PASSWORD_AUTH" => {
                let name = params
                    .get("USERNAME")
                    .ok_or_else(|| ApiError::missing("USERNAME"))?;
                let password = params
                    .get("PASSWORD")
                    .ok_or_else(|| ApiError::missing("PASSWORD"))?;
                let user = pool
                    .find_user(name)
                    .ok_or_else(ApiError::wrong_credentials)?;
                if !password_matches(&pool.name, user, password) {
                    return Err(ApiError::wrong_credentials());
                }
                let username = user.username.clone();
                self.after_password(&mut inner, &pool_id, client_id, &username)
            }
            _ => {
                let token = params
                    .get("REFRESH_TOKEN")
                    .ok_or_else(|| ApiError::missing("REFRESH_TOKEN"))?;
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
        if session.client_id != client_id || session.step.challenge_name() != challenge {
            return Err(ApiError::invalid_session());
        }
        let claimed = responses
            .get("USERNAME")
            .ok_or_else(|| ApiError::missing("USERNAME"))?;
        let pool = inner.pool(&session.pool_id)?;
        if pool.find_username(claimed).as_deref() != Some(session.username.as_str()) {
            return Err(ApiError::invalid_session());
        }
        let (pool_id, username) = (session.pool_id.clone(), session.username.clone());
        match session.step.clone() {
            Step::Code {
                challenge: "SOFTWARE_TOKEN_MFA",
                ..
            } => {
                let code = responses
                    .get("SOFTWARE_TOKEN_MFA_CODE")
                    .ok_or_else(|| ApiError::missing("SOFTWARE_TOKEN_MFA_CODE"))?;
                let user = inner.user_mut(&pool_id, &username)?;
                let key = user
                    .mfa
                    .totp_secret
                    .as_deref()
                    .and_then(|s| totp::decode_secret(s).ok());
                let Some(key) = key else {
                    return Err(ApiError::new(
                        "SoftwareTokenMFANotFoundException",
                        "Software Token MFA has not been enabled by the user.",
                    ));
                };
                match check_totp(&key, code, user.mfa.last_totp_step) {
                    Ok(step) => {
                        user.mfa.last_totp_step = Some(step);
                        inner.issue_tokens(&self.cfg, &pool_id, client_id, &username, None)
                    }
                    Err(e) => {
                        inner.retry_session(token, session);
                        Err(e)
                    }
                }
            }
            Step::Code {
                challenge: name,
                code: expected,
            } => {
                let key = if name == "SMS_MFA" {
                    "SMS_MFA_CODE"
                } else {
                    "EMAIL_OTP_CODE"
                };
                let code = responses.get(key).ok_or_else(|| ApiError::missing(key))?;
                if expected.as_deref() == Some(code.as_str()) {
                    inner.issue_tokens(&self.cfg, &pool_id, client_id, &username, None)
                } else {
                    inner.retry_session(token, session);
                    Err(ApiError::new(
                        "CodeMismatchException",
                        "Invalid code or auth state for the user.",
                    ))
                }
            }
            Step::SelectMfaType(options) => {
                let answer = responses
                    .get("ANSWER")
                    .ok_or_else(|| ApiError::missing("ANSWER"))?;
                let Some(&chosen) = options.iter().find(|o| **o == answer.as_str()) else {
                    return Err(ApiError::invalid_parameter(format!(
                        "{answer} is not a valid MFA type for this user"
                    )));
                };
                self.mfa_challenge(&mut inner, &pool_id, client_id, &username, chosen)
            }
            Step::NewPassword => {
                let new_password = responses
                    .get("NEW_PASSWORD")
                    .ok_or_else(|| ApiError::missing("NEW_PASSWORD"))?;
                super::check_password_policy(new_password)?;
                let pool_name = inner.pool(&pool_id)?.name.clone();
                let (salt, verifier) =
                    super::password_verifier(&pool_name, &username, new_password);
                let user = inner.user_mut(&pool_id, &username)?;
                user.salt_hex = salt;
                user.verifier_hex = verifier;
                user.status = UserStatus::Confirmed;
                user.modified = super::now_f64();
                for (k, v) in responses
                    .iter()
                    .filter_map(|(k, v)| Some((k.strip_prefix("userAttributes.")?, v)))
                {
                    user.attributes.insert(k.to_owned(), v.clone());
                }
                self.after_password(&mut inner, &pool_id, client_id, &username)
            }
            Step::MfaSetupVerified => {
                inner.issue_tokens(&self.cfg, &pool_id, client_id, &username, None)
            }
            Step::MfaSetup | Step::MfaSetupAssociated => Err(ApiError::invalid_parameter(
                "Software token has not been verified; call VerifySoftwareToken first",
            )),
        }
    }

    fn password_verifier(
        &self,
        inner: &mut Inner,
        client_id: &str,
        responses: &std::collections::BTreeMap<String, String>,
    ) -> ApiResult<Value> {
        let field = |k: &str| responses.get(k).ok_or_else(|| ApiError::missing(k));
        let secret_block = field("PASSWORD_CLAIM_SECRET_BLOCK")?;
        let signature = field("PASSWORD_CLAIM_SIGNATURE")?;
        let stamp = field("TIMESTAMP")?;
        let claimed = field("USERNAME")?;
        let pending = inner
            .srp
            .remove(secret_block)
            .ok_or_else(ApiError::wrong_credentials)?;
        if now_ms() > pending.expires_at_ms {
            return Err(ApiError::session_expired());
        }
        let when = timestamp::parse(stamp)
            .ok_or_else(|| ApiError::invalid_parameter("TIMESTAMP format is invalid"))?;
        if (when - now_secs()).abs() > MAX_CLOCK_SKEW_SECS {
            return Err(ApiError::not_authorized(
                "TIMESTAMP is too far from the current time",
            ));
        }
        let Some(username) = pending.username.clone() else {
            return Err(ApiError::wrong_credentials());
        };
        if pending.client_id != client_id {
            return Err(ApiError::wrong_credentials());
        }
        let pool = inner.pool(&pending.pool_id)?;
        if pool.find_username(claimed).as_deref() != Some(username.as_str()) {
            return Err(ApiError::wrong_credentials());
        }
        let user = pool
            .users
            .get(&username)
            .ok_or_else(ApiError::wrong_credentials)?;
        let verifier = parse_hex(&user.verifier_hex).unwrap_or_default();
        let key =
            srp::server::derive_key_for(&pending.a_pub, &pending.b_pub, &verifier, &pending.b)
                .map_err(|_| ApiError::wrong_credentials())?;
        let block = BASE64
            .decode(secret_block)
            .map_err(|_| ApiError::wrong_credentials())?;
        let expected = srp::claim_signature(&key, &pool.name, &username, &block, stamp);
        if !srp::server::signature_matches(&expected, signature) {
            return Err(ApiError::wrong_credentials());
        }
        let pool_id = pending.pool_id.clone();
        self.after_password(inner, &pool_id, client_id, &username)
    }

    /// After a correct password: confirmation, forced password change, then MFA as the pool and
    /// user have it, or tokens.
    fn after_password(
        &self,
        inner: &mut Inner,
        pool_id: &str,
        client_id: &str,
        username: &str,
    ) -> ApiResult<Value> {
        let pool = inner.pool(pool_id)?;
        let user = pool
            .users
            .get(username)
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
                let session = inner.new_session(
                    self.session_ttl(),
                    pool_id,
                    client_id,
                    username,
                    Step::NewPassword,
                );
                return Ok(json!({
                    "ChallengeName": "NEW_PASSWORD_REQUIRED",
                    "Session": session,
                    "ChallengeParameters": {
                        "USER_ID_FOR_SRP": username,
                        "requiredAttributes": "[]",
                        "userAttributes": Value::Object(attrs).to_string(),
                    }
                }));
            }
            UserStatus::Confirmed => {}
        }
        let active = user.active_mfa(pool);
        if pool.mfa == MfaConfiguration::Off {
            return inner.issue_tokens(&self.cfg, pool_id, client_id, username, None);
        }
        if active.is_empty() {
            if pool.mfa == MfaConfiguration::On {
                let can_setup: Vec<&str> = [
                    ("SOFTWARE_TOKEN_MFA", pool.totp_mfa),
                    ("EMAIL_OTP", pool.email_mfa && user.email().is_some()),
                ]
                .into_iter()
                .filter_map(|(name, ok)| ok.then_some(name))
                .collect();
                let session = inner.new_session(
                    self.session_ttl(),
                    pool_id,
                    client_id,
                    username,
                    Step::MfaSetup,
                );
                return Ok(json!({
                    "ChallengeName": "MFA_SETUP",
                    "Session": session,
                    "ChallengeParameters": { "MFAS_CAN_SETUP": serde_json::to_string(&can_setup).unwrap_or_default() }
                }));
            }
            return inner.issue_tokens(&self.cfg, pool_id, client_id, username, None);
        }
        let preferred = user
            .mfa
            .preferred
            .as_deref()
            .and_then(|p| active.iter().copied().find(|a| *a == p));
        match (preferred, active.as_slice()) {
            (Some(chosen), _) | (None, &[chosen]) => {
                self.mfa_challenge(inner, pool_id, client_id, username, chosen)
            }
            (None, _) => {
                let session = inner.new_session(
                    self.session_ttl(),
                    pool_id,
                    client_id,
                    username,
                    Step::SelectMfaType(active.clone()),
                );
                Ok(json!({
                    "ChallengeName": "SELECT_MFA_TYPE",
                    "Session": session,
                    "ChallengeParameters": { "MFAS_CAN_CHOOSE": serde_json::to_string(&active).unwrap_or_default(), "USER_ID_FOR_SRP": username }
                }))
            }
        }
    }

    /// Sends (for SMS and email) and asks for one MFA code.
    fn mfa_challenge(
        &self,
        inner: &mut Inner,
        pool_id: &str,
        client_id: &str,
        username: &str,
        challenge: &'static str,
    ) -> ApiResult<Value> {
        let mut params = json!({ "USER_ID_FOR_SRP": username });
        let code = match challenge {
            "SMS_MFA" | "EMAIL_OTP" => {
                let code = random_digits(6);
                let medium = if challenge == "SMS_MFA" {
                    "SMS"
                } else {
                    "EMAIL"
                };
                let user = inner
                    .pool(pool_id)?
                    .users
                    .get(username)
                    .cloned()
                    .ok_or_else(ApiError::user_not_found)?;
                let masked = inner.deliver(&self.cfg, pool_id, &user, medium, "sign-in", &code);
                params["CODE_DELIVERY_DELIVERY_MEDIUM"] = json!(medium);
                params["CODE_DELIVERY_DESTINATION"] = json!(masked);
                Some(code)
            }
            _ => None,
        };
        let session = inner.new_session(
            self.session_ttl(),
            pool_id,
            client_id,
            username,
            Step::Code { challenge, code },
        );
        Ok(json!({ "ChallengeName": challenge, "Session": session, "ChallengeParameters": params }))
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

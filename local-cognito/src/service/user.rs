//! Operations of a signed-in user (AccessToken): GetUser, MFA, ChangePassword, sign-out. SignUp
//! and the password reset are in `sign_up`.

use std::collections::BTreeMap;

use cognito_crypto::totp;
use serde_json::{Value, json};

use super::auth::check_totp;

use super::codes::attempt_limit;
use super::password::{password_matches, password_verifier};
use super::random::random_bytes;
use super::session::Step;
use super::wire::{attributes_json, opt_str, req_str};
use super::{Service, TotpReassociation};
use crate::error::{ApiError, ApiResult};
use crate::store::{MfaConfiguration, Pool, User, UserMfa, UserStatus};

/// Secret size for AssociateSoftwareToken: 20 bytes (32 base32 characters), the usual length of
/// Cognito's SecretCode and what every authenticator app accepts.
const TOTP_SECRET_BYTES: usize = 20;

/// Who calls AssociateSoftwareToken or VerifySoftwareToken: a signed-in user, or a sign-in
/// setting up MFA (MFA_SETUP).
enum Caller<'a> {
    AccessToken(&'a str),
    Session(&'a str),
}

fn caller(body: &Value) -> ApiResult<Caller<'_>> {
    match opt_str(body, "AccessToken") {
        Some(token) => Ok(Caller::AccessToken(token)),
        None => opt_str(body, "Session")
            .map(Caller::Session)
            .ok_or_else(|| {
                ApiError::invalid_parameter("Either AccessToken or Session must be provided")
            }),
    }
}

impl Service {
    pub(super) fn associate_software_token(&self, body: &Value) -> ApiResult<Value> {
        let caller = caller(body)?;
        let mut inner = self.lock();
        let secret = totp::encode_secret(&random_bytes::<32>()[..TOTP_SECRET_BYTES]);
        let token = match caller {
            Caller::AccessToken(token) => {
                let (pool_id, username) = inner.authenticate(token)?;
                if !inner.pool(&pool_id)?.totp_mfa {
                    return Err(ApiError::new(
                        "SoftwareTokenMFANotFoundException",
                        "Software token MFA is not enabled for this user pool.",
                    ));
                }
                let mode = inner.totp_reassociation;
                associate(inner.user_mut(&pool_id, &username)?, &secret, mode);
                return Ok(json!({ "SecretCode": secret }));
            }
            Caller::Session(token) => token,
        };
        let session = inner.take_session(token)?;
        if session.step != Step::MfaSetup && session.step != Step::MfaSetupAssociated {
            return Err(ApiError::invalid_session());
        }
        let mode = inner.totp_reassociation;
        associate(
            inner.user_mut(&session.who.pool_id, &session.who.username)?,
            &secret,
            mode,
        );
        let next = inner.new_session(self.session_ttl(), &session.who, Step::MfaSetupAssociated);
        Ok(json!({ "SecretCode": secret, "Session": next }))
    }

    pub(super) fn verify_software_token(&self, body: &Value) -> ApiResult<Value> {
        let code = req_str(body, "UserCode")?;
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ApiError::invalid_parameter(
                "1 validation error detected: Value at 'userCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9]+ and length 6",
            ));
        }
        let caller = caller(body)?;
        let mut inner = self.lock();
        let (pool_id, username, session) = match caller {
            Caller::AccessToken(token) => {
                let (p, u) = inner.authenticate(token)?;
                (p, u, None)
            }
            Caller::Session(token) => {
                let session = inner.take_session(token)?;
                if session.step != Step::MfaSetupAssociated {
                    return Err(ApiError::invalid_session());
                }
                (
                    session.who.pool_id.clone(),
                    session.who.username.clone(),
                    Some((token.to_owned(), session)),
                )
            }
        };
        let user = inner.user_mut(&pool_id, &username)?;
        let Some(pending) = user.mfa.pending_totp_secret.clone() else {
            return Err(ApiError::new(
                "SoftwareTokenMFANotFoundException",
                "Software token has not been associated with the user.",
            ));
        };
        let key = totp::decode_secret(&pending)
            .map_err(|_| ApiError::internal("stored secret is not base32"))?;
        let step = match check_totp(&key, code, None, self.clock.now_secs()) {
            Ok(step) => step,
            Err(_) => {
                if let Some((token, s)) = session {
                    inner.retry_session(&token, s);
                }
                return Err(ApiError::new(
                    "EnableSoftwareTokenMFAException",
                    "Code mismatch and fail enable Software Token MFA",
                ));
            }
        };
        // The new authenticator replaces the old one only now: "Amazon Cognito disassociates an
        // existing software token when you verify the new token in a VerifySoftwareToken API
        // request" (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AssociateSoftwareToken.html;
        // "Amazon Cognito disassociates the existing software token when your user verifies a new
        // one", https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa-totp.html).
        // Enabled / preferred stay as they were: they are preferences, not the token
        // (SetUserMFAPreference "doesn't reset an existing TOTP MFA", API_SetUserMFAPreference).
        user.mfa.totp_secret = Some(pending);
        user.mfa.pending_totp_secret = None;
        user.mfa.last_totp_step = Some(step);
        user.modified = self.clock.now_f64();
        match session {
            // Forced set-up during sign-in: TOTP becomes the user's MFA straight away.
            Some((_, s)) => {
                user.mfa.totp_enabled = true;
                user.mfa.preferred = Some("SOFTWARE_TOKEN_MFA".into());
                let next = inner.new_session(self.session_ttl(), &s.who, Step::MfaSetupVerified);
                Ok(json!({ "Status": "SUCCESS", "Session": next }))
            }
            None => Ok(json!({ "Status": "SUCCESS" })),
        }
    }

    pub(super) fn set_user_mfa_preference(&self, body: &Value) -> ApiResult<Value> {
        let token = req_str(body, "AccessToken")?;
        let mut inner = self.lock();
        let (pool_id, username) = inner.authenticate(token)?;
        let pool = PoolMfa::of(inner.pool(&pool_id)?);
        apply_mfa_preference(
            inner.user_mut(&pool_id, &username)?,
            pool,
            body,
            self.clock.now_f64(),
        )?;
        Ok(json!({}))
    }

    pub(super) fn get_user(&self, body: &Value) -> ApiResult<Value> {
        let token = req_str(body, "AccessToken")?;
        let inner = self.lock();
        let user = inner.token_user(token)?;
        Ok(user_json(user, false))
    }

    pub(super) fn global_sign_out(&self, body: &Value) -> ApiResult<Value> {
        let token = req_str(body, "AccessToken")?;
        let mut inner = self.lock();
        let (pool_id, username) = inner.authenticate(token)?;
        inner.sign_out_everywhere(&pool_id, &username)?;
        Ok(json!({}))
    }

    pub(super) fn revoke_token(&self, body: &Value) -> ApiResult<Value> {
        let token = req_str(body, "Token")?;
        let client_id = req_str(body, "ClientId")?;
        self.lock().revoke_refresh_token(token, client_id)?;
        Ok(json!({}))
    }

    pub(super) fn change_password(&self, body: &Value) -> ApiResult<Value> {
        let token = req_str(body, "AccessToken")?;
        let proposed = req_str(body, "ProposedPassword")?;
        let mut inner = self.lock();
        let (pool_id, username) = inner.authenticate(token)?;
        // Guesses of the current password are limited: an access token alone must not become a
        // way to try passwords. NotAuthorizedException "Incorrect username or password." for a
        // wrong one (aws-amplify/amplify-js#1580), LimitExceededException "Attempt limit
        // exceeded, please try after some time." once there were too many
        // (aws-amplify/aws-sdk-android#627); after how many is not public: five, then Cognito's
        // sign-in back-off (`lockout`), is assumed.
        let key = format!("{pool_id}\u{0}{username}");
        let (now, lockout) = (self.clock.now_ms(), inner.lockout);
        if inner
            .change_password_failures
            .is_locked(&key, now, &lockout)
        {
            return Err(attempt_limit());
        }
        let pool = inner.pool(&pool_id)?;
        let user = pool
            .users
            .get(&username)
            .ok_or_else(ApiError::user_not_found)?;
        if !password_matches(
            &pool.name,
            user,
            opt_str(body, "PreviousPassword").unwrap_or_default(),
        ) {
            inner.change_password_failures.fail(&key, now, &lockout);
            return Err(ApiError::wrong_credentials());
        }
        inner.change_password_failures.succeed(&key);
        inner.set_password(&pool_id, &username, proposed)?;
        Ok(json!({}))
    }
}

/// AssociateSoftwareToken: a new secret that waits for VerifySoftwareToken. What happens to a
/// verified authenticator the user already has depends on `mode` (see [`TotpReassociation`]):
/// today's documented behaviour keeps it, and with it the TOTP challenge at sign-in, until the
/// new one is verified; the old one drops it at once.
fn associate(user: &mut User, secret: &str, mode: TotpReassociation) {
    if mode == TotpReassociation::Immediate {
        // "Calling AssociateSoftwareToken immediately disassociates the existing software token
        // from the user account. If the user doesn't subsequently verify the software token,
        // their account is set up to authenticate without MFA" (AWS CLI 2.4.18,
        // associate-software-token). Enabled / preferred are left as they were: GetUser still
        // lists SOFTWARE_TOKEN_MFA (aws-amplify/amplify-js#1226), and SetUserMFAPreference
        // refuses TOTP settings (#3844), see `check_prerequisite`.
        user.mfa.totp_secret = None;
    }
    user.mfa.pending_totp_secret = Some(secret.to_owned());
}

/// What SetUserMFAPreference and AdminSetUserMFAPreference need to know about the user's pool.
#[derive(Debug, Clone)]
pub(super) struct PoolMfa {
    /// MfaConfiguration ON: every user must complete MFA.
    required: bool,
    /// Email MFA is available in the pool (EmailMfaConfiguration).
    email: bool,
    /// A passkey can count as MFA (`FactorConfiguration: MULTI_FACTOR_WITH_USER_VERIFICATION`).
    passkey_mfa: bool,
    /// The relying party the pool's passkeys are for, if passkeys are on.
    rp_id: Option<String>,
}

impl PoolMfa {
    pub(super) fn of(pool: &Pool) -> Self {
        Self {
            required: pool.mfa == MfaConfiguration::On,
            email: pool.email_mfa,
            passkey_mfa: pool.web_authn.passkey_mfa(),
            rp_id: super::passkeys::relying_party(pool).ok().map(|rp| rp.id),
        }
    }
}

/// Each factor's settings object in the request, and the factor's name.
const FACTOR_SETTINGS: [(&str, &str); 3] = [
    ("SMSMfaSettings", "SMS_MFA"),
    ("SoftwareTokenMfaSettings", "SOFTWARE_TOKEN_MFA"),
    ("EmailMfaSettings", "EMAIL_OTP"),
];

/// SMSMfaSettings / SoftwareTokenMfaSettings / EmailMfaSettings: only the factors named change
/// (each object is optional in API_SetUserMFAPreference; amplify-js v6 sends only those the caller
/// names). Every object is checked before anything changes, so a refused request changes nothing.
pub(super) fn apply_mfa_preference(
    user: &mut User,
    pool: PoolMfa,
    body: &Value,
    now: f64,
) -> ApiResult<()> {
    let requested: Vec<(&str, Option<bool>, Option<bool>)> = FACTOR_SETTINGS
        .iter()
        .filter_map(|&(wire, method)| {
            let v = body.get(wire).filter(|v| v.is_object())?;
            Some((method, v["Enabled"].as_bool(), v["PreferredMfa"].as_bool()))
        })
        .collect();
    for &(method, enabled, _) in &requested {
        check_prerequisite(user, &pool, method, enabled)?;
    }
    let passkey_mfa = body
        .get("WebAuthnMfaSettings")
        .filter(|v| v.is_object())
        .and_then(|v| v["Enabled"].as_bool());
    if passkey_mfa == Some(true) {
        let another_on = requested
            .iter()
            .any(|&(_, enabled, _)| enabled == Some(true));
        check_passkey_mfa(user, &pool, another_on)?;
    }
    let mut mfa: UserMfa = user.mfa.clone();
    // Turning it off takes no way past the code away, so unlike the other factors it is not
    // ignored in a pool that requires MFA (an assumption: nothing public says).
    if let Some(enabled) = passkey_mfa {
        mfa.webauthn_enabled = enabled;
    }
    for (method, enabled, preferred) in requested {
        if let Some(enabled) = enabled {
            set_enabled(&mut mfa, method, enabled, pool.required);
        }
        match preferred {
            Some(true) => mfa.preferred = Some(method.into()),
            Some(false) if mfa.preferred.as_deref() == Some(method) => mfa.preferred = None,
            _ => {}
        }
    }
    user.mfa = mfa;
    user.modified = now;
    Ok(())
}

/// Whether the user has what a factor needs, for a settings object the request carries.
///
/// SMS and TOTP objects are checked even when they turn the factor off, as Cognito was reported
/// to: `SMSMfaSettings: {"PreferredMfa": false, "Enabled": false}` for a user without a phone
/// number got "User does not have a phone_number set to turn on SMS MFA"
/// (aws-amplify/amplify-js#5766, #8574; leaving the object out instead worked, #846), and
/// `SoftwareTokenMfaSettings: {false, false}` without a verified authenticator got "User has not
/// set up software token mfa" (#944; the same text after an abandoned re-association, #3844).
///
/// Email: turning it on where the pool has no email MFA is refused with InvalidParameterException
/// (email MFA needs the Essentials tier and SES, API_EmailMfaSettingsType); **the message is an
/// assumption**, none is public. Without an email address the message follows the wording of
/// aws/aws-sdk-js-v3#4645 ("User does not have delivery config set to turn on …"), also an
/// assumption for EMAIL_OTP.
fn check_prerequisite(
    user: &User,
    pool: &PoolMfa,
    method: &str,
    enabled: Option<bool>,
) -> ApiResult<()> {
    let turning_on = enabled == Some(true);
    match method {
        "SMS_MFA" if user.phone().is_none() => Err(ApiError::invalid_parameter(
            "User does not have a phone_number set to turn on SMS MFA",
        )),
        "SOFTWARE_TOKEN_MFA" if user.mfa.totp_secret.is_none() => Err(ApiError::invalid_parameter(
            "User has not set up software token mfa",
        )),
        "EMAIL_OTP" if turning_on && !pool.email => {
            Err(ApiError::invalid_parameter(EMAIL_MFA_NOT_ENABLED))
        }
        "EMAIL_OTP" if turning_on && user.email().is_none() => Err(ApiError::invalid_parameter(
            "User does not have delivery config set to turn on EMAIL_OTP",
        )),
        _ => Ok(()),
    }
}

/// Whether `user` may turn passkey MFA on (`WebAuthnMfaSettings: {Enabled: true}`), each refusal
/// an InvalidParameterException:
/// - the pool must allow it: "To activate this setting, the `FactorConfiguration` … must be
///   `MULTI_FACTOR_WITH_USER_VERIFICATION`" (botocore's model, 2026-04-16); the message is an
///   assumption;
/// - another factor must be turned on *in the same request*, even one already on: "WebAuthn MFA
///   requires enabling an additional MFA setting." (observed against Cognito with only
///   WebAuthnMfaSettings sent while TOTP was on: radubc/dolphin_web_admin, dmeiser/kernelworx
///   `frontend/src/lib/passkeyMfa.ts`; API_WebAuthnMfaSettingsType: "The user must also have at
///   least one other MFA method such as SMS, TOTP, or email activated to prevent account
///   lockout");
/// - the user must have a passkey for the pool's relying party: "User does not have applicable
///   WebAuthn credentials to enable WebAuthn MFA." (kernelworx; the exception name is inferred).
fn check_passkey_mfa(user: &User, pool: &PoolMfa, another_on: bool) -> ApiResult<()> {
    if !pool.passkey_mfa {
        return Err(ApiError::invalid_parameter(
            "WebAuthn MFA is not enabled for this user pool: set WebAuthnConfiguration.FactorConfiguration to MULTI_FACTOR_WITH_USER_VERIFICATION",
        ));
    }
    if !another_on {
        return Err(ApiError::invalid_parameter(
            "WebAuthn MFA requires enabling an additional MFA setting.",
        ));
    }
    let has_passkey = pool
        .rp_id
        .as_ref()
        .is_some_and(|rp| user.passkeys.iter().any(|p| &p.rp_id == rp));
    if !has_passkey {
        return Err(ApiError::invalid_parameter(
            "User does not have applicable WebAuthn credentials to enable WebAuthn MFA.",
        ));
    }
    Ok(())
}

/// InvalidParameterException's message for email MFA in a pool without it (SetUserMFAPreference,
/// an MFA_SETUP answer with `EMAIL`). An assumption: no capture is public.
pub(super) const EMAIL_MFA_NOT_ENABLED: &str = "Email MFA is not enabled for this user pool.";

/// Turns a factor on or off. In a pool that requires MFA, turning one off is ignored (HTTP 200,
/// nothing changes): "When you set MFA to required in a user pool, users can't enable or disable
/// any MFA methods. You can only set a preferred method"
/// (<https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html>); "You
/// can't turn off SMS MFA for any of your users when MFA is required in your user pool; you can
/// only set the type that your user prefers" (API_SMSMfaSettingsType); reports describe a 200 that
/// does nothing (a Stack Overflow answer quoted in panther-labs/panther#317;
/// aws-amplify/amplify-js#4722; aws-amplify/amplify-flutter#5716). This holds for every factor,
/// not only the last one, as both doc sentences say. PreferredMfa is still honoured.
///
/// Turning a factor *on* is not ignored, although the guide's sentence reads "enable or disable":
/// no report shows an enable ignored, and a required pool's Cognito uses a factor the user has set
/// up whatever its flag (with no preference it "determine[s] if the user has registered a TOTP
/// authenticator"), which the stand-in models only through the flag; ignoring it would leave
/// users of a required pool here no way to add SMS or email.
fn set_enabled(mfa: &mut UserMfa, method: &str, enabled: bool, required_pool: bool) {
    if !enabled && required_pool {
        return;
    }
    match method {
        "SMS_MFA" => mfa.sms_enabled = enabled,
        "SOFTWARE_TOKEN_MFA" => mfa.totp_enabled = enabled,
        _ => mfa.email_enabled = enabled,
    }
    if !enabled && mfa.preferred.as_deref() == Some(method) {
        mfa.preferred = None;
    }
}

/// GetUser's (or, with `admin`, AdminGetUser's) answer.
pub(super) fn user_json(user: &User, admin: bool) -> Value {
    let mut settings = Vec::new();
    if user.mfa.sms_enabled {
        settings.push("SMS_MFA");
    }
    if user.mfa.totp_enabled {
        settings.push("SOFTWARE_TOKEN_MFA");
    }
    if user.mfa.email_enabled {
        settings.push("EMAIL_OTP");
    }
    // Passkey MFA: not in the API reference's list of values, but what Cognito answers
    // (radubc/dolphin_web_admin `docs/auth.md`: "`GetUser.UserMFASettingList` holds
    // `WEB_AUTHN_MFA` beside `SOFTWARE_TOKEN_MFA`"). Never the preferred one: the settings type
    // has no PreferredMfa ("passkey MFA applies only when passkey is the first authentication
    // factor", API_WebAuthnMfaSettingsType).
    if user.mfa.webauthn_enabled {
        settings.push("WEB_AUTHN_MFA");
    }
    let mut out = json!({ "Username": user.username, "UserAttributes": attributes_json(user) });
    if !settings.is_empty() {
        out["UserMFASettingList"] = json!(settings);
    }
    if let Some(p) = &user.mfa.preferred {
        out["PreferredMfaSetting"] = json!(p);
    }
    if admin {
        out["UserStatus"] = json!(user.status.as_str());
        out["Enabled"] = json!(user.enabled);
        out["UserCreateDate"] = json!(user.created);
        out["UserLastModifiedDate"] = json!(user.modified);
    }
    out
}

pub(super) fn new_user(
    pool: &Pool,
    name: &str,
    password: &str,
    attributes: BTreeMap<String, String>,
    status: UserStatus,
    now: f64,
) -> User {
    let sub = uuid::Uuid::new_v4().to_string();
    let username = if pool.attributes_as_username() {
        sub.clone()
    } else {
        name.to_owned()
    };
    let (salt_hex, verifier_hex) = password_verifier(&pool.name, &username, password);
    User {
        username,
        sub,
        attributes,
        status,
        enabled: true,
        salt_hex,
        verifier_hex,
        mfa: UserMfa::default(),
        tokens_valid_after: 0,
        created: now,
        modified: now,
        pending_codes: Vec::new(),
        code_attempts: Vec::new(),
        pending_code: None,
        device_group_key: None,
        devices: Vec::new(),
        passkeys: Vec::new(),
        pending_attributes: BTreeMap::new(),
    }
}

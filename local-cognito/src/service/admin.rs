//! Admin operations for seeding and tests (boto3 / the AWS CLI with `--endpoint-url`). Real
//! Cognito signs these with SigV4; the stand-in accepts any credentials.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::Service;

use super::attributes::{check_admin_attributes, check_mutable};
use super::random::{random_bytes, random_chars};
use super::user::{PoolMfa, apply_mfa_preference, new_user, user_json};
use super::wire::{attribute_list, attributes_json, constraint_error, opt_str, req_str};
use crate::error::{ApiError, ApiResult};
use crate::store::{
    AttributeRule, AuthFactor, CodePurpose, MfaConfiguration, PasswordPolicy, Pool, User,
    UserStatus, UserVerification, WebAuthnConfig, WebAuthnFactorConfiguration, password_only,
};

/// At most this many required attributes, of at most this many characters, through
/// `/_local/required-attributes` (bounded memory; Cognito allows 50 custom attributes).
const MAX_REQUIRED_ATTRIBUTES: usize = 50;
const MAX_ATTRIBUTE_NAME_CHARS: usize = 64;

impl Service {
    /// A pool's required attributes, `None` if there is no such pool (`/_local/required-attributes`).
    pub fn required_attributes(&self, pool_id: &str) -> Option<Vec<String>> {
        let inner = self.lock();
        inner
            .pool(pool_id)
            .ok()
            .map(|p| p.required_attributes.clone())
    }

    /// Replaces a pool's required attributes (blank and repeated names dropped, at most 50 of at
    /// most 64 characters), `None` if there is no such pool. A test hook, not Cognito: a pool's
    /// schema is fixed at CreateUserPool (UpdateUserPool takes no `Schema`), so this lets tests
    /// of an app built for one pool id try users who lack a required attribute.
    pub fn set_required_attributes(&self, pool_id: &str, names: &[&str]) -> Option<Vec<String>> {
        let mut cleaned: Vec<String> = Vec::new();
        for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
            let name: String = name.chars().take(MAX_ATTRIBUTE_NAME_CHARS).collect();
            if cleaned.len() < MAX_REQUIRED_ATTRIBUTES && !cleaned.contains(&name) {
                cleaned.push(name);
            }
        }
        {
            let mut inner = self.lock();
            let pool = inner.pool_mut(pool_id).ok()?;
            // A required custom attribute is one of the pool's.
            for name in cleaned.iter().filter(|n| n.starts_with("custom:")) {
                if !pool.custom_attributes.contains(name) {
                    pool.custom_attributes.push(name.clone());
                }
            }
            pool.required_attributes = cleaned.clone();
        }
        self.persist();
        Some(cleaned)
    }

    pub(super) fn create_user_pool(&self, body: &Value) -> ApiResult<Value> {
        let name = req_str(body, "PoolName")?;
        // Local extension: `Id` picks the pool id, so seeds and the app's config can agree on it.
        let id = match opt_str(body, "Id") {
            Some(id) => id.to_owned(),
            None => format!(
                "us-east-1_{}",
                random_chars::<9>(
                    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                )
            ),
        };
        let pool_name = id
            .split_once('_')
            .map(|(_, n)| n.to_owned())
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_alphanumeric()))
            .ok_or_else(|| {
                ApiError::invalid_parameter(format!("{id} is not a user pool id (region_Name)"))
            })?;
        let mfa = parse_mfa(opt_str(body, "MfaConfiguration").unwrap_or("OFF"))?;
        let devices = device_configuration(body)?;
        let (username_attributes, alias_attributes) = sign_in_attributes(body)?;
        let email_as_username = username_attributes.iter().any(|a| a == "email");
        let phone_as_username = username_attributes.iter().any(|a| a == "phone_number");
        let verify_before_update =
            body["UserAttributeUpdateSettings"]["AttributesRequireVerificationBeforeUpdate"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str())
                .filter(|v| ["email", "phone_number"].contains(v))
                .map(str::to_owned)
                .collect();
        let password_policy = password_policy(body)?;
        let required_attributes = required_in_schema(body);
        let custom_attributes = custom_in_schema(body);
        let attribute_rules = rules_in_schema(body);
        let allowed_first_auth_factors = allowed_first_auth_factors(body)?;
        let tier = super::step_up::pool_tier(body)?.unwrap_or_default();
        let mut inner = self.lock();
        if inner.store.pools.contains_key(&id) {
            return Err(ApiError::invalid_parameter(format!(
                "User pool {id} already exists"
            )));
        }
        let mut pool = Pool {
            id: id.clone(),
            name: pool_name,
            display_name: name.to_owned(),
            mfa,
            totp_mfa: mfa != MfaConfiguration::Off,
            sms_mfa: false,
            email_mfa: false,
            email_as_username,
            phone_as_username,
            alias_attributes,
            verify_before_update,
            password_policy,
            signing_key: None,
            decoy_secret: None,
            device_tracking: false,
            always_remember_devices: false,
            challenge_required_on_new_device: true,
            required_attributes,
            attribute_rules,
            session_tracking: false,
            max_sessions_per_user: super::user_sessions::DEFAULT_MAX_PER_USER,
            custom_attributes,
            allowed_first_auth_factors,
            web_authn: WebAuthnConfig::default(),
            tier,
            domains: Vec::new(),
            identity_providers: BTreeMap::new(),
            clients: BTreeMap::new(),
            users: BTreeMap::new(),
            created: self.clock.now_f64(),
        };
        set_device_configuration(&mut pool, devices);
        let out = pool_json(&pool);
        inner.store.pools.insert(id, pool);
        Ok(json!({ "UserPool": out }))
    }

    pub(super) fn describe_user_pool(&self, body: &Value) -> ApiResult<Value> {
        let inner = self.lock();
        let pool = inner.pool(req_str(body, "UserPoolId")?)?;
        Ok(json!({ "UserPool": pool_json(pool) }))
    }

    /// UpdateUserPool, for the settings the stand-in models: `DeviceConfiguration`,
    /// `Policies.SignInPolicy`, `MfaConfiguration` and `UserPoolTier`.
    ///
    /// Real UpdateUserPool replaces the whole pool configuration: "If you don't provide a value
    /// for an attribute, Amazon Cognito sets it to its default value"
    /// (<https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserPool.html>).
    /// That reset is modelled for `DeviceConfiguration` and `Policies.SignInPolicy` only: left
    /// out (or null), device tracking goes off and the allowed first factors go back to
    /// `["PASSWORD"]`, as a pool created without them. `MfaConfiguration` and `UserPoolTier` change only when
    /// given (their defaults would be OFF and ESSENTIALS), and every other pool setting (required attributes, email as
    /// username, the MFA factors SetUserPoolMfaConfig turns on) stays as it was, whatever the
    /// request leaves out. Other members of the request are ignored. Answers `{}`, as Cognito.
    ///
    /// Devices already registered are kept while tracking is off: sign-ins then ignore
    /// DEVICE_KEY and hand out no device key, and refresh tokens bound to a device still need it.
    pub(super) fn update_user_pool(&self, body: &Value) -> ApiResult<Value> {
        let pool_id = req_str(body, "UserPoolId")?;
        let devices = device_configuration(body)?;
        let first_factors = allowed_first_auth_factors(body)?;
        let mfa = opt_str(body, "MfaConfiguration")
            .map(parse_mfa)
            .transpose()?;
        let tier = super::step_up::pool_tier(body)?;
        let mut inner = self.lock();
        let pool = inner.pool_mut(pool_id)?;
        check_passkeys_with_required_mfa(
            mfa.unwrap_or(pool.mfa),
            &first_factors,
            &pool.web_authn,
            "WEB_AUTHN cannot be used as an auth factor when MFA is enabled if not configured for MFA.",
        )?;
        set_device_configuration(pool, devices);
        pool.allowed_first_auth_factors = first_factors;
        if let Some(mfa) = mfa {
            pool.mfa = mfa;
        }
        if let Some(tier) = tier {
            pool.tier = tier;
        }
        Ok(json!({}))
    }

    pub(super) fn list_user_pools(&self, _body: &Value) -> ApiResult<Value> {
        let inner = self.lock();
        let pools: Vec<Value> = inner
            .store
            .pools
            .values()
            .map(|p| json!({ "Id": p.id, "Name": p.display_name, "CreationDate": p.created }))
            .collect();
        Ok(json!({ "UserPools": pools }))
    }

    /// SetUserPoolMfaConfig: the MFA factors and `MfaConfiguration` given, and the passkeys'
    /// `WebAuthnConfiguration` (see [`web_authn_configuration`]). What the request leaves out
    /// stays as it was.
    pub(super) fn set_user_pool_mfa_config(&self, body: &Value) -> ApiResult<Value> {
        let web_authn = web_authn_configuration(body)?;
        let mfa = opt_str(body, "MfaConfiguration")
            .map(parse_mfa)
            .transpose()?;
        let mut inner = self.lock();
        let pool = inner.pool_mut(req_str(body, "UserPoolId")?)?;
        check_passkeys_with_required_mfa(
            mfa.unwrap_or(pool.mfa),
            &pool.allowed_first_auth_factors,
            web_authn.as_ref().unwrap_or(&pool.web_authn),
            "Cannot set WebAuthn factor configuration to SINGLE_FACTOR if MFA is required and WebAuthn is an allowed first auth factor",
        )?;
        if let Some(mfa) = mfa {
            pool.mfa = mfa;
        }
        if let Some(web_authn) = web_authn {
            pool.web_authn = web_authn;
        }
        let enabled = |name: &str| {
            body.get(name)
                .and_then(|c| c.get("Enabled"))
                .and_then(Value::as_bool)
        };
        if let Some(on) = enabled("SoftwareTokenMfaConfiguration") {
            pool.totp_mfa = on;
        }
        if let Some(sms) = body.get("SmsMfaConfiguration").filter(|v| v.is_object()) {
            pool.sms_mfa = sms.get("Enabled").and_then(Value::as_bool).unwrap_or(true);
        }
        if let Some(email) = body.get("EmailMfaConfiguration").filter(|v| v.is_object()) {
            pool.email_mfa = email
                .get("Enabled")
                .and_then(Value::as_bool)
                .unwrap_or(true);
        }
        Ok(mfa_config_json(pool))
    }

    pub(super) fn get_user_pool_mfa_config(&self, body: &Value) -> ApiResult<Value> {
        let inner = self.lock();
        Ok(mfa_config_json(inner.pool(req_str(body, "UserPoolId")?)?))
    }

    pub(super) fn admin_create_user(&self, body: &Value) -> ApiResult<Value> {
        let pool_id = req_str(body, "UserPoolId")?;
        let name = req_str(body, "Username")?;
        let mut attributes = attribute_list(body, "UserAttributes");
        let temporary = match opt_str(body, "TemporaryPassword") {
            Some(p) => p.to_owned(),
            None => format!(
                "Tmp-{}a1!",
                random_bytes::<6>()
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<String>()
            ),
        };
        let mut inner = self.lock();
        let pool = inner.pool(pool_id)?;
        check_admin_attributes(pool, &attributes)?;
        if pool.find_user(name).is_some() {
            return Err(ApiError::new(
                "UsernameExistsException",
                "User account already exists",
            ));
        }
        if pool.email_as_username && name.contains('@') {
            attributes
                .entry("email".into())
                .or_insert_with(|| name.to_owned());
        }
        if pool.phone_as_username && name.starts_with('+') {
            attributes
                .entry("phone_number".into())
                .or_insert_with(|| name.to_owned());
        }
        let user = new_user(
            pool,
            name,
            &temporary,
            attributes,
            UserStatus::ForceChangePassword,
            self.clock.now_f64(),
        );
        let out = user_record_json(&user);
        inner
            .pool_mut(pool_id)?
            .users
            .insert(user.username.clone(), user);
        // Without SUPPRESS, Cognito e-mails an invitation with the temporary password.
        if opt_str(body, "MessageAction") != Some("SUPPRESS") {
            let user = inner
                .pool(pool_id)?
                .find_user(name)
                .cloned()
                .ok_or_else(ApiError::user_not_found)?;
            inner.deliver(
                &self.cfg,
                pool_id,
                &user,
                "EMAIL",
                "invitation (temporary password)",
                &temporary,
            );
        }
        Ok(json!({ "User": out }))
    }

    pub(super) fn admin_set_user_password(&self, body: &Value) -> ApiResult<Value> {
        let pool_id = req_str(body, "UserPoolId")?;
        let name = req_str(body, "Username")?;
        let password = req_str(body, "Password")?;
        let permanent = body["Permanent"].as_bool().unwrap_or(false);
        let mut inner = self.lock();
        let username = inner.username_in(pool_id, name)?;
        let user = inner.set_password(pool_id, &username, password)?;
        user.status = if permanent {
            UserStatus::Confirmed
        } else {
            UserStatus::ForceChangePassword
        };
        user.modified = self.clock.now_f64();
        Ok(json!({}))
    }

    /// AdminResetUserPassword: the user's password must be reset before any sign-in
    /// (RESET_REQUIRED: "the user's password is reset and a code is sent", API reference), and a
    /// reset code is sent to their email. The password itself is kept until then, as Cognito
    /// keeps it ("the user can't sign in with the old password": every sign-in answers
    /// PasswordResetRequiredException).
    pub(super) fn admin_reset_user_password(&self, body: &Value) -> ApiResult<Value> {
        let pool_id = req_str(body, "UserPoolId")?;
        let name = req_str(body, "Username")?;
        let mut inner = self.lock();
        let username = inner.username_in(pool_id, name)?;
        let user = inner.user_mut(pool_id, &username)?;
        user.status = UserStatus::ResetRequired;
        user.modified = self.clock.now_f64();
        // "if … a verified phone number exists for the user, or if … a verified email exists
        // for the user, calling this API will also result in sending a message to the end user
        // with the code" (botocore's AdminResetUserPassword doc, 2022): only then.
        if user.verified_email().is_some() || user.verified_phone().is_some() {
            inner.send_code(&self.cfg, pool_id, &username, CodePurpose::ResetPassword)?;
        }
        Ok(json!({}))
    }

    pub(super) fn admin_get_user(&self, body: &Value) -> ApiResult<Value> {
        let inner = self.lock();
        let pool = inner.pool(req_str(body, "UserPoolId")?)?;
        let user = pool
            .find_user(req_str(body, "Username")?)
            .ok_or_else(ApiError::user_not_found)?;
        Ok(user_json(user, true))
    }

    pub(super) fn admin_set_user_mfa_preference(&self, body: &Value) -> ApiResult<Value> {
        let pool_id = req_str(body, "UserPoolId")?;
        let name = req_str(body, "Username")?;
        let mut inner = self.lock();
        let username = inner.username_in(pool_id, name)?;
        let pool = PoolMfa::of(inner.pool(pool_id)?);
        apply_mfa_preference(
            inner.user_mut(pool_id, &username)?,
            pool,
            body,
            self.clock.now_f64(),
        )?;
        Ok(json!({}))
    }

    pub(super) fn admin_update_user_attributes(&self, body: &Value) -> ApiResult<Value> {
        let pool_id = req_str(body, "UserPoolId")?;
        let name = req_str(body, "Username")?;
        let attributes = attribute_list(body, "UserAttributes");
        let mut inner = self.lock();
        check_admin_attributes(inner.pool(pool_id)?, &attributes)?;
        check_mutable(inner.pool(pool_id)?, attributes.keys())?;
        let username = inner.username_in(pool_id, name)?;
        let user = inner.user_mut(pool_id, &username)?;
        user.attributes.extend(attributes);
        user.modified = self.clock.now_f64();
        Ok(json!({}))
    }

    pub(super) fn admin_user_global_sign_out(&self, body: &Value) -> ApiResult<Value> {
        let pool_id = req_str(body, "UserPoolId")?;
        let name = req_str(body, "Username")?;
        let mut inner = self.lock();
        let username = inner.username_in(pool_id, name)?;
        inner.sign_out_everywhere(pool_id, &username)?;
        Ok(json!({}))
    }

    pub(super) fn admin_delete_user(&self, body: &Value) -> ApiResult<Value> {
        let pool_id = req_str(body, "UserPoolId")?;
        let name = req_str(body, "Username")?;
        let mut inner = self.lock();
        let username = inner.username_in(pool_id, name)?;
        inner.pool_mut(pool_id)?.users.remove(&username);
        inner.forget_refresh_tokens(pool_id, &username);
        Ok(json!({}))
    }

    pub(super) fn list_users(&self, body: &Value) -> ApiResult<Value> {
        let inner = self.lock();
        let pool = inner.pool(req_str(body, "UserPoolId")?)?;
        let users: Vec<Value> = pool.users.values().map(user_record_json).collect();
        Ok(json!({ "Users": users }))
    }
}

/// CreateUserPool's `Schema`: the names of the attributes marked `"Required": true`, e.g.
/// `[{"Name": "name", "AttributeDataType": "String", "Required": true}]`. Other schema settings
/// (types, lengths, custom attributes) are not modelled.
fn required_in_schema(body: &Value) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for entry in body["Schema"].as_array().into_iter().flatten() {
        if entry["Required"].as_bool() == Some(true)
            && let Some(name) = entry["Name"].as_str()
            && !names.iter().any(|n| n == name)
        {
            names.push(name.to_owned());
        }
    }
    names
}

/// CreateUserPool's `Schema`: the custom attributes, by their full names (`custom:team`). A
/// schema entry that is not a standard attribute is a custom one; Cognito adds the `custom:`
/// prefix to its name (developer guide, "Custom attributes").
fn custom_in_schema(body: &Value) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for entry in body["Schema"].as_array().into_iter().flatten() {
        let Some(name) = entry["Name"].as_str() else {
            continue;
        };
        let bare = name.strip_prefix("custom:").unwrap_or(name);
        if name.starts_with("custom:") || !super::attributes::STANDARD_WRITABLE.contains(&bare) {
            let full = format!("custom:{bare}");
            if !names.contains(&full)
                && !["sub", "email_verified", "phone_number_verified"].contains(&bare)
            {
                names.push(full);
            }
        }
    }
    names
}

/// CreateUserPool's `Schema`: each entry's `Mutable` (default true) and
/// `StringAttributeConstraints` (`MinLength`, `MaxLength`: strings of digits in the API, read as
/// numbers too), by full name (a custom one with its `custom:` prefix). Entries that set
/// neither keep the defaults (`attributes::rule_for`).
fn rules_in_schema(body: &Value) -> BTreeMap<String, AttributeRule> {
    let mut rules = BTreeMap::new();
    let custom = custom_in_schema(body);
    for entry in body["Schema"].as_array().into_iter().flatten() {
        let Some(name) = entry["Name"].as_str() else {
            continue;
        };
        let bare = name.strip_prefix("custom:").unwrap_or(name);
        let full = format!("custom:{bare}");
        let name = if custom.contains(&full) {
            full
        } else {
            name.to_owned()
        };
        let limits = &entry["StringAttributeConstraints"];
        let number = |v: &Value| {
            v.as_u64()
                .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
                .and_then(|n| usize::try_from(n).ok())
        };
        let (min, max) = (number(&limits["MinLength"]), number(&limits["MaxLength"]));
        let mutable = entry["Mutable"].as_bool();
        if min.is_none() && max.is_none() && mutable.is_none() {
            continue;
        }
        let default = if name == "birthdate" {
            (10, 10)
        } else {
            (0, 2048)
        };
        rules.insert(
            name,
            AttributeRule {
                min_length: min.unwrap_or(default.0),
                max_length: max.unwrap_or(default.1),
                mutable: mutable.unwrap_or(true),
            },
        );
    }
    rules
}

/// A request's `DeviceConfiguration` (CreateUserPool, UpdateUserPool).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct DeviceConfiguration {
    challenge_required_on_new_device: bool,
    only_remembered_on_user_prompt: bool,
}

/// Device tracking on with `config`, or off with `None` (and the flags as a new pool's: only
/// DescribeUserPool would show them, and it shows no DeviceConfiguration then).
fn set_device_configuration(pool: &mut Pool, config: Option<DeviceConfiguration>) {
    pool.device_tracking = config.is_some();
    let config = config.unwrap_or(DeviceConfiguration {
        challenge_required_on_new_device: true,
        only_remembered_on_user_prompt: true,
    });
    pool.always_remember_devices = !config.only_remembered_on_user_prompt;
    pool.challenge_required_on_new_device = config.challenge_required_on_new_device;
}

/// Reads `DeviceConfiguration {ChallengeRequiredOnNewDevice, DeviceOnlyRememberedOnUserPrompt}`.
/// Present, even as `{}`, it turns device tracking on ("When you provide a value for any property
/// of DeviceConfiguration, you activate the device remembering for the user pool":
/// <https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeviceConfigurationType.html>);
/// a flag left out is taken as `false` (an assumption), so `{}` remembers every confirmed
/// device. Not an object, or a flag not a boolean: SerializationException, as AWS's JSON
/// protocol answers a value of the wrong type.
fn device_configuration(body: &Value) -> ApiResult<Option<DeviceConfiguration>> {
    let config = match body.get("DeviceConfiguration") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Object(config)) => config,
        Some(_) => {
            return Err(ApiError::new(
                "SerializationException",
                "Unexpected value for DeviceConfiguration",
            ));
        }
    };
    let flag = |name: &str| match config.get(name) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(ApiError::new(
            "SerializationException",
            format!("Unexpected value for DeviceConfiguration.{name}"),
        )),
    };
    Ok(Some(DeviceConfiguration {
        challenge_required_on_new_device: flag("ChallengeRequiredOnNewDevice")?,
        only_remembered_on_user_prompt: flag("DeviceOnlyRememberedOnUserPrompt")?,
    }))
}

/// `Policies.SignInPolicy.AllowedFirstAuthFactors` (CreateUserPool, UpdateUserPool): "The sign-in
/// policy sets the options available to applications in choice-based authentication" (botocore's
/// `UserPoolPolicyType`). A list of 1 … 5 `AuthFactorType`s (`PASSWORD`, `EMAIL_OTP`, `SMS_OTP`,
/// `WEB_AUTHN`, `SOFTWARE_TOKEN`), of which `SOFTWARE_TOKEN` "is not currently supported as a first
/// auth factor. Do not include this value" (botocore's `SignInPolicyType`). Left out at any level
/// (or null): `["PASSWORD"]`. Repeated values count once. A list without `PASSWORD` is accepted
/// (whether Cognito refuses one is not documented; the CDK requires `password: true`).
fn allowed_first_auth_factors(body: &Value) -> ApiResult<Vec<AuthFactor>> {
    const MEMBER: &str = "policies.signInPolicy.allowedFirstAuthFactors";
    fn unexpected(name: &str) -> ApiError {
        ApiError::new(
            "SerializationException",
            format!("Unexpected value for {name}"),
        )
    }
    /// An object member, `None` if left out or null.
    fn object<'a>(value: Option<&'a Value>, name: &str) -> ApiResult<Option<&'a Value>> {
        match value {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(_)) => Ok(value),
            Some(_) => Err(unexpected(name)),
        }
    }
    let Some(policies) = object(body.get("Policies"), "Policies")? else {
        return Ok(password_only());
    };
    let Some(sign_in) = object(policies.get("SignInPolicy"), "SignInPolicy")? else {
        return Ok(password_only());
    };
    let list = match sign_in.get("AllowedFirstAuthFactors") {
        None | Some(Value::Null) => return Ok(password_only()),
        Some(Value::Array(list)) => list,
        Some(_) => return Err(unexpected("AllowedFirstAuthFactors")),
    };
    let names = list
        .iter()
        .map(|v| v.as_str().ok_or_else(|| unexpected("AuthFactorType")))
        .collect::<ApiResult<Vec<&str>>>()?;
    let shown = format!("[{}]", names.join(", "));
    if names.is_empty() {
        return Err(constraint_error(
            &shown,
            MEMBER,
            "Member must have length greater than or equal to 1",
        ));
    }
    if names.len() > 5 {
        return Err(constraint_error(
            &shown,
            MEMBER,
            "Member must have length less than or equal to 5",
        ));
    }
    let mut factors = Vec::new();
    for name in names {
        let factor = match (name, AuthFactor::parse(name)) {
            (_, Some(factor)) => factor,
            ("SOFTWARE_TOKEN", None) => {
                // The text is an assumption: none is public.
                return Err(ApiError::invalid_parameter(
                    "SOFTWARE_TOKEN is not supported as a first authentication factor",
                ));
            }
            (_, None) => {
                return Err(constraint_error(
                    &shown,
                    MEMBER,
                    "Member must satisfy constraint: [Member must satisfy enum value set: [PASSWORD, EMAIL_OTP, SMS_OTP, WEB_AUTHN, SOFTWARE_TOKEN]]",
                ));
            }
        };
        if !factors.contains(&factor) {
            factors.push(factor);
        }
    }
    Ok(factors)
}

/// SetUserPoolMfaConfig's `WebAuthnConfiguration {RelyingPartyId?, UserVerification?,
/// FactorConfiguration?}` (botocore's `WebAuthnConfigurationType`), if given. It replaces the
/// pool's whole configuration: a member left out is unset again (an assumption, as for any
/// structure member of an AWS request). `RelyingPartyId` is 1 … 127 characters (the model's
/// `RelyingPartyIdType`); the stand-in also wants a bare host name (lower-case letters, digits,
/// dots and hyphens), so a value such as `http://localhost:3000` is refused at once rather than
/// at every passkey ceremony (an assumption: Cognito checks it against the pool's domains, and
/// its message is not public). The enums as the model has them: `required | preferred` and
/// `SINGLE_FACTOR | MULTI_FACTOR_WITH_USER_VERIFICATION`.
fn web_authn_configuration(body: &Value) -> ApiResult<Option<WebAuthnConfig>> {
    fn unexpected(name: &str) -> ApiError {
        ApiError::new(
            "SerializationException",
            format!("Unexpected value for {name}"),
        )
    }
    let config = match body.get("WebAuthnConfiguration") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Object(config)) => config,
        Some(_) => return Err(unexpected("WebAuthnConfiguration")),
    };
    fn member<'a>(
        config: &'a serde_json::Map<String, Value>,
        name: &str,
    ) -> ApiResult<Option<&'a str>> {
        match config.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(_) => Err(unexpected(name)),
        }
    }
    let relying_party_id = member(config, "RelyingPartyId")?;
    if let Some(id) = relying_party_id {
        let at = "webAuthnConfiguration.relyingPartyId";
        let length = id.chars().count();
        if length < 1 {
            return Err(constraint_error(
                id,
                at,
                "Member must have length greater than or equal to 1",
            ));
        }
        if length > 127 {
            return Err(constraint_error(
                id,
                at,
                "Member must have length less than or equal to 127",
            ));
        }
        let host_name = id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
            && !id.starts_with('.')
            && !id.ends_with('.');
        if !host_name {
            return Err(ApiError::invalid_parameter(format!(
                "Invalid RelyingPartyId {id}: give a domain name such as auth.example.com or localhost, without scheme or port"
            )));
        }
    }
    let user_verification = member(config, "UserVerification")?
        .map(|v| {
            UserVerification::parse(v).ok_or_else(|| {
                constraint_error(
                    v,
                    "webAuthnConfiguration.userVerification",
                    "Member must satisfy enum value set: [required, preferred]",
                )
            })
        })
        .transpose()?;
    let factor_configuration = member(config, "FactorConfiguration")?
        .map(|v| {
            WebAuthnFactorConfiguration::parse(v).ok_or_else(|| {
                constraint_error(
                    v,
                    "webAuthnConfiguration.factorConfiguration",
                    "Member must satisfy enum value set: [SINGLE_FACTOR, MULTI_FACTOR_WITH_USER_VERIFICATION]",
                )
            })
        })
        .transpose()?;
    Ok(Some(WebAuthnConfig {
        relying_party_id: relying_party_id.map(str::to_owned),
        user_verification,
        factor_configuration,
    }))
}

/// A pool that requires MFA may allow passkeys as a first factor only if a passkey counts as MFA
/// there (`FactorConfiguration: MULTI_FACTOR_WITH_USER_VERIFICATION`); otherwise the request is
/// refused with InvalidParameterException and changes nothing. Both messages are Cognito's as
/// reported: SetUserPoolMfaConfig "Cannot set WebAuthn factor configuration to SINGLE_FACTOR if
/// MFA is required and WebAuthn is an allowed first auth factor" (go-to-k/cdkd#2064); UpdateUserPool
/// "WEB_AUTHN cannot be used as an auth factor when MFA is enabled if not configured for MFA."
/// (hashicorp/terraform-provider-aws#50110).
fn check_passkeys_with_required_mfa(
    mfa: MfaConfiguration,
    first_factors: &[AuthFactor],
    web_authn: &WebAuthnConfig,
    message: &str,
) -> ApiResult<()> {
    if mfa == MfaConfiguration::On
        && first_factors.contains(&AuthFactor::WebAuthn)
        && !web_authn.passkey_mfa()
    {
        return Err(ApiError::invalid_parameter(message));
    }
    Ok(())
}

fn parse_mfa(value: &str) -> ApiResult<MfaConfiguration> {
    match value {
        "OFF" => Ok(MfaConfiguration::Off),
        "OPTIONAL" => Ok(MfaConfiguration::Optional),
        "ON" => Ok(MfaConfiguration::On),
        other => Err(ApiError::invalid_parameter(format!(
            "Invalid MfaConfiguration {other}"
        ))),
    }
}

/// CreateUserPool's `Policies.PasswordPolicy`: Cognito's default for what is left out;
/// `MinimumLength` 6–99 (botocore's `PasswordPolicyMinLengthType`), else InvalidParameterException.
fn password_policy(body: &Value) -> ApiResult<PasswordPolicy> {
    let given = &body["Policies"]["PasswordPolicy"];
    let mut policy = PasswordPolicy::default();
    let length = &given["MinimumLength"];
    if !length.is_null() {
        policy.minimum_length = length
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .filter(|n| (6..=99).contains(n))
            .ok_or_else(|| ApiError::invalid_parameter("MinimumLength must be between 6 and 99"))?;
    }
    for (member, rule) in [
        ("RequireUppercase", &mut policy.require_uppercase),
        ("RequireLowercase", &mut policy.require_lowercase),
        ("RequireNumbers", &mut policy.require_numbers),
        ("RequireSymbols", &mut policy.require_symbols),
    ] {
        if let Some(b) = given[member].as_bool() {
            *rule = b;
        }
    }
    Ok(policy)
}

/// CreateUserPool's `UsernameAttributes` (email, phone_number) and `AliasAttributes` (email,
/// phone_number, preferred_username): one or the other, as Cognito takes them ("You can choose
/// one of these two options", developer guide, "User pool attributes"; botocore's enums).
fn sign_in_attributes(body: &Value) -> ApiResult<(Vec<String>, Vec<String>)> {
    let list = |member: &str, allowed: &[&str]| -> ApiResult<Vec<String>> {
        let mut out = Vec::new();
        for v in body[member].as_array().into_iter().flatten() {
            let name = v.as_str().filter(|n| allowed.contains(n)).ok_or_else(|| {
                ApiError::invalid_parameter(format!("{member} names an attribute it cannot: {v}"))
            })?;
            if !out.iter().any(|o| o == name) {
                out.push(name.to_owned());
            }
        }
        Ok(out)
    };
    let username = list("UsernameAttributes", &["email", "phone_number"])?;
    let alias = list(
        "AliasAttributes",
        &["email", "phone_number", "preferred_username"],
    )?;
    if !username.is_empty() && !alias.is_empty() {
        return Err(ApiError::invalid_parameter(
            "Only one of UsernameAttributes or AliasAttributes can be set in a User Pool",
        ));
    }
    Ok((username, alias))
}

fn username_attributes_of(pool: &Pool) -> Value {
    let mut out = Vec::new();
    if pool.email_as_username {
        out.push("email");
    }
    if pool.phone_as_username {
        out.push("phone_number");
    }
    json!(out)
}

fn mfa_label(m: MfaConfiguration) -> &'static str {
    match m {
        MfaConfiguration::Off => "OFF",
        MfaConfiguration::Optional => "OPTIONAL",
        MfaConfiguration::On => "ON",
    }
}

fn pool_json(pool: &Pool) -> Value {
    let mut out = json!({
        "Id": pool.id,
        "Name": pool.display_name,
        "MfaConfiguration": mfa_label(pool.mfa),
        "UserPoolTier": pool.tier,
        "UsernameAttributes": username_attributes_of(pool),
        "AliasAttributes": if pool.attributes_as_username() { json!([]) } else { json!(pool.alias_attributes) },
        "UserAttributeUpdateSettings": { "AttributesRequireVerificationBeforeUpdate": pool.verify_before_update },
        "CreationDate": pool.created,
        "EstimatedNumberOfUsers": pool.users.len(),
        // Only the required attributes: Cognito lists every standard attribute here.
        "SchemaAttributes": pool.required_attributes.iter().map(|name| json!({
            "Name": name, "AttributeDataType": "String", "Mutable": true, "Required": true,
        })).collect::<Vec<_>>(),
        "Policies": {
            // The policy `password::check_password_policy` enforces.
            "PasswordPolicy": {
                "MinimumLength": pool.password_policy.minimum_length,
                "RequireUppercase": pool.password_policy.require_uppercase,
                "RequireLowercase": pool.password_policy.require_lowercase,
                "RequireNumbers": pool.password_policy.require_numbers,
                "RequireSymbols": pool.password_policy.require_symbols,
            },
            "SignInPolicy": {
                "AllowedFirstAuthFactors": pool.allowed_first_auth_factors.iter().map(|f| f.as_str()).collect::<Vec<_>>(),
            },
        },
    });
    // "A DescribeUserPool request returns a null value for this object when the user pool isn't
    // configured to remember devices" (API_DeviceConfigurationType): left out then.
    if pool.device_tracking {
        out["DeviceConfiguration"] = json!({
            "ChallengeRequiredOnNewDevice": pool.challenge_required_on_new_device,
            "DeviceOnlyRememberedOnUserPrompt": !pool.always_remember_devices,
        });
    }
    // The prefix domain as `Domain`, a custom one as `CustomDomain` (UserPoolType).
    for d in &pool.domains {
        out[if d.custom { "CustomDomain" } else { "Domain" }] = json!(d.domain);
    }
    out
}

fn mfa_config_json(pool: &Pool) -> Value {
    let mut out = json!({
        "MfaConfiguration": mfa_label(pool.mfa),
        "SoftwareTokenMfaConfiguration": { "Enabled": pool.totp_mfa },
    });
    if pool.sms_mfa {
        out["SmsMfaConfiguration"] = json!({ "SmsConfiguration": { "SnsCallerArn": "arn:aws:iam::000000000000:role/local-cognito" } });
    }
    if pool.email_mfa {
        out["EmailMfaConfiguration"] =
            json!({ "Message": "Your code is {####}", "Subject": "Your code" });
    }
    // Only the members set, as the AWS CLI's set-user-pool-mfa-config example shows it
    // (`{"RelyingPartyId": "auth.example.com", "UserVerification": "preferred"}`); left out
    // while none is.
    let w = &pool.web_authn;
    if *w != WebAuthnConfig::default() {
        let mut config = json!({});
        if let Some(id) = &w.relying_party_id {
            config["RelyingPartyId"] = json!(id);
        }
        if let Some(v) = w.user_verification {
            config["UserVerification"] = json!(v.as_str());
        }
        if let Some(f) = w.factor_configuration {
            config["FactorConfiguration"] = json!(f.as_str());
        }
        out["WebAuthnConfiguration"] = config;
    }
    out
}

/// The `UserType` of AdminCreateUser and ListUsers.
fn user_record_json(user: &User) -> Value {
    json!({
        "Username": user.username,
        "Attributes": attributes_json(user),
        "UserStatus": user.status.as_str(),
        "Enabled": user.enabled,
        "UserCreateDate": user.created,
        "UserLastModifiedDate": user.modified,
    })
}

//! Seeding: a JSON description of pools, clients and users, applied through the service's own
//! admin operations, only for pools that do not exist yet (so `--state` plus a seed is idempotent).

use serde::Deserialize;
use serde_json::{Value, json};

use crate::error::ApiError;
use crate::service::Service;

/// The default seed: the demo pool the app is configured for out of the box.
pub const DEFAULT_SEED: &str = include_str!("../seed.json");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    pub pools: Vec<SeedPool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedPool {
    pub id: String,
    pub name: String,
    /// OFF, OPTIONAL or ON.
    pub mfa: String,
    #[serde(default = "yes")]
    pub totp: bool,
    #[serde(default)]
    pub sms: bool,
    #[serde(default)]
    pub email: bool,
    #[serde(default = "yes")]
    pub email_as_username: bool,
    /// `UsernameAttributes` includes `phone_number`: users sign in with their phone number.
    #[serde(default)]
    pub phone_as_username: bool,
    /// `AliasAttributes` where the user name is the user's own (`email_as_username: false`),
    /// e.g. `["email", "phone_number"]`.
    #[serde(default)]
    pub alias_attributes: Vec<String>,
    /// `AttributesRequireVerificationBeforeUpdate`, e.g. `["email"]`.
    #[serde(default)]
    pub verify_before_update: Vec<String>,
    /// `Policies.PasswordPolicy.MinimumLength`; left out: Cognito's default, 8.
    #[serde(default)]
    pub password_min_length: Option<u32>,
    /// Track devices (remembered devices skip MFA once the user says "remember").
    #[serde(default)]
    pub devices: bool,
    /// Track where users are signed in (SetUserPoolSessionConfiguration `UserSessionTracking`
    /// ENABLED), so ListUserSessions and RevokeUserSession work.
    #[serde(default)]
    pub session_tracking: bool,
    /// Standard attributes the pool's schema requires, e.g. `["name"]` (CreateUserPool's
    /// `Schema` with `Required: true`): SignUp must give them, and users created without them
    /// supply them when answering NEW_PASSWORD_REQUIRED.
    #[serde(default)]
    pub required_attributes: Vec<String>,
    /// More CreateUserPool `Schema` entries, as the API takes them: custom attributes, lengths,
    /// `Mutable: false`, e.g. `{"Name": "team", "AttributeDataType": "String",
    /// "StringAttributeConstraints": {"MaxLength": "16"}}`.
    #[serde(default)]
    pub schema: Vec<Value>,
    /// `Policies.SignInPolicy.AllowedFirstAuthFactors`: what choice-based sign-in (USER_AUTH) may
    /// offer, e.g. `["PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"]`; left out: `["PASSWORD"]`.
    #[serde(default)]
    pub allowed_first_auth_factors: Option<Vec<String>>,
    /// SetUserPoolMfaConfig's `WebAuthnConfiguration` for passkeys, e.g.
    /// `{"relying_party_id": "localhost", "user_verification": "preferred"}`; left out: none, and
    /// the passkey operations answer WebAuthnConfigurationMissingException.
    #[serde(default)]
    pub web_authn: Option<SeedWebAuthn>,
    pub clients: Vec<SeedClient>,
    #[serde(default)]
    pub users: Vec<SeedUser>,
}

/// A pool's passkey settings (`WebAuthnConfiguration` in snake case).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedWebAuthn {
    /// The relying party id, e.g. `localhost` for an app on `http://localhost:PORT`.
    #[serde(default)]
    pub relying_party_id: Option<String>,
    /// `required` or `preferred`.
    #[serde(default)]
    pub user_verification: Option<String>,
    /// `SINGLE_FACTOR` or `MULTI_FACTOR_WITH_USER_VERIFICATION` (passkey MFA for users who turn it on).
    #[serde(default)]
    pub factor_configuration: Option<String>,
}

impl SeedWebAuthn {
    /// SetUserPoolMfaConfig's `WebAuthnConfiguration` for these settings.
    fn request(&self) -> serde_json::Value {
        let mut config = json!({});
        for (member, value) in [
            ("RelyingPartyId", &self.relying_party_id),
            ("UserVerification", &self.user_verification),
            ("FactorConfiguration", &self.factor_configuration),
        ] {
            if let Some(v) = value {
                config[member] = json!(v);
            }
        }
        config
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedClient {
    pub id: String,
    pub name: String,
    pub auth_flows: Vec<String>,
    /// RefreshTokenRotation, e.g. `{"feature": "ENABLED", "retry_grace_period_seconds": 10}`.
    #[serde(default)]
    pub refresh_token_rotation: Option<SeedRotation>,
    /// AccessTokenValidity, IdTokenValidity, RefreshTokenValidity and TokenValidityUnits, as
    /// CreateUserPoolClient takes them (left out: Cognito's 60 minutes, 60 minutes, 30 days).
    #[serde(default)]
    pub access_token_validity: Option<i64>,
    #[serde(default)]
    pub id_token_validity: Option<i64>,
    #[serde(default)]
    pub refresh_token_validity: Option<i64>,
    #[serde(default)]
    pub token_validity_units: Option<SeedUnits>,
    /// PreventUserExistenceErrors: `ENABLED` or `LEGACY`. Left out: ENABLED, which is what this
    /// stand-in always did before it modelled the setting, and what the demo client needs for
    /// the app's promise of no account probing (CreateUserPoolClient's own default is LEGACY).
    #[serde(default)]
    pub prevent_user_existence_errors: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedRotation {
    /// ENABLED or DISABLED.
    pub feature: String,
    /// 0 … 60.
    #[serde(default)]
    pub retry_grace_period_seconds: Option<i64>,
}

/// `seconds`, `minutes`, `hours` or `days` for each kind of token.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedUnits {
    #[serde(default)]
    pub access_token: Option<String>,
    #[serde(default)]
    pub id_token: Option<String>,
    #[serde(default)]
    pub refresh_token: Option<String>,
}

impl SeedClient {
    /// The CreateUserPoolClient request for this client.
    fn create_request(&self, pool_id: &str) -> serde_json::Value {
        let mut body = json!({
            "UserPoolId": pool_id, "ClientName": self.name, "ClientId": self.id,
            "ExplicitAuthFlows": self.auth_flows, "GenerateSecret": false,
            "PreventUserExistenceErrors": self.prevent_user_existence_errors.as_deref().unwrap_or("ENABLED"),
        });
        if let Some(r) = &self.refresh_token_rotation {
            body["RefreshTokenRotation"] = json!({ "Feature": r.feature });
            if let Some(grace) = r.retry_grace_period_seconds {
                body["RefreshTokenRotation"]["RetryGracePeriodSeconds"] = json!(grace);
            }
        }
        for (member, value) in [
            ("AccessTokenValidity", self.access_token_validity),
            ("IdTokenValidity", self.id_token_validity),
            ("RefreshTokenValidity", self.refresh_token_validity),
        ] {
            if let Some(v) = value {
                body[member] = json!(v);
            }
        }
        if let Some(u) = &self.token_validity_units {
            body["TokenValidityUnits"] = json!({});
            for (member, value) in [
                ("AccessToken", &u.access_token),
                ("IdToken", &u.id_token),
                ("RefreshToken", &u.refresh_token),
            ] {
                if let Some(v) = value {
                    body["TokenValidityUnits"][member] = json!(v);
                }
            }
        }
        body
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedUser {
    /// The user name, where the pool has its own (aliases); else the email or phone signs in.
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    pub password: String,
    #[serde(default)]
    pub phone: Option<String>,
    /// A temporary password: the user must choose a new one at first sign-in.
    #[serde(default)]
    pub temporary: bool,
    /// MFA methods to switch on for the user, e.g. ["SMS_MFA"].
    #[serde(default)]
    pub mfa: Vec<String>,
    /// Other attributes, e.g. `{"name": "Demo User", "custom:team": "Blue"}`.
    #[serde(default)]
    pub attributes: std::collections::BTreeMap<String, String>,
}

impl SeedUser {
    /// What the user signs in with: the user name, else the email, else the phone number.
    pub fn sign_in_name(&self) -> &str {
        self.username
            .as_deref()
            .or(self.email.as_deref())
            .or(self.phone.as_deref())
            .unwrap_or_default()
    }
}

fn yes() -> bool {
    true
}

impl Seed {
    pub fn parse(json: &str) -> Result<Self, String> {
        serde_json::from_str(json).map_err(|e| format!("seed: {e}"))
    }

    /// Creates what is missing; returns the ids of the pools it created.
    pub fn apply(&self, service: &Service) -> Result<Vec<String>, ApiError> {
        let mut created = Vec::new();
        for pool in &self.pools {
            if service.has_pool(&pool.id) {
                continue;
            }
            let call = |op: &str, body: serde_json::Value| service.call(op, &body);
            let mut create = json!({
                "PoolName": pool.name, "Id": pool.id, "MfaConfiguration": pool.mfa,
            });
            let mut username_attributes = Vec::new();
            if pool.email_as_username {
                username_attributes.push("email");
            }
            if pool.phone_as_username {
                username_attributes.push("phone_number");
            }
            if !pool.verify_before_update.is_empty() {
                create["UserAttributeUpdateSettings"] = json!({ "AttributesRequireVerificationBeforeUpdate": pool.verify_before_update });
            }
            if username_attributes.is_empty() {
                create["AliasAttributes"] = json!(pool.alias_attributes);
            } else {
                create["UsernameAttributes"] = json!(username_attributes);
            }
            let schema: Vec<Value> = pool
                .required_attributes
                .iter()
                .map(|name| json!({ "Name": name, "AttributeDataType": "String", "Mutable": true, "Required": true }))
                .chain(pool.schema.iter().cloned())
                .collect();
            if !schema.is_empty() {
                create["Schema"] = json!(schema);
            }
            if let Some(factors) = &pool.allowed_first_auth_factors {
                create["Policies"]["SignInPolicy"] = json!({ "AllowedFirstAuthFactors": factors });
            }
            if let Some(length) = pool.password_min_length {
                create["Policies"]["PasswordPolicy"] = json!({ "MinimumLength": length });
            }
            if pool.devices {
                create["DeviceConfiguration"] = json!({ "ChallengeRequiredOnNewDevice": true, "DeviceOnlyRememberedOnUserPrompt": true });
            }
            call("CreateUserPool", create)?;
            if pool.session_tracking {
                call(
                    "SetUserPoolSessionConfiguration",
                    json!({ "UserPoolId": pool.id, "UserSessionTracking": "ENABLED" }),
                )?;
            }
            let mut mfa = json!({ "UserPoolId": pool.id, "MfaConfiguration": pool.mfa, "SoftwareTokenMfaConfiguration": { "Enabled": pool.totp } });
            if pool.sms {
                mfa["SmsMfaConfiguration"] = json!({ "Enabled": true });
            }
            if pool.email {
                mfa["EmailMfaConfiguration"] = json!({ "Enabled": true });
            }
            if let Some(web_authn) = &pool.web_authn {
                mfa["WebAuthnConfiguration"] = web_authn.request();
            }
            call("SetUserPoolMfaConfig", mfa)?;
            for client in &pool.clients {
                call("CreateUserPoolClient", client.create_request(&pool.id))?;
            }
            for user in &pool.users {
                let mut attributes = Vec::new();
                if let Some(email) = &user.email {
                    attributes.push(json!({ "Name": "email", "Value": email }));
                    attributes.push(json!({ "Name": "email_verified", "Value": "true" }));
                }
                if let Some(phone) = &user.phone {
                    attributes.push(json!({ "Name": "phone_number", "Value": phone }));
                    attributes.push(json!({ "Name": "phone_number_verified", "Value": "true" }));
                }
                for (name, value) in &user.attributes {
                    attributes.push(json!({ "Name": name, "Value": value }));
                }
                let name = user.sign_in_name();
                if name.is_empty() {
                    return Err(ApiError::invalid_parameter(
                        "seed: a user needs a username, email or phone",
                    ));
                }
                call(
                    "AdminCreateUser",
                    json!({
                        "UserPoolId": pool.id, "Username": name, "TemporaryPassword": user.password,
                        "UserAttributes": attributes, "MessageAction": "SUPPRESS",
                    }),
                )?;
                if !user.temporary {
                    call(
                        "AdminSetUserPassword",
                        json!({ "UserPoolId": pool.id, "Username": name, "Password": user.password, "Permanent": true }),
                    )?;
                }
                for method in &user.mfa {
                    let key = match method.as_str() {
                        "SMS_MFA" => "SMSMfaSettings",
                        "EMAIL_OTP" => "EmailMfaSettings",
                        other => {
                            return Err(ApiError::invalid_parameter(format!(
                                "seed: cannot enable {other} without an enrolment"
                            )));
                        }
                    };
                    call(
                        "AdminSetUserMFAPreference",
                        json!({ "UserPoolId": pool.id, "Username": name, key: { "Enabled": true } }),
                    )?;
                }
            }
            created.push(pool.id.clone());
        }
        Ok(created)
    }
}

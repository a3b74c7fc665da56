//! Seeding: a JSON description of pools, clients and users, applied through the service's own
//! admin operations, only for pools that do not exist yet (so `--state` plus a seed is idempotent).

use serde::Deserialize;
use serde_json::json;

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
    /// Track devices (remembered devices skip MFA once the user says "remember").
    #[serde(default)]
    pub devices: bool,
    pub clients: Vec<SeedClient>,
    #[serde(default)]
    pub users: Vec<SeedUser>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedClient {
    pub id: String,
    pub name: String,
    pub auth_flows: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedUser {
    pub email: String,
    pub password: String,
    #[serde(default)]
    pub phone: Option<String>,
    /// A temporary password: the user must choose a new one at first sign-in.
    #[serde(default)]
    pub temporary: bool,
    /// MFA methods to switch on for the user, e.g. ["SMS_MFA"].
    #[serde(default)]
    pub mfa: Vec<String>,
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
                "UsernameAttributes": if pool.email_as_username { json!(["email"]) } else { json!([]) },
            });
            if pool.devices {
                create["DeviceConfiguration"] = json!({ "ChallengeRequiredOnNewDevice": true, "DeviceOnlyRememberedOnUserPrompt": true });
            }
            call("CreateUserPool", create)?;
            let mut mfa = json!({ "UserPoolId": pool.id, "MfaConfiguration": pool.mfa, "SoftwareTokenMfaConfiguration": { "Enabled": pool.totp } });
            if pool.sms {
                mfa["SmsMfaConfiguration"] = json!({ "Enabled": true });
            }
            if pool.email {
                mfa["EmailMfaConfiguration"] = json!({ "Enabled": true });
            }
            call("SetUserPoolMfaConfig", mfa)?;
            for client in &pool.clients {
                call(
                    "CreateUserPoolClient",
                    json!({
                        "UserPoolId": pool.id, "ClientName": client.name, "ClientId": client.id,
                        "ExplicitAuthFlows": client.auth_flows, "GenerateSecret": false,
                    }),
                )?;
            }
            for user in &pool.users {
                let mut attributes = vec![
                    json!({ "Name": "email", "Value": user.email }),
                    json!({ "Name": "email_verified", "Value": "true" }),
                ];
                if let Some(phone) = &user.phone {
                    attributes.push(json!({ "Name": "phone_number", "Value": phone }));
                    attributes.push(json!({ "Name": "phone_number_verified", "Value": "true" }));
                }
                call(
                    "AdminCreateUser",
                    json!({
                        "UserPoolId": pool.id, "Username": user.email, "TemporaryPassword": user.password,
                        "UserAttributes": attributes, "MessageAction": "SUPPRESS",
                    }),
                )?;
                if !user.temporary {
                    call(
                        "AdminSetUserPassword",
                        json!({ "UserPoolId": pool.id, "Username": user.email, "Password": user.password, "Permanent": true }),
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
                        json!({ "UserPoolId": pool.id, "Username": user.email, key: { "Enabled": true } }),
                    )?;
                }
            }
            created.push(pool.id.clone());
        }
        Ok(created)
    }
}

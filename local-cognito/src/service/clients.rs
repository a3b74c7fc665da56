//! App clients: CreateUserPoolClient, UpdateUserPoolClient and DescribeUserPoolClient, and the
//! settings they carry: the auth flows, token lifetimes, refresh-token rotation and the OAuth
//! settings (`federation`). Admin
//! operations (no browser may call them, see `crate::http`).

use serde_json::{Value, json};

use super::{Service, federation};

use super::random::random_chars;
use super::wire::{constraint_error, opt_int, opt_str, req_str};
use crate::error::{ApiError, ApiResult};
use crate::store::{
    AppClient, OAuthSettings, RefreshTokenRotation, TimeUnit, TokenValidity, Validity,
};

/// RetryGracePeriodSeconds' range in botocore's model (`"min":0, "max":60`).
const MAX_GRACE_SECS: i64 = 60;
/// Access and id tokens live "from five minutes to one day", refresh tokens "from 60 minutes to
/// 10 years" (<https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_TokenValidityUnitsType.html>).
const ACCESS_ID_RANGE_SECS: std::ops::RangeInclusive<i64> = 300..=86_400;
const REFRESH_RANGE_SECS: std::ops::RangeInclusive<i64> = 3600..=10 * 365 * 86_400;

/// Everything an app client is configured with, as Create and Update take it.
struct ClientSettings {
    explicit_auth_flows: Vec<String>,
    refresh_token_rotation: RefreshTokenRotation,
    token_validity: TokenValidity,
    prevent_user_existence_errors: bool,
    oauth: OAuthSettings,
}

impl Service {
    pub(super) fn create_user_pool_client(&self, body: &Value) -> ApiResult<Value> {
        let pool_id = req_str(body, "UserPoolId")?;
        let name = req_str(body, "ClientName")?;
        if body["GenerateSecret"].as_bool() == Some(true) {
            return Err(ApiError::invalid_parameter(
                "local-cognito models public app clients only (GenerateSecret must be false)",
            ));
        }
        let id = match opt_str(body, "ClientId") {
            Some(id) => id.to_owned(), // local extension, like `Id` on CreateUserPool
            None => random_chars::<13>(b"abcdefghijklmnopqrstuvwxyz0123456789"),
        };
        let settings = client_settings(body)?;
        let mut inner = self.lock();
        let pool = inner.pool_mut(pool_id)?;
        federation::check_providers(pool, &settings.oauth)?;
        let now = self.clock.now_f64();
        let client = AppClient {
            id: id.clone(),
            name: name.into(),
            explicit_auth_flows: settings.explicit_auth_flows,
            refresh_token_rotation: settings.refresh_token_rotation,
            token_validity: settings.token_validity,
            prevent_user_existence_errors: settings.prevent_user_existence_errors,
            oauth: settings.oauth,
            created: now,
            modified: now,
        };
        let out = client_json(pool_id, &client);
        pool.clients.insert(id, client);
        Ok(json!({ "UserPoolClient": out }))
    }

    /// UpdateUserPoolClient replaces the whole configuration: "If you don't provide a value for
    /// an attribute, Amazon Cognito sets it to its default value"
    /// (<https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-updating.html>).
    /// Only the name stays when left out (it has no default).
    pub(super) fn update_user_pool_client(&self, body: &Value) -> ApiResult<Value> {
        let pool_id = req_str(body, "UserPoolId")?;
        let client_id = req_str(body, "ClientId")?;
        let settings = client_settings(body)?;
        let mut inner = self.lock();
        let pool = inner.pool_mut(pool_id)?;
        federation::check_providers(pool, &settings.oauth)?;
        let client = pool
            .clients
            .get_mut(client_id)
            .ok_or_else(|| client_not_found(client_id))?;
        if let Some(name) = opt_str(body, "ClientName") {
            client.name = name.to_owned();
        }
        client.explicit_auth_flows = settings.explicit_auth_flows;
        client.refresh_token_rotation = settings.refresh_token_rotation;
        client.token_validity = settings.token_validity;
        client.prevent_user_existence_errors = settings.prevent_user_existence_errors;
        client.oauth = settings.oauth;
        client.modified = self.clock.now_f64();
        Ok(json!({ "UserPoolClient": client_json(pool_id, client) }))
    }

    pub(super) fn describe_user_pool_client(&self, body: &Value) -> ApiResult<Value> {
        let pool_id = req_str(body, "UserPoolId")?;
        let client_id = req_str(body, "ClientId")?;
        let inner = self.lock();
        let client = inner
            .pool(pool_id)?
            .clients
            .get(client_id)
            .ok_or_else(|| client_not_found(client_id))?;
        Ok(json!({ "UserPoolClient": client_json(pool_id, client) }))
    }
}

fn client_not_found(client_id: &str) -> ApiError {
    ApiError::resource_not_found(format!("User pool client {client_id} does not exist."))
}

fn client_settings(body: &Value) -> ApiResult<ClientSettings> {
    Ok(ClientSettings {
        explicit_auth_flows: body["ExplicitAuthFlows"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|f| f.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default(),
        refresh_token_rotation: rotation(body)?,
        token_validity: token_validity(body)?,
        prevent_user_existence_errors: prevent_user_existence_errors(body)?,
        oauth: federation::oauth_settings(body)?,
    })
}

/// PreventUserExistenceErrors: ENABLED or LEGACY; "Defaults to LEGACY" (botocore's
/// `CreateUserPoolClientRequest`).
fn prevent_user_existence_errors(body: &Value) -> ApiResult<bool> {
    match body.get("PreventUserExistenceErrors") {
        None | Some(Value::Null) => Ok(false),
        Some(Value::String(v)) if v == "ENABLED" => Ok(true),
        Some(Value::String(v)) if v == "LEGACY" => Ok(false),
        Some(Value::String(other)) => Err(constraint_error(
            other,
            "preventUserExistenceErrors",
            "Member must satisfy enum value set: [LEGACY, ENABLED]",
        )),
        Some(_) => Err(ApiError::new(
            "SerializationException",
            "Unexpected value for PreventUserExistenceErrors",
        )),
    }
}

/// RefreshTokenRotation: `Feature` (ENABLED | DISABLED) is required, RetryGracePeriodSeconds
/// 0 … 60 (botocore's `RefreshTokenRotationType`). Left out: rotation off.
fn rotation(body: &Value) -> ApiResult<RefreshTokenRotation> {
    let Some(r) = body.get("RefreshTokenRotation").filter(|v| !v.is_null()) else {
        return Ok(RefreshTokenRotation::default());
    };
    if !r.is_object() {
        return Err(ApiError::new(
            "SerializationException",
            "Unexpected value for RefreshTokenRotation",
        ));
    }
    let enabled = match r.get("Feature") {
        None | Some(Value::Null) => return Err(ApiError::missing("refreshTokenRotation.feature")),
        Some(Value::String(f)) if f == "ENABLED" => true,
        Some(Value::String(f)) if f == "DISABLED" => false,
        Some(Value::String(other)) => {
            return Err(constraint_error(
                other,
                "refreshTokenRotation.feature",
                "Member must satisfy enum value set: [ENABLED, DISABLED]",
            ));
        }
        Some(_) => {
            return Err(ApiError::new(
                "SerializationException",
                "Unexpected value for Feature",
            ));
        }
    };
    // The default when RetryGracePeriodSeconds is left out is not documented; 0 (no grace) is
    // what an absent integer reads as. An assumption.
    let grace = opt_int(r, "RetryGracePeriodSeconds")?.unwrap_or(0);
    let member = "refreshTokenRotation.retryGracePeriodSeconds";
    if grace < 0 {
        return Err(constraint_error(
            &grace.to_string(),
            member,
            "Member must have value greater than or equal to 0",
        ));
    }
    if grace > MAX_GRACE_SECS {
        return Err(constraint_error(
            &grace.to_string(),
            member,
            &format!("Member must have value less than or equal to {MAX_GRACE_SECS}"),
        ));
    }
    Ok(RefreshTokenRotation {
        enabled,
        retry_grace_period_seconds: grace,
    })
}

/// AccessTokenValidity, IdTokenValidity and RefreshTokenValidity in their TokenValidityUnits.
/// A value without a unit is in hours (access, id) or days (refresh), as the API reads it; a
/// value left out is Cognito's default. Out of range: InvalidParameterException "Invalid range
/// for token validity." (a real answer:
/// <https://github.com/aws-samples/cloudfront-authorization-at-edge/issues/144>).
fn token_validity(body: &Value) -> ApiResult<TokenValidity> {
    let units = body.get("TokenValidityUnits").unwrap_or(&Value::Null);
    if !units.is_null() && !units.is_object() {
        return Err(ApiError::new(
            "SerializationException",
            "Unexpected value for TokenValidityUnits",
        ));
    }
    let defaults = TokenValidity::default();
    let one = |value: &str, unit: &str, api_unit: TimeUnit, default: Validity, range| {
        let Some(value) = opt_int(body, value)? else {
            return Ok(default);
        };
        let unit = match units.get(unit) {
            None | Some(Value::Null) => api_unit,
            Some(Value::String(u)) => TimeUnit::parse(u).ok_or_else(|| {
                constraint_error(
                    u,
                    &format!("tokenValidityUnits.{}", super::wire::lower_first(unit)),
                    "Member must satisfy enum value set: [seconds, minutes, hours, days]",
                )
            })?,
            Some(_) => {
                return Err(ApiError::new(
                    "SerializationException",
                    format!("Unexpected value for {unit}"),
                ));
            }
        };
        checked(Validity { value, unit }, range)
    };
    // "You can't set RefreshTokenValidity to 0. If you do, Amazon Cognito overrides the value
    // with the default value of 30 days." (botocore's CreateUserPoolClient documentation)
    let refresh = if opt_int(body, "RefreshTokenValidity")? == Some(0) {
        defaults.refresh
    } else {
        one(
            "RefreshTokenValidity",
            "RefreshToken",
            TimeUnit::Days,
            defaults.refresh,
            REFRESH_RANGE_SECS,
        )?
    };
    Ok(TokenValidity {
        access: one(
            "AccessTokenValidity",
            "AccessToken",
            TimeUnit::Hours,
            defaults.access,
            ACCESS_ID_RANGE_SECS,
        )?,
        id: one(
            "IdTokenValidity",
            "IdToken",
            TimeUnit::Hours,
            defaults.id,
            ACCESS_ID_RANGE_SECS,
        )?,
        refresh,
    })
}

fn checked(v: Validity, range: std::ops::RangeInclusive<i64>) -> ApiResult<Validity> {
    if range.contains(&v.seconds()) {
        Ok(v)
    } else {
        Err(ApiError::invalid_parameter(
            "Invalid range for token validity.",
        ))
    }
}

/// Cognito's `UserPoolClientType`, the part the stand-in models.
fn client_json(pool_id: &str, c: &AppClient) -> Value {
    let v = &c.token_validity;
    let rotation = &c.refresh_token_rotation;
    let mut out = json!({
        "UserPoolId": pool_id,
        "ClientName": c.name,
        "ClientId": c.id,
        "ExplicitAuthFlows": c.explicit_auth_flows,
        "AccessTokenValidity": v.access.value,
        "IdTokenValidity": v.id.value,
        "RefreshTokenValidity": v.refresh.value,
        "TokenValidityUnits": {
            "AccessToken": v.access.unit.as_str(),
            "IdToken": v.id.unit.as_str(),
            "RefreshToken": v.refresh.unit.as_str(),
        },
        "RefreshTokenRotation": {
            "Feature": if rotation.enabled { "ENABLED" } else { "DISABLED" },
            "RetryGracePeriodSeconds": rotation.retry_grace_period_seconds,
        },
        "EnableTokenRevocation": true,
        "PreventUserExistenceErrors": if c.prevent_user_existence_errors { "ENABLED" } else { "LEGACY" },
        "CreationDate": c.created,
        "LastModifiedDate": c.modified,
    });
    federation::oauth_json(&c.oauth, &mut out);
    out
}

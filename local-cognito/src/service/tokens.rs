//! The tokens the service hands out and checks (signing itself is `crate::tokens`): id, access
//! and refresh tokens after a sign-in, access tokens on the user's operations, refresh tokens on
//! REFRESH_TOKEN_AUTH, and their revocation (RevokeToken, global sign-out).

use serde_json::{Value, json};

use super::clock::now_secs;
use super::random::random_token;
use super::{Inner, ServiceConfig};
use crate::error::{ApiError, ApiResult};
use crate::store::User;

/// How long an access/id token lives, in seconds (Cognito's default: one hour).
const TOKEN_LIFETIME: i64 = 3600;

/// What a refresh token stands for; kept in memory only.
pub(super) struct RefreshRecord {
    pool_id: String,
    client_id: String,
    username: String,
    origin_jti: String,
    issued_at: i64,
}

impl Inner {
    /// Issues id + access (+ refresh) tokens: Cognito's AuthenticationResult. With `refresh`
    /// (REFRESH_TOKEN_AUTH), the new tokens keep that refresh token's `origin_jti` and no new
    /// refresh token is issued.
    pub(super) fn issue_tokens(
        &mut self,
        cfg: &ServiceConfig,
        pool_id: &str,
        client_id: &str,
        username: &str,
        refresh: Option<String>,
    ) -> ApiResult<Value> {
        let user = self.user(pool_id, username)?.clone();
        let now = now_secs();
        let origin_jti = match &refresh {
            Some(token) => self
                .refresh_tokens
                .get(token)
                .map(|r| r.origin_jti.clone())
                .unwrap_or_default(),
            None => uuid::Uuid::new_v4().to_string(),
        };
        let iss = format!("{}/{pool_id}", cfg.endpoint);
        let event_id = uuid::Uuid::new_v4().to_string();
        let access = json!({
            "sub": user.sub, "iss": iss, "client_id": client_id, "origin_jti": origin_jti,
            "event_id": event_id, "token_use": "access", "scope": "aws.cognito.signin.user.admin",
            "auth_time": now, "exp": now + TOKEN_LIFETIME, "iat": now,
            "jti": uuid::Uuid::new_v4().to_string(), "username": user.username,
        });
        let mut id = json!({
            "sub": user.sub, "iss": iss, "cognito:username": user.username, "origin_jti": origin_jti,
            "aud": client_id, "event_id": event_id, "token_use": "id", "auth_time": now,
            "exp": now + TOKEN_LIFETIME, "iat": now, "jti": uuid::Uuid::new_v4().to_string(),
        });
        for (name, value) in &user.attributes {
            if name != "sub" {
                id[name] = if value == "true" || value == "false" {
                    json!(value == "true")
                } else {
                    json!(value)
                };
            }
        }
        let mut result = json!({
            "AccessToken": self.signer.sign(&access).map_err(ApiError::internal)?,
            "IdToken": self.signer.sign(&id).map_err(ApiError::internal)?,
            "ExpiresIn": TOKEN_LIFETIME,
            "TokenType": "Bearer",
        });
        if refresh.is_none() {
            let token = random_token(256);
            self.refresh_tokens.insert(
                token.clone(),
                RefreshRecord {
                    pool_id: pool_id.into(),
                    client_id: client_id.into(),
                    username: username.into(),
                    origin_jti,
                    issued_at: now,
                },
            );
            result["RefreshToken"] = json!(token);
        }
        Ok(json!({ "AuthenticationResult": result, "ChallengeParameters": {} }))
    }

    /// Checks an access token as Cognito does: signature, use, expiry, revocation, sign-out.
    /// Pool id and username of its user.
    pub(super) fn authenticate(&self, token: &str) -> ApiResult<(String, String)> {
        let claims = self
            .signer
            .verify(token)
            .ok_or_else(ApiError::bad_access_token)?;
        if claims["token_use"] != "access" {
            return Err(ApiError::bad_access_token());
        }
        let now = now_secs();
        if claims["exp"].as_i64().is_none_or(|exp| exp <= now) {
            return Err(ApiError::not_authorized("Access Token has expired"));
        }
        if claims["origin_jti"]
            .as_str()
            .is_some_and(|o| self.revoked_origins.contains(o))
        {
            return Err(ApiError::not_authorized("Access Token has been revoked"));
        }
        let pool_id = claims["iss"]
            .as_str()
            .and_then(|i| i.rsplit('/').next())
            .unwrap_or_default()
            .to_owned();
        let username = claims["username"].as_str().unwrap_or_default().to_owned();
        let user = self
            .pool(&pool_id)
            .ok()
            .and_then(|p| p.users.get(&username))
            .ok_or_else(ApiError::user_not_found)?;
        if claims["iat"]
            .as_i64()
            .is_none_or(|iat| iat < user.tokens_valid_after)
        {
            return Err(ApiError::not_authorized("Access Token has been revoked"));
        }
        // A deleted user re-created under the same name is someone else (a new `sub`).
        if claims["sub"].as_str() != Some(user.sub.as_str()) {
            return Err(ApiError::not_authorized("Access Token has been revoked"));
        }
        Ok((pool_id, username))
    }

    /// The user an access token belongs to (after all of `authenticate`'s checks).
    pub(super) fn token_user(&self, token: &str) -> ApiResult<&User> {
        let (pool_id, username) = self.authenticate(token)?;
        self.user(&pool_id, &username)
    }

    pub(super) fn token_user_mut(&mut self, token: &str) -> ApiResult<&mut User> {
        let (pool_id, username) = self.authenticate(token)?;
        self.user_mut(&pool_id, &username)
    }

    /// Checks a refresh token presented by `client_id` for REFRESH_TOKEN_AUTH: known, not
    /// revoked, issued to that client and after the user's last global sign-out. Pool id and
    /// username of its user.
    pub(super) fn check_refresh_token(
        &self,
        token: &str,
        client_id: &str,
    ) -> ApiResult<(String, String)> {
        let record = self
            .refresh_tokens
            .get(token)
            .ok_or_else(|| ApiError::not_authorized("Invalid Refresh Token"))?;
        if self.revoked_origins.contains(&record.origin_jti) || record.client_id != client_id {
            return Err(ApiError::not_authorized("Refresh Token has been revoked"));
        }
        let user = self.user(&record.pool_id, &record.username)?;
        if record.issued_at < user.tokens_valid_after {
            return Err(ApiError::not_authorized("Refresh Token has been revoked"));
        }
        Ok((record.pool_id.clone(), record.username.clone()))
    }

    /// RevokeToken: the refresh token goes, and the access and id tokens issued with it stop
    /// working.
    pub(super) fn revoke_refresh_token(&mut self, token: &str, client_id: &str) -> ApiResult<()> {
        let Some(record) = self.refresh_tokens.get(token) else {
            return Err(ApiError::new(
                "UnsupportedTokenTypeException",
                "The token provided is not a refresh token.",
            ));
        };
        if record.client_id != client_id {
            return Err(ApiError::new(
                "UnauthorizedException",
                "Client is not authorized to revoke this token.",
            ));
        }
        let origin = record.origin_jti.clone();
        self.refresh_tokens.remove(token);
        self.revoked_origins.insert(origin);
        Ok(())
    }

    /// Global sign-out: every token the user holds stops working, and tokens issued afterwards
    /// work, even within the same second: earlier seconds by `iat`, this second's by the origins
    /// of the refresh tokens they came with (every sign-in issues one).
    pub(super) fn sign_out_everywhere(&mut self, pool_id: &str, username: &str) -> ApiResult<()> {
        self.user_mut(pool_id, username)?.tokens_valid_after = now_secs();
        let origins = self.forget_refresh_tokens(pool_id, username);
        self.revoked_origins.extend(origins);
        Ok(())
    }

    /// Drops a user's refresh tokens; the `origin_jti`s they were issued under.
    pub(super) fn forget_refresh_tokens(&mut self, pool_id: &str, username: &str) -> Vec<String> {
        let of_user = |r: &RefreshRecord| r.pool_id == pool_id && r.username == username;
        let origins = self
            .refresh_tokens
            .values()
            .filter(|r| of_user(r))
            .map(|r| r.origin_jti.clone())
            .collect();
        self.refresh_tokens.retain(|_, r| !of_user(r));
        origins
    }
}

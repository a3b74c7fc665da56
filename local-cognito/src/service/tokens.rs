//! The id and access tokens the service hands out and checks (signing itself is
//! `crate::tokens`): issued after a sign-in or a refresh, checked on the user's operations.
//! Refresh tokens, their families and their revocation are in `refresh`.

use serde_json::{Value, json};

use super::refresh::Family;
use super::{Inner, ServiceConfig};
use crate::error::{ApiError, ApiResult};
use crate::store::User;

/// How long the tokens issued to a client live, in seconds.
pub(super) struct Lifetimes {
    pub(super) access: i64,
    pub(super) id: i64,
    pub(super) refresh: i64,
}

/// Claims Cognito sets itself, which no attribute may overwrite (the pre token generation
/// trigger's list of claims it cannot change, developer guide: acr, amr, aud, at_hash,
/// auth_time, azp, cognito:username, exp, iat, identities, iss, jti, nbf, nonce, origin_jti, sub,
/// token_use; and `cognito:groups`, changed only through group overrides).
pub(crate) const RESERVED_CLAIMS: [&str; 20] = [
    "acr",
    "amr",
    "aud",
    "at_hash",
    "auth_time",
    "azp",
    "client_id",
    "cognito:groups",
    "cognito:username",
    "event_id",
    "exp",
    "iat",
    "identities",
    "iss",
    "jti",
    "nbf",
    "nonce",
    "origin_jti",
    "sub",
    "token_use",
];

/// Whether a user attribute goes into the id token: attributes of the pool's schema (a
/// `custom:` one only if the pool declares it), never a reserved claim.
fn copied_to_id_token(pool: &crate::store::Pool, name: &str) -> bool {
    !RESERVED_CLAIMS.contains(&name) && super::attributes::in_schema(pool, name) && name != "sub"
}

impl Inner {
    /// The lifetimes of tokens issued now to `client_id`: `/_local/token-ttl`'s where set, else
    /// the client's AccessTokenValidity, IdTokenValidity and RefreshTokenValidity.
    pub(super) fn lifetimes(&self, client_id: &str) -> Lifetimes {
        let v = self
            .client(client_id)
            .map(|c| c.token_validity)
            .unwrap_or_default();
        Lifetimes {
            access: self.token_ttl.access.unwrap_or(v.access.seconds()),
            id: self.token_ttl.access.unwrap_or(v.id.seconds()),
            refresh: self.token_ttl.refresh.unwrap_or(v.refresh.seconds()),
        }
    }

    /// Issues id + access tokens in `family` (Cognito's AuthenticationResult), and with
    /// `with_refresh` a new refresh token of the same family. Every token of a family carries
    /// its `origin_jti` and the `auth_time` of the sign-in that started it, so revoking the
    /// family voids them all.
    pub(super) fn issue_tokens(
        &mut self,
        cfg: &ServiceConfig,
        pool_id: &str,
        client_id: &str,
        username: &str,
        family: &Family,
        with_refresh: bool,
    ) -> ApiResult<Value> {
        let user = self.user(pool_id, username)?.clone();
        let lifetimes = self.lifetimes(client_id);
        let now = self.clock.now_secs();
        let iss = format!("{}/{pool_id}", cfg.endpoint);
        let event_id = uuid::Uuid::new_v4().to_string();
        let origin_jti = &family.origin_jti;
        let auth_time = family.auth_time;
        let mut access = json!({
            "sub": user.sub, "iss": iss, "client_id": client_id, "origin_jti": origin_jti,
            "event_id": event_id, "token_use": "access", "scope": "aws.cognito.signin.user.admin",
            "auth_time": auth_time, "exp": now.saturating_add(lifetimes.access), "iat": now,
            "jti": uuid::Uuid::new_v4().to_string(), "username": user.username,
        });
        let mut id = json!({
            "sub": user.sub, "iss": iss, "cognito:username": user.username, "origin_jti": origin_jti,
            "aud": client_id, "event_id": event_id, "token_use": "id", "auth_time": auth_time,
            "exp": now.saturating_add(lifetimes.id), "iat": now,
            "jti": uuid::Uuid::new_v4().to_string(),
        });
        // "Amazon Cognito adds the acr and amr claims to access tokens and ID tokens" (developer
        // guide, "Authentication levels with ACR and AMR claims"); a sign-in that proved nothing
        // the table knows (straight after ConfirmSignUp) gets neither.
        if let Some(level) = super::step_up::level(&family.amr) {
            for token in [&mut access, &mut id] {
                token["acr"] = json!(super::step_up::acr(level));
                token["amr"] = json!(family.amr);
            }
        }
        // The user's attributes go after the claims Cognito sets, and never over one of them:
        // only schema attributes (standard, `custom:*`, the `*_verified` flags) are copied, so
        // not even a state file with an odd attribute could name `aud` or `token_use`.
        let pool = self.pool(pool_id)?;
        for (name, value) in &user.attributes {
            if id.get(name).is_none() && copied_to_id_token(pool, name) {
                id[name] = if value == "true" || value == "false" {
                    json!(value == "true")
                } else {
                    json!(value)
                };
            }
        }
        let mut result = json!({
            "AccessToken": self.signer(pool_id)?.sign(&access).map_err(ApiError::internal)?,
            "IdToken": self.signer(pool_id)?.sign(&id).map_err(ApiError::internal)?,
            "ExpiresIn": lifetimes.access,
            "TokenType": "Bearer",
        });
        if with_refresh {
            result["RefreshToken"] =
                json!(self.new_refresh_token(pool_id, client_id, username, family));
        }
        self.note_session(pool_id, client_id, username, family, with_refresh);
        Ok(result)
    }

    /// Checks an access token as Cognito does: signature, use, expiry, revocation, sign-out.
    /// Pool id and username of its user. The messages are real ones: "Access Token has expired"
    /// (<https://github.com/aws-amplify/amplify-android/issues/2481>), "Access Token has been
    /// revoked" after GlobalSignOut or RevokeToken
    /// (<https://github.com/aws-amplify/amplify-js/issues/3540>,
    /// <https://github.com/aws/aws-sdk-java/issues/2449>).
    pub(super) fn authenticate(&self, token: &str) -> ApiResult<(String, String)> {
        self.authenticate_client(token)
            .map(|(pool_id, username, _)| (pool_id, username))
    }

    /// [`Self::authenticate`], and the app client the token was issued to (its `client_id`).
    pub(super) fn authenticate_client(&self, token: &str) -> ApiResult<(String, String, String)> {
        // The pool the token names (`iss`, unverified so far) must have signed it: a token of
        // another pool, or one naming a pool it was not signed by, is no token here.
        let named_pool = crate::tokens::unverified_claims(token)
            .and_then(|c| {
                c["iss"]
                    .as_str()
                    .and_then(|i| i.rsplit('/').next())
                    .map(str::to_owned)
            })
            .ok_or_else(ApiError::bad_access_token)?;
        let claims = self
            .signers
            .get(&named_pool)
            .and_then(|signer| signer.verify(token))
            .ok_or_else(ApiError::bad_access_token)?;
        if claims["token_use"] != "access" {
            return Err(ApiError::bad_access_token());
        }
        let now = self.clock.now_secs();
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
        let client_id = claims["client_id"].as_str().unwrap_or_default().to_owned();
        Ok((pool_id, username, client_id))
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
}

//! Refresh tokens: the families they belong to, checking one presented to REFRESH_TOKEN_AUTH or
//! GetTokensFromRefreshToken, rotation, and revocation (RevokeToken, global sign-out).
//!
//! A sign-in starts a *family*: its refresh token, every id and access token refreshed from it
//! and, with rotation, every refresh token that replaced it share one `origin_jti`, one expiry
//! and one device. Revoking any member voids the family.
//!
//! Answers, all NotAuthorizedException unless said otherwise, as real Cognito words them
//! (<https://github.com/aws-amplify/amplify-android/pull/3382> lists the three together):
//! - "Invalid Refresh Token." for a token that is unknown, garbled, another client's, or bound to
//!   a device the request does not name (<https://github.com/aws/aws-sdk-cpp/issues/1789>,
//!   <https://github.com/aws/aws-sdk-js-v3/issues/7162>,
//!   <https://repost.aws/knowledge-center/cognito-invalid-refresh-token-error>);
//! - "Refresh Token has been revoked" after RevokeToken or a global sign-out
//!   (<https://github.com/aws-amplify/amplify-swift/issues/3344>);
//! - "Refresh Token has expired" (<https://github.com/aws-amplify/amplify-swift/issues/3496>);
//! - RefreshTokenReuseException for a token rotation replaced, once its grace period is over
//!   (botocore's model: "thrown when your application requests token refresh with a refresh
//!   token that has been invalidated by refresh-token rotation").

use serde_json::{Value, json};

use super::clock::ms_after;
use super::random::random_token;
use super::wire::{opt_str, req_str};
use super::{Inner, Service, ServiceConfig};
use crate::error::{ApiError, ApiResult};
use crate::store::RefreshTokenRotation;

/// How long a refresh token is remembered after its family expired, so that presenting it reads
/// "has expired" rather than "Invalid"; then it goes (bounded memory).
const KEEP_EXPIRED_MS: i64 = 24 * 3600 * 1000;
/// Refresh tokens kept at most; beyond it the oldest is forgotten (its session then ends with
/// "Invalid Refresh Token."): a bound on memory, whatever a client does.
pub(super) const MAX_REFRESH_TOKENS: usize = 100_000;
/// The longest an access or id token can live (a day): a revoked family is remembered at least
/// this long past its last refresh token, so no token of it can come back.
const LONGEST_ACCESS_MS: i64 = 24 * 3600 * 1000;

/// The `origin_jti`s of revoked families, for their access and id tokens: each for a day (the
/// longest such a token lives), then forgotten; at most [`MAX_REFRESH_TOKENS`] (the soonest to
/// go first). The family's refresh tokens carry their own mark (`RefreshRecord::revoked`).
#[derive(Debug, Default)]
pub(super) struct RevokedOrigins(std::collections::HashMap<String, i64>);

impl RevokedOrigins {
    pub(super) fn revoke(&mut self, origin: String, now_ms: i64) {
        self.0.retain(|_, until| *until > now_ms);
        if self.0.len() >= MAX_REFRESH_TOKENS
            && let Some(first) = self
                .0
                .iter()
                .min_by_key(|(_, until)| **until)
                .map(|(o, _)| o.clone())
        {
            self.0.remove(&first);
        }
        self.0
            .insert(origin, now_ms.saturating_add(LONGEST_ACCESS_MS));
    }

    pub(super) fn contains(&self, origin: &str) -> bool {
        self.0.contains_key(origin)
    }

    pub(super) fn len(&self) -> usize {
        self.0.len()
    }
}

/// What every token of one sign-in shares, through refreshes and rotations.
#[derive(Debug, Clone)]
pub(super) struct Family {
    pub(super) origin_jti: String,
    /// When the user signed in (the tokens' `auth_time`).
    pub(super) auth_time: i64,
    /// When the family's refresh tokens stop working. Set at sign-in from the client's
    /// RefreshTokenValidity; rotation does not extend it: "RefreshTokenValidity ... represents the
    /// absolute time limit for your refresh token, measured from when the user initially
    /// authenticates ... doesn't extend the original expiration window"
    /// (<https://repost.aws/questions/QUzBxC3OvwTpiTymQWBYLDOg/rotated-refresh-token-validity>).
    pub(super) expires_at_ms: i64,
    /// The device the sign-in ran on, where the pool tracks devices: a refresh must name it, and
    /// it must have been confirmed (ConfirmDevice). See [`Inner::check_refresh_token`].
    pub(super) device_key: Option<String>,
    /// The factors the sign-in proved (the tokens' `amr`, their `acr` follows): refresh keeps
    /// them, as it keeps `auth_time` (developer guide, "Authentication levels with ACR and AMR
    /// claims").
    pub(super) amr: Vec<&'static str>,
}

/// A refresh token handed out; kept in memory only.
#[derive(Debug, Clone)]
pub(super) struct RefreshRecord {
    pub(super) pool_id: String,
    pub(super) client_id: String,
    pub(super) username: String,
    pub(super) family: Family,
    /// Unix seconds (a global sign-out voids tokens issued before it).
    issued_at: i64,
    /// Set when rotation replaced this token: presented from this time on, it is refused with
    /// RefreshTokenReuseException.
    retired_at_ms: Option<i64>,
    /// Its family was revoked (RevokeToken, a global sign-out).
    revoked: bool,
}

impl Service {
    /// GetTokensFromRefreshToken: new id and access tokens; where the client rotates refresh
    /// tokens, a new refresh token too, and the one presented stops working after the client's
    /// grace period. "If refresh token rotation is disabled, issues new ID and access tokens only"
    /// (botocore's model; <https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetTokensFromRefreshToken.html>).
    /// `ClientSecret` is not checked (the stand-in has public clients only); `ClientMetadata`
    /// feeds Lambda triggers, of which it has none.
    pub(super) fn get_tokens_from_refresh_token(&self, body: &Value) -> ApiResult<Value> {
        let token = req_str(body, "RefreshToken")?;
        let client_id = req_str(body, "ClientId")?;
        let device_key = opt_str(body, "DeviceKey");
        let mut inner = self.lock();
        let rotation = inner.client(client_id)?.refresh_token_rotation;
        let record = inner.check_refresh_token(token, client_id, device_key)?;
        let result = if rotation.enabled {
            inner.rotate(&self.cfg, token, &record, rotation)?
        } else {
            inner.refreshed_tokens(&self.cfg, &record, false)?
        };
        Ok(json!({ "AuthenticationResult": result }))
    }
}

impl Inner {
    /// A new family for a sign-in through `client_id` just completed on `device_key` (if the
    /// pool tracks devices), expiring after the client's refresh-token lifetime.
    pub(super) fn start_family(
        &self,
        client_id: &str,
        device_key: Option<String>,
        amr: Vec<&'static str>,
    ) -> Family {
        Family {
            amr,
            origin_jti: uuid::Uuid::new_v4().to_string(),
            auth_time: self.clock.now_secs(),
            expires_at_ms: ms_after(self.clock.now_ms(), self.lifetimes(client_id).refresh),
            device_key,
        }
    }

    /// Mints a refresh token of `family`. Tokens whose family expired a day ago are dropped
    /// first (bounded memory).
    pub(super) fn new_refresh_token(
        &mut self,
        pool_id: &str,
        client_id: &str,
        username: &str,
        family: &Family,
    ) -> String {
        let now = self.clock.now_ms();
        self.refresh_tokens
            .retain(|_, r| r.family.expires_at_ms.saturating_add(KEEP_EXPIRED_MS) > now);
        // At the bound, this user's oldest token goes (one account's sign-ins never sign
        // anyone else out), or, for a user with none, the oldest of all.
        if self.refresh_tokens.len() >= MAX_REFRESH_TOKENS {
            let own = |r: &RefreshRecord| r.pool_id == pool_id && r.username == username;
            let has_own = self.refresh_tokens.values().any(own);
            if let Some(oldest) = self
                .refresh_tokens
                .iter()
                .filter(|(_, r)| !has_own || own(r))
                .min_by_key(|(_, r)| r.issued_at)
                .map(|(t, _)| t.clone())
            {
                self.refresh_tokens.remove(&oldest);
            }
        }
        let token = random_token(256);
        self.refresh_tokens.insert(
            token.clone(),
            RefreshRecord {
                pool_id: pool_id.into(),
                client_id: client_id.into(),
                username: username.into(),
                family: family.clone(),
                issued_at: self.clock.now_secs(),
                retired_at_ms: None,
                revoked: false,
            },
        );
        token
    }

    /// New id and access tokens (and with `with_refresh` a refresh token) in a checked refresh
    /// token's family.
    pub(super) fn refreshed_tokens(
        &mut self,
        cfg: &ServiceConfig,
        record: &RefreshRecord,
        with_refresh: bool,
    ) -> ApiResult<Value> {
        self.issue_tokens(
            cfg,
            &record.pool_id,
            &record.client_id,
            &record.username,
            &record.family,
            with_refresh,
        )
    }

    /// Rotation: a new refresh token in the same family (same expiry, same device), and the one
    /// presented retired once the grace period is over. "When RetryGracePeriodSeconds is 0, the
    /// grace period is disabled and a successful request immediately invalidates the submitted
    /// refresh token" (<https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RefreshTokenRotationType.html>).
    /// A retry within the grace period succeeds ("can remain valid ... This allows for
    /// client-side retries"), and gets yet another new token: whether Cognito hands out the same
    /// one again is not documented, so this is an assumption. The grace period runs from the
    /// first rotation; retries do not extend it.
    fn rotate(
        &mut self,
        cfg: &ServiceConfig,
        token: &str,
        record: &RefreshRecord,
        rotation: RefreshTokenRotation,
    ) -> ApiResult<Value> {
        let result = self.refreshed_tokens(cfg, record, true)?;
        if let Some(old) = self.refresh_tokens.get_mut(token) {
            old.retired_at_ms.get_or_insert(ms_after(
                self.clock.now_ms(),
                rotation.retry_grace_period_seconds,
            ));
        }
        Ok(result)
    }

    /// Checks a refresh token `client_id` presents (naming `device_key`, if any): known and that
    /// client's, on the device its family is bound to, not revoked, not expired, not retired by
    /// rotation. A copy of its record.
    pub(super) fn check_refresh_token(
        &self,
        token: &str,
        client_id: &str,
        device_key: Option<&str>,
    ) -> ApiResult<RefreshRecord> {
        let invalid = || ApiError::not_authorized("Invalid Refresh Token.");
        let record = self.refresh_tokens.get(token).ok_or_else(invalid)?;
        // "You're using a different app client ID than the one that issued the refresh token."
        // (https://repost.aws/knowledge-center/cognito-invalid-refresh-token-error)
        if record.client_id != client_id {
            return Err(invalid());
        }
        let user = self
            .user(&record.pool_id, &record.username)
            .map_err(|_| invalid())?;
        // Device tracking: "If the device key doesn't pass as one of the AuthParameters, then you
        // receive the Invalid Refresh Token error"; so does a device never confirmed with
        // ConfirmDevice (same Knowledge Center page). A device forgotten since is taken to count
        // as unconfirmed (an assumption).
        if let Some(bound) = &record.family.device_key {
            let confirmed = user
                .devices
                .iter()
                .any(|d| d.key == *bound && d.confirmed());
            if device_key != Some(bound.as_str()) || !confirmed {
                return Err(invalid());
            }
        }
        if record.revoked
            || self.revoked_origins.contains(&record.family.origin_jti)
            || record.issued_at < user.tokens_valid_after
        {
            return Err(ApiError::not_authorized("Refresh Token has been revoked"));
        }
        let now = self.clock.now_ms();
        if now >= record.family.expires_at_ms {
            return Err(ApiError::not_authorized("Refresh Token has expired"));
        }
        if record.retired_at_ms.is_some_and(|at| now >= at) {
            return Err(ApiError::refresh_token_reused());
        }
        Ok(record.clone())
    }

    /// RevokeToken: "Revokes all of the access tokens generated by, and at the same time as, the
    /// specified refresh token" (<https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RevokeToken.html>).
    /// Here the refresh token's whole family goes, so revoking the newest rotated token also voids
    /// the access tokens issued before the rotation. The token stays known, so presenting it
    /// again reads "has been revoked".
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
        let origin = record.family.origin_jti.clone();
        self.revoke_family(&origin);
        Ok(())
    }

    /// Global sign-out: every token the user holds stops working, and tokens issued afterwards
    /// work, even within the same second: earlier seconds by `iat`, this second's by the origins
    /// of the families they belong to (every sign-in starts one).
    pub(super) fn sign_out_everywhere(&mut self, pool_id: &str, username: &str) -> ApiResult<()> {
        self.user_mut(pool_id, username)?.tokens_valid_after = self.clock.now_secs();
        let families: Vec<String> = self
            .refresh_tokens
            .values()
            .filter(|r| r.pool_id == pool_id && r.username == username)
            .map(|r| r.family.origin_jti.clone())
            .collect();
        for origin in families {
            self.revoke_family(&origin);
        }
        Ok(())
    }

    /// Revokes a family: its refresh tokens (marked), and its access and id tokens (by origin,
    /// for as long as one of them could live).
    pub(super) fn revoke_family(&mut self, origin: &str) {
        self.end_session(origin);
        for record in self
            .refresh_tokens
            .values_mut()
            .filter(|r| r.family.origin_jti == origin)
        {
            record.revoked = true;
        }
        let now = self.clock.now_ms();
        self.revoked_origins.revoke(origin.to_owned(), now);
    }

    /// Drops a user's refresh tokens (the user is deleted) and revokes their families, so no
    /// access token of theirs works either.
    pub(super) fn forget_refresh_tokens(&mut self, pool_id: &str, username: &str) {
        let of_user = |r: &RefreshRecord| r.pool_id == pool_id && r.username == username;
        let families: Vec<String> = self
            .refresh_tokens
            .values()
            .filter(|r| of_user(r))
            .map(|r| r.family.origin_jti.clone())
            .collect();
        self.refresh_tokens.retain(|_, r| !of_user(r));
        let now = self.clock.now_ms();
        for origin in families {
            self.end_session(&origin);
            self.revoked_origins.revoke(origin, now);
        }
    }
}

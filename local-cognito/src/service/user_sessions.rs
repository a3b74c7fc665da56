//! Where a user is signed in: token sessions (one per sign-in, as a refresh-token family), where
//! the pool tracks them (SetUserPoolSessionConfiguration). ListUserSessions and RevokeUserSession
//! with the user's access token; GetUserPoolSessionConfiguration for the admin side.
//!
//! Sources (the API reference and the developer guide, "Managing user sessions"; no SDK model the
//! stand-in could read has these operations yet):
//! - "Session tracking is an opt-in feature that you turn on at the user pool level", default
//!   `UserSessionTracking` DISABLED and `MaxPerUser` 20;
//! - ListUserSessions "returns all of the user's active sessions across every app client",
//!   `IsCurrentSession` marks "the session that the calling access token belongs to";
//!   `SessionDescriptionType`: ClientId, CreateDate, DeviceType ("derived from the parsed user
//!   agent (operating system and browser or app) … overwritten on each sign-in, refresh, and
//!   rotation. The value can be unknown"), IsCurrentSession, LastActiveDate ("for a token session,
//!   the most recent token refresh or rotation; a new authentication creates a new token session");
//! - RevokeUserSession "revokes all refresh and access tokens that are associated with the
//!   session, and deletes the session record. You can't revoke the session that the calling
//!   access token belongs to".
//!
//! - at `MaxPerUser` the next sign-in evicts the user's least recently used token session (it is
//!   not refused); a lowered limit applies from the user's next sign-in.
//!
//! Assumed (no public capture): the errors' names and words (see each), `SessionId` as a member
//! and its format, and the DeviceType wording ("Chrome on Linux").

use std::cell::RefCell;
use std::collections::HashMap;

use serde_json::{Value, json};

use super::refresh::Family;
use super::wire::{opt_str, req_str};
use super::{Inner, Service};
use crate::error::{ApiError, ApiResult};

/// `MaxPerUser` when the pool does not set it (the API reference's default).
pub const DEFAULT_MAX_PER_USER: u32 = 20;

thread_local! {
    /// The calling browser's or SDK's User-Agent, for the one request this thread is running
    /// (set by [`Service::call_as`]).
    static USER_AGENT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// One tracked token session.
#[derive(Debug, Clone)]
pub(super) struct UserSession {
    pub(super) session_id: String,
    pub(super) pool_id: String,
    pub(super) username: String,
    pub(super) client_id: String,
    pub(super) created: f64,
    pub(super) last_active: f64,
    pub(super) device_type: String,
    /// When its refresh tokens stop working: the session ends then.
    pub(super) expires_at_ms: i64,
}

/// "Chrome on Linux": the browser (or app) and operating system a User-Agent names, `unknown`
/// for anything else. Cognito's own wording is not public; the shape follows the API reference's
/// description ("operating system and browser or app").
pub(crate) fn device_type(user_agent: Option<&str>) -> String {
    let Some(ua) = user_agent else {
        return "unknown".into();
    };
    let browser = [
        ("Edg/", "Edge"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
        ("aws-sdk-js", "AWS SDK for JavaScript"),
        ("Boto3/", "Boto3"),
        ("aws-amplify", "Amplify"),
    ]
    .into_iter()
    .find(|(mark, _)| ua.contains(mark))
    .map(|(_, name)| name);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(mark, _)| ua.contains(mark))
    .map(|(_, name)| name);
    match (browser, system) {
        (Some(b), Some(s)) => format!("{b} on {s}"),
        (Some(b), None) => b.into(),
        (None, Some(s)) => s.into(),
        (None, None) => "unknown".into(),
    }
}

impl Service {
    /// [`Service::call`] on behalf of a caller whose User-Agent is `user_agent` (sessions record
    /// it as their DeviceType).
    pub fn call_as(
        &self,
        operation: &str,
        body: &Value,
        user_agent: Option<&str>,
    ) -> ApiResult<Value> {
        /// Clears the caller's User-Agent however the call ends, so no later request on this
        /// thread is taken for this caller.
        struct Caller;
        impl Drop for Caller {
            fn drop(&mut self) {
                USER_AGENT.with(|ua| *ua.borrow_mut() = None);
            }
        }
        USER_AGENT.with(|ua| *ua.borrow_mut() = user_agent.map(str::to_owned));
        let _caller = Caller;
        self.call(operation, body)
    }

    /// ListUserSessions: the user's active sessions, the caller's own marked, most recently
    /// active first. Where the pool does not track sessions, InvalidParameterException (assumed:
    /// the API reference names no error for it).
    pub(super) fn list_user_sessions(&self, body: &Value) -> ApiResult<Value> {
        let token = req_str(body, "AccessToken")?;
        let mut inner = self.lock();
        let (pool_id, username) = inner.authenticate(token)?;
        tracked(&inner, &pool_id)?;
        inner.drop_ended_sessions();
        let current = origin_of(token);
        let mut sessions: Vec<(&String, &UserSession)> = inner
            .user_sessions
            .iter()
            .filter(|(_, s)| s.pool_id == pool_id && s.username == username)
            .collect();
        sessions.sort_by(|a, b| b.1.last_active.total_cmp(&a.1.last_active));
        let listed: Vec<Value> = sessions
            .into_iter()
            .map(|(origin, s)| {
                json!({
                    "SessionId": s.session_id, "ClientId": s.client_id, "CreateDate": s.created,
                    "LastActiveDate": s.last_active, "DeviceType": s.device_type,
                    "IsCurrentSession": current.as_deref() == Some(origin.as_str()),
                })
            })
            .collect();
        Ok(json!({ "Sessions": listed }))
    }

    /// RevokeUserSession: ends one of the user's other sessions (its refresh and access tokens
    /// stop working). Its own session: InvalidParameterException; an unknown or ended one:
    /// ResourceNotFoundException (both assumed).
    pub(super) fn revoke_user_session(&self, body: &Value) -> ApiResult<Value> {
        let token = req_str(body, "AccessToken")?;
        let session_id = req_str(body, "SessionId")?;
        let mut inner = self.lock();
        let (pool_id, username) = inner.authenticate(token)?;
        tracked(&inner, &pool_id)?;
        inner.drop_ended_sessions();
        let origin = inner
            .user_sessions
            .iter()
            .find(|(_, s)| {
                s.session_id == session_id && s.pool_id == pool_id && s.username == username
            })
            .map(|(origin, _)| origin.clone())
            .ok_or_else(|| ApiError::new("ResourceNotFoundException", "Session not found."))?;
        if origin_of(token).as_deref() == Some(origin.as_str()) {
            return Err(ApiError::invalid_parameter(
                "You can't revoke the session that the calling access token belongs to.",
            ));
        }
        inner.revoke_family(&origin);
        Ok(json!({}))
    }

    /// SetUserPoolSessionConfiguration: `UserSessionTracking` ENABLED or DISABLED, `MaxPerUser`
    /// (1–100 assumed; the API reference gives the default, 20). Turning tracking off forgets
    /// the records (tokens keep working).
    pub(super) fn set_user_pool_session_configuration(&self, body: &Value) -> ApiResult<Value> {
        let tracking = match opt_str(body, "UserSessionTracking") {
            None => None,
            Some("ENABLED") => Some(true),
            Some("DISABLED") => Some(false),
            Some(other) => {
                return Err(ApiError::invalid_parameter(format!(
                    "1 validation error detected: Value '{other}' at 'userSessionTracking' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]"
                )));
            }
        };
        let max = match body.get("MaxPerUser") {
            None | Some(Value::Null) => None,
            Some(v) => Some(
                v.as_u64()
                    .and_then(|n| u32::try_from(n).ok())
                    .filter(|n| (1..=100).contains(n))
                    .ok_or_else(|| {
                        ApiError::invalid_parameter("MaxPerUser must be between 1 and 100")
                    })?,
            ),
        };
        let mut inner = self.lock();
        let pool_id = req_str(body, "UserPoolId")?.to_owned();
        let pool = inner.pool_mut(&pool_id)?;
        if let Some(t) = tracking {
            pool.session_tracking = t;
        }
        if let Some(m) = max {
            pool.max_sessions_per_user = m;
        }
        let out = session_configuration(pool);
        if !inner.pool(&pool_id)?.session_tracking {
            inner.user_sessions.retain(|_, s| s.pool_id != pool_id);
        }
        Ok(out)
    }

    pub(super) fn get_user_pool_session_configuration(&self, body: &Value) -> ApiResult<Value> {
        let inner = self.lock();
        Ok(session_configuration(
            inner.pool(req_str(body, "UserPoolId")?)?,
        ))
    }
}

fn session_configuration(pool: &crate::store::Pool) -> Value {
    json!({
        "UserPoolId": pool.id,
        "UserSessionTracking": if pool.session_tracking { "ENABLED" } else { "DISABLED" },
        "MaxPerUser": pool.max_sessions_per_user,
    })
}

/// The pool tracks sessions, else the user operations are refused.
fn tracked(inner: &Inner, pool_id: &str) -> ApiResult<()> {
    if inner.pool(pool_id)?.session_tracking {
        Ok(())
    } else {
        Err(ApiError::invalid_parameter(
            "Session tracking is not enabled for this user pool.",
        ))
    }
}

/// The family (`origin_jti`) an access token belongs to.
fn origin_of(token: &str) -> Option<String> {
    crate::tokens::unverified_claims(token)
        .and_then(|c| c["origin_jti"].as_str().map(str::to_owned))
}

impl Inner {
    /// After tokens were issued in `family`: a new session at sign-in (`new_sign_in`), or the
    /// existing one marked active now from this caller, where the pool tracks sessions. A
    /// sign-in past the pool's `MaxPerUser` ends the user's least recently active session.
    pub(super) fn note_session(
        &mut self,
        pool_id: &str,
        client_id: &str,
        username: &str,
        family: &Family,
        new_sign_in: bool,
    ) {
        let Ok(pool) = self.pool(pool_id) else {
            return;
        };
        if !pool.session_tracking {
            return;
        }
        let max = pool.max_sessions_per_user.max(1) as usize;
        let now = self.clock.now_f64();
        let device = USER_AGENT.with(|ua| device_type(ua.borrow().as_deref()));
        if let Some(session) = self.user_sessions.get_mut(&family.origin_jti) {
            session.last_active = now;
            session.device_type = device;
            return;
        }
        if !new_sign_in {
            return;
        }
        self.drop_ended_sessions();
        let of_user: Vec<(String, f64)> = self
            .user_sessions
            .iter()
            .filter(|(_, s)| s.pool_id == pool_id && s.username == username)
            .map(|(origin, s)| (origin.clone(), s.last_active))
            .collect();
        // Down to one below the limit (a lowered limit takes effect at the next sign-in), the
        // least recently active first.
        let mut of_user = of_user;
        of_user.sort_by(|a, b| a.1.total_cmp(&b.1));
        let over = (of_user.len() + 1).saturating_sub(max);
        for (origin, _) in of_user.into_iter().take(over) {
            self.revoke_family(&origin);
        }
        self.user_sessions.insert(
            family.origin_jti.clone(),
            UserSession {
                session_id: uuid::Uuid::new_v4().to_string(),
                pool_id: pool_id.into(),
                username: username.into(),
                client_id: client_id.into(),
                created: now,
                last_active: now,
                device_type: device,
                expires_at_ms: family.expires_at_ms,
            },
        );
    }

    /// Sessions whose refresh tokens expired are over.
    fn drop_ended_sessions(&mut self) {
        let now = self.clock.now_ms();
        self.user_sessions.retain(|_, s| s.expires_at_ms > now);
    }

    /// A revoked family's session is gone (RevokeToken, a global sign-out, RevokeUserSession).
    pub(super) fn end_session(&mut self, origin: &str) {
        self.user_sessions.remove(origin);
    }
}

/// Sessions by their family's `origin_jti`.
pub(super) type UserSessions = HashMap<String, UserSession>;

#[cfg(test)]
mod tests {
    use super::device_type;

    #[test]
    fn the_device_is_named_from_the_user_agent() {
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
        assert_eq!(device_type(Some(chrome)), "Chrome on Linux");
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
        assert_eq!(device_type(Some(iphone)), "Safari on iOS");
        assert_eq!(device_type(Some("curl/8.0")), "unknown");
        assert_eq!(device_type(None), "unknown");
    }
}

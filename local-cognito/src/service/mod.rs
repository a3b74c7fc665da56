//! The Cognito operations over an in-memory store. One lock, no awaits while holding it.

mod admin;
mod auth;
pub mod lockout;
mod user;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Mutex, MutexGuard};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use num_bigint::BigUint;
use serde_json::{Value, json};

use crate::error::{ApiError, ApiResult};
use crate::store::{Pool, Store, User};
use crate::tokens::Signer;
pub use lockout::LockoutConfig;

/// How long an access/id token lives, in seconds (Cognito's default: one hour).
const TOKEN_LIFETIME: i64 = 3600;
/// Wrong codes allowed in one sign-in session before it is thrown away; the next answer on it
/// reads "Invalid session for the user.". The public evidence conflicts here (one real-pool test
/// saw six CodeMismatchExceptions in one EMAIL_OTP session); the per-user MFA lockout after five
/// (<https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html>) is
/// modelled in `lockout`.
const MAX_CODE_ATTEMPTS: u32 = 5;
/// The shortest and longest session / code lifetime accepted, in seconds; anything outside is
/// clamped (so `ttl * 1000` and `now + ttl` can never overflow).
pub const MIN_TTL_SECS: i64 = 1;
pub const MAX_TTL_SECS: i64 = 24 * 3600;
/// Delivered codes are kept this long for `/_local/codes`, and at most this many.
const DELIVERY_KEEP_SECS: i64 = 24 * 3600;
const MAX_DELIVERIES: usize = 1000;

/// A lifetime in seconds, clamped to `MIN_TTL_SECS..=MAX_TTL_SECS`.
pub fn clamp_ttl(seconds: i64) -> i64 {
    seconds.clamp(MIN_TTL_SECS, MAX_TTL_SECS)
}

#[derive(Debug, Clone)]
pub struct ServiceConfig {
    /// Seconds a sign-in session (and an SRP exchange) stays valid: Cognito's is 3 minutes.
    /// Clamped to 1 s .. 1 day.
    pub session_ttl: i64,
    /// Seconds an SMS / email sign-in code stays valid; `None`: as long as the session, as in
    /// Cognito, where AuthSessionValidity is also "the validity duration … for SMS and email MFA
    /// codes" (<https://docs.aws.amazon.com/cognito/latest/developerguide/authentication.html>).
    /// Shorter than the session, an expired code reads ExpiredCodeException.
    pub code_ttl: Option<i64>,
    /// How long password and MFA lockouts last.
    pub lockout: LockoutConfig,
    /// The public base URL, without a trailing slash; tokens' `iss` is `{endpoint}/{poolId}`.
    pub endpoint: String,
    /// Where to persist pools and users, if anywhere.
    pub state_path: Option<PathBuf>,
    /// Print delivered codes (SMS, email) to the terminal.
    pub print_codes: bool,
}

impl Default for ServiceConfig {
    fn default() -> Self {
        Self {
            session_ttl: 180,
            code_ttl: None,
            lockout: LockoutConfig::default(),
            endpoint: "http://127.0.0.1:9229".into(),
            state_path: None,
            print_codes: true,
        }
    }
}

/// A code "sent" by SMS or email, kept so tests and `local-cognito codes` can read it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Delivery {
    pub pool_id: String,
    pub username: String,
    pub destination: String,
    pub medium: &'static str,
    pub purpose: &'static str,
    pub code: String,
    pub at: i64,
}

pub struct Service {
    cfg: ServiceConfig,
    /// The session lifetime in force; `/_local/session-ttl` changes it while running (tests).
    session_ttl: AtomicI64,
    /// The SMS / email code lifetime in force; 0: the session's.
    code_ttl: AtomicI64,
    inner: Mutex<Inner>,
}

/// What the service holds in memory besides the store, for tests of its bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryStats {
    pub sessions: usize,
    pub srp_exchanges: usize,
    pub deliveries: usize,
    pub password_counters: usize,
    pub mfa_counters: usize,
}

struct Inner {
    store: Store,
    signer: Signer,
    /// Sign-in sessions by their opaque token.
    sessions: HashMap<String, AuthSession>,
    /// SRP exchanges waiting for PASSWORD_VERIFIER, by SECRET_BLOCK.
    srp: HashMap<String, SrpPending>,
    refresh_tokens: HashMap<String, RefreshRecord>,
    /// `origin_jti`s of revoked refresh tokens: their access and id tokens are void too.
    revoked_origins: HashSet<String>,
    deliveries: Vec<Delivery>,
    lockout: LockoutConfig,
    /// Failed passwords by pool and sign-in name (known or not, so lockouts reveal nothing).
    password_failures: lockout::Tracker,
    /// Failed MFA codes by pool and user, across sessions.
    mfa_failures: lockout::Tracker,
}

#[derive(Debug, Clone)]
struct AuthSession {
    who: SignIn,
    step: Step,
    expires_at_ms: i64,
    failed_attempts: u32,
}

/// Who is signing in, carried from step to step.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SignIn {
    pool_id: String,
    client_id: String,
    username: String,
    /// The remembered device the client named (DEVICE_KEY), if any.
    device_key: Option<String>,
}

/// An SMS / email code sent for a sign-in challenge, and when it stops being accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SentCode {
    code: String,
    expires_at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    /// SOFTWARE_TOKEN_MFA, SMS_MFA or EMAIL_OTP; the code for the last two.
    Code {
        challenge: &'static str,
        code: Option<SentCode>,
    },
    MfaSetup,
    /// AssociateSoftwareToken answered; VerifySoftwareToken next.
    MfaSetupAssociated,
    /// VerifySoftwareToken succeeded; RespondToAuthChallenge(MFA_SETUP) next.
    MfaSetupVerified,
    SelectMfaType(Vec<&'static str>),
    NewPassword,
    /// A remembered device proves itself with its own SRP verifier instead of MFA.
    DeviceSrp,
    DevicePasswordVerifier(Box<SrpExchange>),
}

/// The server's side of one SRP exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SrpExchange {
    b: BigUint,
    b_pub: BigUint,
    a_pub: BigUint,
    secret_block: String,
}

impl Step {
    fn challenge_name(&self) -> &'static str {
        match self {
            Step::Code { challenge, .. } => challenge,
            Step::MfaSetup | Step::MfaSetupAssociated | Step::MfaSetupVerified => "MFA_SETUP",
            Step::SelectMfaType(_) => "SELECT_MFA_TYPE",
            Step::NewPassword => "NEW_PASSWORD_REQUIRED",
            Step::DeviceSrp => "DEVICE_SRP_AUTH",
            Step::DevicePasswordVerifier(_) => "DEVICE_PASSWORD_VERIFIER",
        }
    }
}

struct SrpPending {
    /// `None` for an unknown user: Cognito answers with a decoy challenge rather than reveal it.
    who: Option<SignIn>,
    /// What failed passwords are counted under (also for an unknown user).
    lock_key: String,
    client_id: String,
    exchange: SrpExchange,
    expires_at_ms: i64,
}

struct RefreshRecord {
    pool_id: String,
    client_id: String,
    username: String,
    origin_jti: String,
    issued_at: i64,
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

/// `now + seconds`, in milliseconds, never overflowing.
fn ms_after(now_ms: i64, seconds: i64) -> i64 {
    now_ms.saturating_add(seconds.saturating_mul(1000))
}

fn now_secs() -> i64 {
    now_ms() / 1000
}

fn now_f64() -> f64 {
    now_ms() as f64 / 1000.0
}

pub(crate) fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    // The OS RNG failing is not recoverable for a security service.
    getrandom::fill(&mut b).unwrap_or_else(|e| panic!("OS random number generator failed: {e}"));
    b
}

fn random_token(bytes: usize) -> String {
    let raw: Vec<u8> = (0..bytes.div_ceil(32))
        .flat_map(|_| random_bytes::<32>())
        .take(bytes)
        .collect();
    B64URL.encode(raw)
}

fn random_digits(n: usize) -> String {
    random_bytes::<16>()
        .iter()
        .take(n)
        .map(|b| char::from(b'0' + b % 10))
        .collect()
}

impl Service {
    pub fn new(cfg: ServiceConfig, store: Store) -> Result<Self, String> {
        let mut store = store;
        let signer = match &store.signing_key {
            Some(der) => Signer::from_der_b64(der)?,
            None => {
                let signer = Signer::generate()?;
                store.signing_key = Some(signer.to_der_b64()?);
                signer
            }
        };
        let inner = Inner {
            store,
            signer,
            sessions: HashMap::new(),
            srp: HashMap::new(),
            refresh_tokens: HashMap::new(),
            revoked_origins: HashSet::new(),
            deliveries: Vec::new(),
            lockout: cfg.lockout.clamped(),
            password_failures: lockout::Tracker::default(),
            mfa_failures: lockout::Tracker::default(),
        };
        let service = Self {
            session_ttl: AtomicI64::new(clamp_ttl(cfg.session_ttl)),
            code_ttl: AtomicI64::new(cfg.code_ttl.map_or(0, clamp_ttl)),
            cfg,
            inner: Mutex::new(inner),
        };
        service.persist();
        Ok(service)
    }

    pub fn config(&self) -> &ServiceConfig {
        &self.cfg
    }

    pub fn session_ttl(&self) -> i64 {
        self.session_ttl.load(Ordering::Relaxed)
    }

    /// Changes how long new sign-in sessions live, e.g. to test expiry in a running instance.
    /// Clamped to 1 s .. 1 day.
    pub fn set_session_ttl(&self, seconds: i64) {
        self.session_ttl
            .store(clamp_ttl(seconds), Ordering::Relaxed);
    }

    /// Seconds an SMS / email sign-in code sent from now on stays valid, if set apart from the
    /// session lifetime.
    pub fn code_ttl(&self) -> Option<i64> {
        match self.code_ttl.load(Ordering::Relaxed) {
            0 => None,
            n => Some(n),
        }
    }

    /// Sets the SMS / email code lifetime (clamped to 1 s .. 1 day), or `None` to follow the
    /// session lifetime again.
    pub fn set_code_ttl(&self, seconds: Option<i64>) {
        self.code_ttl
            .store(seconds.map_or(0, clamp_ttl), Ordering::Relaxed);
    }

    /// The lifetime of an SMS / email code sent now.
    fn effective_code_ttl(&self) -> i64 {
        self.code_ttl().unwrap_or_else(|| self.session_ttl())
    }

    /// The lockout durations in force.
    pub fn lockout(&self) -> LockoutConfig {
        self.lock().lockout
    }

    /// Changes the lockout durations (clamped: 1 ms .. 1 day, max ≥ base); counters are kept.
    pub fn set_lockout(&self, cfg: LockoutConfig) -> LockoutConfig {
        let mut inner = self.lock();
        inner.lockout = cfg.clamped();
        inner.lockout
    }

    /// Forgets every failed-password and failed-code counter, lifting every lockout.
    pub fn reset_lockouts(&self) {
        let mut inner = self.lock();
        inner.password_failures.clear();
        inner.mfa_failures.clear();
    }

    /// Sizes of what lives in memory only (tests check it stays bounded).
    pub fn memory_stats(&self) -> MemoryStats {
        let inner = self.lock();
        MemoryStats {
            sessions: inner.sessions.len(),
            srp_exchanges: inner.srp.len(),
            deliveries: inner.deliveries.len(),
            password_counters: inner.password_failures.len(),
            mfa_counters: inner.mfa_failures.len(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves data we still want to serve.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Writes the state file while holding the lock, so writers take turns and the newest
    /// state is always the last one written.
    fn persist(&self) {
        if let Some(path) = &self.cfg.state_path {
            let inner = self.lock();
            if let Err(e) = inner.store.save(path) {
                eprintln!("[local-cognito] could not write {}: {e}", path.display());
            }
        }
    }

    /// Runs one operation by its `X-Amz-Target` name.
    pub fn call(&self, operation: &str, body: &Value) -> ApiResult<Value> {
        if !body.is_object() {
            return Err(ApiError::new(
                "SerializationException",
                "Start of structure or map found where not expected.",
            ));
        }
        let (result, mutates) = match operation {
            "InitiateAuth" => (self.initiate_auth(body), true),
            "RespondToAuthChallenge" => (self.respond_to_auth_challenge(body), true),
            "AssociateSoftwareToken" => (self.associate_software_token(body), true),
            "VerifySoftwareToken" => (self.verify_software_token(body), true),
            "SetUserMFAPreference" => (self.set_user_mfa_preference(body), true),
            "GetUser" => (self.get_user(body), false),
            "GlobalSignOut" => (self.global_sign_out(body), true),
            "RevokeToken" => (self.revoke_token(body), true),
            "ChangePassword" => (self.change_password(body), true),
            "SignUp" => (self.sign_up(body), true),
            "ConfirmSignUp" => (self.confirm_sign_up(body), true),
            "ResendConfirmationCode" => (self.resend_confirmation_code(body), true),
            "ConfirmDevice" => (self.confirm_device(body), true),
            "UpdateDeviceStatus" => (self.update_device_status(body), true),
            "ListDevices" => (self.list_devices(body), false),
            "GetDevice" => (self.get_device(body), false),
            "ForgetDevice" => (self.forget_device(body), true),
            "ForgotPassword" => (self.forgot_password(body), true),
            "ConfirmForgotPassword" => (self.confirm_forgot_password(body), true),
            "CreateUserPool" => (self.create_user_pool(body), true),
            "DescribeUserPool" => (self.describe_user_pool(body), false),
            "SetUserPoolMfaConfig" => (self.set_user_pool_mfa_config(body), true),
            "GetUserPoolMfaConfig" => (self.get_user_pool_mfa_config(body), false),
            "CreateUserPoolClient" => (self.create_user_pool_client(body), true),
            "AdminCreateUser" => (self.admin_create_user(body), true),
            "AdminSetUserPassword" => (self.admin_set_user_password(body), true),
            "AdminGetUser" => (self.admin_get_user(body), false),
            "AdminSetUserMFAPreference" => (self.admin_set_user_mfa_preference(body), true),
            "AdminUserGlobalSignOut" => (self.admin_user_global_sign_out(body), true),
            "AdminDeleteUser" => (self.admin_delete_user(body), true),
            "AdminUpdateUserAttributes" => (self.admin_update_user_attributes(body), true),
            "ListUsers" => (self.list_users(body), false),
            "ListUserPools" => (self.list_user_pools(body), false),
            other => (
                Err(ApiError::new(
                    "UnknownOperationException",
                    format!("Operation {other} is not supported by local-cognito"),
                )),
                false,
            ),
        };
        if mutates && result.is_ok() {
            self.persist();
        }
        result
    }

    /// The JWKS of a pool, or `None` if there is no such pool.
    pub fn jwks(&self, pool_id: &str) -> Option<Value> {
        let inner = self.lock();
        inner
            .store
            .pools
            .contains_key(pool_id)
            .then(|| inner.signer.jwks())
    }

    /// The current TOTP code of a user with a (verified or pending) authenticator.
    pub fn current_totp(&self, pool_id: Option<&str>, name: &str) -> Option<(String, u64)> {
        let inner = self.lock();
        let user = inner.find_user_anywhere(pool_id, name)?;
        let secret = user
            .mfa
            .totp_secret
            .as_ref()
            .or(user.mfa.pending_totp_secret.as_ref())?;
        let key = cognito_crypto::totp::decode_secret(secret).ok()?;
        let now = now_secs() as u64;
        let left = cognito_crypto::totp::PERIOD - now % cognito_crypto::totp::PERIOD;
        Some((cognito_crypto::totp::code_at(&key, now), left))
    }

    /// Codes "sent" to a user (newest last), for tests and `local-cognito codes`.
    pub fn deliveries(&self, name: &str) -> Vec<Delivery> {
        let inner = self.lock();
        let usernames: Vec<String> = inner
            .store
            .pools
            .values()
            .filter_map(|p| p.find_username(name))
            .collect();
        inner
            .deliveries
            .iter()
            .filter(|d| usernames.contains(&d.username))
            .cloned()
            .collect()
    }

    /// Whether a pool exists (the seed uses it to stay idempotent).
    pub fn has_pool(&self, pool_id: &str) -> bool {
        self.lock().store.pools.contains_key(pool_id)
    }
}

impl Inner {
    fn pool(&self, id: &str) -> ApiResult<&Pool> {
        self.store
            .pools
            .get(id)
            .ok_or_else(|| ApiError::resource_not_found(format!("User pool {id} does not exist.")))
    }

    fn pool_mut(&mut self, id: &str) -> ApiResult<&mut Pool> {
        self.store
            .pools
            .get_mut(id)
            .ok_or_else(|| ApiError::resource_not_found(format!("User pool {id} does not exist.")))
    }

    /// The pool that owns an app client.
    fn pool_of_client(&self, client_id: &str) -> ApiResult<&Pool> {
        self.store
            .pools
            .values()
            .find(|p| p.clients.contains_key(client_id))
            .ok_or_else(|| {
                ApiError::resource_not_found(format!(
                    "User pool client {client_id} does not exist."
                ))
            })
    }

    /// The user an access token belongs to (after all of `authenticate`'s checks).
    fn token_user(&self, token: &str) -> ApiResult<&User> {
        let (pool_id, username) = self.authenticate(token)?;
        self.pool(&pool_id)?
            .users
            .get(&username)
            .ok_or_else(ApiError::user_not_found)
    }

    fn token_user_mut(&mut self, token: &str) -> ApiResult<&mut User> {
        let (pool_id, username) = self.authenticate(token)?;
        self.user_mut(&pool_id, &username)
    }

    /// The username of the user a sign-in name (username, email alias or sub) stands for.
    fn username_in(&self, pool_id: &str, name: &str) -> ApiResult<String> {
        self.pool(pool_id)?
            .find_username(name)
            .ok_or_else(ApiError::user_not_found)
    }

    /// Pool id and username for the self-service operations, which name an app client and a user.
    fn client_user(&self, client_id: &str, name: &str) -> ApiResult<(String, String)> {
        let pool = self.pool_of_client(client_id)?;
        let username = pool
            .find_username(name)
            .ok_or_else(ApiError::user_not_found)?;
        Ok((pool.id.clone(), username))
    }

    /// Replaces a user's password (checked against the policy) with a fresh salt and verifier.
    fn set_password(
        &mut self,
        pool_id: &str,
        username: &str,
        password: &str,
    ) -> ApiResult<&mut User> {
        check_password_policy(password)?;
        let pool_name = self.pool(pool_id)?.name.clone();
        let (salt, verifier) = password_verifier(&pool_name, username, password);
        let user = self.user_mut(pool_id, username)?;
        user.salt_hex = salt;
        user.verifier_hex = verifier;
        user.modified = now_f64();
        Ok(user)
    }

    fn user_mut(&mut self, pool_id: &str, username: &str) -> ApiResult<&mut User> {
        self.pool_mut(pool_id)?
            .users
            .get_mut(username)
            .ok_or_else(ApiError::user_not_found)
    }

    fn find_user_anywhere(&self, pool_id: Option<&str>, name: &str) -> Option<&User> {
        self.store
            .pools
            .values()
            .filter(|p| pool_id.is_none_or(|id| p.id == id))
            .find_map(|p| p.find_user(name))
    }

    /// Starts a sign-in session; sessions that have expired are dropped first (bounded memory).
    fn new_session(&mut self, ttl_secs: i64, who: &SignIn, step: Step) -> String {
        let now = now_ms();
        self.sessions.retain(|_, s| s.expires_at_ms >= now);
        let token = random_token(96);
        self.sessions.insert(
            token.clone(),
            AuthSession {
                who: who.clone(),
                step,
                expires_at_ms: ms_after(now, ttl_secs),
                failed_attempts: 0,
            },
        );
        token
    }

    /// Takes a session out (single use). Expired → Cognito's "session is expired".
    fn take_session(&mut self, token: &str) -> ApiResult<AuthSession> {
        let session = self
            .sessions
            .remove(token)
            .ok_or_else(ApiError::invalid_session)?;
        if now_ms() > session.expires_at_ms {
            return Err(ApiError::session_expired());
        }
        Ok(session)
    }

    /// Puts a session back after a wrong code, so the user may try again while it lives.
    fn retry_session(&mut self, token: &str, mut session: AuthSession) {
        session.failed_attempts = session.failed_attempts.saturating_add(1);
        if session.failed_attempts < MAX_CODE_ATTEMPTS {
            self.sessions.insert(token.to_owned(), session);
        }
    }

    /// Puts a session back as it was (an answer refused without being judged, e.g. a lockout).
    fn restore_session(&mut self, token: &str, session: AuthSession) {
        self.sessions.insert(token.to_owned(), session);
    }

    /// Whether a sign-in name is locked out after failed passwords (an attempt in itself).
    fn password_locked(&mut self, key: &str) -> bool {
        let cfg = self.lockout;
        self.password_failures.is_locked(key, now_ms(), &cfg)
    }

    fn password_failed(&mut self, key: &str) {
        let cfg = self.lockout;
        self.password_failures.fail(key, now_ms(), &cfg);
    }

    /// Whether a user's MFA is locked out after failed codes (an attempt in itself).
    fn mfa_locked(&mut self, key: &str) -> bool {
        let cfg = self.lockout;
        self.mfa_failures.is_locked(key, now_ms(), &cfg)
    }

    fn mfa_failed(&mut self, key: &str) {
        let cfg = self.lockout;
        self.mfa_failures.fail(key, now_ms(), &cfg);
    }

    fn deliver(
        &mut self,
        cfg: &ServiceConfig,
        pool_id: &str,
        user: &User,
        medium: &'static str,
        purpose: &'static str,
        code: &str,
    ) -> String {
        let destination = match medium {
            "SMS" => user.phone().unwrap_or_default().to_owned(),
            _ => user.email().unwrap_or_default().to_owned(),
        };
        if cfg.print_codes {
            eprintln!(
                "[local-cognito] {purpose} code for {} by {medium} to {destination}: {code}",
                user.email().unwrap_or(&user.username)
            );
        }
        let now = now_secs();
        self.deliveries
            .retain(|d| d.at >= now.saturating_sub(DELIVERY_KEEP_SECS));
        if self.deliveries.len() >= MAX_DELIVERIES {
            let excess = self.deliveries.len() + 1 - MAX_DELIVERIES;
            self.deliveries.drain(..excess);
        }
        self.deliveries.push(Delivery {
            pool_id: pool_id.into(),
            username: user.username.clone(),
            destination: destination.clone(),
            medium,
            purpose,
            code: code.into(),
            at: now,
        });
        mask(medium, &destination)
    }

    /// Issues id + access (+ refresh) tokens: Cognito's AuthenticationResult.
    fn issue_tokens(
        &mut self,
        cfg: &ServiceConfig,
        pool_id: &str,
        client_id: &str,
        username: &str,
        refresh: Option<String>,
    ) -> ApiResult<Value> {
        let user = self
            .pool(pool_id)?
            .users
            .get(username)
            .ok_or_else(ApiError::user_not_found)?
            .clone();
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
    fn authenticate(&self, token: &str) -> ApiResult<(String, String)> {
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
        Ok((pool_id, username))
    }
}

/// `+*******1234` for phones, `d***@e***` for email, as Cognito masks destinations. Counts
/// characters, not bytes: any string is fine.
fn mask(medium: &str, destination: &str) -> String {
    if medium == "SMS" {
        let chars: Vec<char> = destination.chars().collect();
        let keep = chars.len().saturating_sub(4);
        let (head, tail) = chars.split_at(keep);
        let mut out = String::with_capacity(destination.len());
        if let Some((first, rest)) = head.split_first() {
            out.push(*first);
            out.extend(rest.iter().map(|_| '*'));
        }
        out.extend(tail);
        out
    } else {
        let (local, domain) = destination.split_once('@').unwrap_or((destination, ""));
        let first = |s: &str| s.chars().next().map(String::from).unwrap_or_default();
        format!("{}***@{}***", first(local), first(domain))
    }
}

// ---- request parsing: lenient like Cognito, never a panic ----

fn opt_str<'a>(body: &'a Value, name: &str) -> Option<&'a str> {
    body.get(name).and_then(Value::as_str)
}

fn req_str<'a>(body: &'a Value, name: &str) -> ApiResult<&'a str> {
    match body.get(name) {
        None | Some(Value::Null) => Err(ApiError::missing(&lower_first(name))),
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(ApiError::new(
            "SerializationException",
            format!("Unexpected value for {name}"),
        )),
    }
}

fn str_map(body: &Value, name: &str) -> BTreeMap<String, String> {
    body.get(name)
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_owned())))
                .collect()
        })
        .unwrap_or_default()
}

/// `[{"Name": "email", "Value": "x"}]` → map.
fn attribute_list(body: &Value, name: &str) -> BTreeMap<String, String> {
    body.get(name)
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|a| {
                    Some((
                        a.get("Name")?.as_str()?.to_owned(),
                        a.get("Value")
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_owned(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_lowercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

fn attributes_json(user: &User) -> Value {
    let mut list = vec![json!({ "Name": "sub", "Value": user.sub })];
    list.extend(
        user.attributes
            .iter()
            .filter(|(k, _)| *k != "sub")
            .map(|(k, v)| json!({ "Name": k, "Value": v })),
    );
    Value::Array(list)
}

/// Cognito's default password policy: 8+ characters with upper, lower, digit and symbol.
fn check_password_policy(password: &str) -> ApiResult<()> {
    let problem = if password.chars().count() < 8 {
        Some("Password not long enough")
    } else if !password.chars().any(char::is_lowercase) {
        Some("Password must have lowercase characters")
    } else if !password.chars().any(char::is_uppercase) {
        Some("Password must have uppercase characters")
    } else if !password.chars().any(|c| c.is_ascii_digit()) {
        Some("Password must have numeric characters")
    } else if password.chars().all(char::is_alphanumeric) {
        Some("Password must have symbol characters")
    } else {
        None
    };
    match problem {
        Some(p) => Err(ApiError::new(
            "InvalidPasswordException",
            format!("Password does not conform to policy: {p}"),
        )),
        None => Ok(()),
    }
}

/// A fresh salt and verifier for `password`: all the server ever keeps of it.
fn password_verifier(pool_name: &str, username: &str, password: &str) -> (String, String) {
    let salt = BigUint::from_bytes_be(&random_bytes::<16>());
    let v = cognito_crypto::srp::server::verifier(&salt, pool_name, username, password);
    (salt.to_str_radix(16), v.to_str_radix(16))
}

fn password_matches(pool_name: &str, user: &User, password: &str) -> bool {
    let (Some(salt), Some(stored)) = (
        cognito_crypto::srp::parse_hex(&user.salt_hex),
        cognito_crypto::srp::parse_hex(&user.verifier_hex),
    ) else {
        return false;
    };
    cognito_crypto::srp::server::verifier(&salt, pool_name, &user.username, password) == stored
}

#[cfg(test)]
mod tests {
    #[test]
    fn masks_like_cognito() {
        assert_eq!(super::mask("SMS", "+15555550123"), "+*******0123");
        assert_eq!(super::mask("EMAIL", "demo@example.com"), "d***@e***");
    }

    #[test]
    fn masks_any_string_without_panicking() {
        // Fullwidth digits are three bytes each: four bytes from the end is inside one, where
        // a byte-index split used to panic.
        assert_eq!(
            super::mask("SMS", "+１５５５５５５０１２３"),
            "+*******０１２３"
        );
        assert_eq!(super::mask("SMS", "+٩٦٦٥٠١٢٣٤٥"), "+******٢٣٤٥");
        assert_eq!(super::mask("SMS", "+1555555é"), "+****555é");
        assert_eq!(super::mask("SMS", "☎"), "☎");
        assert_eq!(super::mask("SMS", ""), "");
        assert_eq!(super::mask("EMAIL", "ü@ö"), "ü***@ö***");
        assert_eq!(super::mask("EMAIL", ""), "***@***");
    }

    #[test]
    fn lifetimes_are_clamped_and_never_overflow() {
        assert_eq!(super::clamp_ttl(i64::MAX), super::MAX_TTL_SECS);
        assert_eq!(super::clamp_ttl(i64::MIN), 1);
        assert_eq!(super::clamp_ttl(0), 1);
        assert_eq!(super::ms_after(i64::MAX - 5, i64::MAX), i64::MAX);
        assert_eq!(super::ms_after(1000, 2), 3000);
    }

    #[test]
    fn password_policy() {
        assert!(super::check_password_policy("Demo-Passw0rd!").is_ok());
        for bad in [
            "short1!",
            "nouppercase1!",
            "NOLOWERCASE1!",
            "NoDigits!!",
            "NoSymbols123",
        ] {
            assert_eq!(
                super::check_password_policy(bad).unwrap_err().kind,
                "InvalidPasswordException",
                "{bad}"
            );
        }
    }
}

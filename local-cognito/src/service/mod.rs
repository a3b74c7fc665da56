//! The Cognito operations over an in-memory store. One lock, no awaits while holding it.
//!
//! This file holds the `Service` (configuration, the lock, persistence), its dispatch table
//! (`call`) and the lookups every operation shares. The operations live in `auth` (InitiateAuth),
//! `user_auth` (InitiateAuth USER_AUTH, choice-based sign-in), `challenges`
//! (RespondToAuthChallenge), `user` (access-token and self-service operations), `devices`
//! (remembered devices), `refresh` (GetTokensFromRefreshToken), `clients` (app clients),
//! `federation` (the pool's domain, identity providers, a client's OAuth settings), `admin`,
//! `user_sessions` (ListUserSessions, RevokeUserSession), `passkeys` (WebAuthn registration, listing, deletion and the WEB_AUTHN first factor,
//! verified by `webauthn`); what they share in `session` (sign-in sessions, SRP exchanges in
//! flight), `step_up` (the tokens' `acr` / `amr`, USER_AUTH's step-up parameters), `tokens`
//! (issuing and checking id and access tokens), `refresh` (refresh tokens, rotation,
//! revocation), `attributes` (required attributes), `password`, `srp_exchange`, `delivery`
//! (codes "sent"), `lockout`, `wire` (request parsing), `clock` and `random`.

mod admin;
mod attributes;
mod auth;
mod challenges;
mod clients;
mod clock;
mod codes;
mod decoy;
mod delivery;
mod devices;
mod federation;
pub mod lockout;
mod passkeys;
mod password;
mod profile;
mod random;
mod refresh;
mod session;
mod sign_up;
mod srp_exchange;
mod step_up;
mod tokens;
mod user;
mod user_auth;
mod user_sessions;
mod webauthn;
mod wire;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Mutex, MutexGuard};

use serde_json::Value;
use sha2::Digest as _;

use crate::error::{ApiError, ApiResult};
use crate::store::{AppClient, Pool, Store, User};
use crate::tokens::Signer;
pub use clock::{Clock, now_ms};
pub use delivery::Delivery;
pub use lockout::LockoutConfig;

/// The shortest and longest session / code lifetime accepted, in seconds; anything outside is
/// clamped (so `ttl * 1000` and `now + ttl` can never overflow).
pub const MIN_TTL_SECS: i64 = 1;
pub const MAX_TTL_SECS: i64 = 24 * 3600;

/// A lifetime in seconds, clamped to `MIN_TTL_SECS..=MAX_TTL_SECS`.
pub fn clamp_ttl(seconds: i64) -> i64 {
    seconds.clamp(MIN_TTL_SECS, MAX_TTL_SECS)
}

/// Token lifetimes set with `/_local/token-ttl`, in seconds, over every app client's own: `access`
/// for access and id tokens, `refresh` for refresh tokens (of sign-ins from then on; a refresh
/// keeps its family's expiry). `None`: the client's setting.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TokenTtl {
    pub access: Option<i64>,
    pub refresh: Option<i64>,
}

impl TokenTtl {
    /// Each lifetime clamped to `MIN_TTL_SECS..=MAX_TTL_SECS`.
    pub fn clamped(self) -> Self {
        Self {
            access: self.access.map(clamp_ttl),
            refresh: self.refresh.map(clamp_ttl),
        }
    }
}

/// What AssociateSoftwareToken does to a user's verified authenticator (`--totp-reassociation`,
/// `/_local/totp-reassociation`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TotpReassociation {
    /// Today's documented behaviour: "Amazon Cognito disassociates an existing software token
    /// when you verify the new token in a VerifySoftwareToken API request"
    /// (<https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AssociateSoftwareToken.html>).
    /// The old authenticator keeps working until the new one is verified.
    #[default]
    OnVerify,
    /// The behaviour documented until about 2022 (AWS CLI 2.4.18's associate-software-token:
    /// "Calling AssociateSoftwareToken immediately disassociates the existing software token from
    /// the user account") and reported in aws-amplify/amplify-js#1226 and #3844: the old
    /// authenticator stops working at once, sign-in stops asking for TOTP, while GetUser still
    /// lists SOFTWARE_TOKEN_MFA (and as preferred) until a new one is verified.
    Immediate,
}

impl TotpReassociation {
    pub fn parse(mode: &str) -> Result<Self, String> {
        match mode.trim() {
            "on-verify" => Ok(Self::OnVerify),
            "immediate" => Ok(Self::Immediate),
            other => Err(format!(
                "{other:?} is not a TOTP re-association mode: on-verify or immediate"
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::OnVerify => "on-verify",
            Self::Immediate => "immediate",
        }
    }
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
    /// When a re-association replaces a verified authenticator (changeable while running).
    pub totp_reassociation: TotpReassociation,
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
            totp_reassociation: TotpReassociation::default(),
        }
    }
}

pub struct Service {
    cfg: ServiceConfig,
    /// The time every operation reads (also in `Inner`): the wall clock, or a test's.
    clock: Clock,
    /// The session lifetime in force; `/_local/session-ttl` changes it while running (tests).
    session_ttl: AtomicI64,
    /// The SMS / email code lifetime in force; 0: the session's.
    code_ttl: AtomicI64,
    /// How long a StartWebAuthnRegistration challenge waits, in seconds.
    passkey_registration_ttl: AtomicI64,
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
    pub refresh_tokens: usize,
    /// Revoked refresh-token families still remembered.
    pub revoked_families: usize,
    /// StartWebAuthnRegistration challenges waiting for CompleteWebAuthnRegistration.
    pub passkey_registrations: usize,
}

struct Inner {
    clock: Clock,
    store: Store,
    /// The SHA-256 of the state last written to the state file.
    saved: Option<[u8; 32]>,
    writes: u64,
    /// Each pool's signing key, made when the pool first signs a token or shows its JWKS.
    signers: HashMap<String, Signer>,
    /// Sign-in sessions and SRP exchanges waiting for PASSWORD_VERIFIER.
    sessions: session::Sessions,
    /// Refresh tokens handed out (and, until their family expires, those revoked or rotated out).
    refresh_tokens: HashMap<String, refresh::RefreshRecord>,
    /// `origin_jti`s of revoked refresh-token families: their access and id tokens are void too.
    revoked_origins: refresh::RevokedOrigins,
    /// Tracked token sessions (where a pool tracks them), by their family's `origin_jti`.
    user_sessions: user_sessions::UserSessions,
    /// Lifetimes set with `/_local/token-ttl`, over the clients' own.
    token_ttl: TokenTtl,
    deliveries: Vec<Delivery>,
    lockout: LockoutConfig,
    /// Failed passwords by pool and sign-in name (known or not, so lockouts reveal nothing).
    password_failures: lockout::Tracker,
    /// Failed MFA codes by pool and user, across sessions.
    mfa_failures: lockout::Tracker,
    /// Wrong current passwords given to ChangePassword, by pool and user.
    change_password_failures: lockout::Tracker,
    /// What AssociateSoftwareToken does to a verified authenticator.
    totp_reassociation: TotpReassociation,
    /// Passkey registrations started (StartWebAuthnRegistration) and not yet completed.
    registrations: passkeys::Registrations,
}

impl Service {
    pub fn new(cfg: ServiceConfig, store: Store) -> Result<Self, String> {
        Self::with_clock(cfg, store, Clock::system())
    }

    /// A service on `clock`: tests pass [`Clock::manual`] and move time with [`Clock::advance`].
    pub fn with_clock(cfg: ServiceConfig, store: Store, clock: Clock) -> Result<Self, String> {
        let mut store = store;
        // One key per pool (`Pool::signing_key`); a state file's single old key is dropped.
        store.signing_key = None;
        // A state file from before pools declared their custom attributes: the ones its users
        // hold become the pool's, so their id tokens keep them.
        for pool in store.pools.values_mut() {
            let held: std::collections::BTreeSet<String> = pool
                .users
                .values()
                .flat_map(|u| u.attributes.keys())
                .filter(|name| name.starts_with("custom:"))
                .cloned()
                .collect();
            for name in held {
                if !pool.custom_attributes.contains(&name) {
                    pool.custom_attributes.push(name);
                }
            }
        }
        let mut signers = HashMap::new();
        for pool in store.pools.values() {
            if let Some(der) = &pool.signing_key {
                signers.insert(pool.id.clone(), Signer::from_der_b64(der)?);
            }
        }
        let inner = Inner {
            clock: clock.clone(),
            store,
            saved: None,
            writes: 0,
            signers,
            sessions: session::Sessions::default(),
            refresh_tokens: HashMap::new(),
            revoked_origins: refresh::RevokedOrigins::default(),
            user_sessions: user_sessions::UserSessions::default(),
            token_ttl: TokenTtl::default(),
            deliveries: Vec::new(),
            lockout: cfg.lockout.clamped(),
            password_failures: lockout::Tracker::default(),
            mfa_failures: lockout::Tracker::default(),
            change_password_failures: lockout::Tracker::default(),
            totp_reassociation: cfg.totp_reassociation,
            registrations: passkeys::Registrations::default(),
        };
        let service = Self {
            clock,
            session_ttl: AtomicI64::new(clamp_ttl(cfg.session_ttl)),
            code_ttl: AtomicI64::new(cfg.code_ttl.map_or(0, clamp_ttl)),
            passkey_registration_ttl: AtomicI64::new(passkeys::REGISTRATION_TTL_SECS),
            cfg,
            inner: Mutex::new(inner),
        };
        service.persist();
        Ok(service)
    }

    pub fn config(&self) -> &ServiceConfig {
        &self.cfg
    }

    /// The clock the service reads.
    pub fn clock(&self) -> &Clock {
        &self.clock
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

    /// Seconds a passkey registration challenge (StartWebAuthnRegistration) waits for
    /// CompleteWebAuthnRegistration: 300 unless changed.
    pub fn passkey_registration_ttl(&self) -> i64 {
        self.passkey_registration_ttl.load(Ordering::Relaxed)
    }

    /// Changes how long registration challenges started from now on wait (clamped to
    /// 1 s .. 1 day), e.g. to test one that expires.
    pub fn set_passkey_registration_ttl(&self, seconds: i64) {
        self.passkey_registration_ttl
            .store(clamp_ttl(seconds), Ordering::Relaxed);
    }

    /// The lifetime of an SMS / email code sent now.
    fn effective_code_ttl(&self) -> i64 {
        self.code_ttl().unwrap_or_else(|| self.session_ttl())
    }

    /// The token lifetimes `/_local/token-ttl` set, if any.
    pub fn token_ttl(&self) -> TokenTtl {
        self.lock().token_ttl
    }

    /// Sets (clamped to 1 s .. 1 day) or, with `None`s, clears the lifetimes of tokens issued
    /// from now on, for every app client: so tests can watch tokens expire within seconds.
    pub fn set_token_ttl(&self, ttl: TokenTtl) -> TokenTtl {
        let mut inner = self.lock();
        inner.token_ttl = ttl.clamped();
        inner.token_ttl
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

    /// What AssociateSoftwareToken does to a verified authenticator from now on.
    pub fn totp_reassociation(&self) -> TotpReassociation {
        self.lock().totp_reassociation
    }

    /// Switches between today's documented re-association (the old authenticator works until
    /// the new one is verified) and the older one (it stops at once), e.g. for an e2e test of
    /// each. Users whose old secret was already dropped stay as they are.
    pub fn set_totp_reassociation(&self, mode: TotpReassociation) {
        self.lock().totp_reassociation = mode;
    }

    /// Forgets every failed-password and failed-code counter, lifting every lockout.
    pub fn reset_lockouts(&self) {
        let mut inner = self.lock();
        inner.password_failures.clear();
        inner.mfa_failures.clear();
        inner.change_password_failures.clear();
    }

    /// Sizes of what lives in memory only (tests check it stays bounded).
    pub fn memory_stats(&self) -> MemoryStats {
        let inner = self.lock();
        MemoryStats {
            sessions: inner.sessions.len(),
            srp_exchanges: inner.sessions.srp_exchanges(),
            deliveries: inner.deliveries.len(),
            password_counters: inner.password_failures.len(),
            mfa_counters: inner.mfa_failures.len() + inner.change_password_failures.len(),
            refresh_tokens: inner.refresh_tokens.len(),
            revoked_families: inner.revoked_origins.len(),
            passkey_registrations: inner.registrations.len(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves data we still want to serve.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Writes the state file while holding the lock, so writers take turns and the newest
    /// state is always the last one written; only when the state changed since the last write
    /// (a sign-in, say, changes nothing kept: no write, no fsync).
    fn persist(&self) {
        if let Some(path) = &self.cfg.state_path {
            let mut inner = self.lock();
            let json = match serde_json::to_vec_pretty(&inner.store) {
                Ok(json) => json,
                Err(e) => return eprintln!("[local-cognito] could not save the state: {e}"),
            };
            let digest: [u8; 32] = sha2::Sha256::digest(&json).into();
            if inner.saved == Some(digest) {
                return;
            }
            match crate::store::write_private_atomically(path, &json) {
                Ok(()) => {
                    inner.saved = Some(digest);
                    inner.writes += 1;
                }
                Err(e) => eprintln!("[local-cognito] could not write {}: {e}", path.display()),
            }
        }
    }

    /// How many times the state file was written (tests of the write bound).
    pub fn state_writes(&self) -> u64 {
        self.lock().writes
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
            // Session records live in memory, with the refresh tokens they follow.
            "ListUserSessions" => (self.list_user_sessions(body), false),
            "RevokeUserSession" => (self.revoke_user_session(body), false),
            "GlobalSignOut" => (self.global_sign_out(body), true),
            "RevokeToken" => (self.revoke_token(body), true),
            // Refresh tokens live in memory only: nothing to write to the state file.
            "GetTokensFromRefreshToken" => (self.get_tokens_from_refresh_token(body), false),
            "ChangePassword" => (self.change_password(body), true),
            "UpdateUserAttributes" => (self.update_user_attributes(body), true),
            "GetUserAttributeVerificationCode" => {
                (self.get_user_attribute_verification_code(body), true)
            }
            "VerifyUserAttribute" => (self.verify_user_attribute(body), true),
            "DeleteUserAttributes" => (self.delete_user_attributes(body), true),
            "DeleteUser" => (self.delete_user(body), true),
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
            "UpdateUserPool" => (self.update_user_pool(body), true),
            "SetUserPoolMfaConfig" => (self.set_user_pool_mfa_config(body), true),
            "SetUserPoolSessionConfiguration" => {
                (self.set_user_pool_session_configuration(body), true)
            }
            "GetUserPoolSessionConfiguration" => {
                (self.get_user_pool_session_configuration(body), false)
            }
            "GetUserPoolMfaConfig" => (self.get_user_pool_mfa_config(body), false),
            "CreateUserPoolClient" => (self.create_user_pool_client(body), true),
            "UpdateUserPoolClient" => (self.update_user_pool_client(body), true),
            "DescribeUserPoolClient" => (self.describe_user_pool_client(body), false),
            "CreateUserPoolDomain" => (self.create_user_pool_domain(body), true),
            "DescribeUserPoolDomain" => (self.describe_user_pool_domain(body), false),
            "DeleteUserPoolDomain" => (self.delete_user_pool_domain(body), true),
            "CreateIdentityProvider" => (self.create_identity_provider(body), true),
            "DescribeIdentityProvider" => (self.describe_identity_provider(body), false),
            "ListIdentityProviders" => (self.list_identity_providers(body), false),
            "UpdateIdentityProvider" => (self.update_identity_provider(body), true),
            "DeleteIdentityProvider" => (self.delete_identity_provider(body), true),
            "AdminCreateUser" => (self.admin_create_user(body), true),
            "AdminSetUserPassword" => (self.admin_set_user_password(body), true),
            "AdminResetUserPassword" => (self.admin_reset_user_password(body), true),
            "AdminGetUser" => (self.admin_get_user(body), false),
            "AdminSetUserMFAPreference" => (self.admin_set_user_mfa_preference(body), true),
            "AdminUserGlobalSignOut" => (self.admin_user_global_sign_out(body), true),
            "AdminDeleteUser" => (self.admin_delete_user(body), true),
            "AdminUpdateUserAttributes" => (self.admin_update_user_attributes(body), true),
            "ListUsers" => (self.list_users(body), false),
            "ListUserPools" => (self.list_user_pools(body), false),
            // The challenge waits in memory only.
            "StartWebAuthnRegistration" => (self.start_web_authn_registration(body), false),
            "CompleteWebAuthnRegistration" => (self.complete_web_authn_registration(body), true),
            "ListWebAuthnCredentials" => (self.list_web_authn_credentials(body), false),
            "DeleteWebAuthnCredential" => (self.delete_web_authn_credential(body), true),
            other => (
                Err(ApiError::new(
                    "UnknownOperationException",
                    format!("Operation {other} is not supported by local-cognito"),
                )),
                false,
            ),
        };
        // Refusals can change what is kept too (a wrong code counted): written whenever the
        // state changed, whatever the answer.
        if mutates {
            self.persist();
        }
        result
    }

    /// The JWKS of a pool (its own key, made now if it has none yet), or `None` if there is no
    /// such pool.
    pub fn jwks(&self, pool_id: &str) -> Option<Value> {
        let (jwks, made) = {
            let mut inner = self.lock();
            let made = !inner.signers.contains_key(pool_id);
            (inner.signer(pool_id).ok()?.jwks(), made)
        };
        if made {
            self.persist();
        }
        Some(jwks)
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
        let now = self.clock.now_secs() as u64;
        let left = cognito_crypto::totp::PERIOD - now % cognito_crypto::totp::PERIOD;
        Some((cognito_crypto::totp::code_at(&key, now), left))
    }

    /// Whether a pool exists (the seed uses it to stay idempotent).
    pub fn has_pool(&self, pool_id: &str) -> bool {
        self.lock().store.pools.contains_key(pool_id)
    }
}

impl Inner {
    /// `pool_id`'s signing key, made (and kept in the pool) the first time it is needed.
    fn signer(&mut self, pool_id: &str) -> ApiResult<&Signer> {
        if !self.signers.contains_key(pool_id) {
            let pool = self.pool_mut(pool_id)?;
            let signer = match &pool.signing_key {
                Some(der) => Signer::from_der_b64(der).map_err(ApiError::internal)?,
                None => {
                    let signer = Signer::generate().map_err(ApiError::internal)?;
                    pool.signing_key = Some(signer.to_der_b64().map_err(ApiError::internal)?);
                    signer
                }
            };
            self.signers.insert(pool_id.to_owned(), signer);
        }
        self.signers
            .get(pool_id)
            .ok_or_else(|| ApiError::internal("no signing key"))
    }

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

    /// An app client by id, in whichever pool has it.
    fn client(&self, client_id: &str) -> ApiResult<&AppClient> {
        self.pool_of_client(client_id)?
            .clients
            .get(client_id)
            .ok_or_else(|| {
                ApiError::resource_not_found(format!(
                    "User pool client {client_id} does not exist."
                ))
            })
    }

    /// A user by username (not an alias).
    fn user(&self, pool_id: &str, username: &str) -> ApiResult<&User> {
        self.pool(pool_id)?
            .users
            .get(username)
            .ok_or_else(ApiError::user_not_found)
    }

    fn user_mut(&mut self, pool_id: &str, username: &str) -> ApiResult<&mut User> {
        self.pool_mut(pool_id)?
            .users
            .get_mut(username)
            .ok_or_else(ApiError::user_not_found)
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

    /// A user by sign-in name in one pool or any (the `/_local/` helpers).
    fn find_user_anywhere(&self, pool_id: Option<&str>, name: &str) -> Option<&User> {
        self.store
            .pools
            .values()
            .filter(|p| pool_id.is_none_or(|id| p.id == id))
            .find_map(|p| p.find_user(name))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn lifetimes_are_clamped_and_never_overflow() {
        assert_eq!(super::clamp_ttl(i64::MAX), super::MAX_TTL_SECS);
        assert_eq!(super::clamp_ttl(i64::MIN), 1);
        assert_eq!(super::clamp_ttl(0), 1);
        assert_eq!(super::clock::ms_after(i64::MAX - 5, i64::MAX), i64::MAX);
        assert_eq!(super::clock::ms_after(1000, 2), 3000);
    }
}

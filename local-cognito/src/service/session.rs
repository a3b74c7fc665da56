//! Sign-in sessions (Cognito's opaque, single-use `Session` between challenges) and SRP
//! exchanges waiting for PASSWORD_VERIFIER. Expired ones are dropped whenever a new one starts,
//! so memory stays bounded.

use std::collections::HashMap;

use super::Inner;
use super::clock::ms_after;
use super::random::random_token;
use super::srp_exchange::SrpExchange;
use super::step_up::Target;
use super::user_auth::FirstFactor;
use crate::error::{ApiError, ApiResult};

/// Wrong codes allowed in one sign-in session before it is thrown away; the next answer on it
/// reads "Invalid session for the user.". The public evidence conflicts here (one real-pool test
/// saw six CodeMismatchExceptions in one EMAIL_OTP session); the per-user MFA lockout after five
/// (<https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html>) is
/// modelled in `lockout`.
const MAX_CODE_ATTEMPTS: u32 = 5;
/// Sign-in sessions, and SRP exchanges, kept at most: beyond it the newest goes (its sign-in
/// then reads "Invalid session"). Expired ones go first anyway; this bounds memory
/// against a client that starts sign-ins faster than they expire.
pub(super) const MAX_IN_FLIGHT: usize = 10_000;

#[derive(Debug, Clone)]
pub(super) struct AuthSession {
    pub(super) who: SignIn,
    pub(super) step: Step,
    expires_at_ms: i64,
    failed_attempts: u32,
}

/// Who is signing in, carried from step to step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SignIn {
    pub(super) pool_id: String,
    pub(super) client_id: String,
    pub(super) username: String,
    /// The remembered device the client named (DEVICE_KEY), if any.
    pub(super) device_key: Option<String>,
    /// The factors proved so far, as the tokens' `amr` names them (`step_up`).
    pub(super) proved: Vec<&'static str>,
    /// A step-up's target (USER_AUTH with `TARGET_ACR_VALUES`).
    pub(super) step_up: Option<Target>,
}

impl SignIn {
    /// Who signs in through `client_id` of `pool_id` as `username`, nothing proved yet.
    pub(super) fn new(pool_id: &str, client_id: &str, username: String) -> Self {
        Self {
            pool_id: pool_id.to_owned(),
            client_id: client_id.to_owned(),
            username,
            device_key: None,
            proved: Vec::new(),
            step_up: None,
        }
    }

    /// The same sign-in, with what `from` proved and the step-up it is (if any).
    pub(super) fn carrying(mut self, from: Option<&SignIn>) -> Self {
        if let Some(from) = from {
            self.proved.clone_from(&from.proved);
            self.step_up = from.step_up;
        }
        self
    }

    /// The same sign-in, with `factor` proved.
    pub(super) fn proving(mut self, factor: &'static str) -> Self {
        self.proved.push(factor);
        self
    }
}

/// An SMS / email code sent for a sign-in challenge, and when it stops being accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SentCode {
    /// The digits sent; `None` when nothing was sent (a sign-in name that is nobody, or an
    /// account a code cannot let in), so that no answer can be right.
    pub(super) code: Option<String>,
    pub(super) expires_at_ms: i64,
}

/// The challenge a session waits for an answer to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Step {
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
    /// MFA_SETUP answered with an `EMAIL` address: the EMAIL_OTP code sent there proves it, and
    /// email MFA is set up with it.
    EmailSetup {
        code: SentCode,
        email: String,
    },
    SelectMfaType(Vec<&'static str>),
    NewPassword,
    /// A remembered device proves itself with its own SRP verifier instead of MFA.
    DeviceSrp,
    DevicePasswordVerifier(Box<SrpExchange>),
    /// USER_AUTH before a first factor: SELECT_CHALLENGE with the factors offered, or PASSWORD /
    /// PASSWORD_SRP (`asked`) when the client preferred one without sending the password or
    /// SRP_A. `known: false`: the sign-in name is nobody (see `user_auth`), so nothing offered can
    /// succeed.
    FirstFactor {
        asked: &'static str,
        options: Vec<FirstFactor>,
        known: bool,
    },
    /// USER_AUTH's EMAIL_OTP or SMS_OTP first factor: the 8-digit code sent, with its expiry;
    /// none (no answer is right, the same expiry) when none was sent: the sign-in name is nobody
    /// (`known: false`, which stays so even if that name signs up meanwhile), or an account a
    /// code cannot let in.
    OtpSignIn {
        challenge: &'static str,
        code: SentCode,
        known: bool,
    },
    /// USER_AUTH's WEB_AUTHN first factor: the challenge of the `CREDENTIAL_REQUEST_OPTIONS`
    /// sent, and the relying party the assertion must be for.
    WebAuthn {
        challenge: [u8; 16],
        rp_id: String,
        uv_required: bool,
    },
}

impl Step {
    /// The `ChallengeName` this step asks for (and an answer must name).
    pub(super) fn challenge_name(&self) -> &'static str {
        match self {
            Step::Code { challenge, .. } => challenge,
            Step::EmailSetup { .. } => "EMAIL_OTP",
            Step::MfaSetup | Step::MfaSetupAssociated | Step::MfaSetupVerified => "MFA_SETUP",
            Step::SelectMfaType(_) => "SELECT_MFA_TYPE",
            Step::NewPassword => "NEW_PASSWORD_REQUIRED",
            Step::DeviceSrp => "DEVICE_SRP_AUTH",
            Step::DevicePasswordVerifier(_) => "DEVICE_PASSWORD_VERIFIER",
            Step::FirstFactor { asked, .. } => asked,
            Step::OtpSignIn { challenge, .. } => challenge,
            Step::WebAuthn { .. } => "WEB_AUTHN",
        }
    }

    /// Whether an answer naming `challenge` fits this step. Before a first factor, the
    /// documented `SELECT_CHALLENGE` answer with `ANSWER`, or `PASSWORD` / `PASSWORD_SRP` with
    /// the password or SRP_A (botocore's RespondToAuthChallenge `ChallengeResponses`), whichever
    /// of them the step asked: amplify-js answers a PASSWORD or PASSWORD_SRP challenge with
    /// `SELECT_CHALLENGE` and `ANSWER` (`handleSelectChallengeWithPassword`,
    /// `handleSelectChallengeWithPasswordSRP`).
    pub(super) fn accepts(&self, challenge: &str) -> bool {
        match self {
            Step::FirstFactor { .. } => {
                matches!(challenge, "SELECT_CHALLENGE" | "PASSWORD" | "PASSWORD_SRP")
            }
            other => other.challenge_name() == challenge,
        }
    }

    /// Whether the session belongs to a sign-in name that is nobody.
    pub(super) fn for_nobody(&self) -> bool {
        matches!(
            self,
            Step::FirstFactor { known: false, .. } | Step::OtpSignIn { known: false, .. }
        )
    }
}

/// An SRP exchange started by USER_SRP_AUTH, waiting for PASSWORD_VERIFIER.
pub(super) struct SrpPending {
    /// `None` for an unknown user: Cognito answers with a decoy challenge rather than reveal it.
    pub(super) who: Option<SignIn>,
    /// What failed passwords are counted under (also for an unknown user).
    pub(super) lock_key: String,
    /// For an unknown user: the decoy's user id and verifier, so that the proof is checked
    /// with the same work as a real one (and fails).
    pub(super) decoy: Option<(String, num_bigint::BigUint)>,
    pub(super) client_id: String,
    pub(super) exchange: SrpExchange,
}

struct SrpWaiting {
    pending: SrpPending,
    expires_at_ms: i64,
}

/// The sessions and SRP exchanges in flight.
#[derive(Default)]
pub(super) struct Sessions {
    /// Sign-in sessions by their opaque token.
    sessions: HashMap<String, AuthSession>,
    /// SRP exchanges waiting for PASSWORD_VERIFIER, by SECRET_BLOCK.
    srp: HashMap<String, SrpWaiting>,
    /// ConfirmSignUp's `Session` ("A session identifier that you can use to immediately sign in
    /// the confirmed user", botocore): who, and until when (ms). Used once, by USER_AUTH.
    after_sign_up: HashMap<String, (SignIn, i64)>,
}

impl Sessions {
    pub(super) fn len(&self) -> usize {
        self.sessions.len()
    }

    pub(super) fn srp_exchanges(&self) -> usize {
        self.srp.len()
    }
}

/// Keeps `map` below [`MAX_IN_FLIGHT`]: at the bound, the newest entry (latest expiry) goes, so
/// a flood of new sign-ins displaces its own latest rather than the steps already waiting for an
/// answer. Each next step of a sign-in is a new entry, so under a sustained flood a sign-in of
/// several steps can still lose one: a bound on memory, not a defence against floods.
fn make_room<V>(map: &mut HashMap<String, V>, expires_at_ms: impl Fn(&V) -> i64) {
    if map.len() >= MAX_IN_FLIGHT
        && let Some(first) = map
            .iter()
            .max_by_key(|(_, v)| expires_at_ms(v))
            .map(|(k, _)| k.clone())
    {
        map.remove(&first);
    }
}

impl Inner {
    /// The session ConfirmSignUp hands out for signing the new user in at once.
    pub(super) fn new_sign_up_session(&mut self, ttl_secs: i64, who: SignIn) -> String {
        let now = self.clock.now_ms();
        let sessions = &mut self.sessions.after_sign_up;
        sessions.retain(|_, (_, expires)| *expires >= now);
        make_room(sessions, |(_, expires)| *expires);
        let token = random_token(96);
        sessions.insert(token.clone(), (who, ms_after(now, ttl_secs)));
        token
    }

    /// Takes a sign-up session for `client_id` and the user `name` stands for (single use);
    /// anything else (unknown, expired, another client or user) is an invalid session.
    pub(super) fn take_sign_up_session(
        &mut self,
        token: &str,
        client_id: &str,
        name: &str,
    ) -> ApiResult<SignIn> {
        let (who, expires) = self
            .sessions
            .after_sign_up
            .remove(token)
            .ok_or_else(ApiError::invalid_session)?;
        if self.clock.now_ms() > expires {
            return Err(ApiError::session_expired());
        }
        let same = who.client_id == client_id
            && self.pool(&who.pool_id)?.find_username(name).as_deref()
                == Some(who.username.as_str());
        if !same {
            return Err(ApiError::invalid_session());
        }
        Ok(who)
    }

    /// Starts a sign-in session; sessions that have expired are dropped first (bounded memory).
    pub(super) fn new_session(&mut self, ttl_secs: i64, who: &SignIn, step: Step) -> String {
        let now = self.clock.now_ms();
        let sessions = &mut self.sessions.sessions;
        sessions.retain(|_, s| s.expires_at_ms >= now);
        make_room(sessions, |s| s.expires_at_ms);
        let token = random_token(96);
        sessions.insert(
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
    pub(super) fn take_session(&mut self, token: &str) -> ApiResult<AuthSession> {
        let session = self
            .sessions
            .sessions
            .remove(token)
            .ok_or_else(ApiError::invalid_session)?;
        if self.clock.now_ms() > session.expires_at_ms {
            return Err(ApiError::session_expired());
        }
        Ok(session)
    }

    /// Puts a session back after a wrong code, so the user may try again while it lives.
    pub(super) fn retry_session(&mut self, token: &str, mut session: AuthSession) {
        session.failed_attempts = session.failed_attempts.saturating_add(1);
        if session.failed_attempts < MAX_CODE_ATTEMPTS {
            self.sessions.sessions.insert(token.to_owned(), session);
        }
    }

    /// Puts a session back as it was (an answer refused without being judged, e.g. a lockout).
    pub(super) fn restore_session(&mut self, token: &str, session: AuthSession) {
        self.sessions.sessions.insert(token.to_owned(), session);
    }

    /// Keeps an SRP exchange for PASSWORD_VERIFIER under its SECRET_BLOCK; exchanges that have
    /// expired are dropped first (bounded memory).
    pub(super) fn await_password_verifier(&mut self, ttl_secs: i64, pending: SrpPending) {
        let now = self.clock.now_ms();
        let srp = &mut self.sessions.srp;
        srp.retain(|_, w| w.expires_at_ms >= now);
        make_room(srp, |w| w.expires_at_ms);
        srp.insert(
            pending.exchange.secret_block.clone(),
            SrpWaiting {
                pending,
                expires_at_ms: ms_after(now, ttl_secs),
            },
        );
    }

    /// Takes out (single use) the SRP exchange a PASSWORD_VERIFIER answers, and when it expires:
    /// none → wrong credentials; expired → "session is expired".
    pub(super) fn take_password_verifier(
        &mut self,
        secret_block: &str,
    ) -> ApiResult<(SrpPending, i64)> {
        let waiting = self
            .sessions
            .srp
            .remove(secret_block)
            .ok_or_else(ApiError::wrong_credentials)?;
        if self.clock.now_ms() > waiting.expires_at_ms {
            return Err(ApiError::session_expired());
        }
        Ok((waiting.pending, waiting.expires_at_ms))
    }

    /// Puts an SRP exchange back, with the expiry it had, for another PASSWORD_VERIFIER answer
    /// (after "Device does not exist.", which the SDKs answer by resending without the device).
    pub(super) fn restore_password_verifier(&mut self, pending: SrpPending, expires_at_ms: i64) {
        self.sessions.srp.insert(
            pending.exchange.secret_block.clone(),
            SrpWaiting {
                pending,
                expires_at_ms,
            },
        );
    }
}

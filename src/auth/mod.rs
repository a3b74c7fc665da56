//! The auth service the pages call: a small state machine over Cognito's sign-in and MFA steps.
//!
//! Invariants: the password lives only for the length of [`AuthService::sign_in`]; MFA answers
//! use Cognito's `Session`, never a replayed sign-in; tokens are [`Secret`]s that never print.

pub mod account;
pub mod assurance;
pub mod attributes;
pub mod autofill;
pub(crate) mod clock;
mod code;
pub mod devices;
mod error;
mod error_key;
pub mod guard;
pub mod mfa;
pub mod passkeys;
mod passwordless;
pub mod profile;
#[cfg(test)]
mod scripted;
pub mod session;
pub mod sign_in;
pub mod sign_in_name;
pub mod user_sessions;

use std::collections::BTreeMap;

use cognito_crypto::srp::{SrpClient, VerifierChallenge};
use cognito_crypto::timestamp;

pub use self::account::{CodeSent, ContactFields, NewAccount, PasswordCheck, SignedUp};
pub use self::code::{CODE_LENGTH, SIGN_IN_CODE_LENGTH, normalize_code, normalize_code_of};
pub use self::devices::{ConfirmedDevice, Device, DeviceInfo};
pub use self::error::{AuthError, Failure};
pub use self::error_key::ErrorKey;
pub use self::mfa::{MfaChange, MfaFactor, UserProfile};
pub use self::passkeys::{Passkey, PasskeyPlace};
/// Tokens and other secrets, as the pages hold them.
pub use crate::cognito::Secret;
use crate::cognito::ops::{self, AuthFlow, AuthResponse, ChallengeName};
/// The browser's transport and the cancel scopes pages make requests in.
#[cfg(target_arch = "wasm32")]
pub use crate::cognito::{CancelScope, FetchTransport};
use crate::cognito::{Client, CognitoError, Transport};
use crate::config::{Config, SignInMethod};

/// The tokens of a signed-in user. `Debug` shows no value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tokens {
    pub access_token: Secret,
    pub id_token: Secret,
    pub refresh_token: Option<Secret>,
    /// Seconds the access token is valid for, as Cognito said.
    pub expires_in: i64,
    /// The device key Cognito handed this sign-in (NewDeviceMetadata), to confirm.
    pub new_device: Option<NewDevice>,
    /// The device this session signed in on: its refreshes must name it ("Invalid Refresh
    /// Token." otherwise, AWS Knowledge Center), and this browser keeps its secret.
    pub device: Option<Device>,
}

impl Tokens {
    /// Tokens for native tests: `id_token` as given, the rest placeholders.
    #[cfg(test)]
    pub(crate) fn for_tests(id_token: &str) -> Self {
        Self {
            access_token: Secret::from("a"),
            id_token: Secret::from(id_token),
            refresh_token: None,
            expires_in: 3600,
            new_device: None,
            device: None,
        }
    }

    /// The user the id token names (its `sub` claim), read without checking the signature: for
    /// telling two of this app's own sign-ins apart (a step-up must prove the signed-in user),
    /// never for trusting a token from elsewhere. None if the token is not a JWT with a `sub`.
    pub fn subject(&self) -> Option<String> {
        self.id_claim("sub")
    }

    /// The level the sign-in reached, as the id token's `acr` claim says (read as
    /// [`Self::subject`] is); None where Cognito sent none (a pool or region without the
    /// feature) or a level name of the pool's own.
    pub fn auth_level(&self) -> Option<assurance::AuthLevel> {
        self.id_claim("acr")
            .as_deref()
            .and_then(assurance::AuthLevel::from_acr)
    }

    /// A non-empty string claim of the id token, unverified.
    fn id_claim(&self, name: &str) -> Option<String> {
        use base64::Engine as _;
        let payload = self.id_token.expose().split('.').nth(1)?;
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload.trim_end_matches('='))
            .ok()?;
        let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
        claims[name]
            .as_str()
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    }
}

/// A device key a sign-in was handed, and the user's device group key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDevice {
    pub key: String,
    pub group_key: String,
}

/// The kinds of challenge that can follow a correct password.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChallengeKind {
    Totp,
    Sms,
    Email,
    /// The pool requires MFA and the user has none yet: set up an authenticator now.
    MfaSetup,
    /// The user has several MFA methods and must pick one.
    SelectMfaType,
    /// The account was created with a temporary password.
    NewPasswordRequired,
    /// A sign-in code by text message as the first factor (USER_AUTH's SMS_OTP). By email it is
    /// [`ChallengeKind::Email`] with [`SignInChallenge::first_factor`] set.
    SmsOtp,
    /// USER_AUTH's SELECT_CHALLENGE: how to sign in ([`SignInChallenge::methods`]).
    SelectFirstFactor,
    /// USER_AUTH's WEB_AUTHN: a passkey ([`SignInChallenge::request_options`]).
    Passkey,
}

impl ChallengeKind {
    fn from_name(name: &ChallengeName) -> Option<Self> {
        Some(match name {
            ChallengeName::SoftwareTokenMfa => Self::Totp,
            ChallengeName::SmsMfa => Self::Sms,
            ChallengeName::EmailOtp => Self::Email,
            ChallengeName::MfaSetup => Self::MfaSetup,
            ChallengeName::SelectMfaType => Self::SelectMfaType,
            ChallengeName::NewPasswordRequired => Self::NewPasswordRequired,
            ChallengeName::SmsOtp => Self::SmsOtp,
            ChallengeName::SelectChallenge => Self::SelectFirstFactor,
            ChallengeName::WebAuthn => Self::Passkey,
            _ => return None,
        })
    }

    fn name(self) -> ChallengeName {
        match self {
            Self::Totp => ChallengeName::SoftwareTokenMfa,
            Self::Sms => ChallengeName::SmsMfa,
            Self::Email => ChallengeName::EmailOtp,
            Self::MfaSetup => ChallengeName::MfaSetup,
            Self::SelectMfaType => ChallengeName::SelectMfaType,
            Self::NewPasswordRequired => ChallengeName::NewPasswordRequired,
            Self::SmsOtp => ChallengeName::SmsOtp,
            Self::SelectFirstFactor => ChallengeName::SelectChallenge,
            Self::Passkey => ChallengeName::WebAuthn,
        }
    }

    /// The ChallengeResponses key that carries a code, for the code challenges.
    fn code_key(self) -> Option<&'static str> {
        match self {
            Self::Totp => Some("SOFTWARE_TOKEN_MFA_CODE"),
            Self::Sms => Some("SMS_MFA_CODE"),
            Self::Email => Some("EMAIL_OTP_CODE"),
            Self::SmsOtp => Some("SMS_OTP_CODE"),
            _ => None,
        }
    }

    /// The answer SELECT_MFA_TYPE expects for choosing this method.
    fn select_answer(self) -> Option<&'static str> {
        match self {
            Self::Totp => Some("SOFTWARE_TOKEN_MFA"),
            Self::Sms => Some("SMS_MFA"),
            Self::Email => Some("EMAIL_OTP"),
            _ => None,
        }
    }
}

/// A live step of a sign-in that Cognito asked for after the password (an MFA code, a choice of
/// method, a new password, a forced authenticator set-up): the only way to answer one is to hold
/// one (preconditions as types).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInChallenge {
    pub kind: ChallengeKind,
    session: Secret,
    /// The USERNAME Cognito wants in every answer (the user's `sub` for email sign-in).
    username: String,
    /// What the user typed, kept to pre-fill the form after an expired session.
    pub email: String,
    /// Masked phone or email a code went to (`+*******1234`), for SMS and email codes.
    pub destination: Option<String>,
    /// For SELECT_MFA_TYPE, the methods the user may choose (MFAS_CAN_CHOOSE); for MFA_SETUP,
    /// those the pool lets them set up (MFAS_CAN_SETUP).
    pub options: Vec<ChallengeKind>,
    /// For NEW_PASSWORD_REQUIRED: attributes the pool requires that the user has no value for,
    /// without Cognito's `userAttributes.` prefix (`name`, `phone_number`, `custom:…`).
    pub required_attributes: Vec<String>,
    /// The remembered device this sign-in named: every answer names it too (DEVICE_KEY), and a
    /// session it ends in is bound to it.
    pub device: Option<Device>,
    /// For SELECT_CHALLENGE, the first factors Cognito offers this user (AvailableChallenges;
    /// PASSWORD and PASSWORD_SRP are one method here, always answered by SRP).
    pub methods: Vec<SignInMethod>,
    /// A code that is the first factor (USER_AUTH), not MFA after a password: 8 digits, and
    /// "Send a new code" starts the sign-in again.
    pub first_factor: bool,
    /// For WEB_AUTHN: CREDENTIAL_REQUEST_OPTIONS, the JSON string `navigator.credentials.get`
    /// is built from (challenge, allowed credentials, relying party, user verification).
    pub request_options: Option<String>,
}

impl SignInChallenge {
    /// Digits in this challenge's code: Cognito's sign-in codes have 8 (amplify-js#14428, AWS:
    /// "the email and phone one-time pin for authentication is fixed at 8 digits"), MFA codes 6.
    pub fn code_length(&self) -> usize {
        if self.first_factor {
            SIGN_IN_CODE_LENGTH
        } else {
            CODE_LENGTH
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInOutcome {
    SignedIn(Tokens),
    Challenge(SignInChallenge),
}

/// The name Cognito records for an authenticator (VerifySoftwareToken's FriendlyDeviceName).
pub const AUTHENTICATOR_NAME: &str = "Authenticator app";

/// A secret to load into an authenticator app, with its otpauth:// URI (issuer = the app's name,
/// account = the user's email); during forced set-up it also carries the new session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthenticatorSecret {
    pub secret: Secret,
    pub key_uri: Secret,
    session: Option<Secret>,
}

/// Who is asking to set up an authenticator.
#[derive(Debug, Clone, Copy)]
pub enum SetupFor<'a> {
    SignedIn(&'a Tokens),
    SignInChallenge(&'a SignInChallenge),
}

#[derive(Debug, Clone)]
pub struct AuthService<T> {
    client: Client<T>,
    config: Config,
    /// Whether a sign-in handed a new device key confirms it (off for a step-up, which only
    /// proves the user and must not add a device).
    keep_devices: bool,
    /// For a step-up in a choice-based build: what every USER_AUTH start adds so that Cognito
    /// enforces it (`assurance`).
    step_up: Option<CognitoStepUp>,
}

/// The step-up parameters USER_AUTH carries: the session's access token and the levels asked for.
#[derive(Debug, Clone)]
struct CognitoStepUp {
    access_token: Secret,
    acr_values: String,
    /// Whether Cognito took them at the last start (else the app's own step-up went on without
    /// them); shared by the clones a page makes of the service.
    taken: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl<T: Transport> AuthService<T> {
    pub fn new(config: Config, transport: T) -> Self {
        Self {
            client: Client::new(config.endpoint.clone(), transport),
            config,
            keep_devices: true,
            step_up: None,
        }
    }

    /// The same service for a step-up of the session holding `access_token`: its sign-in
    /// confirms no device, and in a choice-based build asks Cognito to rate it against `target`
    /// (USER_AUTH with `ACCESS_TOKEN`, `TARGET_ACR_VALUES`, `MAX_AGE`; USER_SRP_AUTH takes none
    /// of them, so an SRP-only build keeps the app's own step-up).
    pub fn for_step_up(
        &self,
        access_token: Option<Secret>,
        target: &assurance::StepUpTarget,
    ) -> Self
    where
        T: Clone,
    {
        Self {
            keep_devices: false,
            step_up: access_token.map(|access_token| CognitoStepUp {
                access_token,
                acr_values: target.acr_values(),
                taken: std::sync::Arc::default(),
            }),
            ..self.clone()
        }
    }

    /// The same step-up service with the session's access token as it is now (the session
    /// refreshes it while the step-up page waits for the user).
    pub fn with_step_up_token(mut self, access_token: Secret) -> Self {
        if let Some(step_up) = &mut self.step_up {
            step_up.access_token = access_token;
        }
        self
    }

    /// Whether Cognito took the step-up parameters at this step-up's last start: then it rated
    /// the proof, and its `acr` must show the level asked for (`guard::complete_step_up`).
    pub fn rated_by_cognito(&self) -> bool {
        self.step_up
            .as_ref()
            .is_some_and(|s| s.taken.load(std::sync::atomic::Ordering::Relaxed))
    }

    /// InitiateAuth USER_AUTH with `params`, and a step-up's parameters where this is one. If
    /// Cognito refuses those ([`assurance::refuses_step_up`]), the same start once more without
    /// them: the app's own step-up, as before Cognito had one. A session token Cognito no longer
    /// takes ("Access Token has expired / been revoked") ends the step-up as the session ended.
    async fn initiate_user_auth(
        &self,
        params: BTreeMap<String, Secret>,
    ) -> Result<AuthResponse, AuthError> {
        let start = |params: BTreeMap<String, Secret>| ops::InitiateAuth {
            auth_flow: AuthFlow::UserAuth,
            client_id: self.config.client_id.clone(),
            auth_parameters: params,
        };
        let Some(step_up) = &self.step_up else {
            return Ok(self.client.call(&start(params)).await?);
        };
        let mut stepping_up = params.clone();
        stepping_up.extend([
            ("ACCESS_TOKEN".to_owned(), step_up.access_token.clone()),
            (
                "TARGET_ACR_VALUES".to_owned(),
                Secret::new(step_up.acr_values.clone()),
            ),
            (
                "MAX_AGE".to_owned(),
                Secret::from(assurance::STEP_UP_MAX_AGE),
            ),
        ]);
        // Recorded only by a start that got an answer: one a newer start cancelled says nothing.
        let taken = |yes: bool| {
            step_up
                .taken
                .store(yes, std::sync::atomic::Ordering::Relaxed);
        };
        match self.client.call(&start(stepping_up)).await {
            Ok(answer) => {
                taken(true);
                Ok(answer)
            }
            Err(e) if assurance::session_token_over(&e) => Err(AuthError::SignedOut),
            Err(e) if assurance::refuses_step_up(&e) => {
                taken(false);
                Ok(self.client.call(&start(params)).await?)
            }
            Err(e) => Err(e.into()),
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The same service over another transport, e.g. one whose requests a page can cancel.
    pub fn map_transport(&self, f: impl FnOnce(&T) -> T) -> Self
    where
        T: Clone,
    {
        Self {
            client: self.client.map_transport(f),
            config: self.config.clone(),
            keep_devices: self.keep_devices,
            step_up: self.step_up.clone(),
        }
    }

    /// USER_SRP_AUTH with a fresh SRP private value, on no remembered device.
    pub async fn sign_in(&self, email: &str, password: &str) -> Result<SignInOutcome, AuthError> {
        self.sign_in_with(SrpClient::generate()?, email, password, None)
            .await
    }

    /// USER_SRP_AUTH with an SRP client made earlier (A can be computed while the user types).
    /// With a `device` this browser holds the secret of, Cognito may answer DEVICE_SRP_AUTH
    /// instead of asking for a code (when the device is remembered); the device proves itself
    /// and the user is signed in.
    pub async fn sign_in_with(
        &self,
        srp: SrpClient,
        email: &str,
        password: &str,
        device: Option<&Device>,
    ) -> Result<SignInOutcome, AuthError> {
        let email = email.trim();
        if email.is_empty() || password.is_empty() {
            return Err(AuthError::MissingCredentials);
        }
        // Choice-based sign-in asks for SRP by name (PREFERRED_CHALLENGE with SRP_A, as
        // amplify-js's handlePasswordSRP does): still two round trips, the password never sent.
        let (auth_flow, preferred) = if self.config.sign_in_methods.is_empty() {
            (AuthFlow::UserSrpAuth, None)
        } else {
            (
                AuthFlow::UserAuth,
                Some((
                    "PREFERRED_CHALLENGE".to_owned(),
                    Secret::from("PASSWORD_SRP"),
                )),
            )
        };
        let params = BTreeMap::from_iter(
            [
                ("USERNAME".to_owned(), Secret::from(email)),
                ("SRP_A".to_owned(), Secret::new(srp.public_a_hex())),
            ]
            .into_iter()
            .chain(preferred)
            .chain(device_key(device)),
        );
        let started = match auth_flow {
            AuthFlow::UserAuth => self.initiate_user_auth(params).await?,
            _ => {
                self.client
                    .call(&ops::InitiateAuth {
                        auth_flow,
                        client_id: self.config.client_id.clone(),
                        auth_parameters: params,
                    })
                    .await?
            }
        };
        match &started.challenge_name {
            Some(ChallengeName::PasswordVerifier) => {}
            // No password for this user (or not allowed): the ways Cognito does offer.
            Some(ChallengeName::SelectChallenge) if auth_flow == AuthFlow::UserAuth => {
                return Ok(on_device(outcome(started, email, email)?, device));
            }
            Some(other) => return Err(AuthError::UnexpectedChallenge(other.as_str().to_owned())),
            None => return Err(AuthError::MissingField("ChallengeName")),
        }
        let param = |key: &'static str| {
            started
                .challenge_parameters
                .get(key)
                .ok_or(AuthError::MissingField(key))
        };
        let user_id = param("USER_ID_FOR_SRP")?;
        let challenge = VerifierChallenge {
            pool_name: &self.config.pool.name,
            user_id_for_srp: user_id,
            salt_hex: param("SALT")?,
            b_hex: param("SRP_B")?,
            secret_block_b64: param("SECRET_BLOCK")?,
        };
        let claim =
            srp.password_claim(&challenge, password, &timestamp::format(clock::now_ms()))?;
        let request = ops::RespondToAuthChallenge {
            client_id: self.config.client_id.clone(),
            challenge_name: ChallengeName::PasswordVerifier,
            session: started.session.clone(),
            challenge_responses: BTreeMap::from_iter(
                [
                    ("USERNAME".to_owned(), Secret::from(user_id.as_str())),
                    (
                        "PASSWORD_CLAIM_SECRET_BLOCK".to_owned(),
                        Secret::new(claim.secret_block_b64),
                    ),
                    (
                        "PASSWORD_CLAIM_SIGNATURE".to_owned(),
                        Secret::new(claim.signature_b64),
                    ),
                    ("TIMESTAMP".to_owned(), Secret::new(claim.timestamp)),
                ]
                .into_iter()
                .chain(device_key(device)),
            ),
        };
        let answered = self.client.call(&request).await?;
        let next = match (&answered.challenge_name, device) {
            (Some(ChallengeName::DeviceSrpAuth), Some(device)) => {
                self.answer_device_challenge(answered, user_id, email, device)
                    .await?
            }
            _ => outcome(answered, user_id, email)?,
        };
        Ok(on_device(next, device))
    }

    /// Answers a TOTP, SMS or email challenge with the same Cognito session; a wrong code leaves
    /// the challenge usable for another try while the session lives.
    pub async fn submit_mfa_code(
        &self,
        challenge: &SignInChallenge,
        code: &str,
    ) -> Result<SignInOutcome, AuthError> {
        let code = normalize_code_of(code, challenge.code_length())?;
        let key = challenge
            .kind
            .code_key()
            .ok_or_else(|| AuthError::UnexpectedChallenge(challenge.kind.name().as_str().into()))?;
        self.respond(challenge, [(key.to_owned(), Secret::new(code))])
            .await
            .map_err(|e| code_error(challenge.kind, e))
    }

    /// Picks one of the methods SELECT_MFA_TYPE offered; Cognito then sends that challenge.
    pub async fn select_mfa_type(
        &self,
        challenge: &SignInChallenge,
        choice: ChallengeKind,
    ) -> Result<SignInOutcome, AuthError> {
        let answer = choice
            .select_answer()
            .ok_or_else(|| AuthError::UnexpectedChallenge(choice.name().as_str().into()))?;
        self.respond(challenge, [("ANSWER".to_owned(), Secret::from(answer))])
            .await
    }

    /// Sets the permanent password a NEW_PASSWORD_REQUIRED challenge asks for, with a value for
    /// each attribute it listed as required (`userAttributes.<name>`; only those, since Cognito
    /// refuses an attribute that already has a value or is not writable, such as
    /// `email_verified`: amazon-cognito-identity-js README, aws-saas-factory-bootcamp#67).
    pub async fn complete_new_password(
        &self,
        challenge: &SignInChallenge,
        new_password: &str,
        attributes: &[(String, String)],
    ) -> Result<SignInOutcome, AuthError> {
        let missing = challenge.required_attributes.iter().any(|name| {
            !attributes
                .iter()
                .any(|(n, v)| n == name && !v.trim().is_empty())
        });
        if new_password.is_empty() || missing {
            return Err(AuthError::MissingCredentials);
        }
        let values = attributes
            .iter()
            .filter(|(name, _)| challenge.required_attributes.contains(name))
            .map(|(name, value)| (format!("userAttributes.{name}"), Secret::from(value.trim())));
        self.respond(
            challenge,
            std::iter::once(("NEW_PASSWORD".to_owned(), Secret::from(new_password))).chain(values),
        )
        .await
    }

    /// MFA_SETUP by email: the address codes go to. Cognito then sends an EMAIL_OTP challenge
    /// with a code at that address (the `EMAIL` answer amplify-js v6 sends,
    /// aws-amplify/amplify-js#13945; AWS documents only the authenticator answer).
    pub async fn set_up_email_mfa(
        &self,
        challenge: &SignInChallenge,
        address: &str,
    ) -> Result<SignInOutcome, AuthError> {
        let address = address.trim();
        if !address.contains('@') {
            return Err(AuthError::MissingCredentials);
        }
        self.respond(challenge, [("EMAIL".to_owned(), Secret::from(address))])
            .await
    }

    async fn respond(
        &self,
        challenge: &SignInChallenge,
        extra: impl IntoIterator<Item = (String, Secret)>,
    ) -> Result<SignInOutcome, AuthError> {
        let mut responses = BTreeMap::from([(
            "USERNAME".to_owned(),
            Secret::new(challenge.username.clone()),
        )]);
        responses.extend(device_key(challenge.device.as_ref()));
        responses.extend(extra);
        let answered = self
            .client
            .call(&ops::RespondToAuthChallenge {
                client_id: self.config.client_id.clone(),
                challenge_name: challenge.kind.name(),
                session: Some(challenge.session.clone()),
                challenge_responses: responses,
            })
            .await?;
        // A remembered device after a sign-in code (USER_AUTH): it proves itself here too.
        let next = match (&answered.challenge_name, challenge.device.as_ref()) {
            (Some(ChallengeName::DeviceSrpAuth), Some(device)) => {
                self.answer_device_challenge(
                    answered,
                    &challenge.username,
                    &challenge.email,
                    device,
                )
                .await?
            }
            _ => outcome(answered, &challenge.username, &challenge.email)?,
        };
        Ok(on_device(next, challenge.device.as_ref()))
    }

    /// A call made with the user's access token: NotAuthorized there means the session is over
    /// (expired, revoked or signed out elsewhere), which the pages answer by signing out.
    pub(crate) async fn as_signed_in<O: ops::Operation>(
        &self,
        request: &O,
    ) -> Result<O::Output, AuthError> {
        self.client.call(request).await.map_err(|e| match e {
            CognitoError::NotAuthorized(_) => AuthError::SignedOut,
            other => AuthError::Cognito(other),
        })
    }

    /// AssociateSoftwareToken: a new TOTP secret for the signed-in user or the MFA_SETUP challenge.
    /// `account` names the user in the authenticator app (their email).
    pub async fn setup_authenticator_app(
        &self,
        who: SetupFor<'_>,
        account: &str,
    ) -> Result<AuthenticatorSecret, AuthError> {
        let out = match who {
            SetupFor::SignedIn(tokens) => {
                let request = ops::AssociateSoftwareToken {
                    access_token: Some(tokens.access_token.clone()),
                    session: None,
                };
                self.as_signed_in(&request).await?
            }
            SetupFor::SignInChallenge(ch) => {
                let request = ops::AssociateSoftwareToken {
                    access_token: None,
                    session: Some(ch.session.clone()),
                };
                self.client.call(&request).await?
            }
        };
        let secret = out
            .secret_code
            .filter(|s| !s.is_empty())
            .ok_or(AuthError::MissingField("SecretCode"))?;
        let key_uri = Secret::new(cognito_crypto::otpauth::key_uri(
            &self.config.app_name,
            account,
            secret.expose(),
        ));
        Ok(AuthenticatorSecret {
            secret,
            key_uri,
            session: out.session,
        })
    }

    /// VerifySoftwareToken for a signed-in user: the authenticator is registered. Turning it on
    /// is a separate call ([`Self::set_preferred_mfa`]) so that, if that one fails, a retry
    /// repeats only it and never sends the used code again (Cognito keeps a verified token;
    /// SetUserMFAPreference is what enables it: AWS docs, "TOTP software token MFA").
    pub async fn verify_authenticator_code(
        &self,
        tokens: &Tokens,
        code: &str,
    ) -> Result<(), AuthError> {
        let code = normalize_code(code)?;
        let out = self
            .as_signed_in(&ops::VerifySoftwareToken {
                access_token: Some(tokens.access_token.clone()),
                session: None,
                user_code: code,
                friendly_device_name: Some(AUTHENTICATOR_NAME.to_owned()),
            })
            .await
            .map_err(|e| code_error(ChallengeKind::Totp, e))?;
        check_status(out.status.as_deref())
    }

    /// MFA_SETUP during sign-in: verify the first code with the session, then finish signing in.
    pub async fn verify_authenticator_during_sign_in(
        &self,
        challenge: &SignInChallenge,
        secret: &AuthenticatorSecret,
        code: &str,
    ) -> Result<SignInOutcome, AuthError> {
        let code = normalize_code(code)?;
        let session = secret
            .session
            .clone()
            .unwrap_or_else(|| challenge.session.clone());
        let out = self
            .client
            .call(&ops::VerifySoftwareToken {
                access_token: None,
                session: Some(session),
                user_code: code,
                friendly_device_name: Some(AUTHENTICATOR_NAME.to_owned()),
            })
            .await?;
        check_status(out.status.as_deref())?;
        let next = SignInChallenge {
            session: out.session.ok_or(AuthError::MissingField("Session"))?,
            ..challenge.clone()
        };
        self.respond(&next, std::iter::empty()).await
    }

    pub async fn get_user(&self, tokens: &Tokens) -> Result<UserProfile, AuthError> {
        let out = self
            .as_signed_in(&ops::GetUser {
                access_token: tokens.access_token.clone(),
            })
            .await?;
        let attribute = |name: &str| {
            out.user_attributes
                .iter()
                .find(|a| a.name == name)
                .map(|a| a.value.clone())
                .filter(|v| !v.is_empty())
        };
        Ok(UserProfile {
            email: attribute("email"),
            phone_number: attribute("phone_number"),
            email_verified: attribute("email_verified").as_deref() == Some("true"),
            phone_verified: attribute("phone_number_verified").as_deref() == Some("true"),
            enabled: MfaFactor::ALL
                .into_iter()
                .filter(|f| out.user_mfa_setting_list.iter().any(|s| s == f.wire_name()))
                .collect(),
            preferred: out
                .preferred_mfa_setting
                .as_deref()
                .and_then(MfaFactor::from_wire),
            passkey_mfa: out
                .user_mfa_setting_list
                .iter()
                .any(|s| s == mfa::PASSKEY_MFA_WIRE_NAME),
            attributes: out
                .user_attributes
                .iter()
                .filter(|a| !a.value.is_empty())
                .map(|a| (a.name.clone(), a.value.clone()))
                .collect(),
            username: out.username,
        })
    }

    /// Revokes the refresh token (and the tokens issued with it). The caller clears its session
    /// whatever this returns: signing out locally must never fail.
    pub async fn sign_out(&self, tokens: &Tokens) -> Result<(), AuthError> {
        if let Some(refresh) = &tokens.refresh_token {
            self.client
                .call(&ops::RevokeToken {
                    token: refresh.clone(),
                    client_id: self.config.client_id.clone(),
                })
                .await?;
        } else {
            self.sign_out_everywhere(tokens).await?;
        }
        Ok(())
    }

    /// GlobalSignOut: every session of the user, on every device, ends (their refresh tokens and
    /// the access tokens issued with them stop working).
    pub async fn sign_out_everywhere(&self, tokens: &Tokens) -> Result<(), AuthError> {
        self.as_signed_in(&ops::GlobalSignOut {
            access_token: tokens.access_token.clone(),
        })
        .await?;
        Ok(())
    }
}

/// On a TOTP step Cognito's ExpiredCodeException means "this code was accepted before", not
/// "too old" (an SMS or email code expires with its session instead).
pub(crate) fn code_error(kind: ChallengeKind, e: AuthError) -> AuthError {
    match e {
        AuthError::Cognito(c) if kind == ChallengeKind::Totp && c.is_expired_code() => {
            AuthError::CodeReused
        }
        other => other,
    }
}

fn check_status(status: Option<&str>) -> Result<(), AuthError> {
    match status {
        Some("SUCCESS") | None => Ok(()),
        Some(other) => Err(AuthError::VerificationFailed(other.to_owned())),
    }
}

/// DEVICE_KEY, for a sign-in on a device this browser holds the secret of.
fn device_key(device: Option<&Device>) -> Option<(String, Secret)> {
    device.map(|d| ("DEVICE_KEY".to_owned(), Secret::from(d.key.as_str())))
}

/// Binds what a sign-in on `device` led to (the session, or the next challenge) to the device.
fn on_device(next: SignInOutcome, device: Option<&Device>) -> SignInOutcome {
    match next {
        SignInOutcome::SignedIn(tokens) if tokens.new_device.is_none() => {
            SignInOutcome::SignedIn(Tokens {
                device: device.cloned(),
                ..tokens
            })
        }
        SignInOutcome::Challenge(ch) => SignInOutcome::Challenge(SignInChallenge {
            device: device.cloned(),
            ..ch
        }),
        other => other,
    }
}

/// Maps a sign-in answer to tokens or the next challenge. Pure, so it is tested on JSON fixtures.
pub fn outcome(
    answer: AuthResponse,
    username: &str,
    email: &str,
) -> Result<SignInOutcome, AuthError> {
    if let Some(result) = answer.authentication_result {
        return Ok(SignInOutcome::SignedIn(Tokens::from_result(result, None)?));
    }
    let name = answer
        .challenge_name
        .ok_or(AuthError::MissingField("ChallengeName"))?;
    let kind = ChallengeKind::from_name(&name)
        .ok_or_else(|| AuthError::UnexpectedChallenge(name.as_str().to_owned()))?;
    let params = &answer.challenge_parameters;
    // Challenge parameters that carry a list carry it as a JSON string.
    let list = |key: &str| {
        params
            .get(key)
            .and_then(|json| serde_json::from_str::<Vec<String>>(json).ok())
            .unwrap_or_default()
    };
    let options_key = match kind {
        ChallengeKind::MfaSetup => "MFAS_CAN_SETUP",
        _ => "MFAS_CAN_CHOOSE",
    };
    let options = list(options_key)
        .iter()
        .filter_map(|n| ChallengeKind::from_name(&ChallengeName::from(n.as_str())))
        .collect();
    // `["userAttributes.name"]` (amplify-js v6 `parseAttributes` strips the same prefix).
    let required_attributes = list("requiredAttributes")
        .into_iter()
        .map(|a| a.strip_prefix("userAttributes.").unwrap_or(&a).to_owned())
        .filter(|a| !a.is_empty())
        .collect();
    Ok(SignInOutcome::Challenge(SignInChallenge {
        kind,
        session: answer.session.ok_or(AuthError::MissingField("Session"))?,
        username: params
            .get("USERNAME")
            .cloned()
            .unwrap_or_else(|| username.to_owned()),
        email: email.to_owned(),
        destination: params.get("CODE_DELIVERY_DESTINATION").cloned(),
        options,
        required_attributes,
        device: None,
        methods: first_factors(&answer.available_challenges),
        first_factor: kind == ChallengeKind::SmsOtp,
        request_options: params.get("CREDENTIAL_REQUEST_OPTIONS").cloned(),
    }))
}

/// AvailableChallenges as the sign-in methods this app knows, each once, in Cognito's order.
fn first_factors(available: &[ChallengeName]) -> Vec<SignInMethod> {
    let mut methods = Vec::new();
    for name in available {
        let method = match name {
            ChallengeName::Password | ChallengeName::PasswordSrp => SignInMethod::Password,
            ChallengeName::EmailOtp => SignInMethod::EmailCode,
            ChallengeName::SmsOtp => SignInMethod::SmsCode,
            ChallengeName::WebAuthn => SignInMethod::Passkey,
            _ => continue,
        };
        if !methods.contains(&method) {
            methods.push(method);
        }
    }
    methods
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_subject_is_the_id_tokens_sub_and_nothing_else_is_guessed() {
        use base64::Engine as _;
        let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        let jwt = |claims: &str| format!("{}.{}.c2ln", b64(r#"{"alg":"RS256"}"#), b64(claims));
        assert_eq!(
            Tokens::for_tests(&jwt(r#"{"sub":"4f1c-aa","email":"kim@example.com"}"#)).subject(),
            Some("4f1c-aa".to_owned())
        );
        for not_one in [
            jwt(r#"{"email":"kim@example.com"}"#),
            jwt(r#"{"sub":""}"#),
            jwt(r#"{"sub":7}"#),
            jwt("not json"),
            "no-dots".to_owned(),
            "a.!!!.c".to_owned(),
        ] {
            assert_eq!(Tokens::for_tests(&not_one).subject(), None, "{not_one}");
        }
    }
}

//! The sign-in as a state machine: the screens ([`Step`]), the requests they send ([`Request`]),
//! what each answer leads to ([`next`]) and which errors send the user back to the password
//! ([`Step::after_error`]). Pure apart from [`AuthService::send`], so it is tested natively;
//! `LoginPage` only renders the current step and dispatches requests. New flows (sign-up, a
//! remembered device, passwordless) add their steps and requests here.

use zeroize::Zeroizing;

use super::ErrorKey;
use super::attributes::AttributeRefusal;
use super::{AuthError, AuthService, AuthenticatorSecret, ChallengeKind, SignInChallenge};
use super::{CodeSent, Device, NewAccount, SignInOutcome, SignedUp, Tokens};
use crate::cognito::Transport;
use crate::config::{AttributeField, SignInMethod};
use cognito_crypto::srp::{self, SrpClient};

/// A password kept for one step more (to sign in once the account is confirmed), wiped when
/// dropped and never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct HeldPassword(Zeroizing<String>);

impl HeldPassword {
    pub fn new(password: Zeroizing<String>) -> Self {
        Self(password)
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for HeldPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("*** redacted ***")
    }
}

/// What the user typed on the sign-in form. `Debug` never shows the password, and every copy of
/// it in wasm memory is wiped when dropped (the browser's own copy, a JS string, is beyond reach).
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub email: String,
    pub password: Zeroizing<String>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("email", &self.email)
            .finish_non_exhaustive()
    }
}

/// Where the sign-in stands. Each challenge step holds the live Cognito challenge it answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Credentials,
    /// A TOTP, SMS or email code; or a sign-in code (USER_AUTH), with "Send a new code".
    Code(SignInChallenge),
    /// USER_AUTH's SELECT_CHALLENGE: the ways this user can sign in (of those the app offers).
    ChooseMethod(SignInChallenge),
    /// USER_AUTH's WEB_AUTHN: the browser asks for the passkey.
    Passkey(SignInChallenge),
    SelectMfa(SignInChallenge),
    NewPassword(SignInChallenge),
    /// MFA_SETUP where the pool offers more than an authenticator app: choose how to get codes.
    ChooseSetup(SignInChallenge),
    /// MFA_SETUP: the pool requires MFA and the user has none: add an authenticator first.
    SetupAuthenticator(SignInChallenge),
    /// MFA_SETUP by email: the address codes go to (the user's own, to start with).
    SetupEmail(SignInChallenge),
    /// The first code of the authenticator added during MFA_SETUP.
    VerifyAuthenticator(SignInChallenge),
    /// A new account: email and password.
    SignUp,
    /// The code that confirms a new (or not yet confirmed) account; then signed in with the
    /// password typed a moment ago, not asked for again.
    ConfirmSignUp {
        email: String,
        sent: CodeSent,
        password: HeldPassword,
    },
    /// Signed in, on a device Cognito tracks and will remember only if the user says so.
    RememberDevice {
        tokens: Box<Tokens>,
        device: Device,
    },
    /// Which account forgot its password.
    ForgotPassword,
    /// The reset code and the new password; then signed in with it.
    ResetPassword {
        email: String,
        sent: CodeSent,
        /// The sign-in found the password must be reset (an administrator's reset): the code
        /// went out without being asked for.
        required: bool,
    },
}

/// One request to Cognito; every one of them ends in tokens, a next challenge or an error. Not
/// `Debug`: it may carry a password.
#[derive(Clone)]
pub enum Request {
    /// Email and password, on a device this browser holds the secret of (if any).
    SignIn(Credentials, Option<Device>),
    /// The answer to "Remember this device?".
    RememberDevice {
        tokens: Box<Tokens>,
        device: Device,
        remember: bool,
    },
    Code(SignInChallenge, String),
    Select(SignInChallenge, ChallengeKind),
    /// A sign-in code by email or text message (or a new one), or a passkey (USER_AUTH).
    FirstFactor {
        email: String,
        method: SignInMethod,
        device: Option<Device>,
    },
    /// The code method or passkey picked on the SELECT_CHALLENGE screen.
    ChooseFirstFactor(SignInChallenge, SignInMethod),
    /// The passkey's assertion (a JSON string) for the WEB_AUTHN challenge.
    Passkey(SignInChallenge, String),
    /// The new password and a value for each attribute the pool requires.
    NewPassword(SignInChallenge, Zeroizing<String>, Vec<(String, String)>),
    /// MFA_SETUP answered with the address email codes go to.
    SetupEmail(SignInChallenge, String),
    VerifySetup(SignInChallenge, AuthenticatorSecret, String),
    SignUp(Credentials, NewAccount),
    ConfirmSignUp {
        email: String,
        code: String,
        password: HeldPassword,
    },
    /// Another confirmation code (the screen stays, saying it was sent).
    ResendCode {
        email: String,
    },
    ForgotPassword {
        email: String,
    },
    /// "Send a new code" on the reset screen: the same screen, a fresh code.
    ResendResetCode {
        email: String,
    },
    ResetPassword {
        email: String,
        code: String,
        password: Zeroizing<String>,
    },
}

/// What the sign-in under way has proved, for [`crate::auth::guard::SessionGuard`]: whether it
/// began on a remembered device (which Cognito may let answer for the code: DEVICE_SRP_AUTH), and
/// whether a factor was answered since (a code, a passkey, an authenticator set up). Kept by the
/// sign-in page across the sign-in's requests, so a sign-in finished by another request (a new
/// password, "Remember this device?") still counts what came before it.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct FactorsProved {
    named_device: bool,
    answered_factor: bool,
}

impl FactorsProved {
    /// After `req` was answered without an error. A request that starts a sign-in starts over.
    pub fn after(self, req: &Request) -> Self {
        match req {
            Request::SignIn(_, device) | Request::FirstFactor { device, .. } => Self {
                named_device: device.is_some(),
                answered_factor: false,
            },
            // These sign in afresh afterwards, on no device.
            Request::SignUp(..) | Request::ConfirmSignUp { .. } | Request::ResetPassword { .. } => {
                Self::default()
            }
            Request::Code(..) | Request::Passkey(..) | Request::VerifySetup(..) => Self {
                answered_factor: true,
                ..self
            },
            _ => self,
        }
    }

    /// Whether the sign-in, now complete, proved every factor the account has: not when it began
    /// on a remembered device and answered nothing (the device may have stood in for the code).
    /// A passkey signs in alone only for an account without MFA, or with passkey MFA, which
    /// requires user verification.
    pub fn every_factor(self) -> bool {
        !self.named_device || self.answered_factor
    }
}

/// What an answer leads to.
#[derive(Debug, PartialEq, Eq)]
pub enum Next {
    /// Signed in: keep the tokens, go home.
    SignedIn(Tokens),
    /// Another screen.
    Show(Step),
    /// The same screen, with news for the user.
    Notice(Notice),
}

/// Good news that keeps the user where they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// A new confirmation code is on its way.
    CodeResent,
}

/// Tokens go home; a challenge goes to its screen.
pub fn next(outcome: SignInOutcome) -> Next {
    match outcome {
        SignInOutcome::SignedIn(tokens) => Next::SignedIn(tokens),
        SignInOutcome::Challenge(ch) => Next::Show(match ch.kind {
            ChallengeKind::Totp
            | ChallengeKind::Sms
            | ChallengeKind::Email
            | ChallengeKind::SmsOtp => Step::Code(ch),
            ChallengeKind::SelectFirstFactor => Step::ChooseMethod(ch),
            ChallengeKind::Passkey => Step::Passkey(ch),
            ChallengeKind::SelectMfaType => Step::SelectMfa(ch),
            ChallengeKind::NewPasswordRequired => Step::NewPassword(ch),
            // Email codes can be set up here too when the pool offers them (SMS needs a phone
            // number the user has not given, so it is not offered).
            ChallengeKind::MfaSetup if ch.options.contains(&ChallengeKind::Email) => {
                Step::ChooseSetup(ch)
            }
            ChallengeKind::MfaSetup => Step::SetupAuthenticator(ch),
        }),
    }
}

/// NEW_PASSWORD_REQUIRED's fields: each attribute the pool requires and the account lacks.
pub fn required_fields(names: &[String]) -> Vec<AttributeField> {
    names
        .iter()
        .map(|name| AttributeField {
            name: name.clone(),
            required: true,
            label: None,
            read_only: false,
        })
        .collect()
}

impl Step {
    /// What a failure on this screen tells the user: the words above the form, and the
    /// attributes Cognito refused, each said at its field (a sign-up's `sign_up_fields`, a new
    /// password's required attributes).
    pub fn explain(
        &self,
        e: &AuthError,
        sign_up_fields: &[AttributeField],
    ) -> (ErrorKey, Vec<AttributeRefusal>) {
        match self {
            Step::SignUp => e.explain_for(sign_up_fields),
            Step::NewPassword(ch) => e.explain_for(&required_fields(&ch.required_attributes)),
            _ => (e.message_key(), Vec::new()),
        }
    }

    /// After a failed request: `Some(Credentials)` when the sign-in cannot go on (its session
    /// expired or was used up, a lockout, an expired SMS/email code) and the user is not already
    /// there; `None` keeps the screen as it is, with what was typed, for another try.
    pub fn after_error(&self, e: &AuthError) -> Option<Step> {
        let expired = e.is_expired_code() && !matches!(e, AuthError::SignInAfterwards(_));
        match self {
            // An expired reset code: ask for a new one (the email stays in the form).
            Step::ResetPassword { .. } if expired => Some(Step::ForgotPassword),
            // An expired confirmation code: "Send a new code" is right there.
            Step::ConfirmSignUp { .. } if expired => None,
            // Not sign-in sessions: a refusal (sign-up not allowed, say) leaves the form as it is.
            Step::SignUp | Step::ForgotPassword | Step::ResetPassword { .. }
                if !matches!(e, AuthError::SignInAfterwards(_)) =>
            {
                None
            }
            Step::Credentials => None,
            _ => e.ends_sign_in().then_some(Step::Credentials),
        }
    }
}

impl Step {
    /// Where "Back" goes from this screen: the previous screen of a forced set-up, else the
    /// sign-in form (the email kept).
    pub fn back(&self) -> Step {
        match self {
            Step::VerifyAuthenticator(ch) => Step::SetupAuthenticator(ch.clone()),
            Step::SetupEmail(ch) => Step::ChooseSetup(ch.clone()),
            _ => Step::Credentials,
        }
    }

    /// "Continue to verification" after the QR code of a forced set-up.
    pub fn to_verification(&self) -> Option<Step> {
        match self {
            Step::SetupAuthenticator(ch) => Some(Step::VerifyAuthenticator(ch.clone())),
            _ => None,
        }
    }

    /// The way of getting codes chosen on a forced set-up's choice screen.
    pub fn set_up_with(&self, kind: ChallengeKind) -> Option<Step> {
        match self {
            Step::ChooseSetup(ch) if kind == ChallengeKind::Email => {
                Some(Step::SetupEmail(ch.clone()))
            }
            Step::ChooseSetup(ch) if kind == ChallengeKind::Totp => {
                Some(Step::SetupAuthenticator(ch.clone()))
            }
            _ => None,
        }
    }
}

impl SignInChallenge {
    /// What a forced set-up (MFA_SETUP) lets the user choose here: an authenticator app, and
    /// email codes where the pool offers them (SMS needs a phone number the user has not given).
    pub fn setup_choices(&self) -> Vec<ChallengeKind> {
        self.options
            .iter()
            .copied()
            .filter(|k| matches!(k, ChallengeKind::Totp | ChallengeKind::Email))
            .collect()
    }

    /// Of the first factors Cognito offers this account (SELECT_CHALLENGE), those this page
    /// offers too, in Cognito's order.
    pub fn methods_offered_by(&self, page: &[SignInMethod]) -> Vec<SignInMethod> {
        self.methods
            .iter()
            .copied()
            .filter(|m| page.contains(m))
            .collect()
    }

    /// The first-factor method that sends this challenge's code again ("Send a new code" starts
    /// the sign-in over): None unless it is a first-factor code.
    pub fn resend_method(&self) -> Option<SignInMethod> {
        match self.kind {
            _ if !self.first_factor => None,
            ChallengeKind::SmsOtp => Some(SignInMethod::SmsCode),
            ChallengeKind::Email => Some(SignInMethod::EmailCode),
            _ => None,
        }
    }
}

impl Request {
    /// "Send a new code" on a sign-in code screen: the news is said on the new code screen.
    pub fn resends_code(&self, on: &Step) -> bool {
        matches!(self, Request::FirstFactor { .. })
            && matches!(on, Step::Code(ch) if ch.first_factor)
    }

    /// The email (or name) this request signs in as, to keep on the form.
    pub fn email(&self) -> Option<&str> {
        match self {
            Request::SignIn(c, _) | Request::SignUp(c, _) => Some(&c.email),
            Request::ForgotPassword { email } | Request::FirstFactor { email, .. } => Some(email),
            _ => None,
        }
    }
}

/// The name a confirmed device is listed under (DeviceName): the browser and the system, from
/// the user agent ("Chrome on Linux").
fn device_name() -> String {
    #[cfg(target_arch = "wasm32")]
    let agent = web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default();
    #[cfg(not(target_arch = "wasm32"))]
    let agent = String::new();
    describe_user_agent(&agent)
}

/// "Chrome on Linux", "Safari on iPhone", … from a user-agent string; "Web browser" if unknown.
pub fn describe_user_agent(agent: &str) -> String {
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Chromium/", "Chromium"),
        ("Safari/", "Safari"),
    ]
    .into_iter()
    .find(|(token, _)| agent.contains(token))
    .map_or("Web browser", |(_, name)| name);
    let system = [
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Android", "Android"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(token, _)| agent.contains(token))
    .map(|(_, name)| name);
    match system {
        Some(system) => format!("{browser} on {system}"),
        None => browser.to_owned(),
    }
}

/// The client's first SRP step, A = g^a, made ahead of a sign-in (while the user types), so that
/// after "Sign in" only the password-dependent part is left. One per sign-in: it is used up.
pub struct PreparedSrp(SrpClient);

impl PreparedSrp {
    /// Rows of g's fixed-base table built per [`PreparedSrp::warm_up`] call: ≈ 60 Montgomery
    /// multiplications, 1–3 ms in a browser, short enough not to delay a keystroke.
    const ROWS_PER_SLICE: usize = 4;

    /// One short slice of the one-time work that makes A cheap (the group's tables); true once
    /// there is none left. A page calls it between frames until true, then [`PreparedSrp::new`].
    pub fn warm_up() -> bool {
        srp::group().warm_up(Self::ROWS_PER_SLICE)
    }

    /// A fresh private value and its A (64 multiplications once the tables are built).
    pub fn new() -> Option<Self> {
        SrpClient::generate().ok().map(Self)
    }
}

impl std::fmt::Debug for PreparedSrp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PreparedSrp")
    }
}

impl<T: Transport> AuthService<T> {
    /// Sends one request of the sign-in (or of getting there: sign-up, a forgotten password) and
    /// says what it leads to.
    pub async fn send(&self, request: &Request) -> Result<Next, AuthError> {
        self.send_with(request, None).await
    }

    /// [`Self::send`] with an SRP first step made earlier, used by a password sign-in.
    pub async fn send_with(
        &self,
        request: &Request,
        prepared: Option<PreparedSrp>,
    ) -> Result<Next, AuthError> {
        let srp = || match prepared {
            Some(PreparedSrp(client)) => Ok(client),
            None => SrpClient::generate(),
        };
        let outcome = match request {
            Request::SignIn(c, device) => match self
                .sign_in_with(srp()?, &c.email, &c.password, device.as_ref())
                .await
            {
                // A device Cognito no longer knows (forgotten elsewhere): "Device does not
                // exist." The sign-in starts again without it, as amplify-js does
                // (`retryOnResourceNotFoundException`, aws-amplify/amplify-js#12241; also
                // amazon-cognito-identity-js#200), and ends on a new device.
                Err(e) if device.is_some() && e.is_device_gone() => {
                    self.sign_in_with(SrpClient::generate()?, &c.email, &c.password, None)
                        .await?
                }
                // An account that was never confirmed: a fresh code, and the confirm screen.
                Err(e) if e.is_user_not_confirmed() => {
                    // Even if no new code could be sent (a rate limit, say), the confirm screen
                    // takes a code the user already has, and offers "Send a new code".
                    let sent = match self.resend_confirmation_code(&c.email).await {
                        Err(e) if e.is_cancelled() => return Err(e),
                        other => other.unwrap_or_default(),
                    };
                    return Ok(Next::Show(Step::ConfirmSignUp {
                        email: c.email.trim().to_owned(),
                        sent,
                        password: HeldPassword::new(c.password.clone()),
                    }));
                }
                // An administrator reset the password (RESET_REQUIRED): "you need to call
                // forgotPassword to reset the password" (amazon-cognito-identity-js's README,
                // "Use case 4"; amplify-swift's `SignInError.isResetPassword` leads to its
                // `resetPassword` step). The code is sent now and the reset screen opens for the
                // account; if no code can be sent, the refusal stands.
                Err(e) if e.is_password_reset_required() => {
                    return match self.forgot_password(&c.email).await {
                        Ok(sent) => Ok(Next::Show(Step::ResetPassword {
                            email: c.email.trim().to_owned(),
                            sent,
                            required: true,
                        })),
                        Err(again) if again.is_cancelled() => Err(again),
                        Err(_) => Err(e),
                    };
                }
                other => other?,
            },
            Request::Code(ch, code) => match self.submit_mfa_code(ch, code).await {
                // A sign-in code named a device Cognito no longer knows ("Device does not
                // exist." at the answer, the session kept): the same answer again without it,
                // as amplify-js retries (`retryOnResourceNotFoundException`).
                Err(e) if ch.first_factor && ch.device.is_some() && e.is_device_gone() => {
                    let without = SignInChallenge {
                        device: None,
                        ..ch.clone()
                    };
                    self.submit_mfa_code(&without, code).await?
                }
                other => other?,
            },
            Request::Select(ch, kind) => self.select_mfa_type(ch, *kind).await?,
            Request::FirstFactor {
                email,
                method,
                device,
            } => match self
                .start_first_factor(email, *method, device.as_ref())
                .await
            {
                // A device Cognito no longer knows: as for a password sign-in, start again
                // without it.
                Err(e) if device.is_some() && e.is_device_gone() => {
                    self.start_first_factor(email, *method, None).await?
                }
                other => other?,
            },
            Request::ChooseFirstFactor(ch, method) => self.choose_first_factor(ch, *method).await?,
            Request::Passkey(ch, credential) => self.answer_passkey(ch, credential).await?,
            Request::NewPassword(ch, password, attributes) => {
                self.complete_new_password(ch, password, attributes).await?
            }
            Request::SetupEmail(ch, address) => self.set_up_email_mfa(ch, address).await?,
            Request::VerifySetup(ch, secret, code) => {
                self.verify_authenticator_during_sign_in(ch, secret, code)
                    .await?
            }
            Request::SignUp(c, contacts) => {
                match self.sign_up(&c.email, &c.password, contacts).await? {
                    SignedUp::NeedsConfirmation(sent) => {
                        return Ok(Next::Show(Step::ConfirmSignUp {
                            email: c.email.trim().to_owned(),
                            sent,
                            password: HeldPassword::new(c.password.clone()),
                        }));
                    }
                    SignedUp::Confirmed => self.sign_in(&c.email, &c.password).await?,
                }
            }
            Request::ConfirmSignUp {
                email,
                code,
                password,
            } => {
                self.confirm_sign_up(email, code).await?;
                self.sign_in_afterwards(email, password.expose()).await?
            }
            Request::RememberDevice {
                tokens,
                device,
                remember,
            } => {
                // The sign-in is done either way; if the answer does not reach Cognito the
                // device simply stays not remembered ("not_remembered" is said too: the pool
                // asked). Only a cancel (Back) stops here.
                let remembered = match self
                    .set_device_remembered(tokens, &device.key, *remember)
                    .await
                {
                    Err(e) if e.is_cancelled() => return Err(e),
                    answer => *remember && answer.is_ok(),
                };
                return Ok(Next::SignedIn(Tokens {
                    device: Some(Device {
                        remembered,
                        ..device.clone()
                    }),
                    ..(**tokens).clone()
                }));
            }
            Request::ResendCode { email } => {
                self.resend_confirmation_code(email).await?;
                return Ok(Next::Notice(Notice::CodeResent));
            }
            Request::ForgotPassword { email } => {
                let sent = self.forgot_password(email).await?;
                return Ok(Next::Show(Step::ResetPassword {
                    email: email.trim().to_owned(),
                    sent,
                    required: false,
                }));
            }
            Request::ResendResetCode { email } => {
                self.forgot_password(email).await?;
                return Ok(Next::Notice(Notice::CodeResent));
            }
            Request::ResetPassword {
                email,
                code,
                password,
            } => {
                self.confirm_forgot_password(email, code, password).await?;
                self.sign_in_afterwards(email, password).await?
            }
        };
        match outcome {
            SignInOutcome::SignedIn(tokens) if tokens.new_device.is_some() && self.keep_devices => {
                let after_code = matches!(request, Request::Code(..) | Request::VerifySetup(..));
                self.keep_device(tokens, after_code).await
            }
            other => Ok(next(other)),
        }
    }

    /// A sign-in that was handed a new device key: the device gets its secret (ConfirmDevice),
    /// and, where the pool remembers devices only when the user says so, the user is asked, if
    /// they answered a code this time (remembering is what spares them the next one). A device
    /// that cannot be confirmed does not stop the sign-in: the session then has no device.
    async fn keep_device(&self, tokens: Tokens, after_code: bool) -> Result<Next, AuthError> {
        Ok(match self.confirm_device(&tokens, &device_name()).await {
            Err(e) if e.is_cancelled() => return Err(e),
            Ok(Some(confirmed)) if confirmed.ask_user && after_code => {
                Next::Show(Step::RememberDevice {
                    tokens: Box::new(Tokens {
                        new_device: None,
                        ..tokens
                    }),
                    device: confirmed.device,
                })
            }
            Ok(confirmed) => Next::SignedIn(Tokens {
                new_device: None,
                device: confirmed.map(|c| c.device),
                ..tokens
            }),
            Err(_) => Next::SignedIn(Tokens {
                new_device: None,
                ..tokens
            }),
        })
    }

    /// The sign-in that follows a step which worked: its failure (other than a cancel) says the
    /// step is done, so nothing sends it again.
    async fn sign_in_afterwards(
        &self,
        email: &str,
        password: &str,
    ) -> Result<SignInOutcome, AuthError> {
        self.sign_in(email, password).await.map_err(|e| {
            if e.is_cancelled() {
                e
            } else {
                AuthError::SignInAfterwards(Box::new(e))
            }
        })
    }
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::auth::outcome;
    use crate::auth::scripted::{Scripted, ready};
    use crate::cognito::ops::{AuthResponse, ChallengeName};
    use crate::cognito::{CognitoError, Secret};
    use crate::config::{Config, RawConfig};

    fn challenge(kind: &str) -> SignInChallenge {
        challenge_with(
            kind,
            &[("MFAS_CAN_CHOOSE", r#"["SMS_MFA","SOFTWARE_TOKEN_MFA"]"#)],
        )
    }

    #[test]
    fn each_challenge_has_its_screen() {
        let show = |kind| match next(SignInOutcome::Challenge(challenge(kind))) {
            Next::Show(step) => step,
            other => panic!("{kind}: {other:?}"),
        };
        for code in ["SOFTWARE_TOKEN_MFA", "SMS_MFA", "EMAIL_OTP"] {
            assert!(matches!(show(code), Step::Code(ch) if ch.email == "kim@example.com"));
        }
        assert!(
            matches!(show("SELECT_MFA_TYPE"), Step::SelectMfa(ch) if ch.options == [ChallengeKind::Sms, ChallengeKind::Totp])
        );
        assert!(matches!(
            show("NEW_PASSWORD_REQUIRED"),
            Step::NewPassword(_)
        ));
        assert!(matches!(show("MFA_SETUP"), Step::SetupAuthenticator(_)));
    }

    fn challenge_with(kind: &str, params: &[(&str, &str)]) -> SignInChallenge {
        let answer = AuthResponse {
            challenge_name: Some(ChallengeName::from(kind)),
            session: Some(Secret::from("session-1")),
            challenge_parameters: params
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            authentication_result: None,
            available_challenges: Vec::new(),
        };
        match outcome(answer, "user-sub", "kim@example.com") {
            Ok(SignInOutcome::Challenge(ch)) => ch,
            other => panic!("{kind}: {other:?}"),
        }
    }

    #[test]
    fn a_pool_that_offers_email_codes_lets_mfa_set_up_choose() {
        let both = challenge_with(
            "MFA_SETUP",
            &[(
                "MFAS_CAN_SETUP",
                r#"["SMS_MFA","SOFTWARE_TOKEN_MFA","EMAIL_OTP"]"#,
            )],
        );
        assert_eq!(
            both.options,
            [
                ChallengeKind::Sms,
                ChallengeKind::Totp,
                ChallengeKind::Email
            ]
        );
        assert!(matches!(
            next(SignInOutcome::Challenge(both)),
            Next::Show(Step::ChooseSetup(_))
        ));
        let app_only = challenge_with(
            "MFA_SETUP",
            &[("MFAS_CAN_SETUP", r#"["SOFTWARE_TOKEN_MFA"]"#)],
        );
        assert!(matches!(
            next(SignInOutcome::Challenge(app_only)),
            Next::Show(Step::SetupAuthenticator(_))
        ));
    }

    #[test]
    fn required_attributes_are_read_without_their_prefix() {
        let ch = challenge_with(
            "NEW_PASSWORD_REQUIRED",
            &[
                (
                    "requiredAttributes",
                    r#"["userAttributes.name","userAttributes.custom:team"]"#,
                ),
                (
                    "userAttributes",
                    r#"{"email":"kim@example.com","email_verified":"true"}"#,
                ),
            ],
        );
        assert_eq!(ch.required_attributes, ["name", "custom:team"]);
        let none = challenge_with("NEW_PASSWORD_REQUIRED", &[("requiredAttributes", "[]")]);
        assert!(none.required_attributes.is_empty());
    }

    /// Cognito's refusal of a new password's attribute is said at its field; on other screens
    /// (the code, say) the same words stay a general error.
    #[test]
    fn a_refused_required_attribute_is_said_at_its_field() {
        let ch = challenge_with(
            "NEW_PASSWORD_REQUIRED",
            &[(
                "requiredAttributes",
                r#"["userAttributes.name","userAttributes.birthdate"]"#,
            )],
        );
        let refused = AuthError::Cognito(CognitoError::from_code(
            "InvalidParameterException",
            "Attributes did not conform to the schema: birthdate: String must be no shorter than 10 characters".into(),
        ));
        let (key, at) = Step::NewPassword(ch.clone()).explain(&refused, &[]);
        assert_eq!(key, ErrorKey::CheckFields);
        assert_eq!(
            at.iter().map(|r| r.attribute.as_str()).collect::<Vec<_>>(),
            ["birthdate"]
        );
        let (key, at) = Step::Code(ch).explain(&refused, &[]);
        assert_eq!((key, at.len()), (ErrorKey::InvalidInput, 0));
    }

    #[test]
    fn a_new_password_carries_only_the_required_attributes_and_all_of_them() {
        let signed_in =
            r#"{"AuthenticationResult":{"AccessToken":"a","IdToken":"i","ExpiresIn":3600}}"#;
        let script = Scripted::new(&[Ok(signed_in)]);
        let service = AuthService::new(
            Config::parse(RawConfig::default()).unwrap_or_else(|e| panic!("{e}")),
            &script,
        );
        let ch = challenge_with(
            "NEW_PASSWORD_REQUIRED",
            &[("requiredAttributes", r#"["userAttributes.name"]"#)],
        );
        let password = || Zeroizing::new("Mine-Passw0rd!".to_owned());
        let missing =
            Request::NewPassword(ch.clone(), password(), vec![("name".into(), " ".into())]);
        assert!(matches!(
            ready(service.send(&missing)),
            Err(AuthError::MissingCredentials)
        ));
        assert!(
            script.operations().is_empty(),
            "nothing sent without the name"
        );
        let attributes = vec![
            ("name".to_owned(), " Kim Lee ".to_owned()),
            ("email_verified".to_owned(), "true".to_owned()),
        ];
        let answer = ready(service.send(&Request::NewPassword(ch, password(), attributes)));
        assert!(matches!(answer, Ok(Next::SignedIn(_))), "{answer:?}");
        let responses = &script.last_body()["ChallengeResponses"];
        assert_eq!(responses["userAttributes.name"], "Kim Lee");
        assert!(
            responses.get("userAttributes.email_verified").is_none(),
            "only what was asked for: Cognito refuses email_verified back"
        );
        assert_eq!(responses["NEW_PASSWORD"], "Mine-Passw0rd!");
    }

    #[test]
    fn email_codes_are_set_up_with_the_address_cognito_sends_them_to() {
        let code_sent = r#"{"ChallengeName":"EMAIL_OTP","Session":"session-2","ChallengeParameters":{"CODE_DELIVERY_DELIVERY_MEDIUM":"EMAIL","CODE_DELIVERY_DESTINATION":"k***@e***"}}"#;
        let script = Scripted::new(&[Ok(code_sent)]);
        let service = AuthService::new(
            Config::parse(RawConfig::default()).unwrap_or_else(|e| panic!("{e}")),
            &script,
        );
        let ch = challenge_with(
            "MFA_SETUP",
            &[("MFAS_CAN_SETUP", r#"["SOFTWARE_TOKEN_MFA","EMAIL_OTP"]"#)],
        );
        let answer = ready(service.send(&Request::SetupEmail(ch, " kim@example.com ".into())));
        let Ok(Next::Show(Step::Code(code))) = answer else {
            panic!("{answer:?}")
        };
        assert_eq!(code.kind, ChallengeKind::Email);
        assert_eq!(code.destination.as_deref(), Some("k***@e***"));
        let body = script.last_body();
        assert_eq!(body["ChallengeName"], "MFA_SETUP");
        assert_eq!(body["ChallengeResponses"]["EMAIL"], "kim@example.com");
        assert_eq!(body["ChallengeResponses"]["USERNAME"], "user-sub");
    }

    fn choice_service(script: &Scripted) -> AuthService<&Scripted> {
        AuthService::new(
            Config::parse(RawConfig {
                sign_in_methods: Some("password,email_otp,sms_otp"),
                ..RawConfig::default()
            })
            .unwrap_or_else(|e| panic!("{e}")),
            script,
        )
    }

    #[test]
    fn an_emailed_sign_in_code_is_the_only_factor_and_has_eight_digits() {
        let code_sent = r#"{"ChallengeName":"EMAIL_OTP","Session":"s1","ChallengeParameters":{"CODE_DELIVERY_DELIVERY_MEDIUM":"EMAIL","CODE_DELIVERY_DESTINATION":"k***@e***"}}"#;
        let signed_in =
            r#"{"AuthenticationResult":{"AccessToken":"a","IdToken":"i","ExpiresIn":3600}}"#;
        let script = Scripted::new(&[Ok(code_sent), Ok(signed_in)]);
        let service = choice_service(&script);
        let send = Request::FirstFactor {
            email: " kim@example.com ".into(),
            method: SignInMethod::EmailCode,
            device: None,
        };
        let Ok(Next::Show(Step::Code(ch))) = ready(service.send(&send)) else {
            panic!("a code screen")
        };
        let started = script.last_body();
        assert_eq!(started["AuthFlow"], "USER_AUTH");
        assert_eq!(started["AuthParameters"]["USERNAME"], "kim@example.com");
        assert_eq!(
            started["AuthParameters"]["PREFERRED_CHALLENGE"],
            "EMAIL_OTP"
        );
        assert!(started["AuthParameters"].get("PASSWORD").is_none());
        assert!(ch.first_factor);
        assert_eq!(ch.code_length(), 8);
        assert_eq!(ch.destination.as_deref(), Some("k***@e***"));
        // Six digits is an MFA code, not this one: refused before any request.
        assert!(matches!(
            ready(service.send(&Request::Code(ch.clone(), "123456".into()))),
            Err(AuthError::InvalidCodeFormat)
        ));
        let answer = ready(service.send(&Request::Code(ch, "1234 5678".into())));
        assert!(matches!(answer, Ok(Next::SignedIn(_))), "{answer:?}");
        let body = script.last_body();
        assert_eq!(body["ChallengeName"], "EMAIL_OTP");
        assert_eq!(body["Session"], "s1");
        assert_eq!(body["ChallengeResponses"]["EMAIL_OTP_CODE"], "12345678");
    }

    #[test]
    fn a_sign_in_code_on_a_device_cognito_forgot_is_answered_again_without_it() {
        let code_sent = r#"{"ChallengeName":"EMAIL_OTP","Session":"s1","ChallengeParameters":{}}"#;
        let signed_in =
            r#"{"AuthenticationResult":{"AccessToken":"a","IdToken":"i","ExpiresIn":3600}}"#;
        let script = Scripted::new(&[
            Ok(code_sent),
            Err(("ResourceNotFoundException", "Device does not exist.")),
            Ok(signed_in),
        ]);
        let service = choice_service(&script);
        let device = Device {
            key: "us-east-1_dev".into(),
            group_key: "group".into(),
            password: Secret::from("device-password"),
            remembered: true,
        };
        let send = Request::FirstFactor {
            email: "kim@example.com".into(),
            method: SignInMethod::EmailCode,
            device: Some(device),
        };
        let Ok(Next::Show(Step::Code(ch))) = ready(service.send(&send)) else {
            panic!("a code screen")
        };
        assert_eq!(
            script.last_body()["AuthParameters"]["DEVICE_KEY"],
            "us-east-1_dev"
        );
        let answer = ready(service.send(&Request::Code(ch, "12345678".into())));
        let Ok(Next::SignedIn(tokens)) = answer else {
            panic!("{answer:?}")
        };
        assert_eq!(
            tokens.device, None,
            "the session is on no device; the page forgets it"
        );
        let retried = script.last_body();
        assert_eq!(retried["ChallengeResponses"]["EMAIL_OTP_CODE"], "12345678");
        assert!(retried["ChallengeResponses"].get("DEVICE_KEY").is_none());
        assert_eq!(script.operations().len(), 3);
    }

    #[test]
    fn a_texted_code_answers_sms_otp() {
        let code_sent = r#"{"ChallengeName":"SMS_OTP","Session":"s1","ChallengeParameters":{"CODE_DELIVERY_DESTINATION":"+*******0142"}}"#;
        let signed_in =
            r#"{"AuthenticationResult":{"AccessToken":"a","IdToken":"i","ExpiresIn":3600}}"#;
        let script = Scripted::new(&[Ok(code_sent), Ok(signed_in)]);
        let service = choice_service(&script);
        let send = Request::FirstFactor {
            email: "kim@example.com".into(),
            method: SignInMethod::SmsCode,
            device: None,
        };
        let Ok(Next::Show(Step::Code(ch))) = ready(service.send(&send)) else {
            panic!("a code screen")
        };
        assert_eq!(
            script.last_body()["AuthParameters"]["PREFERRED_CHALLENGE"],
            "SMS_OTP"
        );
        assert_eq!((ch.kind, ch.code_length()), (ChallengeKind::SmsOtp, 8));
        assert!(matches!(
            ready(service.send(&Request::Code(ch, "87654321".into()))),
            Ok(Next::SignedIn(_))
        ));
        let body = script.last_body();
        assert_eq!(body["ChallengeName"], "SMS_OTP");
        assert_eq!(body["ChallengeResponses"]["SMS_OTP_CODE"], "87654321");
    }

    #[test]
    fn select_challenge_offers_what_cognito_offers_and_a_code_is_chosen_by_answer() {
        let choose = r#"{"ChallengeName":"SELECT_CHALLENGE","Session":"s1","AvailableChallenges":["PASSWORD","PASSWORD_SRP","EMAIL_OTP","WEB_AUTHN"]}"#;
        let code_sent = r#"{"ChallengeName":"EMAIL_OTP","Session":"s2","ChallengeParameters":{"CODE_DELIVERY_DESTINATION":"k***@e***"}}"#;
        let script = Scripted::new(&[Ok(choose), Ok(code_sent)]);
        let service = choice_service(&script);
        let send = Request::FirstFactor {
            email: "kim@example.com".into(),
            method: SignInMethod::SmsCode,
            device: None,
        };
        let Ok(Next::Show(Step::ChooseMethod(ch))) = ready(service.send(&send)) else {
            panic!("the choice")
        };
        assert_eq!(
            ch.methods,
            [
                SignInMethod::Password,
                SignInMethod::EmailCode,
                SignInMethod::Passkey
            ],
            "PASSWORD and PASSWORD_SRP are one choice"
        );
        let Ok(Next::Show(Step::Code(code))) =
            ready(service.send(&Request::ChooseFirstFactor(ch, SignInMethod::EmailCode)))
        else {
            panic!("a code screen")
        };
        assert!(code.first_factor);
        let body = script.last_body();
        assert_eq!(body["ChallengeName"], "SELECT_CHALLENGE");
        assert_eq!(body["Session"], "s1");
        assert_eq!(body["ChallengeResponses"]["ANSWER"], "EMAIL_OTP");
        assert_eq!(body["ChallengeResponses"]["USERNAME"], "kim@example.com");
    }

    #[test]
    fn with_sign_in_methods_a_password_asks_for_srp_by_name() {
        // A passwordless account: Cognito answers with what it can do instead.
        let choose = r#"{"ChallengeName":"SELECT_CHALLENGE","Session":"s1","AvailableChallenges":["EMAIL_OTP"]}"#;
        let script = Scripted::new(&[Ok(choose)]);
        let service = choice_service(&script);
        let credentials = Credentials {
            email: "kim@example.com".into(),
            password: Zeroizing::new("Passw0rd!".into()),
        };
        let answer = ready(service.send(&Request::SignIn(credentials, None)));
        let Ok(Next::Show(Step::ChooseMethod(ch))) = answer else {
            panic!("{answer:?}")
        };
        assert_eq!(ch.methods, [SignInMethod::EmailCode]);
        let started = script.last_body();
        assert_eq!(started["AuthFlow"], "USER_AUTH");
        assert_eq!(
            started["AuthParameters"]["PREFERRED_CHALLENGE"],
            "PASSWORD_SRP"
        );
        assert!(
            started["AuthParameters"]["SRP_A"]
                .as_str()
                .is_some_and(|a| a.len() > 500)
        );
        assert!(
            !started.to_string().contains("Passw0rd!"),
            "never the password"
        );
    }

    #[test]
    fn tokens_go_home() {
        let tokens = Tokens::for_tests("i");
        assert_eq!(
            next(SignInOutcome::SignedIn(tokens.clone())),
            Next::SignedIn(tokens)
        );
    }

    #[test]
    fn a_sign_in_that_cannot_go_on_starts_again_and_others_stay() {
        let dead = AuthError::Cognito(CognitoError::NotAuthorized(
            "Invalid session for the user, session can only be used once.".into(),
        ));
        let wrong_code = AuthError::Cognito(CognitoError::CodeMismatch("m".into()));
        let code_step = Step::Code(challenge("SMS_MFA"));
        assert_eq!(code_step.after_error(&dead), Some(Step::Credentials));
        assert_eq!(
            code_step.after_error(&wrong_code),
            None,
            "the same screen takes another try"
        );
        assert_eq!(
            Step::Credentials.after_error(&dead),
            None,
            "already there: the form keeps what was typed"
        );
        assert_eq!(
            Step::NewPassword(challenge("NEW_PASSWORD_REQUIRED"))
                .after_error(&AuthError::Cognito(CognitoError::TimedOut)),
            None
        );
    }

    #[test]
    fn account_steps_have_their_own_ways_back() {
        let expired = AuthError::Cognito(CognitoError::ExpiredCode("m".into()));
        let refused = AuthError::Cognito(CognitoError::NotAuthorized(
            "SignUp is not permitted for this user pool".into(),
        ));
        let reset = Step::ResetPassword {
            email: "kim@example.com".into(),
            sent: CodeSent::default(),
            required: false,
        };
        assert_eq!(reset.after_error(&expired), Some(Step::ForgotPassword));
        assert_eq!(Step::SignUp.after_error(&refused), None);
        assert_eq!(Step::ForgotPassword.after_error(&refused), None);
        // Confirmed or reset, then the sign-in failed: to the form, never the same step again.
        let afterwards =
            AuthError::SignInAfterwards(Box::new(AuthError::Cognito(CognitoError::TimedOut)));
        assert_eq!(reset.after_error(&afterwards), Some(Step::Credentials));
        assert_eq!(afterwards.message_key(), crate::auth::ErrorKey::TimedOut);
        let confirm = Step::ConfirmSignUp {
            email: "kim@example.com".into(),
            sent: CodeSent::default(),
            password: HeldPassword::new(Zeroizing::new("Secret-1!".into())),
        };
        assert_eq!(confirm.after_error(&afterwards), Some(Step::Credentials));
    }

    #[test]
    fn credentials_never_print_the_password() {
        let c = Credentials {
            email: "kim@example.com".into(),
            password: Zeroizing::new("Secret-1!".into()),
        };
        assert!(!format!("{c:?}").contains("Secret-1!"));
    }

    #[test]
    fn an_unconfirmed_account_goes_to_the_confirm_screen_keeping_the_password_unprinted() {
        let step = Step::ConfirmSignUp {
            email: "kim@example.com".into(),
            sent: CodeSent::default(),
            password: HeldPassword::new(Zeroizing::new("Secret-1!".into())),
        };
        assert!(!format!("{step:?}").contains("Secret-1!"));
        let expired = AuthError::Cognito(CognitoError::ExpiredCode("m".into()));
        assert_eq!(
            step.after_error(&expired),
            None,
            "an expired confirmation code: stay, \"Send a new code\" is there"
        );
    }

    #[test]
    fn each_request_answers_its_challenge_with_the_same_session() {
        let signed_in =
            r#"{"AuthenticationResult":{"AccessToken":"a","IdToken":"i","ExpiresIn":3600}}"#;
        let script = Scripted::new(&[Ok(signed_in); 4]);
        let service = AuthService::new(
            Config::parse(RawConfig::default()).unwrap_or_else(|e| panic!("{e}")),
            &script,
        );
        let requests = [
            (
                Request::Code(challenge("SOFTWARE_TOKEN_MFA"), "123 456".into()),
                "SOFTWARE_TOKEN_MFA",
                ("SOFTWARE_TOKEN_MFA_CODE", "123456"),
            ),
            (
                Request::Code(challenge("SMS_MFA"), "654321".into()),
                "SMS_MFA",
                ("SMS_MFA_CODE", "654321"),
            ),
            (
                Request::Select(challenge("SELECT_MFA_TYPE"), ChallengeKind::Sms),
                "SELECT_MFA_TYPE",
                ("ANSWER", "SMS_MFA"),
            ),
            (
                Request::NewPassword(
                    challenge("NEW_PASSWORD_REQUIRED"),
                    Zeroizing::new("Mine-Passw0rd!".into()),
                    Vec::new(),
                ),
                "NEW_PASSWORD_REQUIRED",
                ("NEW_PASSWORD", "Mine-Passw0rd!"),
            ),
        ];
        for (request, name, (key, value)) in requests {
            let answer = ready(service.send(&request));
            assert!(
                matches!(answer, Ok(Next::SignedIn(_))),
                "{name}: {answer:?}"
            );
            let sent = script.sent.borrow();
            let (target, body) = sent
                .last()
                .unwrap_or_else(|| panic!("{name}: nothing sent"));
            assert_eq!(target, "RespondToAuthChallenge");
            assert_eq!(body["ChallengeName"], name);
            assert_eq!(
                body["Session"], "session-1",
                "{name}: the challenge's own session"
            );
            assert_eq!(body["ChallengeResponses"][key], value, "{name}");
            assert_eq!(body["ChallengeResponses"]["USERNAME"], "user-sub", "{name}");
        }
    }

    /// An administrator's reset (PasswordResetRequiredException at sign-in): the reset code goes
    /// out for the account typed and its screen opens, saying why; if no code can be sent, the
    /// refusal is what the user sees.
    #[test]
    fn a_password_that_must_be_reset_sends_the_code_and_opens_the_reset_screen() {
        let required = Err((
            "PasswordResetRequiredException",
            "Password reset required for the user",
        ));
        let sent = r#"{"CodeDeliveryDetails":{"Destination":"k***@e***","DeliveryMedium":"EMAIL","AttributeName":"email"}}"#;
        let script = Scripted::new(&[required, Ok(sent)]);
        let sign_in = Request::SignIn(
            Credentials {
                email: "kim@example.com".into(),
                password: Zeroizing::new("Old-Passw0rd!".into()),
            },
            None,
        );
        let answer = ready(service(&script).send(&sign_in));
        let Ok(Next::Show(Step::ResetPassword {
            email,
            sent,
            required: true,
        })) = answer
        else {
            panic!("{answer:?}");
        };
        assert_eq!(email, "kim@example.com");
        assert_eq!(sent.destination.as_deref(), Some("k***@e***"));
        assert_eq!(script.operations(), ["InitiateAuth", "ForgotPassword"]);
        assert_eq!(script.last_body()["Username"], "kim@example.com");

        let limited = Scripted::new(&[
            required,
            Err(("LimitExceededException", "Attempt limit exceeded")),
        ]);
        let answer = ready(service(&limited).send(&sign_in));
        assert!(
            matches!(&answer, Err(e) if e.is_password_reset_required()),
            "{answer:?}"
        );
    }

    /// "Send a new code" on the reset screen: ForgotPassword again for the same account, and the
    /// screen stays (a notice, not a new step).
    #[test]
    fn a_new_reset_code_keeps_the_reset_screen() {
        let sent = r#"{"CodeDeliveryDetails":{"Destination":"k***@e***","DeliveryMedium":"EMAIL","AttributeName":"email"}}"#;
        let script = Scripted::new(&[Ok(sent)]);
        let answer = ready(service(&script).send(&Request::ResendResetCode {
            email: "kim@example.com".into(),
        }));
        assert!(
            matches!(answer, Ok(Next::Notice(Notice::CodeResent))),
            "{answer:?}"
        );
        assert_eq!(script.operations(), ["ForgotPassword"]);
        assert_eq!(script.last_body()["Username"], "kim@example.com");
    }

    fn service(script: &Scripted) -> AuthService<&Scripted> {
        AuthService::new(
            Config::parse(RawConfig::default()).unwrap_or_else(|e| panic!("{e}")),
            script,
        )
    }

    const WITH_NEW_DEVICE: &str = r#"{"AuthenticationResult":{"AccessToken":"a","IdToken":"i","RefreshToken":"r","ExpiresIn":3600,"NewDeviceMetadata":{"DeviceKey":"us-east-1_0a1b2c3d-1111-4222-8333-444455556666","DeviceGroupKey":"-AbCdEfGh"}}}"#;

    /// After a code, a pool that remembers devices on the user's say-so: the device is confirmed
    /// with an SDK-format verifier and the user is asked; "Remember" reaches Cognito and the
    /// session carries the device.
    #[test]
    fn a_new_device_after_a_code_is_confirmed_then_remembered_if_the_user_says_so() {
        let script = Scripted::new(&[
            Ok(WITH_NEW_DEVICE),
            Ok(r#"{"UserConfirmationNecessary":true}"#),
            Ok("{}"),
        ]);
        let service = service(&script);
        let asked = ready(service.send(&Request::Code(
            challenge("SOFTWARE_TOKEN_MFA"),
            "123456".into(),
        )));
        let Ok(Next::Show(Step::RememberDevice { tokens, device })) = asked else {
            panic!("{asked:?}")
        };
        assert_eq!(
            script.operations(),
            ["RespondToAuthChallenge", "ConfirmDevice"]
        );
        let confirm = script.last_body();
        assert_eq!(
            confirm["DeviceKey"],
            "us-east-1_0a1b2c3d-1111-4222-8333-444455556666"
        );
        let config = &confirm["DeviceSecretVerifierConfig"];
        assert!(
            config["PasswordVerifier"]
                .as_str()
                .is_some_and(|v| v.len() >= 500)
        );
        assert!(config["Salt"].as_str().is_some_and(|v| !v.is_empty()));
        assert!(confirm["DeviceName"].is_string());
        assert!(!device.remembered && device.password.expose().len() == 56);
        let done = ready(service.send(&Request::RememberDevice {
            tokens,
            device,
            remember: true,
        }));
        let Ok(Next::SignedIn(tokens)) = done else {
            panic!("{done:?}")
        };
        assert_eq!(script.last_body()["DeviceRememberedStatus"], "remembered");
        assert!(tokens.device.is_some_and(|d| d.remembered));
        assert!(tokens.new_device.is_none());
    }

    #[test]
    fn a_new_device_without_a_code_is_confirmed_quietly() {
        let script = Scripted::new(&[
            Ok(WITH_NEW_DEVICE),
            Ok(r#"{"UserConfirmationNecessary":true}"#),
        ]);
        let service = service(&script);
        let ch = challenge("NEW_PASSWORD_REQUIRED");
        let done = ready(service.send(&Request::NewPassword(
            ch,
            Zeroizing::new("Mine-Passw0rd!".into()),
            Vec::new(),
        )));
        let Ok(Next::SignedIn(tokens)) = done else {
            panic!("{done:?}")
        };
        assert!(
            tokens.device.is_some_and(|d| !d.remembered),
            "bound to the device, not remembered"
        );
    }

    #[test]
    fn a_device_that_cannot_be_confirmed_does_not_stop_the_sign_in() {
        let script = Scripted::new(&[Ok(WITH_NEW_DEVICE), Err(("InternalErrorException", "m"))]);
        let done =
            ready(service(&script).send(&Request::Code(challenge("SMS_MFA"), "123456".into())));
        let Ok(Next::SignedIn(tokens)) = done else {
            panic!("{done:?}")
        };
        assert!(tokens.device.is_none() && tokens.new_device.is_none());
    }

    #[test]
    fn codes_answered_on_a_known_device_name_it() {
        let mut ch = challenge("SOFTWARE_TOKEN_MFA");
        ch.device = Some(Device {
            key: "us-east-1_dev".into(),
            group_key: "-grp".into(),
            password: Secret::from("p"),
            remembered: false,
        });
        let script = Scripted::new(&[Ok(
            r#"{"AuthenticationResult":{"AccessToken":"a","IdToken":"i","ExpiresIn":3600}}"#,
        )]);
        let done = ready(service(&script).send(&Request::Code(ch, "123456".into())));
        assert_eq!(
            script.last_body()["ChallengeResponses"]["DEVICE_KEY"],
            "us-east-1_dev"
        );
        let Ok(Next::SignedIn(tokens)) = done else {
            panic!("{done:?}")
        };
        assert_eq!(
            tokens.device.map(|d| d.key).as_deref(),
            Some("us-east-1_dev"),
            "refreshes will name it"
        );
    }

    #[test]
    fn user_agents_read_as_browser_and_system() {
        for (agent, name) in [
            (
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
                "Chrome on Linux",
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
                "Safari on iPhone",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
                "Edge on Windows",
            ),
            (
                "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
                "Chrome on Android",
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.1; rv:133.0) Gecko/20100101 Firefox/133.0",
                "Firefox on macOS",
            ),
            ("", "Web browser"),
        ] {
            assert_eq!(describe_user_agent(agent), name);
        }
    }

    /// A remembered device: DEVICE_KEY from the start, and Cognito's DEVICE_SRP_AUTH answered
    /// with the device's own SRP instead of a code (the USERNAME Cognito gave, as the SDK does).
    #[test]
    fn a_remembered_device_proves_itself_instead_of_a_code() {
        let verifier = r#"{"ChallengeName":"PASSWORD_VERIFIER","Session":"s1","ChallengeParameters":{"USER_ID_FOR_SRP":"user-sub","SALT":"76bbf188","SRP_B":"1f2e3d4c5b6a","SECRET_BLOCK":"c2VjcmV0"}}"#;
        let device_srp = r#"{"ChallengeName":"DEVICE_SRP_AUTH","Session":"s2","ChallengeParameters":{"USERNAME":"user-sub"}}"#;
        let device_verifier = r#"{"ChallengeName":"DEVICE_PASSWORD_VERIFIER","Session":"s3","ChallengeParameters":{"SALT":"0a0b","SRP_B":"2f3e4d","SECRET_BLOCK":"ZGV2aWNl","USERNAME":"user-sub"}}"#;
        let signed_in = r#"{"AuthenticationResult":{"AccessToken":"a","IdToken":"i","RefreshToken":"r","ExpiresIn":3600}}"#;
        let script = Scripted::new(&[
            Ok(verifier),
            Ok(device_srp),
            Ok(device_verifier),
            Ok(signed_in),
        ]);
        let device = Device {
            key: "us-east-1_dev".into(),
            group_key: "-grp".into(),
            password: Secret::from("device-password"),
            remembered: true,
        };
        let credentials = Credentials {
            email: "kim@example.com".into(),
            password: Zeroizing::new("Secret-1!".into()),
        };
        let done = ready(service(&script).send(&Request::SignIn(credentials, Some(device))));
        let Ok(Next::SignedIn(tokens)) = done else {
            panic!("{done:?}")
        };
        assert_eq!(
            tokens.device.map(|d| d.key).as_deref(),
            Some("us-east-1_dev")
        );
        let sent = script.sent.borrow();
        let names: Vec<_> = sent
            .iter()
            .map(|(op, b)| {
                format!(
                    "{op} {}",
                    b["ChallengeName"]
                        .as_str()
                        .or(b["AuthFlow"].as_str())
                        .unwrap_or("")
                )
            })
            .collect();
        assert_eq!(
            names,
            [
                "InitiateAuth USER_SRP_AUTH",
                "RespondToAuthChallenge PASSWORD_VERIFIER",
                "RespondToAuthChallenge DEVICE_SRP_AUTH",
                "RespondToAuthChallenge DEVICE_PASSWORD_VERIFIER"
            ]
        );
        assert_eq!(sent[0].1["AuthParameters"]["DEVICE_KEY"], "us-east-1_dev");
        for (_, body) in &sent[1..] {
            assert_eq!(body["ChallengeResponses"]["DEVICE_KEY"], "us-east-1_dev");
            assert_eq!(body["ChallengeResponses"]["USERNAME"], "user-sub");
        }
        assert!(sent[2].1["ChallengeResponses"]["SRP_A"].is_string());
        let last = &sent[3].1["ChallengeResponses"];
        assert_eq!(last["PASSWORD_CLAIM_SECRET_BLOCK"], "ZGV2aWNl");
        assert!(last["PASSWORD_CLAIM_SIGNATURE"].is_string() && last["TIMESTAMP"].is_string());
        assert_eq!(sent[3].1["Session"], "s3");
    }

    /// A device forgotten elsewhere: "Device does not exist."; the sign-in starts again from
    /// InitiateAuth without it (a fresh A), and nothing after names the dead device.
    #[test]
    fn a_device_cognito_forgot_is_dropped_and_the_sign_in_starts_again() {
        let verifier = r#"{"ChallengeName":"PASSWORD_VERIFIER","Session":"s1","ChallengeParameters":{"USER_ID_FOR_SRP":"user-sub","SALT":"76bbf188","SRP_B":"1f2e3d4c5b6a","SECRET_BLOCK":"c2VjcmV0"}}"#;
        let sms = r#"{"ChallengeName":"SMS_MFA","Session":"s2","ChallengeParameters":{"CODE_DELIVERY_DESTINATION":"+*******0199"}}"#;
        let script = Scripted::new(&[
            Ok(verifier),
            Err(("ResourceNotFoundException", "Device does not exist.")),
            Ok(verifier),
            Ok(sms),
        ]);
        let device = Device {
            key: "us-east-1_gone".into(),
            group_key: "-grp".into(),
            password: Secret::from("p"),
            remembered: true,
        };
        let credentials = Credentials {
            email: "kim@example.com".into(),
            password: Zeroizing::new("Secret-1!".into()),
        };
        let done = ready(service(&script).send(&Request::SignIn(credentials, Some(device))));
        let Ok(Next::Show(Step::Code(ch))) = done else {
            panic!("{done:?}")
        };
        assert!(
            ch.device.is_none(),
            "the code answer will not name the dead device"
        );
        assert_eq!(
            script.operations(),
            [
                "InitiateAuth",
                "RespondToAuthChallenge",
                "InitiateAuth",
                "RespondToAuthChallenge"
            ]
        );
        let sent = script.sent.borrow();
        assert_eq!(sent[0].1["AuthParameters"]["DEVICE_KEY"], "us-east-1_gone");
        assert!(sent[2].1["AuthParameters"].get("DEVICE_KEY").is_none());
        assert!(sent[3].1["ChallengeResponses"].get("DEVICE_KEY").is_none());
        assert_ne!(
            sent[0].1["AuthParameters"]["SRP_A"], sent[2].1["AuthParameters"]["SRP_A"],
            "a fresh SRP exchange"
        );
    }

    /// A prepared first SRP step is the one the sign-in sends (and is used up by it).
    #[test]
    fn a_sign_in_sends_the_a_prepared_while_the_user_typed() {
        let prepared = PreparedSrp::new().unwrap_or_else(|| panic!("no RNG"));
        let a = prepared.0.public_a_hex();
        let script = Scripted::new(&[Err((
            "NotAuthorizedException",
            "Incorrect username or password.",
        ))]);
        let credentials = Credentials {
            email: "kim@example.com".into(),
            password: Zeroizing::new("Secret-1!".into()),
        };
        let answer =
            ready(service(&script).send_with(&Request::SignIn(credentials, None), Some(prepared)));
        assert!(answer.is_err());
        assert_eq!(script.last_body()["AuthParameters"]["SRP_A"], a.as_str());
    }

    #[test]
    fn a_forced_set_up_moves_between_its_screens_and_back() {
        let ch = challenge_with(
            "MFA_SETUP",
            &[(
                "MFAS_CAN_SETUP",
                r#"["SMS_MFA","SOFTWARE_TOKEN_MFA","EMAIL_OTP"]"#,
            )],
        );
        assert_eq!(
            ch.setup_choices(),
            [ChallengeKind::Totp, ChallengeKind::Email],
            "no SMS: the user has given no phone number"
        );
        let choose = Step::ChooseSetup(ch.clone());
        let app = choose.set_up_with(ChallengeKind::Totp);
        assert_eq!(app, Some(Step::SetupAuthenticator(ch.clone())));
        let email = choose.set_up_with(ChallengeKind::Email);
        assert_eq!(email, Some(Step::SetupEmail(ch.clone())));
        assert_eq!(choose.set_up_with(ChallengeKind::Sms), None);
        let verify = app.as_ref().and_then(Step::to_verification);
        assert_eq!(verify, Some(Step::VerifyAuthenticator(ch.clone())));
        // Back: verify → the QR code → …; email → the choice; anything else → the form.
        assert_eq!(
            Step::VerifyAuthenticator(ch.clone()).back(),
            Step::SetupAuthenticator(ch.clone())
        );
        assert_eq!(
            Step::SetupEmail(ch.clone()).back(),
            Step::ChooseSetup(ch.clone())
        );
        assert_eq!(
            Step::SetupAuthenticator(ch.clone()).back(),
            Step::Credentials
        );
        assert_eq!(Step::Code(ch).back(), Step::Credentials);
        assert_eq!(Step::Credentials.to_verification(), None);
    }

    #[test]
    fn a_choice_offers_what_cognito_and_the_page_both_offer() {
        let answer = AuthResponse {
            challenge_name: Some(ChallengeName::SelectChallenge),
            session: Some(Secret::from("s1")),
            challenge_parameters: Default::default(),
            authentication_result: None,
            available_challenges: ["WEB_AUTHN", "PASSWORD_SRP", "PASSWORD", "EMAIL_OTP"]
                .map(ChallengeName::from)
                .to_vec(),
        };
        let Ok(SignInOutcome::Challenge(ch)) = outcome(answer, "sub", "kim@example.com") else {
            panic!("a choice")
        };
        assert_eq!(
            ch.methods_offered_by(&[SignInMethod::Password, SignInMethod::EmailCode]),
            [SignInMethod::Password, SignInMethod::EmailCode],
            "Cognito's order, each once, only what the page offers"
        );
        assert_eq!(ch.resend_method(), None, "not a code screen");
    }

    #[test]
    fn send_a_new_code_is_a_new_first_factor_sign_in_on_a_code_screen() {
        let mut code = challenge_with("EMAIL_OTP", &[]);
        assert_eq!(code.resend_method(), None, "an MFA code is not sent again");
        code.first_factor = true;
        assert_eq!(code.resend_method(), Some(SignInMethod::EmailCode));
        let again = Request::FirstFactor {
            email: "kim@example.com".into(),
            method: SignInMethod::EmailCode,
            device: None,
        };
        assert!(again.resends_code(&Step::Code(code)));
        assert!(!again.resends_code(&Step::Credentials));
        assert_eq!(again.email(), Some("kim@example.com"));
    }

    #[test]
    fn only_a_sign_in_a_remembered_device_may_have_answered_for_proves_less_than_every_factor() {
        let device = Device {
            key: "us-east-1_d".into(),
            group_key: "g".into(),
            password: Secret::from("p"),
            remembered: true,
        };
        let credentials = || Credentials {
            email: "kim@example.com".into(),
            password: Zeroizing::new("Secret-1!".into()),
        };
        let on_device = Request::SignIn(credentials(), Some(device.clone()));
        let start = FactorsProved::default();
        // Signed in at once on the device: it may have answered for the code.
        assert!(!start.after(&on_device).every_factor());
        let code_on_device = Request::FirstFactor {
            email: "kim@example.com".into(),
            method: SignInMethod::EmailCode,
            device: Some(device.clone()),
        };
        assert!(!start.after(&code_on_device).every_factor());
        // On the device, then a new password: still nothing answered for the code.
        let new_password = Request::NewPassword(
            challenge_with("NEW_PASSWORD_REQUIRED", &[]),
            Zeroizing::new("N-1!".into()),
            vec![],
        );
        assert!(!start.after(&on_device).after(&new_password).every_factor());
        // A code answered, then "Remember this device?": every factor, whatever came after.
        let code = Request::Code(challenge_with("SOFTWARE_TOKEN_MFA", &[]), "123456".into());
        let remember = Request::RememberDevice {
            tokens: Box::new(Tokens::for_tests("i")),
            device: device.clone(),
            remember: true,
        };
        assert!(
            start
                .after(&on_device)
                .after(&code)
                .after(&remember)
                .every_factor()
        );
        // A sign-in on no device proved what the account asked; a new sign-in starts over.
        let plain = Request::SignIn(credentials(), None);
        assert!(start.after(&plain).every_factor());
        assert!(!start.after(&code).after(&on_device).every_factor());
        assert!(start.after(&on_device).after(&plain).every_factor());
    }
}

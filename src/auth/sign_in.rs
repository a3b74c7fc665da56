//! The sign-in as a state machine: the screens ([`Step`]), the requests they send ([`Request`]),
//! what each answer leads to ([`next`]) and which errors send the user back to the password
//! ([`Step::after_error`]). Pure apart from [`AuthService::send`], so it is tested natively;
//! `LoginPage` only renders the current step and dispatches requests. New flows (sign-up, a
//! remembered device, passwordless) add their steps and requests here.

use zeroize::Zeroizing;

use super::{AuthError, AuthService, AuthenticatorSecret, ChallengeKind, SignInChallenge};
use super::{CodeSent, SignInOutcome, SignedUp, Tokens};
use crate::cognito::Transport;

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
    /// A TOTP, SMS or email code.
    Code(SignInChallenge),
    SelectMfa(SignInChallenge),
    NewPassword(SignInChallenge),
    /// MFA_SETUP: the pool requires MFA and the user has none: add an authenticator first.
    SetupAuthenticator(SignInChallenge),
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
    /// Which account forgot its password.
    ForgotPassword,
    /// The reset code and the new password; then signed in with it.
    ResetPassword {
        email: String,
        sent: CodeSent,
    },
}

/// One request to Cognito; every one of them ends in tokens, a next challenge or an error. Not
/// `Debug`: it may carry a password.
#[derive(Clone)]
pub enum Request {
    SignIn(Credentials),
    Code(SignInChallenge, String),
    Select(SignInChallenge, ChallengeKind),
    NewPassword(SignInChallenge, Zeroizing<String>),
    VerifySetup(SignInChallenge, AuthenticatorSecret, String),
    SignUp(Credentials),
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
    ResetPassword {
        email: String,
        code: String,
        password: Zeroizing<String>,
    },
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
            ChallengeKind::Totp | ChallengeKind::Sms | ChallengeKind::Email => Step::Code(ch),
            ChallengeKind::SelectMfaType => Step::SelectMfa(ch),
            ChallengeKind::NewPasswordRequired => Step::NewPassword(ch),
            ChallengeKind::MfaSetup => Step::SetupAuthenticator(ch),
        }),
    }
}

impl Step {
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

impl<T: Transport> AuthService<T> {
    /// Sends one request of the sign-in (or of getting there: sign-up, a forgotten password) and
    /// says what it leads to.
    pub async fn send(&self, request: &Request) -> Result<Next, AuthError> {
        let outcome = match request {
            Request::SignIn(c) => match self.sign_in(&c.email, &c.password).await {
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
                other => other?,
            },
            Request::Code(ch, code) => self.submit_mfa_code(ch, code).await?,
            Request::Select(ch, kind) => self.select_mfa_type(ch, *kind).await?,
            Request::NewPassword(ch, password) => self.complete_new_password(ch, password).await?,
            Request::VerifySetup(ch, secret, code) => {
                self.verify_authenticator_during_sign_in(ch, secret, code)
                    .await?
            }
            Request::SignUp(c) => match self.sign_up(&c.email, &c.password).await? {
                SignedUp::NeedsConfirmation(sent) => {
                    return Ok(Next::Show(Step::ConfirmSignUp {
                        email: c.email.trim().to_owned(),
                        sent,
                        password: HeldPassword::new(c.password.clone()),
                    }));
                }
                SignedUp::Confirmed => self.sign_in(&c.email, &c.password).await?,
            },
            Request::ConfirmSignUp {
                email,
                code,
                password,
            } => {
                self.confirm_sign_up(email, code).await?;
                self.sign_in_afterwards(email, password.expose()).await?
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
                }));
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
        Ok(next(outcome))
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
    use std::collections::BTreeMap;

    use super::*;
    use crate::auth::outcome;
    use crate::auth::scripted::{Scripted, ready};
    use crate::cognito::ops::{AuthResponse, ChallengeName};
    use crate::cognito::{CognitoError, Secret};
    use crate::config::{Config, RawConfig};

    fn challenge(kind: &str) -> SignInChallenge {
        let answer = AuthResponse {
            challenge_name: Some(ChallengeName::from(kind)),
            session: Some(Secret::from("session-1")),
            challenge_parameters: BTreeMap::from([(
                "MFAS_CAN_CHOOSE".to_owned(),
                r#"["SMS_MFA","SOFTWARE_TOKEN_MFA"]"#.to_owned(),
            )]),
            authentication_result: None,
            available_challenges: Vec::new(),
        };
        match outcome(answer, "user-sub", "kim@example.com") {
            Ok(SignInOutcome::Challenge(ch)) => ch,
            other => panic!("{kind}: {other:?}"),
        }
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

    #[test]
    fn tokens_go_home() {
        let tokens = Tokens {
            access_token: Secret::from("a"),
            id_token: Secret::from("i"),
            refresh_token: None,
            expires_in: 3600,
        };
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
        };
        assert_eq!(reset.after_error(&expired), Some(Step::ForgotPassword));
        assert_eq!(Step::SignUp.after_error(&refused), None);
        assert_eq!(Step::ForgotPassword.after_error(&refused), None);
        // Confirmed or reset, then the sign-in failed: to the form, never the same step again.
        let afterwards =
            AuthError::SignInAfterwards(Box::new(AuthError::Cognito(CognitoError::TimedOut)));
        assert_eq!(reset.after_error(&afterwards), Some(Step::Credentials));
        assert_eq!(afterwards.message_key(), crate::cognito::ErrorKey::TimedOut);
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
}

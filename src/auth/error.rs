//! What can go wrong in a sign-in step, as the pages need to tell it apart.

use cognito_crypto::srp::SrpError;

use super::attributes::{AttributeRefusal, all_shown, refusals};
use super::error_key::{ErrorKey, key_of};
use crate::cognito::CognitoError;
use crate::config::AttributeField;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error(transparent)]
    Cognito(#[from] CognitoError),
    /// Checked before any request: not exactly six digits.
    #[error("a code is exactly 6 digits")]
    InvalidCodeFormat,
    #[error("email and password are both required")]
    MissingCredentials,
    #[error("SRP: {0}")]
    Srp(#[from] SrpError),
    /// Cognito asked for something this step does not handle.
    #[error("unexpected challenge {0}")]
    UnexpectedChallenge(String),
    /// A 2xx answer without what the step needs (no session, no tokens, no secret).
    #[error("the answer lacks {0}")]
    MissingField(&'static str),
    #[error("the authenticator code was not accepted (status {0})")]
    VerificationFailed(String),
    /// The access token no longer works (expired, revoked, signed out elsewhere).
    #[error("the session has ended")]
    SignedOut,
    /// An authenticator code Cognito accepted before (ExpiredCodeException on a TOTP step).
    #[error("this authenticator code was already used")]
    CodeReused,
    /// A factor the pool or the account cannot use (SMS without a phone number, email MFA the
    /// pool does not offer): Cognito's InvalidParameterException on turning it on.
    #[error("this MFA method is not available for the account")]
    FactorUnavailable,
    /// The step worked (account confirmed, password reset) but the sign-in right after it did
    /// not: the step must not be sent again, the user signs in from the form.
    #[error("done, but the sign-in after it failed: {0}")]
    SignInAfterwards(Box<AuthError>),
}

impl AuthError {
    fn cognito(&self) -> Option<&CognitoError> {
        match self {
            Self::Cognito(e) => Some(e),
            Self::SignInAfterwards(e) => e.cognito(),
            _ => None,
        }
    }
    pub fn is_code_mismatch(&self) -> bool {
        self.cognito().is_some_and(CognitoError::is_code_mismatch)
            || matches!(self, Self::VerificationFailed(_))
    }
    pub fn is_expired_code(&self) -> bool {
        self.cognito().is_some_and(CognitoError::is_expired_code)
    }
    pub fn is_session_expired(&self) -> bool {
        self.cognito().is_some_and(CognitoError::is_session_expired)
    }
    pub fn is_not_authorized(&self) -> bool {
        self.cognito().is_some_and(CognitoError::is_not_authorized)
    }
    pub fn is_user_not_confirmed(&self) -> bool {
        self.cognito()
            .is_some_and(CognitoError::is_user_not_confirmed)
    }
    pub fn is_password_reset_required(&self) -> bool {
        self.cognito()
            .is_some_and(CognitoError::is_password_reset_required)
    }
    /// "Device does not exist.": a remembered device Cognito no longer knows.
    pub fn is_device_gone(&self) -> bool {
        matches!(self.cognito(), Some(CognitoError::ResourceNotFound(_)))
    }
    /// The signed-in session is over: its tokens expired or were revoked, or another copy of its
    /// refresh token was used first ([`Self::is_session_reused`]).
    pub fn is_signed_out(&self) -> bool {
        matches!(self, Self::SignedOut)
            || self
                .cognito()
                .is_some_and(CognitoError::is_refresh_token_reused)
    }
    /// The session's refresh token had already been rotated out by someone else's refresh: a
    /// duplicated tab, or a copy in someone else's hands. Treated as theft: what can be revoked
    /// is (see `session::Reuse`), and the notice stays neutral.
    pub fn is_session_reused(&self) -> bool {
        self.cognito()
            .is_some_and(CognitoError::is_refresh_token_reused)
    }
    /// Aborted on purpose (Back, Cancel, the page went away): say nothing, change nothing.
    pub fn is_cancelled(&self) -> bool {
        self.cognito().is_some_and(CognitoError::is_cancelled)
    }
    /// The sign-in attempt cannot go on: its session expired, was used up or over-tried, the
    /// user is locked out for now, or an SMS/email code expired. The user starts again from the
    /// email and password (a wrong password, also NotAuthorized, already is there).
    pub fn ends_sign_in(&self) -> bool {
        matches!(self, Self::SignInAfterwards(_))
            || self
                .cognito()
                .is_some_and(|e| e.is_not_authorized() || e.is_expired_code())
    }
    pub fn is_totp_not_set_up(&self) -> bool {
        self.cognito().is_some_and(CognitoError::is_totp_not_set_up)
    }
    pub fn is_totp_already_enabled(&self) -> bool {
        self.cognito()
            .is_some_and(CognitoError::is_totp_already_enabled)
    }

    /// What a signed-in page does with this failure; the one place that decides it.
    pub fn failure(&self) -> Failure {
        if self.is_cancelled() {
            Failure::Cancelled
        } else if self.is_signed_out() {
            Failure::SessionOver(self.message_key())
        } else {
            Failure::Show(self.message_key())
        }
    }

    /// The attributes an InvalidParameterException names, and why ([`super::attributes::refusals`]).
    pub fn attribute_refusals(&self) -> Vec<AttributeRefusal> {
        match self {
            Self::Cognito(CognitoError::InvalidParameter(message)) => refusals(message),
            _ => Vec::new(),
        }
    }

    /// What a form of `fields` tells the user: the words above it, and the refusals to show at
    /// their fields. A refusal about a field the form does not show is the app's set-up (the
    /// pool requires or refuses something the build does not know): said as such.
    pub fn explain_for(&self, fields: &[AttributeField]) -> (ErrorKey, Vec<AttributeRefusal>) {
        let refused = self.attribute_refusals();
        match () {
            () if refused.is_empty() => (self.message_key(), refused),
            () if all_shown(&refused, fields) => (ErrorKey::CheckFields, refused),
            () => (ErrorKey::ServiceMisconfigured, refused),
        }
    }

    pub fn message_key(&self) -> ErrorKey {
        match self {
            Self::Cognito(e) => key_of(e),
            Self::InvalidCodeFormat | Self::MissingCredentials => ErrorKey::InvalidInput,
            Self::VerificationFailed(_) => ErrorKey::CodeMismatch,
            Self::SignedOut => ErrorKey::SignedOut,
            Self::CodeReused => ErrorKey::CodeReused,
            Self::FactorUnavailable => ErrorKey::FactorUnavailable,
            Self::SignInAfterwards(e) => e.message_key(),
            Self::Srp(_) | Self::UnexpectedChallenge(_) | Self::MissingField(_) => {
                ErrorKey::Unexpected
            }
        }
    }
}

/// What a signed-in page does with a failed request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Aborted on purpose (Back, Cancel, the page left, which may be gone): say nothing, change
    /// nothing.
    Cancelled,
    /// The session is over: forget it and go to sign-in, which says why.
    SessionOver(ErrorKey),
    /// Say it where the request shows its errors; the page stays as it is.
    Show(ErrorKey),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::{ChallengeKind, code_error};

    fn cognito(code: &str, message: &str) -> AuthError {
        AuthError::Cognito(CognitoError::from_code(code, message.into()))
    }

    /// Every answer that means "this sign-in cannot go on" sends the user back to the password.
    #[test]
    fn dead_sessions_lockouts_and_expired_codes_end_the_sign_in() {
        for (code, message, key) in [
            (
                "NotAuthorizedException",
                "Invalid session for the user, session is expired.",
                ErrorKey::SessionExpired,
            ),
            (
                "NotAuthorizedException",
                "Invalid session for the user, session can only be used once.",
                ErrorKey::SignInEnded,
            ),
            (
                "NotAuthorizedException",
                "Invalid session for the user.",
                ErrorKey::SignInEnded,
            ),
            (
                "NotAuthorizedException",
                "Password attempts exceeded",
                ErrorKey::PasswordAttemptsExceeded,
            ),
            (
                "NotAuthorizedException",
                "Too many invalid credentials attempts. User temporarily locked. Please try again after few seconds.",
                ErrorKey::MfaLocked,
            ),
            (
                "ExpiredCodeException",
                "Invalid code provided, please request a code again.",
                ErrorKey::CodeExpired,
            ),
        ] {
            let e = code_error(ChallengeKind::Sms, cognito(code, message));
            assert!(e.ends_sign_in(), "{message}");
            assert_eq!(e.message_key(), key, "{message}");
        }
    }

    #[test]
    fn the_same_screen_takes_another_try_after_these() {
        for e in [
            cognito(
                "CodeMismatchException",
                "Invalid code or auth state for the user.",
            ),
            cognito("TooManyRequestsException", "Rate exceeded"),
            AuthError::Cognito(CognitoError::TimedOut),
            AuthError::Cognito(CognitoError::Network("offline".into())),
            AuthError::Cognito(CognitoError::Http { status: 503 }),
            AuthError::Cognito(CognitoError::MalformedResponse("EOF".into())),
            code_error(
                ChallengeKind::Totp,
                cognito(
                    "ExpiredCodeException",
                    "Your software token has already been used once.",
                ),
            ),
        ] {
            assert!(!e.ends_sign_in(), "{e:?}");
        }
    }

    /// On an authenticator step ExpiredCodeException means "used before", not "too old".
    #[test]
    fn a_reused_authenticator_code_is_not_an_expired_one() {
        let expired = cognito("ExpiredCodeException", "m");
        assert_eq!(
            code_error(ChallengeKind::Totp, expired.clone()),
            AuthError::CodeReused
        );
        assert_eq!(
            code_error(ChallengeKind::Totp, expired.clone()).message_key(),
            ErrorKey::CodeReused
        );
        assert_eq!(
            code_error(ChallengeKind::Email, expired.clone()).message_key(),
            ErrorKey::CodeExpired
        );
    }

    #[test]
    fn a_cancelled_request_is_no_error_to_show() {
        assert!(AuthError::Cognito(CognitoError::Cancelled).is_cancelled());
        assert!(!AuthError::Cognito(CognitoError::TimedOut).is_cancelled());
    }

    #[test]
    fn a_failure_is_ignored_ends_the_session_or_is_shown() {
        assert_eq!(
            AuthError::Cognito(CognitoError::Cancelled).failure(),
            Failure::Cancelled
        );
        assert_eq!(
            AuthError::SignedOut.failure(),
            Failure::SessionOver(ErrorKey::SignedOut)
        );
        assert_eq!(
            cognito("RefreshTokenReuseException", "m").failure(),
            Failure::SessionOver(ErrorKey::SessionReused)
        );
        assert_eq!(
            cognito("CodeMismatchException", "m").failure(),
            Failure::Show(ErrorKey::CodeMismatch)
        );
        assert_eq!(
            AuthError::Cognito(CognitoError::TimedOut).failure(),
            Failure::Show(ErrorKey::TimedOut)
        );
        // A wrong password on a signed-in call (ChangePassword) is not an ended session.
        assert_eq!(
            cognito("NotAuthorizedException", "Incorrect username or password.").failure(),
            Failure::Show(ErrorKey::WrongCredentials)
        );
    }
}

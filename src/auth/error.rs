//! What can go wrong in a sign-in step, as the pages need to tell it apart.

use cognito_crypto::srp::SrpError;

use crate::cognito::{CognitoError, ErrorKey};

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
}

impl AuthError {
    fn cognito(&self) -> Option<&CognitoError> {
        match self {
            Self::Cognito(e) => Some(e),
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
    pub fn is_signed_out(&self) -> bool {
        matches!(self, Self::SignedOut)
    }
    pub fn is_totp_already_enabled(&self) -> bool {
        self.cognito()
            .is_some_and(CognitoError::is_totp_already_enabled)
    }

    pub fn message_key(&self) -> ErrorKey {
        match self {
            Self::Cognito(e) => e.message_key(),
            Self::InvalidCodeFormat | Self::MissingCredentials => ErrorKey::InvalidInput,
            Self::VerificationFailed(_) => ErrorKey::CodeMismatch,
            Self::SignedOut => ErrorKey::SignedOut,
            Self::Srp(_) | Self::UnexpectedChallenge(_) | Self::MissingField(_) => {
                ErrorKey::Unexpected
            }
        }
    }
}

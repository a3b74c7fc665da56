//! Cognito's error format: `400` + `{"__type": "...Exception", "message": "..."}`.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: u16,
    pub kind: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(kind: &'static str, message: impl Into<String>) -> Self {
        Self {
            status: 400,
            kind,
            message: message.into(),
        }
    }
    pub fn not_authorized(message: impl Into<String>) -> Self {
        Self::new("NotAuthorizedException", message)
    }
    pub fn invalid_parameter(message: impl Into<String>) -> Self {
        Self::new("InvalidParameterException", message)
    }
    pub fn resource_not_found(message: impl Into<String>) -> Self {
        Self::new("ResourceNotFoundException", message)
    }
    pub fn user_not_found() -> Self {
        Self::new("UserNotFoundException", "User does not exist.")
    }
    pub fn wrong_credentials() -> Self {
        Self::not_authorized("Incorrect username or password.")
    }
    pub fn invalid_session() -> Self {
        Self::not_authorized("Invalid session for the user.")
    }
    pub fn session_expired() -> Self {
        Self::not_authorized("Invalid session for the user, session is expired.")
    }
    /// Any answer during a password lockout, even with the right password (amazon-cognito-identity-js#506:
    /// <https://github.com/amazon-archives/amazon-cognito-identity-js/issues/506>; schedule:
    /// <https://docs.aws.amazon.com/cognito/latest/developerguide/authentication.html#authentication-flow-lockout-behavior>).
    pub fn password_attempts_exceeded() -> Self {
        Self::not_authorized("Password attempts exceeded")
    }
    /// Any MFA code answer while the user's MFA is locked after five wrong codes
    /// (<https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html>).
    /// The text is what client code in the wild matches on the MFA-answer path; no public raw
    /// capture exists (see local-cognito/BEHAVIOURS.md, "Behaviours modelled").
    pub fn mfa_locked() -> Self {
        Self::not_authorized(
            "Too many invalid credentials attempts. User temporarily locked. Please try again after few seconds.",
        )
    }
    /// An SMS / email code past its lifetime: Cognito's ExpiredCodeException text for codes
    /// (<https://github.com/aws-amplify/amplify-flutter/issues/1128>,
    /// <https://github.com/amazon-archives/amazon-cognito-identity-js/issues/380>), unlike TOTP's
    /// "already been used once". No capture of one on SMS_MFA / EMAIL_OTP exists: in Cognito the
    /// code lives as long as the session, so "session is expired" is what users meet.
    pub fn expired_code() -> Self {
        Self::new(
            "ExpiredCodeException",
            "Invalid code provided, please request a code again.",
        )
    }
    /// A wrong sign-in MFA code (TOTP, SMS or email) or one for the wrong step.
    pub fn wrong_mfa_code() -> Self {
        Self::new(
            "CodeMismatchException",
            "Invalid code or auth state for the user.",
        )
    }
    /// A refresh token rotation replaced, presented after its grace period. The name is
    /// botocore's; the message is not public anywhere (no capture, no SDK test fixture), so
    /// [`REFRESH_TOKEN_REUSED`] is an assumption. Clients match on the name (amplify-js's
    /// TokenOrchestrator clears tokens on `RefreshTokenReuseException` without reading the
    /// message).
    pub fn refresh_token_reused() -> Self {
        Self::new("RefreshTokenReuseException", REFRESH_TOKEN_REUSED)
    }
    pub fn device_not_found() -> Self {
        Self::resource_not_found("Device does not exist.")
    }
    pub fn bad_access_token() -> Self {
        Self::not_authorized("Invalid Access Token")
    }
    pub fn missing(member: &str) -> Self {
        Self::invalid_parameter(format!(
            "1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null"
        ))
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Self {
            status: 500,
            kind: "InternalErrorException",
            message: message.into(),
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// RefreshTokenReuseException's message here (an assumption, see [`ApiError::refresh_token_reused`]).
pub const REFRESH_TOKEN_REUSED: &str = "Refresh token has been reused.";

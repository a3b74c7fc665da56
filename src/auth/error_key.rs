//! What the user is told about a failure, as a key the UI translates: the wire layer reports
//! Cognito's errors (`CognitoError`), this decides what each means to the user.

use crate::cognito::CognitoError;

/// What a user is told, independent of language; the UI translates each key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKey {
    WrongCredentials,
    UserNotConfirmed,
    CodeMismatch,
    /// An SMS or email code past its lifetime: a new sign-in sends a new one.
    CodeExpired,
    /// An authenticator code accepted once already: wait for the app's next one.
    CodeReused,
    /// The sign-in session ran out of time.
    SessionExpired,
    /// The sign-in session is gone (used up, too many tries, unknown): start again.
    SignInEnded,
    /// A signed-in session ended (access token expired or revoked).
    SignedOut,
    /// The session's refresh token was used by another copy of it: a duplicated tab, or someone
    /// who copied it. Said neutrally; the session was ended everywhere to be safe.
    SessionReused,
    PasswordResetRequired,
    /// Cognito's back-off after repeated wrong passwords ("Password attempts exceeded").
    PasswordAttemptsExceeded,
    /// Cognito's lockout after repeated wrong MFA codes.
    MfaLocked,
    TooManyAttempts,
    /// Rate limits (TooManyRequests, LimitExceeded): wait a moment.
    Throttled,
    InvalidPassword,
    UsernameExists,
    /// An email or phone number another account already has (AliasExistsException: a contact
    /// change, or confirming a sign-up whose address another account has verified).
    ContactTaken,
    TotpAlreadyEnabled,
    TotpNotSetUp,
    /// An MFA method the pool or the account cannot use.
    FactorUnavailable,
    /// The pool requires MFA: the last factor cannot be turned off.
    MfaRequired,
    /// An abandoned authenticator replacement left the old app disconnected.
    AuthenticatorDisconnected,
    CodeDeliveryFailed,
    InvalidInput,
    Network,
    /// No answer within the configured time.
    TimedOut,
    /// A 5xx or an error page instead of Cognito's answer.
    ServiceUnavailable,
    /// A 2xx answer that is not what Cognito sends (cut short, not JSON).
    BadAnswer,
    ServiceMisconfigured,
    /// Cognito asked for a sign-in step this app has no screen for (a custom challenge, say).
    UnsupportedChallenge,
    /// The browser's passkey request gave nothing: cancelled, timed out, or no passkey for the
    /// account on this device (browsers do not say which, on purpose).
    PasskeyNotUsed,
    /// No WebAuthn here (an old browser, or not a secure context).
    PasskeyUnsupportedBrowser,
    /// The pool's relying party id does not fit this page's origin (the browser's SecurityError,
    /// Cognito's WebAuthnRelyingPartyMismatch / WebAuthnOriginNotAllowed).
    PasskeyWrongSite,
    /// Registering a second passkey for the account on the same authenticator.
    PasskeyExists,
    /// The pool has no passkeys (WebAuthnNotEnabled, WebAuthnConfigurationMissing).
    PasskeysNotEnabled,
    /// The registration's challenge is gone (WebAuthnChallengeNotFound).
    PasskeyTimedOut,
    /// An authenticator or algorithm Cognito does not take (WebAuthnCredentialNotSupported).
    PasskeyNotSupported,
    /// The app client lacks ALLOW_USER_AUTH.
    ChoiceSignInDisabled,
    /// Cognito refused details the form shows: each is said at its field.
    CheckFields,
    /// A step-up signed in as another account than the session's.
    StepUpOtherAccount,
    /// A step-up whose tokens show less than the account needs (Cognito's `acr`).
    StepUpNotEnough,
    Unexpected,
}

impl ErrorKey {
    /// The error is about the code typed (its field is marked invalid and points to it).
    pub fn is_about_code(self) -> bool {
        matches!(
            self,
            Self::CodeMismatch | Self::CodeExpired | Self::CodeReused
        )
    }
}

/// The words for a Cognito error.
pub(super) fn key_of(e: &CognitoError) -> ErrorKey {
    match e {
        e if e.is_user_auth_disabled() => ErrorKey::ChoiceSignInDisabled,
        e if e.is_session_expired() => ErrorKey::SessionExpired,
        e if e.is_invalid_session() => ErrorKey::SignInEnded,
        e if e.is_password_locked() => ErrorKey::PasswordAttemptsExceeded,
        e if e.is_user_locked() => ErrorKey::MfaLocked,
        e if e.is_totp_already_enabled() => ErrorKey::TotpAlreadyEnabled,
        e if e.is_unwritable_attribute() => ErrorKey::ServiceMisconfigured,
        // Never reveal whether the account exists: both read "wrong email or password".
        CognitoError::NotAuthorized(_) | CognitoError::UserNotFound(_) => {
            ErrorKey::WrongCredentials
        }
        CognitoError::UserNotConfirmed(_) => ErrorKey::UserNotConfirmed,
        CognitoError::CodeMismatch(_) => ErrorKey::CodeMismatch,
        CognitoError::ExpiredCode(_) => ErrorKey::CodeExpired,
        CognitoError::PasswordResetRequired(_) => ErrorKey::PasswordResetRequired,
        CognitoError::TooManyRequests(_) | CognitoError::LimitExceeded(_) => ErrorKey::Throttled,
        CognitoError::TooManyFailedAttempts(_) => ErrorKey::TooManyAttempts,
        CognitoError::InvalidPassword(_) => ErrorKey::InvalidPassword,
        CognitoError::UsernameExists(_) => ErrorKey::UsernameExists,
        CognitoError::AliasExists(_) => ErrorKey::ContactTaken,
        CognitoError::EnableSoftwareTokenMfa(_) => ErrorKey::CodeMismatch,
        CognitoError::SoftwareTokenMfaNotFound(_) => ErrorKey::TotpNotSetUp,
        CognitoError::CodeDeliveryFailure(_) => ErrorKey::CodeDeliveryFailed,
        CognitoError::InvalidParameter(_) => ErrorKey::InvalidInput,
        CognitoError::Network(_) => ErrorKey::Network,
        CognitoError::TimedOut => ErrorKey::TimedOut,
        CognitoError::InvalidUserPoolConfiguration(_)
        | CognitoError::ResourceNotFound(_)
        | CognitoError::FeatureUnavailableInTier(_) => ErrorKey::ServiceMisconfigured,
        CognitoError::InternalError(_) => ErrorKey::ServiceUnavailable,
        CognitoError::RefreshTokenReuse(_) => ErrorKey::SessionReused,
        CognitoError::WebAuthnNotEnabled(_) | CognitoError::WebAuthnConfigurationMissing(_) => {
            ErrorKey::PasskeysNotEnabled
        }
        CognitoError::WebAuthnChallengeNotFound(_) => ErrorKey::PasskeyTimedOut,
        CognitoError::WebAuthnRelyingPartyMismatch(_)
        | CognitoError::WebAuthnOriginNotAllowed(_) => ErrorKey::PasskeyWrongSite,
        CognitoError::WebAuthnCredentialNotSupported(_) => ErrorKey::PasskeyNotSupported,
        CognitoError::WebAuthnClientMismatch(_) => ErrorKey::Unexpected,
        CognitoError::Http { status } if *status >= 500 => ErrorKey::ServiceUnavailable,
        CognitoError::MalformedResponse(_) => ErrorKey::BadAnswer,
        CognitoError::Cancelled
        | CognitoError::Unhandled { .. }
        | CognitoError::UnknownOperation(_)
        | CognitoError::Http { .. } => ErrorKey::Unexpected,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: &str, message: &str) -> ErrorKey {
        key_of(&CognitoError::from_code(code, message.into()))
    }

    /// (Sessions and lockouts that end a sign-in: `error.rs`'s tests.)
    #[test]
    fn each_cognito_answer_has_the_words_a_user_needs() {
        for (code, message, expected) in [
            (
                "EnableSoftwareTokenMFAException",
                "Software token MFA is already enabled",
                ErrorKey::TotpAlreadyEnabled,
            ),
            (
                "EnableSoftwareTokenMFAException",
                "Code mismatch and fail enable Software Token MFA",
                ErrorKey::CodeMismatch,
            ),
            // Never reveal whether the account exists: both read "wrong email or password".
            (
                "NotAuthorizedException",
                "Incorrect username or password.",
                ErrorKey::WrongCredentials,
            ),
            (
                "UserNotFoundException",
                "User does not exist.",
                ErrorKey::WrongCredentials,
            ),
            ("CodeMismatchException", "", ErrorKey::CodeMismatch),
            ("ExpiredCodeException", "", ErrorKey::CodeExpired),
            (
                "TooManyFailedAttemptsException",
                "",
                ErrorKey::TooManyAttempts,
            ),
            (
                "TooManyRequestsException",
                "Rate exceeded",
                ErrorKey::Throttled,
            ),
            (
                "LimitExceededException",
                "Attempt limit exceeded, please try after some time.",
                ErrorKey::Throttled,
            ),
            ("InternalErrorException", "", ErrorKey::ServiceUnavailable),
            ("RefreshTokenReuseException", "", ErrorKey::SessionReused),
            (
                "InvalidParameterException",
                "USER_AUTH flow not enabled for this client",
                ErrorKey::ChoiceSignInDisabled,
            ),
            ("BrandNewException", "x", ErrorKey::Unexpected),
        ] {
            assert_eq!(key(code, message), expected, "{code}: {message}");
        }
        assert_eq!(
            key_of(&CognitoError::Http { status: 503 }),
            ErrorKey::ServiceUnavailable
        );
        assert_eq!(
            key_of(&CognitoError::Http { status: 404 }),
            ErrorKey::Unexpected
        );
        assert_eq!(
            key_of(&CognitoError::MalformedResponse("EOF".into())),
            ErrorKey::BadAnswer
        );
        assert_eq!(key_of(&CognitoError::TimedOut), ErrorKey::TimedOut);
        assert_eq!(
            key_of(&CognitoError::Network("offline".into())),
            ErrorKey::Network
        );
    }
}

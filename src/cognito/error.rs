//! Cognito's errors, parsed from a non-2xx response the way botocore and smithy do it.

/// The Cognito errors the product acts on, in one table: name on the wire → variant. The enum,
/// `from_code`, `code` and `message` are all generated from it.
macro_rules! cognito_errors {
    ($($variant:ident = $code:literal,)*) => {
        /// An error from a Cognito call. One variant per error code the product acts on,
        /// `Unhandled` for the rest, and transport-level arms. `Clone` so the UI can keep it in a
        /// signal.
        #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
        #[non_exhaustive]
        pub enum CognitoError {
            $(
                #[error("{}: {}", $code, .0)]
                $variant(String),
            )*
            #[error("{code}: {message}")]
            Unhandled { code: String, message: String },
            /// The request never got an answer (offline, DNS, CORS refused, dropped).
            #[error("network error: {0}")]
            Network(String),
            /// No answer within the configured time; the request was aborted.
            #[error("the service did not answer in time")]
            TimedOut,
            /// The request was aborted on purpose (Back, Cancel, the page went away): nobody
            /// waits for it.
            #[error("cancelled")]
            Cancelled,
            /// A non-2xx status without a Cognito error name.
            #[error("HTTP {status} without a Cognito error")]
            Http { status: u16 },
            /// A 2xx answer whose body is not what the operation returns.
            #[error("malformed response: {0}")]
            MalformedResponse(String),
        }

        impl CognitoError {
            /// The variant for a Cognito error name such as `CodeMismatchException`.
            pub fn from_code(code: &str, message: String) -> Self {
                match code {
                    $($code => Self::$variant(message),)*
                    other => Self::Unhandled {
                        code: other.to_owned(),
                        message,
                    },
                }
            }

            /// The Cognito error name, or `None` for transport-level errors.
            pub fn code(&self) -> Option<&str> {
                match self {
                    $(Self::$variant(_) => Some($code),)*
                    Self::Unhandled { code, .. } => Some(code),
                    Self::Network(_)
                    | Self::TimedOut
                    | Self::Cancelled
                    | Self::Http { .. }
                    | Self::MalformedResponse(_) => None,
                }
            }

            /// The server's message, if it sent one.
            pub fn message(&self) -> Option<&str> {
                match self {
                    $(Self::$variant(m) => Some(m),)*
                    Self::Unhandled { message, .. } => Some(message),
                    Self::Network(_)
                    | Self::TimedOut
                    | Self::Cancelled
                    | Self::Http { .. }
                    | Self::MalformedResponse(_) => None,
                }
            }
        }

        /// Every name in the table, for tests.
        #[cfg(test)]
        const KNOWN_CODES: &[&str] = &[$($code),*];
    };
}

cognito_errors! {
    UserNotConfirmed = "UserNotConfirmedException",
    NotAuthorized = "NotAuthorizedException",
    UserNotFound = "UserNotFoundException",
    CodeMismatch = "CodeMismatchException",
    ExpiredCode = "ExpiredCodeException",
    InvalidParameter = "InvalidParameterException",
    UsernameExists = "UsernameExistsException",
    AliasExists = "AliasExistsException",
    PasswordResetRequired = "PasswordResetRequiredException",
    TooManyRequests = "TooManyRequestsException",
    LimitExceeded = "LimitExceededException",
    TooManyFailedAttempts = "TooManyFailedAttemptsException",
    EnableSoftwareTokenMfa = "EnableSoftwareTokenMFAException",
    SoftwareTokenMfaNotFound = "SoftwareTokenMFANotFoundException",
    InvalidPassword = "InvalidPasswordException",
    CodeDeliveryFailure = "CodeDeliveryFailureException",
    InvalidUserPoolConfiguration = "InvalidUserPoolConfigurationException",
    ResourceNotFound = "ResourceNotFoundException",
    InternalError = "InternalErrorException",
    RefreshTokenReuse = "RefreshTokenReuseException",
    UnknownOperation = "UnknownOperationException",
    // A feature the pool's plan (Lite, Essentials, Plus) does not include (botocore model).
    FeatureUnavailableInTier = "FeatureUnavailableInTierException",
    // Passkeys: StartWebAuthnRegistration / CompleteWebAuthnRegistration's errors (botocore model).
    WebAuthnNotEnabled = "WebAuthnNotEnabledException",
    WebAuthnConfigurationMissing = "WebAuthnConfigurationMissingException",
    WebAuthnChallengeNotFound = "WebAuthnChallengeNotFoundException",
    WebAuthnRelyingPartyMismatch = "WebAuthnRelyingPartyMismatchException",
    WebAuthnOriginNotAllowed = "WebAuthnOriginNotAllowedException",
    WebAuthnClientMismatch = "WebAuthnClientMismatchException",
    WebAuthnCredentialNotSupported = "WebAuthnCredentialNotSupportedException",
}

/// Cognito's messages for a sign-in session that is gone: "Invalid session for the user, session
/// is expired." (3 minutes by default), "…, session can only be used once." and plain "Invalid
/// session for the user." (AWS docs, "Authentication flow" → session duration; amplify-js #2824,
/// #14330 with a browser capture; aws-samples/amazon-cognito-passwordless-email-auth #17).
const SESSION_EXPIRED_HINT: &str = "session is expired";
const INVALID_SESSION_HINT: &str = "invalid session";
/// Password back-off: NotAuthorizedException "Password attempts exceeded" (AWS docs, "User
/// sign-in lockout": 5 free tries, then 1 s doubling to ~15 min; amazon-cognito-identity-js #506).
const PASSWORD_LOCK_HINT: &str = "password attempts exceeded";
/// The per-user lockout after five wrong MFA codes (AWS docs, "Adding MFA": "After five
/// unsuccessful attempts to present an MFA code, Amazon Cognito begins the exponential-timeout
/// lockout process"), worded "Too many invalid credentials attempts. User temporarily locked.
/// Please try again after few seconds." in the messages apps match on (no raw capture found).
const USER_LOCK_HINT: &str = "temporarily locked";
/// "Software token MFA is already enabled", the seed's first troubleshooting case.
const ALREADY_ENABLED_HINT: &str = "already enabled";
/// How much of a server's message we keep: enough to read, not enough to flood a log.
const MAX_MESSAGE_CHARS: usize = 512;

impl CognitoError {
    /// Builds the error for a non-2xx answer: name from the body's `__type` (or `code`), else the
    /// `x-amzn-ErrorType` header; cut at the first `:`, keep what follows the last `#`.
    pub fn from_response(status: u16, error_type_header: Option<&str>, body: &[u8]) -> Self {
        let json: Option<serde_json::Value> = serde_json::from_slice(body).ok();
        let field = |name: &str| {
            json.as_ref()
                .and_then(|j| j.get(name))
                .and_then(|v| v.as_str())
        };
        let code = field("__type")
            .or_else(|| field("code"))
            .or(error_type_header)
            .map(sanitize_code);
        let message = truncate(
            field("message")
                .or_else(|| field("Message"))
                .unwrap_or_default(),
        );
        match code {
            Some(code) if !code.is_empty() => Self::from_code(&code, message),
            _ => Self::Http { status },
        }
    }

    /// A wrong code: CodeMismatchException from a sign-in challenge, or what VerifySoftwareToken
    /// answers instead ("EnableSoftwareTokenMFAException: Code mismatch and fail enable …").
    pub fn is_code_mismatch(&self) -> bool {
        match self {
            Self::CodeMismatch(_) => true,
            Self::EnableSoftwareTokenMfa(m) => !mentions(m, ALREADY_ENABLED_HINT),
            _ => false,
        }
    }
    pub fn is_expired_code(&self) -> bool {
        matches!(self, Self::ExpiredCode(_))
    }
    pub fn is_not_authorized(&self) -> bool {
        matches!(self, Self::NotAuthorized(_))
    }
    pub fn is_user_not_confirmed(&self) -> bool {
        matches!(self, Self::UserNotConfirmed(_))
    }
    /// The account must get a new password (an admin reset it: RESET_REQUIRED).
    pub fn is_password_reset_required(&self) -> bool {
        matches!(self, Self::PasswordResetRequired(_))
    }
    pub fn is_user_not_found(&self) -> bool {
        matches!(self, Self::UserNotFound(_))
    }
    /// "Software token MFA is already enabled" and its kin, the seed's first troubleshooting case.
    pub fn is_totp_already_enabled(&self) -> bool {
        self.message()
            .is_some_and(|m| mentions(m, ALREADY_ENABLED_HINT))
    }
    /// No authenticator waiting to be verified (none associated, or already verified).
    pub fn is_totp_not_set_up(&self) -> bool {
        matches!(self, Self::SoftwareTokenMfaNotFound(_))
    }
    /// Cognito's sign-in session (3 minutes) ran out: the user has to start again.
    pub fn is_session_expired(&self) -> bool {
        matches!(self, Self::NotAuthorized(m) if mentions(m, SESSION_EXPIRED_HINT))
    }
    /// Any answer that says the sign-in session is gone: expired, used up, unknown.
    pub fn is_invalid_session(&self) -> bool {
        matches!(self, Self::NotAuthorized(m) if mentions(m, INVALID_SESSION_HINT))
    }
    /// Cognito's back-off after repeated wrong passwords.
    pub fn is_password_locked(&self) -> bool {
        matches!(self, Self::NotAuthorized(m) if mentions(m, PASSWORD_LOCK_HINT))
    }
    /// The request names an attribute the app client may not write (its `WriteAttributes`):
    /// "A client attempted to write unauthorized attribute" (aws/aws-sdk-js#3603; the developer
    /// guide: an app that updates an attribute that is not writable gets a
    /// NotAuthorizedException). About the app's set-up, not the user's password.
    pub fn is_unwritable_attribute(&self) -> bool {
        matches!(self, Self::NotAuthorized(m) if mentions(m, "unauthorized attribute"))
    }
    /// Cognito's lockout after repeated wrong MFA codes.
    pub fn is_user_locked(&self) -> bool {
        matches!(self, Self::NotAuthorized(m) if mentions(m, USER_LOCK_HINT))
    }
    /// A refresh token that refresh-token rotation already replaced (botocore model,
    /// RefreshTokenReuseException): another tab or device refreshed with it first.
    pub fn is_refresh_token_reused(&self) -> bool {
        matches!(self, Self::RefreshTokenReuse(_))
    }
    /// The service has no such operation (the AWS JSON protocol's UnknownOperationException).
    pub fn is_unknown_operation(&self) -> bool {
        matches!(self, Self::UnknownOperation(_))
    }
    /// Rate limits: the same request can succeed a moment later.
    pub fn is_throttled(&self) -> bool {
        matches!(self, Self::TooManyRequests(_) | Self::LimitExceeded(_))
    }
    pub fn is_too_many_attempts(&self) -> bool {
        self.is_throttled() || matches!(self, Self::TooManyFailedAttempts(_))
    }
    pub fn is_network(&self) -> bool {
        matches!(self, Self::Network(_))
    }
    /// Aborted on purpose: not a failure anyone should be told about.
    pub fn is_cancelled(&self) -> bool {
        matches!(self, Self::Cancelled)
    }

    /// The app client does not allow USER_AUTH. Inferred wording: Cognito's InvalidParameter for
    /// a client without a flow reads "USER_PASSWORD_AUTH flow not enabled for this client" (quoted
    /// in many public projects and issue threads); no public source quotes it for USER_AUTH.
    pub fn is_user_auth_disabled(&self) -> bool {
        matches!(self, Self::InvalidParameter(m) if mentions(m, "user_auth flow not enabled"))
    }
}

fn mentions(message: &str, hint: &str) -> bool {
    message.to_ascii_lowercase().contains(hint)
}

/// `aws.protocoltests#FooError:http://…` → `FooError`.
fn sanitize_code(raw: &str) -> String {
    let before_colon = raw.split(':').next().unwrap_or_default();
    let after_hash = before_colon.rsplit('#').next().unwrap_or_default();
    truncate(after_hash.trim())
}

fn truncate(s: &str) -> String {
    s.chars().take(MAX_MESSAGE_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(header: Option<&str>, body: &str, code: &str, message: &str) {
        let e = CognitoError::from_response(400, header, body.as_bytes());
        assert_eq!(e.code(), Some(code), "{e:?}");
        assert_eq!(e.message(), Some(message), "{e:?}");
    }

    #[test]
    fn type_from_body() {
        check(
            None,
            r#"{"__type":"CodeMismatchException","message":"Invalid code"}"#,
            "CodeMismatchException",
            "Invalid code",
        );
    }
    #[test]
    fn namespace_prefix_is_dropped() {
        check(
            None,
            r#"{"__type":"com.amazonaws.cognito#NotAuthorizedException","message":"m"}"#,
            "NotAuthorizedException",
            "m",
        );
    }
    #[test]
    fn url_suffix_is_dropped() {
        check(
            None,
            r#"{"__type":"aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/","message":"m"}"#,
            "FooError",
            "m",
        );
    }
    #[test]
    fn capital_message() {
        check(
            None,
            r#"{"__type":"ExpiredCodeException","Message":"M"}"#,
            "ExpiredCodeException",
            "M",
        );
    }
    #[test]
    fn code_field() {
        check(
            None,
            r#"{"code":"UserNotFoundException","message":"m"}"#,
            "UserNotFoundException",
            "m",
        );
    }
    #[test]
    fn header_fallback_cut_at_colon() {
        check(
            Some("TooManyRequestsException:http://x"),
            "{}",
            "TooManyRequestsException",
            "",
        );
        check(
            Some("LimitExceededException"),
            "not json",
            "LimitExceededException",
            "",
        );
    }
    #[test]
    fn no_name_is_http_error() {
        assert_eq!(
            CognitoError::from_response(502, None, b"<html>bad gateway</html>"),
            CognitoError::Http { status: 502 }
        );
        assert_eq!(
            CognitoError::from_response(500, None, br#"{"__type":""}"#),
            CognitoError::Http { status: 500 }
        );
    }
    #[test]
    fn unknown_code_is_unhandled() {
        let e = CognitoError::from_response(
            400,
            None,
            br#"{"__type":"BrandNewException","message":"x"}"#,
        );
        assert_eq!(
            e,
            CognitoError::Unhandled {
                code: "BrandNewException".into(),
                message: "x".into()
            }
        );
    }

    /// Every named variant survives the round trip name → variant → name.
    #[test]
    fn each_known_code_round_trips() {
        assert!(
            !KNOWN_CODES.is_empty(),
            "a round trip of nothing proves nothing"
        );
        for &code in KNOWN_CODES {
            let e = CognitoError::from_response(
                400,
                None,
                format!(r#"{{"__type":"{code}","message":"m"}}"#).as_bytes(),
            );
            assert!(
                !matches!(e, CognitoError::Unhandled { .. }),
                "{code} has no variant"
            );
            assert_eq!(e.code(), Some(code));
        }
    }

    #[test]
    fn guards() {
        let e = |code: &str, m: &str| CognitoError::from_code(code, m.into());
        assert!(e("CodeMismatchException", "").is_code_mismatch());
        assert!(e("ExpiredCodeException", "").is_expired_code());
        let already = e(
            "EnableSoftwareTokenMFAException",
            "Software token MFA is already enabled",
        );
        assert!(already.is_totp_already_enabled() && !already.is_code_mismatch());
        // VerifySoftwareToken's wrong-code answer.
        let wrong = e(
            "EnableSoftwareTokenMFAException",
            "Code mismatch and fail enable Software Token MFA",
        );
        assert!(wrong.is_code_mismatch() && !wrong.is_totp_already_enabled());
        let expired = e(
            "NotAuthorizedException",
            "Invalid session for the user, session is expired.",
        );
        assert!(expired.is_session_expired() && expired.is_not_authorized());
        for throttled in [
            e("TooManyRequestsException", "Rate exceeded"),
            e(
                "LimitExceededException",
                "Attempt limit exceeded, please try after some time.",
            ),
        ] {
            assert!(throttled.is_throttled());
        }
        for dead in [
            "Invalid session for the user.",
            "Invalid session for the user, session can only be used once.",
        ] {
            let dead = e("NotAuthorizedException", dead);
            assert!(dead.is_invalid_session() && !dead.is_session_expired());
        }
        assert!(e("NotAuthorizedException", "Password attempts exceeded").is_password_locked());
        assert!(
            e(
                "NotAuthorizedException",
                "Too many invalid credentials attempts. User temporarily locked. Please try again after few seconds."
            )
            .is_user_locked()
        );
        assert!(CognitoError::Cancelled.is_cancelled());
        assert!(CognitoError::Network("offline".into()).is_network());
    }

    #[test]
    fn huge_messages_are_cut() {
        let body = format!(
            r#"{{"__type":"NotAuthorizedException","message":"{}"}}"#,
            "x".repeat(100_000)
        );
        let e = CognitoError::from_response(400, None, body.as_bytes());
        assert_eq!(
            e.message().map(|m| m.chars().count()),
            Some(MAX_MESSAGE_CHARS)
        );
    }
}

//! Confirmation codes a user is sent by email or SMS: the sign-up confirmation (ConfirmSignUp,
//! ResendConfirmationCode) and the password reset (ForgotPassword, ConfirmForgotPassword). Each
//! purpose has its own code, so asking for a reset does not void a sign-up code or the reverse;
//! a new code of a purpose replaces the old one of that purpose.
//!
//! Guesses are limited twice: after [`MAX_GUESSES`] wrong codes a code is spent, and every further
//! answer, the right code included, reads LimitExceededException "Attempt limit exceeded, please
//! try after some time." until a new code is sent; and codes sent plus wrong answers of a purpose
//! are at most [`MAX_PER_HOUR`] an hour for a user, so asking for new codes does not buy new
//! guesses without end. Observed: five CodeMismatchExceptions, then LimitExceededException, on
//! ConfirmForgotPassword (<https://github.com/aws-amplify/amplify-ui-android/issues/180>); AWS
//! documents "between 5 and 20 attempts" per hour for requesting or entering a reset code,
//! "subject to change" (developer guide, "Quotas in Amazon Cognito"), and does not publish the
//! exact number (<https://github.com/amazon-archives/amazon-cognito-identity-js/issues/548>). The
//! same for sign-up codes is an assumption.

use serde_json::{Value, json};

use super::random::random_digits;
use super::{Inner, ServiceConfig};
use crate::error::{ApiError, ApiResult};
use crate::store::{CodePurpose, PendingCode};

/// Wrong answers a code takes before it is spent.
pub(super) const MAX_GUESSES: u32 = 5;
/// Codes sent and wrong answers, per user and purpose, in any hour.
pub(super) const MAX_PER_HOUR: usize = 20;
const HOUR_SECS: i64 = 3600;

/// Counts one attempt (a code sent, a wrong answer) of `purpose` for `user` at `now`, refused
/// once the hour's are used up.
fn count_attempt(user: &mut crate::store::User, purpose: CodePurpose, now: i64) -> ApiResult<()> {
    user.code_attempts.retain(|(_, at)| now - at < HOUR_SECS);
    let used = user
        .code_attempts
        .iter()
        .filter(|(p, _)| *p == purpose)
        .count();
    if used >= MAX_PER_HOUR {
        return Err(attempt_limit());
    }
    user.code_attempts.push((purpose, now));
    Ok(())
}
/// Sign-up confirmation codes are valid for a day and password-reset codes for an hour, as a
/// Cognito engineer put it in <https://github.com/amazon-archives/amazon-cognito-identity-js/issues/189>.
const CONFIRMATION_CODE_LIFETIME_SECS: i64 = 24 * 3600;
const RESET_CODE_LIFETIME_SECS: i64 = 3600;
/// Digits in a confirmation code.
const DIGITS: usize = 6;

/// Where a user's sign-up and reset codes go: a reset code to a verified email, else a verified
/// phone number (`send_code_for` refuses a user with neither); a sign-up code to the email, else
/// the phone number. Never to a new value still waiting for its own code: until then "your user
/// can sign in and receive messages with the original attribute value" (API reference,
/// UpdateUserAttributes). Real pools send where their `AutoVerifiedAttributes` say; email first
/// where there is one is an assumption for a pool that verifies both.
pub(super) fn medium_for(
    user: &crate::store::User,
    purpose: CodePurpose,
) -> (&'static str, &'static str) {
    let by_sms = match purpose {
        CodePurpose::ResetPassword => {
            user.verified_email().is_none() && user.verified_phone().is_some()
        }
        _ => user.email().is_none() && user.phone().is_some(),
    };
    if by_sms {
        ("SMS", "phone_number")
    } else {
        ("EMAIL", "email")
    }
}

impl Inner {
    /// Sends a new `purpose` code (replacing the last one of that purpose) where `medium_for` or
    /// the attribute says
    /// and returns the `CodeDeliveryDetails`.
    pub(super) fn send_code(
        &mut self,
        cfg: &ServiceConfig,
        pool_id: &str,
        username: &str,
        purpose: CodePurpose,
    ) -> ApiResult<Value> {
        let code = random_digits(DIGITS);
        let expires_at = self.clock.now_secs().saturating_add(match purpose {
            CodePurpose::ResetPassword => RESET_CODE_LIFETIME_SECS,
            // Attribute codes as long as sign-up's (an assumption: not published).
            _ => CONFIRMATION_CODE_LIFETIME_SECS,
        });
        let now = self.clock.now_secs();
        let user = self.user_mut(pool_id, username)?;
        count_attempt(user, purpose, now)?;
        user.pending_codes.retain(|p| p.purpose != purpose);
        user.pending_codes.push(PendingCode {
            purpose,
            code: code.clone(),
            expires_at,
            wrong_guesses: 0,
        });
        let user = user.clone();
        let label = match purpose {
            CodePurpose::ConfirmSignUp => "sign-up confirmation",
            CodePurpose::ResetPassword => "password reset",
            CodePurpose::VerifyEmail => "email verification",
            CodePurpose::VerifyPhone => "phone number verification",
        };
        let (medium, attribute) = match purpose.verifies() {
            Some("email") => ("EMAIL", "email"),
            Some(_) => ("SMS", "phone_number"),
            None => medium_for(&user, purpose),
        };
        // An attribute's own code goes to its new value where one waits for it; every other
        // code to the value in use.
        let waiting = purpose
            .verifies()
            .and_then(|_| user.pending_attributes.get(attribute));
        let destination = waiting
            .or_else(|| user.attributes.get(attribute))
            .cloned()
            .unwrap_or_default();
        let masked = self.deliver_to(cfg, pool_id, &user, medium, label, &code, &destination);
        Ok(json!({ "Destination": masked, "DeliveryMedium": medium, "AttributeName": attribute }))
    }

    /// Uses up the user's `purpose` code if `code` is it: refused when none was sent
    /// (ExpiredCodeException, as Cognito answers a ConfirmForgotPassword with no code requested:
    /// developer guide, "Managing user existence error responses"), expired, spent by wrong
    /// guesses (LimitExceededException), or wrong (CodeMismatchException, counted). An answer
    /// that is not six digits is wrong without being compared.
    pub(super) fn redeem_code(
        &mut self,
        pool_id: &str,
        username: &str,
        purpose: CodePurpose,
        code: &str,
    ) -> ApiResult<()> {
        let now = self.clock.now_secs();
        let user = self.user_mut(pool_id, username)?;
        let Some(at) = user.pending_codes.iter().position(|p| p.purpose == purpose) else {
            return Err(ApiError::expired_code());
        };
        let pending = &mut user.pending_codes[at];
        if pending.wrong_guesses >= MAX_GUESSES {
            return Err(attempt_limit());
        }
        if pending.expires_at < now {
            return Err(ApiError::expired_code());
        }
        let well_formed = code.len() == DIGITS && code.bytes().all(|b| b.is_ascii_digit());
        if well_formed && pending.code == code {
            user.pending_codes.remove(at);
            return Ok(());
        }
        pending.wrong_guesses += 1;
        count_attempt(user, purpose, now)?;
        Err(code_mismatch())
    }
}

/// A wrong confirmation or reset code.
pub(super) fn code_mismatch() -> ApiError {
    ApiError::new(
        "CodeMismatchException",
        "Invalid verification code provided, please try again.",
    )
}

/// Too many wrong guesses (of a code, or of the current password on ChangePassword).
pub(super) fn attempt_limit() -> ApiError {
    ApiError::new(
        "LimitExceededException",
        "Attempt limit exceeded, please try after some time.",
    )
}

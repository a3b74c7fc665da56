//! Choice-based sign-in (USER_AUTH) with a one-time code or a passkey as the only factor, and
//! the choice Cognito offers when the asked-for way is not one this user has (SELECT_CHALLENGE).
//! A password in USER_AUTH goes by SRP through `sign_in_with` (PREFERRED_CHALLENGE=PASSWORD_SRP).
//!
//! Shapes as amplify-js v6 sends them (packages/auth/src/client/flows/userAuth/
//! handleUserAuthFlow.ts, handleSelectChallenge.ts) and the botocore model documents them
//! (InitiateAuth `PREFERRED_CHALLENGE`; RespondToAuthChallenge SELECT_CHALLENGE `ANSWER`).

use std::collections::BTreeMap;

use super::{
    AuthError, AuthService, ChallengeKind, Device, SignInChallenge, SignInOutcome, device_key,
    on_device, outcome,
};

use crate::cognito::{Secret, Transport};
use crate::config::SignInMethod;

/// The name a method other than a password goes by in PREFERRED_CHALLENGE and a SELECT_CHALLENGE
/// answer.
fn challenge_of(method: SignInMethod) -> Option<&'static str> {
    match method {
        SignInMethod::EmailCode => Some("EMAIL_OTP"),
        SignInMethod::SmsCode => Some("SMS_OTP"),
        SignInMethod::Passkey => Some("WEB_AUTHN"),
        SignInMethod::Password => None,
    }
}

/// A code challenge that came as the first factor is one (8 digits, resent by starting over).
fn as_first_factor(next: SignInOutcome) -> SignInOutcome {
    match next {
        SignInOutcome::Challenge(ch)
            if matches!(ch.kind, ChallengeKind::Email | ChallengeKind::SmsOtp) =>
        {
            SignInOutcome::Challenge(SignInChallenge {
                first_factor: true,
                ..ch
            })
        }
        other => other,
    }
}

impl<T: Transport> AuthService<T> {
    /// InitiateAuth USER_AUTH asking for a sign-in code by email or text message, or a passkey:
    /// Cognito sends the code and answers with the code challenge (EMAIL_OTP / SMS_OTP), or with
    /// WEB_AUTHN and the passkey request's options; or with SELECT_CHALLENGE and the ways this
    /// user can sign in when that is not one of them. Sending it again is how a new code is asked
    /// for (there is no resend call: amplify-ui's `resendSignInCode` signs in again with the same
    /// preferred challenge).
    pub async fn start_first_factor(
        &self,
        email: &str,
        method: SignInMethod,
        device: Option<&Device>,
    ) -> Result<SignInOutcome, AuthError> {
        let email = email.trim();
        if email.is_empty() {
            return Err(AuthError::MissingCredentials);
        }
        let preferred = challenge_of(method).ok_or(AuthError::MissingCredentials)?;
        let started = self
            .initiate_user_auth(BTreeMap::from_iter(
                [
                    ("USERNAME".to_owned(), Secret::from(email)),
                    ("PREFERRED_CHALLENGE".to_owned(), Secret::from(preferred)),
                ]
                .into_iter()
                .chain(device_key(device)),
            ))
            .await?;
        Ok(as_first_factor(on_device(
            outcome(started, email, email)?,
            device,
        )))
    }

    /// Answers SELECT_CHALLENGE with a code method or a passkey: Cognito sends the code and asks
    /// for it, or sends the passkey request's options (amplify-js sends `ANSWER` alone for
    /// WEB_AUTHN too and expects the WEB_AUTHN challenge back: handleSelectChallenge.ts).
    pub async fn choose_first_factor(
        &self,
        challenge: &SignInChallenge,
        method: SignInMethod,
    ) -> Result<SignInOutcome, AuthError> {
        let answer = challenge_of(method).ok_or(AuthError::MissingCredentials)?;
        let next = self
            .respond(challenge, [("ANSWER".to_owned(), Secret::from(answer))])
            .await?;
        Ok(as_first_factor(next))
    }

    /// The passkey's assertion (`AuthenticationResponseJSON`, as a JSON string: CREDENTIAL) for
    /// the WEB_AUTHN challenge; tokens follow, never MFA.
    pub async fn answer_passkey(
        &self,
        challenge: &SignInChallenge,
        credential: &str,
    ) -> Result<SignInOutcome, AuthError> {
        self.respond(
            challenge,
            [("CREDENTIAL".to_owned(), Secret::from(credential))],
        )
        .await
    }
}

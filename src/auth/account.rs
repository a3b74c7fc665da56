//! The account's life outside sign-in: sign-up and its confirmation code, a forgotten password,
//! changing the password.
//!
//! Unlike sign-in (SRP: the password never leaves the browser), Cognito's API takes a *new*
//! password itself — SignUp, ConfirmForgotPassword, ChangePassword, NEW_PASSWORD_REQUIRED — over
//! TLS; every Cognito client sends it the same way. It is held in wiped-on-drop buffers here.

use super::{AuthError, AuthService, Tokens, normalize_code};
use crate::cognito::ops::{self, AttributeType, CodeDeliveryDetails};
use crate::cognito::{CognitoError, Secret, Transport};

/// Cognito's default password policy, rule by rule, for the checklist shown while typing: at
/// least 8 characters, a lowercase and an uppercase letter, a digit and a symbol. The service has
/// the last word (a pool may set other rules; its refusal is shown as such).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PasswordCheck {
    pub long_enough: bool,
    pub lowercase: bool,
    pub uppercase: bool,
    pub digit: bool,
    pub symbol: bool,
}

/// The symbols Cognito's policy counts (AWS docs, "User pool password requirements").
const POLICY_SYMBOLS: &str = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ";

impl PasswordCheck {
    pub const MIN_LENGTH: usize = 8;

    pub fn of(password: &str) -> Self {
        Self {
            long_enough: password.chars().count() >= Self::MIN_LENGTH,
            lowercase: password.chars().any(|c| c.is_ascii_lowercase()),
            uppercase: password.chars().any(|c| c.is_ascii_uppercase()),
            digit: password.chars().any(|c| c.is_ascii_digit()),
            symbol: password.chars().any(|c| POLICY_SYMBOLS.contains(c)),
        }
    }
}

/// Where a code went, as Cognito masks it (`k***@e***`, `+*******0142`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeSent {
    pub destination: Option<String>,
}

impl From<Option<CodeDeliveryDetails>> for CodeSent {
    fn from(d: Option<CodeDeliveryDetails>) -> Self {
        Self {
            destination: d.and_then(|d| d.destination).filter(|d| !d.is_empty()),
        }
    }
}

/// What a sign-up leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignedUp {
    /// A code went out: the account is confirmed with it.
    NeedsConfirmation(CodeSent),
    /// The pool confirms accounts itself (a pre-sign-up trigger): sign in right away.
    Confirmed,
}

impl<T: Transport> AuthService<T> {
    /// SignUp with the email as user name and as the `email` attribute.
    pub async fn sign_up(&self, email: &str, password: &str) -> Result<SignedUp, AuthError> {
        let email = email.trim();
        if email.is_empty() || password.is_empty() {
            return Err(AuthError::MissingCredentials);
        }
        let out = self
            .client
            .call(&ops::SignUp {
                client_id: self.config.client_id.clone(),
                username: email.to_owned(),
                password: Secret::from(password),
                user_attributes: vec![AttributeType {
                    name: "email".into(),
                    value: email.to_owned(),
                }],
            })
            .await?;
        Ok(if out.user_confirmed {
            SignedUp::Confirmed
        } else {
            SignedUp::NeedsConfirmation(out.code_delivery_details.into())
        })
    }

    /// ConfirmSignUp with the emailed code (6 digits, checked before sending).
    pub async fn confirm_sign_up(&self, email: &str, code: &str) -> Result<(), AuthError> {
        let code = normalize_code(code)?;
        self.client
            .call(&ops::ConfirmSignUp {
                client_id: self.config.client_id.clone(),
                username: email.trim().to_owned(),
                confirmation_code: Secret::new(code),
            })
            .await?;
        Ok(())
    }

    /// ResendConfirmationCode: a fresh code for an account not confirmed yet.
    pub async fn resend_confirmation_code(&self, email: &str) -> Result<CodeSent, AuthError> {
        let out = self
            .client
            .call(&ops::ResendConfirmationCode {
                client_id: self.config.client_id.clone(),
                username: email.trim().to_owned(),
            })
            .await?;
        Ok(out.code_delivery_details.into())
    }

    /// ForgotPassword: a code to reset the password with. An unknown email reads like a known
    /// one (Cognito does the same with user-existence errors prevented): no account probing.
    pub async fn forgot_password(&self, email: &str) -> Result<CodeSent, AuthError> {
        let email = email.trim();
        if email.is_empty() {
            return Err(AuthError::MissingCredentials);
        }
        match self
            .client
            .call(&ops::ForgotPassword {
                client_id: self.config.client_id.clone(),
                username: email.to_owned(),
            })
            .await
        {
            Ok(out) => Ok(out.code_delivery_details.into()),
            // Looks exactly like a code sent to that address, as Cognito masks it.
            Err(e) if e.is_user_not_found() => Ok(CodeSent {
                destination: Some(mask_email(email)),
            }),
            Err(e) => Err(e.into()),
        }
    }

    /// ConfirmForgotPassword: the code and the new password.
    pub async fn confirm_forgot_password(
        &self,
        email: &str,
        code: &str,
        new_password: &str,
    ) -> Result<(), AuthError> {
        let code = normalize_code(code)?;
        if new_password.is_empty() {
            return Err(AuthError::MissingCredentials);
        }
        self.client
            .call(&ops::ConfirmForgotPassword {
                client_id: self.config.client_id.clone(),
                username: email.trim().to_owned(),
                confirmation_code: Secret::new(code),
                password: Secret::from(new_password),
            })
            .await
            // An unknown account reads like a wrong code: no account probing.
            .map_err(|e| match e {
                e if e.is_user_not_found() => {
                    AuthError::Cognito(CognitoError::CodeMismatch(String::new()))
                }
                other => AuthError::Cognito(other),
            })?;
        Ok(())
    }

    /// ChangePassword for the signed-in user: the current password is required.
    pub async fn change_password(
        &self,
        tokens: &Tokens,
        current: &str,
        proposed: &str,
    ) -> Result<(), AuthError> {
        if current.is_empty() || proposed.is_empty() {
            return Err(AuthError::MissingCredentials);
        }
        // A wrong current password is NotAuthorized too, which must not sign the user out.
        self.client
            .call(&ops::ChangePassword {
                previous_password: Secret::from(current),
                proposed_password: Secret::from(proposed),
                access_token: tokens.access_token.clone(),
            })
            .await
            .map_err(|e| match e {
                e if e.is_not_authorized() && is_token_problem(&e) => AuthError::SignedOut,
                other => AuthError::Cognito(other),
            })?;
        Ok(())
    }
}

/// `kim@example.com` → `k***@e***`, as Cognito masks a delivery address.
fn mask_email(email: &str) -> String {
    let (local, domain) = email.split_once('@').unwrap_or((email, ""));
    let first = |s: &str| s.chars().next().map(String::from).unwrap_or_default();
    format!("{}***@{}***", first(local), first(domain))
}

/// NotAuthorized about the access token ("Access Token has expired / been revoked", "Invalid
/// Access Token") rather than about the password ("Incorrect username or password.").
fn is_token_problem(e: &crate::cognito::CognitoError) -> bool {
    e.message()
        .is_some_and(|m| m.to_ascii_lowercase().contains("token"))
}

#[cfg(test)]
mod tests {
    use super::PasswordCheck;

    const ALL: PasswordCheck = PasswordCheck {
        long_enough: true,
        lowercase: true,
        uppercase: true,
        digit: true,
        symbol: true,
    };

    #[test]
    fn the_checklist_follows_cognitos_default_policy() {
        assert_eq!(PasswordCheck::of("Demo-Passw0rd!"), ALL);
        assert!(
            PasswordCheck::of("Sp ace1Aa") == ALL,
            "a space counts as a symbol"
        );
        let weak = PasswordCheck::of("password");
        assert_eq!(
            weak,
            PasswordCheck {
                long_enough: true,
                lowercase: true,
                ..PasswordCheck::default()
            }
        );
        assert!(!PasswordCheck::of("Aa1!").long_enough);
        assert!(
            PasswordCheck::of("ÄÖÜäöü12!") != ALL,
            "Cognito wants English letters: Thai or accented letters have no case it counts"
        );
        assert!(!PasswordCheck::of("Abcdefg1").symbol);
    }

    #[test]
    fn an_unknown_address_is_masked_like_a_real_delivery() {
        assert_eq!(super::mask_email("kim@example.com"), "k***@e***");
        assert_eq!(super::mask_email("ไทย@ตัวอย่าง.th"), "ไ***@ต***");
        assert_eq!(super::mask_email("no-at-sign"), "n***@***");
    }

    #[test]
    fn only_token_problems_sign_the_user_out_of_a_password_change() {
        use crate::cognito::CognitoError::NotAuthorized;
        for token in [
            "Access Token has expired",
            "Access Token has been revoked",
            "Invalid Access Token",
        ] {
            assert!(
                super::is_token_problem(&NotAuthorized(token.into())),
                "{token}"
            );
        }
        assert!(!super::is_token_problem(&NotAuthorized(
            "Incorrect username or password.".into()
        )));
    }
}

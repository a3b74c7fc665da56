//! The account's life outside sign-in: sign-up and its confirmation code, a forgotten password,
//! changing the password.
//!
//! Unlike sign-in (SRP: the password never leaves the browser), Cognito's API takes a *new*
//! password itself — SignUp, ConfirmForgotPassword, ChangePassword, NEW_PASSWORD_REQUIRED — over
//! TLS; every Cognito client sends it the same way. It is held in wiped-on-drop buffers here.

use super::{AuthError, AuthService, Tokens, normalize_code};
use crate::cognito::ops::{self, AttributeType, CodeDeliveryDetails};
use crate::cognito::{CognitoError, Secret, Transport};
use crate::config::{PasswordPolicy, SignInName};

/// The pool's password policy (`config::PasswordPolicy`; Cognito's default: at least 8
/// characters, a lowercase and an uppercase letter, a digit and a symbol), rule by rule, for the
/// checklist shown while typing. The service has the last word (its refusal is shown as such).
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
    pub fn of(password: &str, policy: &PasswordPolicy) -> Self {
        Self {
            long_enough: password.chars().count() >= policy.min_length,
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
    /// The code went by text message (`DeliveryMedium: SMS`), not by email.
    pub by_sms: bool,
}

impl From<Option<CodeDeliveryDetails>> for CodeSent {
    fn from(d: Option<CodeDeliveryDetails>) -> Self {
        let by_sms = d
            .as_ref()
            .is_some_and(|d| d.delivery_medium.as_deref() == Some("SMS"));
        Self {
            destination: d.and_then(|d| d.destination).filter(|d| !d.is_empty()),
            by_sms,
        }
    }
}

/// What a sign-up gives besides the name and password: the contacts (where the name is a user
/// name: where the confirmation code and later codes go; phone numbers in E.164) and the pool's
/// other attributes the build asks for (SIGN_UP_ATTRIBUTES, as checked by
/// [`super::attributes::check`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewAccount {
    pub email: Option<String>,
    pub phone_number: Option<String>,
    pub attributes: Vec<(String, String)>,
}

/// Which contact fields a sign-up asks for next to the name: `Some(true)` required,
/// `Some(false)` optional, `None` not asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContactFields {
    pub email: Option<bool>,
    pub phone_number: Option<bool>,
}

impl ContactFields {
    /// Where email or a phone number is the user name, the name is the contact (nothing more is
    /// asked). With user names the confirmation code needs somewhere to go: the email (also
    /// the pool's alias, if it has it); a phone number where that is the only alias, else
    /// optional next to the email.
    pub fn for_pool(kind: &SignInName) -> Self {
        if !kind.username {
            return Self {
                email: None,
                phone_number: None,
            };
        }
        match (kind.email, kind.phone) {
            (false, true) => Self {
                email: None,
                phone_number: Some(true),
            },
            (_, phone) => Self {
                email: Some(true),
                phone_number: phone.then_some(false),
            },
        }
    }
}

/// SignUp's `UserAttributes`: where email or a phone number is the user name, the name is also
/// that attribute (Cognito takes it from the attribute, and codes go there); else the contacts
/// given. Then the other attributes, never a contact again (only the name or the contact
/// fields say where codes go).
pub fn sign_up_attributes(
    kind: &SignInName,
    name: &str,
    account: &NewAccount,
) -> Vec<(String, String)> {
    let attribute = |n: &str, v: &str| (n.to_owned(), v.to_owned());
    let contacts = if !kind.username {
        let is_phone = kind.phone && name.starts_with('+');
        vec![attribute(
            if is_phone { "phone_number" } else { "email" },
            name,
        )]
    } else {
        [
            ("email", &account.email),
            ("phone_number", &account.phone_number),
        ]
        .into_iter()
        .filter_map(|(n, v)| {
            v.as_deref()
                .filter(|v| !v.is_empty())
                .map(|v| attribute(n, v))
        })
        .collect()
    };
    let others = account
        .attributes
        .iter()
        .filter(|(n, v)| !v.is_empty() && n != "email" && n != "phone_number")
        .cloned();
    contacts.into_iter().chain(others).collect()
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
    /// SignUp with the sign-in name as user name, and the attributes `sign_up_attributes` gives.
    pub async fn sign_up(
        &self,
        name: &str,
        password: &str,
        account: &NewAccount,
    ) -> Result<SignedUp, AuthError> {
        let name = name.trim();
        if name.is_empty() || password.is_empty() {
            return Err(AuthError::MissingCredentials);
        }
        let user_attributes = sign_up_attributes(&self.config.sign_in_name, name, account)
            .into_iter()
            .map(|(name, value)| AttributeType { name, value })
            .collect();
        let out = self
            .client
            .call(&ops::SignUp {
                client_id: self.config.client_id.clone(),
                username: name.to_owned(),
                password: Secret::from(password),
                user_attributes,
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
                destination: mask_unknown(email),
                by_sms: email.starts_with('+'),
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
        self.as_user(&ops::ChangePassword {
            previous_password: Secret::from(current),
            proposed_password: Secret::from(proposed),
            access_token: tokens.access_token.clone(),
        })
        .await?;
        Ok(())
    }
}

/// `kim@example.com` → `k***@e***`, as Cognito masks a delivery address.
/// The name of an account that does not exist, masked as a real delivery to it would be: an
/// email as Cognito masks one, a phone number as `+*******5678`; a user name says nothing of
/// where its code would have gone, so nothing is shown.
fn mask_unknown(name: &str) -> Option<String> {
    if name.contains('@') {
        return Some(mask_email(name));
    }
    let digits = name.strip_prefix('+')?;
    let shown = digits.len().saturating_sub(4);
    digits
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| format!("+{}{}", "*".repeat(shown), &digits[shown..]))
}

fn mask_email(email: &str) -> String {
    let (local, domain) = email.split_once('@').unwrap_or((email, ""));
    let first = |s: &str| s.chars().next().map(String::from).unwrap_or_default();
    format!("{}***@{}***", first(local), first(domain))
}

/// NotAuthorized about the access token ("Access Token has expired / been revoked", "Invalid
/// Access Token") rather than about the password ("Incorrect username or password.").
pub(super) fn is_token_problem(e: &crate::cognito::CognitoError) -> bool {
    e.message()
        .is_some_and(|m| m.to_ascii_lowercase().contains("token"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_name_is_masked_as_a_delivery_to_it_would_be() {
        assert_eq!(
            mask_unknown("kim@example.com").as_deref(),
            Some("k***@e***")
        );
        assert_eq!(
            mask_unknown("+66812345678").as_deref(),
            Some("+*******5678")
        );
        assert_eq!(mask_unknown("kim"), None);
        assert_eq!(mask_unknown("+66 81"), None);
    }

    #[test]
    fn a_sign_up_sends_the_name_as_its_contact_or_the_contacts_given() {
        let kind = |username, email, phone| SignInName {
            username,
            email,
            phone,
            ..SignInName::default()
        };
        let pair = |n: &str, v: &str| (n.to_owned(), v.to_owned());
        let none = NewAccount::default();
        assert_eq!(
            sign_up_attributes(&kind(false, true, false), "kim@example.com", &none),
            [pair("email", "kim@example.com")]
        );
        assert_eq!(
            sign_up_attributes(&kind(false, false, true), "+66812345678", &none),
            [pair("phone_number", "+66812345678")]
        );
        assert_eq!(
            sign_up_attributes(&kind(false, true, true), "+66812345678", &none),
            [pair("phone_number", "+66812345678")]
        );
        let given = NewAccount {
            email: Some("kim@example.com".into()),
            phone_number: Some(String::new()),
            attributes: Vec::new(),
        };
        assert_eq!(
            sign_up_attributes(&kind(true, true, true), "kim", &given),
            [pair("email", "kim@example.com")],
            "the user name is not an attribute; an empty phone number is none"
        );
        let with_details = NewAccount {
            attributes: vec![
                pair("name", "Kim Lee"),
                pair("custom:team", "Blue"),
                // Never a second, unverified contact next to the sign-in name.
                pair("email", "other@example.com"),
                pair("birthdate", ""),
            ],
            ..NewAccount::default()
        };
        assert_eq!(
            sign_up_attributes(&kind(false, true, false), "kim@example.com", &with_details),
            [
                pair("email", "kim@example.com"),
                pair("name", "Kim Lee"),
                pair("custom:team", "Blue")
            ]
        );
        assert_eq!(
            ContactFields::for_pool(&kind(false, true, false)),
            ContactFields {
                email: None,
                phone_number: None
            }
        );
        assert_eq!(
            ContactFields::for_pool(&kind(true, false, false)),
            ContactFields {
                email: Some(true),
                phone_number: None
            },
            "a code needs somewhere to go"
        );
        assert_eq!(
            ContactFields::for_pool(&kind(true, false, true)),
            ContactFields {
                email: None,
                phone_number: Some(true)
            }
        );
        assert_eq!(
            ContactFields::for_pool(&kind(true, true, true)),
            ContactFields {
                email: Some(true),
                phone_number: Some(false)
            }
        );
    }

    const ALL: PasswordCheck = PasswordCheck {
        long_enough: true,
        lowercase: true,
        uppercase: true,
        digit: true,
        symbol: true,
    };

    #[test]
    fn the_checklist_follows_cognitos_default_policy() {
        assert_eq!(
            PasswordCheck::of("Demo-Passw0rd!", &PasswordPolicy::default()),
            ALL
        );
        assert!(
            PasswordCheck::of("Sp ace1Aa", &PasswordPolicy::default()) == ALL,
            "a space counts as a symbol"
        );
        let weak = PasswordCheck::of("password", &PasswordPolicy::default());
        assert_eq!(
            weak,
            PasswordCheck {
                long_enough: true,
                lowercase: true,
                ..PasswordCheck::default()
            }
        );
        assert!(!PasswordCheck::of("Aa1!", &PasswordPolicy::default()).long_enough);
        assert!(
            PasswordCheck::of("ÄÖÜäöü12!", &PasswordPolicy::default()) != ALL,
            "Cognito wants English letters: Thai or accented letters have no case it counts"
        );
        assert!(!PasswordCheck::of("Abcdefg1", &PasswordPolicy::default()).symbol);
        // A pool with a 12-character rule is not told 8.
        let twelve = PasswordPolicy {
            min_length: 12,
            ..PasswordPolicy::default()
        };
        assert!(
            PasswordCheck::of("Demo-Passw0", &PasswordPolicy::default()).long_enough,
            "11 characters are enough for the default"
        );
        assert!(!PasswordCheck::of("Demo-Passw0", &twelve).long_enough);
        assert!(PasswordCheck::of("Demo-Passw0rd", &twelve).long_enough);
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

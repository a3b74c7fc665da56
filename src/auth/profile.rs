//! The signed-in user's own contact details and account: verifying an email or phone number
//! (GetUserAttributeVerificationCode → VerifyUserAttribute), changing one (UpdateUserAttributes,
//! then its code), the other details (UpdateUserAttributes, DeleteUserAttributes), and deleting
//! the account (DeleteUser). What is decided here: which contacts
//! wait for a code, whether a change is waiting on Cognito's side, whether what the user typed
//! confirms a deletion.

use super::account::is_token_problem;
use super::attributes::DetailsChange;
use super::sign_in_name::normalise;
use super::{AuthError, AuthService, CodeSent, Tokens, UserProfile, normalize_code};
use crate::cognito::Transport;
use crate::cognito::ops::{self, AttributeType};
use crate::config::SignInName;

/// A way to reach the user that Cognito verifies with a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Contact {
    Email,
    Phone,
}

impl Contact {
    pub const ALL: [Contact; 2] = [Contact::Email, Contact::Phone];

    /// Its attribute's name on the wire.
    pub fn attribute(self) -> &'static str {
        match self {
            Contact::Email => "email",
            Contact::Phone => "phone_number",
        }
    }
}

impl UserProfile {
    /// The contact's value, if the user has one.
    pub fn contact(&self, contact: Contact) -> Option<&str> {
        match contact {
            Contact::Email => self.email.as_deref(),
            Contact::Phone => self.phone_number.as_deref(),
        }
    }

    /// Whether Cognito marks the contact verified (`email_verified`, `phone_number_verified`).
    pub fn is_verified(&self, contact: Contact) -> bool {
        match contact {
            Contact::Email => self.email_verified,
            Contact::Phone => self.phone_verified,
        }
    }

    /// The contacts the user has and has not verified: what the sign-in offers to verify (codes
    /// and a forgotten password reach only verified ones; an alias signs in only verified).
    pub fn unverified_contacts(&self) -> Vec<Contact> {
        Contact::ALL
            .into_iter()
            .filter(|&c| self.contact(c).is_some() && !self.is_verified(c))
            .collect()
    }
}

/// After a contact change: where the code went, and whether Cognito keeps the old value until
/// the new one is verified (`AttributesRequireVerificationBeforeUpdate`: "Your user can sign in
/// and receive messages with the original attribute value until they verify the new value", API
/// reference, UpdateUserAttributes). Cognito's answer does not say which; GetUser does: the old
/// value still there means the new one waits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactChanged {
    pub sent: CodeSent,
    /// The new value waits for its code; the old one stays in use until then.
    pub waiting: bool,
}

/// Whether `profile` (read after the change) does not show `contact` at `new` yet: the old value
/// (or none, for a contact being added) is still what Cognito uses.
pub fn change_is_waiting(profile: &UserProfile, contact: Contact, new: &str) -> bool {
    profile.contact(contact) != Some(new)
}

/// What the user typed to confirm deleting their account: the account's name as shown (their
/// email, phone number or user name), whatever its case or surrounding spaces, or typed the way
/// they sign in (a phone number as they dial it). Nothing typed, or anything else, confirms
/// nothing.
pub fn confirms_deletion(typed: &str, account: &str, kind: &SignInName) -> bool {
    let account = account.trim().to_lowercase();
    let same = |t: &str| !account.is_empty() && t.trim().to_lowercase() == account;
    same(typed) || normalise(kind, typed).is_ok_and(|n| same(&n))
}

impl<T: Transport> AuthService<T> {
    /// A call with the access token where NotAuthorized may be about the request (a wrong
    /// current password, an attribute the app client may not write) rather than the session.
    pub(super) async fn as_user<O: ops::Operation>(
        &self,
        request: &O,
    ) -> Result<O::Output, AuthError> {
        self.client.call(request).await.map_err(|e| match e {
            e if e.is_not_authorized() && is_token_problem(&e) => AuthError::SignedOut,
            other => AuthError::Cognito(other),
        })
    }

    /// Saves "Your details": UpdateUserAttributes with the values changed, then
    /// DeleteUserAttributes with the ones emptied (each only where there is one). Neither is a
    /// contact, so no code goes out and no proof of the user is asked: these attributes
    /// decide nothing about signing in or recovering the account.
    pub async fn save_details(
        &self,
        tokens: &Tokens,
        change: &DetailsChange,
    ) -> Result<(), AuthError> {
        if !change.update.is_empty() {
            self.as_user(&ops::UpdateUserAttributes {
                user_attributes: change
                    .update
                    .iter()
                    .map(|(name, value)| AttributeType {
                        name: name.clone(),
                        value: value.clone(),
                    })
                    .collect(),
                access_token: tokens.access_token.clone(),
            })
            .await?;
        }
        if !change.delete.is_empty() {
            self.as_user(&ops::DeleteUserAttributes {
                user_attribute_names: change.delete.clone(),
                access_token: tokens.access_token.clone(),
            })
            .await?;
        }
        Ok(())
    }

    /// UpdateUserAttributes with the contact's new value (an email lower-cased; a phone number
    /// already E.164), then GetUser to see whether the change waits for its code.
    pub async fn change_contact(
        &self,
        tokens: &Tokens,
        contact: Contact,
        value: &str,
    ) -> Result<ContactChanged, AuthError> {
        let value = value.trim();
        if value.is_empty() {
            return Err(AuthError::MissingCredentials);
        }
        let out = self
            .as_user(&ops::UpdateUserAttributes {
                user_attributes: vec![AttributeType {
                    name: contact.attribute().into(),
                    value: value.to_owned(),
                }],
                access_token: tokens.access_token.clone(),
            })
            .await?;
        let sent = out
            .code_delivery_details_list
            .into_iter()
            .find(|d| d.attribute_name.as_deref() == Some(contact.attribute()));
        let waiting = match self.get_user(tokens).await {
            Ok(profile) => change_is_waiting(&profile, contact, value),
            Err(e) if e.is_cancelled() => return Err(e),
            // The change was made; not knowing whether it waits only changes a sentence.
            Err(_) => false,
        };
        Ok(ContactChanged {
            sent: sent.into(),
            waiting,
        })
    }

    /// GetUserAttributeVerificationCode: a (new) code for the contact.
    pub async fn send_contact_code(
        &self,
        tokens: &Tokens,
        contact: Contact,
    ) -> Result<CodeSent, AuthError> {
        let out = self
            .as_user(&ops::GetUserAttributeVerificationCode {
                access_token: tokens.access_token.clone(),
                attribute_name: contact.attribute().into(),
            })
            .await?;
        Ok(out.code_delivery_details.into())
    }

    /// VerifyUserAttribute with the code (6 digits, checked before sending).
    pub async fn verify_contact(
        &self,
        tokens: &Tokens,
        contact: Contact,
        code: &str,
    ) -> Result<(), AuthError> {
        let code = normalize_code(code)?;
        self.as_user(&ops::VerifyUserAttribute {
            access_token: tokens.access_token.clone(),
            attribute_name: contact.attribute().into(),
            code: crate::cognito::Secret::new(code),
        })
        .await?;
        Ok(())
    }

    /// DeleteUser: the account is gone, and with it every session ("A deleted user profile can
    /// no longer be used to sign in and can't be restored", API reference). The caller forgets
    /// this browser's session and what it kept for the account.
    pub async fn delete_account(&self, tokens: &Tokens) -> Result<(), AuthError> {
        self.as_signed_in(&ops::DeleteUser {
            access_token: tokens.access_token.clone(),
        })
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::scripted::{Scripted, ready};
    use crate::config::{Config, RawConfig};

    fn kim() -> UserProfile {
        UserProfile {
            username: "kim".into(),
            email: Some("kim@example.com".into()),
            email_verified: true,
            phone_number: Some("+66812345678".into()),
            phone_verified: false,
            ..UserProfile::default()
        }
    }

    #[test]
    fn only_contacts_the_user_has_and_has_not_verified_wait_for_a_code() {
        assert_eq!(kim().unverified_contacts(), [Contact::Phone]);
        let no_phone = UserProfile {
            phone_number: None,
            ..kim()
        };
        assert_eq!(no_phone.unverified_contacts(), []);
        let neither = UserProfile {
            email_verified: false,
            ..kim()
        };
        assert_eq!(neither.unverified_contacts(), Contact::ALL);
    }

    #[test]
    fn a_change_waits_where_the_old_value_is_still_the_users() {
        assert!(change_is_waiting(
            &kim(),
            Contact::Email,
            "kim.lee@example.com"
        ));
        assert!(!change_is_waiting(
            &kim(),
            Contact::Email,
            "kim@example.com"
        ));
        let none = UserProfile {
            phone_number: None,
            ..kim()
        };
        assert!(
            change_is_waiting(&none, Contact::Phone, "+66899990000"),
            "added, not there yet: it waits too"
        );
    }

    #[test]
    fn only_the_accounts_own_name_confirms_its_deletion() {
        let email = SignInName::default();
        assert!(confirms_deletion(
            " Kim@Example.com ",
            "kim@example.com",
            &email
        ));
        for typed in ["", "delete", "kim@example.co", "kim"] {
            assert!(
                !confirms_deletion(typed, "kim@example.com", &email),
                "{typed}"
            );
        }
        assert!(
            !confirms_deletion("", "", &email),
            "no account, nothing confirmed"
        );
        let phone = SignInName {
            email: false,
            phone: true,
            country_code: Some(66),
            ..SignInName::default()
        };
        for typed in ["+66812345678", "081 234 5678"] {
            assert!(confirms_deletion(typed, "+66812345678", &phone), "{typed}");
        }
        assert!(!confirms_deletion("081 234 5679", "+66812345678", &phone));
    }

    #[test]
    fn a_contact_change_says_where_the_code_went_and_whether_it_waits() {
        let sent = r#"{"CodeDeliveryDetailsList":[{"Destination":"k***@e***","DeliveryMedium":"EMAIL","AttributeName":"email"}]}"#;
        let still_old = r#"{"Username":"kim","UserAttributes":[{"Name":"email","Value":"kim@example.com"},{"Name":"email_verified","Value":"true"}]}"#;
        let script = Scripted::new(&[Ok(sent), Ok(still_old)]);
        let service = AuthService::new(
            Config::parse(RawConfig::default()).unwrap_or_else(|e| panic!("{e}")),
            &script,
        );
        let changed = ready(service.change_contact(
            &Tokens::for_tests("i"),
            Contact::Email,
            "kim.lee@example.com",
        ));
        let Ok(changed) = changed else {
            panic!("{changed:?}");
        };
        assert_eq!(
            changed,
            ContactChanged {
                sent: CodeSent {
                    destination: Some("k***@e***".into()),
                    by_sms: false
                },
                waiting: true
            }
        );
        assert_eq!(script.operations(), ["UpdateUserAttributes", "GetUser"]);

        // An attribute the app client may not write is a refusal, not the end of the session.
        let refused = Scripted::new(&[Err((
            "NotAuthorizedException",
            "A client attempted to write unauthorized attribute",
        ))]);
        let service = AuthService::new(
            Config::parse(RawConfig::default()).unwrap_or_else(|e| panic!("{e}")),
            &refused,
        );
        let answer =
            ready(service.change_contact(&Tokens::for_tests("i"), Contact::Phone, "+66812345678"));
        assert!(matches!(answer, Err(AuthError::Cognito(_))), "{answer:?}");
    }
}

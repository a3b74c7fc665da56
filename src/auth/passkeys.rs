//! The signed-in user's passkeys: add one (StartWebAuthnRegistration → the browser's
//! `navigator.credentials.create` → CompleteWebAuthnRegistration), list them, delete one. The
//! browser ceremony itself is the page's (`ui::webauthn`); this is the Cognito side.

use serde_json::Value;

use super::{AuthError, AuthService, Tokens};
use crate::cognito::Transport;
use crate::cognito::ops::{self, WebAuthnCredential};

/// One of the user's passkeys, as ListWebAuthnCredentials describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Passkey {
    /// The credential id (what deleting it names).
    pub id: String,
    /// The name the authenticator gave it ("iCloud Keychain", …), possibly empty.
    pub name: String,
    pub kept: PasskeyPlace,
    /// When it was added, in ms since the epoch.
    pub added_ms: f64,
}

/// Where a passkey lives (`AuthenticatorAttachment`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasskeyPlace {
    /// This device's own authenticator (`platform`).
    ThisDevice,
    /// A security key or a phone (`cross-platform`).
    Roaming,
    Unknown,
}

impl From<WebAuthnCredential> for Passkey {
    fn from(c: WebAuthnCredential) -> Self {
        Self {
            kept: match c.authenticator_attachment.as_deref() {
                Some("platform") => PasskeyPlace::ThisDevice,
                Some("cross-platform") => PasskeyPlace::Roaming,
                _ => PasskeyPlace::Unknown,
            },
            added_ms: c.created_at * 1000.0,
            id: c.credential_id,
            name: c.friendly_credential_name,
        }
    }
}

/// Cognito's largest page of passkeys (ListWebAuthnCredentials MaxResults 0..20, botocore).
const PAGE: u32 = 20;
/// Pages followed at most: a user with more than 100 passkeys sees the first 100.
const MAX_PAGES: usize = 5;

impl<T: Transport> AuthService<T> {
    /// StartWebAuthnRegistration: the options `navigator.credentials.create` takes (an object).
    pub async fn start_passkey_registration(&self, tokens: &Tokens) -> Result<Value, AuthError> {
        Ok(self
            .as_signed_in(&ops::StartWebAuthnRegistration {
                access_token: tokens.access_token.clone(),
            })
            .await?
            .credential_creation_options)
    }

    /// CompleteWebAuthnRegistration with the browser's `RegistrationResponseJSON`.
    pub async fn complete_passkey_registration(
        &self,
        tokens: &Tokens,
        credential: Value,
    ) -> Result<(), AuthError> {
        self.as_signed_in(&ops::CompleteWebAuthnRegistration {
            access_token: tokens.access_token.clone(),
            credential,
        })
        .await?;
        Ok(())
    }

    /// The user's passkeys, oldest first, following NextToken.
    pub async fn list_passkeys(&self, tokens: &Tokens) -> Result<Vec<Passkey>, AuthError> {
        let mut all = Vec::new();
        let mut next_token = None;
        for _ in 0..MAX_PAGES {
            let page = self
                .as_signed_in(&ops::ListWebAuthnCredentials {
                    access_token: tokens.access_token.clone(),
                    next_token: next_token.take(),
                    max_results: Some(PAGE),
                })
                .await?;
            all.extend(page.credentials);
            match page.next_token {
                Some(token) if !token.is_empty() => next_token = Some(token),
                _ => break,
            }
        }
        all.sort_by(|a, b| a.created_at.total_cmp(&b.created_at));
        Ok(all.into_iter().map(Passkey::from).collect())
    }

    /// DeleteWebAuthnCredential: the passkey no longer signs in (the copy on the device stays,
    /// which only the device's owner can remove).
    pub async fn delete_passkey(
        &self,
        tokens: &Tokens,
        credential_id: &str,
    ) -> Result<(), AuthError> {
        self.as_signed_in(&ops::DeleteWebAuthnCredential {
            access_token: tokens.access_token.clone(),
            credential_id: credential_id.to_owned(),
        })
        .await?;
        Ok(())
    }
}

//! The account whose passkey last signed in on this browser, so the sign-in page can offer that
//! passkey in the email field's autofill with Cognito's own challenge (Cognito issues one only
//! for a named user: InitiateAuth USER_AUTH needs USERNAME). In localStorage next to the
//! remembered devices (README, "Security"): the name typed and the passkey's user handle
//! (base64url of the account's `sub`), nothing secret.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyUser {
    /// What the user signed in as (their email).
    pub name: String,
    /// `userHandle` of the passkey's assertions: base64url of the account's `sub`.
    pub handle: String,
}

fn storage() -> Option<web_sys::Storage> {
    leptos::prelude::window().local_storage().ok().flatten()
}

fn key(client_id: &str) -> String {
    format!("passkey-user:{client_id}")
}

pub fn find(client_id: &str) -> Option<PasskeyUser> {
    let text = storage()?.get_item(&key(client_id)).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

/// After a passkey signed `name` in with this assertion (CREDENTIAL's JSON): remember both.
pub fn save(client_id: &str, name: &str, credential: &str) {
    let Some(handle) = user_handle(credential) else {
        return;
    };
    let user = PasskeyUser {
        name: name.trim().to_owned(),
        handle,
    };
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(&user)) {
        let _ = storage.set_item(&key(client_id), &text);
    }
}

pub fn forget(client_id: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(&key(client_id));
    }
}

/// `response.userHandle` of an assertion (CREDENTIAL's JSON), if it has one.
pub fn user_handle(credential: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(credential).ok()?;
    Some(value["response"]["userHandle"].as_str()?.to_owned()).filter(|h| !h.is_empty())
}

/// The `sub` a user handle stands for (Cognito's `user.id` is base64url of the sub's UTF-8).
pub fn sub_of(handle: &str) -> Option<String> {
    String::from_utf8(B64URL.decode(handle.trim_end_matches('=')).ok()?).ok()
}

//! The account whose passkey last signed in on this browser, so the sign-in page can offer that
//! passkey in the email field's autofill with Cognito's own challenge (`auth::autofill`). In
//! localStorage next to the remembered devices (docs/security.md): the name typed and the
//! passkey's user handle (base64url of the account's `sub`), nothing secret.

use crate::auth::autofill::PasskeyAccount;

fn storage() -> Option<web_sys::Storage> {
    leptos::prelude::window().local_storage().ok().flatten()
}

fn key(client_id: &str) -> String {
    format!("passkey-user:{client_id}")
}

pub fn find(client_id: &str) -> Option<PasskeyAccount> {
    let text = storage()?.get_item(&key(client_id)).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

/// After a passkey signed `name` in with this assertion (CREDENTIAL's JSON): remember both.
pub fn save(client_id: &str, name: &str, credential: &str) {
    let Some(account) = PasskeyAccount::after_sign_in(name, credential) else {
        return;
    };
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(&account)) {
        let _ = storage.set_item(&key(client_id), &text);
    }
}

pub fn forget(client_id: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(&key(client_id));
    }
}

//! This browser's remembered devices: the device key and its secret, per account, in
//! localStorage (the one thing besides the language kept there: docs/security.md). A device
//! outlives a tab and a sign-out on purpose; that is what remembering it means.

use zeroize::Zeroizing;

use crate::auth::Device;
use crate::auth::devices::{from_stored, to_stored};

fn storage() -> Option<web_sys::Storage> {
    leptos::prelude::window().local_storage().ok().flatten()
}

/// One entry per app client and account (the email as typed, trimmed and lower-cased).
fn key(client_id: &str, email: &str) -> String {
    format!("device:{client_id}:{}", email.trim().to_lowercase())
}

/// The device this browser holds for `email`, if any (an unreadable entry counts as none).
pub fn find(client_id: &str, email: &str) -> Option<Device> {
    let text = Zeroizing::new(storage()?.get_item(&key(client_id, email)).ok().flatten()?);
    from_stored(&text)
}

pub fn save(client_id: &str, email: &str, device: &Device) {
    if let (Some(storage), Some(text)) = (storage(), to_stored(device)) {
        let _ = storage.set_item(&key(client_id, email), &text);
    }
}

pub fn forget(client_id: &str, email: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(&key(client_id, email));
    }
}

/// The emails (entry names) whose device is `device_key`.
fn holders(client_id: &str, device_key: &str) -> Vec<String> {
    let Some(storage) = storage() else {
        return Vec::new();
    };
    let prefix = format!("device:{client_id}:");
    (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter_map(|k| Some(k.strip_prefix(&prefix)?.to_owned()))
        .filter(|email| find(client_id, email).is_some_and(|d| d.key == device_key))
        .collect()
}

/// Drops the device `device_key` whichever account holds it.
pub fn forget_key(client_id: &str, device_key: &str) {
    for email in holders(client_id, device_key) {
        forget(client_id, &email);
    }
}

/// Marks the device `device_key` remembered (or not) wherever it is kept.
pub fn set_remembered(client_id: &str, device_key: &str, remembered: bool) {
    for email in holders(client_id, device_key) {
        if let Some(device) = find(client_id, &email) {
            save(
                client_id,
                &email,
                &Device {
                    remembered,
                    ..device
                },
            );
        }
    }
}

/// The device with `device_key`, whichever account holds it (a session restored after a reload
/// knows only the key).
pub fn by_key(client_id: &str, device_key: &str) -> Option<Device> {
    let email = holders(client_id, device_key).into_iter().next()?;
    find(client_id, &email)
}

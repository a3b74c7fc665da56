//! The browser's WebAuthn API (`navigator.credentials`) for passkeys, in and out of the JSON
//! Cognito speaks: `PublicKeyCredentialCreationOptionsJSON` / `…RequestOptionsJSON` in,
//! `RegistrationResponseJSON` / `AuthenticationResponseJSON` out, binary fields as base64url
//! without padding (W3C WebAuthn Level 3 §5.1.8–5.1.10; amplify-js v6 does the same by hand in
//! packages/auth/src/client/utils/passkey/serde.ts, which this follows field for field).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use js_sys::{Array, Function, JSON, Object, Promise, Reflect, Uint8Array};
use serde_json::{Map, Value, json};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why a passkey ceremony gave nothing, in the terms a user can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasskeyError {
    /// Cancelled, timed out, or no passkey for this account on this device: browsers report all
    /// of these as `NotAllowedError`, on purpose (no probing for credentials).
    NotAllowed,
    /// This browser or page cannot use passkeys (no WebAuthn, not a secure context).
    Unsupported,
    /// The passkey's relying party is not this site (`SecurityError`: the pool's relying party
    /// id does not match the page's domain).
    WrongSite,
    /// Registering: this device already holds a passkey for the account (`InvalidStateError`,
    /// from `excludeCredentials`).
    AlreadyRegistered,
    /// Anything else (a malformed answer from the browser or Cognito).
    Failed,
}

impl PasskeyError {
    /// What the user is told.
    pub fn message_key(self) -> crate::auth::ErrorKey {
        use crate::auth::ErrorKey;
        match self {
            Self::NotAllowed => ErrorKey::PasskeyNotUsed,
            Self::Unsupported => ErrorKey::PasskeyUnsupportedBrowser,
            Self::WrongSite => ErrorKey::PasskeyWrongSite,
            Self::AlreadyRegistered => ErrorKey::PasskeyExists,
            Self::Failed => ErrorKey::Unexpected,
        }
    }
}

fn error_of(e: &JsValue) -> PasskeyError {
    let name = Reflect::get(e, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    match name.as_str() {
        "NotAllowedError" | "AbortError" => PasskeyError::NotAllowed,
        "SecurityError" => PasskeyError::WrongSite,
        "InvalidStateError" => PasskeyError::AlreadyRegistered,
        "NotSupportedError" => PasskeyError::Unsupported,
        _ => PasskeyError::Failed,
    }
}

/// `navigator.credentials`, if this browser has WebAuthn.
fn credentials() -> Result<JsValue, PasskeyError> {
    let window = web_sys::window().ok_or(PasskeyError::Unsupported)?;
    let has_webauthn =
        Reflect::get(&window, &"PublicKeyCredential".into()).is_ok_and(|v| !v.is_undefined());
    let credentials = Reflect::get(&window.navigator(), &"credentials".into())
        .map_err(|_| PasskeyError::Unsupported)?;
    if !has_webauthn || credentials.is_undefined() {
        return Err(PasskeyError::Unsupported);
    }
    Ok(credentials)
}

fn bytes_from_b64url(text: &str) -> Result<Uint8Array, PasskeyError> {
    let raw = B64URL
        .decode(text.trim_end_matches('='))
        .map_err(|_| PasskeyError::Failed)?;
    Ok(Uint8Array::from(raw.as_slice()))
}

fn b64url_of(buffer: &JsValue) -> Option<String> {
    if buffer.is_null() || buffer.is_undefined() {
        return None;
    }
    Some(B64URL.encode(Uint8Array::new(buffer).to_vec()))
}

/// Replaces the base64url string `target[key]` with its bytes.
fn decode_field(target: &JsValue, key: &str) -> Result<(), PasskeyError> {
    let text = Reflect::get(target, &key.into())
        .ok()
        .and_then(|v| v.as_string())
        .ok_or(PasskeyError::Failed)?;
    let bytes: JsValue = bytes_from_b64url(&text)?.into();
    Reflect::set(target, &key.into(), &bytes).map_err(|_| PasskeyError::Failed)?;
    Ok(())
}

/// Each `{id, type}` of a credential list (`allowCredentials`, `excludeCredentials`) with its id
/// as bytes; a missing list is fine.
fn decode_list(options: &JsValue, key: &str) -> Result<(), PasskeyError> {
    let list = Reflect::get(options, &key.into()).map_err(|_| PasskeyError::Failed)?;
    if list.is_undefined() || list.is_null() {
        return Ok(());
    }
    let list: Array = list.dyn_into().map_err(|_| PasskeyError::Failed)?;
    for item in list.iter() {
        decode_field(&item, "id")?;
    }
    Ok(())
}

/// JSON options as the JS object WebAuthn wants.
fn options_object(json: &Value) -> Result<JsValue, PasskeyError> {
    JSON::parse(&json.to_string()).map_err(|_| PasskeyError::Failed)
}

async fn call(method: &str, options: &Object) -> Result<JsValue, PasskeyError> {
    let credentials = credentials()?;
    let function: Function = Reflect::get(&credentials, &method.into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or(PasskeyError::Unsupported)?;
    let promise: Promise = function
        .call1(&credentials, options)
        .map_err(|e| error_of(&e))?
        .dyn_into()
        .map_err(|_| PasskeyError::Failed)?;
    let credential = JsFuture::from(promise).await.map_err(|e| error_of(&e))?;
    if credential.is_null() || credential.is_undefined() {
        return Err(PasskeyError::NotAllowed);
    }
    Ok(credential)
}

fn string_of(target: &JsValue, key: &str) -> Option<String> {
    Reflect::get(target, &key.into()).ok()?.as_string()
}

fn call0(target: &JsValue, method: &str) -> Option<JsValue> {
    let function: Function = Reflect::get(target, &method.into()).ok()?.dyn_into().ok()?;
    function.call0(target).ok()
}

/// The fields every credential shares, in amplify-js's order.
fn credential_json(credential: &JsValue, response: Map<String, Value>) -> Value {
    let mut out = Map::new();
    out.insert("id".into(), json!(string_of(credential, "id")));
    out.insert(
        "rawId".into(),
        json!(b64url_of(
            &Reflect::get(credential, &"rawId".into()).unwrap_or_default()
        )),
    );
    out.insert("type".into(), json!("public-key"));
    out.insert("clientExtensionResults".into(), json!({}));
    out.insert("response".into(), Value::Object(response));
    if let Some(attachment) = string_of(credential, "authenticatorAttachment") {
        out.insert("authenticatorAttachment".into(), json!(attachment));
    }
    Value::Object(out)
}

/// `navigator.credentials.get` with Cognito's CREDENTIAL_REQUEST_OPTIONS (a JSON string); the
/// assertion as the JSON string Cognito's WEB_AUTHN answer takes (CREDENTIAL). `mediation`:
/// `Some("conditional")` for the autofill request; `signal` aborts it.
pub async fn get(
    request_options: &str,
    mediation: Option<&str>,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<String, PasskeyError> {
    let options: Value = serde_json::from_str(request_options).map_err(|_| PasskeyError::Failed)?;
    let public_key = options_object(&options)?;
    decode_field(&public_key, "challenge")?;
    decode_list(&public_key, "allowCredentials")?;
    let request = Object::new();
    let set = |k: &str, v: &JsValue| Reflect::set(&request, &k.into(), v).map(|_| ());
    set("publicKey", &public_key).map_err(|_| PasskeyError::Failed)?;
    if let Some(mediation) = mediation {
        set("mediation", &mediation.into()).map_err(|_| PasskeyError::Failed)?;
    }
    if let Some(signal) = signal {
        set("signal", signal).map_err(|_| PasskeyError::Failed)?;
    }
    let credential = call("get", &request).await?;
    let response =
        Reflect::get(&credential, &"response".into()).map_err(|_| PasskeyError::Failed)?;
    let field = |k: &str| b64url_of(&Reflect::get(&response, &k.into()).unwrap_or_default());
    let mut body = Map::new();
    body.insert("clientDataJSON".into(), json!(field("clientDataJSON")));
    body.insert(
        "authenticatorData".into(),
        json!(field("authenticatorData")),
    );
    body.insert("signature".into(), json!(field("signature")));
    if let Some(handle) = field("userHandle") {
        body.insert("userHandle".into(), json!(handle));
    }
    Ok(credential_json(&credential, body).to_string())
}

/// `navigator.credentials.create` with StartWebAuthnRegistration's CredentialCreationOptions;
/// the attestation as the object CompleteWebAuthnRegistration's `Credential` takes.
pub async fn create(creation_options: &Value) -> Result<Value, PasskeyError> {
    let public_key = options_object(creation_options)?;
    decode_field(&public_key, "challenge")?;
    let user = Reflect::get(&public_key, &"user".into()).map_err(|_| PasskeyError::Failed)?;
    decode_field(&user, "id")?;
    decode_list(&public_key, "excludeCredentials")?;
    let request = Object::new();
    Reflect::set(&request, &"publicKey".into(), &public_key).map_err(|_| PasskeyError::Failed)?;
    let credential = call("create", &request).await?;
    let response =
        Reflect::get(&credential, &"response".into()).map_err(|_| PasskeyError::Failed)?;
    let mut body = Map::new();
    let field = |k: &str| b64url_of(&Reflect::get(&response, &k.into()).unwrap_or_default());
    body.insert("clientDataJSON".into(), json!(field("clientDataJSON")));
    body.insert(
        "attestationObject".into(),
        json!(field("attestationObject")),
    );
    let transports = call0(&response, "getTransports")
        .and_then(|t| t.dyn_into::<Array>().ok())
        .map(|t| t.iter().filter_map(|s| s.as_string()).collect::<Vec<_>>())
        .unwrap_or_default();
    body.insert("transports".into(), json!(transports));
    if let Some(alg) = call0(&response, "getPublicKeyAlgorithm").and_then(|a| a.as_f64()) {
        body.insert("publicKeyAlgorithm".into(), json!(alg as i64));
    }
    if let Some(data) = call0(&response, "getAuthenticatorData").and_then(|d| b64url_of(&d)) {
        body.insert("authenticatorData".into(), json!(data));
    }
    if let Some(key) = call0(&response, "getPublicKey").and_then(|k| b64url_of(&k)) {
        body.insert("publicKey".into(), json!(key));
    }
    Ok(credential_json(&credential, body))
}

/// Whether the browser can offer passkeys in a field's autofill (conditional mediation).
pub async fn autofill_available() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let Ok(class) = Reflect::get(&window, &"PublicKeyCredential".into()) else {
        return false;
    };
    let Some(promise) =
        call0(&class, "isConditionalMediationAvailable").and_then(|p| p.dyn_into::<Promise>().ok())
    else {
        return false;
    };
    JsFuture::from(promise)
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Request options with no `allowCredentials`: the browser offers every passkey it holds for
/// this site (what an autofill list should show), not only the named account's.
pub fn list_every_passkey(request_options: &str) -> String {
    match serde_json::from_str::<Value>(request_options) {
        Ok(Value::Object(mut options)) => {
            options.remove("allowCredentials");
            Value::Object(options).to_string()
        }
        _ => request_options.to_owned(),
    }
}

/// Request options over a random challenge of the browser's own, for an autofill request before
/// any account is known: what it picks only says whose passkey it is. Its assertion is never
/// sent: no one checks this challenge. `rp_id`: the pool's relying party (PASSKEY_RP_ID), else
/// the browser uses the page's host.
pub fn throwaway_request_options(rp_id: Option<&str>) -> Option<String> {
    let mut challenge = [0u8; 16];
    getrandom::fill(&mut challenge).ok()?;
    let mut options =
        json!({ "challenge": B64URL.encode(challenge), "userVerification": "preferred" });
    // Only one this page may use (its host or a parent domain): any other would be a
    // SecurityError, where the page's own host at least finds the passkeys made for it.
    let host = web_sys::window().and_then(|w| w.location().hostname().ok());
    if let (Some(rp_id), Some(host)) = (rp_id, host)
        && (host == rp_id || host.ends_with(&format!(".{rp_id}")))
    {
        options["rpId"] = json!(rp_id);
    }
    Some(options.to_string())
}

//! Passkeys: StartWebAuthnRegistration, CompleteWebAuthnRegistration, ListWebAuthnCredentials
//! and DeleteWebAuthnCredential (a signed-in user's AccessToken), and the WEB_AUTHN first factor
//! of choice-based sign-in: its `CREDENTIAL_REQUEST_OPTIONS` and the check of the assertion that
//! answers it (`challenges` counts a refused one as a wrong code). The WebAuthn verification
//! itself is `webauthn`.
//!
//! Sources: botocore's cognito-idp model (the four operations, `WebAuthnConfigurationType`,
//! `WebAuthnCredentialDescription`, the WebAuthn* exceptions), the AWS CLI's examples
//! (`start-web-authn-registration.rst`, `list-web-authn-credentials.rst`), amplify-js v6
//! (`packages/auth/src/client/flows/userAuth/handleWebAuthnSignInResult.ts`,
//! `src/client/utils/passkey/serde.ts`, `__tests__/mockData.ts`) and the W3C's WebAuthn Level 3.
//! What is inferred is listed in local-cognito/BEHAVIOURS.md, "Passkeys".

use std::collections::HashMap;

use serde::Serialize;
use serde_json::{Value, json};

use super::clock::ms_after;
use super::random::random_bytes;
use super::session::{SignIn, Step};
use super::webauthn::{self, Assertion, Refusal, Registration, b64url, to_b64url};
use super::wire::{constraint_error, opt_int, opt_str, req_str};
use super::{Inner, Service};
use crate::error::{ApiError, ApiResult};
use crate::store::{AuthFactor, Passkey, Pool, User};

/// Random bytes in a challenge: 16, as in every public sample of Cognito's options
/// (`"challenge":"zsBch6DlNLUb6SgRdzHysw"`, amplify-js `__tests__/mockData.ts`).
const CHALLENGE_BYTES: usize = 16;
/// `timeout` of the creation options: 60000 in both public samples.
const REGISTRATION_TIMEOUT_MS: i64 = 60_000;
/// How long a StartWebAuthnRegistration challenge is kept unless changed
/// (`Service::set_passkey_registration_ttl`): not documented (an assumption), long enough for
/// the browser's 60-second ceremony and a slow user.
pub const REGISTRATION_TTL_SECS: i64 = 300;
/// Passkeys a user may have: not documented; `MaxResults` of ListWebAuthnCredentials is at most
/// 20, which suggests it (an assumption).
pub const MAX_PASSKEYS: usize = 20;
/// ListWebAuthnCredentials' `MaxResults` range (`WebAuthnCredentialsQueryLimitType`, 0 … 20).
const MAX_RESULTS: i64 = 20;

/// A StartWebAuthnRegistration waiting for CompleteWebAuthnRegistration.
#[derive(Debug, Clone)]
struct PendingRegistration {
    challenge: [u8; CHALLENGE_BYTES],
    expires_at_ms: i64,
}

/// Registrations in flight (memory only, like sign-in sessions): one per user and app client,
/// the newest replacing the one before.
#[derive(Default)]
pub(super) struct Registrations {
    /// By pool id, username and app client id.
    pending: HashMap<(String, String, String), PendingRegistration>,
}

impl Registrations {
    pub(super) fn len(&self) -> usize {
        self.pending.len()
    }
}

/// The relying party a pool's passkey ceremonies use.
pub(super) struct RelyingParty {
    pub(super) id: String,
    pub(super) uv_required: bool,
}

impl RelyingParty {
    fn user_verification(&self) -> &'static str {
        if self.uv_required {
            "required"
        } else {
            "preferred"
        }
    }
}

/// The pool's relying party: WebAuthnNotEnabledException ("the passkey feature isn't enabled for
/// the user pool") unless its sign-in policy allows `WEB_AUTHN`, WebAuthnConfigurationMissingException
/// ("a user pool doesn't have a configured relying party id or a user pool domain") without a
/// `RelyingPartyId`: the stand-in has no domains. The messages are assumptions.
pub(super) fn relying_party(pool: &Pool) -> ApiResult<RelyingParty> {
    if !pool
        .allowed_first_auth_factors
        .contains(&AuthFactor::WebAuthn)
    {
        return Err(ApiError::new(
            "WebAuthnNotEnabledException",
            "Passkeys are not enabled for this user pool: add WEB_AUTHN to Policies.SignInPolicy.AllowedFirstAuthFactors",
        ));
    }
    let Some(id) = pool.web_authn.relying_party_id.clone() else {
        return Err(ApiError::new(
            "WebAuthnConfigurationMissingException",
            "The user pool has no relying party id: set WebAuthnConfiguration.RelyingPartyId with SetUserPoolMfaConfig",
        ));
    };
    Ok(RelyingParty {
        id,
        uv_required: pool.web_authn.user_verification_required(),
    })
}

/// The passkeys of `user` a sign-in with the pool's relying party can use: those registered for
/// it (a passkey is bound to the RP ID it was created for).
pub(super) fn usable_passkeys<'a>(pool: &Pool, user: &'a User) -> Vec<&'a Passkey> {
    match relying_party(pool) {
        Ok(rp) => user.passkeys.iter().filter(|p| p.rp_id == rp.id).collect(),
        Err(_) => Vec::new(),
    }
}

/// How a refused registration reads (CompleteWebAuthnRegistration's errors in botocore's model):
/// the origin, the relying party and an unsupported key or attestation by their own exception;
/// a missing UP / UV / AT flag as an unsupported authenticator; a malformed credential or a bad
/// attestation signature as InvalidParameterException. Which of these Cognito uses for flags
/// and signatures, and every message, are assumptions.
fn registration_error(refusal: Refusal) -> ApiError {
    let kind = match refusal {
        Refusal::Challenge => "WebAuthnChallengeNotFoundException",
        Refusal::Origin(_) => "WebAuthnOriginNotAllowedException",
        Refusal::RelyingParty => "WebAuthnRelyingPartyMismatchException",
        Refusal::Flags(_) | Refusal::Unsupported(_) => "WebAuthnCredentialNotSupportedException",
        _ => "InvalidParameterException",
    };
    ApiError::new(kind, refusal.message())
}

fn challenge_not_found() -> ApiError {
    ApiError::new(
        "WebAuthnChallengeNotFoundException",
        "No registration is waiting for this challenge: it has expired or was never started; call StartWebAuthnRegistration",
    )
}

/// `CredentialCreationOptions.user.displayName`: the user's email, else the username. The two
/// public samples have the username and `""`; where Cognito takes it from is not documented (an
/// assumption; with email as the sign-in name the username is a UUID, which a passkey picker
/// would show to nobody's benefit).
fn display_name(user: &User) -> &str {
    user.email().unwrap_or(&user.username)
}

/// `CREDENTIAL_REQUEST_OPTIONS`, in the order of amplify-js's fixture
/// (`passkeyCredentialRequestOptions`, which looks captured from a real pool): the Level 3
/// members `hints`, `attestation`, `attestationFormats` first (browsers ignore them for `get`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RequestOptions<'a> {
    hints: &'a [&'a str],
    attestation: &'a str,
    attestation_formats: &'a [&'a str],
    challenge: String,
    timeout: i64,
    rp_id: &'a str,
    allow_credentials: Vec<CredentialDescriptor<'a>>,
    user_verification: &'a str,
}

#[derive(Serialize)]
struct CredentialDescriptor<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
}

/// ListWebAuthnCredentials' `NextToken`: the index of the next passkey, base64url (opaque to
/// clients).
fn next_token(index: usize) -> String {
    to_b64url(format!("passkeys:{index}").as_bytes())
}

fn parse_next_token(token: &str) -> Option<usize> {
    let bytes = b64url(token)?;
    std::str::from_utf8(&bytes)
        .ok()?
        .strip_prefix("passkeys:")?
        .parse()
        .ok()
}

/// ListWebAuthnCredentials' `WebAuthnCredentialDescription`.
fn description(passkey: &Passkey) -> Value {
    let mut out = json!({
        "CredentialId": passkey.credential_id,
        "FriendlyCredentialName": passkey.friendly_name,
        "RelyingPartyId": passkey.rp_id,
        "AuthenticatorTransports": passkey.transports,
        "CreatedAt": passkey.created,
    });
    if let Some(attachment) = &passkey.attachment {
        out["AuthenticatorAttachment"] = json!(attachment);
    }
    out
}

/// `FriendlyCredentialName`, "an automatically-generated friendly name": "Roaming passkey" for a
/// cross-platform authenticator (the AWS CLI's list-web-authn-credentials example), "Platform
/// passkey" for a platform one and "Passkey" otherwise (both assumptions).
fn friendly_name(attachment: Option<&str>) -> &'static str {
    match attachment {
        Some("cross-platform") => "Roaming passkey",
        Some("platform") => "Platform passkey",
        _ => "Passkey",
    }
}

/// The credential id as stored and listed: base64url without padding.
fn normalised_id(id: &str) -> &str {
    id.trim_end_matches('=')
}

impl Service {
    /// StartWebAuthnRegistration: the `CredentialCreationOptions` (a JSON object, not a string)
    /// for `navigator.credentials.create`, as the AWS CLI's example and amplify-js's fixture show
    /// them: `rp {id, name}` both the RP ID; `user {id: base64url(UTF-8 of sub), name: username,
    /// displayName}`; a 16-byte `challenge`; `pubKeyCredParams` ES256 (-7) then RS256 (-257);
    /// `timeout` 60000; `authenticatorSelection {requireResidentKey: true, residentKey:
    /// "required", userVerification}` from the pool; `excludeCredentials` the user's passkeys.
    /// No `attestation` (so browsers send format `none`). The challenge waits for
    /// CompleteWebAuthnRegistration from the same app client, replacing one that waited.
    pub(super) fn start_web_authn_registration(&self, body: &Value) -> ApiResult<Value> {
        let token = req_str(body, "AccessToken")?;
        let mut inner = self.lock();
        let (pool_id, username, client_id) = inner.authenticate_client(token)?;
        let pool = inner.pool(&pool_id)?;
        let rp = relying_party(pool)?;
        let user = pool
            .users
            .get(&username)
            .ok_or_else(ApiError::user_not_found)?;
        if user.passkeys.len() >= MAX_PASSKEYS {
            return Err(too_many_passkeys());
        }
        let challenge = random_bytes::<CHALLENGE_BYTES>();
        let exclude: Vec<Value> = user
            .passkeys
            .iter()
            .map(|p| json!({ "id": p.credential_id, "type": "public-key" }))
            .collect();
        let options = json!({
            "authenticatorSelection": {
                "requireResidentKey": true, "residentKey": "required",
                "userVerification": rp.user_verification(),
            },
            "challenge": to_b64url(&challenge),
            "excludeCredentials": exclude,
            "pubKeyCredParams": [
                { "alg": webauthn::ES256, "type": "public-key" },
                { "alg": webauthn::RS256, "type": "public-key" },
            ],
            "rp": { "id": rp.id, "name": rp.id },
            "timeout": REGISTRATION_TIMEOUT_MS,
            "user": {
                "displayName": display_name(user),
                "id": to_b64url(user.sub.as_bytes()),
                "name": user.username,
            },
        });
        let now = self.clock.now_ms();
        let pending = &mut inner.registrations.pending;
        pending.retain(|_, p| p.expires_at_ms >= now);
        pending.insert(
            (pool_id, username, client_id),
            PendingRegistration {
                challenge,
                expires_at_ms: ms_after(now, self.passkey_registration_ttl()),
            },
        );
        Ok(json!({ "CredentialCreationOptions": options }))
    }

    /// CompleteWebAuthnRegistration: `Credential`, the browser's `RegistrationResponseJSON` (an
    /// object), verified as the W3C's §7.1 says (see `webauthn::verify_registration`) against
    /// the registration its challenge started: none waiting (never started, expired or already
    /// completed) → WebAuthnChallengeNotFoundException; started by another app client than the
    /// token's → WebAuthnClientMismatchException. A credential id already registered (to anyone
    /// in the pool, §7.1 step 26) → InvalidParameterException (an assumption). The passkey is kept
    /// with its key, counter, transports and attachment; the answer is `{}` ("HTTP 200 response
    /// with an empty HTTP body", API_CompleteWebAuthnRegistration).
    pub(super) fn complete_web_authn_registration(&self, body: &Value) -> ApiResult<Value> {
        let token = req_str(body, "AccessToken")?;
        let credential = match body.get("Credential") {
            None | Some(Value::Null) => return Err(ApiError::missing("credential")),
            Some(c) => c,
        };
        let mut inner = self.lock();
        let (pool_id, username, client_id) = inner.authenticate_client(token)?;
        let pool = inner.pool(&pool_id)?;
        let rp = relying_party(pool)?;
        let registration = Registration::parse(credential).map_err(registration_error)?;
        let data = webauthn::client_data(&registration.client_data_json, "webauthn.create")
            .map_err(registration_error)?;
        let now = self.clock.now_ms();
        let started_by = inner
            .registrations
            .pending
            .iter()
            .find(|((p, u, _), pending)| {
                *p == pool_id
                    && *u == username
                    && pending.expires_at_ms >= now
                    && pending.challenge.as_slice() == data.challenge.as_slice()
            })
            .map(|((_, _, client), pending)| (client.clone(), pending.challenge));
        let challenge = match started_by {
            None => return Err(challenge_not_found()),
            Some((client, _)) if client != client_id => {
                return Err(ApiError::new(
                    "WebAuthnClientMismatchException",
                    "The registration was started by another app client than this access token's",
                ));
            }
            Some((_, challenge)) => challenge,
        };
        let pool = inner.pool(&pool_id)?;
        let user = pool
            .users
            .get(&username)
            .ok_or_else(ApiError::user_not_found)?;
        if user.passkeys.len() >= MAX_PASSKEYS {
            return Err(too_many_passkeys());
        }
        let new =
            webauthn::verify_registration(&registration, &data, &challenge, &rp.id, rp.uv_required)
                .map_err(registration_error)?;
        let credential_id = to_b64url(&new.id);
        if pool
            .users
            .values()
            .any(|u| u.passkeys.iter().any(|p| p.credential_id == credential_id))
        {
            return Err(ApiError::invalid_parameter(
                "This passkey is already registered",
            ));
        }
        inner
            .registrations
            .pending
            .remove(&(pool_id.clone(), username.clone(), client_id));
        let passkey = Passkey {
            credential_id,
            public_key: to_b64url(&new.public_key),
            alg: new.alg,
            sign_count: new.sign_count,
            transports: registration.transports,
            friendly_name: friendly_name(registration.attachment.as_deref()).to_owned(),
            attachment: registration.attachment,
            rp_id: rp.id,
            created: self.clock.now_f64(),
        };
        let user = inner.user_mut(&pool_id, &username)?;
        user.passkeys.push(passkey);
        user.modified = self.clock.now_f64();
        Ok(json!({}))
    }

    /// ListWebAuthnCredentials: the user's passkeys, oldest first, `MaxResults` (0 … 20; 0 or
    /// none: 20, an assumption) at a time, with a `NextToken` while more follow.
    pub(super) fn list_web_authn_credentials(&self, body: &Value) -> ApiResult<Value> {
        let token = req_str(body, "AccessToken")?;
        let max = match opt_int(body, "MaxResults")? {
            Some(n) if n > MAX_RESULTS => {
                return Err(constraint_error(
                    &n.to_string(),
                    "maxResults",
                    "Member must have value less than or equal to 20",
                ));
            }
            Some(n) if n < 0 => {
                return Err(constraint_error(
                    &n.to_string(),
                    "maxResults",
                    "Member must have value greater than or equal to 0",
                ));
            }
            Some(n) if n > 0 => n as usize,
            _ => MAX_RESULTS as usize,
        };
        let inner = self.lock();
        let user = inner.token_user(token)?;
        let start = match opt_str(body, "NextToken") {
            None => 0,
            Some(t) => parse_next_token(t)
                .filter(|i| *i <= user.passkeys.len())
                .ok_or_else(|| ApiError::invalid_parameter("Invalid NextToken"))?,
        };
        let page: Vec<Value> = user
            .passkeys
            .iter()
            .skip(start)
            .take(max)
            .map(description)
            .collect();
        let mut out = json!({ "Credentials": page });
        let next = start.saturating_add(max);
        if next < user.passkeys.len() {
            out["NextToken"] = json!(next_token(next));
        }
        Ok(out)
    }

    /// DeleteWebAuthnCredential: the user's passkey `CredentialId` (as ListWebAuthnCredentials
    /// gives it) is forgotten; one the user has not got → ResourceNotFoundException (the only
    /// of the four operations that lists it; the message is an assumption).
    pub(super) fn delete_web_authn_credential(&self, body: &Value) -> ApiResult<Value> {
        let token = req_str(body, "AccessToken")?;
        let id = req_str(body, "CredentialId")?;
        let mut inner = self.lock();
        let user = inner.token_user_mut(token)?;
        let before = user.passkeys.len();
        user.passkeys
            .retain(|p| p.credential_id != normalised_id(id));
        if user.passkeys.len() == before {
            return Err(ApiError::resource_not_found("Passkey credential not found"));
        }
        user.modified = self.clock.now_f64();
        Ok(json!({}))
    }

    /// The WEB_AUTHN first factor starts (PREFERRED_CHALLENGE or a SELECT_CHALLENGE answer):
    /// `CREDENTIAL_REQUEST_OPTIONS`, a JSON *string* (amplify-js `JSON.parse`s it,
    /// `handleWebAuthnSignInResult`) of `PublicKeyCredentialRequestOptionsJSON`: a 16-byte
    /// `challenge`, `timeout` the session's lifetime in milliseconds (180000 by default, as in
    /// amplify-js's fixture), `rpId`, `allowCredentials` the user's passkeys for it, and the
    /// pool's `userVerification`. The session waits for the assertion (`Step::WebAuthn`).
    pub(super) fn start_web_authn_sign_in(
        &self,
        inner: &mut Inner,
        who: &SignIn,
    ) -> ApiResult<Value> {
        let pool = inner.pool(&who.pool_id)?;
        let mut rp = relying_party(pool)?;
        let user = pool
            .users
            .get(&who.username)
            .ok_or_else(ApiError::user_not_found)?;
        // A passkey standing in for MFA must verify the user, whatever the pool's preference
        // (API_WebAuthnMfaSettingsType: "the user's passkey authentication requires user
        // verification"). That Cognito says so in the options (not only when checking the
        // assertion) is an assumption: no capture of them is public.
        rp.uv_required |= user.needs_mfa(pool);
        let challenge = random_bytes::<CHALLENGE_BYTES>();
        let options = serde_json::to_string(&RequestOptions {
            hints: &[],
            attestation: "none",
            attestation_formats: &[],
            challenge: to_b64url(&challenge),
            timeout: self.session_ttl().saturating_mul(1000),
            rp_id: &rp.id,
            allow_credentials: usable_passkeys(pool, user)
                .into_iter()
                .map(|p| CredentialDescriptor {
                    id: &p.credential_id,
                    kind: "public-key",
                })
                .collect(),
            user_verification: rp.user_verification(),
        })
        .map_err(|e| ApiError::internal(e.to_string()))?;
        let step = Step::WebAuthn {
            challenge,
            rp_id: rp.id.clone(),
            uv_required: rp.uv_required,
        };
        let params = json!({ "CREDENTIAL_REQUEST_OPTIONS": options });
        Ok(self.challenge(inner, who, step, params))
    }
}

impl Inner {
    /// A WEB_AUTHN answer's `CREDENTIAL` (an `AuthenticationResponseJSON` as a string) for `who`,
    /// verified as the W3C's §7.2 says: a passkey of the user's for the session's relying party
    /// (step 5–6: `rawId` among `allowCredentials`), `userHandle`, if present, the user's
    /// (base64url of the `sub`, `user.id` at registration; step 6), then `webauthn::verify_assertion`
    /// (client data, authenticator data, signature), then the signature counter (step 22): when
    /// the stored or the presented count is not zero, the presented one must be greater, else
    /// the authenticator may be a clone (or the assertion a replay) and the sign-in is refused
    /// (Cognito's handling is not documented: an assumption). Returns the credential and its new
    /// count, which the caller stores ([`Inner::store_sign_count`]) only once the sign-in it is
    /// part of has succeeded: "the above state updates SHOULD be deferred to after those
    /// additional checks are completed successfully" (W3C WebAuthn L3 §7.2 step 24), so an
    /// assertion refused for any reason moves nothing.
    pub(super) fn check_assertion(
        &mut self,
        who: &SignIn,
        credential: &str,
        challenge: &[u8],
        rp_id: &str,
        uv_required: bool,
    ) -> Result<(String, u32), Refusal> {
        let assertion = Assertion::parse(credential)?;
        let id = to_b64url(&assertion.raw_id);
        let user = self
            .user_mut(&who.pool_id, &who.username)
            .map_err(|_| Refusal::UnknownCredential)?;
        let sub = user.sub.clone();
        let Some(passkey) = user
            .passkeys
            .iter_mut()
            .find(|p| p.credential_id == id && p.rp_id == rp_id)
        else {
            return Err(Refusal::UnknownCredential);
        };
        if assertion
            .user_handle
            .as_ref()
            .is_some_and(|h| h.as_slice() != sub.as_bytes())
        {
            return Err(Refusal::UserHandle);
        }
        let public_key = b64url(&passkey.public_key).unwrap_or_default();
        let presented =
            webauthn::verify_assertion(&assertion, challenge, rp_id, uv_required, &public_key)?;
        let stored = passkey.sign_count;
        if (stored != 0 || presented != 0) && presented <= stored {
            return Err(Refusal::Counter { stored, presented });
        }
        Ok((id, presented))
    }

    /// Stores a passkey's signature counter after the sign-in its assertion was for succeeded.
    pub(super) fn store_sign_count(&mut self, who: &SignIn, credential_id: &str, count: u32) {
        if let Ok(user) = self.user_mut(&who.pool_id, &who.username)
            && let Some(passkey) = user
                .passkeys
                .iter_mut()
                .find(|p| p.credential_id == credential_id)
        {
            passkey.sign_count = count;
        }
    }
}

/// LimitExceededException (listed for Start and Complete) at [`MAX_PASSKEYS`]; the limit and
/// the message are assumptions.
fn too_many_passkeys() -> ApiError {
    ApiError::new(
        "LimitExceededException",
        format!("A user can have at most {MAX_PASSKEYS} passkeys"),
    )
}

//! WebAuthn verification for passkeys, as the W3C's Web Authentication Level 3 describes it
//! (<https://www.w3.org/TR/webauthn-3/>): registration (§7.1 "Registering a New Credential") and
//! authentication (§7.2 "Verifying an Authentication Assertion"). The parts come from the JSON
//! forms browsers produce (`RegistrationResponseJSON`, `AuthenticationResponseJSON`, §5.1),
//! binary members base64url without padding.
//!
//! No cryptography is written here: CBOR is read with `minicbor`, SHA-256 is `sha2`, ES256
//! (ECDSA P-256, ASN.1 DER signatures) is `p256`, RS256 (RSASSA-PKCS1-v1_5 with SHA-256) is `rsa`.
//! Which refusal becomes which Cognito error is the caller's business (`passkeys`).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use minicbor::Decoder;
use minicbor::data::Type;
use p256::ecdsa::signature::Verifier as _;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// COSE algorithm ES256: ECDSA with P-256 and SHA-256 (RFC 9053), what Cognito offers first.
pub(super) const ES256: i64 = -7;
/// COSE algorithm RS256: RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8812), Cognito's second choice.
pub(super) const RS256: i64 = -257;
/// The smallest RSA modulus taken for RS256.
const MIN_RSA_BITS: usize = 2048;

/// authenticatorData flags (§6.1): user present, user verified, attested credential data,
/// extension data.
const UP: u8 = 0x01;
const UV: u8 = 0x04;
const AT: u8 = 0x40;
const ED: u8 = 0x80;
/// Backup eligible / backed up (§6.1): a credential that cannot be backed up is never backed up.
const BE: u8 = 0x08;
const BS: u8 = 0x10;

/// "Credential IDs are … at most 1023 bytes long" (§4, Credential ID).
const MAX_CREDENTIAL_ID_BYTES: usize = 1023;
/// Transports and their names kept from a registration, at most (bounded state).
const MAX_TRANSPORTS: usize = 8;
const MAX_TRANSPORT_CHARS: usize = 32;

/// Why a ceremony was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Refusal {
    /// The credential JSON, or one of its binary parts, is not what WebAuthn describes.
    Malformed(String),
    /// `clientDataJSON.challenge` is not the one issued.
    Challenge,
    /// `clientDataJSON.origin` is not the relying party's (or a subdomain's).
    Origin(String),
    /// authenticatorData's `rpIdHash` is not SHA-256 of the relying party id.
    RelyingParty,
    /// A flag the ceremony needs is not set: user presence, user verification, attested data.
    Flags(&'static str),
    /// A key type, algorithm or attestation format this relying party does not take.
    Unsupported(String),
    /// A signature (the attestation's or the assertion's) does not verify.
    Signature,
    /// An assertion by a credential that is not one of the user's (for this relying party).
    UnknownCredential,
    /// An assertion whose `userHandle` is not the user's (`user.id` at registration).
    UserHandle,
    /// An assertion whose signature counter did not go up: a cloned authenticator, or a replay.
    Counter { stored: u32, presented: u32 },
}

impl Refusal {
    pub(super) fn message(&self) -> String {
        match self {
            Self::Malformed(what) => format!("Invalid WebAuthn credential: {what}"),
            Self::Challenge => "The challenge does not match".into(),
            Self::Origin(origin) => {
                format!("Origin {origin} is not allowed for the relying party")
            }
            Self::RelyingParty => {
                "The credential was created for another relying party than the user pool's".into()
            }
            Self::Flags(what) => format!("The authenticator did not {what}"),
            Self::Unsupported(what) => format!("Unsupported credential: {what}"),
            Self::Signature => "The signature does not verify".into(),
            Self::UnknownCredential => "The credential is not one of the user's passkeys".into(),
            Self::UserHandle => "The user handle is not the user's".into(),
            Self::Counter { stored, presented } => format!(
                "The signature counter went from {stored} to {presented}: a cloned authenticator or a replayed assertion"
            ),
        }
    }
}

type Checked<T> = Result<T, Refusal>;

fn malformed(what: impl Into<String>) -> Refusal {
    Refusal::Malformed(what.into())
}

/// base64url, without padding (tolerated if there).
pub(super) fn b64url(text: &str) -> Option<Vec<u8>> {
    B64URL.decode(text.trim_end_matches('=')).ok()
}

pub(super) fn to_b64url(bytes: &[u8]) -> String {
    B64URL.encode(bytes)
}

fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// A required string member of a JSON object.
fn member_str<'a>(object: &'a Value, name: &str) -> Checked<&'a str> {
    object
        .get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| malformed(format!("{name} is missing or not a string")))
}

/// A required base64url member of a JSON object, decoded.
fn member_b64(object: &Value, name: &str) -> Checked<Vec<u8>> {
    b64url(member_str(object, name)?).ok_or_else(|| malformed(format!("{name} is not base64url")))
}

/// `id`, `rawId` and `type` of a `PublicKeyCredential` JSON form: the credential id (`rawId`,
/// which `id` must spell the same, §5.1 "id … base64url encoding of the data contained in the
/// object's [[identifier]]"), and `type: "public-key"`.
fn credential_id(credential: &Value) -> Checked<Vec<u8>> {
    if member_str(credential, "type")? != "public-key" {
        return Err(malformed("type is not public-key"));
    }
    let raw_id = member_b64(credential, "rawId")?;
    if member_b64(credential, "id")? != raw_id {
        return Err(malformed("id and rawId differ"));
    }
    if raw_id.is_empty() || raw_id.len() > MAX_CREDENTIAL_ID_BYTES {
        return Err(malformed(
            "the credential id is empty or longer than 1023 bytes",
        ));
    }
    Ok(raw_id)
}

/// `response`, an object.
fn response(credential: &Value) -> Checked<&Value> {
    credential
        .get("response")
        .filter(|r| r.is_object())
        .ok_or_else(|| malformed("response is missing or not an object"))
}

/// What a browser's `RegistrationResponseJSON` carries (§5.1, `PublicKeyCredential.toJSON()`
/// after `navigator.credentials.create`): the binary parts decoded.
#[derive(Debug, Clone)]
pub(super) struct Registration {
    pub(super) raw_id: Vec<u8>,
    pub(super) client_data_json: Vec<u8>,
    pub(super) attestation_object: Vec<u8>,
    /// `response.transports`: the strings among them, at most 8 of at most 32 characters.
    pub(super) transports: Vec<String>,
    /// `authenticatorAttachment` when it is `platform` or `cross-platform`.
    pub(super) attachment: Option<String>,
}

impl Registration {
    pub(super) fn parse(credential: &Value) -> Checked<Self> {
        if !credential.is_object() {
            return Err(malformed(
                "Credential is not a RegistrationResponseJSON object",
            ));
        }
        let raw_id = credential_id(credential)?;
        let response = response(credential)?;
        let transports = response
            .get("transports")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(Value::as_str)
                    .filter(|t| !t.is_empty() && t.chars().count() <= MAX_TRANSPORT_CHARS)
                    .take(MAX_TRANSPORTS)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        let attachment = credential
            .get("authenticatorAttachment")
            .and_then(Value::as_str)
            .filter(|a| matches!(*a, "platform" | "cross-platform"))
            .map(str::to_owned);
        Ok(Self {
            raw_id,
            client_data_json: member_b64(response, "clientDataJSON")?,
            attestation_object: member_b64(response, "attestationObject")?,
            transports,
            attachment,
        })
    }
}

/// What a browser's `AuthenticationResponseJSON` carries (§5.1, after
/// `navigator.credentials.get`), binary parts decoded.
#[derive(Debug, Clone)]
pub(super) struct Assertion {
    pub(super) raw_id: Vec<u8>,
    pub(super) client_data_json: Vec<u8>,
    pub(super) authenticator_data: Vec<u8>,
    pub(super) signature: Vec<u8>,
    /// `response.userHandle`, if present and not empty.
    pub(super) user_handle: Option<Vec<u8>>,
}

impl Assertion {
    /// Parses `CREDENTIAL`, a JSON *string* holding an `AuthenticationResponseJSON`.
    pub(super) fn parse(text: &str) -> Checked<Self> {
        let credential: Value =
            serde_json::from_str(text).map_err(|_| malformed("CREDENTIAL is not JSON"))?;
        if !credential.is_object() {
            return Err(malformed(
                "CREDENTIAL is not an AuthenticationResponseJSON object",
            ));
        }
        let raw_id = credential_id(&credential)?;
        let response = response(&credential)?;
        let user_handle = match response.get("userHandle") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.is_empty() => None,
            Some(Value::String(s)) => {
                Some(b64url(s).ok_or_else(|| malformed("userHandle is not base64url"))?)
            }
            Some(_) => return Err(malformed("userHandle is not a string")),
        };
        Ok(Self {
            raw_id,
            client_data_json: member_b64(response, "clientDataJSON")?,
            authenticator_data: member_b64(response, "authenticatorData")?,
            signature: member_b64(response, "signature")?,
            user_handle,
        })
    }
}

/// The members of `clientDataJSON` (§5.8.1 `CollectedClientData`) the checks read.
#[derive(Debug, Clone)]
pub(super) struct ClientData {
    pub(super) challenge: Vec<u8>,
    pub(super) origin: String,
    /// `crossOrigin: true`, or a `topOrigin`: the ceremony ran in a cross-origin iframe.
    pub(super) in_foreign_frame: bool,
}

/// Parses `clientDataJSON` and checks its `type` (§7.1 steps 5–7, §7.2 steps 10–12): JSON, an
/// object, `type` the ceremony's (`webauthn.create` or `webauthn.get`), `challenge` base64url.
pub(super) fn client_data(raw: &[u8], ceremony: &str) -> Checked<ClientData> {
    let data: Value =
        serde_json::from_slice(raw).map_err(|_| malformed("clientDataJSON is not JSON"))?;
    if !data.is_object() {
        return Err(malformed("clientDataJSON is not an object"));
    }
    let kind = member_str(&data, "type")?;
    if kind != ceremony {
        return Err(malformed(format!(
            "clientDataJSON.type is {kind}, not {ceremony}"
        )));
    }
    Ok(ClientData {
        challenge: member_b64(&data, "challenge")?,
        origin: member_str(&data, "origin")?.to_owned(),
        in_foreign_frame: data["crossOrigin"].as_bool() == Some(true)
            || !data["topOrigin"].is_null(),
    })
}

/// Whether a ceremony from `origin` may use `rp_id` (§7.1 step 9, §7.2 step 13; the RP ID rule
/// of §5.1.3: "the RP ID must be equal to the origin's effective domain, or a registrable domain
/// suffix of the origin's effective domain"): `https://` on the RP ID or a subdomain, any port;
/// and, because browsers treat it as a secure context, `http://localhost[:port]` when the RP ID
/// is `localhost`. Nothing else: no path, no user info, no other scheme.
pub(super) fn origin_allowed(origin: &str, rp_id: &str) -> bool {
    let Some((scheme, rest)) = origin.split_once("://") else {
        return false;
    };
    if rest.is_empty() || rest.contains(['/', '?', '#', '@', '[', ']']) {
        return false;
    }
    let host = match rest.split_once(':') {
        Some((host, port))
            if !port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit()) =>
        {
            host
        }
        Some(_) => return false,
        None => rest,
    };
    let on_rp = host == rp_id
        || host
            .strip_suffix(rp_id)
            .is_some_and(|sub| sub.len() > 1 && sub.ends_with('.'));
    match scheme {
        "https" => on_rp,
        "http" => rp_id == "localhost" && host == "localhost",
        _ => false,
    }
}

/// The checks both ceremonies make on `clientDataJSON`: the challenge issued, an allowed origin,
/// and not from inside another site's iframe: §7.1 step 9 / §7.2 step 13 ("If C.topOrigin is
/// present: verify that the Relying Party expects this credential to be used within an iframe
/// that is not same-origin with its ancestors"); a user pool has no setting for that.
pub(super) fn check_client_data(data: &ClientData, challenge: &[u8], rp_id: &str) -> Checked<()> {
    if data.challenge != challenge {
        return Err(Refusal::Challenge);
    }
    if !origin_allowed(&data.origin, rp_id) || data.in_foreign_frame {
        return Err(Refusal::Origin(data.origin.clone()));
    }
    Ok(())
}

/// Authenticator data (§6.1): rpIdHash ‖ flags ‖ signCount ‖ [attested credential data] ‖
/// [extensions].
#[derive(Debug, Clone)]
pub(super) struct AuthData<'a> {
    rp_id_hash: &'a [u8],
    flags: u8,
    pub(super) sign_count: u32,
    /// The attested credential data (§6.5.2), when the AT flag is set.
    pub(super) credential: Option<AttestedCredential<'a>>,
}

/// Attested credential data (§6.5.2): aaguid ‖ credentialIdLength ‖ credentialId ‖
/// credentialPublicKey (a COSE_Key, its length only known by reading its CBOR).
#[derive(Debug, Clone)]
pub(super) struct AttestedCredential<'a> {
    pub(super) id: &'a [u8],
    pub(super) public_key: &'a [u8],
}

/// The byte length of the CBOR item at the start of `bytes`.
fn cbor_item_len(bytes: &[u8], what: &str) -> Checked<usize> {
    let mut d = Decoder::new(bytes);
    d.skip()
        .map_err(|_| malformed(format!("{what} is not CBOR")))?;
    Ok(d.position())
}

impl<'a> AuthData<'a> {
    pub(super) fn parse(bytes: &'a [u8]) -> Checked<Self> {
        let short = || malformed("authenticatorData is too short");
        let rp_id_hash = bytes.get(..32).ok_or_else(short)?;
        let flags = *bytes.get(32).ok_or_else(short)?;
        let count: [u8; 4] = bytes
            .get(33..37)
            .and_then(|c| c.try_into().ok())
            .ok_or_else(short)?;
        let mut pos = 37;
        let credential = if flags & AT != 0 {
            // aaguid (16) ‖ credentialIdLength (2, big-endian)
            let length = bytes.get(pos + 16..pos + 18).ok_or_else(short)?;
            let id_len = usize::from(u16::from_be_bytes([length[0], length[1]]));
            pos += 18;
            if id_len == 0 || id_len > MAX_CREDENTIAL_ID_BYTES {
                return Err(malformed(
                    "the credential id is empty or longer than 1023 bytes",
                ));
            }
            let id = bytes.get(pos..pos + id_len).ok_or_else(short)?;
            pos += id_len;
            let rest = bytes.get(pos..).unwrap_or_default();
            let key_len = cbor_item_len(rest, "the credential public key")?;
            let public_key = &rest[..key_len];
            pos += key_len;
            Some(AttestedCredential { id, public_key })
        } else {
            None
        };
        if flags & ED != 0 {
            let rest = bytes.get(pos..).unwrap_or_default();
            if !matches!(
                Decoder::new(rest).datatype(),
                Ok(Type::Map | Type::MapIndef)
            ) {
                return Err(malformed("the extensions are not a CBOR map"));
            }
            pos += cbor_item_len(rest, "the extensions")?;
        }
        if pos != bytes.len() {
            return Err(malformed("authenticatorData has bytes left over"));
        }
        Ok(Self {
            rp_id_hash,
            flags,
            sign_count: u32::from_be_bytes(count),
            credential,
        })
    }

    /// rpIdHash is SHA-256 of the RP ID (§7.1 step 13, §7.2 step 15); user present (§7.1 step
    /// 14, §7.2 step 16); user verified where the relying party requires it (§7.1 step 15,
    /// §7.2 step 17).
    pub(super) fn check(&self, rp_id: &str, uv_required: bool) -> Checked<()> {
        if self.rp_id_hash != sha256(rp_id.as_bytes()) {
            return Err(Refusal::RelyingParty);
        }
        if self.flags & UP == 0 {
            return Err(Refusal::Flags("report user presence (UP)"));
        }
        if uv_required && self.flags & UV == 0 {
            return Err(Refusal::Flags(
                "verify the user (UV), which the user pool requires",
            ));
        }
        // §7.1 step 17 / §7.2 step 19: "If the BE bit of the flags in authData is not set,
        // verify that the BS bit is not set."
        if self.flags & BE == 0 && self.flags & BS != 0 {
            return Err(Refusal::Flags(
                "report a backup state (BS) only when backup eligible (BE)",
            ));
        }
        Ok(())
    }
}

/// A credential public key this relying party verifies signatures with.
pub(super) enum PublicKey {
    Es256(p256::ecdsa::VerifyingKey),
    Rs256(rsa::PublicKey),
}

/// A value of a COSE_Key map that the checks read.
enum CoseValue<'a> {
    Int(i64),
    Bytes(&'a [u8]),
    Other,
}

impl PublicKey {
    /// Reads a COSE_Key (RFC 9052 §7, RFC 9053 §7.1.1 EC2, RFC 8230 §4 RSA): an EC2 key on P-256
    /// (`kty` 2, `crv` 1, 32-byte `x` and `y`, a point on the curve) for ES256, or an RSA key
    /// (`kty` 3, `n`, `e`) for RS256. `alg` must be there and be -7 or -257 (the two Cognito
    /// offers in `pubKeyCredParams`); anything else is unsupported. Returns the key and `alg`.
    pub(super) fn from_cose(bytes: &[u8]) -> Checked<(Self, i64)> {
        let bad = || malformed("the credential public key is not a COSE_Key");
        let mut d = Decoder::new(bytes);
        let entries = d.map().map_err(|_| bad())?.ok_or_else(bad)?;
        if entries > 16 {
            return Err(bad());
        }
        let mut map: Vec<(i64, CoseValue<'_>)> = Vec::new();
        for _ in 0..entries {
            let label = d.i64().map_err(|_| bad())?;
            let value = match d.datatype().map_err(|_| bad())? {
                Type::U8
                | Type::U16
                | Type::U32
                | Type::U64
                | Type::I8
                | Type::I16
                | Type::I32
                | Type::I64
                | Type::Int => CoseValue::Int(d.i64().map_err(|_| bad())?),
                Type::Bytes => CoseValue::Bytes(d.bytes().map_err(|_| bad())?),
                _ => {
                    d.skip().map_err(|_| bad())?;
                    CoseValue::Other
                }
            };
            if map.iter().any(|(l, _)| *l == label) {
                return Err(bad());
            }
            map.push((label, value));
        }
        if d.position() != bytes.len() {
            return Err(bad());
        }
        let get = |label: i64| map.iter().find(|(l, _)| *l == label).map(|(_, v)| v);
        let int = |label: i64| match get(label) {
            Some(CoseValue::Int(i)) => Some(*i),
            _ => None,
        };
        let bytes_of = |label: i64| match get(label) {
            Some(CoseValue::Bytes(b)) => Some(*b),
            _ => None,
        };
        let (kty, alg) = (int(1), int(3));
        match (kty, alg) {
            (Some(2), Some(ES256)) => {
                if int(-1) != Some(1) {
                    return Err(Refusal::Unsupported(
                        "an ES256 key that is not on P-256".into(),
                    ));
                }
                let (Some(x), Some(y)) = (bytes_of(-2), bytes_of(-3)) else {
                    return Err(bad());
                };
                if x.len() != 32 || y.len() != 32 {
                    return Err(bad());
                }
                let mut point = Vec::with_capacity(65);
                point.push(0x04);
                point.extend_from_slice(x);
                point.extend_from_slice(y);
                let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(&point)
                    .map_err(|_| malformed("the credential public key is not a P-256 point"))?;
                Ok((Self::Es256(key), ES256))
            }
            (Some(3), Some(RS256)) => {
                let (Some(n), Some(e)) = (bytes_of(-1), bytes_of(-2)) else {
                    return Err(bad());
                };
                // "A key of size 2048 bits or larger MUST be used with these algorithms" (RFC
                // 8812 §2, which registers RS256 for WebAuthn).
                let bits = n.iter().position(|b| *b != 0).map_or(0, |first| {
                    (n.len() - first) * 8 - n[first].leading_zeros() as usize
                });
                if bits < MIN_RSA_BITS {
                    return Err(Refusal::Unsupported(format!(
                        "an RSA key of {bits} bits (RS256 needs at least {MIN_RSA_BITS}, RFC 8812)"
                    )));
                }
                let key = rsa::PublicKey::new(
                    rsa::BoxedUint::from_be_slice_vartime(n),
                    rsa::BoxedUint::from_be_slice_vartime(e),
                )
                .map_err(|e| Refusal::Unsupported(format!("RSA key refused ({e})")))?;
                Ok((Self::Rs256(key), RS256))
            }
            (kty, alg) => Err(Refusal::Unsupported(format!(
                "COSE key type {} with algorithm {} (only ES256 (-7) on P-256 and RS256 (-257))",
                kty.map_or("none".into(), |k| k.to_string()),
                alg.map_or("none".into(), |a| a.to_string()),
            ))),
        }
    }

    /// Whether `signature` signs `message`: ES256 as an ASN.1 DER ECDSA signature (§6.5.5), RS256
    /// as RSASSA-PKCS1-v1_5 with SHA-256.
    pub(super) fn verifies(&self, message: &[u8], signature: &[u8]) -> bool {
        match self {
            Self::Es256(key) => p256::ecdsa::DerSignature::try_from(signature)
                .is_ok_and(|sig| key.verify(message, &sig).is_ok()),
            Self::Rs256(key) => key.pkcs1v15_verify::<Sha256>(message, signature).is_ok(),
        }
    }
}

/// The attestation object (§6.5.4): a CBOR map `{fmt, attStmt, authData}`.
struct AttestationObject<'a> {
    fmt: &'a str,
    /// The attestation statement, still CBOR.
    statement: &'a [u8],
    auth_data: &'a [u8],
}

impl<'a> AttestationObject<'a> {
    fn parse(bytes: &'a [u8]) -> Checked<Self> {
        let bad = || malformed("attestationObject is not a CBOR map of fmt, attStmt and authData");
        let mut d = Decoder::new(bytes);
        let entries = d.map().map_err(|_| bad())?.ok_or_else(bad)?;
        let (mut fmt, mut statement, mut auth_data) = (None, None, None);
        for _ in 0..entries {
            match d.str().map_err(|_| bad())? {
                "fmt" if fmt.is_none() => fmt = Some(d.str().map_err(|_| bad())?),
                "authData" if auth_data.is_none() => {
                    auth_data = Some(d.bytes().map_err(|_| bad())?)
                }
                "attStmt" if statement.is_none() => {
                    let start = d.position();
                    if !matches!(d.datatype(), Ok(Type::Map | Type::MapIndef)) {
                        return Err(bad());
                    }
                    d.skip().map_err(|_| bad())?;
                    statement = bytes.get(start..d.position());
                }
                "fmt" | "authData" | "attStmt" => return Err(bad()),
                _ => d.skip().map_err(|_| bad())?,
            }
        }
        if d.position() != bytes.len() {
            return Err(bad());
        }
        match (fmt, statement, auth_data) {
            (Some(fmt), Some(statement), Some(auth_data)) => Ok(Self {
                fmt,
                statement,
                auth_data,
            }),
            _ => Err(bad()),
        }
    }

    /// The attestation statement (§7.1 step 19), for the two formats taken:
    /// - `none` (§8.7): an empty `attStmt`. What browsers send when, as with Cognito's options,
    ///   the relying party asks for no attestation (`attestation` left out means `"none"`).
    /// - `packed` self attestation (§8.2, "If x5c is not present, self attestation is in use"):
    ///   `alg` the credential key's, `sig` over authenticatorData ‖ clientDataHash verified with
    ///   the credential key itself.
    ///
    /// `packed` with a certificate chain (`x5c`) and every other format (`tpm`, `android-key`,
    /// `android-safetynet`, `fido-u2f`, `apple`) are refused as unsupported: verifying them needs
    /// X.509 parsing, and a relying party that asked for no attestation learns nothing from them.
    fn verify(&self, key: &PublicKey, alg: i64, client_data_hash: &[u8; 32]) -> Checked<()> {
        let bad = || malformed(format!("attStmt is not a {} statement", self.fmt));
        let mut d = Decoder::new(self.statement);
        let entries = d.map().map_err(|_| bad())?.ok_or_else(bad)?;
        match self.fmt {
            "none" => {
                if entries != 0 {
                    return Err(bad());
                }
                Ok(())
            }
            "packed" => {
                let (mut stmt_alg, mut sig) = (None, None);
                for _ in 0..entries {
                    match d.str().map_err(|_| bad())? {
                        "alg" => stmt_alg = Some(d.i64().map_err(|_| bad())?),
                        "sig" => sig = Some(d.bytes().map_err(|_| bad())?),
                        "x5c" => {
                            return Err(Refusal::Unsupported(
                                "packed attestation with a certificate chain (x5c)".into(),
                            ));
                        }
                        _ => return Err(bad()),
                    }
                }
                let (Some(stmt_alg), Some(sig)) = (stmt_alg, sig) else {
                    return Err(bad());
                };
                if stmt_alg != alg {
                    return Err(malformed(
                        "the packed attestation's alg is not the credential key's",
                    ));
                }
                let mut signed = self.auth_data.to_vec();
                signed.extend_from_slice(client_data_hash);
                if !key.verifies(&signed, sig) {
                    return Err(Refusal::Signature);
                }
                Ok(())
            }
            other => Err(Refusal::Unsupported(format!("attestation format {other}"))),
        }
    }
}

/// A credential that passed registration.
#[derive(Debug, Clone)]
pub(super) struct NewCredential {
    pub(super) id: Vec<u8>,
    /// The COSE_Key, as the authenticator gave it.
    pub(super) public_key: Vec<u8>,
    pub(super) alg: i64,
    pub(super) sign_count: u32,
}

/// Registration after the challenge (§7.1, steps 5–8 done by [`client_data`] and the caller's
/// look-up of the challenge): the origin (step 9), the attestation object (step 12), its
/// authenticator data (steps 13–15, and AT: step 20's attested credential data), the credential
/// id against `rawId`, the credential key and its algorithm (step 17, "one of the items in
/// options.pubKeyCredParams"), and the attestation statement (steps 18–19).
pub(super) fn verify_registration(
    registration: &Registration,
    data: &ClientData,
    challenge: &[u8],
    rp_id: &str,
    uv_required: bool,
) -> Checked<NewCredential> {
    check_client_data(data, challenge, rp_id)?;
    let object = AttestationObject::parse(&registration.attestation_object)?;
    let auth_data = AuthData::parse(object.auth_data)?;
    auth_data.check(rp_id, uv_required)?;
    let Some(attested) = &auth_data.credential else {
        return Err(Refusal::Flags("include attested credential data (AT)"));
    };
    if attested.id != registration.raw_id.as_slice() {
        return Err(malformed(
            "the credential id in authenticatorData is not rawId",
        ));
    }
    let (key, alg) = PublicKey::from_cose(attested.public_key)?;
    object.verify(&key, alg, &sha256(&registration.client_data_json))?;
    Ok(NewCredential {
        id: attested.id.to_vec(),
        public_key: attested.public_key.to_vec(),
        alg,
        sign_count: auth_data.sign_count,
    })
}

/// An assertion for a known credential (§7.2 steps 10–21; the credential look-up, step 6's
/// user handle and step 22's signature counter are the caller's): `clientDataJSON`, the
/// authenticator data, and the signature over authenticatorData ‖ SHA-256(clientDataJSON) with
/// the stored key (step 21). Returns the authenticator's signature counter.
pub(super) fn verify_assertion(
    assertion: &Assertion,
    challenge: &[u8],
    rp_id: &str,
    uv_required: bool,
    public_key: &[u8],
) -> Checked<u32> {
    let data = client_data(&assertion.client_data_json, "webauthn.get")?;
    check_client_data(&data, challenge, rp_id)?;
    let auth_data = AuthData::parse(&assertion.authenticator_data)?;
    auth_data.check(rp_id, uv_required)?;
    let (key, _) = PublicKey::from_cose(public_key)?;
    let mut signed = assertion.authenticator_data.clone();
    signed.extend_from_slice(&sha256(&assertion.client_data_json));
    if !key.verifies(&signed, &assertion.signature) {
        return Err(Refusal::Signature);
    }
    Ok(auth_data.sign_count)
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_ceremony_in_another_sites_frame_is_refused() {
        let challenge = [7u8; 16];
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(challenge);
        let made = |extra: serde_json::Value| {
            let mut data = serde_json::json!({ "type": "webauthn.get", "challenge": b64, "origin": "http://localhost:8080" });
            data.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            client_data(&serde_json::to_vec(&data).unwrap(), "webauthn.get").unwrap()
        };
        assert!(
            check_client_data(
                &made(serde_json::json!({ "crossOrigin": false })),
                &challenge,
                "localhost"
            )
            .is_ok()
        );
        for foreign in [
            serde_json::json!({ "crossOrigin": true }),
            serde_json::json!({ "topOrigin": "https://evil.example.com" }),
        ] {
            assert!(matches!(
                check_client_data(&made(foreign), &challenge, "localhost"),
                Err(Refusal::Origin(_))
            ));
        }
    }

    #[test]
    fn backed_up_but_not_backup_eligible_is_refused() {
        let flags_of = |flags: u8| {
            let mut bytes = sha256(b"localhost").to_vec();
            bytes.push(flags);
            bytes.extend(0u32.to_be_bytes());
            bytes
        };
        let ok = flags_of(UP | BE | BS);
        assert!(
            AuthData::parse(&ok)
                .unwrap()
                .check("localhost", false)
                .is_ok()
        );
        let bad = flags_of(UP | BS);
        assert!(matches!(
            AuthData::parse(&bad).unwrap().check("localhost", false),
            Err(Refusal::Flags(_))
        ));
    }

    use super::*;

    /// A `none` attestation object for a fresh ES256 key, registered for `localhost`, and the
    /// client data it goes with: the seed every mutation below starts from.
    fn valid_registration() -> (Vec<u8>, Vec<u8>, Vec<u8>) {
        use p256::ecdsa::SigningKey;
        let key = SigningKey::from_slice(&[7u8; 32]).unwrap();
        let point = key.verifying_key().to_sec1_point(false);
        let (x, y) = (point.x().unwrap().to_vec(), point.y().unwrap().to_vec());
        let mut cose = minicbor::Encoder::new(Vec::new());
        cose.map(5).unwrap();
        cose.i64(1).unwrap().i64(2).unwrap();
        cose.i64(3).unwrap().i64(-7).unwrap();
        cose.i64(-1).unwrap().i64(1).unwrap();
        cose.i64(-2).unwrap().bytes(&x).unwrap();
        cose.i64(-3).unwrap().bytes(&y).unwrap();
        let cred_id = [9u8; 16];
        let mut auth_data = sha256(b"localhost").to_vec();
        auth_data.push(UP | UV | AT);
        auth_data.extend(0u32.to_be_bytes());
        auth_data.extend([0u8; 16]);
        auth_data.extend((cred_id.len() as u16).to_be_bytes());
        auth_data.extend(cred_id);
        auth_data.extend(cose.into_writer());
        let mut object = minicbor::Encoder::new(Vec::new());
        object.map(3).unwrap();
        object.str("fmt").unwrap().str("none").unwrap();
        object.str("attStmt").unwrap().map(0).unwrap();
        object.str("authData").unwrap().bytes(&auth_data).unwrap();
        let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode([5u8; 16]);
        let client = serde_json::json!({ "type": "webauthn.create", "challenge": challenge, "origin": "http://localhost:8080" });
        (
            object.into_writer(),
            serde_json::to_vec(&client).unwrap(),
            cred_id.to_vec(),
        )
    }

    fn registration(object: Vec<u8>, client: &[u8], raw_id: Vec<u8>) -> Registration {
        Registration {
            raw_id,
            client_data_json: client.to_vec(),
            attestation_object: object,
            transports: Vec::new(),
            attachment: None,
        }
    }

    #[test]
    fn the_fuzzing_seed_is_a_valid_registration() {
        let (object, client, id) = valid_registration();
        let data = client_data(&client, "webauthn.create").unwrap();
        let made = verify_registration(
            &registration(object, &client, id),
            &data,
            &[5u8; 16],
            "localhost",
            true,
        );
        assert!(made.is_ok(), "{:?}", made.err());
    }

    proptest::proptest! {
        /// Whatever bytes arrive, every parser of the two ceremonies answers Ok or a refusal:
        /// it never panics (which would take the stand-in down with it).
        #[test]
        fn no_bytes_panic_a_parser(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            let _ = AttestationObject::parse(&bytes);
            let _ = AuthData::parse(&bytes);
            let _ = PublicKey::from_cose(&bytes);
            let _ = client_data(&bytes, "webauthn.get");
            let _ = cbor_item_len(&bytes, "fuzz");
        }

        /// A valid attestation object with some bytes changed, or cut short, goes through the
        /// whole registration check (CBOR, authenticator data, COSE key, statement): refused or
        /// (if the change was harmless) accepted, never a panic.
        #[test]
        fn a_damaged_registration_is_refused_not_a_panic(
            changes in proptest::collection::vec((proptest::prelude::any::<proptest::sample::Index>(), proptest::prelude::any::<u8>()), 1..6),
            cut in proptest::option::of(proptest::prelude::any::<proptest::sample::Index>()),
        ) {
            let (mut object, client, id) = valid_registration();
            for (at, byte) in changes {
                let i = at.index(object.len());
                object[i] = byte;
            }
            if let Some(cut) = cut {
                object.truncate(cut.index(object.len()));
            }
            let data = client_data(&client, "webauthn.create").unwrap();
            let _ = verify_registration(&registration(object, &client, id), &data, &[5u8; 16], "localhost", true);
        }

        /// A correctly signed assertion with any byte of its authenticator data, client data
        /// or signature changed is refused (never a panic): what is signed is all checked.
        #[test]
        fn a_changed_assertion_is_refused(
            part in 0usize..3,
            at in proptest::prelude::any::<proptest::sample::Index>(),
            flip in 1u8..=255,
        ) {
            let (key, mut assertion) = signed_assertion();
            let bytes = match part {
                0 => &mut assertion.authenticator_data,
                1 => &mut assertion.client_data_json,
                _ => &mut assertion.signature,
            };
            let i = at.index(bytes.len());
            bytes[i] ^= flip;
            proptest::prop_assert!(verify_assertion(&assertion, &[5u8; 16], "localhost", true, &key).is_err());
        }

        /// Arbitrary authenticator data and signature bytes for a known key: refused.
        #[test]
        fn arbitrary_assertion_bytes_are_refused(
            auth_data in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..80),
            signature in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..80),
        ) {
            let (key, mut assertion) = signed_assertion();
            assertion.authenticator_data = auth_data;
            assertion.signature = signature;
            proptest::prop_assert!(verify_assertion(&assertion, &[5u8; 16], "localhost", false, &key).is_err());
        }
    }

    /// The seed key's COSE form and an assertion it signed for `localhost` over challenge [5; 16].
    fn signed_assertion() -> (Vec<u8>, Assertion) {
        use p256::ecdsa::signature::Signer as _;
        use p256::ecdsa::{DerSignature, SigningKey};
        let (object, _, _) = valid_registration();
        let parsed = AttestationObject::parse(&object).unwrap();
        let key = AuthData::parse(parsed.auth_data)
            .unwrap()
            .credential
            .unwrap()
            .public_key
            .to_vec();
        let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode([5u8; 16]);
        let client = serde_json::to_vec(&serde_json::json!({ "type": "webauthn.get", "challenge": challenge, "origin": "http://localhost:8080" })).unwrap();
        let mut auth_data = sha256(b"localhost").to_vec();
        auth_data.push(UP | UV);
        auth_data.extend(1u32.to_be_bytes());
        let mut signed = auth_data.clone();
        signed.extend(sha256(&client));
        let signature: DerSignature = SigningKey::from_slice(&[7u8; 32]).unwrap().sign(&signed);
        let assertion = Assertion {
            raw_id: vec![9; 16],
            client_data_json: client,
            authenticator_data: auth_data,
            signature: signature.as_bytes().to_vec(),
            user_handle: None,
        };
        (key, assertion)
    }

    #[test]
    fn the_assertion_seed_verifies() {
        let (key, assertion) = signed_assertion();
        assert_eq!(
            verify_assertion(&assertion, &[5u8; 16], "localhost", true, &key).ok(),
            Some(1)
        );
    }

    #[test]
    fn origins_are_the_rp_id_or_its_subdomains_over_https_or_localhost_over_http() {
        for (origin, rp_id) in [
            ("https://auth.example.com", "auth.example.com"),
            ("https://auth.example.com:8443", "auth.example.com"),
            ("https://app.auth.example.com", "auth.example.com"),
            ("https://example.com", "example.com"),
            ("http://localhost", "localhost"),
            ("http://localhost:8080", "localhost"),
            ("https://localhost:8443", "localhost"),
        ] {
            assert!(origin_allowed(origin, rp_id), "{origin} for {rp_id}");
        }
        for (origin, rp_id) in [
            ("http://auth.example.com", "auth.example.com"),
            ("https://evilauth.example.com", "auth.example.com"),
            ("https://example.com", "auth.example.com"),
            ("https://auth.example.com.evil.com", "auth.example.com"),
            ("https://auth.example.com/", "auth.example.com"),
            ("https://user@auth.example.com", "auth.example.com"),
            ("https://auth.example.com:", "auth.example.com"),
            ("https://auth.example.com:x", "auth.example.com"),
            ("https://.auth.example.com", "auth.example.com"),
            ("http://127.0.0.1:8080", "localhost"),
            ("http://app.localhost:8080", "localhost"),
            ("http://localhost.evil.com", "localhost"),
            ("ftp://localhost", "localhost"),
            ("localhost", "localhost"),
            ("", "localhost"),
        ] {
            assert!(!origin_allowed(origin, rp_id), "{origin} for {rp_id}");
        }
    }
}

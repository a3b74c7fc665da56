//! RS256 JWTs with Cognito's claims, and the JWKS that verifies them.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD as BASE64, URL_SAFE_NO_PAD as B64URL};
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use rsa::traits::PublicKeyParts;
use rsa::{PrivateKey, PublicKey};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// A JWT's claims, read without checking its signature: only to find which key to check it with.
pub fn unverified_claims(token: &str) -> Option<Value> {
    let payload = token.split('.').nth(1)?;
    serde_json::from_slice(&B64URL.decode(payload).ok()?).ok()
}

pub struct Signer {
    key: PrivateKey,
    public: PublicKey,
    kid: String,
}

impl Signer {
    /// A new 2048-bit key (what Cognito's JWKS keys are).
    pub fn generate() -> Result<Self, String> {
        let key = PrivateKey::new(&mut getrandom::SysRng, 2048).map_err(|e| e.to_string())?;
        Ok(Self::from_key(key))
    }

    pub fn from_der_b64(der_b64: &str) -> Result<Self, String> {
        let der = BASE64.decode(der_b64).map_err(|e| e.to_string())?;
        let key = PrivateKey::from_pkcs8_der(&der).map_err(|e| e.to_string())?;
        Ok(Self::from_key(key))
    }

    pub fn to_der_b64(&self) -> Result<String, String> {
        let der = self.key.to_pkcs8_der().map_err(|e| e.to_string())?;
        Ok(BASE64.encode(der.as_bytes()))
    }

    fn from_key(key: PrivateKey) -> Self {
        let public = key.to_public_key();
        let kid = BASE64.encode(&Sha256::digest(public.n_bytes())[..]);
        Self { key, public, kid }
    }

    /// `header.payload.signature`, RS256.
    pub fn sign(&self, claims: &Value) -> Result<String, String> {
        let header = json!({ "kid": self.kid, "alg": "RS256" });
        let signing_input = format!(
            "{}.{}",
            B64URL.encode(header.to_string()),
            B64URL.encode(claims.to_string())
        );
        let sig = self
            .key
            .pkcs1v15_sign::<Sha256>(signing_input.as_bytes())
            .map_err(|e| e.to_string())?;
        Ok(format!("{signing_input}.{}", B64URL.encode(sig)))
    }

    /// The claims of a token this signer made; `None` for anything else (bad shape or signature).
    pub fn verify(&self, token: &str) -> Option<Value> {
        let mut parts = token.split('.');
        let (h, p, s) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let sig = B64URL.decode(s).ok()?;
        self.public
            .pkcs1v15_verify::<Sha256>(format!("{h}.{p}").as_bytes(), &sig)
            .ok()?;
        serde_json::from_slice(&B64URL.decode(p).ok()?).ok()
    }

    /// `/{poolId}/.well-known/jwks.json`.
    pub fn jwks(&self) -> Value {
        json!({ "keys": [{
            "alg": "RS256",
            "e": B64URL.encode(self.public.e_bytes()),
            "kid": self.kid,
            "kty": "RSA",
            "n": B64URL.encode(self.public.n_bytes()),
            "use": "sig",
        }]})
    }
}

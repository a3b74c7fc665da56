//! `otpauth://totp/` key URIs (Google Authenticator Key Uri Format) and secret display.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// What JavaScript's `encodeURIComponent` leaves alone: A-Z a-z 0-9 - _ . ! ~ * ' ( ).
const URI_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// `otpauth://totp/ISSUER:ACCOUNT?secret=SECRET&issuer=ISSUER`, issuer and account percent-encoded.
pub fn key_uri(issuer: &str, account: &str, secret_base32: &str) -> String {
    let issuer = utf8_percent_encode(issuer, URI_COMPONENT);
    let account = utf8_percent_encode(account, URI_COMPONENT);
    format!("otpauth://totp/{issuer}:{account}?secret={secret_base32}&issuer={issuer}")
}

/// The secret in groups of four for typing by hand: `ABCD EFGH IJKL`.
pub fn group_secret(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn groups_in_fours() {
        assert_eq!(super::group_secret("ABCDEFGHIJ"), "ABCD EFGH IJ");
        assert_eq!(super::group_secret(""), "");
    }
}

//! One-time codes as people type or paste them.

use super::AuthError;

pub const CODE_LENGTH: usize = 6;
/// A sign-in code (USER_AUTH's EMAIL_OTP / SMS_OTP as the first factor).
pub const SIGN_IN_CODE_LENGTH: usize = 8;

/// Strips spaces and dashes and maps Thai (๐-๙) and full-width (０-９) digits to ASCII; the result
/// must be exactly six digits. Runs before any request, so a typo costs no attempt.
pub fn normalize_code(input: &str) -> Result<String, AuthError> {
    normalize_code_of(input, CODE_LENGTH)
}

/// [`normalize_code`] for a code of `length` digits.
pub fn normalize_code_of(input: &str, length: usize) -> Result<String, AuthError> {
    let mut out = String::with_capacity(length);
    for c in input.chars() {
        match c {
            '0'..='9' => out.push(c),
            '\u{0E50}'..='\u{0E59}' => out.push(char::from(b'0' + (c as u32 - 0x0E50) as u8)),
            '\u{FF10}'..='\u{FF19}' => out.push(char::from(b'0' + (c as u32 - 0xFF10) as u8)),
            c if c.is_whitespace() || c == '-' => {}
            _ => return Err(AuthError::InvalidCodeFormat),
        }
    }
    if out.len() == length {
        Ok(out)
    } else {
        Err(AuthError::InvalidCodeFormat)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_people_paste() {
        for ok in [
            "123456",
            "123 456",
            " 123456 ",
            "123-456",
            "๑๒๓๔๕๖",
            "１２３４５６",
        ] {
            assert_eq!(normalize_code(ok).as_deref(), Ok("123456"), "{ok}");
        }
    }

    #[test]
    fn sign_in_codes_have_eight_digits() {
        assert_eq!(
            normalize_code_of("1234 5678", SIGN_IN_CODE_LENGTH).as_deref(),
            Ok("12345678")
        );
        assert_eq!(
            normalize_code_of("123456", SIGN_IN_CODE_LENGTH),
            Err(AuthError::InvalidCodeFormat)
        );
        assert_eq!(
            normalize_code_of("12345678", CODE_LENGTH),
            Err(AuthError::InvalidCodeFormat)
        );
    }

    #[test]
    fn rejects_everything_else() {
        for bad in [
            "",
            "12345",
            "1234567",
            "12345a",
            "12 34 5",
            "１２３４５",
            "abcdef",
            "12345６7",
        ] {
            assert_eq!(
                normalize_code(bad),
                Err(AuthError::InvalidCodeFormat),
                "{bad}"
            );
        }
    }
}

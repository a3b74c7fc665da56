//! One-time codes as people type or paste them.

use super::AuthError;

pub const CODE_LENGTH: usize = 6;

/// Strips spaces and dashes and maps Thai (๐-๙) and full-width (０-９) digits to ASCII; the result
/// must be exactly six digits. Runs before any request, so a typo costs no attempt.
pub fn normalize_code(input: &str) -> Result<String, AuthError> {
    let mut out = String::with_capacity(CODE_LENGTH);
    for c in input.chars() {
        match c {
            '0'..='9' => out.push(c),
            '\u{0E50}'..='\u{0E59}' => out.push(char::from(b'0' + (c as u32 - 0x0E50) as u8)),
            '\u{FF10}'..='\u{FF19}' => out.push(char::from(b'0' + (c as u32 - 0xFF10) as u8)),
            c if c.is_whitespace() || c == '-' => {}
            _ => return Err(AuthError::InvalidCodeFormat),
        }
    }
    if out.len() == CODE_LENGTH {
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

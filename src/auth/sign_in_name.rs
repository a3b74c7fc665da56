//! What is sent as USERNAME for what a person typed: an email address, a user name, or a phone
//! number typed the way people type them (spaces, dashes, a leading 0 in the configured
//! country) and sent as E.164, the only form Cognito takes for `phone_number` ("Phone numbers
//! must follow these formatting rules: A phone number must start with a plus (+) sign, followed
//! immediately by the country code", developer guide, "User pool attributes").

use crate::config::SignInName;

/// Why what was typed cannot be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("nothing typed")]
    Empty,
    /// Looks like a phone number but is not one: too short or long, or letters in it.
    #[error("not a phone number")]
    NotAPhoneNumber,
    /// A national number (leading 0) where no country code is configured.
    #[error("a phone number needs its country code")]
    NeedsCountryCode,
    /// A new user name in the form of an email or phone number, where those are the pool's
    /// aliases.
    #[error("a user name cannot be an email address or phone number")]
    NotAUserName,
}

/// A new account's user name, in a pool with user names: "If you select email address as an
/// alias, Amazon Cognito doesn't accept a user name that matches a valid email address format",
/// and the same for phone numbers (developer guide, "User pool attributes").
pub fn new_user_name(name: &SignInName, typed: &str) -> Result<String, NameError> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(NameError::Empty);
    }
    // Whatever sign-in would take for a phone number (`is_phone_like`) cannot be a user name
    // either: that user could never sign in by it.
    if (name.email && typed.contains('@')) || (name.phone && is_phone_like(name, typed)) {
        return Err(NameError::NotAUserName);
    }
    Ok(typed.to_owned())
}

/// E.164: at most 15 digits after the `+`; the shortest numbers in use (with their country
/// code) have 7.
const E164_DIGITS: std::ops::RangeInclusive<usize> = 7..=15;

/// What goes to Cognito as USERNAME for `typed`, under the pool's sign-in name.
pub fn normalise(name: &SignInName, typed: &str) -> Result<String, NameError> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(NameError::Empty);
    }
    if name.phone && is_phone_like(name, typed) {
        return to_e164(typed, name.country_code);
    }
    if name.email && typed.contains('@') {
        // Cognito compares user names and aliases without case where the pool says so
        // (`UsernameConfiguration.CaseSensitive: false`: the console's default since 2020; the
        // API's default is `true`, developer guide, "User pool case sensitivity"); there lower
        // case keeps a sign-up's email as people expect it, and this browser's remembered
        // device and passkey entries one per account. USERNAME_CASE_SENSITIVE says which.
        return Ok(if name.case_sensitive {
            typed.to_owned()
        } else {
            typed.to_lowercase()
        });
    }
    if name.phone_only() {
        return Err(NameError::NotAPhoneNumber);
    }
    Ok(typed.to_owned())
}

/// Whether `typed` is meant as a phone number. Where a user name may be typed too, only a
/// number written with `+`, or with a leading 0 where a country code is configured, is one (a
/// user name may be all digits).
fn is_phone_like(name: &SignInName, typed: &str) -> bool {
    if typed.contains('@') {
        return false;
    }
    if name.phone_only() {
        return true;
    }
    let phone_chars = typed
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().\u{a0}".contains(c));
    let starts = typed.starts_with('+')
        || (name.country_code.is_some() && typed.starts_with('0'))
        || (!name.username && typed.starts_with(|c: char| c.is_ascii_digit()));
    phone_chars && starts
}

fn to_e164(typed: &str, country_code: Option<u16>) -> Result<String, NameError> {
    if !typed
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().\u{a0}".contains(c))
    {
        return Err(NameError::NotAPhoneNumber);
    }
    let plus = typed.starts_with('+');
    if typed[usize::from(plus)..].contains('+') {
        return Err(NameError::NotAPhoneNumber);
    }
    let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
    let international = if plus {
        digits
    } else if let Some(rest) = digits.strip_prefix("00") {
        // The international prefix most of the world dials.
        rest.to_owned()
    } else if let Some(national) = digits.strip_prefix('0') {
        let code = country_code.ok_or(NameError::NeedsCountryCode)?;
        format!("{code}{national}")
    } else {
        return Err(NameError::NeedsCountryCode);
    };
    if !E164_DIGITS.contains(&international.len()) || international.starts_with('0') {
        return Err(NameError::NotAPhoneNumber);
    }
    Ok(format!("+{international}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(username: bool, email: bool, phone: bool, code: Option<u16>) -> SignInName {
        SignInName {
            username,
            email,
            phone,
            country_code: code,
            case_sensitive: false,
        }
    }

    #[test]
    fn phone_numbers_are_sent_as_e164_however_they_were_typed() {
        let thai = kinds(false, false, true, Some(66));
        for typed in [
            "+66 81 234 5678",
            "+66-81-234-5678",
            "081 234 5678",
            "(081) 234-5678",
            "0066 81 234 5678",
            " 0812345678 ",
        ] {
            assert_eq!(
                normalise(&thai, typed).as_deref(),
                Ok("+66812345678"),
                "{typed}"
            );
        }
        assert_eq!(
            normalise(&thai, "+1 206 555 0100").as_deref(),
            Ok("+12065550100")
        );
    }

    #[test]
    fn what_cannot_be_a_phone_number_is_said_not_sent() {
        let thai = kinds(false, false, true, Some(66));
        for typed in [
            "+66 81 23",
            "+1234567890123456",
            "kim",
            "+66 81 abc 5678",
            "+0812345678",
            "+66+81234567",
        ] {
            assert_eq!(
                normalise(&thai, typed),
                Err(NameError::NotAPhoneNumber),
                "{typed}"
            );
        }
        let nowhere = kinds(false, false, true, None);
        assert_eq!(
            normalise(&nowhere, "081 234 5678"),
            Err(NameError::NeedsCountryCode)
        );
        assert_eq!(
            normalise(&nowhere, "812345678"),
            Err(NameError::NeedsCountryCode)
        );
        assert_eq!(normalise(&nowhere, "  "), Err(NameError::Empty));
    }

    #[test]
    fn a_new_user_name_is_not_an_alias_in_disguise() {
        let aliases = kinds(true, true, true, None);
        assert_eq!(new_user_name(&aliases, " kim ").as_deref(), Ok("kim"));
        assert_eq!(
            new_user_name(&aliases, "kim@example.com"),
            Err(NameError::NotAUserName)
        );
        assert_eq!(
            new_user_name(&aliases, "+66812345678"),
            Err(NameError::NotAUserName)
        );
        assert_eq!(
            new_user_name(&aliases, "+66-81-234-5678"),
            Err(NameError::NotAUserName)
        );
        let thai_aliases = kinds(true, true, true, Some(66));
        assert_eq!(
            new_user_name(&thai_aliases, "0812345678"),
            Err(NameError::NotAUserName),
            "sign-in would read it as +66 81…"
        );
        assert_eq!(
            new_user_name(&thai_aliases, "12345").as_deref(),
            Ok("12345")
        );
        assert_eq!(new_user_name(&aliases, ""), Err(NameError::Empty));
        let names_only = kinds(true, false, false, None);
        assert_eq!(
            new_user_name(&names_only, "kim@example.com").as_deref(),
            Ok("kim@example.com"),
            "without an email alias Cognito takes it"
        );
        // A number pasted with no-break spaces is still a number.
        let thai = kinds(true, false, true, Some(66));
        assert_eq!(
            normalise(&thai, "081\u{a0}234\u{a0}5678").as_deref(),
            Ok("+66812345678")
        );
    }

    #[test]
    fn emails_are_lower_cased_and_user_names_kept_as_typed() {
        let email = SignInName::default();
        assert_eq!(
            normalise(&email, " Kim@Example.COM ").as_deref(),
            Ok("kim@example.com")
        );
        let old_pool = SignInName {
            case_sensitive: true,
            ..SignInName::default()
        };
        assert_eq!(
            normalise(&old_pool, "Kim@Example.COM").as_deref(),
            Ok("Kim@Example.COM")
        );
        let aliases = kinds(true, true, true, Some(66));
        assert_eq!(normalise(&aliases, "Kim.Lee").as_deref(), Ok("Kim.Lee"));
        // A user name may be all digits: without a + or a leading 0 it stays one.
        assert_eq!(normalise(&aliases, "123456789").as_deref(), Ok("123456789"));
        assert_eq!(
            normalise(&aliases, "081-234-5678").as_deref(),
            Ok("+66812345678")
        );
        assert_eq!(
            normalise(&aliases, "+66 81 234 5678").as_deref(),
            Ok("+66812345678")
        );
        assert_eq!(
            normalise(&aliases, "Kim@Example.com").as_deref(),
            Ok("kim@example.com")
        );
        // Email and phone as user names (no user name): a number without + is a phone number.
        let either = kinds(false, true, true, Some(44));
        assert_eq!(
            normalise(&either, "07700 900123").as_deref(),
            Ok("+447700900123")
        );
        assert_eq!(
            normalise(&either, "a@b.example").as_deref(),
            Ok("a@b.example")
        );
    }
}

//! The user's own attributes besides the contacts (SIGN_UP_ATTRIBUTES, PROFILE_ATTRIBUTES):
//! which input each takes, what is checked before sending, what Cognito's refusal names, and
//! what a profile edit sends.

use std::collections::BTreeMap;

use crate::config::AttributeField;

/// Cognito's length limit for a string attribute's value (developer guide, "Working with user
/// attributes": standard attributes hold at most 2048 characters; a custom one's `MaxLength`
/// is at most 2048). A pool may set less for a custom attribute; Cognito says so, and the field
/// shows it ([`refusals`]).
pub const MAX_LENGTH: usize = 2048;

/// Which input an attribute gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Text,
    /// `birthdate`: the date picker's `YYYY-MM-DD`, the only form Cognito takes.
    Date,
    /// `website`, `profile`, `picture`: an http(s) address.
    Url,
    /// `email` (only where a pool requires it of an account created without one).
    Email,
    /// `phone_number`: E.164, `+` and the country code, as Cognito takes it.
    Tel,
}

impl InputKind {
    pub fn of(attribute: &str) -> Self {
        match attribute {
            "birthdate" => Self::Date,
            "website" | "profile" | "picture" => Self::Url,
            "email" => Self::Email,
            "phone_number" => Self::Tel,
            _ => Self::Text,
        }
    }

    /// The input's `type`.
    pub fn html_type(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Date => "date",
            Self::Url => "url",
            Self::Email => "email",
            Self::Tel => "tel",
        }
    }
}

/// The browser's autofill token for an attribute (HTML, "Autofill"), where one fits.
pub fn autocomplete(attribute: &str) -> &'static str {
    match attribute {
        "name" => "name",
        "given_name" => "given-name",
        "family_name" => "family-name",
        "middle_name" => "additional-name",
        "nickname" | "preferred_username" => "nickname",
        "birthdate" => "bday",
        "gender" => "sex",
        "locale" => "language",
        "website" | "profile" => "url",
        "picture" => "photo",
        "address" => "street-address",
        "email" => "email",
        "phone_number" => "tel",
        _ => "off",
    }
}

/// What is wrong with a value, said at its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttributeProblem {
    /// Required and empty.
    Missing,
    TooLong(usize),
    TooShort(usize),
    /// Not a `YYYY-MM-DD` date that exists.
    NotADate,
    /// Not an http(s) address.
    NotAnAddress,
    /// Not an email address.
    NotAnEmail,
    /// Not a phone number with its country code.
    NotAPhoneNumber,
    /// The pool does not take it at all, or not from this app (a set-up problem).
    NotAccepted,
    /// Set once and never changed again (the schema's `Mutable: false`).
    CannotChange,
}

/// The value to send for `field`: trimmed; `None` for an optional field left empty.
pub fn check(field: &AttributeField, value: &str) -> Result<Option<String>, AttributeProblem> {
    let value = value.trim();
    if value.is_empty() {
        return if field.required {
            Err(AttributeProblem::Missing)
        } else {
            Ok(None)
        };
    }
    if value.chars().count() > MAX_LENGTH {
        return Err(AttributeProblem::TooLong(MAX_LENGTH));
    }
    match InputKind::of(&field.name) {
        InputKind::Date if !is_date(value) => Err(AttributeProblem::NotADate),
        InputKind::Url if !is_web_address(value) => Err(AttributeProblem::NotAnAddress),
        InputKind::Email if !is_email(value) => Err(AttributeProblem::NotAnEmail),
        InputKind::Tel => e164(value)
            .map(Some)
            .ok_or(AttributeProblem::NotAPhoneNumber),
        _ => Ok(Some(value.to_owned())),
    }
}

/// `YYYY-MM-DD`, a day that exists (OpenID Connect's `birthdate`; Cognito refuses other
/// lengths, "birthdate: String must be no shorter than 10 characters", aws-amplify/amplify-flutter#2034).
fn is_date(value: &str) -> bool {
    let bytes = value.as_bytes();
    let digits = |r: std::ops::Range<usize>| bytes[r].iter().all(u8::is_ascii_digit);
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return false;
    }
    if !(digits(0..4) && digits(5..7) && digits(8..10)) {
        return false;
    }
    let number = |r: std::ops::Range<usize>| value[r].parse::<u32>().unwrap_or_default();
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    year > 0 && (1..=days).contains(&day)
}

fn is_email(value: &str) -> bool {
    value.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty() && domain.contains('.') && !value.contains(char::is_whitespace)
    })
}

/// `+` and 8 to 15 digits once the spaces, dashes, dots and brackets people type are gone
/// (E.164 has at most 15 digits; Cognito takes `+` and digits only).
fn e164(value: &str) -> Option<String> {
    let kept: String = value
        .chars()
        .filter(|c| !(c.is_whitespace() || "-.()".contains(*c)))
        .collect();
    let digits = kept.strip_prefix('+')?;
    let fits = (8..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0');
    fits.then_some(kept)
}

fn is_web_address(value: &str) -> bool {
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or_default();
        !host.is_empty() && !r.contains(char::is_whitespace)
    })
}

/// One attribute Cognito refused, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributeRefusal {
    pub attribute: String,
    pub problem: AttributeProblem,
}

/// The attributes an InvalidParameterException's message names. Cognito's wording: "Attributes
/// did not conform to the schema: " then `attribute: reason`, one per line ("name: The attribute
/// is required", "birthdate: String must be no shorter than 10 characters",
/// aws-amplify/amplify-flutter#2034; "aud: Attribute does not exist in the schema.",
/// aws-amplify/amplify-flutter#509), "Invalid attributes given, X is missing" (a NEW_PASSWORD_REQUIRED
/// answer without a required attribute), and "Cannot modify the non-mutable attribute X"
/// (aws-amplify/aws-sdk-ios#2203) or "user.X: Attribute cannot be updated." (an attribute
/// the schema marks `Mutable: false`, aws-amplify/amplify-js#3526). Anything else names nothing.
pub fn refusals(message: &str) -> Vec<AttributeRefusal> {
    let (list, schema) = match message.split_once("did not conform to the schema:") {
        Some((_, list)) => (list, true),
        None => (message, false),
    };
    list.lines()
        .flat_map(|line| line_refusals(line.trim(), schema))
        .collect()
}

/// The refusals one line of the message names (`schema`: a line of the schema's list).
fn line_refusals(line: &str, schema: bool) -> Vec<AttributeRefusal> {
    let refusal = |attribute: &str, problem| AttributeRefusal {
        attribute: attribute.trim().to_owned(),
        problem,
    };
    let immutable = line
        .strip_prefix("Cannot modify the non-mutable attribute ")
        .or_else(|| {
            line.strip_prefix("user.")?
                .strip_suffix(": Attribute cannot be updated.")
        });
    if let Some(attribute) = immutable {
        return vec![refusal(attribute, AttributeProblem::CannotChange)];
    }
    // NEW_PASSWORD_REQUIRED without a required attribute: "Invalid attributes given, name is
    // missing" (aws-amplify/aws-sdk-android#1402); several, "name and adress is missing" as one
    // report quotes it (pmill/aws-cognito#25): each at its field.
    let missing = line
        .strip_prefix("Invalid attributes given, ")
        .and_then(|rest| rest.strip_suffix(" is missing"));
    if let Some(names) = missing {
        return names
            .split(", ")
            .flat_map(|n| n.split(" and "))
            .filter(|n| !n.trim().is_empty())
            .map(|n| refusal(n, AttributeProblem::Missing))
            .collect();
    }
    let Some((attribute, reason)) = line.split_once(": ").filter(|_| schema) else {
        return Vec::new();
    };
    let number = |prefix: &str| {
        reason
            .strip_prefix(prefix)?
            .split_whitespace()
            .next()?
            .parse::<usize>()
            .ok()
    };
    let problem = if reason.starts_with("The attribute is required") {
        AttributeProblem::Missing
    } else if let Some(n) = number("String must be no longer than ") {
        AttributeProblem::TooLong(n)
    } else if let Some(n) = number("String must be no shorter than ") {
        AttributeProblem::TooShort(n)
    } else {
        AttributeProblem::NotAccepted
    };
    vec![refusal(attribute, problem)]
}

/// Whether every refusal is about a field the form shows (the user can fix it there); else the
/// page asks for something the pool does not take, or lacks a field the pool requires.
pub fn all_shown(refused: &[AttributeRefusal], fields: &[AttributeField]) -> bool {
    !refused.is_empty()
        && refused
            .iter()
            .all(|r| fields.iter().any(|f| f.name == r.attribute))
}

/// What saving a profile edit sends: the values changed (UpdateUserAttributes) and the ones
/// emptied (DeleteUserAttributes; an empty value is refused by Cognito for some attributes and
/// means nothing for the others).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DetailsChange {
    pub update: Vec<(String, String)>,
    pub delete: Vec<String>,
}

impl DetailsChange {
    /// From the values as loaded to the values as checked ([`check`]), field by field. Never a
    /// contact: a new email or phone number goes through its own form, behind a proof of the
    /// user and a code.
    pub fn between(before: &BTreeMap<String, String>, after: &[(String, Option<String>)]) -> Self {
        let mut change = Self::default();
        let contact = |name: &str| name == "email" || name == "phone_number";
        for (name, value) in after.iter().filter(|(name, _)| !contact(name)) {
            let old = before.get(name).filter(|v| !v.is_empty());
            match (old, value) {
                (Some(old), Some(new)) if old == new => {}
                (_, Some(new)) => change.update.push((name.clone(), new.clone())),
                (Some(_), None) => change.delete.push(name.clone()),
                (None, None) => {}
            }
        }
        change
    }

    pub fn is_empty(&self) -> bool {
        self.update.is_empty() && self.delete.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str, required: bool) -> AttributeField {
        AttributeField {
            name: name.into(),
            required,
            label: None,
            read_only: false,
        }
    }

    #[test]
    fn values_are_checked_as_cognito_takes_them() {
        let name = field("name", true);
        assert_eq!(check(&name, "  Kim Lee "), Ok(Some("Kim Lee".into())));
        assert_eq!(check(&name, "   "), Err(AttributeProblem::Missing));
        assert_eq!(check(&field("nickname", false), " "), Ok(None));
        let long = "x".repeat(MAX_LENGTH + 1);
        assert_eq!(
            check(&name, &long),
            Err(AttributeProblem::TooLong(MAX_LENGTH))
        );
        let birthdate = field("birthdate", false);
        assert_eq!(
            check(&birthdate, "1990-02-28"),
            Ok(Some("1990-02-28".into()))
        );
        assert_eq!(
            check(&birthdate, "2000-02-29"),
            Ok(Some("2000-02-29".into()))
        );
        for wrong in [
            "1900-02-29",
            "1990-13-01",
            "1990-04-31",
            "28/02/1990",
            "1990-2-28",
            "+990-02-28",
            "0000-01-01",
        ] {
            assert_eq!(
                check(&birthdate, wrong),
                Err(AttributeProblem::NotADate),
                "{wrong}"
            );
        }
        let website = field("website", false);
        assert_eq!(
            check(&website, "https://example.com/me"),
            Ok(Some("https://example.com/me".into()))
        );
        for wrong in [
            "example.com",
            "https://",
            "javascript:alert(1)",
            "https://a b",
        ] {
            assert_eq!(
                check(&website, wrong),
                Err(AttributeProblem::NotAnAddress),
                "{wrong}"
            );
        }
        assert_eq!(
            check(&field("custom:team", true), "Blue"),
            Ok(Some("Blue".into()))
        );
        let phone = field("phone_number", true);
        assert_eq!(
            check(&phone, "+66 81-234 5678"),
            Ok(Some("+66812345678".into()))
        );
        for wrong in ["0812345678", "+0812345678", "+66 81 abc", "+1234"] {
            assert_eq!(
                check(&phone, wrong),
                Err(AttributeProblem::NotAPhoneNumber),
                "{wrong}"
            );
        }
        let email = field("email", true);
        assert_eq!(
            check(&email, "kim@example.com"),
            Ok(Some("kim@example.com".into()))
        );
        assert_eq!(
            check(&email, "kim@localhost"),
            Err(AttributeProblem::NotAnEmail)
        );
    }

    #[test]
    fn cognitos_refusals_name_their_attributes() {
        let message = "Attributes did not conform to the schema: name: The attribute is required\n\
                       birthdate: String must be no shorter than 10 characters\n\
                       custom:team: String must be no longer than 16 characters\n\
                       aud: Attribute does not exist in the schema.\n";
        let refused = refusals(message);
        let got: Vec<_> = refused
            .iter()
            .map(|r| (r.attribute.as_str(), r.problem))
            .collect();
        assert_eq!(
            got,
            [
                ("name", AttributeProblem::Missing),
                ("birthdate", AttributeProblem::TooShort(10)),
                ("custom:team", AttributeProblem::TooLong(16)),
                ("aud", AttributeProblem::NotAccepted),
            ]
        );
        assert_eq!(
            refusals("Cannot modify the non-mutable attribute custom:team"),
            [AttributeRefusal {
                attribute: "custom:team".into(),
                problem: AttributeProblem::CannotChange
            }]
        );
        assert_eq!(
            refusals("user.custom:team: Attribute cannot be updated.\n"),
            [AttributeRefusal {
                attribute: "custom:team".into(),
                problem: AttributeProblem::CannotChange
            }]
        );
        let two = refusals(
            "user.custom:a: Attribute cannot be updated.\nuser.custom:b: Attribute cannot be updated.\n",
        );
        let names: Vec<_> = two
            .iter()
            .map(|r| (r.attribute.as_str(), r.problem))
            .collect();
        assert_eq!(
            names,
            [
                ("custom:a", AttributeProblem::CannotChange),
                ("custom:b", AttributeProblem::CannotChange)
            ]
        );
        assert_eq!(
            refusals("Invalid attributes given, family_name is missing"),
            [AttributeRefusal {
                attribute: "family_name".into(),
                problem: AttributeProblem::Missing
            }]
        );
        let both: Vec<_> = refusals("Invalid attributes given, name and adress is missing")
            .into_iter()
            .map(|r| r.attribute)
            .collect();
        assert_eq!(both, ["name", "adress"]);
        assert!(refusals("Invalid email address format.").is_empty());
        assert!(refusals("1 validation error detected").is_empty());
    }

    #[test]
    fn a_refusal_is_the_users_to_fix_only_where_the_form_shows_the_field() {
        let fields = [field("name", true), field("custom:team", false)];
        let about = |names: &[&str]| -> Vec<AttributeRefusal> {
            names
                .iter()
                .map(|n| AttributeRefusal {
                    attribute: (*n).into(),
                    problem: AttributeProblem::Missing,
                })
                .collect()
        };
        assert!(all_shown(&about(&["name"]), &fields));
        assert!(all_shown(&about(&["name", "custom:team"]), &fields));
        assert!(!all_shown(&about(&["name", "family_name"]), &fields));
        assert!(!all_shown(&[], &fields));
    }

    #[test]
    fn saving_sends_only_what_changed_and_deletes_what_was_emptied() {
        let before: BTreeMap<String, String> = [
            ("name", "Kim Lee"),
            ("nickname", "Kim"),
            ("custom:team", "Blue"),
        ]
        .into_iter()
        .map(|(k, v)| (k.into(), v.into()))
        .collect();
        let after = [
            ("name".to_owned(), Some("Kim Lee".to_owned())),
            ("nickname".to_owned(), None),
            ("custom:team".to_owned(), Some("Green".to_owned())),
            ("birthdate".to_owned(), Some("1990-02-28".to_owned())),
            ("website".to_owned(), None),
        ];
        let change = DetailsChange::between(&before, &after);
        assert_eq!(
            change.update,
            [
                ("custom:team".to_owned(), "Green".to_owned()),
                ("birthdate".to_owned(), "1990-02-28".to_owned())
            ]
        );
        assert_eq!(change.delete, ["nickname"]);
        let contacts = [
            ("email".to_owned(), Some("new@example.com".to_owned())),
            ("phone_number".to_owned(), None),
        ];
        assert!(
            DetailsChange::between(&before, &contacts).is_empty(),
            "contacts change only through their own form"
        );
        let unchanged = [("name".to_owned(), Some("Kim Lee".to_owned()))];
        assert!(DetailsChange::between(&before, &unchanged).is_empty());
    }
}

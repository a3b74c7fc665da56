//! The user attributes a build asks for at sign-up and shows on home (SIGN_UP_ATTRIBUTES,
//! PROFILE_ATTRIBUTES): the pool's schema, as far as the page needs it.

use super::ConfigError;

/// Standard attributes a person types about themselves (the OpenID Connect standard claims
/// Cognito has, developer guide "Working with user attributes"). Not here: `email` and
/// `phone_number` (the sign-in name and the contact details ask for them, with their codes),
/// `updated_at` (a time Cognito keeps, not something a person types) and the `*_verified` flags.
pub const PERSONAL_ATTRIBUTES: [&str; 14] = [
    "name",
    "given_name",
    "family_name",
    "middle_name",
    "nickname",
    "preferred_username",
    "birthdate",
    "gender",
    "locale",
    "zoneinfo",
    "website",
    "profile",
    "picture",
    "address",
];

/// Cognito's limit for a custom attribute's name (CreateUserPool `SchemaAttributeType.Name`,
/// 1–20 characters, without the `custom:` prefix).
const CUSTOM_NAME_MAX: usize = 20;

/// One attribute of the pool's schema, as the page asks for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributeField {
    /// Cognito's name: a standard attribute (`given_name`) or `custom:…`.
    pub name: String,
    /// Required in the pool's schema: a sign-up must give it, and it cannot be emptied later.
    pub required: bool,
    /// The words for its label (English, Thai) where the build gives them; standard attributes
    /// have their own.
    pub label: Option<(String, String)>,
    /// Shown on home but not offered for editing (`!`: the schema makes it immutable, or the
    /// app client may not write it). Home's details only.
    pub read_only: bool,
}

impl AttributeField {
    /// A comma-separated list, each entry `name`, `name*` (required), `name!` (read-only, home's
    /// details only) or `name=Label|ป้ายชื่อ` (the Thai label after `|`, the English one used
    /// for both where there is none).
    /// `variable` names the list in errors.
    pub fn parse_list(raw: Option<&str>, variable: &'static str) -> Result<Vec<Self>, ConfigError> {
        let mut fields: Vec<Self> = Vec::new();
        for entry in raw.unwrap_or_default().split(',').map(str::trim) {
            if entry.is_empty() {
                continue;
            }
            let bad = || ConfigError::MalformedAttribute(variable, entry.to_owned());
            let (spec, label) = match entry.split_once('=') {
                Some((spec, label)) => (spec.trim(), Some(label)),
                None => (entry, None),
            };
            // `*` required, `!` read-only, in either order.
            let name = spec.trim_end_matches(['*', '!']).trim();
            let marks = &spec[name.len()..];
            let (required, read_only) = (marks.contains('*'), marks.contains('!'));
            // Each mark once (`name**` is a typo, not a stronger requirement).
            let once = marks.len() == usize::from(required) + usize::from(read_only);
            if !once || (read_only && variable != "PROFILE_ATTRIBUTES") {
                return Err(bad());
            }
            let known = PERSONAL_ATTRIBUTES.contains(&name)
                || name.strip_prefix("custom:").is_some_and(|bare| {
                    (1..=CUSTOM_NAME_MAX).contains(&bare.chars().count())
                        && !bare.contains(|c: char| c.is_whitespace() || "*!=|,".contains(c))
                });
            if !known {
                return Err(bad());
            }
            let label = match label.map(|l| l.split_once('|').unwrap_or((l, l))) {
                None => None,
                Some((en, th)) if en.trim().is_empty() || th.trim().is_empty() => {
                    return Err(bad());
                }
                Some((en, th)) => Some((en.trim().to_owned(), th.trim().to_owned())),
            };
            // `preferred_username` may be the pool's sign-in alias: changing it is a sign-in
            // change, which home's details make with no proof of the user; and Cognito refuses it
            // as a required attribute.
            let alias =
                name == "preferred_username" && (variable == "PROFILE_ATTRIBUTES" || required);
            if alias || fields.iter().any(|f| f.name == name) {
                return Err(bad());
            }
            fields.push(Self {
                name: name.to_owned(),
                required,
                label,
                read_only,
            });
        }
        Ok(fields)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &str) -> Result<Vec<AttributeField>, ConfigError> {
        AttributeField::parse_list(Some(raw), "SIGN_UP_ATTRIBUTES")
    }

    #[test]
    fn a_list_names_each_attribute_whether_it_is_required_and_its_label() -> Result<(), ConfigError>
    {
        let fields = parse(" name* , birthdate,custom:team=Team|ทีม, custom:floor = Floor ")?;
        let names: Vec<_> = fields
            .iter()
            .map(|f| (f.name.as_str(), f.required))
            .collect();
        assert_eq!(
            names,
            [
                ("name", true),
                ("birthdate", false),
                ("custom:team", false),
                ("custom:floor", false)
            ]
        );
        assert_eq!(fields[2].label, Some(("Team".into(), "ทีม".into())));
        assert_eq!(fields[3].label, Some(("Floor".into(), "Floor".into())));
        assert_eq!(parse("")?, []);
        assert_eq!(AttributeField::parse_list(None, "PROFILE_ATTRIBUTES")?, []);
        assert_eq!(parse("preferred_username")?[0].name, "preferred_username");
        let profile = AttributeField::parse_list(
            Some("custom:employee_id!=Employee ID|รหัสพนักงาน,name*"),
            "PROFILE_ATTRIBUTES",
        )?;
        let marks: Vec<_> = profile
            .iter()
            .map(|f| (f.name.as_str(), f.required, f.read_only))
            .collect();
        assert_eq!(
            marks,
            [("custom:employee_id", false, true), ("name", true, false)]
        );
        assert!(
            parse("custom:employee_id!").is_err(),
            "a sign-up sets it: nothing to mark"
        );
        for both in ["name*!", "name!*"] {
            let field = AttributeField::parse_list(Some(both), "PROFILE_ATTRIBUTES")?;
            assert!(field[0].required && field[0].read_only, "{both}");
        }
        for typo in ["name**", "name!!", "name*!*", "!", "*", "custom:a!b"] {
            assert!(
                AttributeField::parse_list(Some(typo), "PROFILE_ATTRIBUTES").is_err(),
                "{typo}"
            );
        }
        assert!(
            AttributeField::parse_list(Some("preferred_username"), "PROFILE_ATTRIBUTES").is_err(),
            "a possible sign-in alias is not one of home's details"
        );
        Ok(())
    }

    #[test]
    fn what_the_page_cannot_ask_for_is_refused_with_the_entry() {
        for bad in [
            // The contacts have their own fields and codes; the flags are Cognito's to set.
            "email",
            "phone_number",
            "email_verified",
            "sub",
            "updated_at",
            "nmae",
            "custom:",
            "custom:a_name_far_too_long_for_it",
            "custom:two words",
            "name,name*",
            "preferred_username*",
            "custom:team=",
            "custom:team=Team|",
        ] {
            assert!(
                matches!(
                    parse(bad),
                    Err(ConfigError::MalformedAttribute("SIGN_UP_ATTRIBUTES", _))
                ),
                "{bad}"
            );
        }
    }
}

//! Build-time configuration, parsed once into a typed [`Config`].
//!
//! Values come from COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID, APP_NAME, COGNITO_ENDPOINT,
//! COGNITO_TIMEOUT_MS, SIGN_IN_METHODS, SIGN_IN_NAME, PHONE_COUNTRY_CODE,
//! USERNAME_CASE_SENSITIVE, PASSWORD_MIN_LENGTH, PASSWORD_REQUIRES, SIGN_UP_ATTRIBUTES,
//! PROFILE_ATTRIBUTES, USER_SESSIONS and PASSKEY_RP_ID at compile
//! time (the app is static files, so there is no run-time environment). With none of
//! them set the app talks to the local Cognito stand-in's demo pool, so a fresh clone just works.

mod attributes;

pub use attributes::{AttributeField, PERSONAL_ATTRIBUTES};

/// The local stand-in's seeded pool, client and address (see local-cognito's default seed).
pub const LOCAL_POOL_ID: &str = "us-east-1_LocalDemo";
pub const LOCAL_CLIENT_ID: &str = "localdemoclient0000000000";
pub const LOCAL_ENDPOINT: &str = "http://127.0.0.1:9229/";
pub const DEFAULT_APP_NAME: &str = "Cognito 2FA";
/// How long one Cognito call may take before it is aborted and the user told so.
pub const DEFAULT_TIMEOUT_MS: u32 = 15_000;
/// Bounds for COGNITO_TIMEOUT_MS: below a second real networks fail; above two minutes a person gives up.
const TIMEOUT_RANGE_MS: std::ops::RangeInclusive<u32> = 1_000..=120_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub pool: PoolId,
    pub client_id: String,
    pub app_name: String,
    /// Where JSON-API calls go, always ending in `/`.
    pub endpoint: String,
    /// Milliseconds one call may take (headers and body) before it is aborted.
    pub timeout_ms: u32,
    /// How the sign-in page lets people in, in the order it offers them. Empty (SIGN_IN_METHODS
    /// unset): the classic page, email and password by USER_SRP_AUTH. Otherwise choice-based
    /// sign-in (USER_AUTH): a password still goes by SRP (PASSWORD_SRP).
    pub sign_in_methods: Vec<SignInMethod>,
    /// The pool's passkey relying party id (its `WebAuthnConfiguration.RelyingPartyId`), for the
    /// one passkey request made before Cognito has named it: autofill for an account not yet
    /// known. Unset: the page's own host, right unless the relying party is a parent domain.
    pub passkey_rp_id: Option<String>,
    /// What people type to sign in, as the pool is set up (SIGN_IN_NAME).
    pub sign_in_name: SignInName,
    /// The pool's password policy, for the checklist shown as a new password is typed
    /// (PASSWORD_MIN_LENGTH, PASSWORD_REQUIRES; Cognito's default when unset).
    pub password_policy: PasswordPolicy,
    /// What a sign-up asks besides the name, contacts and password, in order
    /// (SIGN_UP_ATTRIBUTES).
    pub sign_up_attributes: Vec<AttributeField>,
    /// What home shows and lets the user edit under "Your details" (PROFILE_ATTRIBUTES; the
    /// sign-up list where unset, none with `none`).
    pub profile_attributes: Vec<AttributeField>,
    /// Home asks where the user is signed in (ListUserSessions; the section is absent where the
    /// pool does not track sessions). USER_SESSIONS=off: never asked (a pool known to lack
    /// tracking, or a service without the operation that answers it without CORS headers).
    pub list_sessions: bool,
}

/// What a new password must have, as the pool's `Policies.PasswordPolicy` says. Cognito has the
/// last word; this is what the page checks as people type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordPolicy {
    pub min_length: usize,
    pub lowercase: bool,
    pub uppercase: bool,
    pub digit: bool,
    pub symbol: bool,
}

impl Default for PasswordPolicy {
    /// Cognito's default policy: 8 characters, each kind required.
    fn default() -> Self {
        Self {
            min_length: 8,
            lowercase: true,
            uppercase: true,
            digit: true,
            symbol: true,
        }
    }
}

impl PasswordPolicy {
    /// Cognito's bounds for `MinimumLength` (botocore: 6–99).
    const LENGTHS: std::ops::RangeInclusive<usize> = 6..=99;

    /// `PASSWORD_MIN_LENGTH` (6–99) and `PASSWORD_REQUIRES` (a list of `lowercase`, `uppercase`,
    /// `numbers`, `symbols`, or `none`); unset: Cognito's default.
    pub fn parse(min_length: Option<&str>, requires: Option<&str>) -> Result<Self, ConfigError> {
        let mut policy = Self::default();
        if let Some(raw) = min_length.map(str::trim).filter(|r| !r.is_empty()) {
            policy.min_length = raw
                .parse()
                .ok()
                .filter(|n| Self::LENGTHS.contains(n))
                .ok_or_else(|| ConfigError::MalformedPasswordLength(raw.to_owned()))?;
        }
        if let Some(raw) = requires.map(str::trim).filter(|r| !r.is_empty()) {
            policy.lowercase = false;
            policy.uppercase = false;
            policy.digit = false;
            policy.symbol = false;
            for part in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                match part.to_ascii_lowercase().as_str() {
                    "lowercase" => policy.lowercase = true,
                    "uppercase" => policy.uppercase = true,
                    "numbers" => policy.digit = true,
                    "symbols" => policy.symbol = true,
                    "none" => {}
                    _ => return Err(ConfigError::UnknownPasswordRule(part.to_owned())),
                }
            }
        }
        Ok(policy)
    }
}

/// What a sign-in name can be. Without `username`, the pool's `UsernameAttributes` (email and/or
/// phone number typed in place of a user name); with it, a user name plus the pool's
/// `AliasAttributes` (a verified email or phone number also signs in).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignInName {
    pub username: bool,
    pub email: bool,
    pub phone: bool,
    /// The country calling code a number typed with a leading 0 belongs to (PHONE_COUNTRY_CODE,
    /// e.g. `66`); none: numbers must be typed with their `+` code.
    pub country_code: Option<u16>,
    /// The pool compares user names with case (`UsernameConfiguration.CaseSensitive: true`,
    /// USERNAME_CASE_SENSITIVE; pools made before 2020). Otherwise emails are sent lower-cased.
    pub case_sensitive: bool,
}

impl Default for SignInName {
    /// Email as the user name: what the app has always done.
    fn default() -> Self {
        Self {
            username: false,
            email: true,
            phone: false,
            country_code: None,
            case_sensitive: false,
        }
    }
}

impl SignInName {
    /// `username,email` → what may be typed; unset or blank → email.
    pub fn parse(
        raw: &str,
        country_code: Option<&str>,
        case_sensitive: Option<&str>,
    ) -> Result<Self, ConfigError> {
        let mut name = Self {
            email: false,
            ..Self::default()
        };
        for part in raw.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match part.to_ascii_lowercase().as_str() {
                "username" => name.username = true,
                "email" => name.email = true,
                "phone_number" | "phone" => name.phone = true,
                _ => return Err(ConfigError::UnknownSignInName(part.to_owned())),
            }
        }
        if !(name.username || name.email || name.phone) {
            name.email = true;
        }
        name.country_code = match country_code.map(str::trim).filter(|c| !c.is_empty()) {
            None => None,
            Some(code) => Some(
                code.strip_prefix('+')
                    .unwrap_or(code)
                    .parse::<u16>()
                    .ok()
                    .filter(|c| (1..=999).contains(c))
                    .ok_or_else(|| ConfigError::MalformedCountryCode(code.to_owned()))?,
            ),
        };
        name.case_sensitive = match case_sensitive.map(str::trim).unwrap_or_default() {
            "" | "false" => false,
            "true" => true,
            other => return Err(ConfigError::MalformedCaseSensitive(other.to_owned())),
        };
        Ok(name)
    }

    /// Only a phone number signs in (`UsernameAttributes: ["phone_number"]`).
    pub fn phone_only(&self) -> bool {
        self.phone && !self.email && !self.username
    }

    /// Only an email address signs in (`UsernameAttributes: ["email"]`, the default).
    pub fn email_only(&self) -> bool {
        self.email && !self.phone && !self.username
    }
}

/// A first factor the sign-in page can offer (Cognito's USER_AUTH).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignInMethod {
    /// Email and password (PASSWORD_SRP: the password never leaves the browser).
    Password,
    /// A one-time code sent by email (EMAIL_OTP).
    EmailCode,
    /// A one-time code sent by text message (SMS_OTP).
    SmsCode,
    /// A passkey (WEB_AUTHN): the browser's WebAuthn ceremony, and passkeys offered in the email
    /// field's autofill.
    Passkey,
}

impl SignInMethod {
    /// The names SIGN_IN_METHODS takes.
    pub const NAMES: [(&'static str, Self); 4] = [
        ("password", Self::Password),
        ("email_otp", Self::EmailCode),
        ("sms_otp", Self::SmsCode),
        ("passkey", Self::Passkey),
    ];

    /// `password,email_otp` → the methods, in order, each once; unset or blank → none (the
    /// classic page).
    pub fn parse_list(raw: &str) -> Result<Vec<Self>, ConfigError> {
        let mut methods = Vec::new();
        for name in raw.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let method = Self::NAMES
                .iter()
                .find(|(known, _)| known.eq_ignore_ascii_case(name))
                .map(|&(_, m)| m)
                .ok_or_else(|| ConfigError::UnknownSignInMethod(name.to_owned()))?;
            if !methods.contains(&method) {
                methods.push(method);
            }
        }
        Ok(methods)
    }
}

/// `region_Name`, e.g. `eu-west-1_AbCdEfGhI`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolId {
    pub region: String,
    /// The part after `_`; it is what SRP hashes.
    pub name: String,
}

impl PoolId {
    pub fn parse(raw: &str) -> Result<Self, ConfigError> {
        let bad = || ConfigError::MalformedPoolId(raw.to_owned());
        let (region, name) = raw.split_once('_').ok_or_else(bad)?;
        let region_ok = !region.is_empty()
            && region
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !region.starts_with('-')
            && !region.ends_with('-');
        let name_ok = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric());
        if !region_ok || !name_ok || raw.len() > 55 {
            return Err(bad());
        }
        Ok(Self {
            region: region.to_owned(),
            name: name.to_owned(),
        })
    }

    pub fn id(&self) -> String {
        format!("{}_{}", self.region, self.name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "COGNITO_USER_POOL_ID `{0}` is not a user pool id: it must look like `eu-west-1_AbCdEfGhI` (region, underscore, letters and digits)"
    )]
    MalformedPoolId(String),
    #[error(
        "COGNITO_CLIENT_ID must be set when COGNITO_USER_POOL_ID is: the app client id of a public client (no secret)"
    )]
    MissingClientId,
    #[error(
        "COGNITO_CLIENT_ID `{0}` is not an app client id (letters, digits, `_` and `+`, at most 128)"
    )]
    MalformedClientId(String),
    #[error("COGNITO_ENDPOINT `{0}` is not an http(s) URL")]
    MalformedEndpoint(String),
    #[error("COGNITO_TIMEOUT_MS `{0}` is not a number of milliseconds between 1000 and 120000")]
    MalformedTimeout(String),
    #[error(
        "SIGN_IN_METHODS names `{0}`: give a comma-separated list of password, email_otp, sms_otp and passkey"
    )]
    UnknownSignInMethod(String),
    #[error(
        "PASSKEY_RP_ID `{0}` is not a relying party id: give the pool's WebAuthn relying party id, a bare lower-case host name such as example.com (no scheme, no port)"
    )]
    MalformedRelyingPartyId(String),
    #[error(
        "SIGN_IN_NAME names `{0}`: give a comma-separated list of username, email and phone_number (with username, the others are the pool's aliases)"
    )]
    UnknownSignInName(String),
    #[error("PHONE_COUNTRY_CODE `{0}` is not a country calling code such as 66 or +44")]
    MalformedCountryCode(String),
    #[error("USERNAME_CASE_SENSITIVE `{0}` is neither true nor false")]
    MalformedCaseSensitive(String),
    #[error("PASSWORD_MIN_LENGTH `{0}` is not a length between 6 and 99, as Cognito takes it")]
    MalformedPasswordLength(String),
    #[error(
        "PASSWORD_REQUIRES names `{0}`: give a comma-separated list of lowercase, uppercase, numbers and symbols (or none)"
    )]
    UnknownPasswordRule(String),
    #[error(
        "{0} names `{1}`: give a comma-separated list of the pool's attributes (name, given_name, family_name, middle_name, nickname, preferred_username, birthdate, gender, locale, zoneinfo, website, profile, picture, address, or custom:<name>), each once, `*` after a required one, `!` after one home shows but does not offer to change (PROFILE_ATTRIBUTES only), `=English label|Thai label` after any; PROFILE_ATTRIBUTES takes no preferred_username (it may be a sign-in alias)"
    )]
    MalformedAttribute(&'static str, String),
    #[error("USER_SESSIONS `{0}` is neither on nor off")]
    MalformedUserSessions(String),
}

/// The raw values, as read from the environment (`None` or empty = not set).
#[derive(Debug, Default, Clone, Copy)]
pub struct RawConfig<'a> {
    pub pool_id: Option<&'a str>,
    pub client_id: Option<&'a str>,
    pub app_name: Option<&'a str>,
    pub endpoint: Option<&'a str>,
    pub timeout_ms: Option<&'a str>,
    pub sign_in_methods: Option<&'a str>,
    pub passkey_rp_id: Option<&'a str>,
    pub sign_in_name: Option<&'a str>,
    pub phone_country_code: Option<&'a str>,
    pub username_case_sensitive: Option<&'a str>,
    pub password_min_length: Option<&'a str>,
    pub password_requires: Option<&'a str>,
    pub sign_up_attributes: Option<&'a str>,
    pub profile_attributes: Option<&'a str>,
    pub user_sessions: Option<&'a str>,
}

impl RawConfig<'static> {
    /// The values baked in when this crate was compiled.
    pub fn build_time() -> Self {
        Self {
            pool_id: option_env!("COGNITO_USER_POOL_ID"),
            client_id: option_env!("COGNITO_CLIENT_ID"),
            app_name: option_env!("APP_NAME"),
            endpoint: option_env!("COGNITO_ENDPOINT"),
            timeout_ms: option_env!("COGNITO_TIMEOUT_MS"),
            sign_in_methods: option_env!("SIGN_IN_METHODS"),
            passkey_rp_id: option_env!("PASSKEY_RP_ID"),
            sign_in_name: option_env!("SIGN_IN_NAME"),
            phone_country_code: option_env!("PHONE_COUNTRY_CODE"),
            username_case_sensitive: option_env!("USERNAME_CASE_SENSITIVE"),
            password_min_length: option_env!("PASSWORD_MIN_LENGTH"),
            password_requires: option_env!("PASSWORD_REQUIRES"),
            sign_up_attributes: option_env!("SIGN_UP_ATTRIBUTES"),
            profile_attributes: option_env!("PROFILE_ATTRIBUTES"),
            user_sessions: option_env!("USER_SESSIONS"),
        }
    }
}

impl Config {
    pub fn parse(raw: RawConfig<'_>) -> Result<Self, ConfigError> {
        let set = |v: Option<&str>| {
            v.map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let (pool_raw, client_id, own_pool) = match (set(raw.pool_id), set(raw.client_id)) {
            (None, None) => (LOCAL_POOL_ID.to_owned(), LOCAL_CLIENT_ID.to_owned(), false),
            (Some(pool), Some(client)) => (pool, client, true),
            (Some(_), None) => return Err(ConfigError::MissingClientId),
            (None, Some(client)) => (LOCAL_POOL_ID.to_owned(), client, false),
        };
        let pool = PoolId::parse(&pool_raw)?;
        let client_ok = client_id.len() <= 128
            && client_id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'+');
        if !client_ok {
            return Err(ConfigError::MalformedClientId(client_id));
        }
        let endpoint = match set(raw.endpoint) {
            Some(url) => {
                let rest = url
                    .strip_prefix("https://")
                    .or_else(|| url.strip_prefix("http://"));
                // Nothing that could not stand in the page's CSP (scripts/csp.mjs checks the same).
                let unfit = |c: char| c.is_whitespace() || "\"'`;,<>?#$\\".contains(c);
                if rest.is_none_or(|r| r.is_empty() || r.contains(unfit)) {
                    return Err(ConfigError::MalformedEndpoint(url));
                }
                if url.ends_with('/') {
                    url
                } else {
                    format!("{url}/")
                }
            }
            None if own_pool => format!("https://cognito-idp.{}.amazonaws.com/", pool.region),
            None => LOCAL_ENDPOINT.to_owned(),
        };
        let app_name = set(raw.app_name).unwrap_or_else(|| DEFAULT_APP_NAME.to_owned());
        let timeout_ms = match set(raw.timeout_ms) {
            None => DEFAULT_TIMEOUT_MS,
            Some(t) => t
                .parse()
                .ok()
                .filter(|ms| TIMEOUT_RANGE_MS.contains(ms))
                .ok_or(ConfigError::MalformedTimeout(t))?,
        };
        let sign_in_methods = SignInMethod::parse_list(raw.sign_in_methods.unwrap_or_default())?;
        // As Cognito takes RelyingPartyId (1–127 characters) and as WebAuthn uses it: a host name.
        let passkey_rp_id = match set(raw.passkey_rp_id) {
            None => None,
            Some(id) => {
                // Labels of 1–63 letters, digits and inner hyphens; not an IP address (WebAuthn
                // takes a domain: the last label is not all digits).
                let label_ok = |l: &str| {
                    (1..=63).contains(&l.len())
                        && l.bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                        && !l.starts_with('-')
                        && !l.ends_with('-')
                };
                let host_name = id.len() <= 127
                    && id.split('.').all(label_ok)
                    && id
                        .rsplit('.')
                        .next()
                        .is_some_and(|tld| !tld.bytes().all(|b| b.is_ascii_digit()));
                if !host_name {
                    return Err(ConfigError::MalformedRelyingPartyId(id));
                }
                Some(id)
            }
        };
        let sign_in_name = SignInName::parse(
            raw.sign_in_name.unwrap_or_default(),
            raw.phone_country_code,
            raw.username_case_sensitive,
        )?;
        let password_policy =
            PasswordPolicy::parse(raw.password_min_length, raw.password_requires)?;
        let sign_up_attributes =
            AttributeField::parse_list(raw.sign_up_attributes, "SIGN_UP_ATTRIBUTES")?;
        let profile_attributes = match raw.profile_attributes.map(str::trim) {
            Some("none") => Vec::new(),
            Some(list) if !list.is_empty() => {
                AttributeField::parse_list(Some(list), "PROFILE_ATTRIBUTES")?
            }
            // The sign-up's, but never a possible sign-in alias (see `AttributeField::parse_list`).
            _ => sign_up_attributes
                .iter()
                .filter(|f| f.name != "preferred_username")
                .cloned()
                .collect(),
        };
        let list_sessions = match raw.user_sessions.map(str::trim).unwrap_or_default() {
            "" | "on" => true,
            "off" => false,
            other => return Err(ConfigError::MalformedUserSessions(other.to_owned())),
        };
        Ok(Self {
            pool,
            client_id,
            app_name,
            endpoint,
            timeout_ms,
            sign_in_methods,
            passkey_rp_id,
            sign_in_name,
            password_policy,
            sign_up_attributes,
            profile_attributes,
            list_sessions,
        })
    }

    pub fn from_build_env() -> Result<Self, ConfigError> {
        Self::parse(RawConfig::build_time())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw<'a>(pool: &'a str, client: &'a str, endpoint: &'a str) -> RawConfig<'a> {
        let opt = |s: &'a str| (!s.is_empty()).then_some(s);
        RawConfig {
            pool_id: opt(pool),
            client_id: opt(client),
            app_name: None,
            endpoint: opt(endpoint),
            timeout_ms: None,
            sign_in_methods: None,
            passkey_rp_id: None,
            sign_in_name: None,
            phone_country_code: None,
            username_case_sensitive: None,
            password_min_length: None,
            password_requires: None,
            sign_up_attributes: None,
            profile_attributes: None,
            user_sessions: None,
        }
    }

    #[test]
    fn home_asks_for_sessions_unless_turned_off() -> Result<(), ConfigError> {
        let with = |v: Option<&'static str>| {
            Config::parse(RawConfig {
                user_sessions: v,
                ..RawConfig::default()
            })
        };
        assert!(with(None)?.list_sessions && with(Some("on"))?.list_sessions);
        assert!(!with(Some("off"))?.list_sessions);
        assert_eq!(
            with(Some("no")),
            Err(ConfigError::MalformedUserSessions("no".into()))
        );
        Ok(())
    }

    #[test]
    fn home_shows_the_sign_up_attributes_unless_told_otherwise() -> Result<(), ConfigError> {
        let with = |sign_up: Option<&'static str>, profile: Option<&'static str>| {
            Config::parse(RawConfig {
                sign_up_attributes: sign_up,
                profile_attributes: profile,
                ..RawConfig::default()
            })
        };
        let names =
            |fields: &[AttributeField]| fields.iter().map(|f| f.name.clone()).collect::<Vec<_>>();
        let plain = with(None, None)?;
        assert!(plain.sign_up_attributes.is_empty() && plain.profile_attributes.is_empty());
        let same = with(Some("name*,custom:team"), None)?;
        assert_eq!(names(&same.profile_attributes), ["name", "custom:team"]);
        let alias = with(Some("name*,preferred_username"), None)?;
        assert_eq!(
            names(&alias.profile_attributes),
            ["name"],
            "not a possible sign-in alias"
        );
        let own = with(Some("name*,birthdate"), Some("nickname"))?;
        assert_eq!(names(&own.profile_attributes), ["nickname"]);
        assert!(
            with(Some("name*"), Some("none"))?
                .profile_attributes
                .is_empty()
        );
        assert!(matches!(
            with(None, Some("email")),
            Err(ConfigError::MalformedAttribute("PROFILE_ATTRIBUTES", _))
        ));
        Ok(())
    }

    #[test]
    fn the_password_policy_is_cognitos_default_unless_configured() -> Result<(), ConfigError> {
        let with = |len: Option<&'static str>, req: Option<&'static str>| {
            Config::parse(RawConfig {
                password_min_length: len,
                password_requires: req,
                ..RawConfig::default()
            })
            .map(|c| c.password_policy)
        };
        assert_eq!(with(None, None)?, PasswordPolicy::default());
        let strict = with(Some("12"), Some("lowercase, numbers"))?;
        assert_eq!(
            strict,
            PasswordPolicy {
                min_length: 12,
                lowercase: true,
                uppercase: false,
                digit: true,
                symbol: false
            }
        );
        let lax = with(Some(" 6 "), Some("none"))?;
        assert!(!lax.lowercase && !lax.uppercase && !lax.digit && !lax.symbol);
        assert_eq!(lax.min_length, 6);
        for bad in ["5", "100", "twelve"] {
            assert_eq!(
                with(Some(bad), None),
                Err(ConfigError::MalformedPasswordLength(bad.into())),
                "{bad}"
            );
        }
        assert_eq!(
            with(None, Some("digits")),
            Err(ConfigError::UnknownPasswordRule("digits".into()))
        );
        Ok(())
    }

    #[test]
    fn the_sign_in_name_is_email_unless_configured() -> Result<(), ConfigError> {
        let with = |name: &'static str, code: Option<&'static str>| {
            Config::parse(RawConfig {
                sign_in_name: Some(name),
                phone_country_code: code,
                ..RawConfig::default()
            })
            .map(|c| c.sign_in_name)
        };
        assert_eq!(with("", None)?, SignInName::default());
        assert!(with(" ", None)?.email_only());
        let phone = with("phone_number", Some("+66"))?;
        assert!(phone.phone_only());
        assert_eq!(phone.country_code, Some(66));
        let aliases = with("USERNAME, email ,phone_number", None)?;
        assert!(aliases.username && aliases.email && aliases.phone);
        assert_eq!(aliases.country_code, None);
        assert!(!aliases.case_sensitive);
        let old_pool = Config::parse(RawConfig {
            username_case_sensitive: Some("true"),
            ..RawConfig::default()
        })?;
        assert!(old_pool.sign_in_name.case_sensitive);
        assert_eq!(
            Config::parse(RawConfig {
                username_case_sensitive: Some("yes"),
                ..RawConfig::default()
            }),
            Err(ConfigError::MalformedCaseSensitive("yes".into()))
        );
        assert_eq!(
            with("email,nickname", None),
            Err(ConfigError::UnknownSignInName("nickname".into()))
        );
        for bad in ["0", "1000", "sixty", "+", "6 6"] {
            assert_eq!(
                with("phone_number", Some(bad)),
                Err(ConfigError::MalformedCountryCode(bad.into())),
                "{bad}"
            );
        }
        Ok(())
    }

    #[test]
    fn a_passkey_relying_party_id_is_a_bare_host_name() -> Result<(), ConfigError> {
        let with = |id| {
            Config::parse(RawConfig {
                passkey_rp_id: Some(id),
                ..RawConfig::default()
            })
        };
        assert_eq!(
            with(" example.com ")?.passkey_rp_id.as_deref(),
            Some("example.com")
        );
        assert_eq!(
            with("localhost")?.passkey_rp_id.as_deref(),
            Some("localhost")
        );
        assert_eq!(with("")?.passkey_rp_id, None);
        for bad in [
            "https://example.com",
            "example.com:443",
            "Example.com",
            ".example.com",
            "a..b",
            "ex ample.com",
            "a.-b.com",
            "127.0.0.1",
            &"x".repeat(64),
        ] {
            assert_eq!(
                with(bad),
                Err(ConfigError::MalformedRelyingPartyId(bad.to_owned())),
                "{bad}"
            );
        }
        Ok(())
    }

    #[test]
    fn sign_in_methods_in_order_once_or_none_for_the_classic_page() -> Result<(), ConfigError> {
        let with = |m: &'static str| {
            Config::parse(RawConfig {
                sign_in_methods: Some(m),
                ..RawConfig::default()
            })
        };
        assert_eq!(with("")?.sign_in_methods, []);
        assert_eq!(Config::parse(RawConfig::default())?.sign_in_methods, []);
        assert_eq!(
            with(" email_otp, password ,EMAIL_OTP,,sms_otp")?.sign_in_methods,
            [
                SignInMethod::EmailCode,
                SignInMethod::Password,
                SignInMethod::SmsCode
            ]
        );
        assert_eq!(
            with("passkey, password")?.sign_in_methods,
            [SignInMethod::Passkey, SignInMethod::Password]
        );
        assert_eq!(
            with("password,totp"),
            Err(ConfigError::UnknownSignInMethod("totp".into()))
        );
        Ok(())
    }

    #[test]
    fn nothing_set_means_the_local_stand_in() -> Result<(), ConfigError> {
        let c = Config::parse(RawConfig::default())?;
        assert_eq!(c.pool.id(), LOCAL_POOL_ID);
        assert_eq!(c.endpoint, LOCAL_ENDPOINT);
        assert_eq!(c.app_name, DEFAULT_APP_NAME);
        assert_eq!(c.timeout_ms, DEFAULT_TIMEOUT_MS);
        let quick = Config::parse(RawConfig {
            timeout_ms: Some(" 3000 "),
            ..RawConfig::default()
        })?;
        assert_eq!(quick.timeout_ms, 3000);
        Ok(())
    }

    #[test]
    fn a_real_pool_gets_the_regional_endpoint() -> Result<(), ConfigError> {
        let c = Config::parse(raw("eu-west-1_AbCdEfGhI", "1example23456789", ""))?;
        assert_eq!(c.pool.region, "eu-west-1");
        assert_eq!(c.pool.name, "AbCdEfGhI");
        assert_eq!(c.endpoint, "https://cognito-idp.eu-west-1.amazonaws.com/");
        Ok(())
    }

    #[test]
    fn endpoint_override_wins_and_gets_a_slash() -> Result<(), ConfigError> {
        let c = Config::parse(raw("eu-west-1_AbC", "abc", "http://127.0.0.1:9229"))?;
        assert_eq!(c.endpoint, "http://127.0.0.1:9229/");
        Ok(())
    }

    #[test]
    fn bad_pool_ids_are_reported_not_panicked() {
        for bad in [
            "eu-west-1",
            "_Abc",
            "eu-west-1_",
            "EU-WEST-1_abc",
            "eu west-1_abc",
            "eu-west-1_ab-c",
            "eu-west-1_a_b",
            "-eu_abc",
        ] {
            assert_eq!(
                Config::parse(raw(bad, "abc", "")),
                Err(ConfigError::MalformedPoolId(bad.to_owned())),
                "{bad}"
            );
        }
    }

    #[test]
    fn other_bad_values() {
        assert_eq!(
            Config::parse(raw("eu-west-1_AbC", "", "")),
            Err(ConfigError::MissingClientId)
        );
        assert!(matches!(
            Config::parse(raw("eu-west-1_AbC", "a-b", "")),
            Err(ConfigError::MalformedClientId(_))
        ));
        for bad in [
            "ftp://x",
            "http://x/\"><script>",
            "http://x/a;b",
            "http://x/?q",
        ] {
            assert!(
                matches!(
                    Config::parse(raw("eu-west-1_AbC", "ab", bad)),
                    Err(ConfigError::MalformedEndpoint(_))
                ),
                "{bad}"
            );
        }
        for bad in ["soon", "999", "120001", "-5", "1.5"] {
            let raw = RawConfig {
                timeout_ms: Some(bad),
                ..RawConfig::default()
            };
            assert_eq!(
                Config::parse(raw),
                Err(ConfigError::MalformedTimeout(bad.to_owned())),
                "{bad}"
            );
        }
        let message = ConfigError::MalformedPoolId("nope".into()).to_string();
        assert!(message.contains("eu-west-1_AbCdEfGhI"), "{message}");
    }
}

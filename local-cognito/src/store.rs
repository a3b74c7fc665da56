//! What a user pool holds. Everything here is what `--state FILE` persists (written atomically);
//! sessions and issued tokens live in memory only, as they expire anyway.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Store {
    pub pools: BTreeMap<String, Pool>,
    /// A state file from before each pool had its own key held one for all: read and dropped
    /// (each pool makes its own; tokens signed with the old one stop working).
    #[serde(default, skip_serializing)]
    pub signing_key: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum MfaConfiguration {
    #[default]
    Off,
    Optional,
    On,
}

/// `UserPoolTier` (CreateUserPool, UpdateUserPool): the pool's feature plan. "Defaults to
/// `ESSENTIALS`" (API reference, CreateUserPool); step-up needs Essentials or Plus.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum PoolTier {
    Lite,
    #[default]
    Essentials,
    Plus,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Pool {
    pub id: String,
    /// The part of the id after `_`: what SRP hashes.
    pub name: String,
    /// The PoolName given at creation.
    #[serde(default)]
    pub display_name: String,
    pub mfa: MfaConfiguration,
    pub totp_mfa: bool,
    pub sms_mfa: bool,
    pub email_mfa: bool,
    /// `UsernameAttributes: ["email"]`: users sign in with their email; their username is a UUID.
    pub email_as_username: bool,
    /// `UsernameAttributes: ["phone_number"]`: users sign in with their phone number (E.164);
    /// their username is a UUID. Both this and `email_as_username`: either signs in.
    #[serde(default)]
    pub phone_as_username: bool,
    /// `AliasAttributes` (`email`, `phone_number`, `preferred_username`): where the username is
    /// the user's own, these sign in too once verified, and "Only the last user who has verified
    /// the attribute can sign in with it" (developer guide, "User pool attributes", aliases).
    /// Pools saved before it keep what the stand-in did then: a verified email.
    #[serde(default = "email_alias")]
    pub alias_attributes: Vec<String>,
    /// `UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate` (`email`,
    /// `phone_number`): a new value takes effect only once its code is confirmed; until then
    /// the user keeps signing in and receiving codes at the old one (API reference,
    /// UpdateUserAttributes).
    #[serde(default)]
    pub verify_before_update: Vec<String>,
    /// `Policies.PasswordPolicy` (CreateUserPool): what a new password must have. Pools saved
    /// before it have Cognito's default.
    #[serde(default)]
    pub password_policy: PasswordPolicy,
    /// This pool's RS256 signing key (PKCS#8 DER, base64), made when first needed: every pool
    /// has its own, as Cognito's do ("Amazon Cognito generates two pairs of RSA cryptographic keys
    /// for each user pool", developer guide, "Verifying a JSON Web Token"), so one pool's tokens
    /// never pass another's JWKS.
    #[serde(default)]
    pub signing_key: Option<String>,
    /// A random secret (hex) the pool's decoys for unknown user names are derived from (see
    /// `service::decoy`), made when first needed.
    #[serde(default)]
    pub decoy_secret: Option<String>,
    /// DeviceConfiguration (CreateUserPool, UpdateUserPool): sign-ins get a device key; a
    /// confirmed, remembered device skips MFA.
    #[serde(default)]
    pub device_tracking: bool,
    /// DeviceOnlyRememberedOnUserPrompt = false: every confirmed device counts as remembered.
    #[serde(default)]
    pub always_remember_devices: bool,
    /// DeviceConfiguration's ChallengeRequiredOnNewDevice, kept for DescribeUserPool only: a
    /// remembered device skips MFA either way here (not modelled). Pools saved before it read
    /// `true`, what the seed always sent.
    #[serde(default = "yes")]
    pub challenge_required_on_new_device: bool,
    /// Standard attributes the pool's schema marks `Required` (CreateUserPool `Schema`): SignUp
    /// must give them; a user created without them (AdminCreateUser) supplies them when answering
    /// NEW_PASSWORD_REQUIRED.
    #[serde(default)]
    pub required_attributes: Vec<String>,
    /// The pool's custom attributes, as their full names (`custom:team`): CreateUserPool's
    /// `Schema` entries that are not standard attributes.
    #[serde(default)]
    pub custom_attributes: Vec<String>,
    /// Schema entries' rules beyond `Required`, by full name, where CreateUserPool set them:
    /// `Mutable` and `StringAttributeConstraints` (see `service::attributes::rule_for` for the
    /// defaults of the others).
    #[serde(default)]
    pub attribute_rules: BTreeMap<String, AttributeRule>,
    /// `Policies.SignInPolicy.AllowedFirstAuthFactors` (CreateUserPool, UpdateUserPool): what
    /// USER_AUTH may offer as a first factor. Pools saved before it read `["PASSWORD"]`, the
    /// default.
    #[serde(default = "password_only")]
    pub allowed_first_auth_factors: Vec<AuthFactor>,
    /// `WebAuthnConfiguration` (SetUserPoolMfaConfig, GetUserPoolMfaConfig): the passkeys'
    /// relying party. Pools saved before it have none set.
    #[serde(default)]
    pub web_authn: WebAuthnConfig,
    /// SetUserPoolSessionConfiguration's `UserSessionTracking` (off by default, "an opt-in
    /// feature") and `MaxPerUser` (20 by default).
    #[serde(default)]
    pub session_tracking: bool,
    #[serde(default = "twenty")]
    pub max_sessions_per_user: u32,
    /// `UserPoolTier`; pools saved before it are on the default plan.
    #[serde(default)]
    pub tier: PoolTier,
    /// CreateUserPoolDomain: the pool's prefix domain and its custom domain, each at most once.
    #[serde(default)]
    pub domains: Vec<PoolDomain>,
    /// CreateIdentityProvider, by ProviderName.
    #[serde(default)]
    pub identity_providers: BTreeMap<String, IdentityProvider>,
    pub clients: BTreeMap<String, AppClient>,
    /// By username.
    pub users: BTreeMap<String, User>,
    pub created: f64,
}

fn yes() -> bool {
    true
}

fn twenty() -> u32 {
    20
}

/// A domain of the pool's (CreateUserPoolDomain): a prefix (`<prefix>.auth.<region>.amazoncognito.com`)
/// or a custom domain (with `CustomDomainConfig`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PoolDomain {
    pub domain: String,
    pub custom: bool,
    /// `CustomDomainConfig.CertificateArn`, for a custom domain.
    pub certificate_arn: Option<String>,
    /// 1: the classic hosted UI; 2: managed login.
    pub managed_login_version: i64,
    pub created: f64,
}

/// An identity provider of the pool's (CreateIdentityProvider).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdentityProvider {
    pub name: String,
    /// `OIDC`, `SAML`, `Google`, `Facebook`, `LoginWithAmazon` or `SignInWithApple`.
    pub provider_type: String,
    pub details: BTreeMap<String, String>,
    /// Pool attribute → the provider's claim.
    pub attribute_mapping: BTreeMap<String, String>,
    pub idp_identifiers: Vec<String>,
    pub created: f64,
    pub modified: f64,
}

/// A schema attribute's `Mutable` and `StringAttributeConstraints` (MinLength, MaxLength).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeRule {
    pub min_length: usize,
    pub max_length: usize,
    pub mutable: bool,
}

/// A first authentication factor a pool may allow (`AuthFactorType` in botocore's model, without
/// `SOFTWARE_TOKEN`, which "is not currently supported as a first auth factor").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AuthFactor {
    Password,
    EmailOtp,
    SmsOtp,
    WebAuthn,
}

impl AuthFactor {
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "PASSWORD" => Some(Self::Password),
            "EMAIL_OTP" => Some(Self::EmailOtp),
            "SMS_OTP" => Some(Self::SmsOtp),
            "WEB_AUTHN" => Some(Self::WebAuthn),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Password => "PASSWORD",
            Self::EmailOtp => "EMAIL_OTP",
            Self::SmsOtp => "SMS_OTP",
            Self::WebAuthn => "WEB_AUTHN",
        }
    }
}

/// A pool's `PasswordPolicy`, as CreateUserPool takes it (botocore's `PasswordPolicyType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordPolicy {
    pub minimum_length: usize,
    pub require_uppercase: bool,
    pub require_lowercase: bool,
    pub require_numbers: bool,
    pub require_symbols: bool,
}

impl Default for PasswordPolicy {
    /// Cognito's default: 8 characters, every kind required.
    fn default() -> Self {
        Self {
            minimum_length: 8,
            require_uppercase: true,
            require_lowercase: true,
            require_numbers: true,
            require_symbols: true,
        }
    }
}

/// The aliases of a pool saved before `alias_attributes` existed: a verified email.
fn email_alias() -> Vec<String> {
    vec!["email".to_owned()]
}

/// A pool's `AllowedFirstAuthFactors` when none was set: password only (an assumption, see
/// local-cognito/BEHAVIOURS.md; the CDK requires `password: true` and defaults to "Password only").
pub fn password_only() -> Vec<AuthFactor> {
    vec![AuthFactor::Password]
}

/// A pool's `WebAuthnConfiguration` (botocore's `WebAuthnConfigurationType`), as set with
/// SetUserPoolMfaConfig; each member `None` until set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebAuthnConfig {
    /// The relying party id passkeys are bound to. Cognito falls back to the pool's domain, which
    /// the stand-in has not got: without it the passkey operations answer
    /// WebAuthnConfigurationMissingException.
    #[serde(default)]
    pub relying_party_id: Option<String>,
    #[serde(default)]
    pub user_verification: Option<UserVerification>,
    /// `MULTI_FACTOR_WITH_USER_VERIFICATION`: a passkey with user verification satisfies MFA for
    /// users who turned passkey MFA on ([`WebAuthnConfig::passkey_mfa`]).
    #[serde(default)]
    pub factor_configuration: Option<WebAuthnFactorConfiguration>,
}

impl WebAuthnConfig {
    /// Whether passkey ceremonies must verify the user (`UserVerification: required`); unset
    /// reads as `preferred` (an assumption: the default is not documented).
    pub fn user_verification_required(&self) -> bool {
        self.user_verification == Some(UserVerification::Required)
    }
    /// Whether a passkey can count as MFA in this pool: "When set to
    /// `MULTI_FACTOR_WITH_USER_VERIFICATION`, passkey authentication with user verification
    /// satisfies MFA requirements. When set to `SINGLE_FACTOR` or not set, passkeys are a single
    /// authentication factor" (API_WebAuthnConfigurationType).
    pub fn passkey_mfa(&self) -> bool {
        self.factor_configuration
            == Some(WebAuthnFactorConfiguration::MultiFactorWithUserVerification)
    }
}

/// `UserVerification` (`UserVerificationType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UserVerification {
    Required,
    Preferred,
}

impl UserVerification {
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "required" => Some(Self::Required),
            "preferred" => Some(Self::Preferred),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::Preferred => "preferred",
        }
    }
}

/// `FactorConfiguration` (`WebAuthnFactorConfigurationType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WebAuthnFactorConfiguration {
    SingleFactor,
    MultiFactorWithUserVerification,
}

impl WebAuthnFactorConfiguration {
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "SINGLE_FACTOR" => Some(Self::SingleFactor),
            "MULTI_FACTOR_WITH_USER_VERIFICATION" => Some(Self::MultiFactorWithUserVerification),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::SingleFactor => "SINGLE_FACTOR",
            Self::MultiFactorWithUserVerification => "MULTI_FACTOR_WITH_USER_VERIFICATION",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AppClient {
    pub id: String,
    pub name: String,
    pub explicit_auth_flows: Vec<String>,
    /// RefreshTokenRotation (off unless set; state files from before it load as off).
    #[serde(default)]
    pub refresh_token_rotation: RefreshTokenRotation,
    /// AccessTokenValidity, IdTokenValidity, RefreshTokenValidity with their TokenValidityUnits.
    #[serde(default)]
    pub token_validity: TokenValidity,
    /// PreventUserExistenceErrors ENABLED (true) or LEGACY (false, the API's default): whether an
    /// unknown user name gets the answers a real user would (a decoy sign-in, a simulated code
    /// delivery) or UserNotFoundException. A state file from before the setting loads as
    /// ENABLED, how the stand-in answered every client then.
    #[serde(default = "yes")]
    pub prevent_user_existence_errors: bool,
    /// The OAuth 2.0 settings (`AllowedOAuthFlows`, …) the pool's domain serves the client by.
    #[serde(default)]
    pub oauth: OAuthSettings,
    #[serde(default)]
    pub created: f64,
    #[serde(default)]
    pub modified: f64,
}

/// An app client's OAuth settings (CreateUserPoolClient, UpdateUserPoolClient).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OAuthSettings {
    /// `AllowedOAuthFlowsUserPoolClient`: the other settings apply only with it.
    pub enabled: bool,
    /// `AllowedOAuthFlows`: `code`, `implicit`.
    pub flows: Vec<String>,
    /// `AllowedOAuthScopes`.
    pub scopes: Vec<String>,
    /// `CallbackURLs`, `LogoutURLs`, `DefaultRedirectURI`.
    pub callback_urls: Vec<String>,
    pub logout_urls: Vec<String>,
    pub default_redirect_uri: Option<String>,
    /// `SupportedIdentityProviders`: `COGNITO` and the pool's identity providers' names.
    pub identity_providers: Vec<String>,
}

/// An app client's RefreshTokenRotation: with it, GetTokensFromRefreshToken hands out a new
/// refresh token and the one presented stops working `retry_grace_period_seconds` (0 … 60) later
/// (<https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RefreshTokenRotationType.html>).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefreshTokenRotation {
    pub enabled: bool,
    pub retry_grace_period_seconds: i64,
}

/// TokenValidityUnits' values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TimeUnit {
    Seconds,
    Minutes,
    Hours,
    Days,
}

impl TimeUnit {
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "seconds" => Some(Self::Seconds),
            "minutes" => Some(Self::Minutes),
            "hours" => Some(Self::Hours),
            "days" => Some(Self::Days),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Seconds => "seconds",
            Self::Minutes => "minutes",
            Self::Hours => "hours",
            Self::Days => "days",
        }
    }

    fn seconds(self) -> i64 {
        match self {
            Self::Seconds => 1,
            Self::Minutes => 60,
            Self::Hours => 3600,
            Self::Days => 86_400,
        }
    }
}

/// A token lifetime as an app client states it: a number and its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validity {
    pub value: i64,
    pub unit: TimeUnit,
}

impl Validity {
    /// The lifetime in seconds (saturating: a value is range-checked only after this).
    pub fn seconds(self) -> i64 {
        self.value.saturating_mul(self.unit.seconds())
    }
}

/// How long an app client's tokens live. Cognito's defaults: access and id tokens 60 minutes,
/// refresh tokens 30 days
/// (<https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_TokenValidityUnitsType.html>).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenValidity {
    pub access: Validity,
    pub id: Validity,
    pub refresh: Validity,
}

impl Default for TokenValidity {
    fn default() -> Self {
        let minutes_60 = Validity {
            value: 60,
            unit: TimeUnit::Minutes,
        };
        Self {
            access: minutes_60,
            id: minutes_60,
            refresh: Validity {
                value: 30,
                unit: TimeUnit::Days,
            },
        }
    }
}

impl AppClient {
    /// Whether `flow` (e.g. `USER_SRP_AUTH`) is allowed, as Cognito reads ExplicitAuthFlows.
    pub fn allows(&self, flow: &str) -> bool {
        if self.explicit_auth_flows.is_empty() {
            // Cognito's default for a client created without ExplicitAuthFlows.
            return matches!(flow, "USER_SRP_AUTH" | "REFRESH_TOKEN_AUTH" | "CUSTOM_AUTH");
        }
        let allow = format!("ALLOW_{flow}");
        let legacy = match flow {
            "USER_PASSWORD_AUTH" => "USER_PASSWORD_AUTH",
            "CUSTOM_AUTH" => "CUSTOM_AUTH_FLOW_ONLY",
            _ => "",
        };
        self.explicit_auth_flows
            .iter()
            .any(|f| *f == allow || (!legacy.is_empty() && f == legacy))
            || (flow == "REFRESH_TOKEN_AUTH") // Cognito always allows refresh
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum UserStatus {
    Unconfirmed,
    Confirmed,
    ForceChangePassword,
    ResetRequired,
}

impl UserStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unconfirmed => "UNCONFIRMED",
            Self::Confirmed => "CONFIRMED",
            Self::ForceChangePassword => "FORCE_CHANGE_PASSWORD",
            Self::ResetRequired => "RESET_REQUIRED",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct User {
    pub username: String,
    pub sub: String,
    pub attributes: BTreeMap<String, String>,
    pub status: UserStatus,
    pub enabled: bool,
    /// SRP salt and verifier v = g^x: the password itself is never kept.
    pub salt_hex: String,
    pub verifier_hex: String,
    pub mfa: UserMfa,
    /// Tokens issued before this (Unix seconds) are void: GlobalSignOut, password changes.
    pub tokens_valid_after: i64,
    pub created: f64,
    pub modified: f64,
    /// The outstanding sign-up confirmation and password-reset codes, at most one each.
    #[serde(default)]
    pub pending_codes: Vec<PendingCode>,
    /// When codes were sent or answered wrong (Unix seconds, by purpose), for the hourly limit
    /// (`service::codes`); only the last hour is kept.
    #[serde(default)]
    pub code_attempts: Vec<(CodePurpose, i64)>,
    /// A state file from before each purpose had its own code: read into `pending_codes`.
    #[serde(default, skip_serializing)]
    pub pending_code: Option<PendingCode>,
    /// The user's device group key (what device SRP hashes in place of the pool name).
    #[serde(default)]
    pub device_group_key: Option<String>,
    #[serde(default)]
    pub devices: Vec<Device>,
    /// Passkeys registered with CompleteWebAuthnRegistration.
    #[serde(default)]
    pub passkeys: Vec<Passkey>,
    /// New values of `email` / `phone_number` waiting for their code, where the pool keeps the
    /// old value until then (`AttributesRequireVerificationBeforeUpdate`).
    #[serde(default)]
    pub pending_attributes: BTreeMap<String, String>,
}

/// A registered passkey (WebAuthn public-key credential): what sign-in needs to verify its
/// assertions, and what ListWebAuthnCredentials shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Passkey {
    /// The credential id, base64url without padding (as `rawId` and `CredentialId` carry it).
    pub credential_id: String,
    /// The credential public key: the COSE_Key bytes of the attested credential data, base64url.
    pub public_key: String,
    /// Its COSE algorithm: -7 (ES256) or -257 (RS256).
    pub alg: i64,
    /// The authenticator's signature counter last seen (0: the authenticator keeps none).
    pub sign_count: u32,
    /// `response.transports` at registration (`usb`, `nfc`, `ble`, `hybrid`, `internal`, …).
    #[serde(default)]
    pub transports: Vec<String>,
    /// `authenticatorAttachment` at registration: `platform` or `cross-platform`.
    #[serde(default)]
    pub attachment: Option<String>,
    pub friendly_name: String,
    /// The relying party id it was registered for.
    pub rp_id: String,
    pub created: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Device {
    pub key: String,
    pub name: Option<String>,
    /// Set by ConfirmDevice: the device's own SRP salt and verifier.
    pub salt_hex: Option<String>,
    pub verifier_hex: Option<String>,
    pub remembered: bool,
    pub created: f64,
    pub modified: f64,
    pub last_authenticated: f64,
}

impl Device {
    pub fn confirmed(&self) -> bool {
        self.verifier_hex.is_some()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingCode {
    pub purpose: CodePurpose,
    pub code: String,
    pub expires_at: i64,
    /// Wrong answers so far (see `service::codes`).
    #[serde(default)]
    pub wrong_guesses: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CodePurpose {
    ConfirmSignUp,
    ResetPassword,
    /// GetUserAttributeVerificationCode / UpdateUserAttributes for `email`, and for
    /// `phone_number`: VerifyUserAttribute takes it.
    VerifyEmail,
    VerifyPhone,
}

impl CodePurpose {
    /// The attribute a verification code is for.
    pub fn verifies(self) -> Option<&'static str> {
        match self {
            Self::VerifyEmail => Some("email"),
            Self::VerifyPhone => Some("phone_number"),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct UserMfa {
    /// The verified TOTP secret (base32), once VerifySoftwareToken succeeded.
    pub totp_secret: Option<String>,
    /// Associated but not yet verified.
    pub pending_totp_secret: Option<String>,
    pub totp_enabled: bool,
    pub sms_enabled: bool,
    pub email_enabled: bool,
    /// `SOFTWARE_TOKEN_MFA`, `SMS_MFA` or `EMAIL_OTP`.
    pub preferred: Option<String>,
    /// The last TOTP step accepted: a code of this step or earlier is not accepted again.
    pub last_totp_step: Option<u64>,
    /// Passkey MFA (`WebAuthnMfaSettings.Enabled`): a passkey sign-in with user verification
    /// stands in for the second factor, where the pool allows it ([`WebAuthnConfig::passkey_mfa`]).
    #[serde(default)]
    pub webauthn_enabled: bool,
}

impl User {
    pub fn email(&self) -> Option<&str> {
        self.attributes.get("email").map(String::as_str)
    }
    pub fn phone(&self) -> Option<&str> {
        self.attributes.get("phone_number").map(String::as_str)
    }
    /// Whether the user has a password (every user the stand-in creates has one).
    pub fn has_password(&self) -> bool {
        !self.verifier_hex.is_empty()
    }
    /// Whether the user has an email address marked verified (`email_verified: true`).
    pub fn verified_email(&self) -> Option<&str> {
        self.email()
            .filter(|_| self.attributes.get("email_verified").map(String::as_str) == Some("true"))
    }
    /// Whether the user has a phone number marked verified (`phone_number_verified: true`).
    pub fn verified_phone(&self) -> Option<&str> {
        self.phone().filter(|_| {
            self.attributes
                .get("phone_number_verified")
                .map(String::as_str)
                == Some("true")
        })
    }
    /// Whether a passkey sign-in (with user verification) is this user's MFA in `pool`: the
    /// pool allows passkey MFA and the user turned it on (API_WebAuthnMfaSettingsType: "When
    /// activated, the user's passkey authentication requires user verification, and passkey
    /// sign-in is available when MFA is required").
    pub fn passkey_counts_as_mfa(&self, pool: &Pool) -> bool {
        pool.web_authn.passkey_mfa() && self.mfa.webauthn_enabled
    }
    /// Whether this user's sign-in must satisfy MFA in `pool`: MFA required in the pool, or a
    /// second factor on.
    pub fn needs_mfa(&self, pool: &Pool) -> bool {
        pool.mfa == MfaConfiguration::On || !self.active_mfa(pool).is_empty()
    }
    /// The MFA methods this user can be challenged with in `pool`, in Cognito's order.
    pub fn active_mfa(&self, pool: &Pool) -> Vec<&'static str> {
        let mut out = Vec::new();
        if pool.sms_mfa && self.mfa.sms_enabled && self.phone().is_some() {
            out.push("SMS_MFA");
        }
        if pool.totp_mfa && self.mfa.totp_enabled && self.mfa.totp_secret.is_some() {
            out.push("SOFTWARE_TOKEN_MFA");
        }
        if pool.email_mfa && self.mfa.email_enabled && self.email().is_some() {
            out.push("EMAIL_OTP");
        }
        out
    }
}

impl Pool {
    /// Finds a user by username, else by `sub`, else by email (case-insensitive). Where two
    /// records share an email, the one that owns it wins, never a newer one that merely names it:
    /// a confirmed user with that email verified first, then the earliest created (a sign-up
    /// naming someone else's email must not take over their sign-in, reset or codes). Where
    /// email is not the user name, an email signs in only once verified, as an alias does
    /// (developer guide, "User pool attributes": aliases).
    pub fn find_user(&self, name: &str) -> Option<&User> {
        if let Some(user) = self.users.get(name) {
            return Some(user);
        }
        if let Some(user) = self.users.values().find(|u| u.sub == name) {
            return Some(user);
        }
        if name.starts_with('+') {
            return self.find_by_phone(name);
        }
        if self.alias("preferred_username")
            && let Some(user) = self.users.values().find(|u| {
                u.attributes
                    .get("preferred_username")
                    .is_some_and(|p| p.eq_ignore_ascii_case(name))
            })
        {
            return Some(user);
        }
        if !(self.email_as_username || self.alias("email")) {
            return None;
        }
        self.users
            .values()
            .filter(|u| u.email().is_some_and(|e| e.eq_ignore_ascii_case(name)))
            .filter(|u| self.email_as_username || u.verified_email().is_some())
            .min_by(|a, b| {
                let owns =
                    |u: &User| !(u.status == UserStatus::Confirmed && u.verified_email().is_some());
                owns(a)
                    .cmp(&owns(b))
                    .then(a.created.total_cmp(&b.created))
                    .then(a.username.cmp(&b.username))
            })
    }
    /// Whether `attribute` is one of the pool's aliases.
    pub fn alias(&self, attribute: &str) -> bool {
        self.alias_attributes.iter().any(|a| a == attribute)
    }

    /// The user a phone number signs in as: where it is the user name, whoever has it (the one
    /// that owns it first, as with emails); as an alias, whoever has it verified.
    fn find_by_phone(&self, phone: &str) -> Option<&User> {
        if self.phone_as_username {
            return self
                .users
                .values()
                .filter(|u| u.phone() == Some(phone))
                .min_by(|a, b| {
                    let owns = |u: &User| {
                        !(u.status == UserStatus::Confirmed && u.verified_phone().is_some())
                    };
                    owns(a).cmp(&owns(b)).then(a.created.total_cmp(&b.created))
                });
        }
        if !self.alias("phone_number") {
            return None;
        }
        self.users
            .values()
            .find(|u| u.verified_phone() == Some(phone))
    }

    /// Whether user names are generated (a UUID) because email or a phone number stands in.
    pub fn attributes_as_username(&self) -> bool {
        self.email_as_username || self.phone_as_username
    }

    pub fn find_username(&self, name: &str) -> Option<String> {
        self.find_user(name).map(|u| u.username.clone())
    }
}

impl Store {
    pub fn load(path: &Path) -> std::io::Result<Option<Self>> {
        let mut store: Option<Self> = match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| {
                std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("{}: {e}", path.display()),
                )
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }?;
        // Older state files: one code for both purposes.
        for user in store
            .iter_mut()
            .flat_map(|s| s.pools.values_mut())
            .flat_map(|p| p.users.values_mut())
        {
            if let Some(code) = user.pending_code.take() {
                user.pending_codes.push(code);
            }
        }
        Ok(store)
    }

    /// Writes the store to `path` atomically and privately: a new temporary file with a unique
    /// name in the same directory (mode 0600 on Unix: it holds the RSA signing key and TOTP
    /// secrets), written and fsynced, renamed over `path`, then the directory fsynced. A crash
    /// never leaves half a file, two writers never share a temporary file, and an existing file
    /// with looser permissions is replaced by a 0600 one. Callers serialise writes (the service
    /// saves while holding its lock) so an older snapshot never lands after a newer one.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        write_private_atomically(path, &json)
    }
}

/// See [`Store::save`].
pub fn write_private_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "state".into());
    let tmp = dir.join(format!(
        ".{name}.{}.{}.tmp",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    ));
    let result = (|| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt as _;
            options.mode(0o600);
        }
        let mut file = options.open(&tmp)?;
        #[cfg(unix)]
        {
            // The umask can only remove bits from 0600, but say it outright.
            use std::os::unix::fs::PermissionsExt as _;
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
        return result;
    }
    // Make the rename itself durable. Not every platform or file system can fsync a directory.
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pool_saved_before_sign_in_policies_allows_the_password_only() {
        let pool: Pool = serde_json::from_value(serde_json::json!({
            "id": "us-east-1_Old", "name": "Old", "mfa": "OFF", "totp_mfa": false,
            "sms_mfa": false, "email_mfa": false, "email_as_username": true,
            "clients": {}, "users": {}, "created": 0.0,
        }))
        .expect("an old state file's pool loads");
        assert_eq!(pool.allowed_first_auth_factors, vec![AuthFactor::Password]);
        assert_eq!(
            pool.web_authn,
            WebAuthnConfig::default(),
            "no relying party"
        );
        let saved = serde_json::to_value(&pool).expect("serialises");
        assert_eq!(
            saved["allowed_first_auth_factors"],
            serde_json::json!(["PASSWORD"])
        );
    }

    #[test]
    fn a_user_saved_before_passkeys_has_none() {
        let user: User = serde_json::from_value(serde_json::json!({
            "username": "ann", "sub": "s", "attributes": {}, "status": "CONFIRMED",
            "enabled": true, "salt_hex": "01", "verifier_hex": "02", "mfa": UserMfa::default(),
            "tokens_valid_after": 0, "created": 0.0, "modified": 0.0,
        }))
        .expect("an old state file's user loads");
        assert!(user.passkeys.is_empty());
    }

    #[test]
    fn a_client_saved_before_rotation_and_validity_existed_loads_with_cognitos_defaults() {
        let client: AppClient = serde_json::from_value(serde_json::json!({
            "id": "old", "name": "web", "explicit_auth_flows": ["ALLOW_USER_SRP_AUTH"],
        }))
        .expect("an old state file's client loads");
        assert_eq!(
            client.refresh_token_rotation,
            RefreshTokenRotation::default()
        );
        assert!(!client.refresh_token_rotation.enabled);
        assert_eq!(client.token_validity.access.seconds(), 3600);
        assert_eq!(client.token_validity.id.seconds(), 3600);
        assert_eq!(client.token_validity.refresh.seconds(), 30 * 86_400);
    }

    fn temp_dir(label: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "local-cognito-store-{label}-{}-{}",
            std::process::id(),
            uuid::Uuid::new_v4().simple()
        ));
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    #[cfg(unix)]
    #[test]
    fn save_replaces_a_world_readable_file_with_a_private_one() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = temp_dir("perms");
        let path = dir.join("state.json");
        std::fs::write(&path, b"{}").expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        Store::default().save(&path).expect("save");
        let mode = std::fs::metadata(&path).expect("stat").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "state file mode {mode:o}");
        // A fresh file too.
        let fresh = dir.join("fresh.json");
        Store::default().save(&fresh).expect("save");
        let mode = std::fs::metadata(&fresh)
            .expect("stat")
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600, "fresh state file mode {mode:o}");
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn concurrent_saves_never_share_a_temporary_file_or_leave_one_behind() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicBool, Ordering};
        let dir = temp_dir("race");
        let path = dir.join("state.json");
        // Contents of different lengths, and a reader all along: a save that truncated and
        // rewrote in place would show it a short or mixed file.
        let writing = Arc::new(AtomicBool::new(true));
        let reader = {
            let (path, writing) = (path.clone(), writing.clone());
            std::thread::spawn(move || {
                let mut reads = 0;
                while writing.load(Ordering::Relaxed) {
                    if let Err(e) = Store::load(&path) {
                        panic!("a reader saw a half-written state file: {e}");
                    }
                    reads += 1;
                }
                reads
            })
        };
        let threads: Vec<_> = (0..8)
            .map(|i| {
                let path = path.clone();
                std::thread::spawn(move || {
                    // Stores of different sizes, told apart by their pool's signing key.
                    let pool: Pool = serde_json::from_value(serde_json::json!({
                        "id": "us-east-1_P", "name": "P", "mfa": "OFF", "totp_mfa": false,
                        "sms_mfa": false, "email_mfa": false, "email_as_username": true,
                        "clients": {}, "users": {}, "created": 0.0,
                        "signing_key": format!("key-{i}-{}", "x".repeat(i * 4000)),
                    }))
                    .expect("a pool");
                    let store = Store {
                        pools: [("us-east-1_P".to_owned(), pool)].into(),
                        ..Store::default()
                    };
                    for _ in 0..20 {
                        store.save(&path).expect("every save succeeds");
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().expect("no writer panicked");
        }
        writing.store(false, Ordering::Relaxed);
        let reads = reader.join().expect("every read found a whole file");
        assert!(reads > 0);
        let loaded = Store::load(&path).expect("readable").expect("present");
        assert!(
            loaded.pools["us-east-1_P"]
                .signing_key
                .as_ref()
                .is_some_and(|k| k.starts_with("key-"))
        );
        let left: Vec<_> = std::fs::read_dir(&dir)
            .expect("list")
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert_eq!(
            left,
            vec![std::ffi::OsString::from("state.json")],
            "{left:?}"
        );
        let _ = std::fs::remove_dir_all(dir);
    }
}

//! One request and one response type per Cognito operation, named and shaped as on the wire
//! (`cognito_api.json`). Optional members are left out rather than sent as `null`.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Secret;

/// Ties a request to its operation name and response type.
pub trait Operation: Serialize {
    const NAME: &'static str;
    type Output: DeserializeOwned;
}

macro_rules! operation {
    ($req:ty => $name:literal, $out:ty) => {
        impl Operation for $req {
            const NAME: &'static str = $name;
            type Output = $out;
        }
    };
}

/// For operations that answer `{}`: accepts any JSON object.
#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize)]
pub struct Empty {}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AuthFlow {
    UserSrpAuth,
    UserPasswordAuth,
    RefreshTokenAuth,
    /// Choice-based sign-in: a password (SRP or plain), a one-time code, or a passkey.
    UserAuth,
}

/// A challenge name; unknown names are kept, so a new Cognito challenge never breaks parsing.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ChallengeName {
    PasswordVerifier,
    SoftwareTokenMfa,
    SmsMfa,
    EmailOtp,
    MfaSetup,
    SelectMfaType,
    NewPasswordRequired,
    DeviceSrpAuth,
    DevicePasswordVerifier,
    /// USER_AUTH: pick a first factor from AvailableChallenges.
    SelectChallenge,
    /// USER_AUTH's one-time code by text message (by email it is EMAIL_OTP, as for MFA).
    SmsOtp,
    Password,
    PasswordSrp,
    WebAuthn,
    Unknown(String),
}

impl ChallengeName {
    pub fn as_str(&self) -> &str {
        match self {
            Self::PasswordVerifier => "PASSWORD_VERIFIER",
            Self::SoftwareTokenMfa => "SOFTWARE_TOKEN_MFA",
            Self::SmsMfa => "SMS_MFA",
            Self::EmailOtp => "EMAIL_OTP",
            Self::MfaSetup => "MFA_SETUP",
            Self::SelectMfaType => "SELECT_MFA_TYPE",
            Self::NewPasswordRequired => "NEW_PASSWORD_REQUIRED",
            Self::DeviceSrpAuth => "DEVICE_SRP_AUTH",
            Self::DevicePasswordVerifier => "DEVICE_PASSWORD_VERIFIER",
            Self::SelectChallenge => "SELECT_CHALLENGE",
            Self::SmsOtp => "SMS_OTP",
            Self::Password => "PASSWORD",
            Self::PasswordSrp => "PASSWORD_SRP",
            Self::WebAuthn => "WEB_AUTHN",
            Self::Unknown(s) => s,
        }
    }
}

impl From<&str> for ChallengeName {
    fn from(s: &str) -> Self {
        match s {
            "PASSWORD_VERIFIER" => Self::PasswordVerifier,
            "SOFTWARE_TOKEN_MFA" => Self::SoftwareTokenMfa,
            "SMS_MFA" => Self::SmsMfa,
            "EMAIL_OTP" => Self::EmailOtp,
            "MFA_SETUP" => Self::MfaSetup,
            "SELECT_MFA_TYPE" => Self::SelectMfaType,
            "NEW_PASSWORD_REQUIRED" => Self::NewPasswordRequired,
            "DEVICE_SRP_AUTH" => Self::DeviceSrpAuth,
            "DEVICE_PASSWORD_VERIFIER" => Self::DevicePasswordVerifier,
            "SELECT_CHALLENGE" => Self::SelectChallenge,
            "SMS_OTP" => Self::SmsOtp,
            "PASSWORD" => Self::Password,
            "PASSWORD_SRP" => Self::PasswordSrp,
            "WEB_AUTHN" => Self::WebAuthn,
            other => Self::Unknown(other.to_owned()),
        }
    }
}

impl Serialize for ChallengeName {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ChallengeName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self::from(String::deserialize(d)?.as_str()))
    }
}

// ---- InitiateAuth / RespondToAuthChallenge ----

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InitiateAuth {
    pub auth_flow: AuthFlow,
    pub client_id: String,
    pub auth_parameters: BTreeMap<String, Secret>,
}
operation!(InitiateAuth => "InitiateAuth", AuthResponse);

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RespondToAuthChallenge {
    pub client_id: String,
    pub challenge_name: ChallengeName,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<Secret>,
    pub challenge_responses: BTreeMap<String, Secret>,
}
operation!(RespondToAuthChallenge => "RespondToAuthChallenge", AuthResponse);

/// The output of InitiateAuth and RespondToAuthChallenge.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthResponse {
    pub challenge_name: Option<ChallengeName>,
    pub session: Option<Secret>,
    #[serde(default)]
    pub challenge_parameters: BTreeMap<String, String>,
    pub authentication_result: Option<AuthenticationResult>,
    #[serde(default)]
    pub available_challenges: Vec<ChallengeName>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthenticationResult {
    pub access_token: Option<Secret>,
    pub id_token: Option<Secret>,
    pub refresh_token: Option<Secret>,
    pub expires_in: Option<i64>,
    pub token_type: Option<String>,
    pub new_device_metadata: Option<NewDeviceMetadata>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NewDeviceMetadata {
    pub device_key: Option<String>,
    pub device_group_key: Option<String>,
}

/// Fresh tokens for a refresh token: Cognito's current refresh API, which rotates the refresh
/// token when the app client has rotation on and returns id + access tokens only when it has not
/// (botocore model; AWS API reference "GetTokensFromRefreshToken").
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetTokensFromRefreshToken {
    pub refresh_token: Secret,
    pub client_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_key: Option<String>,
}
operation!(GetTokensFromRefreshToken => "GetTokensFromRefreshToken", RefreshedTokens);

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RefreshedTokens {
    pub authentication_result: Option<AuthenticationResult>,
}

// ---- Software token (TOTP) ----

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateSoftwareToken {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<Secret>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<Secret>,
}
operation!(AssociateSoftwareToken => "AssociateSoftwareToken", AssociateSoftwareTokenResponse);

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateSoftwareTokenResponse {
    pub secret_code: Option<Secret>,
    pub session: Option<Secret>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifySoftwareToken {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<Secret>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<Secret>,
    pub user_code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub friendly_device_name: Option<String>,
}
operation!(VerifySoftwareToken => "VerifySoftwareToken", VerifySoftwareTokenResponse);

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifySoftwareTokenResponse {
    pub status: Option<String>,
    pub session: Option<Secret>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MfaSettings {
    pub enabled: bool,
    pub preferred_mfa: bool,
}

/// Only the settings that are `Some` are sent, so changing TOTP never touches SMS (a user
/// without a phone number can still change MFA).
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SetUserMfaPreference {
    pub access_token: Secret,
    #[serde(rename = "SMSMfaSettings", skip_serializing_if = "Option::is_none")]
    pub sms_mfa_settings: Option<MfaSettings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub software_token_mfa_settings: Option<MfaSettings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_mfa_settings: Option<MfaSettings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub web_authn_mfa_settings: Option<WebAuthnMfaSettings>,
}

/// Passkey MFA: on or off, never preferred (`WebAuthnMfaSettingsType` has no PreferredMfa).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct WebAuthnMfaSettings {
    pub enabled: bool,
}
operation!(SetUserMfaPreference => "SetUserMFAPreference", Empty);

// ---- User and sign-out ----

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetUser {
    pub access_token: Secret,
}
operation!(GetUser => "GetUser", GetUserResponse);

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetUserResponse {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub user_attributes: Vec<AttributeType>,
    pub preferred_mfa_setting: Option<String>,
    #[serde(default, rename = "UserMFASettingList")]
    pub user_mfa_setting_list: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeType {
    pub name: String,
    #[serde(default)]
    pub value: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RevokeToken {
    pub token: Secret,
    pub client_id: String,
}
operation!(RevokeToken => "RevokeToken", Empty);

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GlobalSignOut {
    pub access_token: Secret,
}
operation!(GlobalSignOut => "GlobalSignOut", Empty);

// ---- Account lifecycle: sign-up, confirmation, password reset and change ----

/// Where Cognito sent a code (`CodeDeliveryDetails`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CodeDeliveryDetails {
    pub destination: Option<String>,
    pub delivery_medium: Option<String>,
    pub attribute_name: Option<String>,
}

/// The answer of the operations that send a code.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CodeSentResponse {
    pub code_delivery_details: Option<CodeDeliveryDetails>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SignUp {
    pub client_id: String,
    pub username: String,
    /// Cognito's API takes the new password itself (over TLS); only sign-in uses SRP.
    pub password: Secret,
    pub user_attributes: Vec<AttributeType>,
}
operation!(SignUp => "SignUp", SignUpResponse);

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SignUpResponse {
    #[serde(default)]
    pub user_confirmed: bool,
    pub code_delivery_details: Option<CodeDeliveryDetails>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmSignUp {
    pub client_id: String,
    pub username: String,
    pub confirmation_code: Secret,
}
operation!(ConfirmSignUp => "ConfirmSignUp", Empty);

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResendConfirmationCode {
    pub client_id: String,
    pub username: String,
}
operation!(ResendConfirmationCode => "ResendConfirmationCode", CodeSentResponse);

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ForgotPassword {
    pub client_id: String,
    pub username: String,
}
operation!(ForgotPassword => "ForgotPassword", CodeSentResponse);

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmForgotPassword {
    pub client_id: String,
    pub username: String,
    pub confirmation_code: Secret,
    pub password: Secret,
}
operation!(ConfirmForgotPassword => "ConfirmForgotPassword", Empty);

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChangePassword {
    pub previous_password: Secret,
    pub proposed_password: Secret,
    pub access_token: Secret,
}
operation!(ChangePassword => "ChangePassword", Empty);

// ---- The user's own profile: contacts and their codes, deleting the account ----

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateUserAttributes {
    pub user_attributes: Vec<AttributeType>,
    pub access_token: Secret,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateUserAttributesResponse {
    #[serde(default)]
    pub code_delivery_details_list: Vec<CodeDeliveryDetails>,
}
operation!(UpdateUserAttributes => "UpdateUserAttributes", UpdateUserAttributesResponse);

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetUserAttributeVerificationCode {
    pub access_token: Secret,
    pub attribute_name: String,
}
operation!(GetUserAttributeVerificationCode => "GetUserAttributeVerificationCode", CodeSentResponse);

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifyUserAttribute {
    pub access_token: Secret,
    pub attribute_name: String,
    pub code: Secret,
}
operation!(VerifyUserAttribute => "VerifyUserAttribute", Empty);

// ---- Where the user is signed in (API reference, ListUserSessions / RevokeUserSession; no SDK
// model we could read has them yet, so `tests/wire.rs` cannot check these two against one) ----

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListUserSessions {
    pub access_token: Secret,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}
operation!(ListUserSessions => "ListUserSessions", ListUserSessionsResponse);

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListUserSessionsResponse {
    #[serde(default)]
    pub sessions: Vec<SessionDescriptionType>,
    pub next_token: Option<String>,
}

/// Every member optional, as the API reference has them.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SessionDescriptionType {
    pub session_id: Option<String>,
    pub client_id: Option<String>,
    /// Seconds since the epoch (the JSON protocol's timestamps).
    pub create_date: Option<f64>,
    pub last_active_date: Option<f64>,
    /// "derived from the parsed user agent (operating system and browser or app) … The value can
    /// be `unknown`."
    pub device_type: Option<String>,
    #[serde(default)]
    pub is_current_session: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RevokeUserSession {
    pub access_token: Secret,
    pub session_id: String,
}
operation!(RevokeUserSession => "RevokeUserSession", Empty);

/// Empties the user's own attributes (a value left blank in "Your details").
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteUserAttributes {
    pub user_attribute_names: Vec<String>,
    pub access_token: Secret,
}
operation!(DeleteUserAttributes => "DeleteUserAttributes", Empty);

/// DeleteUser has no output shape: Cognito answers an empty body, read as `{}`.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteUser {
    pub access_token: Secret,
}
operation!(DeleteUser => "DeleteUser", Empty);

// ---- Remembered devices ----

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeviceSecretVerifierConfig {
    pub password_verifier: String,
    pub salt: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmDevice {
    pub access_token: Secret,
    pub device_key: String,
    pub device_secret_verifier_config: DeviceSecretVerifierConfig,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_name: Option<String>,
}
operation!(ConfirmDevice => "ConfirmDevice", ConfirmDeviceResponse);

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmDeviceResponse {
    pub user_confirmation_necessary: Option<bool>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateDeviceStatus {
    pub access_token: Secret,
    pub device_key: String,
    /// `remembered` or `not_remembered`.
    pub device_remembered_status: &'static str,
}
operation!(UpdateDeviceStatus => "UpdateDeviceStatus", Empty);

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListDevices {
    pub access_token: Secret,
    /// Cognito's maximum page (60).
    pub limit: u32,
}
operation!(ListDevices => "ListDevices", ListDevicesResponse);

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListDevicesResponse {
    #[serde(default)]
    pub devices: Vec<DeviceType>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeviceType {
    pub device_key: Option<String>,
    #[serde(default)]
    pub device_attributes: Vec<AttributeType>,
    /// Seconds since the epoch (the JSON protocol's timestamps).
    pub device_last_authenticated_date: Option<f64>,
    pub device_create_date: Option<f64>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ForgetDevice {
    pub access_token: Secret,
    pub device_key: String,
}
operation!(ForgetDevice => "ForgetDevice", Empty);

// ---- Passkeys (WebAuthn) ----

/// A new passkey's creation options for the signed-in user.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StartWebAuthnRegistration {
    pub access_token: Secret,
}
operation!(StartWebAuthnRegistration => "StartWebAuthnRegistration", StartWebAuthnRegistrationResponse);

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StartWebAuthnRegistrationResponse {
    /// `PublicKeyCredentialCreationOptionsJSON`, an object (not a string).
    pub credential_creation_options: serde_json::Value,
}

/// The browser's answer to those options (`RegistrationResponseJSON`, an object).
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CompleteWebAuthnRegistration {
    pub access_token: Secret,
    pub credential: serde_json::Value,
}
operation!(CompleteWebAuthnRegistration => "CompleteWebAuthnRegistration", Empty);

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListWebAuthnCredentials {
    pub access_token: Secret,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_results: Option<u32>,
}
operation!(ListWebAuthnCredentials => "ListWebAuthnCredentials", ListWebAuthnCredentialsResponse);

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListWebAuthnCredentialsResponse {
    #[serde(default)]
    pub credentials: Vec<WebAuthnCredential>,
    pub next_token: Option<String>,
}

/// One passkey as ListWebAuthnCredentials describes it. `AuthenticatorTransports` is required
/// in the model but missing from AWS's own CLI example (aws/aws-cli
/// awscli/examples/cognito-idp/list-web-authn-credentials.rst): optional here.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct WebAuthnCredential {
    pub credential_id: String,
    #[serde(default)]
    pub friendly_credential_name: String,
    #[serde(default)]
    pub relying_party_id: String,
    pub authenticator_attachment: Option<String>,
    #[serde(default)]
    pub authenticator_transports: Vec<String>,
    /// Epoch seconds, fractional.
    #[serde(default)]
    pub created_at: f64,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteWebAuthnCredential {
    pub access_token: Secret,
    pub credential_id: String,
}
operation!(DeleteWebAuthnCredential => "DeleteWebAuthnCredential", Empty);

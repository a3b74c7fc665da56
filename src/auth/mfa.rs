//! A signed-in user's MFA factors: which are on, which is preferred, and one change at a time
//! sent as a SetUserMFAPreference that carries only the settings it changes.

use std::collections::BTreeMap;

use super::{AuthError, AuthService, ErrorKey, Failure, Tokens};
use crate::cognito::ops::{self, MfaSettings, WebAuthnMfaSettings};
use crate::cognito::{CognitoError, Transport};
use crate::config::SignInName;

/// A second factor Cognito can ask for after the password.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MfaFactor {
    AuthenticatorApp,
    Sms,
    Email,
}

impl MfaFactor {
    pub const ALL: [Self; 3] = [Self::AuthenticatorApp, Self::Sms, Self::Email];

    /// The name in GetUser's `UserMFASettingList` and `PreferredMfaSetting`.
    pub fn wire_name(self) -> &'static str {
        match self {
            Self::AuthenticatorApp => "SOFTWARE_TOKEN_MFA",
            Self::Sms => "SMS_MFA",
            Self::Email => "EMAIL_OTP",
        }
    }

    pub fn from_wire(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.wire_name() == name)
    }
}

/// What GetUser says about the user and their MFA.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserProfile {
    pub username: String,
    pub email: Option<String>,
    /// SMS codes need one (Cognito refuses SMS MFA without it).
    pub phone_number: Option<String>,
    /// `email_verified`, `phone_number_verified`: codes and aliases reach only verified ones.
    pub email_verified: bool,
    pub phone_verified: bool,
    /// The factors that are on ("UserMFASettingList": only activated ones, AWS API reference).
    pub enabled: Vec<MfaFactor>,
    pub preferred: Option<MfaFactor>,
    /// Passkey MFA is on: a passkey that verifies the user signs in without a code.
    pub passkey_mfa: bool,
    /// Every attribute GetUser returned with a value, by name ("Your details" reads its
    /// fields from here).
    pub attributes: BTreeMap<String, String>,
}

impl UserProfile {
    pub fn is_on(&self, factor: MfaFactor) -> bool {
        self.enabled.contains(&factor)
    }
    /// How the user is named to them, and signs in: their user name where the pool has them
    /// (`kind.username`; where email or phone stand in for one, it is a generated id), else
    /// their email, else their phone number.
    pub fn display_name(&self, kind: &SignInName) -> &str {
        if kind.username {
            return &self.username;
        }
        let phone = self.phone_number.as_deref();
        let email = self.email.as_deref();
        let first = if kind.phone_only() {
            phone.or(email)
        } else {
            email.or(phone)
        };
        first.unwrap_or(&self.username)
    }
}

/// GetUser's `UserMFASettingList` entry for passkey MFA. Not in the API reference's list of
/// values; what Cognito answers (observed by radubc/dolphin_web_admin, `docs/auth.md`), and what
/// local-cognito answers.
pub const PASSKEY_MFA_WIRE_NAME: &str = "WEB_AUTHN_MFA";

/// One change a user makes to their MFA.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MfaChange {
    TurnOn(MfaFactor),
    TurnOff(MfaFactor),
    Prefer(MfaFactor),
    /// Passkey MFA on or off: where the pool allows it (`FactorConfiguration`
    /// `MULTI_FACTOR_WITH_USER_VERIFICATION`), a passkey that verifies the user stands in for
    /// the code (API_WebAuthnMfaSettingsType).
    PasskeyMfa(bool),
}

impl MfaChange {
    /// Turning a factor off weakens the account, and so does letting a passkey stand in for the
    /// code (one more way past it), so both need a fresh step-up (password and a current code)
    /// first; turning a factor on, choosing the preferred one or turning passkey MFA off do not.
    pub fn needs_step_up(self) -> bool {
        matches!(self, Self::TurnOff(_) | Self::PasskeyMfa(true))
    }

    /// The `WebAuthnMfaSettings` this change sends, if any. Turning the last factor off turns
    /// passkey MFA off too: it needs another factor (API_WebAuthnMfaSettingsType: "The user must
    /// also have at least one other MFA method … activated").
    pub fn passkey_mfa(self, profile: &UserProfile) -> Option<WebAuthnMfaSettings> {
        let enabled = match self {
            Self::PasskeyMfa(on) => on,
            Self::TurnOff(f) if profile.passkey_mfa && profile.enabled == [f] => false,
            _ => return None,
        };
        Some(WebAuthnMfaSettings { enabled })
    }

    /// The settings this change sends, given where the user stands: only those that change, so
    /// a user without a phone number can still turn the authenticator app off (sending SMS
    /// settings too fails with "User does not have a phone_number set to turn on SMS MFA":
    /// aws-amplify/amplify-js#5766, #8574).
    pub fn settings(self, profile: &UserProfile) -> Vec<(MfaFactor, MfaSettings)> {
        let set = |enabled, preferred_mfa| MfaSettings {
            enabled,
            preferred_mfa,
        };
        match self {
            // The first factor turned on becomes the preferred one, so sign-in has a default.
            Self::TurnOn(f) => vec![(f, set(true, profile.preferred.is_none()))],
            // Cognito turns passkey MFA on only with another factor turned on in the same
            // request, even one already on ("WebAuthn MFA requires enabling an additional MFA
            // setting.", observed by radubc/dolphin_web_admin and dmeiser/kernelworx): the
            // preferred one (kept preferred), else the first that is on.
            Self::PasskeyMfa(true) => profile
                .preferred
                .map(|p| (p, set(true, true)))
                .or_else(|| profile.enabled.first().map(|f| (*f, set(true, false))))
                .into_iter()
                .collect(),
            Self::PasskeyMfa(false) => Vec::new(),
            Self::Prefer(f) => vec![(f, set(true, true))],
            Self::TurnOff(f) => {
                let mut out = vec![(f, set(false, false))];
                // The preferred factor goes and exactly one other stays: it becomes preferred,
                // instead of leaving the user with a choice screen at every sign-in.
                let others: Vec<_> = profile.enabled.iter().filter(|o| **o != f).collect();
                if profile.preferred == Some(f)
                    && let [only] = others[..]
                {
                    out.push((*only, set(true, true)));
                }
                out
            }
        }
    }

    /// Whether `profile`, read again after the change, shows it. A pool that requires MFA
    /// answers 200 to turning the last factor off and leaves it on (AWS developer guide, "Adding
    /// MFA": with MFA required "users can't enable or disable any MFA methods").
    pub fn took_effect(self, profile: &UserProfile) -> bool {
        match self {
            Self::TurnOn(f) => profile.is_on(f),
            Self::TurnOff(f) => !profile.is_on(f),
            Self::Prefer(f) => profile.preferred == Some(f),
            Self::PasskeyMfa(on) => profile.passkey_mfa == on,
        }
    }
}

impl<T: Transport> AuthService<T> {
    /// Sends one MFA change. Turning on a factor the pool or the account cannot use (no phone
    /// number, email MFA not available in the pool) is [`AuthError::FactorUnavailable`].
    pub async fn change_mfa(
        &self,
        tokens: &Tokens,
        profile: &UserProfile,
        change: MfaChange,
    ) -> Result<(), AuthError> {
        let mut request = ops::SetUserMfaPreference {
            access_token: tokens.access_token.clone(),
            sms_mfa_settings: None,
            software_token_mfa_settings: None,
            email_mfa_settings: None,
            web_authn_mfa_settings: change.passkey_mfa(profile),
        };
        for (factor, settings) in change.settings(profile) {
            *match factor {
                MfaFactor::AuthenticatorApp => &mut request.software_token_mfa_settings,
                MfaFactor::Sms => &mut request.sms_mfa_settings,
                MfaFactor::Email => &mut request.email_mfa_settings,
            } = Some(settings);
        }
        match self.as_signed_in(&request).await {
            Ok(_) => Ok(()),
            Err(AuthError::Cognito(CognitoError::InvalidParameter(_)))
                if !matches!(change, MfaChange::TurnOff(_)) =>
            {
                Err(AuthError::FactorUnavailable)
            }
            Err(e) => Err(e),
        }
    }

    /// Makes `factor` on and preferred (after an authenticator app is verified).
    pub async fn set_preferred_mfa(
        &self,
        tokens: &Tokens,
        factor: MfaFactor,
    ) -> Result<(), AuthError> {
        self.change_mfa(tokens, &UserProfile::default(), MfaChange::Prefer(factor))
            .await
    }
}

/// What an MFA change came to, with the profile as Cognito holds it afterwards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MfaChanged {
    pub profile: UserProfile,
    /// `Err`: the words for why the change did not happen (refused, or a pool that requires MFA
    /// keeping its last factor on).
    pub result: Result<(), ErrorKey>,
}

/// "Keep the current app" after a replacement left halfway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeptAuthenticator {
    /// Cognito still has the old app: it stays on and preferred.
    Kept,
    /// The old app was dropped when the new secret was issued (older Cognito behaviour): the
    /// user has to finish the replacement.
    Disconnected,
}

/// The authenticator code was checked; turning TOTP on is a separate step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TurnedOn {
    Yes,
    /// The code was accepted (the authenticator is registered) but turning it on failed: a retry
    /// repeats only SetUserMFAPreference and never sends the used code again.
    VerifiedOnly(AuthError),
}

impl<T: Transport> AuthService<T> {
    /// Sends one MFA change, then reads the profile again whatever the answer, so the page
    /// shows what Cognito now holds. `Err` only for a failure the page does not show in place
    /// (cancelled, signed out), or when neither call worked.
    pub async fn apply_mfa_change(
        &self,
        tokens: &Tokens,
        before: &UserProfile,
        change: MfaChange,
    ) -> Result<MfaChanged, AuthError> {
        let sent = self.change_mfa(tokens, before, change).await;
        if let Err(e) = &sent
            && !matches!(e.failure(), Failure::Show(_))
        {
            return Err(e.clone());
        }
        let profile = match self.get_user(tokens).await {
            Ok(profile) => profile,
            // The change was refused and the read-back failed too: the refusal is what the user
            // asked about, and the profile shown stays as it was.
            Err(read) if sent.is_err() && matches!(read.failure(), Failure::Show(_)) => {
                return Ok(MfaChanged {
                    profile: before.clone(),
                    result: sent.map_err(|e| e.message_key()),
                });
            }
            Err(read) => return Err(read),
        };
        let result = match sent {
            Err(e) => Err(e.message_key()),
            // A pool that requires MFA keeps its last factor on and answers 200.
            Ok(()) if !change.took_effect(&profile) => Err(ErrorKey::MfaRequired),
            Ok(()) => Ok(()),
        };
        Ok(MfaChanged { profile, result })
    }

    /// Keeps the current authenticator app after a replacement left halfway (a new secret
    /// issued, never verified). SetUserMFAPreference succeeds only for a verified authenticator,
    /// which is how the two cases are told apart (aws-amplify/amplify-js#3844: "User has not set
    /// up software token mfa" once the old one was dropped).
    pub async fn keep_current_authenticator(
        &self,
        tokens: &Tokens,
    ) -> Result<KeptAuthenticator, AuthError> {
        match self
            .set_preferred_mfa(tokens, MfaFactor::AuthenticatorApp)
            .await
        {
            Ok(()) => Ok(KeptAuthenticator::Kept),
            Err(e) if matches!(e, AuthError::FactorUnavailable) || e.is_totp_not_set_up() => {
                Ok(KeptAuthenticator::Disconnected)
            }
            Err(e) => Err(e),
        }
    }

    /// Verifies the first code of a new authenticator app (`code`; None: it was verified
    /// before), then turns TOTP on and makes it preferred. "No authenticator to verify" right
    /// after an answer that was lost (a timeout, an answer cut short) means the lost call did
    /// verify it: turning it on is all that is left, and SetUserMFAPreference succeeds only for a
    /// verified token.
    pub async fn verify_and_turn_on(
        &self,
        tokens: &Tokens,
        code: Option<&str>,
    ) -> Result<TurnedOn, AuthError> {
        let mut unverified = None;
        if let Some(code) = code
            && let Err(e) = self.verify_authenticator_code(tokens, code).await
        {
            if !e.is_totp_not_set_up() {
                return Err(e);
            }
            unverified = Some(e);
        }
        match self
            .set_preferred_mfa(tokens, MfaFactor::AuthenticatorApp)
            .await
        {
            Ok(()) => Ok(TurnedOn::Yes),
            Err(e) if !matches!(e.failure(), Failure::Show(_)) => Err(e),
            Err(e) => match unverified {
                Some(not_set_up) => Err(not_set_up),
                None => Ok(TurnedOn::VerifiedOnly(e)),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use MfaFactor::*;

    #[test]
    fn the_account_is_named_as_the_user_signs_in() {
        let p = UserProfile {
            username: "9f1c-uuid".into(),
            email: Some("kim@example.com".into()),
            phone_number: Some("+66812345678".into()),
            ..UserProfile::default()
        };
        let kind = |username, email, phone| SignInName {
            username,
            email,
            phone,
            ..SignInName::default()
        };
        assert_eq!(p.display_name(&kind(false, true, false)), "kim@example.com");
        assert_eq!(p.display_name(&kind(false, false, true)), "+66812345678");
        assert_eq!(p.display_name(&kind(false, true, true)), "kim@example.com");
        let kim = UserProfile {
            username: "kim".into(),
            ..p.clone()
        };
        assert_eq!(kim.display_name(&kind(true, true, true)), "kim");
        let no_email = UserProfile { email: None, ..p };
        assert_eq!(
            no_email.display_name(&kind(false, true, true)),
            "+66812345678"
        );
    }

    fn profile(enabled: &[MfaFactor], preferred: Option<MfaFactor>) -> UserProfile {
        UserProfile {
            enabled: enabled.to_vec(),
            preferred,
            ..UserProfile::default()
        }
    }
    fn set(enabled: bool, preferred_mfa: bool) -> MfaSettings {
        MfaSettings {
            enabled,
            preferred_mfa,
        }
    }

    #[test]
    fn only_the_changed_factor_is_sent() {
        let app_only = profile(&[AuthenticatorApp], Some(AuthenticatorApp));
        assert_eq!(
            MfaChange::TurnOff(AuthenticatorApp).settings(&app_only),
            [(AuthenticatorApp, set(false, false))],
            "no SMS settings for a user without a phone"
        );
        assert_eq!(
            MfaChange::TurnOn(Email).settings(&app_only),
            [(Email, set(true, false))],
            "the preferred factor stays preferred"
        );
        assert_eq!(
            MfaChange::Prefer(Email).settings(&app_only),
            [(Email, set(true, true))]
        );
    }

    #[test]
    fn the_first_factor_turned_on_becomes_preferred() {
        assert_eq!(
            MfaChange::TurnOn(Sms).settings(&profile(&[], None)),
            [(Sms, set(true, true))]
        );
    }

    #[test]
    fn turning_off_the_preferred_factor_hands_preference_to_the_one_left() {
        let two = profile(&[AuthenticatorApp, Email], Some(AuthenticatorApp));
        assert_eq!(
            MfaChange::TurnOff(AuthenticatorApp).settings(&two),
            [
                (AuthenticatorApp, set(false, false)),
                (Email, set(true, true))
            ]
        );
        let three = profile(&[AuthenticatorApp, Sms, Email], Some(AuthenticatorApp));
        assert_eq!(
            MfaChange::TurnOff(AuthenticatorApp).settings(&three),
            [(AuthenticatorApp, set(false, false))],
            "two left: the user chooses"
        );
        assert_eq!(
            MfaChange::TurnOff(Email).settings(&two),
            [(Email, set(false, false))],
            "not the preferred one: nothing else changes"
        );
    }

    #[test]
    fn turning_a_factor_off_or_passkey_mfa_on_needs_a_step_up() {
        assert!(MfaChange::TurnOff(Sms).needs_step_up());
        assert!(MfaChange::PasskeyMfa(true).needs_step_up());
        assert!(!MfaChange::PasskeyMfa(false).needs_step_up());
        assert!(!MfaChange::TurnOn(Sms).needs_step_up());
        assert!(!MfaChange::Prefer(Sms).needs_step_up());
    }

    #[test]
    fn passkey_mfa_goes_on_with_another_factor_and_off_with_the_last_one() {
        let on = WebAuthnMfaSettings { enabled: true };
        let off = WebAuthnMfaSettings { enabled: false };
        let two = profile(&[AuthenticatorApp, Email], Some(Email));
        let change = MfaChange::PasskeyMfa(true);
        assert_eq!(
            change.settings(&two),
            [(Email, set(true, true))],
            "the preferred one, kept preferred"
        );
        assert_eq!(change.passkey_mfa(&two), Some(on));
        let unpreferred = profile(&[Sms, Email], None);
        assert_eq!(change.settings(&unpreferred), [(Sms, set(true, false))]);
        assert_eq!(MfaChange::PasskeyMfa(false).settings(&two), []);
        assert_eq!(MfaChange::PasskeyMfa(false).passkey_mfa(&two), Some(off));

        let mut last = profile(&[Email], Some(Email));
        assert_eq!(
            MfaChange::TurnOff(Email).passkey_mfa(&last),
            None,
            "passkey MFA is off"
        );
        last.passkey_mfa = true;
        assert_eq!(
            MfaChange::TurnOff(Email).passkey_mfa(&last),
            Some(off),
            "nothing left to back it"
        );
        let mut other_left = two.clone();
        other_left.passkey_mfa = true;
        assert_eq!(MfaChange::TurnOff(Email).passkey_mfa(&other_left), None);
        assert_eq!(MfaChange::TurnOn(Sms).passkey_mfa(&other_left), None);

        assert!(MfaChange::PasskeyMfa(true).took_effect(&other_left));
        assert!(!MfaChange::PasskeyMfa(true).took_effect(&two));
    }

    #[test]
    fn a_change_the_pool_ignored_is_noticed() {
        let still_on = profile(&[AuthenticatorApp], Some(AuthenticatorApp));
        assert!(!MfaChange::TurnOff(AuthenticatorApp).took_effect(&still_on));
        assert!(MfaChange::TurnOff(Sms).took_effect(&still_on));
        assert!(MfaChange::Prefer(AuthenticatorApp).took_effect(&still_on));
        assert!(!MfaChange::TurnOn(Email).took_effect(&still_on));
    }

    #[test]
    fn passkey_mfa_is_read_from_get_user_and_sent_with_the_preferred_factor() {
        use crate::auth::scripted::{Scripted, ready};
        use crate::config::{Config, RawConfig};
        let script = Scripted::new(&[
            Ok(
                r#"{"Username":"u","UserAttributes":[],"PreferredMfaSetting":"SOFTWARE_TOKEN_MFA","UserMFASettingList":["SOFTWARE_TOKEN_MFA","WEB_AUTHN_MFA"]}"#,
            ),
            Ok("{}"),
        ]);
        let service = AuthService::new(
            Config::parse(RawConfig::default()).unwrap_or_else(|e| panic!("{e}")),
            &script,
        );
        let tokens = Tokens::for_tests("i");
        let profile = ready(service.get_user(&tokens)).unwrap_or_else(|e| panic!("{e}"));
        assert!(profile.passkey_mfa);
        assert_eq!(
            profile.enabled,
            [AuthenticatorApp],
            "WEB_AUTHN_MFA is no code factor"
        );
        let profile = UserProfile {
            passkey_mfa: false,
            ..profile
        };
        ready(service.change_mfa(&tokens, &profile, MfaChange::PasskeyMfa(true)))
            .unwrap_or_else(|e| panic!("{e}"));
        let body = script.last_body();
        assert_eq!(
            body["WebAuthnMfaSettings"],
            serde_json::json!({ "Enabled": true })
        );
        assert_eq!(
            body["SoftwareTokenMfaSettings"],
            serde_json::json!({ "Enabled": true, "PreferredMfa": true })
        );
        assert!(body.get("SMSMfaSettings").is_none() && body.get("EmailMfaSettings").is_none());
    }

    #[test]
    fn wire_names_round_trip() {
        for f in MfaFactor::ALL {
            assert_eq!(MfaFactor::from_wire(f.wire_name()), Some(f));
        }
        assert_eq!(MfaFactor::from_wire("WEB_AUTHN"), None);
    }

    mod requests {
        use super::*;
        use crate::auth::scripted::{Scripted, ready};
        use crate::config::{Config, RawConfig};

        const APP_ON: &str = r#"{"Username":"u","UserAttributes":[],"UserMFASettingList":["SOFTWARE_TOKEN_MFA"],"PreferredMfaSetting":"SOFTWARE_TOKEN_MFA"}"#;
        const NONE_ON: &str = r#"{"Username":"u","UserAttributes":[],"UserMFASettingList":[]}"#;

        fn service(script: &Scripted) -> AuthService<&Scripted> {
            AuthService::new(
                Config::parse(RawConfig::default()).unwrap_or_else(|e| panic!("{e}")),
                script,
            )
        }
        fn tokens() -> Tokens {
            Tokens::for_tests("i")
        }

        #[test]
        fn a_change_shows_what_cognito_holds_afterwards() {
            let before = profile(&[AuthenticatorApp], Some(AuthenticatorApp));
            let off = MfaChange::TurnOff(AuthenticatorApp);
            // Done.
            let script = Scripted::new(&[Ok("{}"), Ok(NONE_ON)]);
            let changed = ready(service(&script).apply_mfa_change(&tokens(), &before, off))
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(changed.result, Ok(()));
            assert!(changed.profile.enabled.is_empty());
            assert_eq!(script.operations(), ["SetUserMFAPreference", "GetUser"]);
            // 200, but a pool that requires MFA kept it on.
            let script = Scripted::new(&[Ok("{}"), Ok(APP_ON)]);
            let kept = ready(service(&script).apply_mfa_change(&tokens(), &before, off))
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(kept.result, Err(ErrorKey::MfaRequired));
            // Refused: said, and the profile read anyway.
            let script = Scripted::new(&[
                Err(("TooManyRequestsException", "Rate exceeded")),
                Ok(APP_ON),
            ]);
            let refused = ready(service(&script).apply_mfa_change(&tokens(), &before, off))
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(refused.result, Err(ErrorKey::Throttled));
            assert!(refused.profile.is_on(AuthenticatorApp));
            // Refused, and the profile could not be read either: the refusal is said, over the
            // profile as it was.
            let script = Scripted::new(&[
                Err(("TooManyRequestsException", "Rate exceeded")),
                Err(("InternalErrorException", "m")),
            ]);
            let refused = ready(service(&script).apply_mfa_change(&tokens(), &before, off))
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(refused.result, Err(ErrorKey::Throttled));
            assert_eq!(refused.profile, before);
            // Signed out: nothing more is asked; the page ends the session.
            let script = Scripted::new(&[Err((
                "NotAuthorizedException",
                "Access Token has been revoked",
            ))]);
            let ended = ready(service(&script).apply_mfa_change(&tokens(), &before, off));
            assert!(matches!(ended, Err(AuthError::SignedOut)), "{ended:?}");
            assert_eq!(script.operations(), ["SetUserMFAPreference"]);
        }

        #[test]
        fn keeping_the_current_app_tells_a_disconnected_one_apart() {
            let script = Scripted::new(&[Ok("{}")]);
            assert_eq!(
                ready(service(&script).keep_current_authenticator(&tokens())),
                Ok(KeptAuthenticator::Kept)
            );
            for gone in [
                (
                    "InvalidParameterException",
                    "User has not set up software token mfa",
                ),
                (
                    "SoftwareTokenMFANotFoundException",
                    "Software Token MFA has not been enabled by the user.",
                ),
            ] {
                let script = Scripted::new(&[Err(gone)]);
                assert_eq!(
                    ready(service(&script).keep_current_authenticator(&tokens())),
                    Ok(KeptAuthenticator::Disconnected),
                    "{gone:?}"
                );
            }
        }

        #[test]
        fn a_verified_code_is_never_sent_again_when_turning_on_failed() {
            // Verified, then SetUserMFAPreference failed: retry turns on only.
            let script = Scripted::new(&[
                Ok(r#"{"Status":"SUCCESS"}"#),
                Err(("InternalErrorException", "m")),
            ]);
            let first = ready(service(&script).verify_and_turn_on(&tokens(), Some("123456")));
            assert!(matches!(first, Ok(TurnedOn::VerifiedOnly(_))), "{first:?}");
            let script = Scripted::new(&[Ok("{}")]);
            assert_eq!(
                ready(service(&script).verify_and_turn_on(&tokens(), None)),
                Ok(TurnedOn::Yes)
            );
            assert_eq!(script.operations(), ["SetUserMFAPreference"]);
            // A wrong code stops before turning anything on.
            let script = Scripted::new(&[Err((
                "EnableSoftwareTokenMFAException",
                "Code mismatch and fail enable Software Token MFA",
            ))]);
            let wrong = ready(service(&script).verify_and_turn_on(&tokens(), Some("123456")));
            assert!(
                wrong.as_ref().is_err_and(AuthError::is_code_mismatch),
                "{wrong:?}"
            );
            assert_eq!(script.operations(), ["VerifySoftwareToken"]);
            // "Nothing to verify" after a lost answer: the lost call verified it; turn it on.
            let script =
                Scripted::new(&[Err(("SoftwareTokenMFANotFoundException", "m")), Ok("{}")]);
            assert_eq!(
                ready(service(&script).verify_and_turn_on(&tokens(), Some("123456"))),
                Ok(TurnedOn::Yes)
            );
        }
    }
}

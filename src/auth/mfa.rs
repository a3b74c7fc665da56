//! A signed-in user's MFA factors: which are on, which is preferred, and one change at a time
//! sent as a SetUserMFAPreference that carries only the settings it changes.

use super::{AuthError, AuthService, Tokens};
use crate::cognito::ops::{self, MfaSettings};
use crate::cognito::{CognitoError, Transport};

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
    /// The factors that are on ("UserMFASettingList": only activated ones, AWS API reference).
    pub enabled: Vec<MfaFactor>,
    pub preferred: Option<MfaFactor>,
}

impl UserProfile {
    pub fn is_on(&self, factor: MfaFactor) -> bool {
        self.enabled.contains(&factor)
    }
    /// How the user is named to them: their email, else the username.
    pub fn display_name(&self) -> &str {
        self.email.as_deref().unwrap_or(&self.username)
    }
}

/// One change a user makes to their MFA.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MfaChange {
    TurnOn(MfaFactor),
    TurnOff(MfaFactor),
    Prefer(MfaFactor),
}

impl MfaChange {
    /// Turning a factor off weakens the account, so it needs a fresh step-up (password and a
    /// current code) first; turning one on or choosing the preferred one does not.
    pub fn needs_step_up(self) -> bool {
        matches!(self, Self::TurnOff(_))
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

#[cfg(test)]
mod tests {
    use super::*;
    use MfaFactor::*;

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
    fn only_turning_off_needs_a_step_up() {
        assert!(MfaChange::TurnOff(Sms).needs_step_up());
        assert!(!MfaChange::TurnOn(Sms).needs_step_up());
        assert!(!MfaChange::Prefer(Sms).needs_step_up());
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
    fn wire_names_round_trip() {
        for f in MfaFactor::ALL {
            assert_eq!(MfaFactor::from_wire(f.wire_name()), Some(f));
        }
        assert_eq!(MfaFactor::from_wire("WEB_AUTHN"), None);
    }
}

//! How strongly a sign-in proved the user, as Cognito says it: the authentication level in the
//! tokens' `acr` claim, and the step-up Cognito enforces (USER_AUTH's `TARGET_ACR_VALUES`,
//! `ACCESS_TOKEN`, `MAX_AGE`).
//!
//! Cognito's levels (developer guide, "Authentication levels with ACR and AMR claims",
//! cognito-user-pools-step-up-authentication): `urn:cognito:loa:1` a password alone, `…:2` a
//! single SMS or email code, `…:3` a passkey or a password with an SMS or email code, `…:4` a
//! password with an authenticator app. Step-up "requires the Essentials or Plus feature plan. On
//! a lower feature plan, AdminInitiateAuth returns a FeatureUnavailableInTierException"; "Amazon
//! Cognito ignores any value that it doesn't recognize. If none of the requested values are
//! valid, Amazon Cognito returns an error" (API reference, InitiateAuth `AuthParameters`). Where
//! Cognito refuses the parameters so, the app's own step-up (a full sign-in as the same user,
//! `guard`) is what remains: [`refuses_step_up`]. botocore's model has all of it from 1.44.8
//! (`tests/vectors/cognito_api.json`: USER_AUTH's AuthParameters, InitiateAuth's errors); no
//! public capture shows it working live yet.
//!
//! Pure: native tests below.

use super::{MfaFactor, UserProfile};
use crate::cognito::CognitoError;

/// A Cognito authentication level, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AuthLevel {
    /// A password alone.
    Password = 1,
    /// A single SMS or email code.
    OneCode = 2,
    /// A passkey, or a password with an SMS or email code.
    TwoFactors = 3,
    /// A password with an authenticator app.
    PasswordAndApp = 4,
}

const ACR_PREFIX: &str = "urn:cognito:loa:";

impl AuthLevel {
    /// The level's default `acr` value.
    pub fn acr(self) -> String {
        format!("{ACR_PREFIX}{}", self as u8)
    }

    /// The level an `acr` claim names, if it is one of Cognito's defaults.
    pub fn from_acr(acr: &str) -> Option<Self> {
        Some(match acr.strip_prefix(ACR_PREFIX)? {
            "1" => Self::Password,
            "2" => Self::OneCode,
            "3" => Self::TwoFactors,
            "4" => Self::PasswordAndApp,
            _ => return None,
        })
    }

    /// What proves an account's user now: two factors where it has MFA (or passkey MFA) on,
    /// else any sign-in.
    pub fn needed_by(account: &UserProfile) -> Self {
        if account.enabled.is_empty() && !account.passkey_mfa {
            Self::Password
        } else {
            Self::TwoFactors
        }
    }
}

/// What a step-up asks Cognito for: `TARGET_ACR_VALUES`, the strongest level the account can
/// reach first, down to the least that proves its user ([`AuthLevel::needed_by`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepUpTarget {
    /// Strongest first (Cognito's priority order).
    levels: Vec<AuthLevel>,
}

/// `MAX_AGE` for every step-up: none of the current sign-in's factors count ("If the user's
/// most recent authentication is older than this value, Amazon Cognito discards the
/// authentication-methods credit … and processes the request as a fresh authentication toward
/// the target level"). A step-up here proves the user again, whatever they proved before, as
/// the app-side step-up always did; and a flow that starts from scratch is the one the
/// documentation describes.
pub const STEP_UP_MAX_AGE: &str = "0";

impl StepUpTarget {
    pub fn for_account(account: &UserProfile) -> Self {
        let floor = AuthLevel::needed_by(account);
        let levels = if account.is_on(MfaFactor::AuthenticatorApp) {
            vec![AuthLevel::PasswordAndApp, floor]
        } else {
            vec![floor]
        };
        Self { levels }
    }

    /// The least level a step-up's proof must show.
    pub fn floor(&self) -> AuthLevel {
        self.levels
            .iter()
            .copied()
            .min()
            .unwrap_or(AuthLevel::TwoFactors)
    }

    /// `TARGET_ACR_VALUES`: space-separated, strongest first.
    pub fn acr_values(&self) -> String {
        self.levels
            .iter()
            .map(|l| l.acr())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Whether Cognito refused the step-up's start in a way the parameters may cause: the pool's plan
/// lacks the feature, an InvalidParameterException (no Cognito answer to unknown or refused
/// step-up parameters has been published, so every one counts: the parameters, their values, a
/// level the user cannot reach, a token "already at the level"), or a NotAuthorized that is not
/// the session being over ([`session_token_over`]). The start is then made again without them,
/// as the app's own step-up: a full sign-in as the same user. A refusal of the sign-in's own
/// comes back again and is shown then.
pub fn refuses_step_up(e: &CognitoError) -> bool {
    match e {
        CognitoError::FeatureUnavailableInTier(_) | CognitoError::InvalidParameter(_) => true,
        // The presented token refused for another reason than being over ("does not belong to
        // the user": an edited page naming another account), or anything else NotAuthorized:
        // the app's own step-up, whose `sub` check says "That was another account".
        CognitoError::NotAuthorized(_) => !session_token_over(e),
        _ => false,
    }
}

/// NotAuthorized because the session's access token is over: "Access Token has expired", "Access
/// Token has been revoked" (the messages users quote: amplify-android#2481, amplify-js#3540),
/// "Invalid Access Token". The step-up ends as the session did.
pub fn session_token_over(e: &CognitoError) -> bool {
    e.is_not_authorized()
        && e.message().is_some_and(|m| {
            [
                "Access Token has expired",
                "Access Token has been revoked",
                "Invalid Access Token",
            ]
            .iter()
            .any(|over| m.contains(over))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(enabled: &[MfaFactor], passkey_mfa: bool) -> UserProfile {
        UserProfile {
            enabled: enabled.to_vec(),
            passkey_mfa,
            ..UserProfile::default()
        }
    }

    #[test]
    fn levels_read_from_acr_and_order_by_strength() {
        assert_eq!(
            AuthLevel::from_acr("urn:cognito:loa:4"),
            Some(AuthLevel::PasswordAndApp)
        );
        assert_eq!(
            AuthLevel::from_acr("urn:cognito:loa:1"),
            Some(AuthLevel::Password)
        );
        for other in ["urn:cognito:loa:5", "loa:3", "", "urn:cognito:loa:"] {
            assert_eq!(AuthLevel::from_acr(other), None, "{other:?}");
        }
        assert!(AuthLevel::Password < AuthLevel::OneCode);
        assert!(AuthLevel::TwoFactors < AuthLevel::PasswordAndApp);
        assert_eq!(AuthLevel::TwoFactors.acr(), "urn:cognito:loa:3");
    }

    #[test]
    fn a_step_up_asks_for_the_accounts_strongest_level_down_to_its_second_factor() {
        let totp = StepUpTarget::for_account(&account(&[MfaFactor::AuthenticatorApp], false));
        assert_eq!(totp.acr_values(), "urn:cognito:loa:4 urn:cognito:loa:3");
        assert_eq!(totp.floor(), AuthLevel::TwoFactors);
        let sms = StepUpTarget::for_account(&account(&[MfaFactor::Sms, MfaFactor::Email], false));
        assert_eq!(sms.acr_values(), "urn:cognito:loa:3");
        let passkey_mfa = StepUpTarget::for_account(&account(&[], true));
        assert_eq!(passkey_mfa.floor(), AuthLevel::TwoFactors);
        let none = StepUpTarget::for_account(&account(&[], false));
        assert_eq!(none.acr_values(), "urn:cognito:loa:1");
        assert_eq!(none.floor(), AuthLevel::Password);
    }

    #[test]
    fn only_a_refusal_of_the_step_up_itself_falls_back() {
        let tier = CognitoError::FeatureUnavailableInTier("Step-up needs Essentials".into());
        assert!(refuses_step_up(&tier));
        for unknown in [
            "None of the values in TARGET_ACR_VALUES is a valid authentication level.",
            "1 validation error detected: Value at 'authParameters' failed to satisfy constraint",
            "The access token already meets the requested authentication level.",
        ] {
            assert!(
                refuses_step_up(&CognitoError::InvalidParameter(unknown.into())),
                "{unknown}"
            );
        }
        // Another account's name under this session's token: the app's own check says so.
        assert!(refuses_step_up(&CognitoError::NotAuthorized(
            "The access token does not belong to the user.".into()
        )));
        for own in [
            CognitoError::NotAuthorized("Access Token has expired".into()),
            CognitoError::NotAuthorized("Access Token has been revoked".into()),
            CognitoError::UserNotFound("User does not exist.".into()),
            CognitoError::LimitExceeded("Attempt limit exceeded".into()),
        ] {
            assert!(!refuses_step_up(&own), "{own:?}");
        }
    }
}

/// The step-up parameters on the wire, and the fall-back when Cognito refuses them.
#[cfg(test)]
mod on_the_wire {
    use super::*;
    use crate::auth::scripted::{Scripted, ready};
    use crate::auth::{AuthService, Secret, SignInOutcome};
    use crate::config::{Config, RawConfig, SignInMethod};

    fn stepping_up<'a>(script: &'a Scripted, methods: Option<&str>) -> AuthService<&'a Scripted> {
        let config = Config::parse(RawConfig {
            sign_in_methods: methods,
            ..RawConfig::default()
        })
        .unwrap_or_else(|e| panic!("{e}"));
        let totp = UserProfile {
            enabled: vec![MfaFactor::AuthenticatorApp],
            ..UserProfile::default()
        };
        AuthService::new(config, script).for_step_up(
            Some(Secret::from("session-access")),
            &StepUpTarget::for_account(&totp),
        )
    }

    const CODE_SENT: &str =
        r#"{"ChallengeName":"EMAIL_OTP","Session":"s1","ChallengeParameters":{}}"#;
    const WRONG: (&str, &str) = ("NotAuthorizedException", "Incorrect username or password.");
    /// A refusal of the sign-in's own, whatever the parameters.
    const LIMIT: (&str, &str) = ("LimitExceededException", "Attempt limit exceeded");

    #[test]
    fn a_choice_based_step_up_asks_cognito_to_enforce_it_from_scratch() {
        let script = Scripted::new(&[Err(LIMIT)]);
        let service = stepping_up(&script, Some("password,email_otp"));
        let _ = ready(service.sign_in("kim@example.com", "pw"));
        let sent = script.sent.borrow();
        assert_eq!(
            sent.len(),
            1,
            "a wrong password is the sign-in's own answer: no retry"
        );
        let params = &sent[0].1["AuthParameters"];
        assert_eq!(sent[0].1["AuthFlow"], "USER_AUTH");
        assert_eq!(params["ACCESS_TOKEN"], "session-access");
        assert_eq!(
            params["TARGET_ACR_VALUES"],
            "urn:cognito:loa:4 urn:cognito:loa:3"
        );
        assert_eq!(params["MAX_AGE"], "0");
        assert_eq!(params["PREFERRED_CHALLENGE"], "PASSWORD_SRP");
    }

    #[test]
    fn a_plan_without_step_up_falls_back_to_the_apps_own() {
        let script = Scripted::new(&[
            Err((
                "FeatureUnavailableInTierException",
                "Step-up authentication requires the Essentials or Plus feature plan.",
            )),
            Ok(CODE_SENT),
        ]);
        let service = stepping_up(&script, Some("password,email_otp"));
        let started =
            ready(service.start_first_factor("kim@example.com", SignInMethod::EmailCode, None));
        assert!(
            matches!(started, Ok(SignInOutcome::Challenge(_))),
            "{started:?}"
        );
        let sent = script.sent.borrow();
        assert_eq!(sent.len(), 2);
        assert_eq!(sent[0].1["AuthParameters"]["MAX_AGE"], "0");
        let again = &sent[1].1["AuthParameters"];
        for name in ["ACCESS_TOKEN", "TARGET_ACR_VALUES", "MAX_AGE"] {
            assert!(again.get(name).is_none(), "{name} sent again");
        }
        assert_eq!(again["PREFERRED_CHALLENGE"], "EMAIL_OTP");
        assert_eq!(again["USERNAME"], "kim@example.com");
        assert!(
            !service.rated_by_cognito(),
            "the proof's acr does not count then"
        );
    }

    #[test]
    fn a_start_cognito_takes_makes_the_proof_one_it_rated() {
        let script = Scripted::new(&[Ok(CODE_SENT)]);
        let service = stepping_up(&script, Some("password,email_otp"));
        assert!(!service.rated_by_cognito(), "nothing started yet");
        let started =
            ready(service.start_first_factor("kim@example.com", SignInMethod::EmailCode, None));
        assert!(started.is_ok(), "{started:?}");
        assert!(service.rated_by_cognito());
        // A page's clones share it (each request runs on a clone).
        assert!(
            service
                .clone()
                .with_step_up_token(Secret::from("t"))
                .rated_by_cognito()
        );
    }

    #[test]
    fn parameters_cognito_refuses_fall_back_once_and_its_next_answer_stands() {
        let refused = (
            "InvalidParameterException",
            "1 validation error detected: Value at 'authParameters' failed to satisfy constraint",
        );
        let script = Scripted::new(&[Err(refused), Err(refused)]);
        let service = stepping_up(&script, Some("password,email_otp"));
        let started =
            ready(service.start_first_factor("kim@example.com", SignInMethod::EmailCode, None));
        assert!(started.is_err(), "{started:?}");
        let sent = script.sent.borrow();
        assert_eq!(
            sent.len(),
            2,
            "one retry, without the parameters, and no more"
        );
        assert!(sent[1].1["AuthParameters"].get("ACCESS_TOKEN").is_none());
    }

    #[test]
    fn another_accounts_name_under_the_sessions_token_goes_on_as_the_apps_own_step_up() {
        // An edited page: Cognito refuses the token for that name; the sign-in goes on without
        // the parameters, and the guard's `sub` check says "That was another account".
        let script = Scripted::new(&[
            Err((
                "NotAuthorizedException",
                "The access token does not belong to the user.",
            )),
            Ok(CODE_SENT),
        ]);
        let service = stepping_up(&script, Some("password,email_otp"));
        let started = ready(service.start_first_factor(
            "someone-else@example.com",
            SignInMethod::EmailCode,
            None,
        ));
        assert!(
            matches!(started, Ok(SignInOutcome::Challenge(_))),
            "{started:?}"
        );
        assert_eq!(script.sent.borrow().len(), 2);
        assert!(
            script.last_body()["AuthParameters"]
                .get("ACCESS_TOKEN")
                .is_none()
        );
        assert!(!service.rated_by_cognito());
    }

    #[test]
    fn a_token_cognito_no_longer_takes_reads_as_the_session_ended() {
        let script = Scripted::new(&[Err(("NotAuthorizedException", "Access Token has expired"))]);
        let service = stepping_up(&script, Some("password,email_otp"));
        let started =
            ready(service.start_first_factor("kim@example.com", SignInMethod::EmailCode, None));
        assert!(
            matches!(started, Err(crate::auth::AuthError::SignedOut)),
            "{started:?}"
        );
    }

    #[test]
    fn the_token_sent_is_the_sessions_latest() {
        let script = Scripted::new(&[Err(LIMIT)]);
        let service = stepping_up(&script, Some("password,email_otp"))
            .with_step_up_token(Secret::from("refreshed"));
        let _ = ready(service.sign_in("kim@example.com", "pw"));
        assert_eq!(
            script.last_body()["AuthParameters"]["ACCESS_TOKEN"],
            "refreshed"
        );
    }

    #[test]
    fn an_srp_only_build_keeps_the_apps_own_step_up() {
        let script = Scripted::new(&[Err(WRONG)]);
        let service = stepping_up(&script, None);
        let _ = ready(service.sign_in("kim@example.com", "pw"));
        let body = script.last_body();
        assert_eq!(body["AuthFlow"], "USER_SRP_AUTH");
        assert!(body["AuthParameters"].get("ACCESS_TOKEN").is_none());
        assert!(body["AuthParameters"].get("TARGET_ACR_VALUES").is_none());
    }
}

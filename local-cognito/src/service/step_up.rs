//! Authentication levels and step-up (USER_AUTH's `TARGET_ACR_VALUES`, `ACCESS_TOKEN`,
//! `MAX_AGE`): which factors a sign-in proved (the tokens' `amr`), the level they reach (`acr`),
//! and what a step-up asks for.
//!
//! Sources: the developer guide's "Authentication levels with ACR and AMR claims"
//! (cognito-user-pools-step-up-authentication: the four `urn:cognito:loa:N` levels and what
//! satisfies each, the `amr` values, both claims in access and id tokens, kept through refresh)
//! and "Step-up authentication with the USER_AUTH flow" (authentication-flows-selection-sdk: the
//! parameters, "Step-up is all-or-nothing", "If the presented token already meets or exceeds
//! the requested level, Amazon Cognito returns an error", the factors must already be set up);
//! the API reference of InitiateAuth / AdminInitiateAuth, `AuthParameters` (`TARGET_ACR_VALUES`
//! in priority order, unknown values ignored, none valid is an error, `ACCESS_TOKEN` needs
//! `TARGET_ACR_VALUES` and must be the `USERNAME`'s, a lower feature plan answers
//! FeatureUnavailableInTierException). Inferred (no captured answer): the error names and
//! messages below other than FeatureUnavailableInTierException, that a step-up ignores a
//! remembered device, and that a remembered device's sign-in credits the password only.
//! Not modelled: custom level names (`AcrConfiguration`), and skipping the factors an access
//! token is credited with (they count, but the client still proves a first factor).

use serde_json::Value;

use super::user_auth::{FirstFactor, offered_to};
use super::wire::Responses;
use crate::error::{ApiError, ApiResult};
use crate::store::{Pool, PoolTier, User};

/// The `amr` values of the factors the stand-in knows how to prove.
pub(super) const PWD: &str = "pwd";
pub(super) const OTP: &str = "otp";
pub(super) const SMS: &str = "sms";
pub(super) const EMAIL_OTP: &str = "email_otp";
/// A passkey ("software key"): the stand-in cannot tell a synced passkey from a hardware one
/// (`hwk`), so every passkey is `swk`.
pub(super) const SWK: &str = "swk";
/// Added by Cognito when two or more distinct factors were proved.
const MFA: &str = "mfa";

const ACR_PREFIX: &str = "urn:cognito:loa:";

/// `UserPoolTier` of a CreateUserPool / UpdateUserPool request, if given.
pub(super) fn pool_tier(body: &Value) -> ApiResult<Option<PoolTier>> {
    match body.get("UserPoolTier").filter(|v| !v.is_null()) {
        None => Ok(None),
        Some(v) => serde_json::from_value(v.clone()).map(Some).map_err(|_| {
            ApiError::invalid_parameter(format!(
                "1 validation error detected: Value {v} at 'userPoolTier' failed to satisfy constraint: Member must satisfy enum value set: [LITE, ESSENTIALS, PLUS]"
            ))
        }),
    }
}

/// The `amr` claim for the factors proved: each once, in the order proved, and `mfa` where two or
/// more distinct ones were.
pub(super) fn amr(proved: &[&'static str]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for f in proved {
        if !out.contains(f) {
            out.push(f);
        }
    }
    if out.len() >= 2 {
        out.push(MFA);
    }
    out
}

/// The level the factors reach: 4 password + TOTP; 3 a passkey, or a password with an SMS or
/// email code; 2 a single SMS or email code; 1 a password alone. `None`: nothing proved.
pub(super) fn level(proved: &[&str]) -> Option<u8> {
    let has = |f: &str| proved.contains(&f);
    let code = has(SMS) || has(EMAIL_OTP);
    Some(if has(PWD) && has(OTP) {
        4
    } else if has(SWK) || (has(PWD) && code) {
        3
    } else if code {
        2
    } else if has(PWD) {
        1
    } else {
        return None;
    })
}

pub(super) fn acr(level: u8) -> String {
    format!("{ACR_PREFIX}{level}")
}

/// The highest level `user` can reach with what is set up and the pool offers as a first factor
/// (`user_auth::offered_to`): step-up "doesn't prompt users to set up" a factor.
fn reachable(pool: &Pool, user: &User) -> u8 {
    let active = user.active_mfa(pool);
    let offered = offered_to(pool, user);
    let password = offered.contains(&FirstFactor::PasswordSrp);
    if password && active.contains(&"SOFTWARE_TOKEN_MFA") {
        4
    } else if (password && !active.is_empty()) || offered.contains(&FirstFactor::WebAuthn) {
        3
    } else if offered.contains(&FirstFactor::EmailOtp) || offered.contains(&FirstFactor::SmsOtp) {
        2
    } else {
        u8::from(password)
    }
}

/// A step-up a USER_AUTH InitiateAuth asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Requested {
    /// The levels asked for, in priority order (unknown values dropped).
    levels: Vec<u8>,
    access_token: Option<String>,
    max_age: Option<i64>,
}

/// What a sign-in that is a step-up must reach: it asks for more factors until `wanted` where it
/// can, and ends without tokens below `floor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Target {
    pub(super) wanted: u8,
    pub(super) floor: u8,
}

/// The step-up parameters.
const PARAMETERS: [&str; 3] = ["TARGET_ACR_VALUES", "ACCESS_TOKEN", "MAX_AGE"];

impl Requested {
    /// Whether `params` name any step-up parameter (a LITE pool refuses them before anything).
    pub(super) fn named_in(params: &Responses) -> bool {
        PARAMETERS.iter().any(|p| params.contains_key(*p))
    }

    /// The step-up parameters of `params`, if any. `ACCESS_TOKEN` without `TARGET_ACR_VALUES`,
    /// no value Cognito knows, or a `MAX_AGE` that is no number of seconds: InvalidParameter.
    pub(super) fn from(params: &Responses) -> ApiResult<Option<Self>> {
        let access_token = params.get("ACCESS_TOKEN").cloned();
        let Some(target) = params.get("TARGET_ACR_VALUES") else {
            return match access_token {
                Some(_) => Err(ApiError::invalid_parameter(
                    "TARGET_ACR_VALUES is required when ACCESS_TOKEN is provided.",
                )),
                None => Ok(None),
            };
        };
        let levels: Vec<u8> = target
            .split_whitespace()
            .filter_map(|v| v.strip_prefix(ACR_PREFIX)?.parse().ok())
            .filter(|l| (1..=4).contains(l))
            .collect();
        if levels.is_empty() {
            return Err(ApiError::invalid_parameter(
                "None of the values in TARGET_ACR_VALUES is a valid authentication level.",
            ));
        }
        let max_age = params
            .get("MAX_AGE")
            .map(|m| {
                m.parse::<i64>().ok().filter(|m| *m >= 0).ok_or_else(|| {
                    ApiError::invalid_parameter("MAX_AGE must be a non-negative integer.")
                })
            })
            .transpose()?;
        Ok(Some(Self {
            levels,
            access_token,
            max_age,
        }))
    }

    pub(super) fn access_token(&self) -> Option<&str> {
        self.access_token.as_deref()
    }

    /// The factors the access token is credited with: its `amr`, unless the sign-in it came from
    /// is older than `MAX_AGE` ("Amazon Cognito discards the authentication-methods credit").
    /// `MAX_AGE` 0 discards it always, as OpenID Connect's `max_age=0` asks for a fresh sign-in
    /// (`auth_time` counts whole seconds: otherwise a step-up in the sign-in's own second would
    /// keep it; inferred).
    pub(super) fn credit(&self, claims: &Value, now_secs: i64) -> Vec<&'static str> {
        let auth_time = claims["auth_time"].as_i64().unwrap_or(0);
        if self
            .max_age
            .is_some_and(|max| max == 0 || now_secs.saturating_sub(auth_time) > max)
        {
            return Vec::new();
        }
        claims["amr"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| [PWD, OTP, SMS, EMAIL_OTP, SWK].into_iter().find(|f| v == f))
            .collect()
    }

    /// What `user` must reach: the first level asked for that the user can reach, and the lowest
    /// asked for. None of them reachable, or `credited` already at the level: InvalidParameter.
    pub(super) fn target(&self, pool: &Pool, user: &User, credited: &[&str]) -> ApiResult<Target> {
        let can = reachable(pool, user);
        let floor = self.levels.iter().copied().min().unwrap_or(1);
        let wanted = self
            .levels
            .iter()
            .copied()
            .find(|l| *l <= can)
            .ok_or_else(|| {
                ApiError::invalid_parameter(
                    "The user cannot satisfy any of the requested authentication levels.",
                )
            })?;
        if level(credited).is_some_and(|l| l >= wanted) {
            return Err(ApiError::invalid_parameter(
                "The access token already meets the requested authentication level.",
            ));
        }
        Ok(Target { wanted, floor })
    }
}

/// A LITE pool cannot step up: "On a lower feature plan, AdminInitiateAuth returns a
/// FeatureUnavailableInTierException" (API reference, `TARGET_ACR_VALUES`).
pub(super) fn check_tier(pool: &Pool) -> ApiResult<()> {
    if pool.tier == PoolTier::Lite {
        return Err(ApiError::new(
            "FeatureUnavailableInTierException",
            "Step-up authentication requires the Essentials or Plus feature plan.",
        ));
    }
    Ok(())
}

/// The `amr` value an MFA code challenge proves (SOFTWARE_TOKEN_MFA, SMS_MFA, EMAIL_OTP).
pub(super) fn amr_of_mfa(challenge: &str) -> &'static str {
    match challenge {
        "SOFTWARE_TOKEN_MFA" => OTP,
        "SMS_MFA" => SMS,
        _ => EMAIL_OTP,
    }
}

/// The MFA challenge that lifts a step-up from `proved` towards `wanted`, if the user has one:
/// TOTP for level 4, else the preferred (or first) code factor not yet proved, after a password.
pub(super) fn lifting_challenge(
    pool: &Pool,
    user: &User,
    proved: &[&str],
    wanted: u8,
) -> Option<&'static str> {
    if !proved.contains(&PWD) {
        return None;
    }
    let active = user.active_mfa(pool);
    if wanted >= 4 {
        return active
            .iter()
            .copied()
            .find(|c| *c == "SOFTWARE_TOKEN_MFA" && !proved.contains(&OTP));
    }
    let preferred = user.mfa.preferred.as_deref();
    active
        .iter()
        .copied()
        .filter(|c| !proved.contains(&amr_of_mfa(c)))
        .min_by_key(|c| Some(*c) != preferred)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_follow_the_documented_table() {
        assert_eq!(level(&[PWD]), Some(1));
        assert_eq!(level(&[EMAIL_OTP]), Some(2));
        assert_eq!(level(&[SMS]), Some(2));
        assert_eq!(level(&[SWK]), Some(3));
        assert_eq!(level(&[PWD, SMS]), Some(3));
        assert_eq!(level(&[PWD, EMAIL_OTP]), Some(3));
        assert_eq!(level(&[PWD, OTP]), Some(4));
        assert_eq!(level(&[PWD, SMS, OTP]), Some(4));
        assert_eq!(level(&[]), None);
        assert_eq!(acr(4), "urn:cognito:loa:4");
    }

    #[test]
    fn amr_names_each_factor_once_and_mfa_for_two() {
        assert_eq!(amr(&[PWD]), [PWD]);
        assert_eq!(amr(&[PWD, PWD, OTP]), [PWD, OTP, MFA]);
        assert_eq!(amr(&[SWK]), [SWK]);
    }

    fn params(pairs: &[(&str, &str)]) -> Responses {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn the_parameters_are_checked_as_documented() {
        assert_eq!(
            Requested::from(&params(&[("USERNAME", "kim")])).ok(),
            Some(None)
        );
        let no_target = Requested::from(&params(&[("ACCESS_TOKEN", "t")])).unwrap_err();
        assert_eq!(no_target.kind, "InvalidParameterException");
        let unknown =
            Requested::from(&params(&[("TARGET_ACR_VALUES", "urn:x:gold loa:4")])).unwrap_err();
        assert_eq!(unknown.kind, "InvalidParameterException");
        let asked = Requested::from(&params(&[(
            "TARGET_ACR_VALUES",
            "urn:x:gold urn:cognito:loa:4  urn:cognito:loa:3",
        )]))
        .ok()
        .flatten()
        .map(|r| r.levels);
        assert_eq!(asked, Some(vec![4, 3]), "unknown values are ignored");
        let bad_age = Requested::from(&params(&[
            ("TARGET_ACR_VALUES", "urn:cognito:loa:1"),
            ("MAX_AGE", "-1"),
        ]))
        .unwrap_err();
        assert_eq!(bad_age.kind, "InvalidParameterException");
    }

    #[test]
    fn max_age_discards_the_tokens_credit() {
        let asked = Requested::from(&params(&[
            ("TARGET_ACR_VALUES", "urn:cognito:loa:4"),
            ("MAX_AGE", "300"),
        ]))
        .ok()
        .flatten()
        .expect("asked");
        let claims = serde_json::json!({"auth_time": 1000, "amr": ["pwd", "otp", "mfa"]});
        assert_eq!(asked.credit(&claims, 1300), [PWD, OTP]);
        assert!(asked.credit(&claims, 1301).is_empty());
        let fresh = Requested::from(&params(&[
            ("TARGET_ACR_VALUES", "urn:cognito:loa:4"),
            ("MAX_AGE", "0"),
        ]))
        .ok()
        .flatten()
        .expect("asked");
        assert!(
            fresh.credit(&claims, 1000).is_empty(),
            "0: even in the same second"
        );
    }
}

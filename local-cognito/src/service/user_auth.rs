//! Choice-based sign-in: InitiateAuth `USER_AUTH`. Which first factors a user is offered
//! (`AvailableChallenges`), and the start of the one chosen, by `PREFERRED_CHALLENGE` here or by
//! a `SELECT_CHALLENGE` answer (`challenges`): a password in the clear (then whatever a correct
//! password leads to, `auth`), SRP (PASSWORD_VERIFIER, as USER_SRP_AUTH), or an 8-digit code sent
//! by email or SMS (EMAIL_OTP / SMS_OTP; a right one signs in without MFA, `challenges`), or a
//! passkey (WEB_AUTHN: `CREDENTIAL_REQUEST_OPTIONS` from `passkeys`, the assertion checked in
//! `challenges`; offered to users with a passkey for the pool's relying party).
//!
//! Sources: botocore's cognito-idp model (`InitiateAuth` `AuthParameters`, `ChallengeResponses`,
//! `AvailableChallenges`), amplify-js v6 (`packages/auth/src/client/flows/userAuth/*`) and
//! local-cognito/BEHAVIOURS.md, "Choice-based sign-in", for what is inferred.

use serde_json::{Value, json};

use super::auth::sign_in;
use super::clock::ms_after;
use super::delivery::mask;
use super::passkeys::usable_passkeys;
use super::random::random_digits;
use super::session::{SentCode, SignIn, Step};
use super::step_up::{self, Requested};
use super::wire::{Responses, field};
use super::{Inner, Service};
use crate::error::{ApiError, ApiResult};
use crate::store::{AuthFactor, MfaConfiguration, Pool, User, UserStatus};

/// "The email and phone one-time pin for authentication is fixed at 8 digits"
/// (<https://github.com/aws-amplify/amplify-js/issues/14428>, confirmed by AWS there).
const SIGN_IN_CODE_DIGITS: usize = 8;

/// An `ACCESS_TOKEN` presented for a step-up that is not the `USERNAME`'s (the message is
/// inferred: none has been published).
fn token_of_another_user() -> ApiError {
    ApiError::not_authorized("The access token does not belong to the user.")
}

/// A first factor USER_AUTH can offer, as `AvailableChallenges`, `PREFERRED_CHALLENGE` and a
/// SELECT_CHALLENGE `ANSWER` name it ("PASSWORD, PASSWORD_SRP, EMAIL_OTP, SMS_OTP, and
/// WEB_AUTHN", botocore's RespondToAuthChallenge `ChallengeResponses`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FirstFactor {
    Password,
    PasswordSrp,
    EmailOtp,
    SmsOtp,
    WebAuthn,
}

impl FirstFactor {
    /// Every factor, in the order `AvailableChallenges` lists them (an assumption: the only
    /// public answers show `["PASSWORD", "PASSWORD_SRP"]`).
    const ALL: [FirstFactor; 5] = [
        FirstFactor::Password,
        FirstFactor::PasswordSrp,
        FirstFactor::EmailOtp,
        FirstFactor::SmsOtp,
        FirstFactor::WebAuthn,
    ];

    pub(super) fn as_str(self) -> &'static str {
        match self {
            Self::Password => "PASSWORD",
            Self::PasswordSrp => "PASSWORD_SRP",
            Self::EmailOtp => "EMAIL_OTP",
            Self::SmsOtp => "SMS_OTP",
            Self::WebAuthn => "WEB_AUTHN",
        }
    }

    pub(super) fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == name)
    }

    /// The `AllowedFirstAuthFactors` value that lets a pool offer it.
    fn pool_factor(self) -> AuthFactor {
        match self {
            Self::Password | Self::PasswordSrp => AuthFactor::Password,
            Self::EmailOtp => AuthFactor::EmailOtp,
            Self::SmsOtp => AuthFactor::SmsOtp,
            Self::WebAuthn => AuthFactor::WebAuthn,
        }
    }
}

/// The factors `pool` allows and `can` says yes to, in `FirstFactor::ALL`'s order.
fn allowed_by(pool: &Pool, can: impl Fn(FirstFactor) -> bool) -> Vec<FirstFactor> {
    FirstFactor::ALL
        .into_iter()
        .filter(|f| pool.allowed_first_auth_factors.contains(&f.pool_factor()) && can(*f))
        .collect()
}

/// What `user` is offered: the pool's allowed first factors the user can do. A password (in
/// the clear or by SRP) if the user has one; an email code to a verified email address, an SMS
/// code to a verified phone number; a passkey if the user registered one for the pool's relying
/// party (none can be used without a relying party id, nor after it changed). That the offer
/// depends on the user's attributes is an assumption: AWS says the choices depend on "the user
/// pool and the user", and requires passwordless users' attributes to be verified at sign-up
/// (<https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html>).
///
/// No code as the only factor for a user with MFA, nor in a pool that requires MFA: "Amazon
/// Cognito does not support enabling both MFA and passwordless sign-in (including passkeys, SMS
/// OTP, and email OTP) for the same user" (aws-amplify/docs PR #8567, merged 2026-04-20, citing
/// Cognito's MFA prerequisites). The exception is passkey MFA: a user who turned it on, in a pool
/// whose `FactorConfiguration` is `MULTI_FACTOR_WITH_USER_VERIFICATION`, may sign in with a
/// passkey (user verification required) and no code: "passkey sign-in is available when MFA is
/// required" (API_WebAuthnMfaSettingsType); "a passkey with user verification … counts as both
/// factors on its own, and password sign-in still asks for the code" (observed against Cognito,
/// radubc/dolphin_web_admin `docs/auth.md`).
pub(super) fn offered_to(pool: &Pool, user: &User) -> Vec<FirstFactor> {
    let passwordless = passwordless_allowed(pool) && user.active_mfa(pool).is_empty();
    let passkey = passwordless || user.passkey_counts_as_mfa(pool);
    allowed_by(pool, |f| match f {
        FirstFactor::Password | FirstFactor::PasswordSrp => user.has_password(),
        FirstFactor::EmailOtp => passwordless && user.verified_email().is_some(),
        FirstFactor::SmsOtp => passwordless && user.verified_phone().is_some(),
        FirstFactor::WebAuthn => passkey && !usable_passkeys(pool, user).is_empty(),
    })
}

/// A pool that requires MFA offers no code as the only factor (see [`offered_to`]).
fn passwordless_allowed(pool: &Pool) -> bool {
    pool.mfa != MfaConfiguration::On
}

/// What a sign-in name that is nobody is offered: what the most common user of a pool that signs
/// in with email has (a password and a verified email, no phone, no passkey), so an offer
/// reveals nothing about whether the account exists. Whatever is chosen then fails as it would
/// for a real user who got it wrong (the stand-in's USER_SRP_AUTH does the same).
fn offered_to_nobody(pool: &Pool) -> Vec<FirstFactor> {
    allowed_by(pool, |f| match f {
        FirstFactor::Password | FirstFactor::PasswordSrp => true,
        FirstFactor::EmailOtp => passwordless_allowed(pool),
        FirstFactor::SmsOtp | FirstFactor::WebAuthn => false,
    })
}

/// The `AuthParameters` the password flows read, for `who`: its username (or, for nobody, the
/// name given), the `PASSWORD` or `SRP_A` of `given`, and the device `given` names, else the one
/// InitiateAuth named.
fn password_parameters(who: &SignIn, given: &Responses) -> Responses {
    let mut params = Responses::new();
    params.insert("USERNAME".into(), who.username.clone());
    for key in ["PASSWORD", "SRP_A"] {
        if let Some(value) = given.get(key) {
            params.insert(key.into(), value.clone());
        }
    }
    if let Some(device) = given.get("DEVICE_KEY").or(who.device_key.as_ref()) {
        params.insert("DEVICE_KEY".into(), device.clone());
    }
    params
}

impl Service {
    /// InitiateAuth USER_AUTH. Without `PREFERRED_CHALLENGE`: SELECT_CHALLENGE with
    /// `AvailableChallenges` ("If you don't provide a value for PREFERRED_CHALLENGE, Amazon
    /// Cognito responds with the AvailableChallenges parameter that specifies the available
    /// sign-in methods", botocore's `AuthParameters`). With one the user is offered: that
    /// factor at once. With one the user is not offered: SELECT_CHALLENGE with what is (an
    /// assumption, not documented). A value outside the five names: InvalidParameterException.
    pub(super) fn user_auth(
        &self,
        inner: &mut Inner,
        client_id: &str,
        params: &Responses,
    ) -> ApiResult<Value> {
        let name = field(params, "USERNAME")?;
        let preferred = params
            .get("PREFERRED_CHALLENGE")
            .map(|p| {
                FirstFactor::parse(p).ok_or_else(|| {
                    ApiError::invalid_parameter(format!(
                        "Invalid PREFERRED_CHALLENGE {p}: must be one of PASSWORD, PASSWORD_SRP, EMAIL_OTP, SMS_OTP, WEB_AUTHN"
                    ))
                })
            })
            .transpose()?;
        if Requested::named_in(params) {
            step_up::check_tier(inner.pool_of_client(client_id)?)?;
        }
        let step_up = Requested::from(params)?;
        // The access token a step-up presents: valid, and the factors it is credited with.
        let presented = match step_up.as_ref().and_then(Requested::access_token) {
            Some(token) => {
                let (pool_id, username) = inner.authenticate(token)?;
                let claims = crate::tokens::unverified_claims(token).unwrap_or_default();
                Some((pool_id, username, claims))
            }
            None => None,
        };
        let now = inner.clock.now_secs();
        let pool = inner.pool_of_client(client_id)?;
        let (who, options, known) = match pool.find_user(name) {
            Some(user) => {
                let mut who = sign_in(&pool.id, client_id, params, user.username.clone());
                if let Some(asked) = &step_up {
                    if let Some((pool_id, username, claims)) = &presented {
                        // "The USERNAME that you provide must match the user that the
                        // ACCESS_TOKEN was issued for" (API reference).
                        if *pool_id != pool.id || *username != user.username {
                            return Err(token_of_another_user());
                        }
                        who.proved = asked.credit(claims, now);
                    }
                    who.step_up = Some(asked.target(pool, user, &who.proved)?);
                }
                (who, offered_to(pool, user), true)
            }
            None if presented.is_some() => return Err(token_of_another_user()),
            // USER_AUTH is outside PreventUserExistenceErrors: for a name that is nobody Cognito
            // "returns a simulated response" whatever the setting (developer guide, "Managing
            // user existence error responses": it picks an allowed challenge at random; the
            // stand-in offers the commonest user's, fixed, which tells nothing apart either).
            None => (
                SignIn::new(&pool.id, client_id, name.to_owned()),
                offered_to_nobody(pool),
                false,
            ),
        };
        match preferred {
            Some(chosen) if options.contains(&chosen) => {
                self.start_first_factor(inner, who, known, chosen, params)
            }
            _ => Ok(self.first_factor_challenge(inner, &who, "SELECT_CHALLENGE", options, known)),
        }
    }

    /// Starts the first factor `chosen` (offered to `who`), with the `PASSWORD`, `SRP_A` or
    /// `DEVICE_KEY` that `given` (InitiateAuth's `AuthParameters` or a SELECT_CHALLENGE answer)
    /// carries.
    ///
    /// - `PASSWORD` with `PASSWORD`: checked as USER_PASSWORD_AUTH checks it (lockouts, "Incorrect
    ///   username or password."), then what a correct password leads to. This is what amplify-js
    ///   sends (`PREFERRED_CHALLENGE: PASSWORD` with `PASSWORD`, one round trip).
    /// - `PASSWORD_SRP` with `SRP_A`: PASSWORD_VERIFIER exactly as USER_SRP_AUTH (amplify-js's
    ///   `handlePasswordSRP`).
    /// - either without its secret: a `PASSWORD` / `PASSWORD_SRP` challenge to answer with it
    ///   (amplify-js handles Cognito asking those, `getSignInResult`; when Cognito does is not
    ///   documented, so this is an assumption).
    /// - `EMAIL_OTP` / `SMS_OTP`: an 8-digit code sent, and that challenge.
    /// - `WEB_AUTHN`: the WEB_AUTHN challenge with `CREDENTIAL_REQUEST_OPTIONS` (`passkeys`). A
    ///   `CREDENTIAL` sent along with a SELECT_CHALLENGE answer (which botocore documents) is not
    ///   read: it cannot answer a challenge not yet issued.
    pub(super) fn start_first_factor(
        &self,
        inner: &mut Inner,
        who: SignIn,
        known: bool,
        chosen: FirstFactor,
        given: &Responses,
    ) -> ApiResult<Value> {
        let client_id = who.client_id.clone();
        match chosen {
            FirstFactor::Password if given.contains_key("PASSWORD") => self.user_password_auth(
                inner,
                &client_id,
                &password_parameters(&who, given),
                Some(&who),
            ),
            FirstFactor::PasswordSrp if given.contains_key("SRP_A") => self.user_srp_auth(
                inner,
                &client_id,
                &password_parameters(&who, given),
                Some(&who),
            ),
            FirstFactor::Password | FirstFactor::PasswordSrp => {
                Ok(self.first_factor_challenge(inner, &who, chosen.as_str(), vec![chosen], known))
            }
            FirstFactor::EmailOtp | FirstFactor::SmsOtp => {
                self.send_sign_in_code(inner, &who, known, chosen)
            }
            FirstFactor::WebAuthn if known => self.start_web_authn_sign_in(inner, &who),
            FirstFactor::WebAuthn => Err(ApiError::internal(
                "WEB_AUTHN is never offered to a sign-in name that is nobody",
            )),
        }
    }

    /// A session waiting for a first factor: SELECT_CHALLENGE (`AvailableChallenges`, empty
    /// `ChallengeParameters`, as amplify-js's tests mock it), or PASSWORD / PASSWORD_SRP.
    fn first_factor_challenge(
        &self,
        inner: &mut Inner,
        who: &SignIn,
        asked: &'static str,
        options: Vec<FirstFactor>,
        known: bool,
    ) -> Value {
        let names: Vec<&str> = options.iter().map(|f| f.as_str()).collect();
        let step = Step::FirstFactor {
            asked,
            options,
            known,
        };
        let mut answer = self.challenge(inner, who, step, json!({}));
        if asked == "SELECT_CHALLENGE" {
            answer["AvailableChallenges"] = json!(names);
        }
        answer
    }

    /// EMAIL_OTP / SMS_OTP as a first factor: an 8-digit code "sent" (`/_local/codes`, purpose
    /// `sign-in`, and the terminal) to the user's verified address, and the challenge, with
    /// `CODE_DELIVERY_DELIVERY_MEDIUM` and `CODE_DELIVERY_DESTINATION` (masked as for MFA codes)
    /// as amplify-js reads them (`getSignInResult`). For nobody nothing is sent; the destination
    /// is the name given, masked.
    fn send_sign_in_code(
        &self,
        inner: &mut Inner,
        who: &SignIn,
        known: bool,
        factor: FirstFactor,
    ) -> ApiResult<Value> {
        let (challenge, medium) = match factor {
            FirstFactor::SmsOtp => ("SMS_OTP", "SMS"),
            _ => ("EMAIL_OTP", "EMAIL"),
        };
        let expires_at_ms = ms_after(self.clock.now_ms(), self.effective_code_ttl());
        let user = known
            .then(|| inner.user(&who.pool_id, &who.username).ok().cloned())
            .flatten();
        let (code, destination) = match user {
            // Only an account that could sign in is sent a code (an assumption: a disabled,
            // unconfirmed or reset-required account is never let in by a code, and sending it
            // one would be the only outward sign of it). A temporary password does not stop a
            // code: it is the password that has to change.
            Some(user)
                if user.enabled
                    && matches!(
                        user.status,
                        UserStatus::Confirmed | UserStatus::ForceChangePassword
                    ) =>
            {
                let code = random_digits(SIGN_IN_CODE_DIGITS);
                let masked =
                    inner.deliver(&self.cfg, &who.pool_id, &user, medium, "sign-in", &code);
                (Some(code), masked)
            }
            Some(user) => (None, mask(medium, &destination_of(&user, medium))),
            // Nobody: the name given, as a real account's stored address would read.
            None => (None, mask(medium, &who.username.to_lowercase())),
        };
        // No code for those sent none (nothing can match it), with the same expiry, so a late
        // answer reads "expired" for them as for anyone.
        let code = SentCode {
            code,
            expires_at_ms,
        };
        let params = json!({
            "CODE_DELIVERY_DELIVERY_MEDIUM": medium, "CODE_DELIVERY_DESTINATION": destination,
        });
        let step = Step::OtpSignIn {
            challenge,
            code,
            known,
        };
        Ok(self.challenge(inner, who, step, params))
    }
}

/// Where a code by `medium` would go for `user` (the address shown, masked, even when none is
/// sent).
fn destination_of(user: &User, medium: &str) -> String {
    let address = if medium == "SMS" {
        user.phone()
    } else {
        user.email()
    };
    address.unwrap_or(user.username.as_str()).to_owned()
}

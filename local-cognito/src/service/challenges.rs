//! RespondToAuthChallenge. The dispatcher checks that the answer fits the session (client,
//! challenge name, user) and routes it; each challenge has its own function.

use cognito_crypto::srp::parse_hex;
use cognito_crypto::totp;
use serde_json::{Value, json};

use super::attributes::new_password_attributes;
use super::auth::{check_totp, mfa_key, password_key};
use super::clock::ms_after;
use super::password::check_password_policy;
use super::random::random_digits;
use super::session::{AuthSession, SentCode, SignIn, Step};
use super::srp_exchange::{SrpExchange, srp_a, start_exchange, verify_claim};
use super::step_up;
use super::user::EMAIL_MFA_NOT_ENABLED;
use super::user_auth::FirstFactor;
use super::wire::{Responses, field, opt_str, req_str, str_map};
use super::{Inner, Service};
use crate::error::{ApiError, ApiResult};
use crate::store::{Pool, UserStatus};

/// How an MFA code was judged.
enum Verdict {
    Right,
    /// Counted against the user and the session.
    Wrong(ApiError),
}

/// An SMS / email code against the one sent. Cognito: the code is valid as long as the session
/// (AuthSessionValidity, <https://docs.aws.amazon.com/cognito/latest/developerguide/authentication.html>;
/// "valid for 3 minutes": <https://github.com/amazon-archives/amazon-cognito-identity-js/issues/54>).
/// It cannot be sent again in this session: an expired one takes the session with it.
///
/// Nothing sent means nothing is right; an answer that is not exactly the digits expected (their
/// number, digits only) is wrong before any comparison, so no empty or odd answer can ever match.
fn judge_sent_code(expected: Option<&SentCode>, code: &str, now_ms: i64) -> ApiResult<Verdict> {
    let wrong = || Ok(Verdict::Wrong(ApiError::wrong_mfa_code()));
    let Some(sent) = expected else {
        return wrong();
    };
    if now_ms > sent.expires_at_ms {
        return Err(ApiError::expired_code());
    }
    let Some(right) = sent.code.as_deref().filter(|c| !c.is_empty()) else {
        return wrong();
    };
    let well_formed = code.len() == right.len() && code.bytes().all(|b| b.is_ascii_digit());
    if well_formed && code == right {
        Ok(Verdict::Right)
    } else {
        wrong()
    }
}

/// Whether `address` can become the email of `username` in `pool`: it looks like an address
/// (InvalidParameterException "Invalid email address format.": **an assumption**, no capture
/// was found), and where email is the sign-in name no one else has it (AliasExistsException "An
/// account with the given email already exists.", as amplify-swift's tests have
/// UpdateUserAttributes answer).
pub(super) fn check_email_address(pool: &Pool, username: &str, address: &str) -> ApiResult<()> {
    let plausible = address.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty() && !domain.is_empty() && !address.chars().any(char::is_whitespace)
    });
    if !plausible {
        return Err(ApiError::invalid_parameter("Invalid email address format."));
    }
    let taken = pool.email_as_username
        && pool.users.values().any(|u| {
            u.username != username && u.email().is_some_and(|e| e.eq_ignore_ascii_case(address))
        });
    if taken {
        return Err(ApiError::new(
            "AliasExistsException",
            "An account with the given email already exists.",
        ));
    }
    Ok(())
}

impl Service {
    pub(super) fn respond_to_auth_challenge(&self, body: &Value) -> ApiResult<Value> {
        let client_id = req_str(body, "ClientId")?;
        let challenge = req_str(body, "ChallengeName")?;
        let responses = str_map(body, "ChallengeResponses");
        let mut inner = self.lock();
        inner.pool_of_client(client_id)?;
        if challenge == "PASSWORD_VERIFIER" {
            return self.password_verifier(&mut inner, client_id, &responses);
        }
        let token = opt_str(body, "Session").ok_or_else(|| ApiError::missing("Session"))?;
        let session = inner.take_session(token)?;
        if session.who.client_id != client_id || !session.step.accepts(challenge) {
            return Err(ApiError::invalid_session());
        }
        let claimed = field(&responses, "USERNAME")?;
        let same_user = if session.step.for_nobody() {
            // A name that is nobody: the name given again, so the answer fails like a real
            // user's wrong one (see `user_auth`).
            claimed.eq_ignore_ascii_case(&session.who.username)
        } else {
            inner
                .pool(&session.who.pool_id)?
                .find_username(claimed)
                .as_deref()
                == Some(session.who.username.as_str())
        };
        if !same_user {
            return Err(ApiError::invalid_session());
        }
        let inner = &mut inner;
        match session.step.clone() {
            Step::Code {
                challenge: "SOFTWARE_TOKEN_MFA",
                ..
            } => self.software_token_mfa(inner, token, session, &responses),
            Step::Code { challenge, code } => {
                self.sent_code(inner, token, session, challenge, code, &responses)
            }
            Step::SelectMfaType(options) => {
                self.select_mfa_type(inner, &session.who, &options, &responses)
            }
            Step::EmailSetup { code, email } => {
                self.email_setup_code(inner, token, session, code, email, &responses)
            }
            Step::NewPassword => self.new_password_required(inner, token, session, &responses),
            Step::MfaSetup | Step::MfaSetupAssociated => {
                self.mfa_setup(inner, token, session, &responses)
            }
            Step::MfaSetupVerified => {
                self.complete(inner, &session.who.clone().proving(step_up::OTP))
            }
            Step::DeviceSrp => self.device_srp_auth(inner, &session.who, &responses),
            Step::DevicePasswordVerifier(exchange) => {
                self.device_password_verifier(inner, &session.who, &exchange, &responses)
            }
            Step::FirstFactor { options, known, .. } => self.choose_first_factor(
                inner, token, session, challenge, &options, known, &responses,
            ),
            Step::OtpSignIn {
                challenge,
                code,
                known,
            } => self.otp_sign_in(inner, token, session, challenge, &code, known, &responses),
            Step::WebAuthn {
                challenge,
                rp_id,
                uv_required,
            } => self.web_authn(
                inner,
                token,
                session,
                challenge,
                &rp_id,
                uv_required,
                &responses,
            ),
        }
    }

    /// USER_AUTH's SELECT_CHALLENGE answered: `ANSWER` names one of the factors offered (with
    /// `PASSWORD` or `SRP_A` for those two), or the answer is named `PASSWORD` / `PASSWORD_SRP`
    /// itself. The same on a PASSWORD or PASSWORD_SRP challenge, which offers that one factor.
    /// The factor then starts as if InitiateAuth had preferred it (`user_auth`): a code sent,
    /// PASSWORD_VERIFIER, or the password checked. An answer that names no factor offered, or
    /// lacks its `PASSWORD` / `SRP_A`, gets InvalidParameterException and leaves the session
    /// usable for another answer (an assumption, as is the message).
    #[allow(clippy::too_many_arguments)]
    fn choose_first_factor(
        &self,
        inner: &mut Inner,
        token: &str,
        session: AuthSession,
        named: &str,
        options: &[FirstFactor],
        known: bool,
        responses: &Responses,
    ) -> ApiResult<Value> {
        let chosen = (|| {
            let answer = if named == "SELECT_CHALLENGE" {
                field(responses, "ANSWER")?.as_str()
            } else {
                named
            };
            let chosen = FirstFactor::parse(answer)
                .filter(|f| options.contains(f))
                .ok_or_else(|| {
                    ApiError::invalid_parameter(format!(
                        "{answer} is not an available challenge for this user"
                    ))
                })?;
            match chosen {
                FirstFactor::Password => field(responses, "PASSWORD").map(|_| chosen),
                FirstFactor::PasswordSrp => field(responses, "SRP_A").map(|_| chosen),
                _ => Ok(chosen),
            }
        })();
        match chosen {
            Ok(chosen) => self.start_first_factor(inner, session.who, known, chosen, responses),
            Err(e) => {
                inner.restore_session(token, session);
                Err(e)
            }
        }
    }

    /// USER_AUTH's EMAIL_OTP / SMS_OTP first factor: `EMAIL_OTP_CODE` / `SMS_OTP_CODE`, the code
    /// sent. Judged as an MFA code is: wrong codes count against the user's MFA lockout and the
    /// session; an expired code ends the session. A right one signs in (`after_first_factor`:
    /// a remembered device, else tokens; never MFA). `DEVICE_KEY` in the answer (amplify-js sends
    /// it with codes, `handleMFAChallenge`) names the device, else the one InitiateAuth named; a
    /// device that is not the user's: "Device does not exist.", and the session stays for the
    /// same answer without it, as after PASSWORD_VERIFIER.
    ///
    /// A session begun for a name that was nobody stays nobody's (`known`, fixed when it began):
    /// no code was sent, none is right, and it never issues tokens, even if an account with that
    /// name is created meanwhile.
    #[allow(clippy::too_many_arguments)]
    fn otp_sign_in(
        &self,
        inner: &mut Inner,
        token: &str,
        session: AuthSession,
        challenge: &'static str,
        expected: &SentCode,
        known: bool,
        responses: &Responses,
    ) -> ApiResult<Value> {
        let code = field(responses, code_member(challenge))?;
        // Nobody's wrong codes are counted under the name, as nobody's passwords are.
        let key = if known {
            mfa_key(&session.who)
        } else {
            password_key(&session.who.pool_id, None, &session.who.username)
        };
        self.answer_code(
            inner,
            token,
            session,
            &key,
            // Nobody's `expected` holds no code (so nothing is right) and the same expiry as
            // anyone's (so a late answer reads "expired" for nobody too).
            |inner, _| judge_sent_code(Some(expected), code, inner.clock.now_ms()),
            |inner, token, session| self.first_factor_done(inner, token, session, responses),
        )
    }

    /// USER_AUTH's WEB_AUTHN first factor: `CREDENTIAL`, the browser's
    /// `AuthenticationResponseJSON` as a string (amplify-js `handleWebAuthnSignInResult`:
    /// `ChallengeResponses: {USERNAME, CREDENTIAL: JSON.stringify(…)}`), checked against the
    /// session's challenge (`Inner::check_assertion`, W3C WebAuthn §7.2). Judged as a code is: a
    /// refused assertion reads NotAuthorizedException (RespondToAuthChallenge lists no WebAuthn*
    /// error, so the name is an assumption, as is the message) and counts against the user's MFA
    /// lockout and the session, which stays for another assertion on the same challenge. A right
    /// one signs in as a right first-factor code does; the session is then spent, so the same
    /// assertion cannot sign in twice.
    #[allow(clippy::too_many_arguments)]
    fn web_authn(
        &self,
        inner: &mut Inner,
        token: &str,
        session: AuthSession,
        challenge: [u8; 16],
        rp_id: &str,
        uv_required: bool,
        responses: &Responses,
    ) -> ApiResult<Value> {
        let credential = field(responses, "CREDENTIAL")?;
        let key = mfa_key(&session.who);
        let checked = std::cell::Cell::new(None);
        self.answer_code(
            inner,
            token,
            session,
            &key,
            |inner, who| {
                Ok(
                    match inner.check_assertion(who, credential, &challenge, rp_id, uv_required) {
                        Ok(count) => {
                            checked.set(Some(count));
                            Verdict::Right
                        }
                        Err(refusal) => Verdict::Wrong(ApiError::not_authorized(format!(
                            "Passkey authentication failed: {}",
                            refusal.message()
                        ))),
                    },
                )
            },
            |inner, token, session| {
                let who = session.who.clone();
                let signed_in = self.first_factor_done(inner, token, session, responses)?;
                // The counter moves only with a sign-in that went through.
                if let Some((id, count)) = checked.take() {
                    inner.store_sign_count(&who, &id, count);
                }
                Ok(signed_in)
            },
        )
    }

    /// After a right first factor (a code or a passkey): `DEVICE_KEY` in the answer names the
    /// device, else the one InitiateAuth named; a device that is not the user's: "Device does not
    /// exist.", and the session stays for the same answer without it, as after
    /// PASSWORD_VERIFIER. Then `after_first_factor`: a remembered device, else tokens.
    fn first_factor_done(
        &self,
        inner: &mut Inner,
        token: &str,
        mut session: AuthSession,
        responses: &Responses,
    ) -> ApiResult<Value> {
        let factor = match &session.step {
            Step::OtpSignIn {
                challenge: "SMS_OTP",
                ..
            } => step_up::SMS,
            Step::OtpSignIn { .. } => step_up::EMAIL_OTP,
            _ => step_up::SWK,
        };
        let mut who = session.who.clone().proving(factor);
        if let Some(device_key) = responses.get("DEVICE_KEY") {
            who.device_key = Some(device_key.clone());
        }
        if let Err(e) = inner.check_named_device(&who) {
            session.who.device_key = None;
            inner.restore_session(token, session);
            return Err(e);
        }
        self.after_first_factor(inner, who)
    }

    /// PASSWORD_VERIFIER: the client's proof for the SRP exchange USER_SRP_AUTH started.
    fn password_verifier(
        &self,
        inner: &mut Inner,
        client_id: &str,
        responses: &Responses,
    ) -> ApiResult<Value> {
        let (mut pending, expires_at_ms) =
            inner.take_password_verifier(field(responses, "PASSWORD_CLAIM_SECRET_BLOCK")?)?;
        // Checked before the password: during a lockout the right one is refused too.
        if inner.password_locked(&pending.lock_key) {
            return Err(ApiError::password_attempts_exceeded());
        }
        if pending.client_id != client_id {
            return Err(ApiError::wrong_credentials());
        }
        // A real user's proof, or nobody's against the decoy (`decoy`): one path, the same checks,
        // errors and SRP work, so no answer tells the two apart; nobody's right-looking proof is
        // still wrong credentials.
        let checked = (|| -> ApiResult<()> {
            let pool = inner.pool_of_client(client_id)?;
            let named = field(responses, "USERNAME")?;
            let (user_id, verifier) = match (&pending.who, &pending.decoy) {
                (Some(who), _) => {
                    if pool.find_username(named).as_deref() != Some(who.username.as_str()) {
                        return Err(ApiError::wrong_credentials());
                    }
                    let user = pool
                        .users
                        .get(&who.username)
                        .ok_or_else(ApiError::wrong_credentials)?;
                    (
                        who.username.clone(),
                        parse_hex(&user.verifier_hex).unwrap_or_default(),
                    )
                }
                (None, Some((user_id, verifier))) => {
                    if named != user_id {
                        return Err(ApiError::wrong_credentials());
                    }
                    (user_id.clone(), verifier.clone())
                }
                (None, None) => return Err(ApiError::wrong_credentials()),
            };
            verify_claim(
                &pending.exchange,
                &verifier,
                &pool.name,
                &user_id,
                responses,
                inner.clock.now_secs(),
            )?;
            if pending.who.is_none() {
                return Err(ApiError::wrong_credentials());
            }
            Ok(())
        })();
        let Some(mut who) = pending.who.clone().filter(|_| checked.is_ok()) else {
            let e = checked.err().unwrap_or_else(ApiError::wrong_credentials);
            if e == ApiError::wrong_credentials() {
                inner.password_failed(&pending.lock_key);
            }
            return Err(e);
        };
        match checked {
            Ok(()) => inner.password_failures.succeed(&pending.lock_key),
            Err(e) => {
                if e == ApiError::wrong_credentials() {
                    inner.password_failed(&pending.lock_key);
                }
                return Err(e);
            }
        }
        // The device: DEVICE_KEY here (what amazon-cognito-identity-js and amplify-js send), else
        // the one InitiateAuth named.
        if let Some(device_key) = responses.get("DEVICE_KEY") {
            who.device_key = Some(device_key.clone());
        }
        // Not the user's: "Device does not exist.", and the exchange stays for the same answer
        // again without the device, which is how both SDKs recover (amazon-cognito-identity-js
        // resends this very request with `DEVICE_KEY: null`, amazon-archives/
        // amazon-cognito-identity-js#206; amplify-js v6 signs the same Session again,
        // `retryOnResourceNotFoundException`, aws-amplify/amplify-js#12241). The device named in
        // InitiateAuth is dropped with it, or a resend could never get past it.
        if let Err(e) = inner.check_named_device(&who) {
            if let Some(w) = pending.who.as_mut() {
                w.device_key = None;
            }
            inner.restore_password_verifier(pending, expires_at_ms);
            return Err(e);
        }
        self.after_password(inner, who)
    }

    /// SOFTWARE_TOKEN_MFA: a TOTP code from the user's authenticator, never one used before.
    fn software_token_mfa(
        &self,
        inner: &mut Inner,
        token: &str,
        session: AuthSession,
        responses: &Responses,
    ) -> ApiResult<Value> {
        let code = field(responses, "SOFTWARE_TOKEN_MFA_CODE")?;
        self.answer_mfa_code(inner, token, session, |inner, who| {
            let now_secs = inner.clock.now_secs();
            let user = inner.user_mut(&who.pool_id, &who.username)?;
            let Some(key) = user
                .mfa
                .totp_secret
                .as_deref()
                .and_then(|s| totp::decode_secret(s).ok())
            else {
                return Err(ApiError::new(
                    "SoftwareTokenMFANotFoundException",
                    "Software Token MFA has not been enabled by the user.",
                ));
            };
            Ok(
                match check_totp(&key, code, user.mfa.last_totp_step, now_secs) {
                    Ok(step) => {
                        user.mfa.last_totp_step = Some(step);
                        Verdict::Right
                    }
                    Err(e) => Verdict::Wrong(e),
                },
            )
        })
    }

    /// SMS_MFA or EMAIL_OTP: the code sent when the challenge was asked.
    fn sent_code(
        &self,
        inner: &mut Inner,
        token: &str,
        session: AuthSession,
        challenge: &'static str,
        expected: Option<SentCode>,
        responses: &Responses,
    ) -> ApiResult<Value> {
        let code = field(responses, code_member(challenge))?;
        self.answer_mfa_code(inner, token, session, |inner, who| {
            let verdict = judge_sent_code(expected.as_ref(), code, inner.clock.now_ms())?;
            if matches!(verdict, Verdict::Right) {
                // "When a user completes their first MFA, Amazon Cognito marks their email
                // address or phone number as verified"
                // (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa-sms-email-message.html).
                let attribute = if challenge == "SMS_MFA" {
                    "phone_number_verified"
                } else {
                    "email_verified"
                };
                inner
                    .user_mut(&who.pool_id, &who.username)?
                    .attributes
                    .insert(attribute.into(), "true".into());
            }
            Ok(verdict)
        })
    }

    /// An MFA code answer under the user's MFA lockout. While the user's MFA is locked every
    /// answer, even the right code, is refused; the session stays for a try after the lockout.
    /// "After five unsuccessful attempts to present an MFA code, Amazon Cognito begins the
    /// exponential-timeout lockout process": https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html
    /// Otherwise `judge` decides: a right code completes the sign-in and starts the count over; a
    /// wrong one counts against the user and the session; an error from `judge` is returned as
    /// it is (the session is gone, nothing counted).
    fn answer_mfa_code(
        &self,
        inner: &mut Inner,
        token: &str,
        session: AuthSession,
        judge: impl FnOnce(&mut Inner, &SignIn) -> ApiResult<Verdict>,
    ) -> ApiResult<Value> {
        let key = mfa_key(&session.who);
        let factor = step_up::amr_of_mfa(session.step.challenge_name());
        self.answer_code(inner, token, session, &key, judge, |inner, _, session| {
            self.complete(inner, &session.who.clone().proving(factor))
        })
    }

    /// A code answer counted under the MFA failure counter `key`: refused during its lockout
    /// (the session stays), else judged; a right code starts the count over and `then` goes on
    /// with the session, a wrong one counts against `key` and the session.
    fn answer_code(
        &self,
        inner: &mut Inner,
        token: &str,
        session: AuthSession,
        key: &str,
        judge: impl FnOnce(&mut Inner, &SignIn) -> ApiResult<Verdict>,
        then: impl FnOnce(&mut Inner, &str, AuthSession) -> ApiResult<Value>,
    ) -> ApiResult<Value> {
        if inner.mfa_locked(key) {
            inner.restore_session(token, session);
            return Err(ApiError::mfa_locked());
        }
        match judge(inner, &session.who)? {
            Verdict::Right => {
                inner.mfa_failures.succeed(key);
                then(inner, token, session)
            }
            Verdict::Wrong(e) => {
                inner.mfa_failed(key);
                inner.retry_session(token, session);
                Err(e)
            }
        }
    }

    /// SELECT_MFA_TYPE: one of the methods offered; its challenge follows.
    fn select_mfa_type(
        &self,
        inner: &mut Inner,
        who: &SignIn,
        options: &[&'static str],
        responses: &Responses,
    ) -> ApiResult<Value> {
        let answer = field(responses, "ANSWER")?;
        let Some(&chosen) = options.iter().find(|o| **o == answer.as_str()) else {
            return Err(ApiError::invalid_parameter(format!(
                "{answer} is not a valid MFA type for this user"
            )));
        };
        self.mfa_challenge(inner, who, chosen)
    }

    /// NEW_PASSWORD_REQUIRED: the user's own password replaces the temporary one, and the
    /// `userAttributes.*` given set the required attributes the user lacked (checked in
    /// `attributes`); the sign-in goes on as after a password.
    fn new_password_required(
        &self,
        inner: &mut Inner,
        token: &str,
        session: AuthSession,
        responses: &Responses,
    ) -> ApiResult<Value> {
        let new_password = field(responses, "NEW_PASSWORD")?;
        let who = session.who.clone();
        let checked = inner.pool(&who.pool_id).and_then(|pool| {
            check_password_policy(&pool.password_policy, new_password)?;
            let user = pool
                .users
                .get(&who.username)
                .ok_or_else(ApiError::user_not_found)?;
            new_password_attributes(pool, user, responses)
        });
        // A password or attributes refused leave the session usable for another try.
        let attributes = match checked {
            Ok(attributes) => attributes,
            Err(e) => {
                inner.retry_session(token, session);
                return Err(e);
            }
        };
        let user = inner.set_password(&who.pool_id, &who.username, new_password)?;
        user.status = UserStatus::Confirmed;
        user.attributes.extend(attributes);
        self.after_password(inner, who)
    }

    /// MFA_SETUP: answered once VerifySoftwareToken has accepted a code in this sign-in (TOTP),
    /// or with `EMAIL`, the address to set email MFA up with.
    ///
    /// The `EMAIL` answer is what amplify-js v6 sends (`handleMFASetupChallenge`:
    /// `challengeResponses.EMAIL = challengeResponse` with `USERNAME`, ChallengeName MFA_SETUP,
    /// since aws-amplify/amplify-js#13945) and amplify-swift too (`case .mfaSetup: return
    /// "EMAIL"`); AWS documents only the TOTP answer. Cognito answers with an EMAIL_OTP
    /// challenge, its code sent to that address (amplify-js's tests:
    /// `CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'j***@a***'`).
    fn mfa_setup(
        &self,
        inner: &mut Inner,
        token: &str,
        session: AuthSession,
        responses: &Responses,
    ) -> ApiResult<Value> {
        let Some(address) = responses.get("EMAIL") else {
            return Err(ApiError::invalid_parameter(
                "Software token has not been verified; call VerifySoftwareToken first",
            ));
        };
        match self.start_email_setup(inner, &session.who, address) {
            Ok(answer) => Ok(answer),
            Err(e) => {
                // Refused before any code was sent: the user may correct the address.
                inner.restore_session(token, session);
                Err(e)
            }
        }
    }

    /// Sends an email MFA code to `address` and asks for it (EMAIL_OTP), if the pool has email
    /// MFA and the address can be the user's.
    fn start_email_setup(
        &self,
        inner: &mut Inner,
        who: &SignIn,
        address: &str,
    ) -> ApiResult<Value> {
        let pool = inner.pool(&who.pool_id)?;
        if !pool.email_mfa {
            return Err(ApiError::invalid_parameter(EMAIL_MFA_NOT_ENABLED));
        }
        check_email_address(pool, &who.username, address)?;
        let user = pool
            .users
            .get(&who.username)
            .cloned()
            .ok_or_else(ApiError::user_not_found)?;
        let code = random_digits(6);
        let masked = inner.deliver_to(
            &self.cfg,
            &who.pool_id,
            &user,
            "EMAIL",
            "sign-in",
            &code,
            address,
        );
        let params = json!({
            "CODE_DELIVERY_DELIVERY_MEDIUM": "EMAIL", "CODE_DELIVERY_DESTINATION": masked,
            "USER_ID_FOR_SRP": who.username,
        });
        let step = Step::EmailSetup {
            code: SentCode {
                code: Some(code),
                expires_at_ms: ms_after(self.clock.now_ms(), self.effective_code_ttl()),
            },
            email: address.to_owned(),
        };
        Ok(self.challenge(inner, who, step, params))
    }

    /// EMAIL_OTP after an MFA_SETUP `EMAIL` answer: the code sent to the new address. A right one
    /// makes that address the user's email, verified ("When a user completes their first MFA,
    /// Amazon Cognito marks their email address or phone number as verified",
    /// user-pool-settings-mfa-sms-email-message), and email MFA on and preferred, as a TOTP set
    /// up during sign-in is; then tokens.
    ///
    /// That the address given replaces an email attribute the user already had is an
    /// assumption: Cognito sends email MFA codes to the `email` attribute, so a set-up address
    /// that stayed apart from it could never receive one.
    fn email_setup_code(
        &self,
        inner: &mut Inner,
        token: &str,
        session: AuthSession,
        expected: SentCode,
        email: String,
        responses: &Responses,
    ) -> ApiResult<Value> {
        let code = field(responses, "EMAIL_OTP_CODE")?;
        self.answer_mfa_code(inner, token, session, |inner, who| {
            let verdict = judge_sent_code(Some(&expected), code, inner.clock.now_ms())?;
            if matches!(verdict, Verdict::Right) {
                let user = inner.user_mut(&who.pool_id, &who.username)?;
                user.attributes.insert("email".into(), email);
                user.attributes
                    .insert("email_verified".into(), "true".into());
                user.mfa.email_enabled = true;
                user.mfa.preferred = Some("EMAIL_OTP".into());
                user.modified = self.clock.now_f64();
            }
            Ok(verdict)
        })
    }

    /// DEVICE_SRP_AUTH: the remembered device starts its own SRP exchange.
    fn device_srp_auth(
        &self,
        inner: &mut Inner,
        who: &SignIn,
        responses: &Responses,
    ) -> ApiResult<Value> {
        let device_key = field(responses, "DEVICE_KEY")?;
        if who.device_key.as_deref() != Some(device_key.as_str()) {
            return Err(ApiError::invalid_session());
        }
        let a_pub = srp_a(field(responses, "SRP_A")?)?;
        let device = inner.device_secret(who, device_key)?;
        let exchange = start_exchange(&device.verifier, a_pub);
        let params = json!({
            "SRP_B": exchange.b_pub.to_str_radix(16), "SALT": device.salt_hex,
            "SECRET_BLOCK": exchange.secret_block, "USERNAME": who.username, "DEVICE_KEY": device_key,
        });
        let step = Step::DevicePasswordVerifier(Box::new(exchange));
        Ok(self.challenge(inner, who, step, params))
    }

    /// DEVICE_PASSWORD_VERIFIER: the device's proof; tokens, without MFA.
    fn device_password_verifier(
        &self,
        inner: &mut Inner,
        who: &SignIn,
        exchange: &SrpExchange,
        responses: &Responses,
    ) -> ApiResult<Value> {
        let device_key = who
            .device_key
            .clone()
            .ok_or_else(ApiError::invalid_session)?;
        // The SDKs send the device again here (amazon-cognito-identity-js `getDeviceResponse`,
        // amplify-js `handleDevicePasswordVerifier`); the API reference lists it.
        if *field(responses, "DEVICE_KEY")? != device_key {
            return Err(ApiError::invalid_session());
        }
        let device = inner.device_secret(who, &device_key)?;
        verify_claim(
            exchange,
            &device.verifier,
            &device.group_key,
            &device_key,
            responses,
            inner.clock.now_secs(),
        )?;
        let user = inner.user_mut(&who.pool_id, &who.username)?;
        if let Some(d) = user.devices.iter_mut().find(|d| d.key == device_key) {
            d.last_authenticated = self.clock.now_f64();
        }
        let result = inner.sign_in_tokens(&self.cfg, who, Some(device_key))?;
        Ok(json!({ "AuthenticationResult": result, "ChallengeParameters": {} }))
    }
}

/// The ChallengeResponses member that carries a sent code, per challenge (botocore's
/// RespondToAuthChallenge `ChallengeResponses` documentation).
fn code_member(challenge: &str) -> &'static str {
    match challenge {
        "SMS_MFA" => "SMS_MFA_CODE",
        "SMS_OTP" => "SMS_OTP_CODE",
        _ => "EMAIL_OTP_CODE",
    }
}

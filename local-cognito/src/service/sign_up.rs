//! Self-service without a session: SignUp, ConfirmSignUp, ResendConfirmationCode,
//! ForgotPassword and ConfirmForgotPassword (the codes themselves are `codes`).
//!
//! A user name that is nobody is answered as the app client's PreventUserExistenceErrors says
//! ("Managing user existence error responses", developer guide; botocore's
//! `PreventUserExistenceErrors`): ENABLED, as a real user would be (a simulated delivery for a
//! code, CodeMismatchException for an answer); LEGACY, UserNotFoundException "Username/client id
//! combination not found." (aws-amplify/amplify-js#7323).

use serde_json::{Value, json};

use super::attributes::{check_client_attributes, check_sign_up_attributes};
use super::codes::{code_mismatch, medium_for};
use super::delivery::mask;
use super::password::check_password_policy;
use super::user::new_user;
use super::wire::{attribute_list, req_str};
use super::{Inner, Service};
use crate::error::{ApiError, ApiResult};
use crate::store::{CodePurpose, UserStatus};

/// LEGACY's answer for a name that is nobody, on the code operations.
fn no_such_user() -> ApiError {
    ApiError::new(
        "UserNotFoundException",
        "Username/client id combination not found.",
    )
}

/// "Invalid phone number format." (InvalidParameterException, as Cognito answers a
/// phone_number that is not `+` and digits: aws-amplify/amplify-js#4318 and others).
pub(super) fn check_phone_number(phone: &str) -> ApiResult<()> {
    let digits = phone.strip_prefix('+').unwrap_or_default();
    if (7..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(ApiError::invalid_parameter("Invalid phone number format."))
    }
}

impl Inner {
    /// In a pool where `attribute` (email or phone_number) is an alias, the other user who has
    /// the same value verified: confirming it for `username` would move the alias.
    pub(super) fn alias_holder(
        &self,
        pool_id: &str,
        username: &str,
        attribute: &str,
    ) -> ApiResult<Option<String>> {
        let pool = self.pool(pool_id)?;
        if pool.attributes_as_username() || !pool.alias(attribute) {
            return Ok(None);
        }
        let Some(value) = pool
            .users
            .get(username)
            .and_then(|u| u.attributes.get(attribute))
        else {
            return Ok(None);
        };
        let verified = |u: &crate::store::User| match attribute {
            "email" => u
                .verified_email()
                .is_some_and(|e| e.eq_ignore_ascii_case(value)),
            _ => u.verified_phone() == Some(value.as_str()),
        };
        Ok(pool
            .users
            .values()
            .find(|u| u.username != username && verified(u))
            .map(|u| u.username.clone()))
    }

    /// The user a code operation of `client_id` names, or how to answer for nobody.
    fn code_user(&self, client_id: &str, name: &str) -> ApiResult<Option<(String, String)>> {
        match self.client_user(client_id, name) {
            Ok(found) => Ok(Some(found)),
            Err(e) if e.kind == "UserNotFoundException" => {
                if self.client(client_id)?.prevent_user_existence_errors {
                    Ok(None)
                } else {
                    Err(no_such_user())
                }
            }
            Err(e) => Err(e),
        }
    }
}

/// The delivery ENABLED simulates for nobody: "the simulated delivery medium is determined by
/// the input user name format" (developer guide); the destination masked as a real one would be.
fn simulated_delivery(name: &str) -> Value {
    let (medium, attribute) = if name.contains('@') {
        ("EMAIL", "email")
    } else {
        ("SMS", "phone_number")
    };
    json!({ "Destination": mask(medium, &name.to_lowercase()), "DeliveryMedium": medium, "AttributeName": attribute })
}

impl Service {
    /// SignUp. Where email is the user name, the email attribute is the user name (a different
    /// one is not taken); an account with that email already: UsernameExistsException.
    pub(super) fn sign_up(&self, body: &Value) -> ApiResult<Value> {
        let client_id = req_str(body, "ClientId")?;
        let name = req_str(body, "Username")?;
        let password = req_str(body, "Password")?;
        let mut attributes = attribute_list(body, "UserAttributes");
        let mut inner = self.lock();
        let pool = inner.pool_of_client(client_id)?;
        check_client_attributes(pool, &attributes)?;
        // Where email or a phone number is the user name, the name is that attribute (Cognito
        // refuses a user name that is neither: "Username should be either an email or a phone
        // number.", an assumption from user reports).
        let as_phone = pool.phone_as_username && name.starts_with('+');
        let as_email = pool.email_as_username && name.contains('@');
        if pool.attributes_as_username() && !as_phone && !as_email {
            return Err(ApiError::invalid_parameter(
                "Username should be either an email or a phone number.",
            ));
        }
        if as_email {
            attributes.insert("email".into(), name.to_owned());
        }
        if as_phone {
            attributes.insert("phone_number".into(), name.to_owned());
        }
        if let Some(phone) = attributes.get("phone_number") {
            check_phone_number(phone)?;
        }
        check_sign_up_attributes(pool, &attributes)?;
        let taken_by_name = pool.attributes_as_username()
            && pool.users.values().any(|u| {
                (as_email && u.email().is_some_and(|e| e.eq_ignore_ascii_case(name)))
                    || (as_phone && u.phone() == Some(name))
            });
        if pool.find_user(name).is_some() || taken_by_name {
            return Err(ApiError::new(
                "UsernameExistsException",
                if as_phone {
                    "An account with the given phone_number already exists."
                } else if as_email {
                    "An account with the given email already exists."
                } else {
                    "User already exists"
                },
            ));
        }
        check_password_policy(&pool.password_policy, password)?;
        let pool_id = pool.id.clone();
        let now = self.clock.now_f64();
        let user = new_user(
            pool,
            name,
            password,
            attributes,
            UserStatus::Unconfirmed,
            now,
        );
        let (username, sub) = (user.username.clone(), user.sub.clone());
        inner
            .pool_mut(&pool_id)?
            .users
            .insert(username.clone(), user);
        let delivery =
            inner.send_code(&self.cfg, &pool_id, &username, CodePurpose::ConfirmSignUp)?;
        Ok(json!({ "UserConfirmed": false, "UserSub": sub, "CodeDeliveryDetails": delivery }))
    }

    pub(super) fn confirm_sign_up(&self, body: &Value) -> ApiResult<Value> {
        let client_id = req_str(body, "ClientId")?;
        let name = req_str(body, "Username")?;
        let code = req_str(body, "ConfirmationCode")?;
        let mut inner = self.lock();
        let Some((pool_id, username)) = inner.code_user(client_id, name)? else {
            return Err(code_mismatch());
        };
        let status = inner.user(&pool_id, &username)?.status;
        if status != UserStatus::Unconfirmed {
            return Err(ApiError::not_authorized(format!(
                "User cannot be confirmed. Current status is {}",
                status.as_str()
            )));
        }
        // Confirming proves the address the code went to (`codes::medium_for`).
        let (_, verified) =
            medium_for(inner.user(&pool_id, &username)?, CodePurpose::ConfirmSignUp);
        let force = body["ForceAliasCreation"].as_bool().unwrap_or(false);
        let holder = inner.alias_holder(&pool_id, &username, verified)?;
        if holder.is_some() && !force {
            // "If set to False, the API will throw an AliasExistsException error" (API
            // reference, ConfirmSignUp, ForceAliasCreation); checked before the code is used.
            return Err(ApiError::new(
                "AliasExistsException",
                if verified == "email" {
                    "An account with the email already exists."
                } else {
                    "An account with the phone_number already exists."
                },
            ));
        }
        inner.redeem_code(&pool_id, &username, CodePurpose::ConfirmSignUp, code)?;
        if let Some(previous) = holder {
            // "the API call will migrate the alias from the previous user to the newly created
            // user being confirmed" (the same reference).
            let them = inner.user_mut(&pool_id, &previous)?;
            them.attributes
                .insert(format!("{verified}_verified"), "false".into());
        }
        let user = inner.user_mut(&pool_id, &username)?;
        user.status = UserStatus::Confirmed;
        user.attributes
            .insert(format!("{verified}_verified"), "true".into());
        // "A session identifier that you can use to immediately sign in the confirmed user"
        // (botocore, ConfirmSignUpResponse): USER_AUTH with it signs in with no challenge.
        let who = super::session::SignIn::new(&pool_id, client_id, username);
        let session = inner.new_sign_up_session(self.session_ttl(), who);
        Ok(json!({ "Session": session }))
    }

    /// ResendConfirmationCode. A confirmed user has nothing to confirm: InvalidParameterException
    /// "User is already confirmed." (aws-amplify/amplify-ui#219; amplify-js#14762 reports that
    /// Cognito may now answer without an error there, which would hide whether the user exists;
    /// the documented refusal is kept).
    pub(super) fn resend_confirmation_code(&self, body: &Value) -> ApiResult<Value> {
        self.send_code_for(body, CodePurpose::ConfirmSignUp)
    }

    pub(super) fn forgot_password(&self, body: &Value) -> ApiResult<Value> {
        self.send_code_for(body, CodePurpose::ResetPassword)
    }

    /// A new `purpose` code for the user a client names. Nobody, a disabled user, and (for a
    /// reset) a user with neither a verified email nor a verified phone get a simulated delivery under
    /// PreventUserExistenceErrors ENABLED ("An unknown, disabled or unverified user", developer
    /// guide, "Managing user existence error responses"); under LEGACY, the errors Cognito gives:
    /// "User is disabled." and InvalidParameterException "Cannot reset password for the user as
    /// there is no registered/verified email or phone_number"
    /// (amazon-archives/amazon-cognito-identity-js#678, aws-amplify/aws-sdk-android#142).
    fn send_code_for(&self, body: &Value, purpose: CodePurpose) -> ApiResult<Value> {
        let client_id = req_str(body, "ClientId")?;
        let name = req_str(body, "Username")?;
        let mut inner = self.lock();
        let hides_users = inner.client(client_id)?.prevent_user_existence_errors;
        let Some((pool_id, username)) = inner.code_user(client_id, name)? else {
            return Ok(json!({ "CodeDeliveryDetails": simulated_delivery(name) }));
        };
        let user = inner.user(&pool_id, &username)?;
        let refusal = if !user.enabled {
            Some(ApiError::not_authorized("User is disabled."))
        } else if purpose == CodePurpose::ResetPassword
            && user.verified_email().is_none()
            && user.verified_phone().is_none()
        {
            Some(ApiError::invalid_parameter(
                "Cannot reset password for the user as there is no registered/verified email or phone_number",
            ))
        } else {
            None
        };
        match refusal {
            Some(_) if hides_users => {
                return Ok(json!({ "CodeDeliveryDetails": simulated_delivery(name) }));
            }
            Some(e) => return Err(e),
            None => {}
        }
        if purpose == CodePurpose::ConfirmSignUp && user.status != UserStatus::Unconfirmed {
            return Err(ApiError::invalid_parameter("User is already confirmed."));
        }
        let delivery = inner.send_code(&self.cfg, &pool_id, &username, purpose)?;
        Ok(json!({ "CodeDeliveryDetails": delivery }))
    }

    pub(super) fn confirm_forgot_password(&self, body: &Value) -> ApiResult<Value> {
        let client_id = req_str(body, "ClientId")?;
        let name = req_str(body, "Username")?;
        let code = req_str(body, "ConfirmationCode")?;
        let password = req_str(body, "Password")?;
        // The policy first (the client's pool's, not the user's): checked after the look-up, a
        // weak password would tell a real user (InvalidPasswordException) from nobody
        // (CodeMismatchException).
        let mut inner = self.lock();
        check_password_policy(&inner.pool_of_client(client_id)?.password_policy, password)?;
        let Some((pool_id, username)) = inner.code_user(client_id, name)? else {
            return Err(code_mismatch());
        };
        inner.redeem_code(&pool_id, &username, CodePurpose::ResetPassword, code)?;
        let user = inner.set_password(&pool_id, &username, password)?;
        if user.status == UserStatus::ResetRequired {
            user.status = UserStatus::Confirmed;
        }
        inner.sign_out_everywhere(&pool_id, &username)?;
        Ok(json!({}))
    }
}

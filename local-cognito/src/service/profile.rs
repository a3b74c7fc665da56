//! What a signed-in user changes of their own profile with an access token: UpdateUserAttributes,
//! GetUserAttributeVerificationCode and VerifyUserAttribute (a contact's code), and
//! DeleteUserAttributes, DeleteUser. Shapes and errors as botocore's model has them.
//!
//! An email or phone number changed: its `*_verified` flag goes false and a code goes to the new
//! value; where the pool lists the attribute in `AttributesRequireVerificationBeforeUpdate`, the
//! new value waits instead ("this request doesn't immediately update the value of that
//! attribute… Your user can sign in and receive messages with the original attribute value until
//! they verify the new value", API reference, UpdateUserAttributes), and GetUser keeps showing the
//! old value, verified (observed by the Amplify team, aws-amplify/amplify-js#10967).

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::Service;
use super::attributes::{check_client_attributes, check_mutable};
use super::challenges::check_email_address;
use super::sign_up::check_phone_number;
use super::wire::{attribute_list, req_str};
use crate::error::{ApiError, ApiResult};
use crate::store::CodePurpose;

/// The contacts a code verifies, and the purpose of that code.
fn contact_purpose(attribute: &str) -> Option<CodePurpose> {
    match attribute {
        "email" => Some(CodePurpose::VerifyEmail),
        "phone_number" => Some(CodePurpose::VerifyPhone),
        _ => None,
    }
}

impl Service {
    pub(super) fn update_user_attributes(&self, body: &Value) -> ApiResult<Value> {
        let token = req_str(body, "AccessToken")?;
        let attributes = attribute_list(body, "UserAttributes");
        let mut inner = self.lock();
        let (pool_id, username) = inner.authenticate(token)?;
        let pool = inner.pool(&pool_id)?;
        check_client_attributes(pool, &attributes)?;
        check_mutable(pool, attributes.keys())?;
        for (name, value) in &attributes {
            match name.as_str() {
                "email" if !value.is_empty() => check_email_address(pool, &username, value)?,
                "phone_number" if !value.is_empty() => {
                    check_phone_number(value)?;
                    let taken = pool.phone_as_username
                        && pool
                            .users
                            .values()
                            .any(|u| u.username != username && u.phone() == Some(value.as_str()));
                    if taken {
                        return Err(ApiError::new(
                            "AliasExistsException",
                            "An account with the given phone_number already exists.",
                        ));
                    }
                }
                _ => {}
            }
        }
        let cannot_go = |n: &str| {
            pool.required_attributes.iter().any(|r| r == n)
                || (n == "email" && pool.email_as_username)
                || (n == "phone_number" && pool.phone_as_username)
        };
        if let Some((n, _)) = attributes
            .iter()
            .find(|(n, v)| v.is_empty() && cannot_go(n))
        {
            return Err(ApiError::invalid_parameter(format!(
                "Cannot delete the required attribute {n}"
            )));
        }
        let waits: Vec<String> = pool.verify_before_update.clone();
        let user = inner.user_mut(&pool_id, &username)?;
        let mut to_verify = Vec::new();
        for (name, value) in attributes {
            let changed = user.attributes.get(&name) != Some(&value);
            // "To delete an attribute from the user, submit the attribute in your API request
            // with a blank value" (API reference).
            if value.is_empty() {
                user.attributes.remove(&name);
                user.pending_attributes.remove(&name);
                if contact_purpose(&name).is_some() {
                    user.attributes.remove(&format!("{name}_verified"));
                }
                continue;
            }
            if !changed {
                user.pending_attributes.remove(&name);
                continue;
            }
            match contact_purpose(&name) {
                Some(purpose) if waits.contains(&name) => {
                    user.pending_attributes.insert(name, value);
                    to_verify.push(purpose);
                }
                Some(purpose) => {
                    user.attributes
                        .insert(format!("{name}_verified"), "false".into());
                    user.attributes.insert(name, value);
                    to_verify.push(purpose);
                }
                None => {
                    user.attributes.insert(name, value);
                }
            }
        }
        user.modified = self.clock.now_f64();
        let mut deliveries = Vec::new();
        for purpose in to_verify {
            deliveries.push(inner.send_code(&self.cfg, &pool_id, &username, purpose)?);
        }
        Ok(json!({ "CodeDeliveryDetailsList": deliveries }))
    }

    pub(super) fn get_user_attribute_verification_code(&self, body: &Value) -> ApiResult<Value> {
        let token = req_str(body, "AccessToken")?;
        let attribute = req_str(body, "AttributeName")?;
        let mut inner = self.lock();
        let (pool_id, username) = inner.authenticate(token)?;
        let purpose = contact_purpose(attribute).ok_or_else(|| {
            ApiError::invalid_parameter(format!("Invalid attribute name: {attribute}"))
        })?;
        let user = inner.user(&pool_id, &username)?;
        let has_value = user.pending_attributes.contains_key(attribute)
            || user.attributes.contains_key(attribute);
        if !has_value {
            // An assumption: Cognito's wording for a contact the user does not have is not
            // published.
            return Err(ApiError::invalid_parameter(format!(
                "User does not have the attribute {attribute}"
            )));
        }
        let delivery = inner.send_code(&self.cfg, &pool_id, &username, purpose)?;
        Ok(json!({ "CodeDeliveryDetails": delivery }))
    }

    /// The code right: the waiting value (if any) becomes the attribute, verified. Where the
    /// attribute is an alias, another user's verified copy goes unverified: "If you verify the
    /// same email on another username, the alias will migrate to that username" (AWS,
    /// aws-amplify/aws-sdk-ios#515).
    pub(super) fn verify_user_attribute(&self, body: &Value) -> ApiResult<Value> {
        let token = req_str(body, "AccessToken")?;
        let attribute = req_str(body, "AttributeName")?;
        let code = req_str(body, "Code")?;
        let mut inner = self.lock();
        let (pool_id, username) = inner.authenticate(token)?;
        let purpose = contact_purpose(attribute).ok_or_else(|| {
            ApiError::invalid_parameter(format!("Invalid attribute name: {attribute}"))
        })?;
        inner.redeem_code(&pool_id, &username, purpose, code)?;
        let user = inner.user_mut(&pool_id, &username)?;
        if let Some(value) = user.pending_attributes.remove(attribute) {
            user.attributes.insert(attribute.to_owned(), value);
        }
        user.attributes
            .insert(format!("{attribute}_verified"), "true".into());
        if let Some(previous) = inner.alias_holder(&pool_id, &username, attribute)? {
            inner
                .user_mut(&pool_id, &previous)?
                .attributes
                .insert(format!("{attribute}_verified"), "false".into());
        }
        Ok(json!({}))
    }

    /// DeleteUserAttributes: only attributes a client may write, and never one the pool
    /// requires or the one that is the user name (InvalidParameterException; the wording is an
    /// assumption).
    pub(super) fn delete_user_attributes(&self, body: &Value) -> ApiResult<Value> {
        let token = req_str(body, "AccessToken")?;
        let names: Vec<String> = body["UserAttributeNames"]
            .as_array()
            .ok_or_else(|| ApiError::invalid_parameter("UserAttributeNames is required"))?
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect();
        let mut inner = self.lock();
        let (pool_id, username) = inner.authenticate(token)?;
        let pool = inner.pool(&pool_id)?;
        let as_map: BTreeMap<String, String> =
            names.iter().map(|n| (n.clone(), String::new())).collect();
        check_client_attributes(pool, &as_map)?;
        check_mutable(pool, names.iter())?;
        let sign_in_name = |n: &str| {
            (n == "email" && pool.email_as_username)
                || (n == "phone_number" && pool.phone_as_username)
        };
        if let Some(n) = names
            .iter()
            .find(|n| pool.required_attributes.contains(n) || sign_in_name(n))
        {
            return Err(ApiError::invalid_parameter(format!(
                "Cannot delete the required attribute {n}"
            )));
        }
        let user = inner.user_mut(&pool_id, &username)?;
        for name in names {
            user.pending_attributes.remove(&name);
            if contact_purpose(&name).is_some() {
                user.attributes.remove(&format!("{name}_verified"));
            }
            user.attributes.remove(&name);
        }
        Ok(json!({}))
    }

    /// DeleteUser: "A deleted user profile can no longer be used to sign in and can't be
    /// restored" (API reference). Its refresh tokens go with it (that they stop working is
    /// inferred: the user they name is gone), and so do its access tokens here, which
    /// Cognito's own operations stop taking (a deleted user: UserNotFound/NotAuthorized).
    pub(super) fn delete_user(&self, body: &Value) -> ApiResult<Value> {
        let token = req_str(body, "AccessToken")?;
        let mut inner = self.lock();
        let (pool_id, username) = inner.authenticate(token)?;
        inner.sign_out_everywhere(&pool_id, &username)?;
        inner.forget_refresh_tokens(&pool_id, &username);
        inner.pool_mut(&pool_id)?.users.remove(&username);
        Ok(json!({}))
    }
}

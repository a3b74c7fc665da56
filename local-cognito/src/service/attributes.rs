//! Required attributes: what a pool's schema requires, what NEW_PASSWORD_REQUIRED asks for and
//! which `userAttributes.*` an answer to it may set, and SignUp's schema check.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::wire::Responses;
use crate::error::{ApiError, ApiResult};
use crate::store::{AttributeRule, Pool, User};

/// How NEW_PASSWORD_REQUIRED names attributes, in `requiredAttributes` and in the answer's keys
/// (`newPasswordRequiredChallengeUserAttributePrefix` in amazon-cognito-identity-js;
/// `USER_ATTRIBUTES` in amplify-js v6's signInHelpers).
const PREFIX: &str = "userAttributes.";

/// Attributes no client writes: Cognito sets them. Sending one back in a NEW_PASSWORD_REQUIRED
/// answer is refused ("Cannot modify the non-mutable attribute email_verified",
/// aws-amplify/aws-sdk-ios#2203; "the api doesn't accept this field back", the
/// amazon-cognito-identity-js README; adopted-ember-addons/ember-cognito#87).
const NOT_WRITABLE: [&str; 3] = ["sub", "email_verified", "phone_number_verified"];

/// Whether a user has a value for `name`: an empty string counts as none (a real answer lists
/// `userAttributes.given_name` in `requiredAttributes` while `userAttributes` shows
/// `"given_name":""`; amplify-js v6's `createAttributes` never sends an empty value).
fn has_value(attributes: &BTreeMap<String, String>, name: &str) -> bool {
    attributes.get(name).is_some_and(|v| !v.is_empty())
}

/// The pool's required attributes `attributes` lacks, in the pool's order.
fn missing<'a>(pool: &'a Pool, attributes: &BTreeMap<String, String>) -> Vec<&'a str> {
    pool.required_attributes
        .iter()
        .map(String::as_str)
        .filter(|name| !has_value(attributes, name))
        .collect()
}

/// NEW_PASSWORD_REQUIRED's parameters besides `USER_ID_FOR_SRP`, both JSON in a string:
/// `requiredAttributes`, the required attributes the user lacks as `["userAttributes.name"]`, and
/// `userAttributes`, the user's attributes as an object without prefixes and without `sub`
/// (a real CLI answer: `"requiredAttributes": "[\"userAttributes.family_name\",…]"`,
/// `"userAttributes": "{\"email_verified\":\"true\",\"given_name\":\"\",…}"`; parsed by
/// amazon-cognito-identity-js `authenticateUserInternal` and amplify-js v6 `parseAttributes`).
pub(super) fn new_password_parameters(pool: &Pool, user: &User) -> (String, String) {
    let required: Vec<String> = missing(pool, &user.attributes)
        .into_iter()
        .map(|name| format!("{PREFIX}{name}"))
        .collect();
    let current: serde_json::Map<String, Value> = user
        .attributes
        .iter()
        .filter(|(k, _)| *k != "sub")
        .map(|(k, v)| (k.clone(), json!(v)))
        .collect();
    (
        Value::from(required).to_string(),
        Value::Object(current).to_string(),
    )
}

/// The attributes a NEW_PASSWORD_REQUIRED answer sets (`userAttributes.<name>` keys), checked:
///
/// - one the schema does not have: the same refusal as SignUp's ([`check_client_attributes`]),
///   so an answer cannot name a token claim either;
/// - a non-writable one (`email_verified`, `phone_number_verified`, `sub`): InvalidParameterException
///   "Cannot modify the non-mutable attribute email_verified" (aws-amplify/aws-sdk-ios#2203);
/// - one that already has a value: NotAuthorizedException "Cannot modify an already provided
///   email" (aws-samples/aws-saas-factory-bootcamp#67, 2022). The API reference says so for
///   required attributes ("you can't modify a required attribute that already has a value …
///   use the AdminUpdateUserAttributes or UpdateUserAttributes API operation to modify the value
///   of any additional attributes", RespondToAuthChallenge); refusing it for any attribute with
///   a value, required or not, is an assumption (writable attributes that are still empty may be
///   set, as the same page allows);
/// - a required attribute still missing afterwards: InvalidParameterException "Invalid attributes
///   given, name is missing" (aws-amplify/aws-sdk-android#1402,
///   amazon-archives/aws-cognito-angular-quickstart#116, thedistance/ra-cognito#5). With several
///   missing, only the first is named here: how Cognito lists several is not clear
///   (pmill/aws-cognito#25 reads "name and adress is missing", in the reporter's words).
pub(super) fn new_password_attributes(
    pool: &Pool,
    user: &User,
    responses: &Responses,
) -> ApiResult<BTreeMap<String, String>> {
    let given: BTreeMap<String, String> = responses
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix(PREFIX)?.to_owned(), v.clone())))
        .collect();
    not_in_schema(&given, |name| !in_schema(pool, name))?;
    check_lengths(pool, &given)?;
    if let Some(name) = given.keys().find(|k| NOT_WRITABLE.contains(&k.as_str())) {
        return Err(ApiError::invalid_parameter(format!(
            "Cannot modify the non-mutable attribute {name}"
        )));
    }
    if let Some(name) = given.keys().find(|k| has_value(&user.attributes, k)) {
        return Err(ApiError::not_authorized(format!(
            "Cannot modify an already provided {name}"
        )));
    }
    let mut after = user.attributes.clone();
    after.extend(given.iter().map(|(k, v)| (k.clone(), v.clone())));
    if let Some(name) = missing(pool, &after).first() {
        return Err(ApiError::invalid_parameter(format!(
            "Invalid attributes given, {name} is missing"
        )));
    }
    Ok(given)
}

/// Cognito's standard attributes a client may write (developer guide, "Working with user
/// attributes": the OpenID Connect standard claims); `custom:` attributes are the pool's own.
pub(crate) const STANDARD_WRITABLE: [&str; 17] = [
    "address",
    "birthdate",
    "email",
    "family_name",
    "gender",
    "given_name",
    "locale",
    "middle_name",
    "name",
    "nickname",
    "phone_number",
    "picture",
    "preferred_username",
    "profile",
    "updated_at",
    "website",
    "zoneinfo",
];

/// Whether `name` is an attribute of `pool`'s schema at all (writable or not).
pub(crate) fn in_schema(pool: &Pool, name: &str) -> bool {
    STANDARD_WRITABLE.contains(&name)
        || NOT_WRITABLE.contains(&name)
        || pool.custom_attributes.iter().any(|c| c == name)
}

/// The attributes a client (SignUp, no admin rights) gives, checked before anything is stored:
/// one the schema does not have is InvalidParameterException "Attributes did not conform to the
/// schema: aud: Attribute does not exist in the schema." (one line per attribute,
/// aws-amplify/amplify-flutter#509, aws-amplify/aws-sdk-android#1629); one only Cognito writes
/// (`email_verified`, `phone_number_verified`, `sub`) is NotAuthorizedException "A client
/// attempted to write unauthorized attribute" (aws/aws-sdk-js#3603; the developer guide: "If an
/// app tries to update an attribute that is not writable, the app gets a NotAuthorizedException
/// exception"). So no one signing up can name a token claim (`aud`, `token_use`, `iss`,
/// `cognito:groups`) or vouch for their own address.
pub(super) fn check_client_attributes(
    pool: &Pool,
    attributes: &BTreeMap<String, String>,
) -> ApiResult<()> {
    not_in_schema(attributes, |name| !in_schema(pool, name))?;
    if attributes
        .keys()
        .any(|name| NOT_WRITABLE.contains(&name.as_str()))
    {
        return Err(ApiError::not_authorized(
            "A client attempted to write unauthorized attribute",
        ));
    }
    check_lengths(pool, attributes)
}

/// The attributes an admin operation (AdminCreateUser, AdminUpdateUserAttributes) gives: admins
/// may set the `*_verified` flags, but not `sub` (InvalidParameterException "Cannot modify the
/// non-mutable attribute sub", the wording Cognito uses for non-mutable attributes,
/// aws-amplify/aws-sdk-ios#2203), and only attributes of the schema, with the same
/// InvalidParameterException as SignUp.
pub(super) fn check_admin_attributes(
    pool: &Pool,
    attributes: &BTreeMap<String, String>,
) -> ApiResult<()> {
    if attributes.contains_key("sub") {
        return Err(ApiError::invalid_parameter(
            "Cannot modify the non-mutable attribute sub",
        ));
    }
    not_in_schema(attributes, |name| !in_schema(pool, name))?;
    check_lengths(pool, attributes)
}

/// Cognito's limit for a string attribute's value, and the default rule of an attribute the
/// schema did not constrain: mutable, 0 to 2048 characters (developer guide, "Working with user
/// attributes"; a DescribeUserPool of a pool with defaults lists `"MinLength": "0", "MaxLength":
/// "2048"` for `profile`, `picture`, `website`, aws-amplify/amplify-js#10491). `birthdate` is
/// exactly 10 characters, YYYY-MM-DD ("birthdate: String must be no shorter than 10
/// characters", aws-amplify/amplify-flutter#2034).
pub(crate) fn rule_for(pool: &Pool, name: &str) -> AttributeRule {
    if let Some(rule) = pool.attribute_rules.get(name) {
        return *rule;
    }
    let length = if name == "birthdate" { 10 } else { 0 };
    AttributeRule {
        min_length: length,
        max_length: if name == "birthdate" { 10 } else { 2048 },
        mutable: true,
    }
}

/// Each value within its attribute's lengths (an empty value deletes, and is not checked):
/// InvalidParameterException "Attributes did not conform to the schema: " then `name: String
/// must be no longer than N characters` (or "no shorter than"), one line each
/// (aws-amplify/amplify-flutter#2034).
fn check_lengths(pool: &Pool, attributes: &BTreeMap<String, String>) -> ApiResult<()> {
    let lines: Vec<String> = attributes
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .filter_map(|(name, value)| {
            let rule = rule_for(pool, name);
            let length = value.chars().count();
            if length > rule.max_length {
                Some(format!(
                    "{name}: String must be no longer than {} characters",
                    rule.max_length
                ))
            } else if length < rule.min_length {
                Some(format!(
                    "{name}: String must be no shorter than {} characters",
                    rule.min_length
                ))
            } else {
                None
            }
        })
        .collect();
    if lines.is_empty() {
        return Ok(());
    }
    Err(ApiError::invalid_parameter(format!(
        "Attributes did not conform to the schema: {}",
        lines.join("\n")
    )))
}

/// A change (UpdateUserAttributes, DeleteUserAttributes, AdminUpdateUserAttributes) to an
/// attribute the schema marks `Mutable: false` ("can only be set during user creation",
/// CreateUserPool's SchemaAttributeType): InvalidParameterException "user.<name>: Attribute
/// cannot be updated." and a new line, the wording users of Amplify quote
/// (aws-amplify/amplify-js#3526, aws-amplify/amplify-swift#3981).
pub(super) fn check_mutable<'a>(
    pool: &Pool,
    mut names: impl Iterator<Item = &'a String>,
) -> ApiResult<()> {
    match names.find(|n| !rule_for(pool, n).mutable) {
        Some(name) => Err(ApiError::invalid_parameter(format!(
            "user.{name}: Attribute cannot be updated.\n"
        ))),
        None => Ok(()),
    }
}

/// InvalidParameterException naming, one line each, the attributes `refused` says no to.
fn not_in_schema(
    attributes: &BTreeMap<String, String>,
    refused: impl Fn(&str) -> bool,
) -> ApiResult<()> {
    let lines: Vec<String> = attributes
        .keys()
        .filter(|name| refused(name))
        .map(|name| format!("{name}: Attribute does not exist in the schema.\n"))
        .collect();
    if lines.is_empty() {
        return Ok(());
    }
    Err(ApiError::invalid_parameter(format!(
        "Attributes did not conform to the schema: {}",
        lines.concat()
    )))
}

/// SignUp's schema check: every required attribute must come with a value. Cognito's wording:
/// "Attributes did not conform to the schema: " then `name: reason` per attribute
/// (aws-samples/aws-amplify-auth-starters#11 shows the form, for an unknown attribute); "The
/// attribute is required" is the reason pasted in public sign-up code for a missing one, one line
/// each.
pub(super) fn check_sign_up_attributes(
    pool: &Pool,
    attributes: &BTreeMap<String, String>,
) -> ApiResult<()> {
    let missing = missing(pool, attributes);
    if missing.is_empty() {
        return Ok(());
    }
    let reasons: Vec<String> = missing
        .iter()
        .map(|name| format!("{name}: The attribute is required"))
        .collect();
    Err(ApiError::invalid_parameter(format!(
        "Attributes did not conform to the schema: {}",
        reasons.join("\n")
    )))
}

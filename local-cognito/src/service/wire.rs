//! Reading requests and writing the shared parts of answers: lenient like Cognito, never a panic.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::error::{ApiError, ApiResult};
use crate::store::User;

/// A string member, if present and a string.
pub(super) fn opt_str<'a>(body: &'a Value, name: &str) -> Option<&'a str> {
    body.get(name).and_then(Value::as_str)
}

/// A string member that must be there: Cognito's validation error if it is missing or null,
/// a SerializationException if it is not a string.
pub(super) fn req_str<'a>(body: &'a Value, name: &str) -> ApiResult<&'a str> {
    match body.get(name) {
        None | Some(Value::Null) => Err(ApiError::missing(&lower_first(name))),
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(ApiError::new(
            "SerializationException",
            format!("Unexpected value for {name}"),
        )),
    }
}

/// An integer member, if present and not null; a SerializationException if it is not an
/// integer that fits in 64 bits (so `1e308` or `"7"` never reach arithmetic).
pub(super) fn opt_int(body: &Value, name: &str) -> ApiResult<Option<i64>> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v.as_i64().map(Some).ok_or_else(|| {
            ApiError::new(
                "SerializationException",
                format!("Unexpected value for {name}"),
            )
        }),
    }
}

/// AWS's validation error for a member outside its constraint, e.g. `'61' at
/// 'refreshTokenRotation.retryGracePeriodSeconds' … less than or equal to 60`.
pub(super) fn constraint_error(value: &str, member: &str, constraint: &str) -> ApiError {
    ApiError::invalid_parameter(format!(
        "1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}"
    ))
}

/// A map of strings (`AuthParameters`, `ChallengeResponses`); other values are skipped.
pub(super) fn str_map(body: &Value, name: &str) -> BTreeMap<String, String> {
    body.get(name)
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_owned())))
                .collect()
        })
        .unwrap_or_default()
}

/// `[{"Name": "email", "Value": "x"}]` → map.
pub(super) fn attribute_list(body: &Value, name: &str) -> BTreeMap<String, String> {
    body.get(name)
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|a| {
                    Some((
                        a.get("Name")?.as_str()?.to_owned(),
                        a.get("Value")
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_owned(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `AuthFlow` → `authFlow`, as Cognito names members in validation errors.
pub(super) fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_lowercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// A user's attributes as Cognito lists them: `sub` first.
pub(super) fn attributes_json(user: &User) -> Value {
    let mut list = vec![json!({ "Name": "sub", "Value": user.sub })];
    list.extend(
        user.attributes
            .iter()
            .filter(|(k, _)| *k != "sub")
            .map(|(k, v)| json!({ "Name": k, "Value": v })),
    );
    Value::Array(list)
}

/// `AuthParameters` or `ChallengeResponses`.
pub(super) type Responses = BTreeMap<String, String>;

/// A member of `AuthParameters` / `ChallengeResponses` that must be there.
pub(super) fn field<'a>(responses: &'a Responses, key: &str) -> ApiResult<&'a String> {
    responses.get(key).ok_or_else(|| ApiError::missing(key))
}

//! Fault injection for the JSON API (`POST /`): what a flaky network, a load balancer or a busy
//! Cognito does to a client, on demand, per operation. The HTTP layer applies faults in a
//! middleware in front of the API; the service never knows.
//!
//! # Syntax
//!
//! On the command line, repeatable: `--fault OPERATION=KIND[:TIMES]`
//!
//! - `OPERATION` is the `X-Amz-Target` operation name (`InitiateAuth`, `GetUser`, …) or `*`
//!   for any operation.
//! - `TIMES` (a positive integer) is how many matching requests the fault hits; each match uses
//!   one. Without it the fault stays until cleared.
//! - `KIND` is one of:
//!   - `hang`: never answers (the client must time out); the operation does not run.
//!   - `drop`: the connection is closed before any byte of an answer (a browser `fetch` fails
//!     with a network error); the operation does not run. Answers to browsers carry
//!     `Connection: close`, so a browser never sends on a reused connection and never quietly
//!     resends a dropped request.
//!   - `http500`: status 500, `text/plain` body `Internal Server Error`, no Cognito error name.
//!   - `html503`: status 503, a load balancer's `text/html` page, no `x-amzn-errortype`.
//!   - `bad-json`: the operation runs; status 200 with a body that is not JSON.
//!   - `truncated`: the operation runs; its real answer (status and headers) with the body cut
//!     in half.
//!   - `throttle`: 400 `TooManyRequestsException` "Rate exceeded"; the operation does not run.
//!   - `delay-MS`: waits MS milliseconds (at most an hour), then runs and answers normally.
//!   - `NAMEException`, e.g. `NotAuthorizedException`: that Cognito error with a stock message
//!     (status 500 for `InternalErrorException`, else 400); the operation does not run.
//!   - `error:NAME` or `error:NAME:MESSAGE`: any Cognito error name, with your message. A
//!     message may contain `:` but must not end in `:DIGITS` (that would read as TIMES).
//!
//! Examples: `--fault InitiateAuth=hang`, `--fault GetUser=http500:2`,
//! `--fault 'RespondToAuthChallenge=delay-3000:1'`, `--fault '*=throttle:1'`,
//! `--fault 'ForgotPassword=error:LimitExceededException:Attempt limit exceeded, please try after some time.'`.
//!
//! At run time: `POST /_local/faults` with a JSON object or an array of them, each
//! `{"operation": "InitiateAuth", "kind": "hang", "times": 1}`; `kind` takes every form above,
//! plus `{"kind": "delay", "ms": 3000}` and `{"kind": "error", "error": "LimitExceededException",
//! "message": "…"}` (`message` also goes with a bare `NAMEException` kind), or the command-line
//! form as `{"spec": "GetUser=http500:2"}`. `times` may be left out or `null` (until cleared). `GET /_local/faults` lists the active faults, `DELETE
//! /_local/faults` clears them all. When several match, the one added first applies.

use std::fmt;
use std::str::FromStr;
use std::sync::{Mutex, MutexGuard};

use serde_json::{Value, json};

/// The longest `delay-MS`: an hour.
pub const MAX_DELAY_MS: u64 = 3_600_000;
/// The longest operation or error name accepted.
const MAX_NAME_LEN: usize = 128;
/// The longest error message accepted.
const MAX_MESSAGE_LEN: usize = 1024;
/// Faults kept at most.
pub const MAX_FAULTS: usize = 1000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultKind {
    Hang,
    Drop,
    Http500,
    Html503,
    BadJson,
    Truncated,
    Throttle,
    /// Milliseconds to wait before answering normally.
    Delay(u64),
    /// A Cognito error; `None`: a stock message for the name.
    Error {
        name: String,
        message: Option<String>,
    },
}

impl FaultKind {
    /// Whether the operation runs (its answer then delayed or spoiled).
    pub fn runs_operation(&self) -> bool {
        matches!(self, Self::BadJson | Self::Truncated | Self::Delay(_))
    }

    /// The message an error fault answers with.
    pub fn error_message(name: &str, message: Option<&str>) -> String {
        if let Some(m) = message {
            return m.to_owned();
        }
        match name {
            "NotAuthorizedException" => "Incorrect username or password.",
            "LimitExceededException" => "Attempt limit exceeded, please try after some time.",
            "TooManyRequestsException" => "Rate exceeded",
            "InternalErrorException" => "Internal server error.",
            "CodeMismatchException" => "Invalid code or auth state for the user.",
            "ExpiredCodeException" => "Invalid code provided, please request a code again.",
            "UserNotFoundException" => "User does not exist.",
            "ResourceNotFoundException" => "Resource not found.",
            "InvalidParameterException" => "Invalid parameter.",
            "RefreshTokenReuseException" => crate::error::REFRESH_TOKEN_REUSED,
            _ => "Injected by a local-cognito fault.",
        }
        .to_owned()
    }
}

impl fmt::Display for FaultKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Hang => f.write_str("hang"),
            Self::Drop => f.write_str("drop"),
            Self::Http500 => f.write_str("http500"),
            Self::Html503 => f.write_str("html503"),
            Self::BadJson => f.write_str("bad-json"),
            Self::Truncated => f.write_str("truncated"),
            Self::Throttle => f.write_str("throttle"),
            Self::Delay(ms) => write!(f, "delay-{ms}"),
            Self::Error {
                name,
                message: None,
            } if name.ends_with("Exception") => f.write_str(name),
            Self::Error {
                name,
                message: None,
            } => write!(f, "error:{name}"),
            Self::Error {
                name,
                message: Some(m),
            } => write!(f, "error:{name}:{m}"),
        }
    }
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_NAME_LEN
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

fn error_kind(name: &str, message: Option<&str>) -> Result<FaultKind, String> {
    if !valid_name(name) {
        return Err(format!(
            "{name:?} is not an error name (letters, digits and _, e.g. LimitExceededException)"
        ));
    }
    if let Some(m) = message {
        if m.len() > MAX_MESSAGE_LEN {
            return Err(format!(
                "error messages are at most {MAX_MESSAGE_LEN} bytes"
            ));
        }
        if m.chars().any(char::is_control) {
            return Err("error messages must not contain control characters".into());
        }
    }
    Ok(FaultKind::Error {
        name: name.to_owned(),
        message: message.map(str::to_owned),
    })
}

fn delay_kind(ms: u64) -> Result<FaultKind, String> {
    if ms > MAX_DELAY_MS {
        return Err(format!("delays are at most {MAX_DELAY_MS} ms"));
    }
    Ok(FaultKind::Delay(ms))
}

impl FromStr for FaultKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "hang" => Self::Hang,
            "drop" => Self::Drop,
            "http500" => Self::Http500,
            "html503" => Self::Html503,
            "bad-json" => Self::BadJson,
            "truncated" => Self::Truncated,
            "throttle" => Self::Throttle,
            _ => {
                if let Some(ms) = s.strip_prefix("delay-") {
                    let ms = ms
                        .parse::<u64>()
                        .map_err(|_| format!("{s:?}: give delay-MILLISECONDS, e.g. delay-3000"))?;
                    return delay_kind(ms);
                }
                if let Some(rest) = s.strip_prefix("error:") {
                    let (name, message) = match rest.split_once(':') {
                        Some((n, m)) => (n, Some(m)),
                        None => (rest, None),
                    };
                    return error_kind(name, message);
                }
                if s.ends_with("Exception") && valid_name(s) {
                    return error_kind(s, None);
                }
                return Err(format!(
                    "unknown fault kind {s:?}: hang, drop, http500, html503, bad-json, truncated, throttle, delay-MS, NAMEException or error:NAME[:MESSAGE]"
                ));
            }
        })
    }
}

/// One fault: what to do to requests for an operation, and how many more times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// An `X-Amz-Target` operation name, or `*` for any.
    pub operation: String,
    pub kind: FaultKind,
    /// Requests left to hit; `None`: until cleared.
    pub times: Option<u32>,
}

impl Fault {
    pub fn matches(&self, operation: &str) -> bool {
        self.operation == "*" || self.operation == operation
    }

    /// The fault as `GET /_local/faults` lists it.
    pub fn to_json(&self) -> Value {
        let mut out = json!({
            "operation": self.operation,
            "times": self.times,
            "spec": self.to_string(),
        });
        match &self.kind {
            FaultKind::Delay(ms) => {
                out["kind"] = json!("delay");
                out["ms"] = json!(ms);
            }
            FaultKind::Error { name, message } => {
                out["kind"] = json!("error");
                out["error"] = json!(name);
                out["message"] = json!(message);
            }
            other => out["kind"] = json!(other.to_string()),
        }
        out
    }

    /// One fault from its JSON form (see the module documentation).
    pub fn from_json(value: &Value) -> Result<Self, String> {
        let obj = value
            .as_object()
            .ok_or("each fault is an object like {\"operation\": \"InitiateAuth\", \"kind\": \"hang\", \"times\": 1}")?;
        if let Some(unknown) = obj.keys().find(|k| {
            !matches!(
                k.as_str(),
                "operation" | "kind" | "times" | "ms" | "error" | "message" | "spec"
            )
        }) {
            return Err(format!(
                "unknown field {unknown:?} (operation, kind, times, ms, error, message, spec)"
            ));
        }
        // `{"spec": "OP=KIND[:TIMES]"}` alone: the command-line form. Next to the other fields
        // (as `GET /_local/faults` lists them) it is ignored.
        if let (Some(Value::String(spec)), None) = (obj.get("spec"), obj.get("kind")) {
            return spec.parse();
        }
        let text = |name: &str| -> Result<Option<&str>, String> {
            match obj.get(name) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s)),
                Some(_) => Err(format!("{name} must be a string")),
            }
        };
        let operation =
            parse_operation(text("operation")?.ok_or("operation is required (a name or \"*\")")?)?;
        let kind_text = text("kind")?.ok_or("kind is required")?;
        let kind = match kind_text {
            "delay" => {
                let ms = obj
                    .get("ms")
                    .and_then(Value::as_u64)
                    .ok_or("kind \"delay\" needs \"ms\": a whole number of milliseconds")?;
                delay_kind(ms)?
            }
            "error" => error_kind(
                text("error")?.ok_or("kind \"error\" needs \"error\": a Cognito error name")?,
                text("message")?,
            )?,
            other => match (other.parse::<FaultKind>()?, text("message")?) {
                (
                    FaultKind::Error {
                        name,
                        message: None,
                    },
                    Some(m),
                ) => error_kind(&name, Some(m))?,
                (kind, _) => kind,
            },
        };
        let times = match obj.get("times") {
            None | Some(Value::Null) => None,
            Some(v) => Some(parse_times_value(v)?),
        };
        Ok(Self {
            operation,
            kind,
            times,
        })
    }

    /// A JSON object or an array of them.
    pub fn list_from_json(value: &Value) -> Result<Vec<Self>, String> {
        match value {
            Value::Array(items) => items.iter().map(Self::from_json).collect(),
            other => Self::from_json(other).map(|f| vec![f]),
        }
    }
}

fn parse_operation(s: &str) -> Result<String, String> {
    let s = s.trim();
    if s == "*" || valid_name(s) {
        Ok(s.to_owned())
    } else {
        Err(format!(
            "{s:?} is not an operation name (e.g. InitiateAuth) or \"*\""
        ))
    }
}

fn parse_times(s: &str) -> Result<u32, String> {
    match s.parse::<u32>() {
        Ok(0) | Err(_) => Err(format!(
            "times must be a whole number from 1 to {}, not {s:?}",
            u32::MAX
        )),
        Ok(n) => Ok(n),
    }
}

fn parse_times_value(v: &Value) -> Result<u32, String> {
    v.as_u64()
        .and_then(|n| u32::try_from(n).ok())
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("times must be a whole number from 1 to {}", u32::MAX))
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.operation, self.kind)?;
        if let Some(t) = self.times {
            write!(f, ":{t}")?;
        }
        Ok(())
    }
}

/// `OPERATION=KIND[:TIMES]`, as `--fault` takes it.
impl FromStr for Fault {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let (operation, rest) = s.split_once('=').ok_or_else(|| {
            format!("{s:?}: expected OPERATION=KIND[:TIMES], e.g. InitiateAuth=hang")
        })?;
        let (kind, times) = match rest.rsplit_once(':') {
            Some((kind, t)) if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) => {
                (kind, Some(parse_times(t)?))
            }
            _ => (rest, None),
        };
        Ok(Self {
            operation: parse_operation(operation)?,
            kind: kind.trim().parse()?,
            times,
        })
    }
}

/// The active faults, shared by the HTTP layer's middleware and `/_local/faults`.
#[derive(Debug, Default)]
pub struct Faults {
    list: Mutex<Vec<Fault>>,
}

impl Faults {
    pub fn new(initial: Vec<Fault>) -> Self {
        let faults = Self::default();
        faults.add(initial);
        faults
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Fault>> {
        self.list.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Adds faults after the existing ones (at most [`MAX_FAULTS`] are kept; the oldest go).
    pub fn add(&self, faults: Vec<Fault>) {
        let mut list = self.lock();
        list.extend(faults);
        if list.len() > MAX_FAULTS {
            let excess = list.len() - MAX_FAULTS;
            list.drain(..excess);
        }
    }

    pub fn list(&self) -> Vec<Fault> {
        self.lock().clone()
    }

    pub fn clear(&self) {
        self.lock().clear();
    }

    /// The fault for one request to `operation`, if any, using up one of its times.
    pub fn take(&self, operation: &str) -> Option<FaultKind> {
        let mut list = self.lock();
        let i = list.iter().position(|f| f.matches(operation))?;
        let fault = list.get_mut(i)?;
        let kind = fault.kind.clone();
        if let Some(times) = &mut fault.times {
            *times = times.saturating_sub(1);
            if *times == 0 {
                list.remove(i);
            }
        }
        Some(kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_syntax_parses_and_round_trips() {
        let cases = [
            ("InitiateAuth=hang", "InitiateAuth", FaultKind::Hang, None),
            ("GetUser=http500:2", "GetUser", FaultKind::Http500, Some(2)),
            ("*=drop:1", "*", FaultKind::Drop, Some(1)),
            ("GetUser=html503", "GetUser", FaultKind::Html503, None),
            ("GetUser=bad-json:3", "GetUser", FaultKind::BadJson, Some(3)),
            ("GetUser=truncated", "GetUser", FaultKind::Truncated, None),
            ("SignUp=throttle:1", "SignUp", FaultKind::Throttle, Some(1)),
            (
                "RespondToAuthChallenge=delay-3000:1",
                "RespondToAuthChallenge",
                FaultKind::Delay(3000),
                Some(1),
            ),
            (
                "InitiateAuth=NotAuthorizedException",
                "InitiateAuth",
                FaultKind::Error {
                    name: "NotAuthorizedException".into(),
                    message: None,
                },
                None,
            ),
            (
                "ForgotPassword=error:LimitExceededException:Attempt limit exceeded, please try after some time.",
                "ForgotPassword",
                FaultKind::Error {
                    name: "LimitExceededException".into(),
                    message: Some("Attempt limit exceeded, please try after some time.".into()),
                },
                None,
            ),
            (
                "GetUser=error:Oops:a: b:2",
                "GetUser",
                FaultKind::Error {
                    name: "Oops".into(),
                    message: Some("a: b".into()),
                },
                Some(2),
            ),
        ];
        for (spec, operation, kind, times) in cases {
            let f: Fault = spec.parse().unwrap_or_else(|e| panic!("{spec}: {e}"));
            assert_eq!(
                f,
                Fault {
                    operation: operation.into(),
                    kind,
                    times
                },
                "{spec}"
            );
            assert_eq!(f.to_string().parse::<Fault>(), Ok(f.clone()), "{spec}");
            assert_eq!(Fault::from_json(&f.to_json()), Ok(f), "{spec} through JSON");
        }
    }

    #[test]
    fn bad_specs_are_refused_with_a_reason() {
        for spec in [
            "InitiateAuth",
            "=hang",
            "Initiate Auth=hang",
            "InitiateAuth=explode",
            "InitiateAuth=hang:0",
            "InitiateAuth=hang:99999999999",
            "InitiateAuth=delay-",
            "InitiateAuth=delay-99999999999",
            "InitiateAuth=delay--5",
            "InitiateAuth=error:",
            "InitiateAuth=error:Bad Name",
            "InitiateAuth=Exception!",
        ] {
            assert!(spec.parse::<Fault>().is_err(), "{spec} should be refused");
        }
    }

    #[test]
    fn json_forms() {
        let f = Fault::list_from_json(&json!([
            { "operation": "InitiateAuth", "kind": "hang", "times": 1 },
            { "operation": "*", "kind": "delay", "ms": 250 },
            { "operation": "GetUser", "kind": "error", "error": "LimitExceededException", "message": "Slow down" },
            { "operation": "GetUser", "kind": "NotAuthorizedException", "message": "Nope", "times": null },
            { "spec": "InitiateAuth=drop:2" },
        ]))
        .expect("valid");
        assert_eq!(f.len(), 5);
        assert_eq!(f[4].to_string(), "InitiateAuth=drop:2");
        assert_eq!(f[1].kind, FaultKind::Delay(250));
        assert_eq!(
            f[3].kind,
            FaultKind::Error {
                name: "NotAuthorizedException".into(),
                message: Some("Nope".into())
            }
        );
        for bad in [
            json!("InitiateAuth=hang"),
            json!({ "kind": "hang" }),
            json!({ "operation": "X", "kind": "hang", "times": 0 }),
            json!({ "operation": "X", "kind": "hang", "times": -1 }),
            json!({ "operation": "X", "kind": "hang", "times": "1" }),
            json!({ "operation": "X", "kind": "delay" }),
            json!({ "operation": "X", "kind": "error" }),
            json!({ "operation": "X", "kind": "hang", "time": 1 }),
            json!({ "operation": 7, "kind": "hang" }),
            json!([{ "operation": "X", "kind": "hang" }, 3]),
        ] {
            assert!(
                Fault::list_from_json(&bad).is_err(),
                "{bad} should be refused"
            );
        }
    }

    #[test]
    fn take_uses_up_times_in_order_and_star_matches_anything() {
        let faults = Faults::new(vec![
            "GetUser=http500:2".parse().expect("valid"),
            "*=throttle:1".parse().expect("valid"),
            "SignUp=hang".parse().expect("valid"),
        ]);
        assert_eq!(faults.take("GetUser"), Some(FaultKind::Http500));
        assert_eq!(faults.take("GetUser"), Some(FaultKind::Http500));
        assert_eq!(faults.take("GetUser"), Some(FaultKind::Throttle));
        assert_eq!(faults.take("GetUser"), None);
        for _ in 0..3 {
            assert_eq!(
                faults.take("SignUp"),
                Some(FaultKind::Hang),
                "until cleared"
            );
        }
        assert_eq!(faults.list().len(), 1);
        faults.clear();
        assert_eq!(faults.take("SignUp"), None);
    }
}

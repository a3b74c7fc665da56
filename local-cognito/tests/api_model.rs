//! The stand-in speaks Cognito's API as its model (botocore, `tests/vectors/cognito_api.json`,
//! the file the app's wire client is tested against) defines it: every operation it answers is
//! one of Cognito's, and every error name it can answer with is one Cognito's model declares,
//! not a free string. Only the AWS JSON protocol's own errors are outside the model.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Errors of the AWS JSON 1.1 protocol itself (no operation declares them): an unknown
/// `X-Amz-Target`, a body that is not the operation's JSON, and a caller refused before the
/// operation (the stand-in's browser and loopback policy, as AWS's own access refusals read).
const PROTOCOL_ERRORS: [&str; 3] = [
    "UnknownOperationException",
    "SerializationException",
    "AccessDeniedException",
];

fn model() -> serde_json::Value {
    let path = std::env::var_os("COGNITO_API_VECTORS").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/cognito_api.json"),
        PathBuf::from,
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("the model is JSON")
}

fn sources(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
    for entry in std::fs::read_dir(dir).expect("src is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("readable");
            out.push((path, text));
        }
    }
}

/// Every `"…Exception"` string literal in the stand-in's source.
fn error_names(files: &[(PathBuf, String)]) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (_, text) in files {
        for (i, _) in text.match_indices("Exception\"") {
            let start = text[..i].rfind('"').map_or(i, |q| q + 1);
            let name = &text[start..i + "Exception".len()];
            if name.len() > "Exception".len() && name.chars().all(|c| c.is_ascii_alphanumeric()) {
                names.insert(name.to_owned());
            }
        }
    }
    names
}

/// The operations `service/mod.rs`'s dispatch table answers.
fn dispatched() -> Vec<String> {
    let dispatch =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/service/mod.rs"))
            .expect("readable");
    let answered: Vec<String> = dispatch
        .lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix('"')?
                .split_once("\" => (self.")
                .map(|(op, _)| op.to_owned())
        })
        .collect();
    assert!(
        answered.len() > 30,
        "the dispatch table was not found: {answered:?}"
    );
    answered
}

#[test]
fn every_error_the_stand_in_answers_is_one_of_cognitos() {
    let model = model();
    let declared: BTreeSet<&str> = model["errors"]
        .as_object()
        .expect("an error table")
        .keys()
        .map(String::as_str)
        .chain(PROTOCOL_ERRORS)
        .collect();
    let mut files = Vec::new();
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let used = error_names(&files);
    assert!(used.len() > 20, "too few error names found: {used:?}");
    let unknown: Vec<&String> = used
        .iter()
        .filter(|n| !declared.contains(n.as_str()))
        .collect();
    assert!(unknown.is_empty(), "not in Cognito's model: {unknown:?}");
}

#[test]
fn every_operation_the_stand_in_answers_is_one_of_cognitos() {
    let model = model();
    let answered = dispatched();
    // Session management (late 2026) is in the API reference (API_ListUserSessions,
    // API_RevokeUserSession, API_SetUserPoolSessionConfiguration) but in no SDK model yet.
    const DOCUMENTED_NOT_IN_MODEL: [&str; 4] = [
        "ListUserSessions",
        "RevokeUserSession",
        "SetUserPoolSessionConfiguration",
        "GetUserPoolSessionConfiguration",
    ];
    for op in answered {
        assert!(
            model["operations"].get(&op).is_some()
                || DOCUMENTED_NOT_IN_MODEL.contains(&op.as_str()),
            "{op} is not in the model"
        );
    }
}

/// A browser may call exactly the operations Cognito takes unsigned (the model's `unauthenticated`:
/// no SigV4, an access token or nothing): every other one the stand-in answers is an admin
/// operation its HTTP policy keeps from browsers and other machines. Session management, not in
/// the model yet, is the user's own (an access token).
#[test]
fn every_signed_operation_is_kept_from_browsers() {
    let model = model();
    for op in dispatched() {
        let signed = model["operations"][&op]["unauthenticated"] == false;
        assert_eq!(
            local_cognito::http::is_admin_operation(&op),
            signed,
            "{op}: signed in Cognito's model: {signed}"
        );
    }
}

#[test]
fn the_error_scan_finds_names_and_only_names() {
    let files = vec![(
        PathBuf::from("x.rs"),
        r#"ApiError::new("LimitExceededException", "x"); let s = "not an Exception"; "#.to_owned(),
    )];
    assert_eq!(
        error_names(&files).into_iter().collect::<Vec<_>>(),
        ["LimitExceededException"]
    );
}

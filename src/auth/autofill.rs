//! Passkey autofill on the sign-in form: the email field offers passkeys
//! (`autocomplete="username webauthn"`) through a conditional `navigator.credentials.get`, which
//! needs a challenge before anyone has typed. Cognito issues one only for a named user
//! (InitiateAuth USER_AUTH needs USERNAME: botocore; aws-amplify/amplify-js#14883 asks for
//! more), so:
//! - for the account whose passkey last signed in here, a real USER_AUTH WEB_AUTHN challenge
//!   (every passkey listed): picking that account's passkey signs in at once, one gesture;
//! - otherwise, or when another account's passkey is picked, the pick only says who (its user
//!   handle is the account's `sub`), and that account's sign-in asks the browser once more, with
//!   Cognito's challenge (two gestures).
//!
//! A picked assertion over a challenge Cognito did not issue is never sent anywhere. The browser
//! side is `ui::webauthn`; the page only runs what this decides.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use serde::{Deserialize, Serialize};

use super::sign_in::Request;
use super::{AuthService, ChallengeKind, SignInChallenge, SignInOutcome};
use crate::cognito::Transport;
use crate::config::SignInMethod;

/// The account whose passkey last signed in on this browser (kept by the page in localStorage:
/// nothing secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyAccount {
    /// What the user signed in as (their email, or the `sub` after an autofill pick).
    pub name: String,
    /// `userHandle` of the passkey's assertions: base64url of the account's `sub`.
    pub handle: String,
}

impl PasskeyAccount {
    /// The account a passkey `credential` (an assertion's JSON) signed `name` in to.
    pub fn after_sign_in(name: &str, credential: &str) -> Option<Self> {
        Some(Self {
            name: name.trim().to_owned(),
            handle: user_handle(credential)?,
        })
    }
}

/// How autofill is armed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Armed {
    /// Cognito's WEB_AUTHN challenge for the remembered account.
    Challenge(Box<SignInChallenge>),
    /// No challenge of Cognito's: a pick only names the account. `forget`: the remembered
    /// account has no passkey any more (or is gone), so the page stops remembering it.
    NameOnly { forget: bool },
}

impl<T: Transport> AuthService<T> {
    /// Starts the remembered account's passkey sign-in, if there is one. A failure (offline, say)
    /// leaves autofill naming accounts only, and the account remembered.
    pub async fn arm_autofill(&self, remembered: Option<&PasskeyAccount>) -> Armed {
        let Some(account) = remembered else {
            return Armed::NameOnly { forget: false };
        };
        match self
            .start_first_factor(&account.name, SignInMethod::Passkey, None)
            .await
        {
            Ok(SignInOutcome::Challenge(ch)) if ch.kind == ChallengeKind::Passkey => {
                Armed::Challenge(Box::new(ch))
            }
            Ok(_) => Armed::NameOnly { forget: true },
            Err(_) => Armed::NameOnly { forget: false },
        }
    }
}

/// What a passkey picked in autofill leads to: the armed challenge answered, when the pick is the
/// remembered account's (the email field then shows that account); else that account's own
/// passkey sign-in, by its `sub`. None for a pick that names no account.
pub fn after_pick(
    armed: Armed,
    remembered: Option<&PasskeyAccount>,
    credential: String,
) -> Option<(Option<String>, Request)> {
    let handle = user_handle(&credential);
    match (armed, remembered) {
        (Armed::Challenge(ch), Some(account)) if handle.as_deref() == Some(&account.handle) => {
            Some((
                Some(account.name.clone()),
                Request::Passkey(*ch, credential),
            ))
        }
        _ => {
            let sub = handle.as_deref().and_then(sub_of)?;
            Some((
                None,
                Request::FirstFactor {
                    email: sub,
                    method: SignInMethod::Passkey,
                    device: None,
                },
            ))
        }
    }
}

/// `response.userHandle` of an assertion (CREDENTIAL's JSON), if it has one.
pub fn user_handle(credential: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(credential).ok()?;
    Some(value["response"]["userHandle"].as_str()?.to_owned()).filter(|h| !h.is_empty())
}

/// The `sub` a user handle stands for (Cognito's `user.id` is base64url of the sub's UTF-8).
pub fn sub_of(handle: &str) -> Option<String> {
    String::from_utf8(B64URL.decode(handle.trim_end_matches('=')).ok()?)
        .ok()
        .filter(|s| !s.is_empty())
}

/// Not an email: an autofill pick's account is named by its `sub`, which is not shown.
pub fn shown_name(name: &str) -> &str {
    if name.contains('@') { name } else { "" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::outcome;
    use crate::auth::scripted::{Scripted, ready};
    use crate::cognito::Secret;
    use crate::cognito::ops::{AuthResponse, ChallengeName};
    use crate::config::{Config, RawConfig};

    const SUB: &str = "0f8e-aa11";

    fn assertion(handle: &str) -> String {
        format!(r#"{{"id":"c1","response":{{"userHandle":"{handle}","signature":"s"}}}}"#)
    }

    fn kim() -> PasskeyAccount {
        PasskeyAccount {
            name: "kim@example.com".into(),
            handle: B64URL.encode(SUB),
        }
    }

    fn web_authn_challenge() -> SignInChallenge {
        let answer = AuthResponse {
            challenge_name: Some(ChallengeName::WebAuthn),
            session: Some(Secret::from("s1")),
            challenge_parameters: [("CREDENTIAL_REQUEST_OPTIONS".into(), "{}".into())].into(),
            authentication_result: None,
            available_challenges: Vec::new(),
        };
        match outcome(answer, SUB, "kim@example.com") {
            Ok(SignInOutcome::Challenge(ch)) => ch,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_remembered_accounts_pick_answers_cognitos_challenge_in_one_gesture() {
        let armed = Armed::Challenge(Box::new(web_authn_challenge()));
        let Some((shown, Request::Passkey(ch, credential))) =
            after_pick(armed, Some(&kim()), assertion(&B64URL.encode(SUB)))
        else {
            panic!("the armed challenge answered")
        };
        assert_eq!(shown.as_deref(), Some("kim@example.com"));
        assert_eq!(ch.kind, ChallengeKind::Passkey);
        assert!(credential.contains("userHandle"));
    }

    #[test]
    fn another_accounts_pick_only_names_it_and_is_never_sent_over_a_foreign_challenge() {
        let other = B64URL.encode("another-sub");
        for armed in [
            Armed::Challenge(Box::new(web_authn_challenge())),
            Armed::NameOnly { forget: false },
        ] {
            let Some((shown, Request::FirstFactor { email, method, .. })) =
                after_pick(armed, Some(&kim()), assertion(&other))
            else {
                panic!("a sign-in for that account")
            };
            assert_eq!(shown, None);
            assert_eq!(email, "another-sub");
            assert_eq!(method, SignInMethod::Passkey);
        }
        // Even the remembered account's own pick, without a real challenge, starts a sign-in.
        assert!(matches!(
            after_pick(
                Armed::NameOnly { forget: false },
                Some(&kim()),
                assertion(&B64URL.encode(SUB))
            ),
            Some((None, Request::FirstFactor { .. }))
        ));
        // No user handle (or not base64url of anything): nothing to do.
        assert!(after_pick(Armed::NameOnly { forget: false }, None, "{}".into()).is_none());
        assert!(after_pick(Armed::NameOnly { forget: false }, None, assertion("!!")).is_none());
    }

    #[test]
    fn arming_asks_cognito_for_the_remembered_account_only() {
        let config = Config::parse(RawConfig {
            sign_in_methods: Some("passkey"),
            ..RawConfig::default()
        })
        .unwrap_or_else(|e| panic!("{e}"));
        let challenge = r#"{"ChallengeName":"WEB_AUTHN","Session":"s1","ChallengeParameters":{"CREDENTIAL_REQUEST_OPTIONS":"{}"}}"#;
        let script = Scripted::new(&[Ok(challenge)]);
        let service = AuthService::new(config.clone(), &script);
        assert!(matches!(
            ready(service.arm_autofill(Some(&kim()))),
            Armed::Challenge(_)
        ));
        assert_eq!(
            script.last_body()["AuthParameters"]["USERNAME"],
            "kim@example.com"
        );
        // No remembered account: nothing is sent.
        let silent = Scripted::new(&[]);
        assert_eq!(
            ready(AuthService::new(config.clone(), &silent).arm_autofill(None)),
            Armed::NameOnly { forget: false }
        );
        assert!(silent.operations().is_empty());
        // That account has no passkey any more: Cognito offers the others; forget it.
        let choose = r#"{"ChallengeName":"SELECT_CHALLENGE","Session":"s1","ChallengeParameters":{},"AvailableChallenges":["PASSWORD_SRP"]}"#;
        let script = Scripted::new(&[Ok(choose)]);
        assert_eq!(
            ready(AuthService::new(config.clone(), &script).arm_autofill(Some(&kim()))),
            Armed::NameOnly { forget: true }
        );
        // Offline: keep it for next time.
        let offline = Scripted::new(&[]);
        assert_eq!(
            ready(AuthService::new(config, &offline).arm_autofill(Some(&kim()))),
            Armed::NameOnly { forget: false }
        );
    }

    #[test]
    fn a_sub_is_not_shown_as_the_account_name() {
        assert_eq!(shown_name("kim@example.com"), "kim@example.com");
        assert_eq!(shown_name(SUB), "");
        assert_eq!(sub_of(&B64URL.encode(SUB)).as_deref(), Some(SUB));
        assert_eq!(
            PasskeyAccount::after_sign_in(" kim@example.com ", &assertion("aGk")),
            Some(PasskeyAccount {
                name: "kim@example.com".into(),
                handle: "aGk".into()
            })
        );
        assert_eq!(PasskeyAccount::after_sign_in("kim@example.com", "{}"), None);
    }
}

//! Where the user is signed in (Cognito's session management, late 2026): ListUserSessions and
//! RevokeUserSession with the access token. What is decided here: whether the pool offers it at
//! all (else home simply has no such section), how the list is ordered and named, and that this
//! browser's own session is never offered for ending (Cognito refuses it too: "You can't revoke
//! the session that the calling access token belongs to", API reference, RevokeUserSession).

use super::{AuthError, AuthService, Tokens};
use crate::cognito::{CognitoError, Transport, ops};

/// Pages of ListUserSessions followed at most (the admin variant returns "up to 125 sessions" in
/// one page; the pool's `MaxPerUser` is 20 by default).
const MAX_PAGES: usize = 5;

/// One place the user is signed in.
#[derive(Debug, Clone, PartialEq)]
pub struct SignedInSession {
    pub id: String,
    /// Through this app's client, or another app client of the pool (its id).
    pub app: SessionApp,
    /// "Chrome on Linux", as Cognito names it; None where it does not know ("unknown").
    pub device: Option<String>,
    /// Milliseconds since the epoch.
    pub last_active_ms: Option<f64>,
    pub created_ms: Option<f64>,
    /// The session this browser's access token belongs to.
    pub current: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionApp {
    ThisApp,
    Other(String),
}

/// What Cognito says about the user's sessions.
#[derive(Debug, Clone, PartialEq)]
pub enum Sessions {
    Listed(Vec<SignedInSession>),
    /// The pool does not track sessions, its plan does not include it, or the service does not
    /// know the operation: home shows no such section.
    NotOffered,
}

/// An answer that means "not here" rather than "not now". The API reference names no error for a
/// pool whose session tracking is off; a well-formed request refused as a parameter problem can
/// only mean that (an assumption), as can an error this app does not know.
fn not_offered(e: &CognitoError) -> bool {
    matches!(
        e,
        CognitoError::UnknownOperation(_)
            | CognitoError::FeatureUnavailableInTier(_)
            | CognitoError::InvalidParameter(_)
            | CognitoError::InvalidUserPoolConfiguration(_)
            | CognitoError::Unhandled { .. }
    )
}

/// The listed sessions, this browser's first, then the most recently active.
fn ordered(described: Vec<ops::SessionDescriptionType>, own_client: &str) -> Vec<SignedInSession> {
    let mut sessions: Vec<SignedInSession> = described
        .into_iter()
        .filter_map(|s| {
            let app = match s.client_id {
                Some(c) if c == own_client => SessionApp::ThisApp,
                Some(c) => SessionApp::Other(c),
                None => SessionApp::Other(String::new()),
            };
            Some(SignedInSession {
                // Without an id a session can be shown but not ended: Cognito names it by its id.
                id: s.session_id.filter(|id| !id.is_empty())?,
                app,
                device: s
                    .device_type
                    .filter(|d| !d.trim().is_empty() && !d.eq_ignore_ascii_case("unknown")),
                last_active_ms: s.last_active_date.map(|t| t * 1000.0),
                created_ms: s.create_date.map(|t| t * 1000.0),
                current: s.is_current_session,
            })
        })
        .collect();
    sessions.sort_by(|a, b| {
        b.current.cmp(&a.current).then_with(|| {
            let last = |s: &SignedInSession| s.last_active_ms.or(s.created_ms).unwrap_or(0.0);
            last(b).total_cmp(&last(a))
        })
    });
    sessions
}

impl<T: Transport> AuthService<T> {
    /// ListUserSessions, every page (up to [`MAX_PAGES`]).
    pub async fn list_sessions(&self, tokens: &Tokens) -> Result<Sessions, AuthError> {
        let mut described = Vec::new();
        let mut next_token = None;
        for _ in 0..MAX_PAGES {
            let page = self
                .as_signed_in(&ops::ListUserSessions {
                    access_token: tokens.access_token.clone(),
                    next_token: next_token.take(),
                })
                .await;
            let page = match page {
                Err(AuthError::Cognito(e)) if not_offered(&e) => return Ok(Sessions::NotOffered),
                other => other?,
            };
            described.extend(page.sessions);
            match page.next_token.filter(|t| !t.is_empty()) {
                Some(t) => next_token = Some(t),
                None => break,
            }
        }
        Ok(Sessions::Listed(ordered(described, &self.config.client_id)))
    }

    /// RevokeUserSession: that session's tokens stop working (never this browser's own: the
    /// caller does not offer it). A session already gone (ended elsewhere, or listed again by
    /// an eventually consistent ListUserSessions) is what was asked for.
    pub async fn end_session(&self, tokens: &Tokens, session_id: &str) -> Result<(), AuthError> {
        let ended = self
            .as_signed_in(&ops::RevokeUserSession {
                access_token: tokens.access_token.clone(),
                session_id: session_id.to_owned(),
            })
            .await;
        match ended {
            Err(AuthError::Cognito(CognitoError::ResourceNotFound(_))) => Ok(()),
            other => other.map(|_| ()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn described(id: &str, client: &str, last: f64, current: bool) -> ops::SessionDescriptionType {
        ops::SessionDescriptionType {
            session_id: Some(id.into()),
            client_id: Some(client.into()),
            create_date: Some(last - 100.0),
            last_active_date: Some(last),
            device_type: Some("Chrome on Linux".into()),
            is_current_session: current,
        }
    }

    #[test]
    fn this_browsers_session_comes_first_then_the_most_recently_active() {
        let list = ordered(
            vec![
                described("old", "web", 1_000.0, false),
                described("mine", "web", 2_000.0, true),
                described("phone", "mobile", 3_000.0, false),
                ops::SessionDescriptionType {
                    device_type: Some("unknown".into()),
                    ..described("odd", "web", 500.0, false)
                },
                // Nothing to end it by: not listed.
                ops::SessionDescriptionType {
                    session_id: None,
                    ..described("", "web", 4_000.0, false)
                },
            ],
            "web",
        );
        let ids: Vec<_> = list.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["mine", "phone", "old", "odd"]);
        assert_eq!(list[1].app, SessionApp::Other("mobile".into()));
        assert_eq!(list[0].app, SessionApp::ThisApp);
        assert_eq!(list[0].last_active_ms, Some(2_000_000.0));
        assert_eq!(list[3].device, None, "\"unknown\" is no name");
    }

    #[test]
    fn a_pool_without_it_is_told_from_a_passing_failure() {
        for code in [
            "UnknownOperationException",
            "FeatureUnavailableInTierException",
            "InvalidParameterException",
            "SessionTrackingNotEnabledException",
        ] {
            assert!(
                not_offered(&CognitoError::from_code(code, String::new())),
                "{code}"
            );
        }
        for code in [
            "TooManyRequestsException",
            "InternalErrorException",
            "NotAuthorizedException",
            "ResourceNotFoundException",
        ] {
            assert!(
                !not_offered(&CognitoError::from_code(code, String::new())),
                "{code}"
            );
        }
        assert!(!not_offered(&CognitoError::TimedOut));
    }
}

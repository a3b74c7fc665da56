//! Keeping a signed-in session alive: fresh tokens from the refresh token.

use std::collections::BTreeMap;

use super::{AuthError, ErrorKey, Tokens};
use crate::cognito::ops::{self, AuthFlow, AuthenticationResult};
use crate::cognito::{CognitoError, Secret, Transport};

/// What a failed refresh means for the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshFailed {
    /// Offline, throttled, 5xx: the refresh token is still good; try again shortly.
    Retry,
    /// Expired, revoked, or the user is gone: forget the session and say why.
    Ended(ErrorKey),
    /// The refresh token had already been rotated out by another refresh with it: a duplicated
    /// tab, or a copy in someone else's hands, which this tab cannot tell apart. Treated as
    /// theft ([`super::AuthService::end_reused_session`]), said neutrally.
    Reused,
}

impl AuthError {
    pub fn after_refresh(&self) -> RefreshFailed {
        if self.is_session_reused() {
            RefreshFailed::Reused
        } else if self.is_signed_out() {
            RefreshFailed::Ended(self.message_key())
        } else {
            RefreshFailed::Retry
        }
    }
}

impl AuthError {
    /// Whether the request may have reached Cognito and been carried out although no usable
    /// answer came back (no answer in time, a dropped connection, a 5xx, InternalErrorException
    /// included, an unreadable 2xx): for a refresh with rotation, the token may then have been
    /// rotated out by this very tab. Any other named Cognito error is a refusal: nothing was done.
    pub fn answer_may_be_lost(&self) -> bool {
        matches!(
            self,
            Self::MissingField(_)
                | Self::Cognito(
                    CognitoError::InternalError(_)
                        | CognitoError::Network(_)
                        | CognitoError::TimedOut
                        | CognitoError::Cancelled
                        | CognitoError::Http { .. }
                        | CognitoError::MalformedResponse(_)
                )
        )
    }
}

/// How far to go once a refresh token was found reused ([`RefreshFailed::Reused`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReuseReach {
    /// GlobalSignOut with this access token (every session of the user, the copy's too), else
    /// RevokeToken of the reused refresh token.
    Everywhere(Secret),
    /// RevokeToken of the reused refresh token only.
    ThisFamily,
}

/// What this tab knows of its own refreshes with the refresh token it holds. When one of them
/// may have rotated the token without the answer arriving ([`AuthError::answer_may_be_lost`]),
/// the retry reads RefreshTokenReuseException although no one else holds a copy: signing the
/// user out of every device for that would punish a bad connection. Then only this session's
/// family is revoked; the copy, if there is one, dies with it wherever Cognito revokes the
/// whole family (local-cognito does; Cognito does not document it).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RefreshHistory {
    answer_lost: bool,
}

impl RefreshHistory {
    /// The history after a refresh with the held token answered `outcome`. A new token (a
    /// success) starts over.
    pub fn after<T>(self, outcome: &Result<T, AuthError>) -> Self {
        match outcome {
            Ok(_) => Self::default(),
            Err(e) => Self {
                answer_lost: self.answer_lost || e.answer_may_be_lost(),
            },
        }
    }

    /// How far to go on a reuse, with the access token the tab still holds (if any).
    pub fn reach_on_reuse(self, access_token: Option<Secret>) -> ReuseReach {
        match access_token {
            Some(token) if !self.answer_lost => ReuseReach::Everywhere(token),
            _ => ReuseReach::ThisFamily,
        }
    }
}

/// What [`super::AuthService::end_reused_session`] managed to revoke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revoked {
    /// GlobalSignOut: every session of the user, the copy's included.
    Everywhere,
    /// RevokeToken of the reused refresh token.
    ThisFamily,
    Nothing,
}

impl<T: Transport> super::AuthService<T> {
    /// New access and id tokens for `refresh_token` (and a new refresh token where the app client
    /// rotates them; otherwise the same one is kept, as amplify-js does).
    ///
    /// GetTokensFromRefreshToken works whether the client rotates refresh tokens or not, and is
    /// the only way when it does ("You can't authenticate with REFRESH_TOKEN_AUTH in app clients
    /// with refresh token rotation enabled": AWS developer guide, "Refresh tokens"; amplify-js uses
    /// it since 6.15.4, aws-amplify/amplify-js#14427). A service that does not know the operation
    /// (UnknownOperationException: an older stand-in) gets InitiateAuth REFRESH_TOKEN_AUTH.
    /// `device_key`: a remembered device's key, without which Cognito answers "Invalid Refresh
    /// Token." (AWS Knowledge Center, "cognito-invalid-refresh-token-error").
    ///
    /// Every NotAuthorized answer ("Refresh Token has expired", "… has been revoked", "Invalid
    /// Refresh Token.") and RefreshTokenReuseException (rotated out, e.g. by a duplicated tab)
    /// means the session is over; anything else (offline, throttled, 5xx) may pass.
    pub async fn refresh_tokens(
        &self,
        refresh_token: &Secret,
        device_key: Option<&str>,
    ) -> Result<Tokens, AuthError> {
        let answer = match self
            .client
            .call(&ops::GetTokensFromRefreshToken {
                refresh_token: refresh_token.clone(),
                client_id: self.config.client_id.clone(),
                device_key: device_key.map(str::to_owned),
            })
            .await
        {
            Ok(out) => out.authentication_result,
            Err(e) if e.is_unknown_operation() => {
                let mut params =
                    BTreeMap::from([("REFRESH_TOKEN".to_owned(), refresh_token.clone())]);
                if let Some(key) = device_key {
                    params.insert("DEVICE_KEY".to_owned(), Secret::from(key));
                }
                self.client
                    .call(&ops::InitiateAuth {
                        auth_flow: AuthFlow::RefreshTokenAuth,
                        client_id: self.config.client_id.clone(),
                        auth_parameters: params,
                    })
                    .await
                    .map_err(session_error)?
                    .authentication_result
            }
            Err(e) => return Err(session_error(e)),
        };
        let result = answer.ok_or(AuthError::MissingField("AuthenticationResult"))?;
        Tokens::from_result(result, Some(refresh_token))
    }
}

impl<T: Transport> super::AuthService<T> {
    /// After a refresh token was reused ([`RefreshFailed::Reused`]): the other copy holds a live
    /// refresh token of this session's family, and it may be a thief's. With
    /// [`ReuseReach::Everywhere`], GlobalSignOut with the access token this tab still holds ends
    /// every session of the user, the copy's too ("revokes all of the requesting user's refresh,
    /// ID, and access tokens": API reference). Where that is refused (the access token expired)
    /// or not wanted ([`RefreshHistory`]), RevokeToken of the reused refresh token: what Cognito
    /// then revokes of a rotated family is not documented (its access tokens at least);
    /// local-cognito revokes the whole family (its BEHAVIOURS.md, "Checks that hold"). The
    /// caller has already forgotten the session.
    pub async fn end_reused_session(&self, reach: ReuseReach, refresh_token: &Secret) -> Revoked {
        if let ReuseReach::Everywhere(access_token) = reach {
            let everywhere = self
                .client
                .call(&ops::GlobalSignOut {
                    access_token: access_token.clone(),
                })
                .await;
            if everywhere.is_ok() {
                return Revoked::Everywhere;
            }
        }
        match self
            .client
            .call(&ops::RevokeToken {
                token: refresh_token.clone(),
                client_id: self.config.client_id.clone(),
            })
            .await
        {
            Ok(_) => Revoked::ThisFamily,
            Err(_) => Revoked::Nothing,
        }
    }
}

/// Which refresh answers end the session: those amplify-js clears its tokens on
/// (`TokenOrchestrator`: NotAuthorized, UserNotFound, PasswordResetRequired, UserNotConfirmed,
/// RefreshTokenReuse; the last keeps its own words here).
fn session_error(e: CognitoError) -> AuthError {
    match e {
        CognitoError::NotAuthorized(_)
        | CognitoError::UserNotFound(_)
        | CognitoError::PasswordResetRequired(_)
        | CognitoError::UserNotConfirmed(_) => AuthError::SignedOut,
        other => AuthError::Cognito(other),
    }
}

impl Tokens {
    /// The tokens in an AuthenticationResult; `kept_refresh` stands in for a refresh token the
    /// answer does not carry (a refresh without rotation).
    pub(crate) fn from_result(
        result: AuthenticationResult,
        kept_refresh: Option<&Secret>,
    ) -> Result<Self, AuthError> {
        Ok(Self {
            access_token: result
                .access_token
                .ok_or(AuthError::MissingField("AccessToken"))?,
            id_token: result.id_token.ok_or(AuthError::MissingField("IdToken"))?,
            refresh_token: result
                .refresh_token
                .filter(|t| !t.expose().is_empty())
                .or_else(|| kept_refresh.cloned()),
            expires_in: result.expires_in.filter(|s| *s > 0).unwrap_or(3600),
            new_device: result.new_device_metadata.and_then(|m| {
                Some(super::NewDevice {
                    key: m.device_key.filter(|k| !k.is_empty())?,
                    group_key: m.device_group_key.filter(|k| !k.is_empty())?,
                })
            }),
            device: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::AuthService;
    use crate::auth::ErrorKey;
    use crate::auth::scripted::{Scripted, ready};
    use crate::config::{Config, RawConfig};

    const ROTATED: &str = r#"{"AuthenticationResult":{"AccessToken":"a2","IdToken":"i2","RefreshToken":"r2","ExpiresIn":300,"TokenType":"Bearer"}}"#;
    const NOT_ROTATED: &str = r#"{"AuthenticationResult":{"AccessToken":"a2","IdToken":"i2","ExpiresIn":3600,"TokenType":"Bearer"}}"#;

    fn service(script: &Scripted) -> AuthService<&Scripted> {
        AuthService::new(
            Config::parse(RawConfig::default()).unwrap_or_else(|e| panic!("{e}")),
            script,
        )
    }

    fn refresh(script: &Scripted, device_key: Option<&str>) -> Result<Tokens, AuthError> {
        ready(service(script).refresh_tokens(&Secret::from("r1"), device_key))
    }

    #[test]
    fn a_rotating_client_hands_out_a_new_refresh_token() {
        let script = Scripted::new(&[Ok(ROTATED)]);
        let tokens = refresh(&script, None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(tokens.access_token.expose(), "a2");
        assert_eq!(
            tokens.refresh_token.as_ref().map(Secret::expose),
            Some("r2")
        );
        assert_eq!(tokens.expires_in, 300);
        assert_eq!(script.operations(), ["GetTokensFromRefreshToken"]);
        let body = script.last_body();
        assert_eq!(body["RefreshToken"], "r1");
        assert!(body.get("DeviceKey").is_none(), "no device, no DeviceKey");
    }

    #[test]
    fn without_rotation_the_same_refresh_token_is_kept() {
        let script = Scripted::new(&[Ok(NOT_ROTATED)]);
        let tokens = refresh(&script, Some("us-east-1_dev")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            tokens.refresh_token.as_ref().map(Secret::expose),
            Some("r1")
        );
        assert_eq!(script.last_body()["DeviceKey"], "us-east-1_dev");
    }

    #[test]
    fn a_service_without_get_tokens_is_asked_with_refresh_token_auth() {
        let script = Scripted::new(&[Err(("UnknownOperationException", "")), Ok(NOT_ROTATED)]);
        let tokens = refresh(&script, Some("us-east-1_dev")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(tokens.id_token.expose(), "i2");
        assert_eq!(
            script.operations(),
            ["GetTokensFromRefreshToken", "InitiateAuth"]
        );
        let body = script.last_body();
        assert_eq!(body["AuthFlow"], "REFRESH_TOKEN_AUTH");
        assert_eq!(body["AuthParameters"]["REFRESH_TOKEN"], "r1");
        assert_eq!(body["AuthParameters"]["DEVICE_KEY"], "us-east-1_dev");
    }

    #[test]
    fn expired_revoked_invalid_or_reused_refresh_tokens_end_the_session() {
        for (code, message, key) in [
            (
                "NotAuthorizedException",
                "Refresh Token has expired",
                ErrorKey::SignedOut,
            ),
            (
                "NotAuthorizedException",
                "Refresh Token has been revoked",
                ErrorKey::SignedOut,
            ),
            (
                "NotAuthorizedException",
                "Invalid Refresh Token.",
                ErrorKey::SignedOut,
            ),
            ("RefreshTokenReuseException", "m", ErrorKey::SessionReused),
        ] {
            let script = Scripted::new(&[Err((code, message))]);
            let e = refresh(&script, None).expect_err(message);
            assert!(e.is_signed_out(), "{message}: {e:?}");
            assert_eq!(e.message_key(), key, "{message}");
            let expected = if key == ErrorKey::SessionReused {
                RefreshFailed::Reused
            } else {
                RefreshFailed::Ended(key)
            };
            assert_eq!(e.after_refresh(), expected, "{message}");
        }
    }

    fn everywhere() -> ReuseReach {
        RefreshHistory::default().reach_on_reuse(Some(Secret::from("a1")))
    }

    #[test]
    fn a_reused_session_is_ended_everywhere_with_the_access_token_still_held() {
        let script = Scripted::new(&[Ok("{}")]);
        let revoked = ready(service(&script).end_reused_session(everywhere(), &Secret::from("r1")));
        assert_eq!(revoked, Revoked::Everywhere);
        assert_eq!(script.operations(), ["GlobalSignOut"]);
        assert_eq!(script.last_body()["AccessToken"], "a1");
    }

    #[test]
    fn without_a_working_access_token_the_reused_refresh_token_is_revoked() {
        // The access token expired: GlobalSignOut refused, RevokeToken of the old refresh token.
        let script = Scripted::new(&[
            Err(("NotAuthorizedException", "Access Token has expired")),
            Ok("{}"),
        ]);
        let revoked = ready(service(&script).end_reused_session(everywhere(), &Secret::from("r1")));
        assert_eq!(revoked, Revoked::ThisFamily);
        assert_eq!(script.operations(), ["GlobalSignOut", "RevokeToken"]);
        assert_eq!(script.last_body()["Token"], "r1");
        // A reload holds no access token: straight to RevokeToken.
        let reload = RefreshHistory::default().reach_on_reuse(None);
        let script = Scripted::new(&[Ok("{}")]);
        assert_eq!(
            ready(service(&script).end_reused_session(reload.clone(), &Secret::from("r1"))),
            Revoked::ThisFamily
        );
        assert_eq!(script.operations(), ["RevokeToken"]);
        let offline = Scripted::new(&[]);
        assert_eq!(
            ready(service(&offline).end_reused_session(reload, &Secret::from("r1"))),
            Revoked::Nothing
        );
    }

    #[test]
    fn a_reuse_after_this_tabs_own_answer_was_lost_signs_out_only_this_session() {
        let lost: [Result<(), AuthError>; 5] = [
            Err(CognitoError::TimedOut.into()),
            Err(CognitoError::Network("reset".into()).into()),
            Err(CognitoError::Http { status: 502 }.into()),
            Err(CognitoError::from_code("InternalErrorException", "m".into()).into()),
            Err(AuthError::MissingField("AuthenticationResult")),
        ];
        for outcome in &lost {
            let history = RefreshHistory::default().after(outcome);
            assert_eq!(
                history.reach_on_reuse(Some(Secret::from("a1"))),
                ReuseReach::ThisFamily,
                "{outcome:?}"
            );
            // Still so after a refusal that is an answer (throttled) ...
            let throttled: Result<(), AuthError> = Err(CognitoError::from_code(
                "TooManyRequestsException",
                "Rate exceeded".into(),
            )
            .into());
            assert_eq!(
                history
                    .after(&throttled)
                    .reach_on_reuse(Some(Secret::from("a1"))),
                ReuseReach::ThisFamily
            );
            // ... and over once a refresh worked: a reuse then is someone else's copy.
            assert_eq!(
                history
                    .after(&Ok(()))
                    .reach_on_reuse(Some(Secret::from("a1"))),
                everywhere()
            );
        }
        // An answer that is a refusal loses nothing.
        let throttled: Result<(), AuthError> =
            Err(CognitoError::from_code("TooManyRequestsException", "Rate exceeded".into()).into());
        assert_eq!(
            RefreshHistory::default()
                .after(&throttled)
                .reach_on_reuse(Some(Secret::from("a1"))),
            everywhere()
        );
        // Only RevokeToken is sent, though the access token still works.
        let script = Scripted::new(&[Ok("{}")]);
        assert_eq!(
            ready(service(&script).end_reused_session(ReuseReach::ThisFamily, &Secret::from("r1"))),
            Revoked::ThisFamily
        );
        assert_eq!(script.operations(), ["RevokeToken"]);
    }

    #[test]
    fn passing_failures_keep_the_session() {
        for (code, message) in [
            ("TooManyRequestsException", "Rate exceeded"),
            ("InternalErrorException", "m"),
        ] {
            let script = Scripted::new(&[Err((code, message))]);
            let e = refresh(&script, None).expect_err(code);
            assert!(!e.is_signed_out(), "{code}");
            assert_eq!(e.after_refresh(), RefreshFailed::Retry, "{code}");
        }
        let offline = Scripted::new(&[]);
        assert!(
            !refresh(&offline, None)
                .expect_err("offline")
                .is_signed_out()
        );
    }

    #[test]
    fn an_answer_without_tokens_is_an_error_not_a_session() {
        for body in [r#"{}"#, r#"{"AuthenticationResult":{"IdToken":"i"}}"#] {
            let script = Scripted::new(&[Ok(body)]);
            assert!(matches!(
                refresh(&script, None),
                Err(AuthError::MissingField(_))
            ));
        }
    }
}

//! The signed-in session: tokens in memory, the refresh token in this tab's sessionStorage (so a
//! reload keeps the user signed in), and access tokens refreshed before they expire.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::auth::assurance::StepUpTarget;
use crate::auth::clock::{self, Moment};
use crate::auth::guard::{Guarded, SessionGuard, SetupAllowed, StepUp, StepUpResult};
use crate::auth::session::{RefreshFailed, RefreshHistory, ReuseReach};
use crate::auth::{Device, ErrorKey, Secret, Tokens, UserProfile};
use crate::ui::{Service, device_store};

/// How long before an access token expires it is refreshed (a quarter of its life when that is
/// shorter), so a timer throttled in a background tab still fires in time.
const REFRESH_MARGIN_SECS: i64 = 120;
/// The wait before trying again after a refresh that failed for a passing reason (offline, 5xx).
const RETRY_AFTER: Duration = Duration::from_secs(30);

/// The signed-in user's session. Access and id tokens live in memory only; the refresh token,
/// the one thing needed to come back after a reload, lives in sessionStorage: per tab, gone when
/// the tab closes, never in localStorage (docs/security.md). Signals, storage and timers only:
/// what the session may do is decided by its [`SessionGuard`] (`auth::guard`).
#[derive(Clone, Copy)]
pub struct AuthStore {
    tokens: RwSignal<Option<Tokens>>,
    /// Why the user was signed out, for the login page to say once.
    notice: RwSignal<Option<ErrorKey>>,
    /// A stored session is being restored after a reload: the routes wait for it.
    restoring: RwSignal<bool>,
    /// When the access token is due for a refresh (ms since the epoch).
    refresh_at: StoredValue<i64>,
    /// Bumped by every sign-in and sign-out, so a refresh answering late changes nothing.
    generation: StoredValue<u64>,
    refreshing: StoredValue<bool>,
    /// Whether a refresh with the held refresh token may have lost its answer.
    history: StoredValue<RefreshHistory>,
    timer: StoredValue<Option<TimeoutHandle>, LocalStorage>,
    service: StoredValue<Service, LocalStorage>,
    /// The proofs of the user this session holds, and the step-up in progress (memory only).
    guard: StoredValue<SessionGuard>,
}

impl AuthStore {
    /// Provides the store and, if this tab holds a refresh token, restores the session from it.
    pub fn provide(service: Service) -> Self {
        let stored = stored_refresh_token(&service);
        let store = Self {
            tokens: RwSignal::new(None),
            notice: RwSignal::new(None),
            restoring: RwSignal::new(stored.is_some()),
            refresh_at: StoredValue::new(0),
            generation: StoredValue::new(0),
            refreshing: StoredValue::new(false),
            history: StoredValue::new(RefreshHistory::default()),
            timer: StoredValue::new_local(None),
            service: StoredValue::new_local(service),
            guard: StoredValue::new(SessionGuard::restored()),
        };
        provide_context(store);
        if let Some(refresh_token) = stored {
            leptos::task::spawn_local(store.restore(refresh_token));
        }
        store.refresh_when_shown();
        store
    }

    pub fn is_signed_in(&self) -> bool {
        self.tokens.with(Option::is_some)
    }
    /// True while a reload's session is being restored.
    pub fn is_restoring(&self) -> bool {
        self.restoring.get()
    }
    pub fn tokens_untracked(&self) -> Option<Tokens> {
        self.tokens.get_untracked()
    }

    /// A sign-in completed in this tab; `every_factor`: it answered every factor the account
    /// has ([`crate::auth::sign_in::FactorsProved::every_factor`]).
    pub fn sign_in(&self, tokens: Tokens, every_factor: bool) {
        self.start(tokens, SessionGuard::signed_in(Moment::now(), every_factor));
    }

    fn start(&self, tokens: Tokens, guard: SessionGuard) {
        self.generation.update_value(|g| *g += 1);
        self.guard.set_value(guard);
        self.history.set_value(RefreshHistory::default());
        self.keep(tokens);
    }

    /// True once after each sign-in: the moment to offer a passkey to a user who has none.
    pub fn take_passkey_offer(&self) -> bool {
        self.guard
            .try_update_value(|g| g.take_passkey_offer())
            .unwrap_or(false)
    }

    /// Forgets the session: memory, this tab's storage, the pending refresh, any step-up.
    pub fn clear(&self) {
        self.generation.update_value(|g| *g += 1);
        self.cancel_timer();
        self.refreshing.set_value(false);
        self.history.set_value(RefreshHistory::default());
        self.tokens.set(None);
        self.guard.set_value(SessionGuard::restored());
        if let Some(storage) = session_storage() {
            let _ = storage.remove_item(&self.storage_key());
            let _ = storage.remove_item(&self.device_key_key());
            let _ = storage.remove_item(&self.replacement_key());
        }
    }

    /// Whether `change` may go ahead now (else a step-up first), for the account GetUser last
    /// described (None: not known yet).
    pub fn allows(&self, change: &Guarded, account: Option<&UserProfile>) -> bool {
        self.guard
            .with_value(|g| g.allows(change, account, Moment::now()))
    }

    /// What the authenticator set-up may do now for this account.
    pub fn authenticator_setup(&self, profile: &UserProfile) -> SetupAllowed {
        self.guard
            .with_value(|g| g.authenticator_setup(profile, Moment::now()))
    }

    /// Asks for a step-up before `step_up.then`; the step-up page reads it.
    pub fn begin_step_up(&self, step_up: StepUp) {
        self.guard.update_value(|g| g.begin_step_up(step_up));
    }
    /// The step-up page is left: a step-up not completed is dropped.
    pub fn drop_unfinished_step_up(&self) {
        self.guard.try_update_value(|g| g.drop_unfinished_step_up());
    }
    /// The step-up still to be done, for the step-up page.
    pub fn pending_step_up(&self) -> Option<StepUp> {
        self.guard.with_value(|g| g.pending_step_up().cloned())
    }
    pub fn cancel_step_up(&self) {
        self.guard.update_value(SessionGuard::cancel_step_up);
    }

    /// The service a sign-in uses: `base`, or for a step-up to `step_up`, one that adds no
    /// device (nor names this browser's: a remembered device would skip the code that is its
    /// point) and, in a choice-based build, asks Cognito to check the proof for this session's
    /// access token (`auth::assurance`).
    pub fn sign_in_service(&self, base: Service, step_up: Option<&StepUpTarget>) -> Service {
        match step_up {
            Some(target) => {
                base.for_step_up(self.tokens_untracked().map(|t| t.access_token), target)
            }
            None => base,
        }
    }

    /// `service` with the session's access token as it is now, for a step-up (the session
    /// refreshes it while the page waits for the user); any other service unchanged.
    pub fn with_current_token(&self, service: Service) -> Service {
        match self.tokens_untracked() {
            Some(session) => service.with_step_up_token(session.access_token),
            None => service,
        }
    }

    /// The step-up sign-in succeeded. Its tokens only proved the user: the session goes on with
    /// its own (bound to this browser's device), and the proof's refresh token is revoked in the
    /// background (only that one: without one, sign_out would end every session). Whether it
    /// counted is the guard's rule (the same user).
    /// `rated`: Cognito took the step-up's parameters ([`crate::auth::AuthService::rated_by_cognito`]),
    /// so the proof's `acr` counts.
    pub fn complete_step_up(&self, proof: Tokens, rated: bool) -> StepUpResult {
        let (session_sub, session_refresh) = self.tokens.with_untracked(|t| {
            (
                t.as_ref().and_then(Tokens::subject),
                t.as_ref().and_then(|t| t.refresh_token.clone()),
            )
        });
        let result = self
            .guard
            .try_update_value(|g| {
                g.complete_step_up(
                    session_sub.as_deref(),
                    proof.subject().as_deref(),
                    proof.auth_level().filter(|_| rated),
                    Moment::now(),
                )
            })
            .unwrap_or(StepUpResult::SessionGone);
        // Never the session's own (were Cognito's step-up to hand it back).
        if proof.refresh_token.is_some() && proof.refresh_token != session_refresh {
            let service = self.service.get_value();
            leptos::task::spawn_local(async move {
                let _ = service.sign_out(&proof).await;
            });
        }
        result
    }

    /// The device this session signed in on, if any.
    pub fn device_untracked(&self) -> Option<Device> {
        self.tokens
            .with_untracked(|t| t.as_ref().and_then(|t| t.device.clone()))
    }

    /// What a completed, still fresh step-up was for (once), if `wanted` says it is the
    /// caller's: each page takes only what it goes on with.
    pub fn take_after_step_up(&self, wanted: impl Fn(&Guarded) -> bool) -> Option<Guarded> {
        self.guard
            .try_update_value(|g| g.take_after_step_up(Moment::now(), wanted))
            .flatten()
    }

    /// An authenticator replacement was started (a new secret issued) and not finished: kept in
    /// this tab's storage so that leaving halfway is noticed on the next visit to home.
    pub fn set_replacement_started(&self, started: bool) {
        if let Some(storage) = session_storage() {
            let key = self.replacement_key();
            let _ = if started {
                storage.set_item(&key, "started")
            } else {
                storage.remove_item(&key)
            };
        }
    }
    pub fn replacement_started(&self) -> bool {
        session_storage()
            .and_then(|s| s.get_item(&self.replacement_key()).ok().flatten())
            .is_some()
    }

    /// Forgets the session because Cognito ended it, and leaves the reason for the login page.
    pub fn end(&self, reason: ErrorKey) {
        self.notice.set(Some(reason));
        self.clear();
    }

    /// Another copy of this session's refresh token refreshed first: forget the session at once,
    /// then revoke as far as `reach` says in the background, so the copy dies too.
    fn end_reused(&self, reach: ReuseReach, refresh_token: Secret) {
        self.end(ErrorKey::SessionReused);
        let service = self.service.get_value();
        leptos::task::spawn_local(async move {
            service.end_reused_session(reach, &refresh_token).await;
        });
    }
    pub fn take_notice(&self) -> Option<ErrorKey> {
        let notice = self.notice.get_untracked();
        self.notice.set(None);
        notice
    }

    /// Holds `tokens`, stores their refresh token for a reload, and schedules the next refresh.
    fn keep(&self, tokens: Tokens) {
        if let (Some(storage), Some(refresh)) = (session_storage(), &tokens.refresh_token) {
            let _ = storage.set_item(&self.storage_key(), refresh.expose());
            let _ = match &tokens.device {
                Some(device) => storage.set_item(&self.device_key_key(), &device.key),
                None => storage.remove_item(&self.device_key_key()),
            };
        }
        let life = tokens.expires_in.max(1);
        let wait_secs = (life - REFRESH_MARGIN_SECS).max(life * 3 / 4).max(1);
        self.refresh_at
            .set_value(clock::now_ms() + wait_secs * 1000);
        self.tokens.set(Some(tokens));
        self.schedule(Duration::from_secs(wait_secs as u64));
    }

    fn schedule(&self, after: Duration) {
        self.cancel_timer();
        let store = *self;
        let handle =
            set_timeout_with_handle(move || leptos::task::spawn_local(store.refresh()), after).ok();
        self.timer.set_value(handle);
    }

    fn cancel_timer(&self) {
        if let Some(handle) = self.timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    }

    /// Exchanges the refresh token for fresh tokens. One at a time: with rotation, two refreshes
    /// with one token would end the session (RefreshTokenReuseException).
    async fn refresh(self) {
        let Some((refresh_token, device)) = self
            .tokens_untracked()
            .and_then(|t| Some((t.refresh_token?, t.device)))
        else {
            return;
        };
        if self.refreshing.get_value() {
            return;
        }
        self.refreshing.set_value(true);
        let generation = self.generation.get_value();
        let service = self.service.get_value();
        let device_key = device.as_ref().map(|d| d.key.as_str());
        let answer = service.refresh_tokens(&refresh_token, device_key).await;
        self.refreshing.set_value(false);
        if self.generation.get_value() != generation {
            return; // signed out, or signed in again, meanwhile
        }
        let history = self.history.get_value();
        self.history.set_value(history.after(&answer));
        match answer.map_err(|e| e.after_refresh()) {
            Ok(tokens) => self.keep(Tokens { device, ..tokens }),
            Err(RefreshFailed::Retry) => self.schedule(RETRY_AFTER),
            Err(RefreshFailed::Ended(why)) => self.end(why),
            Err(RefreshFailed::Reused) => {
                let access = self.tokens_untracked().map(|t| t.access_token);
                self.end_reused(history.reach_on_reuse(access), refresh_token);
            }
        }
    }

    /// A reload: the stored refresh token becomes a session again, or the login page says why not.
    async fn restore(self, refresh_token: Secret) {
        let service = self.service.get_value();
        // The session's device: its key from this tab, its secret (if this browser keeps one)
        // from localStorage. A refresh must name the key; the secret is not needed again.
        let device_key = session_storage()
            .and_then(|s| s.get_item(&self.device_key_key()).ok().flatten())
            .filter(|k| !k.is_empty());
        let client_id = service.config().client_id.clone();
        let device = device_key.map(|key| {
            device_store::by_key(&client_id, &key).unwrap_or(Device {
                key,
                group_key: String::new(),
                password: Secret::new(String::new()),
                remembered: false,
            })
        });
        let key = device.as_ref().map(|d| d.key.as_str());
        let answer = service.refresh_tokens(&refresh_token, key).await;
        match answer {
            Ok(tokens) => self.start(Tokens { device, ..tokens }, SessionGuard::restored()),
            Err(e) => match e.after_refresh() {
                // A reload holds no access token: only RevokeToken is possible.
                RefreshFailed::Reused => self.end_reused(ReuseReach::ThisFamily, refresh_token),
                RefreshFailed::Ended(why) => self.end(why),
                // A passing failure (offline): the token stays, so the next reload can try
                // again, and the login page says what happened.
                RefreshFailed::Retry => self.notice.set(Some(e.message_key())),
            },
        }
        self.restoring.set(false);
    }

    /// Timers sleep with the computer and are throttled in hidden tabs: when the page is seen
    /// again past its refresh time, refresh at once.
    fn refresh_when_shown(&self) {
        let store = *self;
        let on_change = Closure::<dyn FnMut()>::new(move || {
            if !document().hidden()
                && store.is_signed_in_untracked()
                && clock::now_ms() >= store.refresh_at.get_value()
            {
                leptos::task::spawn_local(store.refresh());
            }
        });
        let _ = document().add_event_listener_with_callback(
            "visibilitychange",
            on_change.as_ref().unchecked_ref(),
        );
        on_change.forget(); // lives as long as the app
    }

    fn is_signed_in_untracked(&self) -> bool {
        self.tokens.with_untracked(Option::is_some)
    }

    fn storage_key(&self) -> String {
        self.service.with_value(|s| tab_key(s, "refresh-token"))
    }
    fn device_key_key(&self) -> String {
        self.service.with_value(|s| tab_key(s, "device-key"))
    }
    fn replacement_key(&self) -> String {
        self.service
            .with_value(|s| tab_key(s, "authenticator-replacement"))
    }
}

/// A sessionStorage key, one per app client, so two apps on one origin never read each other's
/// session.
fn tab_key(service: &Service, what: &str) -> String {
    format!("{what}:{}", service.config().client_id)
}

fn session_storage() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

fn stored_refresh_token(service: &Service) -> Option<Secret> {
    session_storage()?
        .get_item(&tab_key(service, "refresh-token"))
        .ok()
        .flatten()
        .filter(|t| !t.is_empty())
        .map(Secret::new)
}

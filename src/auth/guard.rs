//! Which account changes a signed-in session may make now, and what proof of the user they need.
//!
//! A session in someone else's hands (a browser left signed in, a stolen refresh token) must not
//! be able to lock the owner out or weaken the account: add its own authenticator app or
//! passkey, take the owner's away, turn a factor off. Those changes need the user to have proved
//! it's them recently: the sign-in in this tab within [`PROOF_VALID_MS`] (not a reload's
//! restore), or a step-up (signing in again as the same user). Cognito asks only for an access
//! token for all of them: these rules are this app's promise, not Cognito's. Where Cognito
//! says how strongly a step-up proved the user (its tokens' `acr`, `assurance`), a proof below
//! what the account needs counts for nothing; and in a choice-based build Cognito checks the
//! step-up's proof itself (USER_AUTH with the session's access token: the
//! same user, at the level asked for). The change is still made with the session's own token,
//! which Cognito accepts without a step-up: the rule stays the app's.
//!
//! Pure: the time is passed in (a [`Moment`] by both clocks), so every rule has a native test. `ui::AuthStore` keeps one
//! [`SessionGuard`] next to the tokens and asks it.

use super::ErrorKey;
use super::assurance::{AuthLevel, StepUpTarget};
use super::clock::Moment;
use super::profile::Contact;
use super::{MfaChange, MfaFactor, UserProfile};

/// How long a proof of the user (a sign-in in this tab, or a step-up) vouches for a change.
pub const PROOF_VALID_MS: i64 = 5 * 60 * 1000;

/// A change to the account that needs a recent proof of the user; also what a step-up is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Guarded {
    /// An MFA change; only those that weaken the account are guarded
    /// ([`MfaChange::needs_step_up`]).
    Mfa(MfaChange),
    /// The first authenticator app: whoever scans the QR code holds the second factor.
    SetUpAuthenticator,
    /// Another authenticator app in place of the one that is on.
    ReplaceAuthenticator,
    /// With passkey MFA on, a passkey alone signs in: adding one is as strong a change as
    /// replacing the authenticator app.
    AddPasskey,
    /// The passkey's credential id.
    DeletePasskey(String),
    /// A new email or phone number: where reset codes and sign-in codes will go, so whoever
    /// changes it can take the account over (an account-recovery change).
    ChangeContact(Contact),
    /// Deleting the account: nothing to undo.
    DeleteAccount,
}

/// What proof a change needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProofNeeded {
    /// None: the change weakens nothing.
    Nothing,
    /// The sign-in in this tab within the window, if it proved every factor the account has (a
    /// remembered device's sign-in skipped the code), or a step-up.
    Recent,
    /// A step-up within the window, whatever the sign-in was.
    StepUp,
}

impl Guarded {
    /// For the account as GetUser last described it (`None`: not loaded yet, so the stricter
    /// rule).
    pub fn proof_needed(&self, account: Option<&UserProfile>) -> ProofNeeded {
        match self {
            Self::Mfa(change) if change.needs_step_up() => ProofNeeded::StepUp,
            Self::Mfa(_) => ProofNeeded::Nothing,
            Self::ReplaceAuthenticator | Self::DeleteAccount => ProofNeeded::StepUp,
            Self::AddPasskey if account.is_none_or(|a| a.passkey_mfa) => ProofNeeded::StepUp,
            Self::SetUpAuthenticator
            | Self::AddPasskey
            | Self::DeletePasskey(_)
            | Self::ChangeContact(_) => ProofNeeded::Recent,
        }
    }

    /// Where the user goes once a step-up for it is done.
    pub fn path(&self) -> &'static str {
        match self {
            Self::SetUpAuthenticator | Self::ReplaceAuthenticator => "/setup-2fa",
            Self::Mfa(_)
            | Self::AddPasskey
            | Self::DeletePasskey(_)
            | Self::ChangeContact(_)
            | Self::DeleteAccount => "/home",
        }
    }
}

/// A step-up asked for: the signed-in user signs in again, then the page that asked goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepUp {
    /// How the signed-in user signs in (their email): the step-up is for them and nobody else.
    pub email: String,
    pub then: Guarded,
    /// The levels asked of Cognito, and the least the proof must show.
    pub target: StepUpTarget,
}

impl StepUp {
    /// A step-up for `account`'s user (signing in as `email`) before `then`.
    pub fn new(email: String, then: Guarded, account: &UserProfile) -> Self {
        Self {
            email,
            then,
            target: StepUpTarget::for_account(account),
        }
    }
}

/// How a step-up ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepUpResult {
    /// The same user proved it: go on with the change.
    Proved,
    /// Another account signed in: refused; the step-up stays for another try.
    OtherAccount,
    /// The user, but by less than the account needs (Cognito's `acr` says so): refused; the
    /// step-up stays for another try.
    NotEnough,
    /// The session ended meanwhile: nothing left to confirm.
    SessionGone,
}

impl StepUpResult {
    /// What the step-up page says when the proof did not count (None: it counted, or there is
    /// nothing left to confirm).
    pub fn refusal(self) -> Option<ErrorKey> {
        match self {
            Self::OtherAccount => Some(ErrorKey::StepUpOtherAccount),
            Self::NotEnough => Some(ErrorKey::StepUpNotEnough),
            Self::Proved | Self::SessionGone => None,
        }
    }
}

/// How this tab's session began.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SignedInHere {
    at: Moment,
    /// Every factor the account has was answered (a code, or a passkey that verified the user),
    /// not skipped by a remembered device.
    every_factor: bool,
}

/// The proofs a signed-in session holds and the step-up in progress.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionGuard {
    signed_in: Option<SignedInHere>,
    stepped_up_at: Option<Moment>,
    step_up: Option<StepUp>,
    /// The pending step-up was completed by this session's user: its page goes on with it.
    step_up_done: bool,
    /// "Add a passkey" is offered once per sign-in.
    passkey_offer: bool,
}

impl SessionGuard {
    /// A sign-in completed in this tab: proof of the user for a few minutes, and the moment to
    /// offer a passkey. `every_factor`: see [`super::sign_in::FactorsProved::every_factor`] (the
    /// factors the account had then: its tokens' `acr` says no more, and MFA turned on since
    /// does not undo the proof).
    pub fn signed_in(now: Moment, every_factor: bool) -> Self {
        Self {
            signed_in: Some(SignedInHere {
                at: now,
                every_factor,
            }),
            passkey_offer: true,
            ..Self::default()
        }
    }

    /// A session restored after a reload (or in a tab that copied the session): no proof of
    /// anyone, no passkey offer, no step-up carried over. Whoever reloads a signed-in page has
    /// proved nothing.
    pub fn restored() -> Self {
        Self::default()
    }

    /// Whether `change` may go ahead now, for the account as GetUser last described it (None:
    /// not known yet, treated as having MFA and passkey MFA on).
    pub fn allows(&self, change: &Guarded, account: Option<&UserProfile>, now: Moment) -> bool {
        let mfa_off = account.is_some_and(|a| a.enabled.is_empty());
        match change.proof_needed(account) {
            ProofNeeded::Nothing => true,
            ProofNeeded::StepUp => self.has_fresh_step_up(now),
            ProofNeeded::Recent => {
                self.has_fresh_step_up(now)
                    || self
                        .signed_in
                        .is_some_and(|s| within(s.at, now) && (s.every_factor || mfa_off))
            }
        }
    }

    pub fn has_fresh_step_up(&self, now: Moment) -> bool {
        self.stepped_up_at.is_some_and(|at| within(at, now))
    }

    /// Asks for a step-up before `step_up.then`.
    pub fn begin_step_up(&mut self, step_up: StepUp) {
        self.step_up = Some(step_up);
        self.step_up_done = false;
    }

    /// The step-up still to be done, for the step-up page (never one already done: visiting the
    /// page again must not replay it).
    pub fn pending_step_up(&self) -> Option<&StepUp> {
        self.step_up.as_ref().filter(|_| !self.step_up_done)
    }

    /// The step-up page was left: a step-up not completed is dropped, so coming back later
    /// cannot carry out a change the user walked away from.
    pub fn drop_unfinished_step_up(&mut self) {
        if !self.step_up_done {
            self.step_up = None;
        }
    }

    pub fn cancel_step_up(&mut self) {
        self.step_up = None;
        self.step_up_done = false;
    }

    /// A step-up sign-in completed. It counts only if it proved the session's own user (the id
    /// tokens' `sub`s, both known and equal): the page fixes the email, but nothing else would
    /// stop another account's proof (an edited page, an email that names someone else) from
    /// unlocking this session's change. Where Cognito rated the proof (it took the step-up's
    /// parameters) and its tokens say a level (`proof_level`), it must be at least the step-up's
    /// floor; otherwise Cognito did not take part and the sign-in itself (with the MFA Cognito
    /// asked for) is the proof, as before Cognito had levels: the app's view of the account may
    /// differ from Cognito's (an authenticator Cognito dropped), so no floor is guessed then.
    pub fn complete_step_up(
        &mut self,
        session_sub: Option<&str>,
        proof_sub: Option<&str>,
        proof_level: Option<AuthLevel>,
        now: Moment,
    ) -> StepUpResult {
        let Some(session_sub) = session_sub else {
            return StepUpResult::SessionGone;
        };
        if proof_sub.is_none_or(|proof| proof != session_sub) {
            return StepUpResult::OtherAccount;
        }
        // Nothing pending (left meanwhile): the strict floor.
        let floor = self
            .step_up
            .as_ref()
            .map_or(AuthLevel::TwoFactors, |s| s.target.floor());
        if proof_level.is_some_and(|level| level < floor) {
            return StepUpResult::NotEnough;
        }
        self.stepped_up_at = Some(now);
        self.step_up_done = true;
        StepUpResult::Proved
    }

    /// What a completed step-up, still fresh, was for (once), if `wanted` says it is the
    /// caller's: each page takes only what it goes on with.
    pub fn take_after_step_up(
        &mut self,
        now: Moment,
        wanted: impl Fn(&Guarded) -> bool,
    ) -> Option<Guarded> {
        if !self.step_up_done || !self.has_fresh_step_up(now) {
            return None;
        }
        let then = self
            .step_up
            .as_ref()
            .map(|s| &s.then)
            .filter(|t| wanted(t))?;
        let then = then.clone();
        self.step_up = None;
        self.step_up_done = false;
        Some(then)
    }

    /// True once after each sign-in in this tab: the moment to offer a passkey.
    pub fn take_passkey_offer(&mut self) -> bool {
        std::mem::take(&mut self.passkey_offer)
    }
}

/// What the authenticator set-up page may do for an account now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupAllowed {
    /// Add the first authenticator app.
    First,
    /// Replace the app that is on (after a step-up for it).
    Replacement,
    /// An app is on and no step-up for replacing it: say so, and offer to replace it.
    AlreadyOn,
    /// No app yet, and no recent proof of the user: confirm it's them first.
    StepUpFirst,
}

impl SessionGuard {
    pub fn authenticator_setup(&self, profile: &UserProfile, now: Moment) -> SetupAllowed {
        let account = Some(profile);
        if profile.is_on(MfaFactor::AuthenticatorApp) {
            if self.allows(&Guarded::ReplaceAuthenticator, account, now) {
                SetupAllowed::Replacement
            } else {
                SetupAllowed::AlreadyOn
            }
        } else if self.allows(&Guarded::SetUpAuthenticator, account, now) {
            SetupAllowed::First
        } else {
            SetupAllowed::StepUpFirst
        }
    }
}

fn within(at: Moment, now: Moment) -> bool {
    // A clock set back proves nothing either (`Moment::since`).
    now.since(at)
        .is_some_and(|elapsed| elapsed < PROOF_VALID_MS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::MfaFactor;

    const T0: Moment = Moment {
        wall_ms: 1_700_000_000_000,
        monotonic_ms: 60_000,
    };
    const LATER: Moment = T0.plus(PROOF_VALID_MS);
    const SOON: Moment = T0.plus(PROOF_VALID_MS - 1);

    /// An account with `enabled` factors on, passkey MFA as `passkey_mfa`.
    fn account(enabled: &[MfaFactor], passkey_mfa: bool) -> UserProfile {
        UserProfile {
            enabled: enabled.to_vec(),
            passkey_mfa,
            ..UserProfile::default()
        }
    }
    fn no_mfa() -> Option<&'static UserProfile> {
        static NONE: std::sync::OnceLock<UserProfile> = std::sync::OnceLock::new();
        Some(NONE.get_or_init(|| account(&[], false)))
    }
    fn mfa() -> Option<&'static UserProfile> {
        static ON: std::sync::OnceLock<UserProfile> = std::sync::OnceLock::new();
        Some(ON.get_or_init(|| account(&[MfaFactor::Email], false)))
    }

    fn step_up(then: Guarded) -> StepUp {
        StepUp::new(
            "kim@example.com".into(),
            then,
            &account(&[MfaFactor::Sms], false),
        )
    }

    /// A guard that has completed a step-up for `then` at `at`.
    fn stepped_up(then: Guarded, at: Moment) -> SessionGuard {
        let mut guard = SessionGuard::restored();
        guard.begin_step_up(step_up(then));
        assert_eq!(
            guard.complete_step_up(Some("sub-1"), Some("sub-1"), None, at),
            StepUpResult::Proved
        );
        guard
    }

    #[test]
    fn adding_the_first_authenticator_needs_a_recent_sign_in_or_a_step_up() {
        let setup = Guarded::SetUpAuthenticator;
        // Signed in here with every factor, a minute ago: yes, whatever the MFA.
        let fresh = SessionGuard::signed_in(T0, true);
        for mfa_on in [no_mfa(), mfa(), None] {
            assert!(fresh.allows(&setup, mfa_on, T0.plus(60_000)), "{mfa_on:?}");
            assert!(
                !fresh.allows(&setup, mfa_on, LATER),
                "{mfa_on:?} after 5 minutes"
            );
        }
        // A reload's restored session has proved nothing: the unattended-browser case.
        let restored = SessionGuard::restored();
        assert!(!restored.allows(&setup, no_mfa(), T0));
        // A step-up proves it again.
        let proved = stepped_up(Guarded::SetUpAuthenticator, T0);
        assert!(proved.allows(&setup, mfa(), SOON));
        assert!(!proved.allows(&setup, mfa(), LATER));
    }

    #[test]
    fn a_remembered_devices_sign_in_is_proof_only_for_an_account_without_mfa() {
        // The device answered for the code: that sign-in proved the password only.
        let device = SessionGuard::signed_in(T0, false);
        for change in [
            Guarded::SetUpAuthenticator,
            Guarded::AddPasskey,
            Guarded::DeletePasskey("id".into()),
            Guarded::ChangeContact(Contact::Email),
        ] {
            assert!(device.allows(&change, no_mfa(), T0), "{change:?}");
            assert!(!device.allows(&change, mfa(), T0), "{change:?}");
            assert!(!device.allows(&change, None, T0), "{change:?}: unknown MFA");
        }
    }

    #[test]
    fn weakening_changes_need_a_step_up_even_right_after_signing_in() {
        let fresh = SessionGuard::signed_in(T0, true);
        for change in [
            Guarded::Mfa(MfaChange::TurnOff(MfaFactor::AuthenticatorApp)),
            Guarded::Mfa(MfaChange::PasskeyMfa(true)),
            Guarded::ReplaceAuthenticator,
            Guarded::DeleteAccount,
        ] {
            assert!(!fresh.allows(&change, mfa(), T0), "{change:?}");
            let proved = stepped_up(change.clone(), T0);
            assert!(proved.allows(&change, mfa(), SOON), "{change:?}");
            assert!(!proved.allows(&change, mfa(), LATER), "{change:?}");
        }
        // Turning a factor on, choosing the preferred one, passkey MFA off: nothing asked.
        let restored = SessionGuard::restored();
        for change in [
            MfaChange::TurnOn(MfaFactor::Sms),
            MfaChange::Prefer(MfaFactor::Email),
            MfaChange::PasskeyMfa(false),
        ] {
            assert!(
                restored.allows(&Guarded::Mfa(change), None, T0),
                "{change:?}"
            );
        }
    }

    #[test]
    fn with_passkey_mfa_on_a_new_passkey_needs_a_step_up() {
        // A passkey alone then signs in: adding one is as strong as replacing the app.
        let passkey_mfa = account(&[MfaFactor::AuthenticatorApp], true);
        let fresh = SessionGuard::signed_in(T0, true);
        assert!(
            fresh.allows(&Guarded::AddPasskey, mfa(), T0),
            "without passkey MFA"
        );
        assert!(!fresh.allows(&Guarded::AddPasskey, Some(&passkey_mfa), T0));
        assert!(
            !fresh.allows(&Guarded::AddPasskey, None, T0),
            "not known yet: the stricter rule"
        );
        let proved = stepped_up(Guarded::AddPasskey, T0);
        assert!(proved.allows(&Guarded::AddPasskey, Some(&passkey_mfa), SOON));
        // Deleting one still needs only a recent sign-in.
        assert!(fresh.allows(&Guarded::DeletePasskey("id".into()), Some(&passkey_mfa), T0));
    }

    #[test]
    fn a_clock_set_back_proves_nothing() {
        let fresh = SessionGuard::signed_in(T0, true);
        assert!(!fresh.allows(&Guarded::AddPasskey, no_mfa(), T0.plus(-1)));
    }

    #[test]
    fn a_step_up_counts_only_for_the_sessions_own_user() {
        let mut guard = SessionGuard::signed_in(T0, true);
        guard.begin_step_up(step_up(Guarded::ReplaceAuthenticator));
        assert_eq!(
            guard.complete_step_up(Some("sub-1"), Some("sub-2"), None, T0),
            StepUpResult::OtherAccount
        );
        assert_eq!(
            guard.complete_step_up(Some("sub-1"), None, None, T0),
            StepUpResult::OtherAccount,
            "a proof without a sub proves no one"
        );
        assert!(!guard.has_fresh_step_up(T0));
        assert!(guard.pending_step_up().is_some(), "another try is allowed");
        assert_eq!(
            guard.complete_step_up(None, Some("sub-1"), None, T0),
            StepUpResult::SessionGone
        );
        assert_eq!(
            guard.complete_step_up(Some("sub-1"), Some("sub-1"), None, T0),
            StepUpResult::Proved
        );
    }

    #[test]
    fn a_proof_below_what_the_account_needs_counts_for_nothing() {
        // Cognito's tokens say the step-up reached a password alone; the account has SMS MFA.
        let mut guard = SessionGuard::signed_in(T0, true);
        guard.begin_step_up(step_up(Guarded::DeleteAccount));
        assert_eq!(
            guard.complete_step_up(Some("s"), Some("s"), Some(AuthLevel::Password), T0),
            StepUpResult::NotEnough
        );
        assert!(!guard.allows(&Guarded::DeleteAccount, mfa(), T0));
        assert!(guard.pending_step_up().is_some(), "another try is allowed");
        assert_eq!(
            guard.complete_step_up(Some("s"), Some("s"), Some(AuthLevel::TwoFactors), T0),
            StepUpResult::Proved
        );
        assert!(guard.allows(&Guarded::DeleteAccount, mfa(), T0));
        // With nothing pending any more, a password alone is not enough either.
        let mut left = SessionGuard::restored();
        assert_eq!(
            left.complete_step_up(Some("s"), Some("s"), Some(AuthLevel::Password), T0),
            StepUpResult::NotEnough
        );
        // No level at all: Cognito took no part; the sign-in with the account's MFA is the proof.
        let mut without = SessionGuard::restored();
        without.begin_step_up(step_up(Guarded::DeleteAccount));
        assert_eq!(
            without.complete_step_up(Some("s"), Some("s"), None, T0),
            StepUpResult::Proved
        );
    }

    #[test]
    fn a_completed_step_up_is_taken_once_by_the_page_it_was_for_and_never_replayed() {
        let mut guard = stepped_up(Guarded::DeletePasskey("id-1".into()), T0);
        assert!(
            guard.pending_step_up().is_none(),
            "done: the page must not replay it"
        );
        assert_eq!(
            guard.take_after_step_up(T0, |t| *t == Guarded::ReplaceAuthenticator),
            None,
            "another page's"
        );
        assert_eq!(
            guard.take_after_step_up(T0, |t| matches!(t, Guarded::DeletePasskey(_))),
            Some(Guarded::DeletePasskey("id-1".into()))
        );
        assert_eq!(guard.take_after_step_up(T0, |_| true), None, "only once");
        // Too late: the change is not carried out.
        let mut stale = stepped_up(Guarded::AddPasskey, T0);
        assert_eq!(stale.take_after_step_up(LATER, |_| true), None);
    }

    #[test]
    fn a_step_up_left_unfinished_is_dropped() {
        let mut guard = SessionGuard::signed_in(T0, true);
        guard.begin_step_up(step_up(Guarded::AddPasskey));
        assert!(guard.pending_step_up().is_some());
        guard.drop_unfinished_step_up();
        assert!(guard.pending_step_up().is_none());
        assert_eq!(
            guard.complete_step_up(Some("s"), Some("s"), None, T0),
            StepUpResult::Proved
        );
        assert_eq!(
            guard.take_after_step_up(T0, |_| true),
            None,
            "nothing to go on with: the user walked away from it"
        );
        // A completed one survives leaving the step-up page (its page takes it next).
        let mut done = stepped_up(Guarded::AddPasskey, T0);
        done.drop_unfinished_step_up();
        assert_eq!(
            done.take_after_step_up(T0, |_| true),
            Some(Guarded::AddPasskey)
        );
    }

    #[test]
    fn the_passkey_offer_comes_once_per_sign_in_and_never_after_a_reload() {
        let mut fresh = SessionGuard::signed_in(T0, true);
        assert!(fresh.take_passkey_offer());
        assert!(!fresh.take_passkey_offer());
        assert!(!SessionGuard::restored().take_passkey_offer());
    }

    #[test]
    fn the_set_up_page_adds_replaces_or_asks_for_proof_first() {
        let none = UserProfile::default();
        let email_on = UserProfile {
            enabled: vec![MfaFactor::Email],
            ..UserProfile::default()
        };
        let app_on = UserProfile {
            enabled: vec![MfaFactor::AuthenticatorApp],
            ..UserProfile::default()
        };
        let restored = SessionGuard::restored();
        assert_eq!(
            restored.authenticator_setup(&none, T0),
            SetupAllowed::StepUpFirst
        );
        assert_eq!(
            restored.authenticator_setup(&app_on, T0),
            SetupAllowed::AlreadyOn
        );
        let fresh = SessionGuard::signed_in(T0, true);
        assert_eq!(fresh.authenticator_setup(&none, T0), SetupAllowed::First);
        assert_eq!(
            fresh.authenticator_setup(&none, LATER),
            SetupAllowed::StepUpFirst
        );
        assert_eq!(
            fresh.authenticator_setup(&app_on, T0),
            SetupAllowed::AlreadyOn,
            "replacing always needs a step-up"
        );
        // A remembered device skipped the emailed code: not proof enough to add an app.
        let device = SessionGuard::signed_in(T0, false);
        assert_eq!(
            device.authenticator_setup(&email_on, T0),
            SetupAllowed::StepUpFirst
        );
        assert_eq!(device.authenticator_setup(&none, T0), SetupAllowed::First);
        let replacing = stepped_up(Guarded::ReplaceAuthenticator, T0);
        assert_eq!(
            replacing.authenticator_setup(&app_on, SOON),
            SetupAllowed::Replacement
        );
    }

    #[test]
    fn each_change_returns_to_the_page_that_makes_it() {
        assert_eq!(Guarded::SetUpAuthenticator.path(), "/setup-2fa");
        assert_eq!(Guarded::ReplaceAuthenticator.path(), "/setup-2fa");
        assert_eq!(Guarded::AddPasskey.path(), "/home");
        assert_eq!(
            Guarded::Mfa(MfaChange::TurnOff(MfaFactor::Sms)).path(),
            "/home"
        );
    }
}

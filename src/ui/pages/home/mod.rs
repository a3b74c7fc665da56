//! Home: who is signed in, and every account setting, one section each: two-factor
//! authentication, contact details, the user's other details, signing out, where they are signed in, devices, passkeys, the password, deleting the
//! account. The sections share the
//! account's profile and its MFA changes ([`Account`]); each makes its own requests.

mod contacts;
mod delete_account;
mod details;
mod devices;
mod passkeys;
mod password;
mod sessions;
mod sign_out;
mod two_factor;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::auth::guard::{Guarded, StepUp};
use crate::auth::mfa::MfaChanged;
use crate::auth::profile::Contact;
use crate::auth::{DeviceInfo, ErrorKey, MfaChange, UserProfile};
use crate::config::SignInMethod;
use crate::i18n::Msg;
use crate::ui::pages::requests::SignedIn;
use crate::ui::{AuthStore, I18n, use_page_title};

use contacts::ContactsSection;
use delete_account::DeleteAccountSection;
use details::DetailsSection;
use devices::DevicesSection;
use passkeys::PasskeysSection;
use password::PasswordSection;
use sessions::SessionsSection;
use sign_out::SignOutSection;
use two_factor::TwoFactorSection;

/// What home's sections share: the profile and the MFA changes made through it.
#[derive(Clone, Copy)]
struct Account {
    /// GetUser's answer: loaded on arrival and after each MFA change.
    profile: RwSignal<Option<UserProfile>>,
    /// Why the profile could not be loaded.
    load_error: RwSignal<Option<ErrorKey>>,
    load: Action<(), ()>,
    change: Action<(MfaChange, UserProfile), ()>,
    mfa_saved: RwSignal<Option<Msg>>,
    mfa_error: RwSignal<Option<ErrorKey>>,
    /// Asks for a step-up before a guarded change, then comes back to it. Runs synchronously
    /// (in click handlers and effects), never after an `.await`.
    step_up: Callback<Guarded>,
    /// A contact another section asked to add ("Add a phone number" under SMS codes): the
    /// contact details take it and open their form.
    add_contact: RwSignal<Option<Contact>>,
}

impl Account {
    /// Whether the account has a second factor on; None while the profile is not loaded.
    /// Tracked: a signal's read, for views; untracked in handlers.
    fn mfa_on(self) -> Option<bool> {
        self.profile
            .with(|p| p.as_ref().map(|p| !p.enabled.is_empty()))
    }
    /// Whether the session may make `change` now, for the account as last loaded.
    fn allows(self, store: AuthStore, change: &Guarded) -> bool {
        self.profile
            .with_untracked(|p| store.allows(change, p.as_ref()))
    }

    /// Asks for an MFA change: at once where the session may make it, else after a step-up.
    fn request_change(self, requests: SignedIn, change: MfaChange) {
        let Some(profile) = self.profile.get_untracked() else {
            return;
        };
        self.mfa_error.set(None);
        self.mfa_saved.set(None);
        if self.allows(requests.store(), &Guarded::Mfa(change)) {
            self.change.dispatch_local((change, profile));
        } else {
            self.step_up.run(Guarded::Mfa(change));
        }
    }
}

#[component]
pub fn HomePage() -> impl IntoView {
    let requests = SignedIn::new();
    let store = requests.store();
    let i18n = expect_context::<I18n>();
    let navigate = use_navigate();
    use_page_title(|| Msg::HomeTitle);

    let profile = RwSignal::new(None::<UserProfile>);
    let load_error = RwSignal::new(None::<ErrorKey>);
    let (mfa_saved, mfa_error) = (RwSignal::new(None::<Msg>), RwSignal::new(None::<ErrorKey>));
    let load = requests.action(
        load_error,
        |service, tokens, ()| async move { service.get_user(&tokens).await },
        move |p| profile.set(Some(p)),
    );
    // Whatever the answer, show what Cognito now holds.
    let change = SignedIn::new().action(
        mfa_error,
        |service, tokens, (change, before): (MfaChange, UserProfile)| async move {
            service.apply_mfa_change(&tokens, &before, change).await
        },
        move |changed: MfaChanged| {
            match changed.result {
                Ok(()) => mfa_saved.set(Some(Msg::MfaSaved)),
                Err(why) => mfa_error.set(Some(why)),
            }
            profile.set(Some(changed.profile));
        },
    );
    let step_up = Callback::new(move |then: Guarded| {
        if let Some(p) = profile.get_untracked() {
            let email = p
                .display_name(&crate::ui::components::sign_in_name_kind())
                .to_owned();
            store.begin_step_up(StepUp::new(email, then, &p));
            navigate("/confirm-identity", Default::default());
        }
    });
    let account = Account {
        profile,
        load_error,
        load,
        change,
        mfa_saved,
        mfa_error,
        step_up,
        add_contact: RwSignal::new(None),
    };
    load.dispatch_local(());
    // The devices, shared by their section and sign-out's "and forget this device".
    let devices = RwSignal::new(Vec::<DeviceInfo>::new());
    let config = requests.service().config().clone();
    let passkeys = config.sign_in_methods.contains(&SignInMethod::Passkey);
    let details = config.profile_attributes;
    view! {
        <section class="card" aria-labelledby="home-title">
            <h1 id="home-title">{move || i18n.t(Msg::HomeTitle)}</h1>
            <TwoFactorSection account=account/>
            <ContactsSection account=account/>
            {(!details.is_empty()).then(|| view! { <DetailsSection account=account fields=details/> })}
            <SignOutSection devices=devices/>
            {config.list_sessions.then(|| view! { <SessionsSection/> })}
            <DevicesSection devices=devices/>
            {passkeys.then(|| view! { <PasskeysSection account=account/> })}
            <PasswordSection/>
            <DeleteAccountSection account=account/>
        </section>
    }
}

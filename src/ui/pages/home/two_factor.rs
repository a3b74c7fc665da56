use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::Account;
use crate::auth::ErrorKey;
use crate::auth::guard::Guarded;
use crate::auth::mfa::KeptAuthenticator;
use crate::auth::profile::Contact;
use crate::i18n::Msg;
use crate::ui::I18n;
use crate::ui::components::{ErrorMessage, MfaFactors};
use crate::ui::pages::requests::SignedIn;

/// Who is signed in and their second factors, each with its actions (those that weaken the
/// account after a step-up); an authenticator replacement left halfway, explained.
#[component]
pub(super) fn TwoFactorSection(account: Account) -> impl IntoView {
    let requests = SignedIn::new();
    let store = requests.store();
    let i18n = expect_context::<I18n>();
    let navigate = use_navigate();
    let Account {
        profile,
        load_error,
        load,
        change,
        mfa_saved,
        mfa_error,
        step_up,
        add_contact,
    } = account;

    // Back from a step-up for an MFA change: it goes ahead once the profile is in.
    Effect::new(move || {
        if let Some(p) = profile.get()
            && let Some(Guarded::Mfa(c)) =
                store.take_after_step_up(|t| matches!(t, Guarded::Mfa(_)))
        {
            change.dispatch_local((c, p));
        }
    });
    let request_change = move |c| account.request_change(requests, c);
    // Replacing the authenticator app always starts with a step-up (unless one is fresh): a
    // stolen session must not be able to swap the user's second factor.
    let replace = Callback::new(move |()| {
        if account.allows(store, &Guarded::ReplaceAuthenticator) {
            navigate("/setup-2fa", Default::default());
        } else {
            step_up.run(Guarded::ReplaceAuthenticator);
        }
    });
    // A replacement left halfway (a new secret issued, never verified): keep the current app if
    // Cognito still has it, else say it is gone.
    let unfinished = RwSignal::new(store.replacement_started());
    let keep = requests.action(
        mfa_error,
        |service, tokens, ()| async move { service.keep_current_authenticator(&tokens).await },
        move |kept| match kept {
            KeptAuthenticator::Kept => {
                store.set_replacement_started(false);
                unfinished.set(false);
                mfa_saved.set(Some(Msg::CurrentAppKept));
            }
            KeptAuthenticator::Disconnected => {
                mfa_error.set(Some(ErrorKey::AuthenticatorDisconnected))
            }
        },
    );
    let pending = Signal::derive(move || change.pending().get());
    view! {
        {move || match (profile.get(), load_error.get()) {
            (_, Some(key)) => view! {
                <p class="alert" role="alert">{i18n.t(Msg::Err(key))}</p>
                <button type="button" class="secondary" on:click=move |_| { load_error.set(None); load.dispatch_local(()); }>{i18n.t(Msg::TryAgain)}</button>
            }.into_any(),
            (None, None) => view! { <p aria-busy="true">{i18n.t(Msg::Loading)}</p> }.into_any(),
            (Some(p), None) => {
                view! {
                    <p class="who">{i18n.t(Msg::SignedInAs)}" "<strong class="email">{p.display_name(&crate::ui::components::sign_in_name_kind()).to_owned()}</strong></p>
                    <MfaFactors profile=p pending=pending on_change=request_change on_replace=replace
                        on_add_phone=move |()| add_contact.set(Some(Contact::Phone))/>
                }.into_any()
            }
        }}
        {move || unfinished.get().then(|| view! {
            <div class="notice unfinished" role="status">
                <p>{move || i18n.t(Msg::ReplaceUnfinished)}</p>
                <div class="actions">
                    <button type="button" class="primary" on:click=move |_| replace.run(())>{move || i18n.t(Msg::FinishReplacing)}</button>
                    <button type="button" class="secondary" prop:disabled=move || keep.pending().get()
                        on:click=move |_| { if !keep.pending().get_untracked() { mfa_error.set(None); mfa_saved.set(None); keep.dispatch_local(()); } }>
                        {move || i18n.t(Msg::KeepCurrentApp)}
                    </button>
                </div>
            </div>
        })}
        <p class="status" role="status" aria-live="polite">{move || mfa_saved.get().map(|m| i18n.t(m))}</p>
        <ErrorMessage error=mfa_error/>
    }
}

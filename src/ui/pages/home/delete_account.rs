use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::Account;
use crate::auth::ErrorKey;
use crate::auth::guard::Guarded;
use crate::auth::profile::confirms_deletion;
use crate::i18n::Msg;
use crate::ui::components::{ErrorMessage, sign_in_name_kind};
use crate::ui::pages::requests::SignedIn;
use crate::ui::{I18n, device_store, passkey_user};

/// Delete my account: the account's name typed to confirm, a step-up (nothing to undo, so a
/// fresh proof of the user whatever the sign-in was), then DeleteUser; this browser forgets the
/// session, the device and the passkey account it kept, and a final screen says it is done.
#[component]
pub(super) fn DeleteAccountSection(account: Account) -> impl IntoView {
    let requests = SignedIn::new();
    let store = requests.store();
    let i18n = expect_context::<I18n>();
    let navigate = use_navigate();
    let Account {
        profile, step_up, ..
    } = account;
    let error = RwSignal::new(None::<ErrorKey>);
    let typed = RwSignal::new(String::new());
    let mismatch = RwSignal::new(false);
    // Back from the step-up: the section is open again, the name to be typed again.
    let proved = store
        .take_after_step_up(|t| matches!(t, Guarded::DeleteAccount))
        .is_some();
    let client_id = requests.service().config().client_id.clone();
    let delete = requests.action(
        error,
        |service, tokens, ()| async move { service.delete_account(&tokens).await },
        move |()| {
            let name = profile.with_untracked(|p| {
                p.as_ref()
                    .map(|p| p.display_name(&sign_in_name_kind()).to_owned())
            });
            if let Some(device) = store.device_untracked() {
                device_store::forget_key(&client_id, &device.key);
            }
            if let Some(name) = name {
                device_store::forget(&client_id, &name);
            }
            passkey_user::forget(&client_id);
            // Away from home first, and the session cleared once the route has changed: cleared
            // while home is still the route, its guard would send the user to sign-in instead.
            navigate("/account-deleted", Default::default());
            set_timeout(move || store.clear(), std::time::Duration::ZERO);
        },
    );
    let account_name = move || {
        profile.with(|p| {
            p.as_ref()
                .map(|p| p.display_name(&sign_in_name_kind()).to_owned())
                .unwrap_or_default()
        })
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if delete.pending().get_untracked() {
            return;
        }
        let name = account_name();
        let confirmed = confirms_deletion(&typed.get_untracked(), &name, &sign_in_name_kind());
        mismatch.set(!confirmed);
        if !confirmed {
            return;
        }
        error.set(None);
        if account.allows(store, &Guarded::DeleteAccount) {
            delete.dispatch_local(());
        } else {
            step_up.run(Guarded::DeleteAccount);
        }
    };
    let busy = move || delete.pending().get();
    view! {
        <details class="more-settings danger-zone" open=proved>
            <summary><h2 id="delete-title">{move || i18n.t(Msg::DeleteAccountTitle)}</h2></summary>
            <form class="form" on:submit=submit aria-labelledby="delete-title">
                {proved.then(|| view! { <p class="notice" role="status">{move || i18n.t(Msg::DeleteAccountProved)}</p> })}
                <p>{move || i18n.t(Msg::DeleteAccountIntro)}</p>
                <div class="field">
                    <label for="delete-confirm">{move || i18n.t(Msg::DeleteAccountConfirm)}" "<strong translate="no">{account_name}</strong></label>
                    <input id="delete-confirm" name="delete-confirm" type="text" autocomplete="off" spellcheck="false"
                        autocapitalize="none" required=true bind:value=typed on:input=move |_| mismatch.set(false)
                        aria-invalid=move || mismatch.get().then_some("true")
                        aria-describedby=move || mismatch.get().then_some("delete-confirm-error")/>
                    <p id="delete-confirm-error" class="field-error" aria-live="polite">{move || mismatch.get().then(|| i18n.t(Msg::DeleteAccountMismatch))}</p>
                </div>
                <ErrorMessage error=error/>
                // Not before the profile is in: the name to type comes from it.
                <button type="submit" class="danger" prop:disabled=move || busy() || profile.with(Option::is_none)
                    aria-busy=move || busy().to_string()>
                    {move || i18n.t(if busy() { Msg::DeletingAccount } else { Msg::DeleteAccount })}
                </button>
            </form>
        </details>
    }
}

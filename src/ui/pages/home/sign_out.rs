use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::auth::{DeviceInfo, ErrorKey};
use crate::i18n::Msg;
use crate::ui::components::ErrorMessage;
use crate::ui::pages::requests::SignedIn;
use crate::ui::{AuthStore, I18n, Service, device_store, passkey_user};

/// Signs out here, never waiting for the network: this browser forgets the session at once and
/// the revocation runs in the background (bounded by the request timeout), so a slow or hung
/// RevokeToken never keeps anyone signed in on screen. With `forget_device`, this browser's
/// device goes too (its secret here at once, Cognito asked to forget it, then the revocation),
/// and with it the account autofill offers a passkey for.
pub(super) fn sign_out(store: AuthStore, service: Service, forget_device: bool) {
    let Some(tokens) = store.tokens_untracked() else {
        return;
    };
    let client_id = service.config().client_id.clone();
    let device = tokens.device.clone().filter(|_| forget_device);
    if let Some(device) = &device {
        device_store::forget_key(&client_id, &device.key);
    }
    if forget_device {
        passkey_user::forget(&client_id);
    }
    store.clear();
    leptos::task::spawn_local(async move {
        if let Some(device) = device {
            let _ = service.forget_device(&tokens, &device.key).await;
        }
        let _ = service.sign_out(&tokens).await;
    });
}

/// Sign out; sign out and forget this device (when it is remembered); sign out everywhere.
#[component]
pub(super) fn SignOutSection(devices: RwSignal<Vec<DeviceInfo>>) -> impl IntoView {
    let requests = SignedIn::new();
    let store = requests.store();
    let i18n = expect_context::<I18n>();
    let navigate = use_navigate();
    let leave = Callback::new({
        let navigate = navigate.clone();
        move |forget_device: bool| {
            sign_out(store, requests.service(), forget_device);
            navigate("/login", Default::default());
        }
    });
    // This browser's device: remembered now? (It can change on this page.)
    let here = store.device_untracked().map(|d| d.key);
    let remembered_here = Signal::derive(move || {
        devices.with(|list| {
            list.iter()
                .any(|d| Some(&d.key) == here.as_ref() && d.remembered)
        })
    });
    // Sign out everywhere waits for Cognito: the user needs to know every session really ended.
    // On success this browser forgets its session too; on failure it stays signed in and says so.
    let error = RwSignal::new(None::<ErrorKey>);
    let everywhere = requests.action(
        error,
        |service, tokens, ()| async move { service.sign_out_everywhere(&tokens).await },
        move |()| {
            store.clear();
            navigate("/login", Default::default());
        },
    );
    let busy = move || everywhere.pending().get();
    view! {
        <div class="actions">
            <button type="button" class="primary" on:click=move |_| leave.run(false)>{move || i18n.t(Msg::SignOut)}</button>
            {move || remembered_here.get().then(|| view! {
                <button type="button" class="secondary" on:click=move |_| leave.run(true)>{move || i18n.t(Msg::SignOutAndForget)}</button>
            })}
            <button type="button" class="secondary" prop:disabled=busy aria-busy=move || busy().to_string()
                on:click=move |_| { if !everywhere.pending().get_untracked() { error.set(None); everywhere.dispatch_local(()); } }>
                {move || i18n.t(if busy() { Msg::SigningOutEverywhere } else { Msg::SignOutEverywhere })}
            </button>
        </div>
        <ErrorMessage error=error/>
    }
}

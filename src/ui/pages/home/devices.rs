use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::sign_out::sign_out;
use crate::auth::{DeviceInfo, ErrorKey};
use crate::i18n::Msg;
use crate::ui::components::{DeviceList, ErrorMessage};
use crate::ui::pages::requests::SignedIn;
use crate::ui::{I18n, device_store};

/// The user's devices, where the pool tracks them (none listed: no section): forget one,
/// remember this browser's. Forgetting this browser's own device signs out too: its session is
/// bound to it (a refresh must name it).
#[component]
pub(super) fn DevicesSection(devices: RwSignal<Vec<DeviceInfo>>) -> impl IntoView {
    let listing = SignedIn::new();
    let store = listing.store();
    let i18n = expect_context::<I18n>();
    let navigate = use_navigate();
    let client_id = StoredValue::new(listing.service().config().client_id.clone());
    let error = RwSignal::new(None::<ErrorKey>);
    let forgotten = RwSignal::new(false);
    let list = listing.action(
        error,
        |service, tokens, ()| async move { service.list_devices(&tokens).await },
        move |list| devices.set(list),
    );
    list.dispatch_local(());
    let forget = SignedIn::new().action(
        error,
        |service, tokens, key: String| async move {
            service.forget_device(&tokens, &key).await.map(|()| key)
        },
        move |key: String| {
            client_id.with_value(|c| device_store::forget_key(c, &key));
            forgotten.set(true);
            devices.update(|list| list.retain(|d| d.key != key));
            // The list lost a button that may have had focus: keep it in the list.
            focus("devices-title");
        },
    );
    let remember = SignedIn::new().action(
        error,
        |service, tokens, key: String| async move {
            service
                .set_device_remembered(&tokens, &key, true)
                .await
                .map(|()| key)
        },
        move |key: String| {
            client_id.with_value(|c| device_store::set_remembered(c, &key, true));
            devices.update(|list| {
                for d in list.iter_mut().filter(|d| d.key == key) {
                    d.remembered = true;
                }
            });
        },
    );
    let here = store.device_untracked().map(|d| d.key);
    let on_forget = Callback::new({
        let here = here.clone();
        move |key: String| {
            error.set(None);
            forgotten.set(false);
            if here.as_ref() == Some(&key) {
                sign_out(store, listing.service(), true);
                navigate("/login", Default::default());
            } else {
                forget.dispatch_local(key);
            }
        }
    });
    let pending = Signal::derive(move || forget.pending().get() || remember.pending().get());
    view! {
        {move || {
            let list = devices.get();
            (!list.is_empty()).then(|| view! {
                <section class="more-settings" aria-labelledby="devices-title">
                    <DeviceList devices=list current=here.clone() pending=pending on_forget=on_forget
                        on_remember=move |key| { error.set(None); remember.dispatch_local(key); }/>
                </section>
            })
        }}
        <p class="status" role="status" aria-live="polite">{move || forgotten.get().then(|| i18n.t(Msg::DeviceForgotten))}</p>
        <ErrorMessage error=error/>
    }
}

/// Moves the focus to the element with this id (a heading), when a button that had it goes.
pub(super) fn focus(id: &str) {
    if let Some(element) = document().get_element_by_id(id)
        && let Ok(element) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element)
    {
        let _ = element.focus();
    }
}

use leptos::prelude::*;

use super::device_list::local_date;
use crate::auth::{Passkey, PasskeyPlace};
use crate::i18n::Msg;
use crate::ui::I18n;

/// The user's passkeys: where each lives, when it was added; each can be deleted; "Add a
/// passkey". Reports the credential id to delete.
#[component]
pub fn PasskeyList(
    passkeys: Vec<Passkey>,
    #[prop(into)] pending: Signal<bool>,
    /// The browser's passkey prompt is open (adding).
    #[prop(into)]
    adding: Signal<bool>,
    #[prop(into)] on_add: Callback<()>,
    #[prop(into)] on_delete: Callback<String>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let busy = move || pending.get() || adding.get();
    let empty = passkeys.is_empty();
    let rows = passkeys
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let name_id = format!("passkey-{i}");
            let where_kept = match p.kept {
                PasskeyPlace::ThisDevice => Some(Msg::PlatformPasskey),
                PasskeyPlace::Roaming => Some(Msg::RoamingPasskey),
                PasskeyPlace::Unknown => None,
            };
            let (name, id, added_ms) = (p.name.clone(), p.id.clone(), p.added_ms);
            view! {
                <li class="device passkey" data-passkey=p.id.clone()>
                    <span class="device-name" id=name_id.clone()>{name}</span>
                    {where_kept.map(|m| view! { <span class="device-status">{move || i18n.t(m)}</span> })}
                    <span class="hint">{move || format!("{} {}", i18n.t(Msg::PasskeyAddedOn), local_date(added_ms, i18n.lang().tag()))}</span>
                    <div class="factor-actions" role="group" aria-labelledby=name_id>
                        <button type="button" class="secondary" prop:disabled=busy
                            on:click=move |_| { if !busy() { on_delete.run(id.clone()); } }>
                            {move || i18n.t(Msg::DeletePasskey)}
                        </button>
                    </div>
                </li>
            }
        })
        .collect_view();
    view! {
        <h2 id="passkeys-title">{move || i18n.t(Msg::PasskeysTitle)}</h2>
        <p class="hint">{move || i18n.t(Msg::PasskeysIntro)}</p>
        {if empty {
            view! { <p class="hint">{move || i18n.t(Msg::NoPasskeys)}</p> }.into_any()
        } else {
            view! { <ul class="factors devices" aria-labelledby="passkeys-title">{rows}</ul> }.into_any()
        }}
        <button type="button" class="secondary" prop:disabled=busy aria-busy=move || adding.get().to_string()
            on:click=move |_| { if !busy() { on_add.run(()); } }>
            {move || i18n.t(if adding.get() { Msg::AddingPasskey } else { Msg::AddPasskey })}
        </button>
    }
}

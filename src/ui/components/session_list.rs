//! Where the user is signed in: each session's device, app and last activity, this browser's
//! marked; every other one can be signed out. Reports the session to end.

use leptos::prelude::*;

use super::device_list::local_date_time;
use crate::auth::user_sessions::{SessionApp, SignedInSession};
use crate::i18n::Msg;
use crate::ui::I18n;

#[component]
pub fn SessionList(
    sessions: Vec<SignedInSession>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] on_end: Callback<String>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let alone = sessions.iter().all(|s| s.current);
    let rows = sessions
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let name_id = format!("session-{i}");
            let device = s.device.clone();
            let app = match &s.app {
                SessionApp::ThisApp => None,
                SessionApp::Other(id) => Some(id.clone()),
            };
            let device_id = format!("session-{i}-device");
            let (id, current) = (s.id.clone(), s.current);
            view! {
                <li class="device session" data-session=s.id.clone() data-current=current.to_string()>
                    <span class="device-name" id=name_id.clone()>
                        <span translate="no" id=device_id.clone()>{move || device.clone().unwrap_or_else(|| i18n.t(Msg::UnknownDevice).to_owned())}</span>
                        {current.then(|| view! { " · "<strong>{move || i18n.t(Msg::ThisBrowser)}</strong> })}
                    </span>
                    <span class="device-status">
                        {move || match &app {
                            None => i18n.t(Msg::ThisApp).to_owned(),
                            Some(id) if id.is_empty() => i18n.t(Msg::OtherApp).to_owned(),
                            Some(id) => format!("{} ({id})", i18n.t(Msg::OtherApp)),
                        }}
                    </span>
                    {s.last_active_ms.or(s.created_ms).map(|ms| view! {
                        <span class="hint">{move || format!("{} {}", i18n.t(Msg::LastActive), local_date_time(ms, i18n.lang().tag()))}</span>
                    })}
                    <div class="factor-actions" role="group" aria-labelledby=name_id>
                        {(!current).then(|| view! {
                            <button type="button" class="secondary" prop:disabled=move || pending.get() aria-describedby=device_id
                                on:click=move |_| { if !pending.get_untracked() { on_end.run(id.clone()); } }>
                                {move || i18n.t(Msg::EndSession)}
                            </button>
                        })}
                    </div>
                </li>
            }
        })
        .collect_view();
    view! {
        <ul class="factors devices sessions" aria-labelledby="sessions-title">{rows}</ul>
        {alone.then(|| view! { <p class="hint">{move || i18n.t(Msg::OnlyHere)}</p> })}
    }
}

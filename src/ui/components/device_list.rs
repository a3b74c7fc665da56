use leptos::prelude::*;

use crate::auth::DeviceInfo;
use crate::i18n::Msg;
use crate::ui::I18n;

/// The user's devices: name, remembered or not, last used, which one is this browser; each can
/// be forgotten. Reports the key to forget.
#[component]
pub fn DeviceList(
    devices: Vec<DeviceInfo>,
    /// This browser's device key, if it has one.
    current: Option<String>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] on_forget: Callback<String>,
    /// "Remember" for this browser's device when it is not remembered yet.
    #[prop(into)]
    on_remember: Callback<String>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let rows = devices
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            let this = current.as_deref() == Some(d.key.as_str());
            let name_id = format!("device-{i}");
            let name = d.name.clone();
            let last_used = d.last_used_ms;
            let key = d.key.clone();
            let remember_key = d.key.clone();
            let can_remember = this && !d.remembered;
            view! {
                <li class="device" data-device=d.key.clone() data-current=this.to_string()>
                    <span class="device-name" id=name_id.clone()>
                        {move || name.clone().unwrap_or_else(|| i18n.t(Msg::UnnamedDevice).to_owned())}
                        {this.then(|| view! { " · "<strong>{move || i18n.t(Msg::ThisDevice)}</strong> })}
                    </span>
                    <span class="device-status">{move || i18n.t(if d.remembered { Msg::Remembered } else { Msg::NotRemembered })}</span>
                    {last_used.map(|ms| view! {
                        <span class="hint">{move || format!("{} {}", i18n.t(Msg::LastUsed), local_date(ms, i18n.lang().tag()))}</span>
                    })}
                    <div class="factor-actions" role="group" aria-labelledby=name_id>
                        {can_remember.then(|| view! {
                            <button type="button" class="secondary" prop:disabled=move || pending.get()
                                on:click=move |_| { if !pending.get_untracked() { on_remember.run(remember_key.clone()); } }>
                                {move || i18n.t(Msg::RememberThisDevice)}
                            </button>
                        })}
                        <button type="button" class="secondary" prop:disabled=move || pending.get()
                            on:click=move |_| { if !pending.get_untracked() { on_forget.run(key.clone()); } }>
                            {move || i18n.t(Msg::ForgetDevice)}
                        </button>
                    </div>
                </li>
            }
        })
        .collect_view();
    view! {
        <h2 id="devices-title">{move || i18n.t(Msg::DevicesTitle)}</h2>
        <p class="hint">{move || i18n.t(Msg::DevicesIntro)}</p>
        <ul class="factors devices" aria-labelledby="devices-title">{rows}</ul>
    }
}

/// A date in the reader's language ("1 Dec 2026", "1 ธ.ค. 2569").
pub(crate) fn local_date(ms: f64, lang: &str) -> String {
    let options = date_options(&[]);
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms))
        .to_locale_date_string(lang, &options)
        .into()
}

/// The same with the time of day ("1 Dec 2026, 14:05").
pub(crate) fn local_date_time(ms: f64, lang: &str) -> String {
    let options = date_options(&[("hour", "numeric"), ("minute", "2-digit")]);
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms))
        .to_locale_string(lang, &options)
        .into()
}

fn date_options(more: &[(&str, &str)]) -> js_sys::Object {
    let options = js_sys::Object::new();
    let date = [("day", "numeric"), ("month", "short"), ("year", "numeric")];
    for (key, value) in date.iter().chain(more) {
        let _ = js_sys::Reflect::set(&options, &(*key).into(), &(*value).into());
    }
    options
}

use leptos::prelude::*;

use crate::i18n::{Lang, Msg};
use crate::ui::I18n;

/// Buttons for English and ไทย; the current one is marked `aria-pressed`.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <nav class="lang-switch" aria-label=move || i18n.t(Msg::Language)>
            {Lang::ALL.into_iter().map(|lang| view! {
                <button
                    type="button"
                    class="lang"
                    lang=lang.tag()
                    aria-pressed=move || (i18n.lang() == lang).to_string()
                    on:click=move |_| i18n.set(lang)
                >{lang.native_name()}</button>
            }).collect_view()}
        </nav>
    }
}

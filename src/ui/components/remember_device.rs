use leptos::prelude::*;

use super::ErrorMessage;
use crate::auth::ErrorKey;
use crate::i18n::Msg;
use crate::ui::I18n;

/// "Remember this device?" after a code: yes spares the user codes on this device; reports the
/// choice once.
#[component]
pub fn RememberDeviceForm(
    #[prop(into)] on_choice: Callback<bool>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<ErrorKey>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let choose = move |remember: bool| {
        if !pending.get_untracked() {
            on_choice.run(remember);
        }
    };
    view! {
        <section class="card form" aria-labelledby="remember-title">
            <h1 id="remember-title">{move || i18n.t(Msg::RememberDeviceTitle)}</h1>
            <p class="intro">{move || i18n.t(Msg::RememberDeviceIntro)}</p>
            <ErrorMessage error=error/>
            <div class="actions">
                <button type="button" class="primary" prop:disabled=move || pending.get()
                    on:click=move |_| choose(true)>{move || i18n.t(Msg::RememberDevice)}</button>
                <button type="button" class="secondary" prop:disabled=move || pending.get()
                    on:click=move |_| choose(false)>{move || i18n.t(Msg::NotNow)}</button>
            </div>
        </section>
    }
}

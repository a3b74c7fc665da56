use leptos::prelude::*;

use crate::auth::ErrorKey;
use crate::i18n::Msg;
use crate::ui::I18n;

/// A live region that is always in the page, so screen readers announce each new error.
/// After a wrong code it adds the seed's hint about the phone's clock.
#[component]
pub fn ErrorMessage(
    #[prop(into)] error: Signal<Option<ErrorKey>>,
    /// A wrong code may be a phone's clock (authenticator apps only); off for codes that were sent.
    #[prop(default = true)]
    clock_hint: bool,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    view! {
        <div class="alert" role="alert" aria-live="assertive" aria-atomic="true">
            {move || error.get().map(|key| view! {
                <p class="alert-message">{i18n.t(Msg::Err(key))}</p>
                {(clock_hint && key == ErrorKey::CodeMismatch).then(|| view! { <p class="alert-hint">{i18n.t(Msg::ClockHint)}</p> })}
            })}
        </div>
    }
}

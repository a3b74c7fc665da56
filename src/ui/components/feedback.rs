use leptos::prelude::*;

use crate::auth::ErrorKey;
use crate::i18n::Msg;
use crate::ui::I18n;

/// A live region that is always in the page, so screen readers announce each new error.
/// After a wrong code it adds the seed's hint about the phone's clock.
#[component]
pub fn ErrorMessage(
    #[prop(into)] error: Signal<Option<ErrorKey>>,
    /// For a field that points to the message (`aria-describedby`) while it is about it.
    #[prop(optional)]
    id: Option<&'static str>,
    /// A wrong code may be a phone's clock (authenticator apps only); off for codes that were sent.
    #[prop(default = true)]
    clock_hint: bool,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let kind = super::sign_in_name_kind();
    // "Incorrect email or password" names what the pool signs in with.
    let words = move |key: ErrorKey| match key {
        ErrorKey::WrongCredentials if kind.username => Msg::WrongUsernameOrPassword,
        ErrorKey::WrongCredentials if kind.email && kind.phone => Msg::WrongEmailPhoneOrPassword,
        ErrorKey::WrongCredentials if kind.phone => Msg::WrongPhoneOrPassword,
        key => Msg::Err(key),
    };
    view! {
        <div class="alert" role="alert" aria-live="assertive" aria-atomic="true" id=id>
            {move || error.get().map(|key| view! {
                <p class="alert-message">{i18n.t(words(key))}</p>
                {(clock_hint && key == ErrorKey::CodeMismatch).then(|| view! { <p class="alert-hint">{i18n.t(Msg::ClockHint)}</p> })}
            })}
        </div>
    }
}

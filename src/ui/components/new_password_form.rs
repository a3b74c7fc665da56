use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use zeroize::Zeroizing;

use super::ErrorMessage;
use super::password_fields::{NewPasswordFields, read_new_password};
use crate::cognito::ErrorKey;
use crate::i18n::Msg;
use crate::ui::I18n;

/// NEW_PASSWORD_REQUIRED: a new password typed twice. Reports it once the two match.
#[component]
pub fn NewPasswordForm(
    #[prop(into)] on_submit: Callback<Zeroizing<String>>,
    #[prop(into)] on_cancel: Callback<()>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<ErrorKey>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    // Both stay in the DOM only, read at submit.
    let (first, second) = (NodeRef::new(), NodeRef::new());
    let differ = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        match read_new_password(first, second) {
            Err(()) => differ.set(true),
            Ok(password) => {
                differ.set(false);
                if let Some(password) = password {
                    on_submit.run(password);
                }
            }
        }
    };
    view! {
        <form class="card form" on:submit=submit aria-labelledby="new-password-title">
            <h1 id="new-password-title">{move || i18n.t(Msg::NewPasswordTitle)}</h1>
            <p class="intro">{move || i18n.t(Msg::NewPasswordIntro)}</p>
            <NewPasswordFields first=first second=second differ=differ/>
            <ErrorMessage error=error/>
            <button type="submit" class="primary" prop:disabled=move || pending.get() aria-busy=move || pending.get().to_string()>
                {move || i18n.t(if pending.get() { Msg::Saving } else { Msg::SetPassword })}
            </button>
            <button type="button" class="link" on:click=move |_| on_cancel.run(())>{move || i18n.t(Msg::BackToSignIn)}</button>
        </form>
    }
}

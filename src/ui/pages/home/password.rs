use leptos::prelude::*;
use zeroize::Zeroizing;

use crate::auth::ErrorKey;
use crate::i18n::Msg;
use crate::ui::I18n;
use crate::ui::components::ChangePasswordForm;
use crate::ui::pages::requests::SignedIn;

/// Change password (the current one, then the new one twice).
#[component]
pub(super) fn PasswordSection() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let error = RwSignal::new(None::<ErrorKey>);
    let changed = RwSignal::new(false);
    let change = SignedIn::new().action(
        error,
        |service, tokens, (old, new): (Zeroizing<String>, Zeroizing<String>)| async move {
            service.change_password(&tokens, &old, &new).await
        },
        move |()| changed.set(true),
    );
    view! {
        <details class="more-settings">
            <summary><h2 id="change-title">{move || i18n.t(Msg::ChangePasswordTitle)}</h2></summary>
            <ChangePasswordForm pending=change.pending() error=error done=changed labelled_by="change-title"
                on_submit=move |passwords| {
                    if !change.pending().get_untracked() {
                        error.set(None);
                        changed.set(false);
                        change.dispatch_local(passwords);
                    }
                }/>
        </details>
    }
}

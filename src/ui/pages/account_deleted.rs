use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::Msg;
use crate::ui::{I18n, use_page_title};

/// After DeleteUser: the account is gone and this browser has forgotten it.
#[component]
pub fn AccountDeletedPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    use_page_title(|| Msg::AccountDeletedTitle);
    view! {
        <section class="card" aria-labelledby="deleted-title">
            <h1 id="deleted-title">{move || i18n.t(Msg::AccountDeletedTitle)}</h1>
            <p role="status">{move || i18n.t(Msg::AccountDeletedIntro)}</p>
            <A href="/login" attr:class="button primary">{move || i18n.t(Msg::BackToSignIn)}</A>
        </section>
    }
}

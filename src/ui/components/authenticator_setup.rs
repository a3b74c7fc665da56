use leptos::prelude::*;

use super::ErrorMessage;
use super::form_parts::BackLink;
use crate::auth::ErrorKey;
use crate::i18n::Msg;
use crate::ui::I18n;

/// A secret ready to show: the base32 key and its otpauth:// URI. `Debug` shows neither.
#[derive(Clone, PartialEq, Eq)]
pub struct AuthenticatorKey {
    pub secret: String,
    pub uri: String,
}

impl From<&crate::auth::AuthenticatorSecret> for AuthenticatorKey {
    fn from(s: &crate::auth::AuthenticatorSecret) -> Self {
        Self {
            secret: s.secret.expose().to_owned(),
            uri: s.key_uri.expose().to_owned(),
        }
    }
}

impl std::fmt::Debug for AuthenticatorKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuthenticatorKey(*** redacted ***)")
    }
}

/// "Set Up Authenticator App": generate → QR code, grouped key with a copy button, and a link
/// for setting up on the phone itself → continue.
#[component]
pub fn AuthenticatorSetup(
    #[prop(into)] key: Signal<Option<AuthenticatorKey>>,
    #[prop(into)] on_generate: Callback<()>,
    #[prop(into)] on_continue: Callback<()>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<ErrorKey>>,
    /// Why this screen appears, where that needs saying: the pool requires MFA (during sign-in),
    /// or an authenticator app is being replaced.
    #[prop(default = None)]
    notice: Option<Msg>,
    /// "Back to sign in", where the set-up is part of a sign-in (the pool requires MFA).
    #[prop(optional, into)]
    on_back_to_sign_in: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let copied = RwSignal::new(false);
    // navigator.clipboard is missing outside secure contexts (plain http on a LAN address); calling
    // it there would throw through the wasm stack, so the button only exists where it works.
    let navigator = window().navigator();
    let can_copy =
        js_sys::Reflect::get(&navigator, &"clipboard".into()).is_ok_and(|c| !c.is_undefined());
    let copy = move |_| {
        if let Some(k) = key.get_untracked() {
            let _ = window().navigator().clipboard().write_text(&k.secret);
            copied.set(true);
        }
    };
    view! {
        <section class="card" aria-labelledby="setup-title">
            <h1 id="setup-title">{move || i18n.t(Msg::SetupTitle)}</h1>
            {notice.map(|notice| view! { <p class="notice">{move || i18n.t(notice)}</p> })}
            <p class="intro">{move || i18n.t(Msg::SetupIntro)}</p>
            <ErrorMessage error=error/>
            {move || match key.get() {
                None => view! {
                    <button type="button" class="primary" prop:disabled=move || pending.get()
                        aria-busy=move || pending.get().to_string()
                        on:click=move |_| if !pending.get_untracked() { on_generate.run(()) }>
                        {move || i18n.t(if pending.get() { Msg::Generating } else { Msg::GenerateQr })}
                    </button>
                }.into_any(),
                Some(k) => view! {
                    <figure class="qr" role="img" aria-label=move || i18n.t(Msg::QrAlt)
                        inner_html=crate::qr::svg(&k.uri, 200).unwrap_or_default()></figure>
                    <p>{move || i18n.t(Msg::ManualEntry)}</p>
                    <p class="secret-row">
                        <code class="secret" translate="no">{cognito_crypto::otpauth::group_secret(&k.secret)}</code>
                        {can_copy.then(|| view! {
                            <button type="button" class="secondary" on:click=copy>
                                {move || i18n.t(if copied.get() { Msg::Copied } else { Msg::Copy })}
                            </button>
                        })}
                    </p>
                    <p><a class="open-in-app" href=k.uri.clone()>{move || i18n.t(Msg::OpenInApp)}</a></p>
                    <button type="button" class="primary" on:click=move |_| on_continue.run(())>
                        {move || i18n.t(Msg::ContinueToVerification)}
                    </button>
                }.into_any(),
            }}
            {on_back_to_sign_in.map(|back| view! { <BackLink on_click=back label=Msg::BackToSignIn/> })}
        </section>
    }
}

use leptos::prelude::*;

use super::ErrorMessage;
use crate::auth::ChallengeKind;
use crate::auth::ErrorKey;
use crate::config::SignInMethod;
use crate::i18n::Msg;
use crate::ui::I18n;

/// A screen that asks for one choice: a title, an intro, a button per option (its value, its
/// words, a `data-mfa` value if any), "Back to sign in"; reports the option picked.
#[component]
fn ChoiceScreen<T>(
    title_id: &'static str,
    title: Msg,
    intro: Msg,
    choices: Vec<(T, Msg, Option<String>)>,
    on_choose: Callback<T>,
    on_cancel: Callback<()>,
    pending: Signal<bool>,
    error: Signal<Option<ErrorKey>>,
) -> impl IntoView
where
    T: Copy + Send + Sync + 'static,
{
    let i18n = expect_context::<I18n>();
    view! {
        <section class="card form" aria-labelledby=title_id>
            <h1 id=title_id>{move || i18n.t(title)}</h1>
            <p class="intro">{move || i18n.t(intro)}</p>
            <ErrorMessage error=error/>
            <div class="choices" role="group" aria-labelledby=title_id>
                {choices.into_iter().map(|(value, label, data)| view! {
                    <button type="button" class="secondary choice" data-mfa=data
                        prop:disabled=move || pending.get()
                        on:click=move |_| if !pending.get_untracked() { on_choose.run(value) }>
                        {move || i18n.t(label)}
                    </button>
                }).collect_view()}
            </div>
            <button type="button" class="link" on:click=move |_| on_cancel.run(())>{move || i18n.t(Msg::BackToSignIn)}</button>
        </section>
    }
}

/// SELECT_MFA_TYPE: one button per method Cognito offers; reports the choice. With `setup`, the
/// same choice for MFA_SETUP: how a user who must use MFA wants to get codes from now on.
#[component]
pub fn SelectMfaType(
    options: Vec<ChallengeKind>,
    #[prop(optional)] setup: bool,
    #[prop(into)] on_select: Callback<ChallengeKind>,
    #[prop(into)] on_cancel: Callback<()>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<ErrorKey>>,
) -> impl IntoView {
    let label = |kind: ChallengeKind| match kind {
        ChallengeKind::Sms => Msg::Sms,
        ChallengeKind::Email => Msg::EmailMfa,
        _ => Msg::Totp,
    };
    let choices = options
        .into_iter()
        .map(|kind| (kind, label(kind), Some(format!("{kind:?}").to_lowercase())))
        .collect();
    let (title, intro) = if setup {
        (Msg::SetupMfaTitle, Msg::SetupMfaIntro)
    } else {
        (Msg::ChooseMfaTitle, Msg::ChooseMfaIntro)
    };
    view! {
        <ChoiceScreen title_id="select-title" title=title intro=intro choices=choices
            on_choose=on_select on_cancel=on_cancel pending=pending error=error/>
    }
}

/// USER_AUTH's SELECT_CHALLENGE: the ways this account can sign in (of those the page offers),
/// one button each; says so when there is none.
#[component]
pub fn ChooseSignInMethod(
    methods: Vec<SignInMethod>,
    #[prop(into)] on_choose: Callback<SignInMethod>,
    #[prop(into)] on_cancel: Callback<()>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<ErrorKey>>,
) -> impl IntoView {
    let label = |method: SignInMethod| match method {
        SignInMethod::Password => Msg::UsePassword,
        SignInMethod::EmailCode => Msg::EmailMeACode,
        SignInMethod::SmsCode => Msg::TextMeACode,
        SignInMethod::Passkey => Msg::SignInWithPasskey,
    };
    let intro = if methods.is_empty() {
        Msg::NoMethodForAccount
    } else {
        Msg::ChooseMethodIntro
    };
    let choices = methods.into_iter().map(|m| (m, label(m), None)).collect();
    view! {
        <ChoiceScreen title_id="choose-title" title=Msg::ChooseMethodTitle intro=intro choices=choices
            on_choose=on_choose on_cancel=on_cancel pending=pending error=error/>
    }
}

/// USER_AUTH's WEB_AUTHN: the browser is asking for the passkey (started by the page); says for
/// which account, why nothing came of it, and offers to ask again.
#[component]
pub fn PasskeyPrompt(
    email: String,
    /// The browser's prompt is open.
    #[prop(into)]
    waiting: Signal<bool>,
    #[prop(into)] on_retry: Callback<()>,
    #[prop(into)] on_cancel: Callback<()>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<ErrorKey>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let busy = move || waiting.get() || pending.get();
    view! {
        <section class="card form" aria-labelledby="passkey-title" aria-busy=move || busy().to_string()>
            <h1 id="passkey-title">{move || i18n.t(Msg::PasskeyTitle)}</h1>
            {if email.is_empty() {
                view! { <p class="intro">{move || i18n.t(Msg::PasskeyIntroNoName)}</p> }.into_any()
            } else {
                view! { <p class="intro">{move || i18n.t(Msg::PasskeyIntro)}" "<strong class="destination">{email}</strong></p> }.into_any()
            }}
            <ErrorMessage error=error/>
            <button type="button" class="primary" prop:disabled=busy aria-busy=move || busy().to_string()
                on:click=move |_| if !busy() { on_retry.run(()) }>
                {move || i18n.t(if busy() { Msg::WaitingForPasskey } else { Msg::TryAgain })}
            </button>
            <button type="button" class="link" on:click=move |_| on_cancel.run(())>{move || i18n.t(Msg::BackToSignIn)}</button>
        </section>
    }
}

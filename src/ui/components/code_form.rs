use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;

use super::ErrorMessage;
use super::account_forms::RESEND_COOL_DOWN_SECS;
use crate::auth::ErrorKey;
use crate::auth::{CODE_LENGTH, ChallengeKind, SIGN_IN_CODE_LENGTH, normalize_code_of};
use crate::i18n::Msg;
use crate::ui::I18n;

/// The sign-in MFA step: a TOTP, SMS or email code.
#[component]
pub fn MfaVerificationForm(
    kind: ChallengeKind,
    /// The masked phone number or email a code was sent to.
    #[prop(optional_no_strip)]
    destination: Option<String>,
    #[prop(into)] on_submit: Callback<String>,
    #[prop(into)] on_cancel: Callback<()>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<ErrorKey>>,
) -> impl IntoView {
    let intro = match kind {
        ChallengeKind::Sms => Msg::MfaIntroSms,
        ChallengeKind::Email => Msg::MfaIntroEmail,
        _ => Msg::MfaIntroTotp,
    };
    view! {
        <CodeForm title=Msg::MfaTitle intro=intro destination=destination submit=Msg::Verify
            clock_hint=kind == ChallengeKind::Totp
            on_submit=on_submit on_cancel=Some(on_cancel) back=Msg::BackToSignIn pending=pending error=error/>
    }
}

/// A sign-in code (USER_AUTH's first factor) sent by email or text message: 8 digits, and
/// "Send a new code", which starts the sign-in again.
#[component]
pub fn SignInCodeForm(
    kind: ChallengeKind,
    /// The masked email or phone number the code was sent to.
    #[prop(optional_no_strip)]
    destination: Option<String>,
    #[prop(into)] on_submit: Callback<String>,
    #[prop(into)] on_resend: Callback<()>,
    #[prop(into)] on_cancel: Callback<()>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<ErrorKey>>,
    /// Set when a new code was sent.
    #[prop(into)]
    resent: Signal<bool>,
) -> impl IntoView {
    let intro = match kind {
        ChallengeKind::SmsOtp => Msg::SignInCodeIntroSms,
        _ => Msg::SignInCodeIntroEmail,
    };
    view! {
        <CodeForm title=Msg::SignInCodeTitle intro=intro destination=destination submit=Msg::SignIn
            length=SIGN_IN_CODE_LENGTH clock_hint=false on_submit=on_submit on_cancel=Some(on_cancel) back=Msg::BackToSignIn
            pending=pending error=error resend=(on_resend, resent)/>
    }
}

/// The set-up step: the first code from the newly added authenticator.
#[component]
pub fn VerifyAuthenticator(
    #[prop(into)] on_submit: Callback<String>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<ErrorKey>>,
    #[prop(optional, into)] on_cancel: Option<Callback<()>>,
) -> impl IntoView {
    view! {
        <CodeForm title=Msg::VerifyTitle intro=Msg::VerifyIntro submit=Msg::VerifyAndEnable
            on_submit=on_submit on_cancel=on_cancel back=Msg::Back pending=pending error=error/>
    }
}

/// The code that confirms a new account, with "Send a new code" after a cool-down.
#[component]
pub fn ConfirmSignUpForm(
    /// The masked email or phone number the code went to.
    #[prop(optional_no_strip)]
    destination: Option<String>,
    /// The code went by text message.
    #[prop(optional)]
    by_sms: bool,
    #[prop(into)] on_submit: Callback<String>,
    #[prop(into)] on_resend: Callback<()>,
    #[prop(into)] on_cancel: Callback<()>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<ErrorKey>>,
    /// Set when a new code was sent.
    #[prop(into)]
    resent: Signal<bool>,
) -> impl IntoView {
    view! {
        <CodeForm title=Msg::ConfirmTitle intro=if by_sms { Msg::ConfirmIntroSms } else { Msg::ConfirmIntro } destination=destination submit=Msg::Confirm clock_hint=false
            on_submit=on_submit on_cancel=Some(on_cancel) back=Msg::BackToSignIn pending=pending error=error
            resend=(on_resend, resent)/>
    }
}

/// "Send a new code", usable once every [`RESEND_COOL_DOWN_SECS`]; says when a code went out.
#[component]
pub(crate) fn ResendButton(
    on_resend: Callback<()>,
    resent: Signal<bool>,
    pending: Signal<bool>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let left = RwSignal::new(RESEND_COOL_DOWN_SECS);
    if let Ok(tick) = set_interval_with_handle(
        move || left.update(|l| *l = l.saturating_sub(1)),
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || tick.clear());
    }
    let resend = move |_: leptos::ev::MouseEvent| {
        if left.get_untracked() == 0 && !pending.get_untracked() {
            left.set(RESEND_COOL_DOWN_SECS);
            on_resend.run(());
        }
    };
    view! {
        <p class="notice" role="status">{move || resent.get().then(|| i18n.t(Msg::CodeResent))}</p>
        <button type="button" class="link resend" prop:disabled=move || { left.get() > 0 || pending.get() } on:click=resend>
            {move || match left.get() {
                0 => i18n.t(Msg::ResendCode).to_owned(),
                s => format!("{} {s} s", i18n.t(Msg::ResendIn)),
            }}
        </button>
    }
}

/// One code (6 digits, or `length`): labelled, numeric keypad, one-time-code autofill, paste of
/// "123 456" accepted, submit enabled only with all the digits, focused when shown, cleared
/// after an error.
#[component]
fn CodeForm(
    title: Msg,
    intro: Msg,
    #[prop(optional_no_strip)] destination: Option<String>,
    submit: Msg,
    #[prop(default = CODE_LENGTH)] length: usize,
    /// Whether a wrong code hints at the phone's clock (authenticator-app codes).
    #[prop(default = true)]
    clock_hint: bool,
    on_submit: Callback<String>,
    on_cancel: Option<Callback<()>>,
    /// What the cancel button says ("Back to sign in", "Back").
    back: Msg,
    /// "Send a new code" and whether one was sent, where the screen offers it.
    #[prop(optional)]
    resend: Option<(Callback<()>, Signal<bool>)>,
    pending: Signal<bool>,
    error: Signal<Option<ErrorKey>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let code = RwSignal::new(String::new());
    let input: NodeRef<html::Input> = NodeRef::new();
    let valid = Memo::new(move |_| normalize_code_of(&code.get(), length).is_ok());
    let hint = if length == SIGN_IN_CODE_LENGTH {
        Msg::SignInCodeHint
    } else {
        Msg::CodeHint
    };
    Effect::new(move || {
        if let Some(el) = input.get() {
            let _ = el.focus();
        }
    });
    Effect::new(move |previous: Option<Option<ErrorKey>>| {
        let current = error.get();
        if current.is_some() && previous.is_some() {
            code.set(String::new());
            if let Some(el) = input.get_untracked() {
                let _ = el.focus();
            }
        }
        current
    });
    let code_refused = move || error.get().is_some_and(ErrorKey::is_about_code);
    let on_form_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        if let Ok(normalized) = normalize_code_of(&code.get_untracked(), length) {
            on_submit.run(normalized);
        }
    };
    view! {
        <form class="card form" on:submit=on_form_submit aria-labelledby="code-title">
            <h1 id="code-title">{move || i18n.t(title)}</h1>
            <p class="intro">{move || i18n.t(intro)}" "{destination.clone().map(|d| view! { <strong class="destination">{d}</strong> })}</p>
            <div class="field">
                <label for="code">{move || i18n.t(Msg::Code)}</label>
                <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"
                    maxlength="16" spellcheck="false" class="code-input" node_ref=input bind:value=code
                    aria-invalid=move || code_refused().then_some("true")
                    aria-describedby=move || if code_refused() { "code-hint code-error" } else { "code-hint" }/>
                <small id="code-hint" class="hint">{move || i18n.t(hint)}</small>
            </div>
            <ErrorMessage error=error clock_hint=clock_hint id="code-error"/>
            <button type="submit" class="primary" prop:disabled=move || pending.get() || !valid.get()
                aria-busy=move || pending.get().to_string()>
                {move || i18n.t(if pending.get() { Msg::Verifying } else { submit })}
            </button>
            {resend.map(|(on_resend, resent)| view! { <ResendButton on_resend=on_resend resent=resent pending=pending/> })}
            {on_cancel.map(|cancel| view! {
                <button type="button" class="link" on:click=move |_| cancel.run(())>{move || i18n.t(back)}</button>
            })}
        </form>
    }
}

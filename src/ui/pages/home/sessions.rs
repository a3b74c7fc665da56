use leptos::prelude::*;

use super::devices::focus;
use crate::auth::ErrorKey;
use crate::auth::user_sessions::{Sessions, SignedInSession};
use crate::i18n::Msg;
use crate::ui::I18n;
use crate::ui::components::{ErrorMessage, SessionList};
use crate::ui::pages::requests::SignedIn;

/// Where the user is signed in, where the pool tracks it (else no section at all): each session,
/// this browser's marked, any other one signed out with a press. No step-up: ending a session
/// only ever takes access away, and the one who could misuse this page is already signed in here.
#[component]
pub(super) fn SessionsSection() -> impl IntoView {
    let requests = SignedIn::new();
    let i18n = expect_context::<I18n>();
    let sessions = RwSignal::new(None::<Vec<SignedInSession>>);
    let error = RwSignal::new(None::<ErrorKey>);
    let ended = RwSignal::new(false);
    let list = requests.action(
        error,
        |service, tokens, ()| async move { service.list_sessions(&tokens).await },
        move |listed: Sessions| {
            sessions.try_set(match listed {
                Sessions::Listed(list) => Some(list),
                Sessions::NotOffered => None,
            });
        },
    );
    list.dispatch_local(());
    let end = SignedIn::new().action(
        error,
        |service, tokens, id: String| async move {
            service.end_session(&tokens, &id).await.map(|()| id)
        },
        move |id: String| {
            ended.try_set(true);
            // Gone from the list at once (ListUserSessions is eventually consistent: a reload
            // right away may still show it), then the list as Cognito has it.
            sessions.try_update(|list| {
                if let Some(list) = list {
                    list.retain(|s| s.id != id);
                }
            });
            list.dispatch_local(());
            // The pressed button went with its row: the focus stays in the section.
            focus("sessions-title");
        },
    );
    let on_end = Callback::new(move |id: String| {
        error.set(None);
        ended.set(false);
        end.dispatch_local(id);
    });
    let pending = Signal::derive(move || end.pending().get() || list.pending().get());
    // The section stays put (open, with the focus in it) while its list changes.
    view! {
        <Show when=move || sessions.with(Option::is_some)>
            <details class="more-settings" id="sessions">
                <summary><h2 id="sessions-title" tabindex="-1">{move || i18n.t(Msg::SessionsTitle)}</h2></summary>
                <p class="hint">{move || i18n.t(Msg::SessionsIntro)}</p>
                {move || sessions.get().map(|list| view! { <SessionList sessions=list pending=pending on_end=on_end/> })}
            </details>
        </Show>
        <p class="status" role="status" aria-live="polite">{move || ended.get().then(|| i18n.t(Msg::SessionEnded))}</p>
        <ErrorMessage error=error/>
    }
}

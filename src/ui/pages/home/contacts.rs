use leptos::prelude::*;

use super::Account;
use crate::auth::guard::Guarded;
use crate::auth::profile::{Contact, ContactChanged};
use crate::auth::{CodeSent, ErrorKey};
use crate::i18n::Msg;
use crate::ui::I18n;
use crate::ui::components::{ContactCodeForm, ContactEditForm, ContactList};
use crate::ui::pages::requests::SignedIn;

/// What the section shows under the list.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Open {
    Nothing,
    /// A new value for the contact being typed.
    Edit(Contact),
    /// The code sent to the contact; `waiting`: its new value is not in use until then.
    Code {
        contact: Contact,
        sent: CodeSent,
        waiting: bool,
    },
}

/// The user's email and phone number: verify one not verified (offered at the top of home until
/// done or put off), add or change one (after a proof of the user: where codes and resets go is
/// an account-recovery setting), then its code.
#[component]
pub(super) fn ContactsSection(account: Account) -> impl IntoView {
    let requests = SignedIn::new();
    let store = requests.store();
    let i18n = expect_context::<I18n>();
    let Account {
        profile,
        load,
        step_up,
        ..
    } = account;
    let open = RwSignal::new(Open::Nothing);
    let details: NodeRef<leptos::html::Details> = NodeRef::new();
    let error = RwSignal::new(None::<ErrorKey>);
    let done = RwSignal::new(None::<Msg>);
    let resent = RwSignal::new(false);
    let offer_put_off = RwSignal::new(false);

    let send_code = requests.action(
        error,
        |service, tokens, contact: Contact| async move {
            let sent = service.send_contact_code(&tokens, contact).await?;
            Ok((contact, sent))
        },
        move |(contact, sent)| {
            let again = open
                .with_untracked(|o| matches!(o, Open::Code { contact: c, .. } if *c == contact));
            if again {
                resent.try_set(true);
            } else {
                open.try_set(Open::Code {
                    contact,
                    sent,
                    waiting: false,
                });
            }
        },
    );
    let change = requests.action(
        error,
        |service, tokens, (contact, value): (Contact, String)| async move {
            let changed = service.change_contact(&tokens, contact, &value).await?;
            Ok((contact, changed))
        },
        move |(contact, ContactChanged { sent, waiting })| {
            open.try_set(Open::Code {
                contact,
                sent,
                waiting,
            });
            load.dispatch_local(());
        },
    );
    let verify = requests.action(
        error,
        |service, tokens, (contact, code): (Contact, String)| async move {
            service.verify_contact(&tokens, contact, &code).await
        },
        move |()| {
            open.try_set(Open::Nothing);
            done.try_set(Some(Msg::ContactVerified));
            load.dispatch_local(());
        },
    );
    let pending = Signal::derive(move || {
        send_code.pending().get() || change.pending().get() || verify.pending().get()
    });
    let start = move |next: Open| {
        error.set(None);
        done.set(None);
        resent.set(false);
        open.set(next);
    };
    // A new value needs the sign-in in this tab within minutes (every factor), or a step-up;
    // back from one, the form opens for that contact.
    let edit = Callback::new(move |contact: Contact| {
        let change = Guarded::ChangeContact(contact);
        if account.allows(store, &change) {
            start(Open::Edit(contact));
        } else {
            step_up.run(change);
        }
    });
    // The proof is asked again at "Save": a form left open must not outlive it.
    let save = move |contact: Contact, value: String| {
        if pending.get_untracked() {
            return;
        }
        error.set(None);
        if account.allows(store, &Guarded::ChangeContact(contact)) {
            change.dispatch_local((contact, value));
        } else {
            step_up.run(Guarded::ChangeContact(contact));
        }
    };
    Effect::new(move || {
        if profile.with(Option::is_some)
            && let Some(Guarded::ChangeContact(contact)) =
                store.take_after_step_up(|t| matches!(t, Guarded::ChangeContact(_)))
        {
            start(Open::Edit(contact));
        }
    });
    // Asked from another section ("Add a phone number"): the same as this section's own Add,
    // the section brought into view.
    Effect::new(move || {
        if let Some(contact) = account.add_contact.get() {
            account.add_contact.set(None);
            // Not over a request of this section's, nor over the same form already open (what
            // was typed there stays).
            let open_already = open.with_untracked(|o| *o == Open::Edit(contact));
            if !pending.get_untracked() && !open_already {
                edit.run(contact);
            }
            if let Some(details) = details.get_untracked() {
                details.scroll_into_view();
            }
        }
    });
    let verify_now = Callback::new(move |contact: Contact| {
        if !pending.get_untracked() {
            start(Open::Nothing);
            send_code.dispatch_local(contact);
        }
    });
    // The section opens for a form (and stays open for what it then says); only the user closes it.
    Effect::new(move || {
        if !matches!(open.get(), Open::Nothing)
            && let Some(details) = details.get()
        {
            details.set_open(true);
        }
    });
    let unverified = move || {
        profile.with(|p| {
            p.as_ref()
                .and_then(|p| p.unverified_contacts().first().copied())
        })
    };
    view! {
        {move || match (unverified(), offer_put_off.get(), open.get()) {
            (Some(contact), false, Open::Nothing) => Some(view! {
                <div class="notice verify-offer" role="status">
                    <p>{move || i18n.t(if contact == Contact::Email { Msg::VerifyEmailOffer } else { Msg::VerifyPhoneOffer })}</p>
                    <div class="actions">
                        <button type="button" class="primary" prop:disabled=move || pending.get()
                            on:click=move |_| verify_now.run(contact)>{move || i18n.t(Msg::VerifyNow)}</button>
                        <button type="button" class="secondary" on:click=move |_| offer_put_off.set(true)>{move || i18n.t(Msg::NotNow)}</button>
                    </div>
                </div>
            }),
            _ => None,
        }}
        <details class="more-settings" id="contacts" node_ref=details>
            <summary><h2 id="contacts-title">{move || i18n.t(Msg::ContactsTitle)}</h2></summary>
            {move || profile.get().map(|p| view! { <ContactList profile=p pending=pending on_verify=verify_now on_edit=edit/> })}
            {move || match open.get() {
                Open::Nothing => ().into_any(),
                Open::Edit(contact) => view! {
                    <ContactEditForm contact=contact pending=pending error=error on_cancel=move |()| start(Open::Nothing)
                        on_submit=move |value| save(contact, value)/>
                }.into_any(),
                Open::Code { contact, sent, waiting } => view! {
                    <ContactCodeForm destination=sent.destination waiting=waiting pending=pending error=error resent=resent
                        on_cancel=move |()| start(Open::Nothing)
                        on_resend=move |()| { error.set(None); resent.set(false); send_code.dispatch_local(contact); }
                        on_submit=move |code| { if !pending.get_untracked() { error.set(None); verify.dispatch_local((contact, code)); } }/>
                }.into_any(),
            }}
            <p class="status" role="status" aria-live="polite">{move || done.get().map(|m| i18n.t(m))}</p>
            {move || matches!(open.get(), Open::Nothing).then(|| view! { <crate::ui::components::ErrorMessage error=error/> })}
        </details>
    }
}

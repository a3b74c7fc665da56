use leptos::prelude::*;

use super::Account;
use crate::auth::ErrorKey;
use crate::auth::attributes::{AttributeRefusal, DetailsChange};
use crate::config::AttributeField;
use crate::i18n::{Msg, attribute_label};
use crate::ui::I18n;
use crate::ui::components::{
    AttributeFieldList, AttributeInputs, ErrorMessage, SubmitButton, focus_next_frame,
};
use crate::ui::pages::requests::SignedIn;

/// "Your details": the attributes the build lists (PROFILE_ATTRIBUTES) with their values, and a
/// form to change them. No proof of the user is asked: none of them decides how the account
/// signs in or is recovered (the contacts have their own section).
#[component]
pub(super) fn DetailsSection(account: Account, fields: Vec<AttributeField>) -> impl IntoView {
    let requests = SignedIn::new();
    let i18n = expect_context::<I18n>();
    let profile = account.profile;
    let editing = RwSignal::new(false);
    let error = RwSignal::new(None::<ErrorKey>);
    let done = RwSignal::new(false);
    // The read-only ones (`!`) are listed, not offered for editing.
    let editable: Vec<AttributeField> = fields.iter().filter(|f| !f.read_only).cloned().collect();
    let inputs = AttributeInputs::new(editable.clone());
    let editable = StoredValue::new(editable);
    let shown = StoredValue::new(fields);
    // A refusal that names an attribute is said at its field; anything else as every request's.
    let save = requests.action(
        error,
        move |service, tokens, change: DetailsChange| async move {
            match service.save_details(&tokens, &change).await {
                Err(e) if !e.attribute_refusals().is_empty() => {
                    Ok(Err(editable.with_value(|f| e.explain_for(f))))
                }
                other => other.map(Ok),
            }
        },
        move |saved: Result<(), (ErrorKey, Vec<AttributeRefusal>)>| match saved {
            Ok(()) => {
                editing.try_set(false);
                done.try_set(true);
                account.load.dispatch_local(());
                focus_edit_button();
            }
            Err((key, refused)) => {
                error.try_set(Some(key));
                inputs.show(&refused);
            }
        },
    );
    let pending = save.pending();
    let open_form = move |_| {
        let values = profile.with_untracked(|p| p.as_ref().map(|p| p.attributes.clone()));
        if let Some(values) = values {
            inputs.fill(|name| values.get(name).cloned());
            error.set(None);
            done.set(false);
            editing.set(true);
            inputs.focus(0);
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        error.set(None);
        let Some(after) = inputs.read() else {
            return;
        };
        let change = profile.with_untracked(|p| {
            p.as_ref()
                .map(|p| DetailsChange::between(&p.attributes, &after))
        });
        match change {
            Some(change) if change.is_empty() => {
                editing.set(false);
                focus_edit_button();
            }
            Some(change) => {
                save.dispatch_local(change);
            }
            None => {}
        }
    };
    let rows = move || {
        let values = profile.with(|p| p.as_ref().map(|p| p.attributes.clone()))?;
        let rows = shown.with_value(|fields| {
            fields
                .iter()
                .map(|field| {
                    let value = values.get(&field.name).cloned();
                    let label = field.clone();
                    view! {
                        <dt>{move || attribute_label(&label, i18n.lang())}</dt>
                        <dd data-attribute=field.name.clone()>{match value {
                            Some(v) => view! { <span translate="no">{v}</span> }.into_any(),
                            None => view! { <span class="muted">{move || i18n.t(Msg::NotGiven)}</span> }.into_any(),
                        }}</dd>
                    }
                })
                .collect_view()
        });
        Some(view! { <dl class="details-list">{rows}</dl> })
    };
    view! {
        <details class="more-settings" id="details">
            <summary><h2 id="details-title">{move || i18n.t(Msg::DetailsTitle)}</h2></summary>
            <p class="intro">{move || i18n.t(Msg::DetailsIntro)}</p>
            {move || (!editing.get()).then(|| view! {
                {rows}
                {(!inputs.is_empty()).then(|| view! {
                    <button type="button" class="secondary" id="edit-details" prop:disabled=move || profile.with(Option::is_none)
                        on:click=open_form>{move || i18n.t(Msg::EditDetails)}</button>
                })}
            })}
            <Show when=move || editing.get()>
                <form class="form details-edit" on:submit=submit aria-labelledby="details-title">
                    <AttributeFieldList inputs=inputs/>
                    <ErrorMessage error=error/>
                    <div class="actions">
                        <SubmitButton pending=pending idle=Msg::Save busy=Msg::Saving/>
                        <button type="button" class="link" on:click=move |_| { requests.cancel(); editing.set(false); focus_edit_button(); }>
                            {move || i18n.t(Msg::Cancel)}
                        </button>
                    </div>
                </form>
            </Show>
            <p class="status" role="status" aria-live="polite">{move || done.get().then(|| i18n.t(Msg::DetailsSaved))}</p>
            {move || (!editing.get()).then(|| view! { <ErrorMessage error=error/> })}
        </details>
    }
}

/// Back from the form (saved or not): the focus on "Edit your details" again, once it is back.
fn focus_edit_button() {
    focus_next_frame("edit-details".to_owned());
}

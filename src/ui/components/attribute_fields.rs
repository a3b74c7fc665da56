//! Fields for the user's own attributes (a sign-up's, NEW_PASSWORD_REQUIRED's, home's "Your
//! details"): one labelled input each, of the fitting type, a mark on the required ones, each
//! problem said under its field (ours before sending, Cognito's after).

use leptos::prelude::*;

use super::form_parts::{described_by, focus_next_frame};
use crate::auth::attributes::{AttributeProblem, AttributeRefusal, InputKind, autocomplete, check};
use crate::config::AttributeField;
use crate::i18n::{Msg, attribute_label, attribute_problem};
use crate::ui::I18n;

/// One field: what it asks for, what is typed, what is wrong with it.
#[derive(Clone)]
struct Input {
    field: AttributeField,
    value: RwSignal<String>,
    problem: RwSignal<Option<AttributeProblem>>,
}

/// The fields' values and problems. Copy: a stored list of signals.
#[derive(Clone, Copy)]
pub struct AttributeInputs {
    inputs: StoredValue<Vec<Input>>,
}

impl AttributeInputs {
    pub fn new(fields: Vec<AttributeField>) -> Self {
        let inputs = fields
            .into_iter()
            .map(|field| Input {
                field,
                value: RwSignal::new(String::new()),
                problem: RwSignal::new(None),
            })
            .collect();
        Self {
            inputs: StoredValue::new(inputs),
        }
    }

    /// The fields, in order.
    pub fn fields(&self) -> Vec<AttributeField> {
        self.inputs
            .with_value(|i| i.iter().map(|i| i.field.clone()).collect())
    }

    pub fn is_empty(&self) -> bool {
        self.inputs.with_value(Vec::is_empty)
    }

    /// Fills each field with `value_of(name)` (the values as loaded) and clears its problem.
    pub fn fill(&self, value_of: impl Fn(&str) -> Option<String>) {
        self.inputs.with_value(|inputs| {
            for input in inputs {
                input
                    .value
                    .set(value_of(&input.field.name).unwrap_or_default());
                input.problem.set(None);
            }
        });
    }

    /// Each field's value as it goes out (`None`: an optional one left empty), or None with
    /// each problem shown at its field.
    pub fn read(&self) -> Option<Vec<(String, Option<String>)>> {
        let (read, fine) = self.inputs.with_value(|inputs| {
            let mut read = Vec::with_capacity(inputs.len());
            let mut fine = true;
            for input in inputs {
                match check(&input.field, &input.value.get_untracked()) {
                    Ok(value) => {
                        input.problem.set(None);
                        read.push((input.field.name.clone(), value));
                    }
                    Err(problem) => {
                        input.problem.set(Some(problem));
                        fine = false;
                    }
                }
            }
            (read, fine)
        });
        if !fine {
            self.focus_first_problem();
        }
        fine.then_some(read)
    }

    /// The values to send where nothing may be left out: the given ones only.
    pub fn read_given(&self) -> Option<Vec<(String, String)>> {
        let read = self.read()?;
        Some(
            read.into_iter()
                .filter_map(|(n, v)| Some((n, v?)))
                .collect(),
        )
    }

    /// Shows Cognito's refusals at their fields, the focus on the first (none where no refusal
    /// is about a field here).
    pub fn show(&self, refused: &[AttributeRefusal]) {
        let matched = self.inputs.with_value(|inputs| {
            let mut matched = false;
            for r in refused {
                if let Some(input) = inputs.iter().find(|i| i.field.name == r.attribute) {
                    input.problem.set(Some(r.problem));
                    matched = true;
                }
            }
            matched
        });
        if matched {
            self.focus_first_problem();
        }
    }

    /// Puts the focus in the first field with a problem (`#attribute-<n>`), or, with `None`
    /// problems in mind, the first field.
    pub fn focus_first_problem(&self) {
        let index = self.inputs.with_value(|inputs| {
            inputs
                .iter()
                .position(|i| i.problem.with_untracked(Option::is_some))
        });
        self.focus(index.unwrap_or(0));
    }

    /// Focuses `#attribute-<index>` once it is on the page (the next frame).
    pub fn focus(&self, index: usize) {
        focus_next_frame(format!("attribute-{index}"));
    }
}

/// The fields, each `#attribute-<n>`. Where some are required and some not, the required ones
/// are marked and the mark explained once above them (where all are, there is nothing to tell
/// apart; each input is `required` either way).
#[component]
pub fn AttributeFieldList(inputs: AttributeInputs) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let list = inputs.inputs.get_value();
    let marked = list.iter().any(|i| i.field.required) && list.iter().any(|i| !i.field.required);
    let fields = list
        .into_iter()
        .enumerate()
        .map(|(i, Input { field, value, problem })| {
            let id = format!("attribute-{i}");
            let error_id = format!("attribute-{i}-error");
            let kind = InputKind::of(&field.name);
            let hint = (kind == InputKind::Tel).then_some(Msg::PhoneHint);
            let hint_id = format!("attribute-{i}-hint");
            let described_by = described_by(
                hint.map(|_| hint_id.clone()),
                error_id.clone(),
                move || problem.with(Option::is_some),
            );
            let label = field.clone();
            view! {
                <div class="field" data-attribute=field.name.clone()>
                    <label for=id.clone()>
                        {move || attribute_label(&label, i18n.lang())}
                        {(marked && field.required).then(|| view! { <span class="required-mark" aria-hidden="true">" *"</span> })}
                    </label>
                    <input id=id name=field.name.clone() type=kind.html_type() autocomplete=autocomplete(&field.name)
                        required=field.required maxlength="2048" bind:value=value
                        aria-invalid=move || problem.get().is_some().then_some("true") aria-describedby=described_by
                        on:input=move |_| problem.set(None)/>
                    {hint.map(|hint| view! { <small class="hint" id=hint_id>{move || i18n.t(hint)}</small> })}
                    <p id=error_id class="field-error" aria-live="polite">
                        {move || problem.get().map(|p| attribute_problem(p, i18n.lang()))}
                    </p>
                </div>
            }
        })
        .collect_view();
    view! {
        {marked.then(|| view! { <p class="hint required-note">{move || i18n.t(Msg::RequiredNote)}</p> })}
        {fields}
    }
}

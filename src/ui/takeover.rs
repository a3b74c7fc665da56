//! The app taking over the prerendered sign-in screen (index.html, src/ui/boot.js): what was
//! typed, where the focus and the caret were, the language picked, and a submit or a link
//! pressed before the app was up, carried into the app's own form in one task (no frame shows
//! both, no keystroke falls between).

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};
use zeroize::Zeroizing;

const PRERENDERED: &str = "prerendered";
/// Frames to wait for the app's sign-in form before giving up on carrying anything over (the
/// app may have gone elsewhere, e.g. a configuration problem): ≈ 1 s.
const MAX_FRAMES: u32 = 60;

/// After the app is mounted: hand the prerendered screen over to it, now or once its sign-in form
/// (its sign-in name field) has rendered (a redirect from "/" takes a tick).
pub fn take_over() {
    let Some(prerendered) = document().get_element_by_id(PRERENDERED) else {
        return;
    };
    let showing_form = document()
        .document_element()
        .is_some_and(|html| html.has_attribute("data-booting"));
    if showing_form {
        take_over_form(prerendered, 0);
    } else {
        finish(&prerendered);
    }
}

fn take_over_form(prerendered: Element, frame: u32) {
    match app_input("username") {
        Some(name) => carry_over(&prerendered, &name),
        None if frame < MAX_FRAMES => {
            request_animation_frame(move || take_over_form(prerendered, frame + 1));
        }
        None => finish(&prerendered),
    }
}

/// The app's input with this id, not the prerendered one (which shares it until it is removed):
/// the app's `<main>` is a child of `<body>`, the prerendered one is inside `#prerendered`.
fn app_input(id: &str) -> Option<HtmlInputElement> {
    document()
        .query_selector(&format!("body > main input#{id}"))
        .ok()??
        .dyn_into()
        .ok()
}

fn prerendered_input(prerendered: &Element, id: &str) -> Option<HtmlInputElement> {
    prerendered
        .query_selector(&format!("input#{id}"))
        .ok()??
        .dyn_into()
        .ok()
}

/// What can hold the focus on the sign-in screen, in document order: the same list in the
/// prerendered screen and the app's (e2e/prerender.test.mjs keeps the two in step).
const FOCUSABLE: &str = "header button, main input, main button";
const APP_FOCUSABLE: &str = "body > header button, body > main input, body > main button";

/// The focused element's place in [`FOCUSABLE`] and, for a field, its selection.
struct Focus {
    index: u32,
    selection: Option<(u32, u32, String)>,
}

fn focus_in(prerendered: &Element) -> Option<Focus> {
    let active = document().active_element()?;
    let candidates = prerendered.query_selector_all(FOCUSABLE).ok()?;
    let index = (0..candidates.length()).find(|&i| {
        candidates
            .item(i)
            .is_some_and(|node| node.is_same_node(Some(&active)))
    })?;
    let selection = active.dyn_ref::<HtmlInputElement>().and_then(|input| {
        Some((
            input.selection_start().ok()??,
            input.selection_end().ok()??,
            input.selection_direction().ok()?.unwrap_or_default(),
        ))
    });
    Some(Focus { index, selection })
}

fn carry_over(prerendered: &Element, app_name: &HtmlInputElement) {
    let form = prerendered.query_selector("form").ok().flatten();
    // The submit button pressed, by its place in FOCUSABLE.
    let held_submit = form
        .as_ref()
        .and_then(|f| f.get_attribute("data-held"))
        .and_then(|i| i.parse::<u32>().ok());
    let held_click = form
        .as_ref()
        .and_then(|f| f.get_attribute("data-held-click"))
        .and_then(|i| i.parse::<u32>().ok());
    // A language picked on the prerendered screen after the app had read the stored one.
    let lang = prerendered
        .query_selector(".lang-switch button[aria-pressed=true]")
        .ok()
        .flatten()
        .and_then(|b| b.get_attribute("lang"));
    let focus = focus_in(prerendered);
    let name = prerendered_input(prerendered, "username")
        .map(|i| i.value())
        .unwrap_or_default();
    // The password goes from one field to the other; its copy in wasm memory is wiped.
    let password = Zeroizing::new(
        prerendered_input(prerendered, "password")
            .map(|field| {
                let value = field.value();
                field.set_value("");
                value
            })
            .unwrap_or_default(),
    );
    finish(prerendered);

    if let Some(lang) = lang {
        let switch = format!("body > header button[lang={lang}][aria-pressed=false]");
        if let Some(button) = document()
            .query_selector(&switch)
            .ok()
            .flatten()
            .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
        {
            button.click();
        }
    }

    if !name.is_empty() && !app_name.read_only() {
        app_name.set_value(&name);
        // bind:value listens for input events.
        if let Ok(ev) = web_sys::Event::new("input") {
            let _ = app_name.dispatch_event(&ev);
        }
    }
    // (A form without a password field, passwordless only, had none to carry.)
    if !password.is_empty()
        && let Some(field) = app_input("password")
    {
        field.set_value(&password);
    }
    if let Some(focus) = focus {
        restore_focus(focus);
    }
    if let Some(index) = held_submit
        && let Some(form) = app_name.form()
    {
        // requestSubmit with that button: the app's own submit handler and the browser's
        // validation, as a click on it.
        let _ = form.request_submit_with_submitter(app_focusable(index).as_ref());
    } else if let Some(index) = held_click
        && let Some(button) = app_focusable(index)
    {
        button.click();
    }
}

/// Whether the prerendered form, about to be taken over, shows a password field that its form
/// hides at first (a passwordless-first form whose "Sign in with your password" was pressed
/// before the app had loaded): the app's form starts with it shown, so what was typed there
/// stays in view.
pub fn prerendered_password_shown() -> bool {
    document()
        .query_selector("#prerendered [data-method=password]")
        .ok()
        .flatten()
        .is_some_and(|field| !field.has_attribute("hidden"))
}

/// The app's element at this place in [`APP_FOCUSABLE`].
fn app_focusable(index: u32) -> Option<web_sys::HtmlElement> {
    document()
        .query_selector_all(APP_FOCUSABLE)
        .ok()?
        .item(index)?
        .dyn_into()
        .ok()
}

/// Focus and caret on the app's counterpart. An email input hides its selection from scripts:
/// it is set while the field is briefly a text input (which keeps the caret when it turns back).
fn restore_focus(Focus { index, selection }: Focus) {
    let Some(target) = app_focusable(index) else {
        return;
    };
    let _ = target.focus();
    let (Some((start, end, direction)), Some(field)) =
        (selection, target.dyn_ref::<HtmlInputElement>())
    else {
        return;
    };
    let email = field.type_() == "email";
    if email {
        field.set_type("text");
    }
    let _ = field.set_selection_range_with_direction(start, end, &direction);
    if email {
        field.set_type("email");
    }
}

fn finish(prerendered: &Element) {
    prerendered.remove();
    if let Some(html) = document().document_element() {
        let _ = html.remove_attribute("data-booting");
    }
}

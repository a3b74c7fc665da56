//! App-wide state handed out as context: the language (the session is in `session.rs`).

use leptos::prelude::*;

use crate::i18n::{Lang, Msg};

const LANG_KEY: &str = "lang";

/// The current language; its choice is the one thing kept in localStorage.
#[derive(Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    pub fn provide() -> Self {
        let initial = stored_lang().or_else(browser_lang).unwrap_or_default();
        let i18n = Self {
            lang: RwSignal::new(initial),
        };
        Effect::new(move || {
            let lang = i18n.lang.get();
            if let Some(root) = document().document_element() {
                let _ = root.set_attribute("lang", lang.tag());
            }
        });
        provide_context(i18n);
        i18n
    }
    pub fn lang(&self) -> Lang {
        self.lang.get()
    }
    pub fn t(&self, msg: Msg) -> &'static str {
        msg.text(self.lang.get())
    }
    pub fn set(&self, lang: Lang) {
        self.lang.set(lang);
        if let Some(lang_storage) = language_storage() {
            let _ = lang_storage.set_item(LANG_KEY, lang.tag());
        }
    }
}

/// localStorage, used for the language choice and nothing else (never tokens or secrets).
fn language_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten() // the language choice only
}

fn stored_lang() -> Option<Lang> {
    Lang::from_tag(&language_storage()?.get_item(LANG_KEY).ok().flatten()?)
}

fn browser_lang() -> Option<Lang> {
    Lang::from_tag(&window().navigator().language()?)
}

//! The Leptos UI. Pages own state, call the auth service and navigate; components only render
//! and report through callbacks (so tests mount them without a network).

pub mod components;
mod device_store;
mod inflight;
pub mod pages;
pub(crate) mod passkey_user;
mod session;
mod state;
mod takeover;
pub mod webauthn;

use leptos::prelude::*;
use leptos_router::components::{A, ProtectedRoute, Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::auth::AuthService;
use crate::auth::FetchTransport;
use crate::config::{Config, ConfigError, DEFAULT_APP_NAME};
use crate::i18n::Msg;
pub(crate) use inflight::Inflight;
pub use session::AuthStore;
pub use state::I18n;

/// The auth service every page uses, provided once by [`App`].
pub type Service = AuthService<FetchTransport>;

/// Entry point of the binary.
pub fn mount() {
    console_error_panic_hook::set_once();
    if is_framed() {
        leptos::mount::mount_to_body(FramedNotice);
    } else {
        leptos::mount::mount_to_body(App);
    }
    // The page's prerendered sign-in screen (index.html) is the app's from here on.
    takeover::take_over();
}

/// Whether this page is inside another page's frame. No host headers are needed for this to
/// hold: where a host cannot send `frame-ancestors`, a framing page could overlay the forms to
/// trick a click (clickjacking), so the app then shows only why it refuses (as boot.js does
/// before it).
pub fn is_framed() -> bool {
    let Ok(top) = window().top() else {
        return true; // no access to the top window: framed
    };
    top.is_none_or(|top| !top.loose_eq(&window()))
}

/// What the app shows inside another site's frame: nothing usable, and a way out.
#[component]
pub fn FramedNotice() -> impl IntoView {
    let i18n = I18n::provide();
    let here = window().location().href().unwrap_or_default();
    let app_name = Config::from_build_env()
        .map(|c| c.app_name)
        .unwrap_or_else(|_| DEFAULT_APP_NAME.into());
    view! {
        <Shell app_name=app_name>
            <section class="card" role="alert" aria-labelledby="framed-title">
                <h1 id="framed-title">{move || i18n.t(Msg::FramedTitle)}</h1>
                <p>{move || i18n.t(Msg::FramedIntro)}</p>
                <a class="button primary" href=here target="_blank" rel="noopener noreferrer">{move || i18n.t(Msg::OpenDirectly)}</a>
            </section>
        </Shell>
    }
}

#[component]
pub fn App() -> impl IntoView {
    view! { <AppWith config=Config::from_build_env()/> }
}

/// The app for a given configuration; a bad one is explained on the page instead of crashing.
#[component]
pub fn AppWith(config: Result<Config, ConfigError>) -> impl IntoView {
    let i18n = I18n::provide();
    let app_name = config
        .as_ref()
        .map(|c| c.app_name.clone())
        .unwrap_or_else(|_| DEFAULT_APP_NAME.into());
    match config {
        Ok(config) => {
            let transport = FetchTransport::new(config.timeout_ms);
            // What the sign-in name fields take (components read it: form_parts).
            provide_context(config.sign_in_name);
            provide_context(config.password_policy);
            let service = AuthService::new(config, transport);
            provide_context(service.clone());
            let store = AuthStore::provide(service);
            // After a reload the routes wait until the stored session is back (or known gone).
            view! {
                <Shell app_name=app_name>
                    <Show when=move || !store.is_restoring()
                        fallback=move || view! { <p class="card" aria-busy="true">{move || i18n.t(Msg::Loading)}</p> }>
                        <AppRoutes/>
                    </Show>
                </Shell>
            }
            .into_any()
        }
        Err(problem) => view! {
            <Shell app_name=app_name>
                <section class="card" role="alert">
                    <h1>{move || i18n.t(Msg::ConfigProblem)}</h1>
                    <p class="config-error">{problem.to_string()}</p>
                </section>
            </Shell>
        }
        .into_any(),
    }
}

/// The route table, on one screen.
#[component]
fn AppRoutes() -> impl IntoView {
    let store = expect_context::<AuthStore>();
    let i18n = expect_context::<I18n>();
    // A memo: the routes' guard changes only when signed-in-ness does, so a token refresh
    // (a new value in the same session) does not rebuild the page the user is on.
    let signed_in = Memo::new(move |_| store.is_signed_in());
    let signed_in = move || Some(signed_in.get());
    view! {
        <Router>
            <Routes fallback=move || view! {
                <section class="card" aria-labelledby="not-found-title">
                    <h1 id="not-found-title">{move || i18n.t(Msg::NotFound)}</h1>
                    <A href="/" attr:class="button secondary">{move || i18n.t(Msg::GoHome)}</A>
                </section>
            }>
                <Route path=path!("/login") view=pages::LoginPage/>
                <Route path=path!("/account-deleted") view=pages::AccountDeletedPage/>
                <ProtectedRoute path=path!("/home") condition=signed_in redirect_path=|| "/login" view=pages::HomePage/>
                <ProtectedRoute path=path!("/confirm-identity") condition=signed_in redirect_path=|| "/login" view=pages::StepUpPage/>
                <ProtectedRoute path=path!("/setup-2fa") condition=signed_in redirect_path=|| "/login" view=pages::SetupPage/>
                <Route path=path!("/") view=move || view! { <Redirect path=if store.is_signed_in() { "/home" } else { "/login" }/> }/>
            </Routes>
        </Router>
    }
}

/// Keeps `document.title` on the current screen's name (in the current language) and the app's,
/// so a screen reader announces where a navigation landed.
pub(crate) fn use_page_title(screen: impl Fn() -> Msg + Send + Sync + 'static) {
    let i18n = expect_context::<I18n>();
    let app = use_context::<Service>()
        .map(|s| s.config().app_name.clone())
        .unwrap_or_default();
    Effect::new(move || document().set_title(&format!("{} · {app}", i18n.t(screen()))));
}

/// Layout shared by every screen: app name, language switch, content.
#[component]
fn Shell(app_name: String, children: Children) -> impl IntoView {
    view! {
        <header class="topbar">
            <span class="brand">{app_name}</span>
            <components::LanguageSwitch/>
        </header>
        <main id="main" class="main">{children()}</main>
    }
}

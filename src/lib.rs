//! Keyturn: a self-service password portal.
//!
//! One crate, two builds: `ssr` (the `keyturn` server binary) and `hydrate` (the WASM client).
//! Floors, from the ground up (a module imports only from floors below it):
//! [`policy`] (pure password rules) → [`domain`] (wire types and codes) → [`i18n`] (codes
//! become words) → [`server`] (server build only: the flows and what they share) → [`api`]
//! (server functions) → [`components`] → [`pages`] → [`app`] (shell and router) → `http` (the
//! axum application around it) → `cli` (the `keyturn` binary); the last two exist in the
//! server build only.

pub mod api;
pub mod app;
pub mod components;
pub mod domain;
pub mod i18n;
pub mod pages;
pub mod policy;

#[cfg(feature = "ssr")]
pub mod cli;
#[cfg(feature = "ssr")]
pub mod http;
#[cfg(feature = "ssr")]
pub mod server;

/// Entry point of the WASM client: attaches to the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // As `leptos::mount::hydrate_lazy` does (a page on a split route hydrates once its piece of
    // the client has loaded), then marks the document: only now do its buttons and fields
    // answer, so tests (and styles) can tell a hydrated page from a plain server-rendered one.
    wasm_bindgen_futures::spawn_local(async {
        let Some(body) = leptos::prelude::document().body() else {
            return;
        };
        leptos::mount::hydrate_from_async(body, app::App)
            .await
            .forget();
        if let Some(root) = leptos::prelude::document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
}

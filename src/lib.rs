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

/// Entry point of the WASM client, run before the page's islands hydrate (Leptos's islands
/// script calls it, then hydrates each island; see `pages::islands`).
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    components::navigation::watch_links();
    // A page without an island (the page for an unknown address) has nothing more to hydrate;
    // the focus the page before asked for is given here, as an island would.
    let has_island = leptos::prelude::document()
        .query_selector("leptos-island")
        .ok()
        .flatten()
        .is_some();
    if !has_island {
        components::navigation::take_focus_request();
        pages::islands::mark_hydrated();
    }
}

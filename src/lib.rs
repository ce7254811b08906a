//! Keyturn: a self-service password portal.
//!
//! One crate, two builds: `ssr` (the `keyturn` server binary) and `hydrate` (the WASM client).
//! Everything under [`server`] exists only in the server build.

pub mod api;
pub mod app;
pub mod components;
pub mod policy;
pub mod routes;

#[cfg(feature = "ssr")]
pub mod server;

/// Entry point of the WASM client: attaches to the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}

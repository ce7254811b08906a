//! Where codes become words. The words themselves live in one message catalogue per language,
//! `locales/<language>/<namespace>.json`, compiled into the generated module below by
//! `leptos_i18n` (see `build.rs`): a key a view uses must exist, and `tests/it/catalogues.rs`
//! fails when one language lacks a key the other has. English is the default; the interface
//! words of the product description are part of the product and stay exactly as they are.
//!
//! The functions here give the words for the wire's codes (errors, channels, audit events) and
//! for dates, in the language asked for.
//!
//! A page is drawn in one language for its whole life: the server chooses it (`choice`), the
//! hydrated page reads it from `<html lang>`, and only the language switch changes it, by
//! loading the page again. So views take the page's [`Locale`] once ([`current_locale`]) and
//! draw their words as plain strings (`td_string!`). `td!` is left for words with a view inside
//! them (a link, a `<strong>`) or with a value that changes. The crate's reactive context is
//! not used in the browser, for two reasons:
//! - each `t!` text would be a reactive closure, with its own copy of the rendering code;
//! - the context's locale negotiation, with its `Accept-Language` parser, its cookie handling
//!   and its `languagechange` listener, has nothing to decide there.
//!
//! Leaving both out made the first download 21 KB brotli smaller and the pieces together 67 KB
//! (the README has the figures).

/// The code `build.rs` generates from the catalogues (not ours to lint).
#[allow(unreachable_pub, missing_debug_implementations, unused, clippy::all)]
mod catalogue {
    include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
}

pub mod choice;
mod words;

pub use catalogue::i18n::Locale;
#[cfg(feature = "hydrate")]
pub use choice::provide_document_language;
pub use choice::{accepted_languages, cookie_language, current_locale, LanguageProvider};
#[cfg(feature = "ssr")]
pub use choice::{owner_locale, request_locale};
pub use leptos_i18n::{td, td_string};
pub use words::*;

/// The cookie that holds a person's choice of language, set by the language switch.
pub const LANGUAGE_COOKIE: &str = "i18n_pref_locale";

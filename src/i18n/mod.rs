//! Where codes become words. The words themselves live in one message catalogue per language,
//! `locales/<language>/<namespace>.json`, compiled into the generated module below by
//! `leptos_i18n` (see `build.rs`): a key a view uses must exist, and `tests/it/catalogues.rs`
//! fails when one language lacks a key the other has. English is the default; the interface
//! words of the product description are part of the product and stay exactly as they are.
//!
//! The functions here give the words for the wire's codes (errors, channels, audit events) and
//! for dates, in the language asked for.
//!
//! Views draw their words once, as plain strings (`t_string!`). A page's language is fixed
//! for its life (see `choice::LanguageProvider`), and `t!` would make each text a reactive
//! closure: its own copy of the rendering code in the client. Across the client's pieces that
//! was 58 KB brotli. `t!` stays for words with a view inside them, such as a link or a
//! `<strong>`, and for words with a value that changes.

/// The code `build.rs` generates from the catalogues (not ours to lint).
#[allow(unreachable_pub, missing_debug_implementations, unused, clippy::all)]
mod catalogue {
    include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
}

pub mod choice;
mod words;

pub use catalogue::i18n::{use_i18n, Locale};
pub use choice::{accepted_languages, cookie_language, LanguageProvider};
#[cfg(feature = "ssr")]
pub use choice::{owner_locale, request_locale};
pub use leptos_i18n::{t, t_string, td_string};
pub use words::*;

/// The cookie that holds a person's choice of language, set by the language switch.
pub const LANGUAGE_COOKIE: &str = "i18n_pref_locale";

/// The language the page is drawn in, for words that come from a function here rather than
/// from `t!` (errors, channels, events). Call it inside the view: it follows the context.
pub fn current_locale() -> Locale {
    use_i18n().get_locale()
}

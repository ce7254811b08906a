//! Compiles the message catalogues (`locales/<language>/<namespace>.json`) into the `i18n`
//! module's generated code, so that a key used in a view exists or the crate does not build.
//! A key present in one language and missing in the other is a warning here (the crate then
//! falls back to English); `tests/it/catalogues.rs` makes it a failure.

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

/// One catalogue file per language for each of these, named after what holds the words.
const NAMESPACES: [&str; 8] = [
    "common",
    "components",
    "errors",
    "reset",
    "signin",
    "account",
    "email_reset",
    "messages",
];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?).join("i18n");
    // Words with values in them are also needed as plain strings (titles, emails, SMS).
    let options = ParseOptions::default().interpolate_display(true);
    let config = Config::new("en")?
        .add_locale("de")?
        .add_namespaces(NAMESPACES)?
        .parse_options(options);
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(out)?;
    Ok(())
}

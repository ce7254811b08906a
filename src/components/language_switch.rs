//! The language switch at the foot of every page: a plain form, so it works the same with and
//! without JavaScript. The server (`POST /language`) keeps the choice in the language cookie
//! and sends the person back to the page they were on, which is then drawn in that language.

use leptos::prelude::*;

use crate::components::navigation::page_address;
use crate::i18n::{current_locale, td_string, Locale};

/// Where the form posts; `http` answers it.
pub const LANGUAGE_PATH: &str = "/language";

/// Each language by its own name, so a person who cannot read the current one finds theirs.
fn own_name(locale: Locale) -> &'static str {
    match locale {
        Locale::en => "English",
        Locale::de => "Deutsch",
    }
}

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let shown = current_locale();
    // The page to come back to, query included (the reset link's page needs its token). It
    // travels in the form's body, never in an address that could end up in a log.
    let back = page_address();
    let buttons = [Locale::en, Locale::de].map(|locale| {
        let current = shown == locale;
        view! {
            <button
                type="submit"
                class="link-button"
                name="lang"
                value=locale.to_string()
                lang=locale.to_string()
                aria-pressed=if current { "true" } else { "false" }
            >
                {own_name(locale)}
            </button>
        }
    });
    view! {
        <form class="language-switch" method="post" action=LANGUAGE_PATH>
            <input type="hidden" name="back" value=back />
            <span class="language-label">{td_string!(shown, common.language)}</span>
            {buttons}
        </form>
    }
}

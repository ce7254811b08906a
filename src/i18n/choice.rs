//! Which language a request gets: the person's choice (the language cookie the switch sets),
//! else the best of the browser's `Accept-Language` that we have, else English. The server
//! decides; the hydrated page takes the language from `<html lang>`, which the server wrote,
//! and keeps it: only the switch changes the language, and it loads the page again.

use leptos::prelude::*;
use leptos_i18n::context::{
    init_i18n_context_with_options, init_i18n_subcontext, I18nContextOptions,
};
use leptos_meta::Html;

use super::{Locale, LANGUAGE_COOKIE};

/// The options the page and the server functions resolve the language with. The crate's own
/// cookie is off: it would write the cookie on every response, making a first guess from
/// `Accept-Language` stick for a year. Only the switch writes it (`POST /language`).
fn options() -> I18nContextOptions<'static, Locale> {
    let options = I18nContextOptions::default().enable_cookie(false);
    #[cfg(feature = "ssr")]
    let options = options.ssr_lang_header_getter(
        leptos_i18n::context::UseLocalesOptions::default()
            .ssr_lang_header_getter(preferred_languages),
    );
    options
}

/// Provides the language to the page below it and writes it into `<html lang>`. The language
/// is fixed for the page's life. The crate's own context would follow the browser's
/// `languagechange` event after hydration, and words drawn once (`t_string!`) would then stay
/// in the old language beside reactive ones in the new. A sub-context given one fixed language
/// never changes.
#[component]
pub fn LanguageProvider(children: Children) -> impl IntoView {
    let chosen = init_i18n_context_with_options::<Locale>(options()).get_locale_untracked();
    let i18n = init_i18n_subcontext::<Locale>(Some(Signal::stored(chosen)));
    provide_context(i18n);
    view! {
        <Html attr:lang=move || i18n.get_locale().to_string() />
        {children()}
    }
}

/// The language of the request being served, in a server function (and what it calls).
#[cfg(feature = "ssr")]
pub fn request_locale() -> Locale {
    leptos_i18n::locale::resolve_locale_with_options::<Locale>(options())
}

/// The language of a message to an account's owner that anyone who knows the User ID can cause
/// (the reset wizard's PIN, the lockout notice, the reset-by-email notice and link): the one the owner last used
/// when they proved who they are (`recorded`), else the request's. A stranger's browser then
/// cannot choose the language of the owner's warning.
#[cfg(feature = "ssr")]
pub fn owner_locale(recorded: Option<&str>) -> Locale {
    recorded
        .and_then(|language| language.parse().ok())
        .unwrap_or_else(request_locale)
}

/// The request's languages, best first, as one `Accept-Language`-like list for the crate to
/// match against ours: the cookie's first.
#[cfg(feature = "ssr")]
fn preferred_languages() -> Option<String> {
    use axum::http::header;
    let parts = use_context::<axum::http::request::Parts>()?;
    let cookie = parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(cookie_language);
    let accepted = parts
        .headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(accepted_languages)
        .unwrap_or_default();
    let list: Vec<String> = cookie
        .map(str::to_string)
        .into_iter()
        .chain(accepted)
        .collect();
    Some(list.join(","))
}

/// The value of the language cookie in a `Cookie` header, if it names one of our languages.
pub fn cookie_language(header: &str) -> Option<&str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LANGUAGE_COOKIE)
        .map(|(_, value)| value.trim())
        .filter(|value| value.parse::<Locale>().is_ok())
}

/// The languages of an `Accept-Language` header, most wanted first (by `q`, then by order),
/// without those marked unwanted (`q=0`) and without the spaces HTTP allows around them.
pub fn accepted_languages(header: &str) -> Vec<String> {
    let mut weighted: Vec<(u16, usize, &str)> = header
        .split(',')
        .enumerate()
        .filter_map(|(order, item)| {
            let mut parts = item.split(';');
            let tag = parts.next()?.trim();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            // Thousandths, as the header's grammar has them.
            let q = (q.clamp(0.0, 1.0) * 1000.0).round() as u16;
            (!tag.is_empty() && tag != "*" && q > 0).then_some((q, order, tag))
        })
        .collect();
    weighted.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    weighted
        .into_iter()
        .map(|(_, _, tag)| tag.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_is_read_by_weight_without_spaces() {
        assert_eq!(
            accepted_languages("fr-FR, de;q=0.8, en;q=0.9"),
            ["fr-FR", "en", "de"]
        );
        assert_eq!(
            accepted_languages("de-DE,de;q=0.9,en;q=0.5"),
            ["de-DE", "de", "en"]
        );
        assert_eq!(accepted_languages("en;q=0, de"), ["de"]);
        assert_eq!(accepted_languages("*"), Vec::<String>::new());
        assert_eq!(accepted_languages(""), Vec::<String>::new());
    }

    #[test]
    fn only_our_languages_count_in_the_cookie() {
        assert_eq!(cookie_language("a=1; i18n_pref_locale=de"), Some("de"));
        assert_eq!(cookie_language("i18n_pref_locale=xx"), None);
        assert_eq!(cookie_language("other=de"), None);
    }
}

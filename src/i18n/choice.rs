//! Which language a request gets: the person's choice (the language cookie the switch sets),
//! else the best of the browser's `Accept-Language` that we have, else English. The server
//! decides; the hydrated page takes the language from `<html lang>`, which the server wrote,
//! and keeps it: only the switch changes the language, and it loads the page again.

use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos_i18n::context::I18nContextOptions;
use leptos_meta::Html;

use super::{Locale, LANGUAGE_COOKIE};

/// The options the server resolves the language with. The crate's own cookie is off: it would
/// write the cookie on every response, making a first guess from `Accept-Language` stick for a
/// year. Only the switch writes it (`POST /language`).
#[cfg(feature = "ssr")]
fn options() -> I18nContextOptions<'static, Locale> {
    I18nContextOptions::default()
        .enable_cookie(false)
        .ssr_lang_header_getter(
            leptos_i18n::context::UseLocalesOptions::default()
                .ssr_lang_header_getter(preferred_languages),
        )
}

/// The language of the page being drawn, in the context below [`LanguageProvider`].
#[derive(Clone, Copy, Debug)]
struct PageLanguage(Locale);

/// Provides the page's language to everything below it and writes it into `<html lang>`.
#[component]
pub fn LanguageProvider(children: Children) -> impl IntoView {
    let locale = language_at_start();
    provide_context(PageLanguage(locale));
    view! {
        <Html attr:lang=locale.to_string() />
        {children()}
    }
}

/// In a page's island in the browser, which hydrates on its own (outside the server's
/// [`LanguageProvider`]): the page's language, from `<html lang>`.
#[cfg(feature = "hydrate")]
pub fn provide_document_language() {
    provide_context(PageLanguage(language_at_start()));
}

/// On the server, the request's language. In the browser, the one the server wrote into
/// `<html lang>`; it is always one of ours, so English is only a fallback for a page changed
/// by hand.
fn language_at_start() -> Locale {
    #[cfg(feature = "ssr")]
    {
        request_locale()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|lang| lang.parse().ok())
            .unwrap_or_default()
    }
}

/// The language the page is drawn in. Call it in a component below [`LanguageProvider`] (every
/// page and the gallery are); words from the catalogue and from the functions of `i18n` take it.
pub fn current_locale() -> Locale {
    expect_context::<PageLanguage>().0
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

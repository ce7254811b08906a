//! The page's `<title>`: the page's name, then the site's.

use leptos::prelude::*;
use leptos_meta::Title;

/// "Sign in · Keyturn", from the page's name.
pub fn site_title(page: String) -> String {
    format!("{page} · Keyturn")
}

/// The title of the page being drawn. It names the formatter itself (as well as the site's
/// shell does): a page's island sets the title again in the browser, where the shell's
/// `<Title>` is not.
#[component]
pub fn PageTitle(text: &'static str) -> impl IntoView {
    view! { <Title formatter=site_title text /> }
}

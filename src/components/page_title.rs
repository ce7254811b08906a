//! The page's `<title>`, written by the server. A page's island does not set it again in the
//! browser: the site's "… · Keyturn" formatter lives outside the island, and the title of a
//! page never changes while it is shown.

use leptos::prelude::*;

#[component]
pub fn PageTitle(text: &'static str) -> impl IntoView {
    #[cfg(not(feature = "hydrate"))]
    {
        view! { <leptos_meta::Title text /> }
    }
    #[cfg(feature = "hydrate")]
    {
        // (no markup of its own in the body, so there is nothing to hydrate)
        let _ = text;
    }
}

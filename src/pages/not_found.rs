use leptos::prelude::*;

use crate::components::page_title::PageTitle;
use crate::i18n::{current_locale, td_string};

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let locale = current_locale();
    view! {
        <PageTitle text=td_string!(locale, signin.not_found.title) />
        <section class="card">
            <h1>{td_string!(locale, signin.not_found.heading)}</h1>
            <p>{td_string!(locale, signin.not_found.text)}</p>
            <p>
                <a href="/">{td_string!(locale, signin.not_found.go_to_sign_in)}</a>
            </p>
        </section>
    }
}

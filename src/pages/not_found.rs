use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{t_string, use_i18n};

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <Title text=t_string!(i18n, signin.not_found.title) />
        <section class="card">
            <h1>{t_string!(i18n, signin.not_found.heading)}</h1>
            <p>{t_string!(i18n, signin.not_found.text)}</p>
            <p>
                <a href="/">{t_string!(i18n, signin.not_found.go_to_sign_in)}</a>
            </p>
        </section>
    }
}

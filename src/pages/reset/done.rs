use leptos::prelude::*;

use super::{StartOver, WizardActions};
use crate::i18n::{t_string, use_i18n};

#[component]
pub fn DoneStep(actions: WizardActions) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1 tabindex="-1">{t_string!(i18n, reset.done.heading)}</h1>
        <p>{t_string!(i18n, reset.done.intro)}</p>
        <p>
            <a class="button primary" href="/">
                {t_string!(i18n, reset.done.sign_in)}
            </a>
        </p>
        <StartOver actions label=t_string!(i18n, reset.done.another) />
    }
}

use leptos::prelude::*;

use super::{StartOver, WizardActions};
use crate::i18n::{current_locale, td_string};

#[component]
pub fn DoneStep(actions: WizardActions) -> impl IntoView {
    let locale = current_locale();
    view! {
        <h1 tabindex="-1">{td_string!(locale, reset.done.heading)}</h1>
        <p>{td_string!(locale, reset.done.intro)}</p>
        <p>
            <a class="button primary" href="/">
                {td_string!(locale, reset.done.sign_in)}
            </a>
        </p>
        <StartOver actions label=td_string!(locale, reset.done.another) />
    }
}

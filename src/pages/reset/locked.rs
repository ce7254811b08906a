use leptos::prelude::*;

use super::{StartOver, WizardActions};
use crate::i18n::{current_locale, td, td_string};

/// Shown for a locked account, and alike for a locked unknown User ID.
#[component]
pub fn LockedStep(until: Option<String>, support: String, actions: WizardActions) -> impl IntoView {
    let locale = current_locale();
    let explained = match until {
        Some(until) => {
            let until = move || view! { <strong>{until.clone()}</strong> };
            view! {
                <p>{td!(locale, reset.locked.until, until)}</p>
                <p>{td!(locale, reset.locked.help_sooner, support)}</p>
            }
            .into_any()
        }
        None => view! {
            <p>{td_string!(locale, reset.locked.permanent)}</p>
            <p>{td!(locale, reset.locked.contact, support)}</p>
        }
        .into_any(),
    };
    view! {
        <h1 tabindex="-1">{td_string!(locale, reset.locked.heading)}</h1>
        {explained}
        <p class="aside">
            <a href="/">{td_string!(locale, reset.back_to_sign_in)}</a>
        </p>
        <StartOver actions label=td_string!(locale, reset.locked.another_user) />
    }
}

use leptos::prelude::*;

use super::{StartOver, WizardActions};
use crate::i18n::{t, t_string, use_i18n};

/// Shown for a locked account, and alike for a locked unknown User ID.
#[component]
pub fn LockedStep(until: Option<String>, support: String, actions: WizardActions) -> impl IntoView {
    let i18n = use_i18n();
    let explained = match until {
        Some(until) => {
            let until = move || view! { <strong>{until.clone()}</strong> };
            view! {
                <p>{t!(i18n, reset.locked.until, until)}</p>
                <p>{t!(i18n, reset.locked.help_sooner, support)}</p>
            }
            .into_any()
        }
        None => view! {
            <p>{t_string!(i18n, reset.locked.permanent)}</p>
            <p>{t!(i18n, reset.locked.contact, support)}</p>
        }
        .into_any(),
    };
    view! {
        <h1 tabindex="-1">{t_string!(i18n, reset.locked.heading)}</h1>
        {explained}
        <p class="aside">
            <a href="/">{t_string!(i18n, reset.back_to_sign_in)}</a>
        </p>
        <StartOver actions label=t_string!(i18n, reset.locked.another_user) />
    }
}

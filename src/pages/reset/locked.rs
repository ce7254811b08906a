use leptos::prelude::*;

use super::{StartOver, WizardActions};

/// Shown for a locked account, and alike for a locked unknown User ID.
#[component]
pub fn LockedStep(until: Option<String>, support: String, actions: WizardActions) -> impl IntoView {
    let explained = match until {
        Some(until) => {
            view! {
                <p>
                    "Too many failed attempts: this account is locked until "
                    <strong>{until}</strong> ". You can try again after that time."
                </p>
                <p>"Need help sooner? Contact " {support} "."</p>
            }
                .into_any()
        }
        None => {
            view! {
                <p>
                    "Too many failed attempts: this account is locked until an administrator unlocks it."
                </p>
                <p>"Contact " {support} " to unlock it."</p>
            }
                .into_any()
        }
    };
    view! {
        <h1 tabindex="-1">"Account locked"</h1>
        {explained}
        <p class="aside">
            <a href="/">"Back to sign in"</a>
        </p>
        <StartOver actions label="Use another User ID" />
    }
}

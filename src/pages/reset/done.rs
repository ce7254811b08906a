use leptos::prelude::*;

use super::{StartOver, WizardActions};

#[component]
pub fn DoneStep(actions: WizardActions) -> impl IntoView {
    view! {
        <h1 tabindex="-1">"Your password has been changed"</h1>
        <p>
            "You can sign in with your new password now. Every other session of your account has been signed out, and we have sent a confirmation to your email address."
        </p>
        <p>
            <a class="button primary" href="/">
                "Sign in"
            </a>
        </p>
        <StartOver actions label="Reset another password" />
    }
}

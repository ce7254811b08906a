use leptos::prelude::*;

use super::WizardActions;
use crate::components::step_header::StepHeader;

#[component]
pub fn UserIdStep(number: u8, total: u8, expired: bool, actions: WizardActions) -> impl IntoView {
    view! {
        <StepHeader number total title="Enter your User ID" />
        {expired
            .then(|| {
                view! { <p class="notice">"Your previous reset expired or ended. Start again."</p> }
            })}
        <p>
            "We will ask for your authenticator code and send you a one-time PIN, then you can choose a new password."
        </p>
        <ActionForm action=actions.start>
            <div class="field">
                <label for="user_id">"User ID"</label>
                <input
                    id="user_id"
                    name="user_id"
                    type="text"
                    autocomplete="username"
                    autocapitalize="none"
                    spellcheck="false"
                    required
                />
            </div>
            <button type="submit" class="primary">
                "Continue"
            </button>
        </ActionForm>
        <p class="aside">
            <a href="/">"Back to sign in"</a>
        </p>
    }
}

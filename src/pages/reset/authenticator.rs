use leptos::prelude::*;

use super::{StartOver, WizardActions};
use crate::components::code_field::CodeField;
use crate::components::step_header::StepHeader;

#[component]
pub fn AuthenticatorStep(number: u8, total: u8, actions: WizardActions) -> impl IntoView {
    view! {
        <StepHeader number total title="Enter your authenticator code" />
        <p>
            "Open the authenticator app on your phone and enter the 6-digit code it shows for Keyturn."
        </p>
        <ActionForm action=actions.code>
            <CodeField name="code" label="Authenticator code" />
            <button type="submit" class="primary">
                "Continue"
            </button>
        </ActionForm>
        <div class="alternative">
            <p>
                "Can't use your authenticator app? Prove who you are with PINs sent by email and by SMS instead."
            </p>
            <ActionForm action=actions.alternative>
                <button type="submit" class="secondary">
                    "Alternative Authentication"
                </button>
            </ActionForm>
        </div>
        <StartOver actions />
    }
}

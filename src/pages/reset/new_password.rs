use leptos::prelude::*;

use super::{StartOver, WizardActions};
use crate::components::password_rules::NewPasswordFields;
use crate::components::step_header::StepHeader;
use crate::domain::flows::reset::PasswordStepView;

#[component]
pub fn NewPasswordStep(
    number: u8,
    total: u8,
    step: PasswordStepView,
    actions: WizardActions,
) -> impl IntoView {
    let PasswordStepView {
        policy,
        user_id,
        email,
    } = step;
    view! {
        <StepHeader number total title="Choose a new password" />
        <p>
            "You have proven who you are. Choose a new password for "
            <strong>{user_id.clone()}</strong> "."
        </p>
        <ActionForm action=actions.password>
            <NewPasswordFields policy user_id email />
            <button type="submit" class="primary">
                "Change password"
            </button>
        </ActionForm>
        <StartOver actions />
    }
}

use leptos::prelude::*;

use super::{StartOver, WizardActions};
use crate::components::password_rules::NewPasswordFields;
use crate::components::server_form::ServerForm;
use crate::components::step_header::StepHeader;
use crate::domain::flows::reset::PasswordStepView;
use crate::i18n::{current_locale, td, td_string};

#[component]
pub fn NewPasswordStep(
    number: u8,
    total: u8,
    step: PasswordStepView,
    actions: WizardActions,
) -> impl IntoView {
    let locale = current_locale();
    let PasswordStepView {
        policy,
        user_id,
        email,
    } = step;
    let shown = user_id.clone();
    let strong = move || view! { <strong>{shown.clone()}</strong> };
    view! {
        <StepHeader number total title=td_string!(locale, reset.new_password.heading) />
        <p>{td!(locale, reset.new_password.intro, user_id = strong)}</p>
        <ServerForm action=actions.password>
            <NewPasswordFields policy user_id email />
            <button type="submit" class="primary">
                {td_string!(locale, reset.new_password.submit)}
            </button>
        </ServerForm>
        <StartOver actions />
    }
}

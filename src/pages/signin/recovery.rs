use leptos::prelude::*;

use crate::components::code_field::RecoveryCodeField;

use super::shared::{BackToSignIn, OtherWays, SignInActions};
use crate::components::server_form::ServerForm;
use crate::domain::flows::signin::SecondFactorView;
use crate::i18n::{current_locale, td_string};

#[component]
pub fn RecoveryStep(factors: SecondFactorView, actions: SignInActions) -> impl IntoView {
    let locale = current_locale();
    let left = factors.recovery_codes;
    view! {
        <h1 tabindex="-1">{td_string!(locale, signin.recovery.heading)}</h1>
        <p>
            {td_string!(locale, signin.recovery.intro)}
            {if left == 1 {
                td_string!(locale, signin.recovery.left_one).to_string()
            } else {
                td_string!(locale, signin.recovery.left, left = left).to_string()
            }}
        </p>
        <ServerForm action=actions.recovery>
            <RecoveryCodeField />
            <button type="submit" class="primary">
                {td_string!(locale, signin.continue_button)}
            </button>
        </ServerForm>
        <OtherWays factors current="recovery" />
        <BackToSignIn actions />
    }
}

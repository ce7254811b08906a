use leptos::prelude::*;

use crate::components::code_field::RecoveryCodeField;

use super::shared::{BackToSignIn, OtherWays, SignInActions};
use crate::domain::flows::signin::SecondFactorView;
use crate::i18n::{t_string, use_i18n};

#[component]
pub fn RecoveryStep(factors: SecondFactorView, actions: SignInActions) -> impl IntoView {
    let i18n = use_i18n();
    let left = factors.recovery_codes;
    view! {
        <h1 tabindex="-1">{t_string!(i18n, signin.recovery.heading)}</h1>
        <p>
            {t_string!(i18n, signin.recovery.intro)}
            {if left == 1 {
                t_string!(i18n, signin.recovery.left_one).to_string()
            } else {
                t_string!(i18n, signin.recovery.left, left = left).to_string()
            }}
        </p>
        <ActionForm action=actions.recovery>
            <RecoveryCodeField />
            <button type="submit" class="primary">
                {t_string!(i18n, signin.continue_button)}
            </button>
        </ActionForm>
        <OtherWays factors current="recovery" />
        <BackToSignIn actions />
    }
}

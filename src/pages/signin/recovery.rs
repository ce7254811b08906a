use leptos::prelude::*;

use crate::components::code_field::RecoveryCodeField;

use super::shared::{BackToSignIn, OtherWays, SignInActions};
use crate::domain::flows::signin::SecondFactorView;

#[component]
pub fn RecoveryStep(factors: SecondFactorView, actions: SignInActions) -> impl IntoView {
    let left = factors.recovery_codes;
    view! {
        <h1 tabindex="-1">"Use a recovery code"</h1>
        <p>
            "Enter one of the recovery codes you saved when you generated them. Each code works once; "
            {if left == 1 {
                "you have 1 left.".to_string()
            } else {
                format!("you have {left} left.")
            }}
        </p>
        <ActionForm action=actions.recovery>
            <RecoveryCodeField />
            <button type="submit" class="primary">
                "Continue"
            </button>
        </ActionForm>
        <OtherWays factors current="recovery" />
        <BackToSignIn actions />
    }
}

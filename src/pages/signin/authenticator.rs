use leptos::prelude::*;

use super::shared::{BackToSignIn, OtherWays, SignInActions};
use crate::components::code_field::CodeField;
use crate::domain::flows::signin::SecondFactorView;
use crate::domain::Field;

#[component]
pub fn AuthenticatorStep(factors: SecondFactorView, actions: SignInActions) -> impl IntoView {
    view! {
        <h1 tabindex="-1">"Enter your authenticator code"</h1>
        <p>
            "Your password is right. Now open the authenticator app on your phone and enter the 6-digit code it shows for Keyturn."
        </p>
        <ActionForm action=actions.code>
            <CodeField name="code" field=Field::Code label="Authenticator code" />
            <button type="submit" class="primary">
                "Continue"
            </button>
        </ActionForm>
        <OtherWays factors current="authenticator" />
        <BackToSignIn actions />
    }
}

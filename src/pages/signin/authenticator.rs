use leptos::prelude::*;

use super::shared::{BackToSignIn, OtherWays, SignInActions};
use crate::components::code_field::CodeField;
use crate::domain::flows::signin::SecondFactorView;
use crate::domain::Field;
use crate::i18n::{t_string, use_i18n};

#[component]
pub fn AuthenticatorStep(factors: SecondFactorView, actions: SignInActions) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1 tabindex="-1">{t_string!(i18n, signin.authenticator.heading)}</h1>
        <p>{t_string!(i18n, signin.authenticator.intro)}</p>
        <ActionForm action=actions.code>
            <CodeField
                name="code"
                field=Field::Code
                label=t_string!(i18n, signin.authenticator.label)
            />
            <button type="submit" class="primary">
                {t_string!(i18n, signin.continue_button)}
            </button>
        </ActionForm>
        <OtherWays factors current="authenticator" />
        <BackToSignIn actions />
    }
}

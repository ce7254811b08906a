use leptos::prelude::*;

use super::shared::{BackToSignIn, OtherWays, SignInActions};
use crate::components::code_field::CodeField;
use crate::components::server_form::ServerForm;
use crate::domain::flows::signin::SecondFactorView;
use crate::domain::Field;
use crate::i18n::{current_locale, td_string};

#[component]
pub fn AuthenticatorStep(factors: SecondFactorView, actions: SignInActions) -> impl IntoView {
    let locale = current_locale();
    view! {
        <h1 tabindex="-1">{td_string!(locale, signin.authenticator.heading)}</h1>
        <p>{td_string!(locale, signin.authenticator.intro)}</p>
        <ServerForm action=actions.code>
            <CodeField
                name="code"
                field=Field::Code
                label=td_string!(locale, signin.authenticator.label)
            />
            <button type="submit" class="primary">
                {td_string!(locale, signin.continue_button)}
            </button>
        </ServerForm>
        <OtherWays factors current="authenticator" />
        <BackToSignIn actions />
    }
}

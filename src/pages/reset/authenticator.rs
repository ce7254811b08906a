use leptos::prelude::*;

use super::{StartOver, WizardActions};
use crate::components::code_field::{CodeField, RecoveryCodeField};
use crate::components::navigation::query_value;
use crate::components::server_form::ServerForm;
use crate::components::step_header::StepHeader;
use crate::domain::Field;
use crate::i18n::{current_locale, td_string};

/// The authenticator step: the app's code, or (`?with=recovery`, a plain link, so it works
/// without JavaScript) one of the account's recovery codes in its place.
#[component]
pub fn AuthenticatorStep(
    number: u8,
    total: u8,
    alternative: bool,
    actions: WizardActions,
) -> impl IntoView {
    let locale = current_locale();
    let with_recovery = query_value("with").as_deref() == Some("recovery");
    view! {
        <StepHeader number total title=td_string!(locale, reset.authenticator.heading) />
        <Show
            when=move || with_recovery
            fallback=move || {
                view! {
                    <p>{td_string!(locale, reset.authenticator.intro)}</p>
                    <ServerForm action=actions.code>
                        <CodeField
                            name="code"
                            field=Field::Code
                            label=td_string!(locale, reset.authenticator.code_label)
                        />
                        <button type="submit" class="primary">
                            {td_string!(locale, reset.continue_button)}
                        </button>
                    </ServerForm>
                    <p class="aside">
                        <a href="/reset?with=recovery">
                            {td_string!(locale, reset.authenticator.use_recovery)}
                        </a>
                    </p>
                }
            }
        >
            <p>{td_string!(locale, reset.authenticator.recovery_intro)}</p>
            <ServerForm action=actions.recovery>
                <RecoveryCodeField />
                <button type="submit" class="primary">
                    {td_string!(locale, reset.continue_button)}
                </button>
            </ServerForm>
            <p class="aside">
                <a href="/reset">{td_string!(locale, reset.authenticator.use_app)}</a>
            </p>
        </Show>
        <Show when=move || alternative>
            <div class="alternative">
                <p>{td_string!(locale, reset.authenticator.alternative_intro)}</p>
                <ServerForm action=actions.alternative>
                    <button type="submit" class="secondary">
                        {td_string!(locale, reset.alternative)}
                    </button>
                </ServerForm>
            </div>
        </Show>
        <StartOver actions />
    }
}

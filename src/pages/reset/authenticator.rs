use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{StartOver, WizardActions};
use crate::components::code_field::{CodeField, RecoveryCodeField};
use crate::components::step_header::StepHeader;
use crate::domain::Field;

/// The authenticator step: the app's code, or (`?with=recovery`, a plain link, so it works
/// without JavaScript) one of the account's recovery codes in its place.
#[component]
pub fn AuthenticatorStep(
    number: u8,
    total: u8,
    alternative: bool,
    actions: WizardActions,
) -> impl IntoView {
    let query = use_query_map();
    let with_recovery = move || query.with(|q| q.get("with").as_deref() == Some("recovery"));
    view! {
        <StepHeader number total title="Enter your authenticator code" />
        <Show
            when=with_recovery
            fallback=move || {
                view! {
                    <p>
                        "Open the authenticator app on your phone and enter the 6-digit code it shows for Keyturn."
                    </p>
                    <ActionForm action=actions.code>
                        <CodeField name="code" field=Field::Code label="Authenticator code" />
                        <button type="submit" class="primary">
                            "Continue"
                        </button>
                    </ActionForm>
                    <p class="aside">
                        <a href="/reset?with=recovery">"Use a recovery code"</a>
                    </p>
                }
            }
        >
            <p>
                "Enter one of the recovery codes you saved when you generated them. Each works once."
            </p>
            <ActionForm action=actions.recovery>
                <RecoveryCodeField />
                <button type="submit" class="primary">
                    "Continue"
                </button>
            </ActionForm>
            <p class="aside">
                <a href="/reset">"Use your authenticator app"</a>
            </p>
        </Show>
        <Show when=move || alternative>
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
        </Show>
        <StartOver actions />
    }
}

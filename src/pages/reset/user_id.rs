use leptos::prelude::*;

use leptos_router::hooks::use_query_map;

use super::WizardActions;
use crate::components::step_header::StepHeader;
use crate::components::user_id_field::UserIdField;

#[component]
pub fn UserIdStep(number: u8, total: u8, expired: bool, actions: WizardActions) -> impl IntoView {
    // The User ID typed on the sign-in page before "Password locked or forgotten?" comes
    // along (`/reset?user_id=…`), so the person is not asked for it twice.
    let typed = use_query_map()
        .with_untracked(|q| q.get("user_id"))
        .unwrap_or_default();
    view! {
        <StepHeader number total title="Enter your User ID" />
        {expired
            .then(|| {
                view! { <p class="notice">"Your previous reset expired or ended. Start again."</p> }
            })}
        <p>
            "We will ask for your authenticator code and send you a one-time PIN, then you can choose a new password."
        </p>
        <ActionForm action=actions.start>
            <UserIdField value=typed />
            <button type="submit" class="primary">
                "Continue"
            </button>
        </ActionForm>
        <p class="aside">
            <a href="/">"Back to sign in"</a>
        </p>
    }
}

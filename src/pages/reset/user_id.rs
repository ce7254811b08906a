use leptos::prelude::*;

use leptos_router::hooks::use_query_map;

use super::WizardActions;
use crate::components::step_header::StepHeader;
use crate::components::user_id_field::UserIdField;
use crate::i18n::{t_string, use_i18n};

#[component]
pub fn UserIdStep(number: u8, total: u8, expired: bool, actions: WizardActions) -> impl IntoView {
    let i18n = use_i18n();
    // The User ID typed on the sign-in page before "Password locked or forgotten?" comes
    // along (`/reset?user_id=…`), so the person is not asked for it twice.
    let typed = use_query_map()
        .with_untracked(|q| q.get("user_id"))
        .unwrap_or_default();
    view! {
        <StepHeader number total title=t_string!(i18n, reset.user_id.heading) />
        {expired
            .then(|| {
                view! { <p class="notice">{t_string!(i18n, reset.user_id.expired)}</p> }
            })}
        <p>{t_string!(i18n, reset.user_id.intro)}</p>
        <ActionForm action=actions.start>
            <UserIdField value=typed />
            <button type="submit" class="primary">
                {t_string!(i18n, reset.continue_button)}
            </button>
        </ActionForm>
        <p class="aside">
            <a href="/">{t_string!(i18n, reset.back_to_sign_in)}</a>
        </p>
    }
}

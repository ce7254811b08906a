use leptos::prelude::*;

use super::WizardActions;
use crate::components::navigation::query_value;
use crate::components::server_form::ServerForm;
use crate::components::step_header::StepHeader;
use crate::components::user_id_field::UserIdField;
use crate::i18n::{current_locale, td_string};

#[component]
pub fn UserIdStep(number: u8, total: u8, expired: bool, actions: WizardActions) -> impl IntoView {
    let locale = current_locale();
    // The User ID typed on the sign-in page before "Password locked or forgotten?" comes
    // along (`/reset?user_id=…`), so the person is not asked for it twice.
    let typed = query_value("user_id").unwrap_or_default();
    view! {
        <StepHeader number total title=td_string!(locale, reset.user_id.heading) />
        {expired
            .then(|| {
                view! { <p class="notice">{td_string!(locale, reset.user_id.expired)}</p> }
            })}
        <p>{td_string!(locale, reset.user_id.intro)}</p>
        <ServerForm action=actions.start>
            <UserIdField value=typed />
            <button type="submit" class="primary">
                {td_string!(locale, reset.continue_button)}
            </button>
        </ServerForm>
        <p class="aside">
            <a href="/">{td_string!(locale, reset.back_to_sign_in)}</a>
        </p>
    }
}

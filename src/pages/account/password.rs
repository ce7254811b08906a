//! "Change Password" (`/account/password`) and its result (`/account/password/changed`).

use leptos::prelude::*;

use super::{BackToAccount, CurrentPasswordField, FreshProof, SignedIn, WithFreshProof};
use crate::api::account::{ChangeAccountPassword, Reauthenticate};
use crate::components::actions::{on_success, PageActions};
use crate::components::alert::{provide_page_error, ActionAlert};
use crate::components::navigation::go_to;
use crate::components::password_rules::NewPasswordFields;
use crate::components::server_form::ServerForm;
use crate::domain::flows::account::AccountView;
use crate::i18n::{current_locale, td_string};

pub const CHANGED_PAGE: &str = "/account/password/changed";

#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let actions = PageActions::new();
    let change = actions.action::<ChangeAccountPassword>();
    let reauth = actions.action::<Reauthenticate>();
    let proof = FreshProof::new(actions, reauth);
    let error = Signal::derive(move || actions.error());
    provide_page_error(error);
    on_success(change, || go_to(CHANGED_PAGE));
    let locale = current_locale();

    view! {
        <SignedIn
            title=td_string!(locale, account.password.title)
            version=Signal::derive(move || proof.version())
            page=move |view: AccountView| {
                let policy = view.policy.clone();
                let alert_policy = Signal::derive(move || Some(policy.clone()));
                // The current password is asked for anyway: only a server that wants a fresh
                // proof first (it answered "ReauthRequired") gets "Confirm it's you".
                view! {
                    <ActionAlert error policy=alert_policy />
                    <WithFreshProof recent=true proof>
                        <ChangeForm view=view.clone() action=change />
                    </WithFreshProof>
                }
            }
        />
    }
}

#[component]
pub(crate) fn ChangeForm(
    view: AccountView,
    action: ServerAction<ChangeAccountPassword>,
) -> impl IntoView {
    let AccountView {
        user_id,
        policy,
        email_for_rules,
        ..
    } = view;
    let locale = current_locale();
    view! {
        <h1 tabindex="-1">{td_string!(locale, account.password.title)}</h1>
        <p>{td_string!(locale, account.password.intro)}</p>
        <ServerForm action>
            <CurrentPasswordField />
            <NewPasswordFields policy user_id email=email_for_rules />
            <button type="submit" class="primary">
                {td_string!(locale, account.change_password_button)}
            </button>
        </ServerForm>
        <BackToAccount />
    }
}

#[component]
pub fn PasswordChangedPage() -> impl IntoView {
    let locale = current_locale();
    view! {
        <SignedIn
            title=td_string!(locale, account.password.changed_title)
            page=|_: AccountView| view! { <PasswordChanged /> }
        />
    }
}

#[component]
pub(crate) fn PasswordChanged() -> impl IntoView {
    let locale = current_locale();
    view! {
        <h1 tabindex="-1">{td_string!(locale, account.password.changed_heading)}</h1>
        <p>{td_string!(locale, account.password.changed_intro)}</p>
        <p>
            <a class="button primary" href="/account">
                {td_string!(locale, account.back_to_account)}
            </a>
        </p>
    }
}

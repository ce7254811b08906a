//! The Profile tab, at `/account`.

use leptos::prelude::*;

use super::{AccountTabs, SignedIn};
use crate::domain::flows::account::AccountView;
use crate::i18n::{current_locale, td, td_string};

#[component]
pub fn ProfilePage() -> impl IntoView {
    let locale = current_locale();
    view! {
        <SignedIn
            title=td_string!(locale, account.your_account)
            page=|view: AccountView| view! { <Profile view /> }
        />
    }
}

#[component]
pub(crate) fn Profile(view: AccountView) -> impl IntoView {
    let AccountView {
        user_id,
        email,
        phone,
        password_changed,
        ..
    } = view;
    let locale = current_locale();
    let link = move || {
        view! { <a href="/account/authenticators">{td_string!(locale, account.tabs.authenticators)}</a> }
    };
    view! {
        <AccountTabs current="profile">
            <h2>{td_string!(locale, account.tabs.profile)}</h2>
            <dl class="details">
                <dt>{td_string!(locale, account.profile.user_id)}</dt>
                <dd>{user_id}</dd>
                <dt>{td_string!(locale, account.profile.email)}</dt>
                <dd>{email}</dd>
                <dt>{td_string!(locale, account.profile.phone)}</dt>
                <dd>
                    {phone.unwrap_or_else(|| td_string!(locale, account.profile.no_phone).into())}
                </dd>
                <dt>{td_string!(locale, account.profile.password_changed)}</dt>
                <dd>
                    {password_changed
                        .unwrap_or_else(|| td_string!(locale, account.profile.never).into())}
                </dd>
            </dl>
            <p class="aside">{td!(locale, account.profile.hint, link)}</p>
        </AccountTabs>
    }
}

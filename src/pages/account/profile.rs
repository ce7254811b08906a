//! The Profile tab, at `/account`.

use leptos::prelude::*;

use super::{AccountTabs, SignedIn};
use crate::domain::flows::account::AccountView;
use crate::i18n::{t, t_string, use_i18n};

#[component]
pub fn ProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <SignedIn
            title=t_string!(i18n, account.your_account)
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
    let i18n = use_i18n();
    let link = move || {
        view! { <a href="/account/authenticators">{t_string!(i18n, account.tabs.authenticators)}</a> }
    };
    view! {
        <AccountTabs current="profile">
            <h2>{t_string!(i18n, account.tabs.profile)}</h2>
            <dl class="details">
                <dt>{t_string!(i18n, account.profile.user_id)}</dt>
                <dd>{user_id}</dd>
                <dt>{t_string!(i18n, account.profile.email)}</dt>
                <dd>{email}</dd>
                <dt>{t_string!(i18n, account.profile.phone)}</dt>
                <dd>{phone.unwrap_or_else(|| t_string!(i18n, account.profile.no_phone).into())}</dd>
                <dt>{t_string!(i18n, account.profile.password_changed)}</dt>
                <dd>
                    {password_changed
                        .unwrap_or_else(|| t_string!(i18n, account.profile.never).into())}
                </dd>
            </dl>
            <p class="aside">{t!(i18n, account.profile.hint, link)}</p>
        </AccountTabs>
    }
}

//! The Profile tab, at `/account`.

use leptos::prelude::*;

use super::{AccountTabs, SignedIn};
use crate::domain::flows::account::AccountView;

#[component]
pub fn ProfilePage() -> impl IntoView {
    view! { <SignedIn title="Your account" page=|view: AccountView| view! { <Profile view /> } /> }
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
    view! {
        <AccountTabs current="profile">
            <h2>"Profile"</h2>
            <dl class="details">
                <dt>"User ID"</dt>
                <dd>{user_id}</dd>
                <dt>"Email address"</dt>
                <dd>{email}</dd>
                <dt>"Phone number"</dt>
                <dd>{phone.unwrap_or_else(|| "None".into())}</dd>
                <dt>"Password last changed"</dt>
                <dd>{password_changed.unwrap_or_else(|| "Never".into())}</dd>
            </dl>
            <p class="aside">
                "To change your password, phone number or email address, open "
                <a href="/account/authenticators">"Authenticators"</a> "."
            </p>
        </AccountTabs>
    }
}

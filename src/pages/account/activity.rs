//! The Activity tab, at `/account/activity`: the account's recent security events.

use leptos::prelude::*;

use super::{AccountTabs, SignedIn};
use crate::api::account::get_activity;
use crate::domain::flows::account::{AccountView, ActivityEntry};
use crate::i18n::{self, current_locale, td_string};

#[component]
pub fn ActivityPage() -> impl IntoView {
    let activity = Resource::new_serde_wb(|| (), |_| get_activity());
    let locale = current_locale();
    view! {
        <SignedIn
            title=td_string!(locale, account.tabs.activity)
            page=move |_: AccountView| {
                view! {
                    <ActivityTab>
                        <Suspense fallback=move || {
                            view! { <p class="loading">{td_string!(locale, account.loading)}</p> }
                        }>
                            {move || Suspend::new(async move {
                                match activity.await {
                                    Ok(entries) => view! { <ActivityTable entries /> }.into_any(),
                                    Err(e) => {
                                        view! {
                                            <p role="alert">
                                                {i18n::error(i18n::current_locale(), &e, None)}
                                            </p>
                                        }
                                            .into_any()
                                    }
                                }
                            })}
                        </Suspense>
                    </ActivityTab>
                }
            }
        />
    }
}

/// The tab around its table (`children`: the table, once the events have arrived).
#[component]
pub(crate) fn ActivityTab(children: Children) -> impl IntoView {
    let locale = current_locale();
    view! {
        <AccountTabs current="activity">
            <h2 id="activity-heading">{td_string!(locale, account.tabs.activity)}</h2>
            <p class="aside">{td_string!(locale, account.activity.intro)}</p>
            {children()}
        </AccountTabs>
    }
}

#[component]
pub(crate) fn ActivityTable(entries: Vec<ActivityEntry>) -> impl IntoView {
    let locale = current_locale();
    if entries.is_empty() {
        return view! { <p>{td_string!(locale, account.activity.empty)}</p> }.into_any();
    }
    let rows = entries
        .into_iter()
        .map(|entry| {
            view! {
                <tr data-event=entry.event.clone()>
                    <td>{i18n::activity_event(i18n::current_locale(), &entry.event)}</td>
                    <td>
                        <time>{entry.at}</time>
                    </td>
                    <td>{i18n::activity_client(i18n::current_locale(), &entry.client)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="data activity" aria-labelledby="activity-heading">
            <thead>
                <tr>
                    <th scope="col">{td_string!(locale, account.activity.what)}</th>
                    <th scope="col">{td_string!(locale, account.activity.when)}</th>
                    <th scope="col">{td_string!(locale, account.activity.from)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

//! The Authenticators tab, at `/account/authenticators`: one row per way of proving who one
//! is, each with its "⋮" menu of changes.

use leptos::prelude::*;

use super::{AccountTabs, SignedIn};
use crate::api::account::{Reauthenticate, RemoveAuthenticator, AUTHENTICATORS_PAGE};
use crate::components::actions::PageActions;
use crate::components::alert::{provide_page_error, ActionAlert};
use crate::components::menu::{ActionsMenu, MenuItem, OpenMenu};
use crate::components::navigation::query_value;
use crate::domain::flows::account::AccountView;
use crate::domain::AppError;
use crate::i18n::{current_locale, td_string, Locale};

#[component]
pub fn AuthenticatorsPage() -> impl IntoView {
    // Without JavaScript these answer here (their form posts come back to this page), so a
    // failure shows in the alert.
    let actions = PageActions::new();
    let _remove = actions.action::<RemoveAuthenticator>();
    let _reauth = actions.action::<Reauthenticate>();
    let error = Signal::derive(move || actions.error());
    provide_page_error(error);
    // The menu open without JavaScript (`?menu=…`); hydrated, the menus toggle it.
    let open: OpenMenu = RwSignal::new(query_value("menu"));
    let locale = current_locale();
    view! {
        <SignedIn
            title=td_string!(locale, account.tabs.authenticators)
            page=move |view: AccountView| view! { <AuthenticatorsTab view error open /> }
        />
    }
}

/// The tab itself, with the alert for its menus' changes.
#[component]
pub(crate) fn AuthenticatorsTab(
    view: AccountView,
    error: Signal<Option<AppError>>,
    open: OpenMenu,
) -> impl IntoView {
    view! {
        <AccountTabs current="authenticators">
            <ActionAlert error />
            <AuthenticatorTable view open />
        </AccountTabs>
    }
    .into_any()
}

struct Row {
    id: &'static str,
    name: &'static str,
    status: String,
    items: Vec<MenuItem>,
}

fn item(label: &'static str, href: &'static str) -> MenuItem {
    MenuItem { label, href }
}

fn rows(locale: Locale, view: &AccountView) -> Vec<Row> {
    let codes = view.recovery_codes_left;
    vec![
        Row {
            id: "password",
            name: td_string!(locale, account.authenticators.password),
            status: match &view.password_changed {
                Some(at) => td_string!(locale, account.authenticators.last_changed, at).to_string(),
                None => td_string!(locale, account.authenticators.never_changed).into(),
            },
            items: vec![item(
                td_string!(locale, account.authenticators.item.change_password),
                "/account/password",
            )],
        },
        Row {
            id: "authenticator-app",
            name: td_string!(locale, account.authenticators.authenticator_app),
            status: if view.authenticator_app {
                td_string!(locale, account.authenticators.set_up).into()
            } else {
                td_string!(locale, account.authenticators.not_set_up).into()
            },
            items: if view.authenticator_app {
                vec![
                    item(
                        td_string!(locale, account.authenticators.item.replace_app),
                        "/account/authenticator-app",
                    ),
                    item(
                        td_string!(locale, account.authenticators.item.remove_app),
                        "/account/authenticator-app/remove",
                    ),
                ]
            } else {
                vec![item(
                    td_string!(locale, account.authenticators.item.set_up_app),
                    "/account/authenticator-app",
                )]
            },
        },
        Row {
            id: "sms",
            name: td_string!(locale, account.authenticators.sms),
            status: view
                .phone
                .clone()
                .unwrap_or_else(|| td_string!(locale, account.authenticators.no_phone).into()),
            items: vec![item(
                td_string!(locale, account.authenticators.item.change_phone),
                "/account/phone",
            )],
        },
        Row {
            id: "email",
            name: td_string!(locale, account.authenticators.email),
            status: view.email.clone(),
            items: vec![item(
                td_string!(locale, account.authenticators.item.change_email),
                "/account/email",
            )],
        },
        Row {
            id: "recovery-codes",
            name: td_string!(locale, account.authenticators.recovery_codes),
            status: match codes {
                0 => td_string!(locale, account.authenticators.none_left).into(),
                1 => td_string!(locale, account.authenticators.one_left).into(),
                n => td_string!(locale, account.authenticators.n_left, n).to_string(),
            },
            items: vec![item(
                td_string!(locale, account.authenticators.item.generate_codes),
                "/account/recovery-codes",
            )],
        },
    ]
}

#[component]
fn AuthenticatorTable(view: AccountView, open: OpenMenu) -> impl IntoView {
    let locale = current_locale();
    let rows = rows(locale, &view)
        .into_iter()
        .map(|row| {
            let label =
                td_string!(locale, account.authenticators.actions_for, name = row.name).to_string();
            view! {
                <tr>
                    <th scope="row">{row.name}</th>
                    <td>{row.status}</td>
                    <td class="actions">
                        <ActionsMenu
                            id=row.id
                            label
                            page=AUTHENTICATORS_PAGE
                            open
                            items=row.items
                        />
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2 id="authenticators-heading">{td_string!(locale, account.tabs.authenticators)}</h2>
        <table class="data authenticators" aria-labelledby="authenticators-heading">
            <thead>
                <tr>
                    <th scope="col">
                        {td_string!(locale, account.authenticators.column_authenticator)}
                    </th>
                    <th scope="col">{td_string!(locale, account.authenticators.column_status)}</th>
                    <th scope="col">
                        <span class="visually-hidden">
                            {td_string!(locale, account.authenticators.column_actions)}
                        </span>
                    </th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

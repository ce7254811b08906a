//! The Authenticators tab, at `/account/authenticators`: one row per way of proving who one
//! is, each with its "⋮" menu of changes.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{AccountTabs, SignedIn};
use crate::api::account::{Reauthenticate, RemoveAuthenticator, AUTHENTICATORS_PAGE};
use crate::components::actions::PageActions;
use crate::components::alert::{provide_page_error, ActionAlert};
use crate::components::menu::{ActionsMenu, MenuItem, OpenMenu};
use crate::domain::flows::account::AccountView;
use crate::domain::AppError;

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
    let open: OpenMenu = RwSignal::new(use_query_map().with_untracked(|q| q.get("menu")));
    view! {
        <SignedIn
            title="Authenticators"
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

fn rows(view: &AccountView) -> Vec<Row> {
    let codes = view.recovery_codes_left;
    vec![
        Row {
            id: "password",
            name: "Password",
            status: match &view.password_changed {
                Some(at) => format!("Last changed {at}"),
                None => "Never changed".into(),
            },
            items: vec![item("Change Password", "/account/password")],
        },
        Row {
            id: "authenticator-app",
            name: "Authenticator app",
            status: if view.authenticator_app {
                "Set up".into()
            } else {
                "Not set up".into()
            },
            items: if view.authenticator_app {
                vec![
                    item("Replace authenticator app", "/account/authenticator-app"),
                    item(
                        "Remove authenticator app",
                        "/account/authenticator-app/remove",
                    ),
                ]
            } else {
                vec![item(
                    "Set up authenticator app",
                    "/account/authenticator-app",
                )]
            },
        },
        Row {
            id: "sms",
            name: "SMS",
            status: view
                .phone
                .clone()
                .unwrap_or_else(|| "No phone number".into()),
            items: vec![item("Change phone number", "/account/phone")],
        },
        Row {
            id: "email",
            name: "Email",
            status: view.email.clone(),
            items: vec![item("Change email address", "/account/email")],
        },
        Row {
            id: "recovery-codes",
            name: "Recovery codes",
            status: match codes {
                0 => "None left".into(),
                1 => "1 left".into(),
                n => format!("{n} left"),
            },
            items: vec![item("Generate recovery codes", "/account/recovery-codes")],
        },
    ]
}

#[component]
fn AuthenticatorTable(view: AccountView, open: OpenMenu) -> impl IntoView {
    let rows = rows(&view)
        .into_iter()
        .map(|row| {
            view! {
                <tr>
                    <th scope="row">{row.name}</th>
                    <td>{row.status}</td>
                    <td class="actions">
                        <ActionsMenu
                            id=row.id
                            label=format!("Actions for {}", row.name)
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
        <h2 id="authenticators-heading">"Authenticators"</h2>
        <table class="data authenticators" aria-labelledby="authenticators-heading">
            <thead>
                <tr>
                    <th scope="col">"Authenticator"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">
                        <span class="visually-hidden">"Actions"</span>
                    </th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

//! "Set up authenticator app" / "Replace authenticator app" (`/account/authenticator-app`)
//! and "Remove authenticator app" (`/account/authenticator-app/remove`).

use leptos::prelude::*;

use super::{BackToAccount, FreshProof, SignedIn, WithFreshProof};
use crate::api::account::*;
use crate::components::actions::{on_success, PageActions};
use crate::components::alert::{provide_page_error, ActionAlert};
use crate::components::code_field::CodeField;
use crate::components::focus::refocus_when_lost;
use crate::components::navigation::go_to;
use crate::components::server_form::ServerForm;
use crate::domain::flows::account::{AccountView, AuthenticatorSetup};
use crate::domain::Field;
use crate::i18n::{self, current_locale, td_string};

#[component]
pub fn AuthenticatorAppPage() -> impl IntoView {
    let actions = PageActions::new();
    let reauth = actions.action::<Reauthenticate>();
    let begin = actions.action::<BeginAuthenticatorSetup>();
    let confirm = actions.action::<ConfirmAuthenticator>();
    let proof = FreshProof::new(actions, reauth);
    let setup = Resource::new_serde_wb(move || actions.version(), |_| get_authenticator_setup());
    let error = Signal::derive(move || actions.error());
    provide_page_error(error);
    on_success(confirm, || go_to(AUTHENTICATORS_PAGE));
    refocus_when_lost(move || setup.track());
    let locale = current_locale();

    view! {
        <SignedIn
            title=td_string!(locale, account.authenticator_app.title)
            version=Signal::derive(move || proof.version())
            page=move |view: AccountView| {
                let title = if view.authenticator_app {
                    td_string!(locale, account.authenticator_app.replace)
                } else {
                    td_string!(locale, account.authenticator_app.set_up)
                };
                let recent = view.recently_authenticated;
                view! {
                    <ActionAlert error />
                    <Suspense fallback=move || {
                        view! { <p class="loading">{td_string!(locale, account.loading)}</p> }
                    }>
                        {move || Suspend::new(async move {
                            match setup.await {
                                Ok(Some(setup)) => {
                                    // Confirming a pending setup needs no fresh proof: starting
                                    // one did.
                                    view! { <Pending title setup action=confirm /> }
                                        .into_any()
                                }
                                Ok(None) => {
                                    view! {
                                        <WithFreshProof recent proof>
                                            <Begin title action=begin />
                                        </WithFreshProof>
                                    }
                                        .into_any()
                                }
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
                }
            }
        />
    }
}

#[component]
pub(crate) fn Begin(
    title: &'static str,
    action: ServerAction<BeginAuthenticatorSetup>,
) -> impl IntoView {
    let locale = current_locale();
    let replacing = title == td_string!(locale, account.authenticator_app.replace);
    view! {
        <h1 tabindex="-1">{title}</h1>
        <p>
            {td_string!(locale, account.authenticator_app.intro)}
            {replacing.then_some(td_string!(locale, account.authenticator_app.replacing))}
        </p>
        <ServerForm action>
            <button type="submit" class="primary">
                {title}
            </button>
        </ServerForm>
        <BackToAccount />
    }
}

#[component]
pub(crate) fn Pending(
    title: &'static str,
    setup: AuthenticatorSetup,
    action: ServerAction<ConfirmAuthenticator>,
) -> impl IntoView {
    let AuthenticatorSetup {
        qr_svg,
        secret,
        otpauth_uri,
        ..
    } = setup;
    let locale = current_locale();
    view! {
        <h1 tabindex="-1">{title}</h1>
        <ol class="setup-steps">
            <li>
                <p>{td_string!(locale, account.authenticator_app.scan)}</p>
                <div
                    class="qr"
                    role="img"
                    aria-label=td_string!(locale, account.authenticator_app.qr_label)
                    inner_html=qr_svg
                ></div>
                <p>{td_string!(locale, account.authenticator_app.by_hand)}</p>
                <p>
                    <code class="secret" id="totp-secret">
                        {secret}
                    </code>
                </p>
                <details class="uri">
                    <summary>{td_string!(locale, account.authenticator_app.show_link)}</summary>
                    <p>
                        <code class="uri" id="totp-uri">
                            {otpauth_uri}
                        </code>
                    </p>
                </details>
            </li>
            <li>
                <p>{td_string!(locale, account.authenticator_app.enter_code)}</p>
                <ServerForm action>
                    <CodeField
                        name="code"
                        field=Field::Code
                        label=td_string!(locale, account.authenticator_app.code_label)
                    />
                    <button type="submit" class="primary">
                        {td_string!(locale, account.continue_button)}
                    </button>
                </ServerForm>
            </li>
        </ol>
        <BackToAccount />
    }
}

#[component]
pub fn RemoveAuthenticatorPage() -> impl IntoView {
    let actions = PageActions::new();
    let reauth = actions.action::<Reauthenticate>();
    let remove = actions.action::<RemoveAuthenticator>();
    let proof = FreshProof::new(actions, reauth);
    let error = Signal::derive(move || actions.error());
    provide_page_error(error);
    on_success(remove, || go_to(AUTHENTICATORS_PAGE));
    let locale = current_locale();

    view! {
        <SignedIn
            title=td_string!(locale, account.authenticator_app.remove)
            version=Signal::derive(move || proof.version())
            page=move |view: AccountView| {
                let has_app = view.authenticator_app;
                view! {
                    <ActionAlert error />
                    <WithFreshProof recent=view.recently_authenticated proof>
                        <RemoveForm has_app action=remove />
                    </WithFreshProof>
                }
            }
        />
    }
}

/// "Remove authenticator app", once a fresh proof is given.
#[component]
pub(crate) fn RemoveForm(
    has_app: bool,
    action: ServerAction<RemoveAuthenticator>,
) -> impl IntoView {
    let locale = current_locale();
    view! {
        <h1 tabindex="-1">{td_string!(locale, account.authenticator_app.remove)}</h1>
        {if has_app {
            view! {
                <p>{td_string!(locale, account.authenticator_app.remove_intro)}</p>
                <ServerForm action>
                    <button type="submit" class="danger">
                        {td_string!(locale, account.authenticator_app.remove)}
                    </button>
                </ServerForm>
            }
                .into_any()
        } else {
            view! { <p>{td_string!(locale, account.authenticator_app.no_app)}</p> }.into_any()
        }}
        <BackToAccount />
    }
}

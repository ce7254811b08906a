//! "Set up authenticator app" / "Replace authenticator app" (`/account/authenticator-app`)
//! and "Remove authenticator app" (`/account/authenticator-app/remove`).

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use super::{BackToAccount, FreshProof, SignedIn, WithFreshProof};
use crate::api::account::*;
use crate::components::actions::{on_success, PageActions};
use crate::components::alert::{provide_page_error, ActionAlert};
use crate::components::code_field::CodeField;
use crate::components::focus::refocus_when_lost;
use crate::domain::flows::account::{AccountView, AuthenticatorSetup};
use crate::domain::Field;
use crate::i18n;

#[component]
pub fn AuthenticatorAppPage() -> impl IntoView {
    let actions = PageActions::new();
    let reauth = actions.action::<Reauthenticate>();
    let begin = actions.action::<BeginAuthenticatorSetup>();
    let confirm = actions.action::<ConfirmAuthenticator>();
    let proof = FreshProof::new(actions, reauth);
    let setup = Resource::new(move || actions.version(), |_| get_authenticator_setup());
    let error = Signal::derive(move || actions.error());
    provide_page_error(error);
    let navigate = use_navigate();
    on_success(confirm, move || {
        navigate(AUTHENTICATORS_PAGE, NavigateOptions::default())
    });
    refocus_when_lost(move || setup.track());

    view! {
        <SignedIn
            title="Authenticator app"
            version=Signal::derive(move || proof.version())
            page=move |view: AccountView| {
                let title = if view.authenticator_app {
                    "Replace authenticator app"
                } else {
                    "Set up authenticator app"
                };
                let recent = view.recently_authenticated;
                view! {
                    <ActionAlert error />
                    <Suspense fallback=|| {
                        view! { <p class="loading">"Loading…"</p> }
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
                                    view! { <p role="alert">{i18n::error(i18n::current_locale(), &e, None)}</p> }.into_any()
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
    let replacing = title.starts_with("Replace");
    view! {
        <h1 tabindex="-1">{title}</h1>
        <p>
            "An authenticator app on your phone shows a new 6-digit code every 30 seconds, for signing in and for resetting your password. "
            {replacing
                .then_some(
                    "The app you use now keeps working until the new one is confirmed with a code.",
                )}
        </p>
        <ActionForm action>
            <button type="submit" class="primary">
                {title}
            </button>
        </ActionForm>
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
    view! {
        <h1 tabindex="-1">{title}</h1>
        <ol class="setup-steps">
            <li>
                <p>"Scan this QR code with your authenticator app:"</p>
                <div
                    class="qr"
                    role="img"
                    aria-label="QR code to add Keyturn to your authenticator app"
                    inner_html=qr_svg
                ></div>
                <p>"Can't scan it? Add an account in the app by hand, with this secret key:"</p>
                <p>
                    <code class="secret" id="totp-secret">
                        {secret}
                    </code>
                </p>
                <details class="uri">
                    <summary>"Show the setup link"</summary>
                    <p>
                        <code class="uri" id="totp-uri">
                            {otpauth_uri}
                        </code>
                    </p>
                </details>
            </li>
            <li>
                <p>"Then enter the 6-digit code the app shows, to confirm it works."</p>
                <ActionForm action>
                    <CodeField name="code" field=Field::Code label="Authenticator code" />
                    <button type="submit" class="primary">
                        "Continue"
                    </button>
                </ActionForm>
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
    let navigate = use_navigate();
    on_success(remove, move || {
        navigate(AUTHENTICATORS_PAGE, NavigateOptions::default())
    });

    view! {
        <SignedIn
            title="Remove authenticator app"
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
    view! {
        <h1 tabindex="-1">"Remove authenticator app"</h1>
        {if has_app {
            view! {
                <p>
                    "After this, signing in and resetting your password use one-time PINs sent by SMS or email (or a recovery code) instead of the app's codes."
                </p>
                <ActionForm action>
                    <button type="submit" class="danger">
                        "Remove authenticator app"
                    </button>
                </ActionForm>
            }
                .into_any()
        } else {
            view! { <p>"There is no authenticator app set up for your account."</p> }.into_any()
        }}
        <BackToAccount />
    }
}

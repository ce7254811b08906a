//! The HTML shell, the server's router (which page, and so which island, a path draws) and
//! the page layout.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, Meta, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

use crate::components::language_switch::LanguageSwitch;
use crate::components::page_title::site_title;
use crate::i18n::{current_locale, td_string, LanguageProvider};
use crate::pages::islands::{
    AccountIsland, AccountPages, EmailResetIsland, EmailResetPages, GalleryIsland, OutboxIsland,
    ResetIsland, SecondFactorIsland, SignInIsland,
};
use crate::pages::not_found::NotFound;

/// The document around the app, rendered on the server only. (Its Content-Security-Policy,
/// naming the nonce Leptos gives this response's inline scripts, is set by `http`.)
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                <HydrationScripts options islands=true />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The app in the language of the request: the language cookie, else `Accept-Language`, else
/// English. `<html lang>` follows it.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();

    view! {
        <LanguageProvider>
            <Site />
        </LanguageProvider>
    }
}

#[component]
fn Site() -> impl IntoView {
    let locale = current_locale();

    view! {
        <Stylesheet id="leptos" href="/pkg/keyturn.css" />
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg" />
        <Meta name="color-scheme" content="light dark" />
        <Title formatter=site_title />
        <Router>
            <a class="skip-link" href="#main">
                {td_string!(locale, common.skip_to_content)}
            </a>
            <header class="site-header">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true"></span>
                    "Keyturn"
                </a>
            </header>
            <main id="main" class="site-main">
                <Routes fallback=NotFound>
                    // Async: the whole page is rendered before it is sent, so it is complete
                    // without JavaScript (streamed Suspense content needs a script to appear).
                    <Route path=path!("/") view=SignInIsland ssr=SsrMode::Async />
                    <Route path=path!("/reset") view=ResetIsland ssr=SsrMode::Async />
                    <Route path=path!("/signin") view=SecondFactorIsland ssr=SsrMode::Async />
                    <Route
                        path=path!("/account")
                        view=|| view! { <AccountIsland page=AccountPages::ProfilePage /> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/account/authenticators")
                        view=|| view! { <AccountIsland page=AccountPages::AuthenticatorsPage /> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/account/activity")
                        view=|| view! { <AccountIsland page=AccountPages::ActivityPage /> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/account/password")
                        view=|| view! { <AccountIsland page=AccountPages::ChangePasswordPage /> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/account/password/changed")
                        view=|| view! { <AccountIsland page=AccountPages::PasswordChangedPage /> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/account/authenticator-app")
                        view=|| view! { <AccountIsland page=AccountPages::AuthenticatorAppPage /> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/account/authenticator-app/remove")
                        view=|| {
                            view! { <AccountIsland page=AccountPages::RemoveAuthenticatorPage /> }
                        }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/account/phone")
                        view=|| view! { <AccountIsland page=AccountPages::PhonePage /> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/account/email")
                        view=|| view! { <AccountIsland page=AccountPages::EmailPage /> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/account/recovery-codes")
                        view=|| view! { <AccountIsland page=AccountPages::RecoveryCodesPage /> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/email-reset")
                        view=|| view! { <EmailResetIsland page=EmailResetPages::EmailResetPage /> }
                    />
                    <Route
                        path=path!("/email-reset/sent")
                        view=|| {
                            view! { <EmailResetIsland page=EmailResetPages::EmailResetSentPage /> }
                        }
                    />
                    <Route
                        path=path!("/email-reset/link")
                        view=|| view! { <EmailResetIsland page=EmailResetPages::ResetLinkPage /> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/email-reset/done")
                        view=|| {
                            view! {
                                <EmailResetIsland page=EmailResetPages::TemporaryPasswordSentPage />
                            }
                        }
                    />
                    <Route path=path!("/dev/outbox") view=OutboxIsland ssr=SsrMode::Async />
                    // Dev mode only: the server answers 404 for it otherwise (`http`).
                    <Route path=path!("/design") view=GalleryIsland ssr=SsrMode::Async />
                </Routes>
            </main>
            <footer class="site-footer">
                <p>{td_string!(locale, common.footer)}</p>
                <LanguageSwitch />
            </footer>
        </Router>
    }
}

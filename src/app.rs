//! The HTML shell, the router and the page layout.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, Meta, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

use crate::pages::account::{
    ActivityPage, AuthenticatorAppPage, AuthenticatorsPage, ChangePasswordPage, EmailPage,
    PasswordChangedPage, PhonePage, ProfilePage, RecoveryCodesPage, RemoveAuthenticatorPage,
};
use crate::pages::email_reset::{
    EmailResetPage, EmailResetSentPage, ResetLinkPage, TemporaryPasswordSentPage,
};
use crate::pages::{
    dev::gallery::GalleryPage,
    dev::outbox::OutboxPage,
    not_found::NotFound,
    reset::ResetPage,
    signin::{SecondFactorPage, SignInPage},
};

/// The document around the app, rendered on the server only. (Its Content-Security-Policy,
/// naming the nonce Leptos gives this response's inline scripts, is set by `http`.)
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();

    // Marks the document once the WASM client has taken over, so tests (and styles) can tell
    // a hydrated page from a plain server-rendered one. Effects run only in the browser.
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Stylesheet id="leptos" href="/pkg/keyturn.css" />
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg" />
        <Meta name="color-scheme" content="light dark" />
        <Title formatter=|page: String| format!("{page} · Keyturn") />
        <Router>
            // `target="_self"` leaves the link to the browser: the router would take the click
            // and only scroll, and the next Tab would then start from the header again instead
            // of from the content.
            <a class="skip-link" href="#main" target="_self">
                "Skip to content"
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
                    <Route path=path!("/") view=SignInPage ssr=SsrMode::Async />
                    <Route path=path!("/reset") view=ResetPage ssr=SsrMode::Async />
                    <Route path=path!("/signin") view=SecondFactorPage ssr=SsrMode::Async />
                    <Route path=path!("/account") view=ProfilePage ssr=SsrMode::Async />
                    <Route
                        path=path!("/account/authenticators")
                        view=AuthenticatorsPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/account/activity") view=ActivityPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/account/password")
                        view=ChangePasswordPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/account/password/changed")
                        view=PasswordChangedPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/account/authenticator-app")
                        view=AuthenticatorAppPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/account/authenticator-app/remove")
                        view=RemoveAuthenticatorPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/account/phone") view=PhonePage ssr=SsrMode::Async />
                    <Route path=path!("/account/email") view=EmailPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/account/recovery-codes")
                        view=RecoveryCodesPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/email-reset") view=EmailResetPage />
                    <Route path=path!("/email-reset/sent") view=EmailResetSentPage />
                    <Route path=path!("/email-reset/link") view=ResetLinkPage ssr=SsrMode::Async />
                    <Route path=path!("/email-reset/done") view=TemporaryPasswordSentPage />
                    <Route path=path!("/dev/outbox") view=OutboxPage ssr=SsrMode::Async />
                    // Dev mode only: the server answers 404 for it otherwise (`http`).
                    <Route path=path!("/design") view=GalleryPage ssr=SsrMode::Async />
                </Routes>
            </main>
            <footer class="site-footer">
                <p>"Keyturn self-service password portal"</p>
            </footer>
        </Router>
    }
}

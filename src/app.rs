//! The HTML shell, the router and the page layout.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, Meta, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, Lazy, LazyRoute, SsrMode};

use crate::components::language_switch::LanguageSwitch;
use crate::i18n::{current_locale, td_string, LanguageProvider};
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

/// Declares one piece of the client for a flow's pages, loaded the first time one of them is
/// shown, and a route type for each page whose view comes from that piece. One piece per flow
/// rather than per page: a split point of its own for every page cut the shared code into a
/// hundred and fifty small files, and a first visit to the wizard fetched sixty of them, which
/// on a slow connection cost more in round trips than the bytes saved. On the server the view
/// renders as usual, and the page links the piece it needs, so that the browser fetches it
/// beside the main client. `$preload` must name the loader that `#[lazy]` writes beside the
/// piece's function (`__preload_` and the function's name), which a macro cannot spell itself.
macro_rules! lazy_flow {
    ($piece:ident, $preload:ident, $views:ident { $($route:ident => $page:ident,)* }) => {
        /// The pages of this piece of the client.
        #[derive(Clone, Copy)]
        #[allow(clippy::enum_variant_names)]
        enum $views {
            $($page,)*
        }

        /// The piece itself: the views of the flow's pages.
        #[leptos::lazy]
        fn $piece(page: $views) -> AnyView {
            match page {
                $($views::$page => view! { <$page /> }.into_any(),)*
            }
        }

        $(
            struct $route;

            impl $route {
                /// The route's view, from its flow's piece of the client.
                fn lazy() -> Lazy<Self> {
                    Lazy::new()
                }
            }

            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                async fn view(_this: Self) -> AnyView {
                    $piece($views::$page).await
                }

                async fn preload() {
                    #[cfg(target_arch = "wasm32")]
                    $preload().await;
                }
            }
        )*
    };
}

lazy_flow!(reset_views, __preload_reset_views, ResetViews {
    ResetRoute => ResetPage,
});

lazy_flow!(second_factor_views, __preload_second_factor_views, SecondFactorViews {
    SecondFactorRoute => SecondFactorPage,
});

lazy_flow!(account_views, __preload_account_views, AccountViews {
    ProfileRoute => ProfilePage,
    AuthenticatorsRoute => AuthenticatorsPage,
    ActivityRoute => ActivityPage,
    ChangePasswordRoute => ChangePasswordPage,
    PasswordChangedRoute => PasswordChangedPage,
    AuthenticatorAppRoute => AuthenticatorAppPage,
    RemoveAuthenticatorRoute => RemoveAuthenticatorPage,
    PhoneRoute => PhonePage,
    EmailRoute => EmailPage,
    RecoveryCodesRoute => RecoveryCodesPage,
});

lazy_flow!(email_reset_views, __preload_email_reset_views, EmailResetViews {
    EmailResetRoute => EmailResetPage,
    EmailResetSentRoute => EmailResetSentPage,
    ResetLinkRoute => ResetLinkPage,
    TemporaryPasswordSentRoute => TemporaryPasswordSentPage,
});

// Dev mode only, each its own piece: the gallery draws every page, the outbox is small.
lazy_flow!(outbox_views, __preload_outbox_views, OutboxViews {
    OutboxRoute => OutboxPage,
});

lazy_flow!(gallery_views, __preload_gallery_views, GalleryViews {
    GalleryRoute => GalleryPage,
});

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
                <HydrationScripts options />
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
        <Title formatter=|page: String| format!("{page} · Keyturn") />
        <Router>
            // `target="_self"` leaves the link to the browser: the router would take the click
            // and only scroll, and the next Tab would then start from the header again instead
            // of from the content.
            <a class="skip-link" href="#main" target="_self">
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
                    <Route path=path!("/") view=SignInPage ssr=SsrMode::Async />
                    <Route path=path!("/reset") view=ResetRoute::lazy() ssr=SsrMode::Async />
                    <Route
                        path=path!("/signin")
                        view=SecondFactorRoute::lazy()
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/account") view=ProfileRoute::lazy() ssr=SsrMode::Async />
                    <Route
                        path=path!("/account/authenticators")
                        view=AuthenticatorsRoute::lazy()
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/account/activity")
                        view=ActivityRoute::lazy()
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/account/password")
                        view=ChangePasswordRoute::lazy()
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/account/password/changed")
                        view=PasswordChangedRoute::lazy()
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/account/authenticator-app")
                        view=AuthenticatorAppRoute::lazy()
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/account/authenticator-app/remove")
                        view=RemoveAuthenticatorRoute::lazy()
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/account/phone")
                        view=PhoneRoute::lazy()
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/account/email")
                        view=EmailRoute::lazy()
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/account/recovery-codes")
                        view=RecoveryCodesRoute::lazy()
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/email-reset") view=EmailResetRoute::lazy() />
                    <Route path=path!("/email-reset/sent") view=EmailResetSentRoute::lazy() />
                    <Route
                        path=path!("/email-reset/link")
                        view=ResetLinkRoute::lazy()
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/email-reset/done")
                        view=TemporaryPasswordSentRoute::lazy()
                    />
                    <Route path=path!("/dev/outbox") view=OutboxRoute::lazy() ssr=SsrMode::Async />
                    // Dev mode only: the server answers 404 for it otherwise (`http`).
                    <Route path=path!("/design") view=GalleryRoute::lazy() ssr=SsrMode::Async />
                </Routes>
            </main>
            <footer class="site-footer">
                <p>{td_string!(locale, common.footer)}</p>
                <LanguageSwitch />
            </footer>
        </Router>
    }
}

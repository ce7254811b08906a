//! The pages' islands. The server draws every page; in the browser only a page's island
//! hydrates (Leptos's islands mode), with no router and none of the other pages' views, so the
//! sign-in page's first download is the sign-in page and what it shares. Each page is one
//! island, so everything in it behaves as it does hydrated; moving to another page loads it
//! (`components::navigation`).
//!
//! The sign-in page's island is in the main client. Every other page's island is lazy
//! (`#[island(lazy)]`): a piece of the client of its own, fetched when a page with it is shown,
//! so the estimator and each flow's views arrive only where they are used.

// `#[island]` writes a props type for each island, with no `Debug`.
#![allow(missing_debug_implementations)]

use leptos::prelude::*;

use crate::pages::account::{
    ActivityPage, AuthenticatorAppPage, AuthenticatorsPage, ChangePasswordPage, EmailPage,
    PasswordChangedPage, PhonePage, ProfilePage, RecoveryCodesPage, RemoveAuthenticatorPage,
};
use crate::pages::dev::{gallery::GalleryPage, outbox::OutboxPage};
use crate::pages::email_reset::{
    EmailResetPage, EmailResetSentPage, ResetLinkPage, TemporaryPasswordSentPage,
};
use crate::pages::reset::ResetPage;
use crate::pages::signin::{SecondFactorPage, SignInPage};

/// What every island does as it starts. The server's contexts are not there in the browser, so
/// the page's language is provided again; once the island has hydrated, the focus goes where
/// the page before asked (`components::navigation`), and the document is marked
/// `data-hydrated`: only now do its buttons and fields answer, so tests (and styles) can tell a
/// hydrated page from a plain server-rendered one.
fn island_start() {
    #[cfg(feature = "hydrate")]
    {
        crate::i18n::provide_document_language();
        Effect::new(|_| {
            crate::components::navigation::take_focus_request();
            crate::mark_hydrated();
        });
    }
}

#[island]
pub fn SignInIsland() -> impl IntoView {
    island_start();
    view! { <SignInPage /> }
}

/// A lazy island with no props for a flow of one page.
macro_rules! page_island {
    ($island:ident => $page:ident) => {
        #[island(lazy)]
        pub fn $island() -> impl IntoView {
            island_start();
            view! { <$page /> }
        }
    };
}

/// One lazy island for the pages of a flow, told which page it is (`page`, written into the
/// page by the server). One piece of the client per flow rather than per page: a piece of
/// its own for every page cut the shared code into a hundred and fifty small files, and a
/// first visit to the wizard fetched sixty of them, which on a slow connection cost more in
/// round trips than the bytes saved.
macro_rules! flow_island {
    ($island:ident, $pages:ident { $($page:ident,)* }) => {
        /// The pages of this flow's island.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[allow(clippy::enum_variant_names)]
        pub enum $pages {
            $($page,)*
        }

        #[island(lazy)]
        pub fn $island(page: $pages) -> impl IntoView {
            island_start();
            match page {
                $($pages::$page => view! { <$page /> }.into_any(),)*
            }
        }
    };
}

page_island!(ResetIsland => ResetPage);
page_island!(SecondFactorIsland => SecondFactorPage);

flow_island!(
    AccountIsland,
    AccountPages {
        ProfilePage,
        AuthenticatorsPage,
        ActivityPage,
        ChangePasswordPage,
        PasswordChangedPage,
        AuthenticatorAppPage,
        RemoveAuthenticatorPage,
        PhonePage,
        EmailPage,
        RecoveryCodesPage,
    }
);

flow_island!(
    EmailResetIsland,
    EmailResetPages {
        EmailResetPage,
        EmailResetSentPage,
        ResetLinkPage,
        TemporaryPasswordSentPage,
    }
);

// Dev mode only, each its own piece: the gallery draws every page, the outbox is small.
page_island!(OutboxIsland => OutboxPage);
page_island!(GalleryIsland => GalleryPage);

//! The pages' islands. The server draws every page; in the browser only a page's island
//! hydrates (Leptos's islands mode), with no router and none of the other pages' views, so the
//! sign-in page's first download is the sign-in page and what it shares. Each page is one
//! island, so everything in it behaves as it does hydrated; moving to another page loads it
//! (`components::navigation`).
//!
//! The sign-in page's island is in the main client. Every other page's island is lazy
//! (`#[island(lazy)]`): a piece of the client of its own, fetched when a page with it is shown,
//! so the estimator and each flow's views arrive only where they are used.

// `#[island]` writes a props type for each island, with no `Debug`, and a hydrate function
// that keeps the island's view alive for the page's life with `mem::forget`.
#![allow(missing_debug_implementations, clippy::mem_forget)]

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
/// what the page needs of them is provided again: its language, and the error a form posted
/// without JavaScript carried back in the address (`__path`, `__err`), which the server's
/// router provides to the page's actions and no router does in the browser. Once the island
/// has hydrated, the focus goes where the page before asked (`components::navigation`), and
/// the document is marked `data-hydrated`: only now do its buttons and fields answer, so tests
/// (and styles) can tell a hydrated page from a plain server-rendered one.
fn island_start() {
    #[cfg(feature = "hydrate")]
    {
        use crate::components::navigation::query_value;

        crate::i18n::provide_document_language();
        if let (Some(path), Some(error)) = (query_value("__path"), query_value("__err")) {
            provide_context(leptos::server::ServerActionError::new(&path, &error));
        }
        Effect::new(|_| {
            crate::components::navigation::take_focus_request();
            mark_hydrated();
        });
    }
}

/// Marks the document hydrated (`<html data-hydrated>`): its buttons and fields answer now.
#[cfg(feature = "hydrate")]
pub fn mark_hydrated() {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}

#[island]
pub fn SignInIsland() -> impl IntoView {
    island_start();
    view! { <SignInPage /> }
}

/// On the server, for a lazy island: links its piece of the client into the page's head
/// (`<link rel="preload">`, as Leptos does for a lazy route), so the browser fetches the piece
/// beside the main client instead of after it. The piece is the one the client build named
/// after the island's loader (`reset_island_loader_<hash>` for `ResetIsland`) in its manifest.
fn preload_piece(island: &'static str) {
    #[cfg(feature = "ssr")]
    {
        use std::sync::OnceLock;

        use leptos::reactive::traits::ReadValue;

        /// The manifest's pieces, named for the whole life of the server (Leptos's preload list
        /// takes `'static` names; the manifest is the build's and never changes).
        static PIECES: OnceLock<Vec<&'static str>> = OnceLock::new();
        let Some(manifest) = use_context::<leptos::WasmSplitManifest>() else {
            return; // a client that is not split
        };
        let pieces = PIECES.get_or_init(|| {
            manifest
                .0
                .read_value()
                .1
                .keys()
                .map(|name| &*Box::leak(name.clone().into_boxed_str()))
                .collect()
        });
        let loader = format!("{}_loader_", snake_case(island));
        if let Some(piece) = pieces.iter().find(|name| name.starts_with(&loader)) {
            leptos::prefetch_lazy_fn_on_server(piece);
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = island;
}

/// `ResetIsland` → `reset_island`, as Leptos names a lazy function's piece.
#[cfg(feature = "ssr")]
fn snake_case(name: &str) -> String {
    let mut snake = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            snake.push('_');
        }
        snake.push(c.to_ascii_lowercase());
    }
    snake
}

/// A lazy island with no props for a flow of one page.
macro_rules! page_island {
    ($island:ident => $page:ident) => {
        #[island(lazy)]
        pub fn $island() -> impl IntoView {
            preload_piece(stringify!($island));
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
            preload_piece(stringify!($island));
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

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::snake_case;

    #[test]
    fn an_island_is_named_as_its_piece_of_the_client() {
        assert_eq!(snake_case("ResetIsland"), "reset_island");
        assert_eq!(snake_case("SecondFactorIsland"), "second_factor_island");
        assert_eq!(snake_case("EmailResetIsland"), "email_reset_island");
    }
}

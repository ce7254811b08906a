//! The page the emailed link opens, "Get a temporary password" (`/email-reset/link?token=…`),
//! and the page after its "Continue" (`/email-reset/done`). Opening the link changes nothing;
//! only "Continue" (a POST) uses it, and then the browser moves on to a plain address, so the
//! token leaves the address bar (and, hydrated, the history too).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::email_reset::{get_reset_link, RedeemResetLink, DONE_PAGE, REQUEST_PAGE};
use crate::components::actions::on_success;
use crate::components::alert::{provide_page_error, ActionAlert};
use crate::components::focus::focus_heading_after_navigation;
use crate::domain::flows::email_reset::ResetLinkView;
use crate::domain::Secret;
use crate::i18n;

#[component]
pub fn ResetLinkPage() -> impl IntoView {
    let redeem = ServerAction::<RedeemResetLink>::new();
    let error = Signal::derive(move || redeem.value().get().and_then(|r| r.err()));
    provide_page_error(error);
    let token = use_query_map()
        .with_untracked(|q| q.get("token"))
        .unwrap_or_default();
    let link = {
        let token = token.clone();
        // Asked again after a failed "Continue" (a spent link then says so); not after a
        // successful one, which moves on to the next page.
        Resource::new(
            move || redeem.value().get().and_then(|r| r.err()),
            move |_| get_reset_link(Secret::new(token.clone())),
        )
    };
    let navigate = use_navigate();
    on_success(redeem, move || {
        navigate(
            DONE_PAGE,
            NavigateOptions {
                replace: true,
                ..NavigateOptions::default()
            },
        )
    });

    view! {
        <Title text="Get a temporary password" />
        <section class="card">
            <ActionAlert error />
            <Transition fallback=|| {
                view! { <p class="loading">"Loading…"</p> }
            }>
                {move || {
                    let token = token.clone();
                    Suspend::new(async move {
                        match link.await {
                            Ok(ResetLinkView::Live) => {
                                view! { <LiveLink token redeem /> }.into_any()
                            }
                            Ok(ResetLinkView::Gone) => view! { <GoneLink /> }.into_any(),
                            Err(e) => {
                                view! { <p role="alert">{i18n::error(i18n::current_locale(), &e, None)}</p> }.into_any()
                            }
                        }
                    })
                }}
            </Transition>
        </section>
    }
}

#[component]
pub(crate) fn LiveLink(token: String, redeem: ServerAction<RedeemResetLink>) -> impl IntoView {
    view! {
        <h1 tabindex="-1">"Get a temporary password"</h1>
        <p>
            "Press Continue and we will email you a temporary password. Sign in with it, and you will choose a new password right away. Until then your old password keeps working."
        </p>
        <ActionForm action=redeem>
            <input type="hidden" name="token" value=token />
            <button type="submit" class="primary">
                "Continue"
            </button>
        </ActionForm>
        <p class="aside">
            <a href="/">"Back to sign in"</a>
        </p>
    }
}

#[component]
pub(crate) fn GoneLink() -> impl IntoView {
    view! {
        <h1 tabindex="-1">"This link can no longer be used"</h1>
        <p>
            "It has expired, has already been used, or a newer link has replaced it. Ask for a new link, and use the newest email."
        </p>
        <p>
            <a class="button primary" href=REQUEST_PAGE>
                "Ask for a new link"
            </a>
        </p>
        <p class="aside">
            <a href="/">"Back to sign in"</a>
        </p>
    }
}

#[component]
pub fn TemporaryPasswordSentPage() -> impl IntoView {
    // Reached after "Continue": the button that had focus is gone.
    focus_heading_after_navigation();
    view! {
        <Title text="Check your email" />
        <section class="card">
            <h1 tabindex="-1">"Check your email"</h1>
            <p>
                "We have sent you a temporary password. Sign in with it: you will confirm it is you with your second factor, then choose a new password."
            </p>
            <p>
                <a class="button primary" href="/">
                    "Sign in"
                </a>
            </p>
        </section>
    }
}

//! The page the emailed link opens, "Get a temporary password" (`/email-reset/link?token=…`),
//! and the page after its "Continue" (`/email-reset/done`). Opening the link changes nothing;
//! only "Continue" (a POST) uses it, and then the browser moves on to a plain address, so the
//! token leaves the address bar (and, hydrated, the history too).

use leptos::prelude::*;

use crate::api::email_reset::{get_reset_link, RedeemResetLink, DONE_PAGE, REQUEST_PAGE};
use crate::components::actions::on_success;
use crate::components::alert::{provide_page_error, ActionAlert};
use crate::components::navigation::{query_value, replace_with};
use crate::components::page_title::PageTitle;
use crate::components::server_form::ServerForm;
use crate::domain::flows::email_reset::ResetLinkView;
use crate::domain::Secret;
use crate::i18n::{self, current_locale, td_string};

#[component]
pub fn ResetLinkPage() -> impl IntoView {
    let locale = current_locale();
    let redeem = ServerAction::<RedeemResetLink>::new();
    let error = Signal::derive(move || redeem.value().get().and_then(|r| r.err()));
    provide_page_error(error);
    let token = query_value("token").unwrap_or_default();
    let link = {
        let token = token.clone();
        // Asked again after a failed "Continue" (a spent link then says so); not after a
        // successful one, which moves on to the next page.
        Resource::new_serde_wb(
            move || redeem.value().get().and_then(|r| r.err()),
            move |_| get_reset_link(Secret::new(token.clone())),
        )
    };
    on_success(redeem, || replace_with(DONE_PAGE));

    view! {
        <PageTitle text=td_string!(locale, email_reset.link.title) />
        <section class="card">
            <ActionAlert error />
            <Transition fallback=move || {
                view! { <p class="loading">{td_string!(locale, email_reset.loading)}</p> }
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
                                view! {
                                    <p role="alert">
                                        {i18n::error(i18n::current_locale(), &e, None)}
                                    </p>
                                }
                                    .into_any()
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
    let locale = current_locale();
    view! {
        <h1 tabindex="-1">{td_string!(locale, email_reset.link.heading)}</h1>
        <p>{td_string!(locale, email_reset.link.live_text)}</p>
        <ServerForm action=redeem>
            <input type="hidden" name="token" value=token />
            <button type="submit" class="primary">
                {td_string!(locale, email_reset.continue_button)}
            </button>
        </ServerForm>
        <p class="aside">
            <a href="/">{td_string!(locale, email_reset.back_to_sign_in)}</a>
        </p>
    }
}

#[component]
pub(crate) fn GoneLink() -> impl IntoView {
    let locale = current_locale();
    view! {
        <h1 tabindex="-1">{td_string!(locale, email_reset.link.gone_heading)}</h1>
        <p>{td_string!(locale, email_reset.link.gone_text)}</p>
        <p>
            <a class="button primary" href=REQUEST_PAGE>
                {td_string!(locale, email_reset.link.ask_new)}
            </a>
        </p>
        <p class="aside">
            <a href="/">{td_string!(locale, email_reset.back_to_sign_in)}</a>
        </p>
    }
}

#[component]
pub fn TemporaryPasswordSentPage() -> impl IntoView {
    let locale = current_locale();
    view! {
        <PageTitle text=td_string!(locale, email_reset.check_email) />
        <section class="card">
            <h1 tabindex="-1">{td_string!(locale, email_reset.check_email)}</h1>
            <p>{td_string!(locale, email_reset.done.text)}</p>
            <p>
                <a class="button primary" href="/">
                    {td_string!(locale, email_reset.done.sign_in)}
                </a>
            </p>
        </section>
    }
}

//! "Reset your password by email" (`/email-reset`) and its one answer, "Check your email"
//! (`/email-reset/sent`), the same whatever was typed.

use leptos::prelude::*;

use crate::api::email_reset::{RequestEmailReset, SENT_PAGE};
use crate::components::actions::on_success;
use crate::components::alert::{field_aria, provide_page_error, ActionAlert};
use crate::components::navigation::{go_to, query_value};
use crate::components::page_title::PageTitle;
use crate::components::server_form::ServerForm;
use crate::components::user_id_field::UserIdField;
use crate::domain::Field;
use crate::i18n::{current_locale, td_string};

#[component]
pub fn EmailResetPage() -> impl IntoView {
    let request = ServerAction::<RequestEmailReset>::new();
    on_success(request, || go_to(SENT_PAGE));
    let locale = current_locale();
    view! {
        <PageTitle text=td_string!(locale, email_reset.request.title) />
        <RequestForm request />
    }
}

/// "Reset your password by email": the User ID and the account's email address.
#[component]
pub(crate) fn RequestForm(request: ServerAction<RequestEmailReset>) -> impl IntoView {
    let locale = current_locale();
    let error = Signal::derive(move || request.value().get().and_then(|r| r.err()));
    provide_page_error(error);
    let (email_invalid, email_described_by) = field_aria(Field::Email, None);
    // The User ID typed on the sign-in page comes along (`?user_id=…`).
    let typed = query_value("user_id").unwrap_or_default();

    view! {
        <section class="card">
            <h1 tabindex="-1">{td_string!(locale, email_reset.request.heading)}</h1>
            <ActionAlert error />
            <p>{td_string!(locale, email_reset.request.intro)}</p>
            <ServerForm action=request>
                <UserIdField value=typed />
                <div class="field">
                    <label for="email">{td_string!(locale, email_reset.request.email_label)}</label>
                    <input
                        id="email"
                        name="email"
                        type="email"
                        autocomplete="email"
                        autocapitalize="none"
                        spellcheck="false"
                        required
                        aria-invalid=email_invalid
                        aria-describedby=email_described_by
                    />
                </div>
                <button type="submit" class="primary">
                    {td_string!(locale, email_reset.continue_button)}
                </button>
            </ServerForm>
            <p class="aside">
                <a href="/">{td_string!(locale, email_reset.back_to_sign_in)}</a>
            </p>
        </section>
    }
}

#[component]
pub fn EmailResetSentPage() -> impl IntoView {
    let locale = current_locale();
    view! {
        <PageTitle text=td_string!(locale, email_reset.check_email) />
        <section class="card">
            <h1 tabindex="-1">{td_string!(locale, email_reset.check_email)}</h1>
            <p>{td_string!(locale, email_reset.sent.matched)}</p>
            <p>{td_string!(locale, email_reset.sent.next)}</p>
            <p class="aside">
                <a href="/">{td_string!(locale, email_reset.back_to_sign_in)}</a>
            </p>
        </section>
    }
}

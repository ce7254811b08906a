//! The forgotten password by email (flow C), `/api/email-reset/*`: the request, then the
//! link's page and its "Continue". None of them exist when `KEYTURN_EMAIL_RESET=false`.
//!
//! Plain form posts go on to the plain pages: the request to "Check your email" whatever was
//! typed; "Continue" to the page that says the temporary password is on its way, so the token
//! leaves the address bar right after it is used.

use leptos::prelude::*;

use crate::domain::flows::email_reset::ResetLinkView;
use crate::domain::{AppError, Secret};

#[cfg(feature = "ssr")]
use {
    super::request::{app_state, client_address, respond, respond_to},
    crate::server::flows::email_reset::EmailResetService,
    crate::server::guard::even_time::at_least,
};

/// "Reset your password by email".
pub const REQUEST_PAGE: &str = "/email-reset";
/// "Check your email", after a request.
pub const SENT_PAGE: &str = "/email-reset/sent";
/// "Get a temporary password": the page the emailed link opens.
pub const LINK_PAGE: &str = "/email-reset/link";
/// "Check your email", after "Continue": the temporary password is on its way.
pub const DONE_PAGE: &str = "/email-reset/done";

/// The request: the same answer whatever was typed (only blank or malformed fields are told
/// apart, which says nothing about any account).
#[server(endpoint = "email-reset/request", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn request_email_reset(
    #[server(default)] user_id: String,
    #[server(default)] email: String,
) -> Result<(), AppError> {
    let state = app_state()?;
    let client = client_address(&state);
    // Its answer waits for the floor too: it looks the User ID up before answering.
    let result = at_least(
        &state,
        EmailResetService::new(&state).request(&user_id, &email, &client),
    )
    .await;
    respond_to(result, SENT_PAGE, REQUEST_PAGE)
}

/// Whether the link still works. Changes nothing, however often it is asked.
#[server(endpoint = "email-reset/link", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn get_reset_link(#[server(default)] token: Secret) -> Result<ResetLinkView, AppError> {
    let state = app_state()?;
    let client = client_address(&state);
    let result = EmailResetService::new(&state)
        .link(token.expose(), &client)
        .await;
    respond(result, LINK_PAGE)
}

/// "Continue": uses the link, once, for a temporary password by email.
#[server(endpoint = "email-reset/redeem", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn redeem_reset_link(#[server(default)] token: Secret) -> Result<(), AppError> {
    let state = app_state()?;
    let client = client_address(&state);
    let result = EmailResetService::new(&state)
        .redeem(token.expose(), &client)
        .await;
    // A link that still works (the email could not be sent) is offered again; a spent one
    // is not put back in the address bar.
    let retry = match &result {
        Err(AppError::EmailNotSent) => format!("{LINK_PAGE}?token={}", token.expose()),
        _ => LINK_PAGE.to_string(),
    };
    respond_to(result, DONE_PAGE, &retry)
}

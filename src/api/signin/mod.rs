//! Signing in (flow B): "User ID" + "Password", then the second factor (authenticator code, a
//! recovery code, or a one-time PIN by SMS or email), then a session. `/api/signin*`.
//!
//! The password step answers every failure alike; the second-factor steps live in a short
//! flow bound to its own cookie, like the wizard's. Plain form posts go on to `/signin` (the
//! second factor) and then to `/account`.

use leptos::prelude::*;

use crate::domain::flows::signin::{SignInOptions, SignInStep};
use crate::domain::{AppError, Channel, Secret};

#[cfg(feature = "ssr")]
use {
    super::request::{app_state, client_address, cookie, respond, respond_to, set_cookie},
    crate::server::flows::signin::SignInService,
    crate::server::session::cookies::{SESSION, SIGNIN_FLOW},
};

/// The second-factor page every step returns to.
pub const SIGNIN_PAGE: &str = "/signin";
/// Where a finished sign-in goes.
pub const ACCOUNT_PAGE: &str = "/account";

/// Step 1: the password. Right: a second-factor flow starts (its cookie is set). Wrong, unknown
/// or locked: `SignInFailed`, the same in words, status, body and time.
#[server(endpoint = "signin", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn sign_in(
    #[server(default)] user_id: String,
    #[server(default)] password: Secret,
) -> Result<(), AppError> {
    let state = app_state()?;
    let client = client_address(&state);
    let result = SignInService::new(&state)
        .password(&user_id, &password, &client)
        .await;
    if let Ok(token) = &result {
        set_cookie(&state, SIGNIN_FLOW, Some(token.cookie_value()), None);
    }
    respond_to(result.map(|_| ()), SIGNIN_PAGE, "/")
}

/// What the sign-in page offers besides signing in.
#[server(endpoint = "signin/options", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn get_sign_in_options() -> Result<SignInOptions, AppError> {
    let state = app_state()?;
    Ok(SignInOptions {
        email_reset: state.config.email_reset,
    })
}

/// The second-factor step to show for this browser's sign-in.
#[server(endpoint = "signin/state", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn get_signin_state() -> Result<SignInStep, AppError> {
    let state = app_state()?;
    let client = client_address(&state);
    let result = SignInService::new(&state)
        .view(cookie(&state, SIGNIN_FLOW).as_deref(), &client)
        .await;
    respond(result, SIGNIN_PAGE)
}

#[server(endpoint = "signin/authenticator", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn verify_signin_code(#[server(default)] code: Secret) -> Result<(), AppError> {
    let state = app_state()?;
    let client = client_address(&state);
    let service = SignInService::new(&state);
    let result = service
        .verify_code(cookie(&state, SIGNIN_FLOW).as_deref(), &code, &client)
        .await;
    finish(&state, result)
}

#[server(endpoint = "signin/recovery", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn verify_recovery_code(#[server(default)] code: Secret) -> Result<(), AppError> {
    let state = app_state()?;
    let client = client_address(&state);
    let result = SignInService::new(&state)
        .verify_recovery_code(cookie(&state, SIGNIN_FLOW).as_deref(), &code, &client)
        .await;
    finish(&state, result)
}

/// "Send PIN by SMS" / "Send PIN by email" (`channel` is `sms` or `email`).
#[server(endpoint = "signin/send-pin", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn send_signin_pin(channel: Channel) -> Result<(), AppError> {
    let state = app_state()?;
    let client = client_address(&state);
    let result = SignInService::new(&state)
        .send_pin(cookie(&state, SIGNIN_FLOW).as_deref(), channel, &client)
        .await;
    respond(result, SIGNIN_PAGE)
}

/// "Send a new PIN": the same channel, after the cooldown.
#[server(endpoint = "signin/resend", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn resend_signin_pin() -> Result<(), AppError> {
    let state = app_state()?;
    let client = client_address(&state);
    let result = SignInService::new(&state)
        .resend_pin(cookie(&state, SIGNIN_FLOW).as_deref(), &client)
        .await;
    respond(result, SIGNIN_PAGE)
}

#[server(endpoint = "signin/pin", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn verify_signin_pin(#[server(default)] pin: Secret) -> Result<(), AppError> {
    let state = app_state()?;
    let client = client_address(&state);
    let result = SignInService::new(&state)
        .verify_pin(cookie(&state, SIGNIN_FLOW).as_deref(), &pin, &client)
        .await;
    finish(&state, result)
}

/// "Back to sign in": forgets the sign-in in progress.
#[server(endpoint = "signin/restart", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn restart_signin() -> Result<(), AppError> {
    let state = app_state()?;
    let client = client_address(&state);
    let result = SignInService::new(&state)
        .cancel(cookie(&state, SIGNIN_FLOW).as_deref(), &client)
        .await;
    set_cookie(&state, SIGNIN_FLOW, None, None);
    respond_to(result, "/", "/")
}

/// "Sign out": ends the session on the server.
#[server(endpoint = "signout", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn sign_out() -> Result<(), AppError> {
    let state = app_state()?;
    let client = client_address(&state);
    let result =
        crate::server::session::sessions::end(&state, cookie(&state, SESSION).as_deref(), &client)
            .await;
    set_cookie(&state, SESSION, None, None);
    respond_to(result, "/", "/")
}

/// A passed second factor: the session cookie replaces the sign-in's, and the browser goes on
/// to the account page.
#[cfg(feature = "ssr")]
fn finish(
    state: &crate::server::state::AppState,
    result: Result<crate::server::session::sessions::NewSession, AppError>,
) -> Result<(), AppError> {
    if let Ok(session) = &result {
        set_cookie(state, SIGNIN_FLOW, None, None);
        set_cookie(state, SESSION, Some(session.cookie_value()), None);
    }
    respond_to(result.map(|_| ()), ACCOUNT_PAGE, SIGNIN_PAGE)
}

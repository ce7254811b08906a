//! The "Password locked or forgotten?" wizard's server functions (`/api/reset/*`).
//!
//! The flow's state lives on the server, bound to an HttpOnly cookie; every function checks
//! that the earlier steps passed, in order, for this flow. The page shows whatever
//! [`get_reset_state`] says, so a reload resumes and a skipped step is impossible. The steps
//! that take a User ID or a guess answer no sooner than `KEYTURN_RESPONSE_FLOOR_MS`
//! (`guard::even_time`), so their time does not tell a real account from an unknown one.

use leptos::prelude::*;

use crate::domain::flows::reset::WizardView;
use crate::domain::{AppError, Secret};

#[cfg(feature = "ssr")]
use {
    super::request::{app_state, client_address, flow_cookie, respond, set_flow_cookie},
    crate::domain::flows::reset::WizardStep,
    crate::server::flows::reset::ResetService,
    crate::server::guard::even_time::at_least,
};

/// The page every wizard form returns to.
pub const RESET_PAGE: &str = "/reset";

/// A passed factor gives the flow a new token: the browser gets it as the new cookie.
#[cfg(feature = "ssr")]
fn rotated(
    state: &crate::server::state::AppState,
    result: Result<crate::server::flows::reset::Passed, AppError>,
) -> Result<(), AppError> {
    let result = result.and_then(|passed| {
        set_flow_cookie(state, Some(passed.token.cookie_value()));
        passed.next
    });
    respond(result, RESET_PAGE)
}

#[server(endpoint = "reset/state", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn get_reset_state() -> Result<WizardView, AppError> {
    let state = app_state()?;
    let cookie = flow_cookie();
    let client = client_address(&state);
    let view = ResetService::new(&state)
        .view(cookie.as_deref(), &client)
        .await;
    if matches!(
        view,
        Ok(WizardView {
            step: WizardStep::UserId { expired: true },
            ..
        })
    ) {
        set_flow_cookie(&state, None);
    }
    respond(view, RESET_PAGE)
}

#[server(endpoint = "reset/start", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn start_reset(#[server(default)] user_id: String) -> Result<(), AppError> {
    let state = app_state()?;
    let client = client_address(&state);
    let result = at_least(&state, ResetService::new(&state).start(&user_id, &client)).await;
    if let Ok(token) = &result {
        set_flow_cookie(&state, Some(token.cookie_value()));
    }
    respond(result.map(|_| ()), RESET_PAGE)
}

#[server(endpoint = "reset/authenticator", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn verify_authenticator_code(#[server(default)] code: Secret) -> Result<(), AppError> {
    let state = app_state()?;
    let client = client_address(&state);
    let result = at_least(
        &state,
        ResetService::new(&state).verify_totp(flow_cookie().as_deref(), &code, &client),
    )
    .await;
    rotated(&state, result)
}

/// "Use a recovery code" in place of the authenticator code.
#[server(endpoint = "reset/recovery", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn verify_reset_recovery_code(#[server(default)] code: Secret) -> Result<(), AppError> {
    let state = app_state()?;
    let client = client_address(&state);
    let result = at_least(
        &state,
        ResetService::new(&state).verify_recovery_code(flow_cookie().as_deref(), &code, &client),
    )
    .await;
    rotated(&state, result)
}

#[server(endpoint = "reset/alternative", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn use_alternative() -> Result<(), AppError> {
    let state = app_state()?;
    let client = client_address(&state);
    let result = at_least(
        &state,
        ResetService::new(&state).use_alternative(flow_cookie().as_deref(), &client),
    )
    .await;
    respond(result, RESET_PAGE)
}

#[server(endpoint = "reset/pin", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn verify_pin(#[server(default)] pin: Secret) -> Result<(), AppError> {
    let state = app_state()?;
    let client = client_address(&state);
    let result = at_least(
        &state,
        ResetService::new(&state).verify_pin(flow_cookie().as_deref(), &pin, &client),
    )
    .await;
    rotated(&state, result)
}

#[server(endpoint = "reset/resend", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn resend_pin() -> Result<(), AppError> {
    let state = app_state()?;
    let client = client_address(&state);
    let result = at_least(
        &state,
        ResetService::new(&state).resend_pin(flow_cookie().as_deref(), &client),
    )
    .await;
    respond(result, RESET_PAGE)
}

#[server(endpoint = "reset/password", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn change_password(
    #[server(default)] new_password: Secret,
    #[server(default)] confirm_password: Secret,
) -> Result<(), AppError> {
    let state = app_state()?;
    let client = client_address(&state);
    let result = ResetService::new(&state)
        .change_password(
            flow_cookie().as_deref(),
            new_password,
            confirm_password,
            &client,
        )
        .await;
    respond(result, RESET_PAGE)
}

#[server(endpoint = "reset/restart", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn restart_reset() -> Result<(), AppError> {
    let state = app_state()?;
    let client = client_address(&state);
    let result = ResetService::new(&state)
        .cancel(flow_cookie().as_deref(), &client)
        .await;
    set_flow_cookie(&state, None);
    respond(result, RESET_PAGE)
}

/// "Password locked or forgotten?" on the sign-in page without JavaScript: the sign-in form
/// posts here (a link cannot carry what was typed, and a `GET` form would put the password in
/// the URL), and the browser goes on to the wizard with the typed User ID filled in
/// (`/reset?user_id=…`). Nothing is looked up, stored or counted; any other field is ignored.
#[server(endpoint = "reset/prefill", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn prefill_reset(#[server(default)] user_id: String) -> Result<(), AppError> {
    let user_id: String = user_id.trim().chars().take(128).collect();
    if super::request::is_form_post() {
        let page = if user_id.is_empty() {
            RESET_PAGE.to_string()
        } else {
            let encoded: String =
                url::form_urlencoded::byte_serialize(user_id.as_bytes()).collect();
            format!("{RESET_PAGE}?user_id={encoded}")
        };
        leptos_axum::redirect(&page);
    }
    Ok(())
}

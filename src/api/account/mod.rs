//! The account page (flow B): its tabs' data and every change made from the "⋮" menus.
//! `/api/account/*`. Every function needs a live session; while the account must change its
//! password, only `account/password` (and "Sign out") answer.

use leptos::prelude::*;

use crate::domain::flows::account::{
    AccountView, ActivityEntry, AuthenticatorSetup, ContactChangeView, RecoveryCodes,
};
use crate::domain::{AppError, Channel, Secret};

#[cfg(feature = "ssr")]
use {
    super::request::{app_state, client_address, cookie, respond, respond_to, set_cookie},
    crate::server::flows::account::AccountService,
    crate::server::session::cookies::SESSION,
    crate::server::state::AppState,
};

/// The account page (the Profile tab); the other tabs and forms have their own URLs below it.
pub const ACCOUNT_PAGE: &str = "/account";
pub const AUTHENTICATORS_PAGE: &str = "/account/authenticators";

/// The signed-in account, for the service of one request.
#[cfg(feature = "ssr")]
async fn service(state: &AppState) -> Result<AccountService<'_>, AppError> {
    let client = client_address(state);
    AccountService::for_session(state, cookie(state, SESSION).as_deref(), client).await
}

#[server(endpoint = "account/state", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn get_account() -> Result<AccountView, AppError> {
    let state = app_state()?;
    let result = match service(&state).await {
        Ok(s) => s.view().await,
        Err(e) => Err(e),
    };
    respond(result, ACCOUNT_PAGE)
}

#[server(endpoint = "account/activity", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn get_activity() -> Result<Vec<ActivityEntry>, AppError> {
    let state = app_state()?;
    let result = match service(&state).await {
        Ok(s) => s.activity().await,
        Err(e) => Err(e),
    };
    respond(result, "/account/activity")
}

/// "Change Password" (and the forced change): the current password, then the new one twice.
/// Every other session ends; this browser gets a new session id.
#[server(endpoint = "account/password", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn change_account_password(
    #[server(default)] current_password: Secret,
    #[server(default)] new_password: Secret,
    #[server(default)] confirm_password: Secret,
) -> Result<(), AppError> {
    let state = app_state()?;
    let result = match service(&state).await {
        Ok(s) => {
            s.change_password(current_password, new_password, confirm_password)
                .await
        }
        Err(e) => Err(e),
    };
    if let Ok(session) = &result {
        set_cookie(&state, SESSION, Some(session.cookie_value()), None);
    }
    respond_to(
        result.map(|_| ()),
        "/account/password/changed",
        "/account/password",
    )
}

/// "Confirm it's you": the current password, for a recent re-authentication.
#[server(endpoint = "account/reauth", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn reauthenticate(#[server(default)] current_password: Secret) -> Result<(), AppError> {
    let state = app_state()?;
    let result = match service(&state).await {
        Ok(s) => s.reauthenticate(current_password).await,
        Err(e) => Err(e),
    };
    if let Ok(session) = &result {
        set_cookie(&state, SESSION, Some(session.cookie_value()), None);
    }
    respond(result.map(|_| ()), AUTHENTICATORS_PAGE)
}

/// "Set up authenticator app" / "Replace authenticator app": a new secret, pending until
/// confirmed with a code from it.
#[server(endpoint = "account/authenticator/begin", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn begin_authenticator_setup() -> Result<(), AppError> {
    let state = app_state()?;
    let result = match service(&state).await {
        Ok(s) => s.begin_authenticator_setup().await,
        Err(e) => Err(e),
    };
    respond(result, "/account/authenticator-app")
}

/// The pending setup's QR code and secret (`None` when none is pending).
#[server(endpoint = "account/authenticator/pending", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn get_authenticator_setup() -> Result<Option<AuthenticatorSetup>, AppError> {
    let state = app_state()?;
    let result = match service(&state).await {
        Ok(s) => s.pending_authenticator().await,
        Err(e) => Err(e),
    };
    respond(result, "/account/authenticator-app")
}

#[server(endpoint = "account/authenticator/confirm", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn confirm_authenticator(#[server(default)] code: Secret) -> Result<(), AppError> {
    let state = app_state()?;
    let result = match service(&state).await {
        Ok(s) => s.confirm_authenticator(code).await,
        Err(e) => Err(e),
    };
    respond_to(result, AUTHENTICATORS_PAGE, "/account/authenticator-app")
}

/// "Remove authenticator app".
#[server(endpoint = "account/authenticator/remove", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn remove_authenticator() -> Result<(), AppError> {
    let state = app_state()?;
    let result = match service(&state).await {
        Ok(s) => s.remove_authenticator().await,
        Err(e) => Err(e),
    };
    respond(result, AUTHENTICATORS_PAGE)
}

/// "Generate recovery codes": ten new one-use codes replace the old set.
#[server(endpoint = "account/recovery-codes", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn generate_recovery_codes() -> Result<(), AppError> {
    let state = app_state()?;
    let result = match service(&state).await {
        Ok(s) => s.generate_recovery_codes().await,
        Err(e) => Err(e),
    };
    respond(result, "/account/recovery-codes")
}

/// The codes just generated, once: a second call (or a reload) finds none.
#[server(endpoint = "account/recovery-codes/new", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn take_new_recovery_codes() -> Result<Option<RecoveryCodes>, AppError> {
    let state = app_state()?;
    let result = match service(&state).await {
        Ok(s) => s.take_new_recovery_codes().await,
        Err(e) => Err(e),
    };
    respond(result, "/account/recovery-codes")
}

/// "Change phone number" / "Change email address": a PIN goes to the new destination.
#[server(endpoint = "account/contact/begin", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn begin_contact_change(
    channel: Channel,
    #[server(default)] value: String,
) -> Result<(), AppError> {
    let state = app_state()?;
    let result = match service(&state).await {
        Ok(s) => s.begin_contact_change(channel, &value).await,
        Err(e) => Err(e),
    };
    let page = contact_page(channel);
    respond(result, page)
}

/// The change waiting for its PIN, if any.
#[server(endpoint = "account/contact/pending", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn get_contact_change() -> Result<Option<ContactChangeView>, AppError> {
    let state = app_state()?;
    let result = match service(&state).await {
        Ok(s) => s.pending_contact_change().await,
        Err(e) => Err(e),
    };
    respond(result, AUTHENTICATORS_PAGE)
}

#[server(endpoint = "account/contact/confirm", input = crate::api::wire::Form, output = crate::api::wire::Json)]
pub async fn confirm_contact_change(
    channel: Channel,
    #[server(default)] pin: Secret,
) -> Result<(), AppError> {
    let state = app_state()?;
    let result = match service(&state).await {
        Ok(s) => s.confirm_contact_change(pin).await,
        Err(e) => Err(e),
    };
    respond_to(result, AUTHENTICATORS_PAGE, contact_page(channel))
}

/// The page of a contact change: `/account/phone` or `/account/email`.
pub fn contact_page(channel: Channel) -> &'static str {
    match channel {
        Channel::Sms => "/account/phone",
        Channel::Email => "/account/email",
    }
}

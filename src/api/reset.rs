//! The "Password locked or forgotten?" wizard: its view of the flow and its server functions.
//!
//! The flow's state lives on the server, bound to an HttpOnly cookie; every function checks
//! that the earlier steps passed, in order, for this flow. The page shows whatever
//! [`get_reset_state`] says, so a reload resumes and a skipped step is impossible.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::AppError;
use crate::policy::PasswordPolicy;

/// Where a one-time PIN goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Channel {
    Sms,
    Email,
}

impl Channel {
    /// How the interface names the channel in a sentence ("by SMS", "by email").
    pub fn label(self) -> &'static str {
        match self {
            Channel::Sms => "SMS",
            Channel::Email => "email",
        }
    }
}

/// What the wizard shows now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WizardView {
    pub step: WizardStep,
    /// "Step `number` of `total`".
    pub number: u8,
    pub total: u8,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum WizardStep {
    /// No flow yet, or it expired (`expired` says so, to explain the restart).
    UserId {
        expired: bool,
    },
    Authenticator,
    Pin(PinView),
    NewPassword(PasswordStepView),
    Done,
    Locked {
        until: String,
        support: String,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PinView {
    pub channel: Channel,
    /// Where it went: masked ("•••• 4567", "j•••@example.com") once a factor has passed,
    /// "your registered email address" before.
    pub destination: String,
    /// Reference of the PIN now valid; `None` when no PIN could be sent yet.
    pub reference: Option<String>,
    /// Seconds until "Send a new PIN" is allowed.
    pub resend_in: u32,
    /// Whether "Alternative Authentication" (send by email instead) is offered.
    pub can_switch: bool,
    pub support: String,
    /// How long a PIN is valid.
    pub valid_minutes: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PasswordStepView {
    pub policy: PasswordPolicy,
    /// Personal information the new password must not contain (the person has proven both
    /// factors by now, so showing it back to them leaks nothing).
    pub user_id: String,
    pub email: String,
}

#[cfg(feature = "ssr")]
use {
    super::context::{app_state, client_address, flow_cookie, respond, set_flow_cookie},
    crate::server::services::reset::ResetService,
};

/// The page every wizard form returns to.
pub const RESET_PAGE: &str = "/reset";

#[server(endpoint = "reset/state")]
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

#[server(endpoint = "reset/start")]
pub async fn start_reset(#[server(default)] user_id: String) -> Result<(), AppError> {
    let state = app_state()?;
    let client = client_address(&state);
    let result = ResetService::new(&state).start(&user_id, &client).await;
    if let Ok(token) = &result {
        set_flow_cookie(&state, Some(token.cookie_value()));
    }
    respond(result.map(|_| ()), RESET_PAGE)
}

#[server(endpoint = "reset/authenticator")]
pub async fn verify_authenticator_code(#[server(default)] code: String) -> Result<(), AppError> {
    let state = app_state()?;
    let client = client_address(&state);
    let result = ResetService::new(&state)
        .verify_totp(flow_cookie().as_deref(), &code, &client)
        .await;
    respond(result, RESET_PAGE)
}

#[server(endpoint = "reset/alternative")]
pub async fn use_alternative() -> Result<(), AppError> {
    let state = app_state()?;
    let client = client_address(&state);
    let result = ResetService::new(&state)
        .use_alternative(flow_cookie().as_deref(), &client)
        .await;
    respond(result, RESET_PAGE)
}

#[server(endpoint = "reset/pin")]
pub async fn verify_pin(#[server(default)] pin: String) -> Result<(), AppError> {
    let state = app_state()?;
    let client = client_address(&state);
    let result = ResetService::new(&state)
        .verify_pin(flow_cookie().as_deref(), &pin, &client)
        .await;
    respond(result, RESET_PAGE)
}

#[server(endpoint = "reset/resend")]
pub async fn resend_pin() -> Result<(), AppError> {
    let state = app_state()?;
    let client = client_address(&state);
    let result = ResetService::new(&state)
        .resend_pin(flow_cookie().as_deref(), &client)
        .await;
    respond(result, RESET_PAGE)
}

#[server(endpoint = "reset/password")]
pub async fn change_password(
    #[server(default)] new_password: String,
    #[server(default)] confirm_password: String,
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

#[server(endpoint = "reset/restart")]
pub async fn restart_reset() -> Result<(), AppError> {
    let state = app_state()?;
    let client = client_address(&state);
    let result = ResetService::new(&state)
        .cancel(flow_cookie().as_deref(), &client)
        .await;
    set_flow_cookie(&state, None);
    respond(result, RESET_PAGE)
}

/// The active password policy, published so any client can show the same rules.
#[server(endpoint = "policy", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_password_policy() -> Result<PasswordPolicy, AppError> {
    Ok(app_state()?.config.password_policy.clone())
}

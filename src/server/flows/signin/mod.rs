//! Signing in (flow B): the password, then the second factor, then a session.

use crate::domain::flows::signin::SignInStep;
use crate::domain::{AppError, Channel, Secret};
use crate::server::crypto::Redacted;
use crate::server::session::sessions::NewSession;
use crate::server::state::AppState;

/// How long the second factor may take after the right password.
pub const FLOW_SECONDS: i64 = 600;

/// The cookie token of a sign-in between password and second factor.
#[derive(Debug)]
pub struct SignInToken(Redacted<String>);

impl SignInToken {
    pub fn cookie_value(&self) -> &str {
        self.0.expose()
    }
}

#[derive(Debug)]
pub struct SignInService<'a> {
    s: &'a AppState,
}

impl<'a> SignInService<'a> {
    pub fn new(state: &'a AppState) -> Self {
        Self { s: state }
    }

    pub async fn password(
        &self,
        _user_id: &str,
        _password: &Secret,
        _client: &str,
    ) -> Result<SignInToken, AppError> {
        let _ = self.s;
        Err(AppError::Internal)
    }

    pub async fn view(&self, _cookie: Option<&str>, _client: &str) -> Result<SignInStep, AppError> {
        Err(AppError::Internal)
    }

    pub async fn verify_code(
        &self,
        _cookie: Option<&str>,
        _code: &Secret,
        _client: &str,
    ) -> Result<NewSession, AppError> {
        Err(AppError::Internal)
    }

    pub async fn verify_recovery_code(
        &self,
        _cookie: Option<&str>,
        _code: &Secret,
        _client: &str,
    ) -> Result<NewSession, AppError> {
        Err(AppError::Internal)
    }

    pub async fn send_pin(
        &self,
        _cookie: Option<&str>,
        _channel: Channel,
        _client: &str,
    ) -> Result<(), AppError> {
        Err(AppError::Internal)
    }

    pub async fn resend_pin(&self, _cookie: Option<&str>, _client: &str) -> Result<(), AppError> {
        Err(AppError::Internal)
    }

    pub async fn verify_pin(
        &self,
        _cookie: Option<&str>,
        _pin: &Secret,
        _client: &str,
    ) -> Result<NewSession, AppError> {
        Err(AppError::Internal)
    }

    pub async fn cancel(&self, _cookie: Option<&str>, _client: &str) -> Result<(), AppError> {
        Err(AppError::Internal)
    }
}

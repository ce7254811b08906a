//! The account page's logic (flow B): what its tabs show and every change from its menus.

use crate::domain::flows::account::{
    AccountView, ActivityEntry, AuthenticatorSetup, ContactChangeView, RecoveryCodes,
};
use crate::domain::{AppError, Channel, Secret};
use crate::server::session::sessions::{self, NewSession};
use crate::server::state::AppState;
use crate::server::store::SessionRow;

/// The signed-in account's operations, for one request.
#[derive(Debug)]
pub struct AccountService<'a> {
    s: &'a AppState,
    session: SessionRow,
    client: String,
}

impl<'a> AccountService<'a> {
    /// The service for the session of this cookie, or `NotSignedIn`.
    pub async fn for_session(
        state: &'a AppState,
        cookie: Option<&str>,
        client: String,
    ) -> Result<AccountService<'a>, AppError> {
        let session = sessions::current(state, cookie).await?;
        Ok(AccountService {
            s: state,
            session,
            client,
        })
    }

    pub async fn view(&self) -> Result<AccountView, AppError> {
        let _ = (self.s, &self.session, &self.client);
        Err(AppError::Internal)
    }

    pub async fn activity(&self) -> Result<Vec<ActivityEntry>, AppError> {
        Err(AppError::Internal)
    }

    pub async fn change_password(
        &self,
        _current: Secret,
        _new: Secret,
        _confirm: Secret,
    ) -> Result<NewSession, AppError> {
        Err(AppError::Internal)
    }

    pub async fn reauthenticate(&self, _current: Secret) -> Result<(), AppError> {
        Err(AppError::Internal)
    }

    pub async fn begin_authenticator_setup(&self) -> Result<(), AppError> {
        Err(AppError::Internal)
    }

    pub async fn pending_authenticator(&self) -> Result<Option<AuthenticatorSetup>, AppError> {
        Err(AppError::Internal)
    }

    pub async fn confirm_authenticator(&self, _code: Secret) -> Result<(), AppError> {
        Err(AppError::Internal)
    }

    pub async fn remove_authenticator(&self) -> Result<(), AppError> {
        Err(AppError::Internal)
    }

    pub async fn generate_recovery_codes(&self) -> Result<(), AppError> {
        Err(AppError::Internal)
    }

    pub async fn take_new_recovery_codes(&self) -> Result<Option<RecoveryCodes>, AppError> {
        Err(AppError::Internal)
    }

    pub async fn begin_contact_change(
        &self,
        _channel: Channel,
        _value: &str,
    ) -> Result<(), AppError> {
        Err(AppError::Internal)
    }

    pub async fn pending_contact_change(&self) -> Result<Option<ContactChangeView>, AppError> {
        Err(AppError::Internal)
    }

    pub async fn confirm_contact_change(&self, _pin: Secret) -> Result<(), AppError> {
        Err(AppError::Internal)
    }
}

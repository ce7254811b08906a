//! The account page's logic (flow B): what its tabs show (here) and every change from its
//! menus — the password (`password`), the authenticator app (`authenticator`), recovery codes
//! (`recovery`), the phone number and email address (`contact`).
//!
//! Every operation runs for a live session. While the account must change its password, only
//! the view and the change itself answer. A change to an authenticator needs a recent
//! re-authentication (a factor proven in this session within the last 5 minutes) and sends a
//! notice email.

mod authenticator;
mod contact;
mod password;
mod recovery;

use crate::domain::flows::account::{AccountView, ActivityEntry};
use crate::domain::{AppError, Secret};
use crate::i18n;
use crate::server::crypto::Redacted;
use crate::server::delivery::messages;
use crate::server::factors::temporary_password;
use crate::server::guard::lockout::{self, Who};
use crate::server::guard::{audit, rate_limit};
use crate::server::mask;
use crate::server::session::sessions::{self, NewSession};
use crate::server::state::AppState;
use crate::server::store::{Account, SessionRow};

fn internal<E: std::fmt::Display + 'static>(e: E) -> AppError {
    crate::server::failure::failed("account operation failed", e)
}

/// The signed-in account's operations, for one request.
#[derive(Debug)]
pub struct AccountService<'a> {
    s: &'a AppState,
    session: SessionRow,
    account: Account,
    client: String,
    now: i64,
}

impl<'a> AccountService<'a> {
    /// The service for the session of this cookie, or `NotSignedIn`.
    pub async fn for_session(
        state: &'a AppState,
        cookie: Option<&str>,
        client: String,
    ) -> Result<AccountService<'a>, AppError> {
        let session = sessions::current(state, cookie).await?;
        let account = state
            .store
            .account_by_id(session.account_id)
            .await
            .map_err(internal)?
            .ok_or(AppError::NotSignedIn)?;
        Ok(AccountService {
            s: state,
            session,
            account,
            client,
            now: state.clock.now(),
        })
    }

    /// The password must be changed before anything else: an administrator asked for it, or
    /// this session signed in with a temporary password.
    fn change_required(&self) -> bool {
        self.account.must_change_password != 0 || self.session.temporary != 0
    }

    /// Everything but the view and the password change waits for a forced change.
    fn unless_change_required(&self) -> Result<(), AppError> {
        if self.change_required() {
            return Err(AppError::PasswordChangeRequired);
        }
        Ok(())
    }

    fn recently_authenticated(&self) -> bool {
        self.session.reauth_at > self.now - self.s.config.reauth_seconds
    }

    /// For changes to an authenticator: a factor proven within the last few minutes.
    fn require_recent_authentication(&self) -> Result<(), AppError> {
        self.unless_change_required()?;
        if !self.recently_authenticated() {
            return Err(AppError::ReauthRequired);
        }
        Ok(())
    }

    async fn audit(&self, event: &str, detail: &str) {
        audit::record(self.s, Some(self.account.id), event, &self.client, detail).await;
    }

    /// Tells the owner, at the address on file before the change, what changed.
    fn notify(&self, to: &str, what: messages::SignInChange) {
        let locale = i18n::request_locale();
        let message = messages::security_notice(
            locale,
            to,
            &self.account.user_id,
            what,
            self.now,
            &self.s.config.support_contact_in(locale),
        );
        self.s.delivery.queue_notice(message, "security notice");
    }

    /// Checks the current password — in a session signed in with a temporary password, that
    /// one (as typed, any case); a wrong one counts toward the lockout.
    async fn check_current_password(&self, current: Secret) -> Result<(), AppError> {
        let (given, hash) = if self.session.temporary != 0 {
            let hash = self
                .s
                .store
                .temporary_password(self.account.id, self.now, true)
                .await
                .map_err(internal)?;
            let given = temporary_password::canonical(current.expose())
                .unwrap_or_else(|| Redacted::new(current.into_inner()));
            (given, hash)
        } else {
            (
                Redacted::new(current.into_inner()),
                self.account.password_hash.clone(),
            )
        };
        let who = Who::Account(&self.account);
        let attempt = lockout::claim(self.s, who, &self.client, "password", self.now).await?;
        if self.s.hasher.verify(given, hash).await {
            return attempt.passed(self.s, &self.client).await;
        }
        Err(attempt
            .failed(self.s, &self.client, AppError::WrongPassword)
            .await)
    }

    /// The Profile and Authenticators tabs' data.
    pub async fn view(&self) -> Result<AccountView, AppError> {
        let locale = i18n::request_locale();
        let a = &self.account;
        let left = self
            .s
            .store
            .recovery_codes_left(a.id)
            .await
            .map_err(internal)?;
        Ok(AccountView {
            user_id: a.user_id.clone(),
            email: mask::email(&a.email),
            phone: a.phone.as_deref().map(mask::phone),
            password_changed: a.password_changed_at.map(|at| i18n::date_time(locale, at)),
            authenticator_app: a.totp_secret.is_some(),
            recovery_codes_left: left.max(0) as u32,
            must_change_password: self.change_required(),
            recently_authenticated: self.recently_authenticated(),
            policy: self.s.config.password_policy.clone(),
            email_for_rules: a.email.clone(),
        })
    }

    /// The Activity tab: the account's recent security events.
    pub async fn activity(&self) -> Result<Vec<ActivityEntry>, AppError> {
        self.unless_change_required()?;
        let locale = i18n::request_locale();
        let events = self
            .s
            .store
            .recent_audit_events(self.account.id, 50)
            .await
            .map_err(internal)?;
        Ok(events
            .into_iter()
            .map(|e| ActivityEntry {
                event: e.event,
                at: i18n::date_time_seconds(locale, e.at),
                client: e.client,
            })
            .collect())
    }

    /// "Confirm it's you": the current password makes this session recently authenticated,
    /// under a new id.
    #[tracing::instrument(skip_all)]
    pub async fn reauthenticate(&self, current: Secret) -> Result<NewSession, AppError> {
        rate_limit::check(self.s, "account.reauth", &self.client).await?;
        self.unless_change_required()?;
        self.check_current_password(current).await?;
        let session = sessions::renew(self.s, &self.session.token_hash).await?;
        self.audit("session.reauthenticated", "").await;
        Ok(session)
    }
}

//! The last step: the new password, vetted and set in one transaction, then the notice.

use super::{internal, ResetService};
use crate::domain::{AppError, Secret};
use crate::server::delivery::{messages, NOTICE_TTL_SECONDS, PASSWORD_CHANGED};
use crate::server::factors::new_password;
use crate::server::guard::rate_limit;
use crate::server::store::PasswordChange;

impl ResetService<'_> {
    /// Last step: the new password. The server re-checks every rule before hashing.
    #[tracing::instrument(skip_all)]
    pub async fn change_password(
        &self,
        cookie: Option<&str>,
        new_password: Secret,
        confirm: Secret,
        client: &str,
    ) -> Result<(), AppError> {
        rate_limit::check(self.s, "reset.password", client).await?;
        let loaded = self.load_for_step(cookie).await?;
        if loaded.current_factor(self.factors()).is_some() {
            return Err(AppError::OutOfOrder);
        }
        let Some(account) = &loaded.account else {
            return Err(AppError::OutOfOrder);
        };
        let new_hash = new_password::vet_and_hash(self.s, account, new_password, confirm).await?;
        let now = self.s.clock.now();
        let cfg = &self.s.config;
        let locale = crate::i18n::request_locale();
        let notice = messages::password_changed(
            locale,
            &account.email,
            &account.user_id,
            now,
            cfg.public_url.as_str(),
            &cfg.support_contact_in(locale),
        );
        let change = PasswordChange {
            account_id: account.id,
            flow_id_hash: Some(&loaded.flow.id_hash),
            new_hash: &new_hash,
            old_hash: account.password_hash.as_deref(),
            keep_history: self.s.config.password_policy.history.saturating_sub(1),
            now,
            client,
            event: "password.changed",
            factors_required: self.factors() as i64,
            notice: Some(self.s.delivery.to_queue(
                &notice,
                PASSWORD_CHANGED,
                now + NOTICE_TTL_SECONDS,
            )),
        };
        if !self
            .s
            .store
            .complete_password_change(&change)
            .await
            .map_err(internal)?
        {
            return Err(AppError::OutOfOrder);
        }
        tracing::info!(
            account = account.id,
            "password changed through the reset wizard"
        );
        crate::server::session::sessions::remember_language(self.s, account.id).await;
        self.s.delivery.wake();
        Ok(())
    }
}

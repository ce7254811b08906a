//! "Change Password", and the forced change after a temporary or administrator-set password.

use super::{internal, AccountService};
use crate::domain::{AppError, Secret};
use crate::policy::RuleKind;
use crate::server::delivery::{messages, NOTICE_TTL_SECONDS, PASSWORD_CHANGED};
use crate::server::factors::{new_password, temporary_password};
use crate::server::guard::rate_limit;
use crate::server::session::sessions::{self, NewSession};
use crate::server::store::PasswordChange;

impl AccountService<'_> {
    /// The current password (after a sign-in with a temporary password, that one), then the
    /// new one (full policy and history; never the temporary one). One transaction sets it,
    /// ends every session of the account and voids any reset link or temporary password; this
    /// browser gets a new session (a new id), and a notice goes out.
    #[tracing::instrument(skip_all)]
    pub async fn change_password(
        &self,
        current: Secret,
        new: Secret,
        confirm: Secret,
    ) -> Result<NewSession, AppError> {
        rate_limit::check(self.s, "account.password", &self.client).await?;
        let temporary = self.session.temporary != 0;
        // The temporary password never becomes the lasting one, in any case or spacing.
        let typed_temporary = temporary_password::canonical(current.expose());
        self.check_current_password(current).await?;
        if typed_temporary.is_some_and(|t| {
            temporary_password::canonical(new.expose()).is_some_and(|n| n.expose() == t.expose())
        }) {
            return Err(AppError::PasswordRejected(vec![RuleKind::NotRecent]));
        }
        let new_hash = new_password::vet_and_hash(self.s, &self.account, new, confirm).await?;
        let forced = self.change_required();
        let cfg = &self.s.config;
        let locale = crate::i18n::request_locale();
        let notice = messages::password_changed(
            locale,
            &self.account.email,
            &self.account.user_id,
            self.now,
            cfg.public_url.as_str(),
            &cfg.support_contact_in(locale),
        );
        let change = PasswordChange {
            account_id: self.account.id,
            flow_id_hash: None,
            new_hash: &new_hash,
            old_hash: self.account.password_hash.as_deref(),
            keep_history: self.s.config.password_policy.history.saturating_sub(1),
            now: self.now,
            client: &self.client,
            event: if temporary {
                "password.changed.temporary"
            } else if forced {
                "password.changed.required"
            } else {
                "password.changed"
            },
            factors_required: 0,
            notice: Some(self.s.delivery.to_queue(
                &notice,
                PASSWORD_CHANGED,
                self.now + NOTICE_TTL_SECONDS,
            )),
        };
        self.s
            .store
            .complete_password_change(&change)
            .await
            .map_err(internal)?;
        tracing::info!(
            account = self.account.id,
            forced,
            "password changed from the account page"
        );
        self.s.delivery.wake();
        let session = sessions::create(self.s, self.account.id, &self.client, false).await?;
        Ok(session)
    }
}

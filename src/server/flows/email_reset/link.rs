//! The reset link: opening it (a GET, as mail scanners and link previews do, any number of
//! times) only tells whether it still works; "Continue" (a POST) uses it, exactly once even
//! under concurrent redemptions, for a temporary password sent by email.

use super::{internal, EmailResetService};
use crate::domain::flows::email_reset::ResetLinkView;
use crate::domain::AppError;
use crate::policy::Subject;
use crate::server::delivery::messages;
use crate::server::factors::temporary_password;
use crate::server::guard::{audit, rate_limit};

/// Tokens are 256 bits as 64 lower-case hex digits; anything else is no link of ours.
fn token_shaped(token: &str) -> bool {
    token.len() == 64
        && token
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

impl EmailResetService<'_> {
    /// What the link's page shows. Changes nothing.
    pub async fn link(&self, token: &str, client: &str) -> Result<ResetLinkView, AppError> {
        self.offered()?;
        rate_limit::check(self.s, "email-reset.link", client).await?;
        if !token_shaped(token) {
            return Ok(ResetLinkView::Gone);
        }
        let hash = self.s.keys.link_hash(token);
        let live = self
            .s
            .store
            .reset_link_is_live(&hash, self.s.clock.now())
            .await
            .map_err(internal)?;
        Ok(if live {
            ResetLinkView::Live
        } else {
            ResetLinkView::Gone
        })
    }

    /// "Continue": uses the link and sends the temporary password. If that email cannot be
    /// sent, the link is given back (it still works) and no temporary password exists.
    #[tracing::instrument(skip_all)]
    pub async fn redeem(&self, token: &str, client: &str) -> Result<(), AppError> {
        self.offered()?;
        rate_limit::check(self.s, "email-reset.redeem", client).await?;
        if !token_shaped(token) {
            return Err(AppError::LinkGone);
        }
        let hash = self.s.keys.link_hash(token);
        let now = self.s.clock.now();
        let Some(account_id) = self
            .s
            .store
            .claim_reset_link(&hash, now)
            .await
            .map_err(internal)?
        else {
            return Err(AppError::LinkGone);
        };
        let result = self.send_temporary_password(account_id, now, client).await;
        if result.is_err() {
            if let Err(e) = self.s.store.unclaim_reset_link(&hash, now).await {
                tracing::error!(error = %e, "giving a reset link back failed");
            }
        }
        result
    }

    async fn send_temporary_password(
        &self,
        account_id: i64,
        now: i64,
        client: &str,
    ) -> Result<(), AppError> {
        let s = self.s;
        let account = s
            .store
            .account_by_id(account_id)
            .await
            .map_err(internal)?
            .ok_or(AppError::LinkGone)?;
        let subject = Subject::new(&account.user_id, &account.email);
        let password = temporary_password::generate(&s.config.password_policy, &subject, &s.common)
            .ok_or(AppError::Internal)?;
        let canonical =
            temporary_password::canonical(password.expose()).ok_or(AppError::Internal)?;
        let hash = s.hasher.hash(canonical).await;
        let ttl = s.config.temporary_password_ttl_seconds;
        s.store
            .set_temporary_password(account.id, &hash, now, now + ttl)
            .await
            .map_err(internal)?;
        let message = messages::temporary_password(
            crate::i18n::request_locale(),
            &account.email,
            &account.user_id,
            &password,
            ttl,
            s.config.public_url.as_str(),
        );
        if let Err(e) = s.delivery.send(&message).await {
            tracing::warn!(error = %e, account = account.id, "temporary password email not sent");
            if let Err(e) = s.store.delete_temporary_password(account.id, &hash).await {
                tracing::error!(error = %e, "removing an unsent temporary password failed");
            }
            audit::record(
                s,
                Some(account.id),
                "temporary_password.delivery_failed",
                client,
                "",
            )
            .await;
            return Err(AppError::EmailNotSent);
        }
        audit::record(s, Some(account.id), "temporary_password.sent", client, "").await;
        tracing::info!(account = account.id, "temporary password sent");
        Ok(())
    }
}

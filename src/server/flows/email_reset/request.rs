//! "Reset your password by email": the User ID and the email address. Whatever was typed —
//! an unknown User ID, another address, a locked account, an account over its hourly limit, a
//! mail server that is down — the answer is the same, in words, status, body and time: the
//! request does the same work for all (check the input's shape, count the client, look the
//! User ID up) and leaves everything that depends on the account to [`follow_up`], after the
//! answer.

use super::{new_link, EmailResetService};
use crate::domain::{user_id, AppError, InvalidInput};
use crate::i18n::Locale;
use crate::server::delivery::{address, messages};
use crate::server::guard::{audit, rate_limit};
use crate::server::state::AppState;
use crate::server::store::Account;

/// The window of the per-account limit on requests.
const HOUR: i64 = 3600;

impl EmailResetService<'_> {
    #[tracing::instrument(skip_all)]
    pub async fn request(
        &self,
        raw_user_id: &str,
        raw_email: &str,
        client: &str,
    ) -> Result<(), AppError> {
        self.offered()?;
        let user_id = user_id::normalize(raw_user_id);
        if user_id.is_empty() {
            return Err(AppError::Invalid(InvalidInput::UserIdMissing));
        }
        let email = raw_email.trim();
        if !address::valid_email(email) {
            return Err(AppError::Invalid(InvalidInput::EmailFormat));
        }
        rate_limit::check(self.s, "email-reset", client).await?;
        let valid_id =
            user_id.chars().count() <= user_id::MAX_CHARS && !user_id.chars().any(char::is_control);
        let account = if valid_id {
            self.s.store.find_account(&user_id).await.map_err(|e| {
                crate::server::failure::failed("email reset: looking the User ID up failed", e)
            })?
        } else {
            None
        };
        let state = self.s.clone();
        let email = email.to_string();
        let client = client.to_string();
        let now = self.s.clock.now();
        // The emails' language is decided now (there is no request after the answer): the
        // owner's, if they have proven who they are before, else this request's.
        let locale =
            crate::i18n::owner_locale(account.as_ref().and_then(|a| a.language.as_deref()));
        let delivery = state.delivery.clone();
        delivery.after_answer(async move {
            follow_up(&state, locale, account, &email, &client, now).await
        });
        Ok(())
    }
}

/// Why a request sent nothing, for the audit log (never for the person).
fn refusal(account: &Account, email: &str, now: i64) -> Option<&'static str> {
    if !address::same_email(email, &account.email) {
        Some("email_mismatch")
    } else if account.locked_at(now).is_some() {
        Some("locked")
    } else {
        None
    }
}

/// After the answer: when the User ID and the address match an account that is not locked
/// and under its hourly limit, a new link (voiding the old one), the notification and the reset
/// email. The link goes live only once both were sent; if either fails it is removed and the
/// request is not counted.
async fn follow_up(
    s: &AppState,
    locale: Locale,
    account: Option<Account>,
    email: &str,
    client: &str,
    now: i64,
) {
    let Some(account) = account else {
        audit::record(s, None, "email_reset.refused", client, "unknown").await;
        return;
    };
    if let Some(reason) = refusal(&account, email, now) {
        audit::record(s, Some(account.id), "email_reset.refused", client, reason).await;
        return;
    }
    let counter = format!("email-reset:{}", account.id);
    match s.store.hit_counter(&counter, now, HOUR).await {
        Ok(count) if count > s.config.reset_links_per_hour => {
            audit::record(
                s,
                Some(account.id),
                "email_reset.refused",
                client,
                "over_limit",
            )
            .await;
            return;
        }
        Ok(_) => {}
        Err(e) => {
            tracing::error!(error = %e, "email reset: counting the request failed");
            return;
        }
    }
    audit::record(s, Some(account.id), "email_reset.requested", client, "").await;
    let (link, hash) = match new_link(&s.store, &s.keys, &s.config, account.id, now, false).await {
        Ok(made) => made,
        Err(e) => {
            tracing::error!(error = %e, "email reset: storing the link failed");
            return;
        }
    };
    let cfg = &s.config;
    let notice = messages::reset_requested(
        locale,
        &account.email,
        &account.user_id,
        now,
        client,
        &cfg.support_contact_in(locale),
    );
    let reset = messages::reset_link(
        locale,
        &account.email,
        &account.user_id,
        &link,
        cfg.reset_link_ttl_seconds,
    );
    let sent = match s.delivery.send(&notice).await {
        Ok(()) => s.delivery.send(&reset).await,
        Err(e) => Err(e),
    };
    let outcome = match sent {
        Ok(()) => s
            .store
            .mark_reset_link_sent(&hash, s.clock.now())
            .await
            .map(|_| "email_reset.link_sent"),
        Err(e) => {
            // The error names the mail server's problem, never the link.
            tracing::warn!(error = %e, account = account.id, "reset link email not sent");
            let removed = s.store.delete_reset_link(&hash).await;
            let _ = s.store.unhit_counter(&counter, now, HOUR).await;
            removed.map(|_| "email_reset.delivery_failed")
        }
    };
    match outcome {
        Ok(event) => audit::record(s, Some(account.id), event, client, "").await,
        Err(e) => tracing::error!(error = %e, "email reset: recording the send failed"),
    }
}

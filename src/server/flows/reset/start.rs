//! Step 1, the User ID, and "Start over".

use super::{internal, FlowToken, ResetService, FLOW_SECONDS};
use crate::domain::{user_id, AppError, InvalidInput};
use crate::server::crypto;
use crate::server::guard::{audit, rate_limit};
use crate::server::store::FlowKind;

impl ResetService<'_> {
    /// Step 1. Always creates a flow, for known and unknown User IDs alike.
    #[tracing::instrument(skip_all)]
    pub async fn start(&self, raw_user_id: &str, client: &str) -> Result<FlowToken, AppError> {
        let user_id = user_id::normalize(raw_user_id);
        if user_id.is_empty() {
            return Err(AppError::Invalid(InvalidInput::UserIdMissing));
        }
        if user_id.chars().count() > user_id::MAX_CHARS || user_id.chars().any(char::is_control) {
            return Err(AppError::Invalid(InvalidInput::UserIdInvalid));
        }
        rate_limit::check(self.s, "reset.start", client).await?;
        let now = self.s.clock.now();
        let account = self
            .s
            .store
            .find_account(&user_id)
            .await
            .map_err(internal)?;
        let subject = self.s.keys.subject(&user_id);
        let token = crypto::new_token();
        let id_hash = self.s.keys.token_hash(token.expose());
        let account_id = account.as_ref().map(|a| a.id);
        self.s
            .store
            .insert_flow(
                FlowKind::Reset,
                &id_hash,
                account_id,
                &subject,
                "standard",
                now,
                now + FLOW_SECONDS,
            )
            .await
            .map_err(internal)?;
        audit::record(self.s, account_id, "reset.started", client, "").await;
        Ok(FlowToken(token))
    }

    /// "Start over": forgets the flow.
    pub async fn cancel(&self, cookie: Option<&str>, client: &str) -> Result<(), AppError> {
        rate_limit::check(self.s, "reset.restart", client).await?;
        if let Some(token) = cookie {
            self.s
                .store
                .delete_flow(&self.s.keys.token_hash(token))
                .await
                .map_err(internal)?;
        }
        Ok(())
    }
}

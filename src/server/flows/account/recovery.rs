//! "Generate recovery codes": ten new one-use codes replace the old set; they are shown once.

use super::{internal, AccountService};
use crate::domain::flows::account::RecoveryCodes;
use crate::domain::AppError;
use crate::server::delivery::messages::SignInChange;
use crate::server::factors::recovery_codes;
use crate::server::guard::rate_limit;

/// What the codes waiting to be shown are bound to (AEAD associated data).
fn pending_aad(user_id: &str) -> String {
    format!("pending-recovery-codes:{user_id}")
}

impl AccountService<'_> {
    #[tracing::instrument(skip_all)]
    pub async fn generate_recovery_codes(&self) -> Result<(), AppError> {
        rate_limit::check(self.s, "account.recovery-codes", &self.client).await?;
        self.require_recent_authentication()?;
        let codes: Vec<_> = (0..recovery_codes::SET_SIZE)
            .map(|_| recovery_codes::generate())
            .collect();
        let hashes: Vec<Vec<u8>> = codes
            .iter()
            .map(|code| {
                let canonical = code.expose().replace('-', "");
                self.s.keys.recovery_code_hash(self.account.id, &canonical)
            })
            .collect();
        let shown: Vec<&str> = codes.iter().map(|c| c.expose().as_str()).collect();
        let sealed = self.s.keys.encrypt_totp(
            shown.join("\n").as_bytes(),
            &pending_aad(&self.account.user_id),
        );
        let store = &self.s.store;
        store
            .replace_recovery_codes(self.account.id, &hashes, self.now, &self.client)
            .await
            .map_err(internal)?;
        store
            .set_pending_codes(&self.session.token_hash, Some(&sealed))
            .await
            .map_err(internal)?;
        self.notify(&self.account.email, SignInChange::RecoveryCodesGenerated);
        Ok(())
    }

    /// The codes just generated, once.
    pub async fn take_new_recovery_codes(&self) -> Result<Option<RecoveryCodes>, AppError> {
        self.unless_change_required()?;
        let Some(sealed) = self
            .s
            .store
            .take_pending_codes(&self.session.token_hash)
            .await
            .map_err(internal)?
        else {
            return Ok(None);
        };
        let Some(plain) = self
            .s
            .keys
            .decrypt_totp(&sealed, &pending_aad(&self.account.user_id))
        else {
            return Ok(None);
        };
        let text = String::from_utf8_lossy(plain.expose()).into_owned();
        Ok(Some(RecoveryCodes {
            codes: text.lines().map(str::to_string).collect(),
        }))
    }
}

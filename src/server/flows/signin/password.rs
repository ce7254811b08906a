//! Step 1: the User ID and password. Every failure — an unknown User ID, a wrong password, a
//! locked account given a wrong password — gets the same answer after the same work: one
//! argon2 verification (against a dummy hash when there is no account) and one counted failure
//! (the shadow counter for an unknown ID), so neither the words, the status nor the time tell
//! them apart. Only a locked account that gave the right password is told when it unlocks.
//!
//! Input shaped like a temporary password (flow C) that is not the lasting password is also
//! tried against the account's live temporary password — or, with none, against the dummy
//! hash: such input always costs two verifications, whatever the account. A sign-in completed
//! with the lasting password voids a temporary one (the owner has not lost it after all).

use super::{internal, SignInService, SignInToken, FLOW_SECONDS, TEMPORARY_PATH};
use crate::domain::{user_id, AppError, InvalidInput, Secret};
use crate::i18n;
use crate::server::crypto::{self, Redacted};
use crate::server::factors::temporary_password;
use crate::server::guard::lockout::{self, Who};
use crate::server::guard::{audit, rate_limit};
use crate::server::store::{Account, FlowKind};

impl SignInService<'_> {
    #[tracing::instrument(skip_all)]
    pub async fn password(
        &self,
        raw_user_id: &str,
        password: &Secret,
        client: &str,
    ) -> Result<SignInToken, AppError> {
        let user_id = user_id::normalize(raw_user_id);
        if user_id.is_empty() {
            return Err(AppError::Invalid(InvalidInput::UserIdMissing));
        }
        rate_limit::check(self.s, "signin", client).await?;
        let valid_id =
            user_id.chars().count() <= user_id::MAX_CHARS && !user_id.chars().any(char::is_control);
        let account = if valid_id {
            self.s
                .store
                .find_account(&user_id)
                .await
                .map_err(internal)?
        } else {
            None
        };
        let now = self.s.clock.now();
        let subject = self.s.keys.subject(&user_id);
        let who = match &account {
            Some(account) => Who::Account(account),
            None => Who::Unknown(&subject),
        };
        // The guess is claimed first. A locked account (or User ID) is still verified, so it
        // answers a wrong password exactly as an open one does.
        let attempt = match lockout::claim(self.s, who, client, "password", now).await {
            Ok(attempt) => Some(attempt),
            Err(AppError::Locked) => None,
            Err(e) => return Err(e),
        };
        let hash = account.as_ref().and_then(|a| a.password_hash.clone());
        let given = Redacted::new(password.expose().to_string());
        let lasting = self.s.hasher.verify(given, hash).await;
        let temporary = !lasting
            && self
                .temporary_matches(account.as_ref(), password, now)
                .await?;
        let matched = lasting || temporary;
        let (Some(account), true) = (account.as_ref(), matched) else {
            match attempt {
                Some(attempt) => {
                    attempt.failed(self.s, client, AppError::SignInFailed).await;
                }
                None => lockout::wrong_password_while_locked(self.s, who, client, now).await?,
            }
            return Err(AppError::SignInFailed);
        };
        let Some(attempt) = attempt else {
            audit::record(self.s, Some(account.id), "signin.locked", client, "").await;
            return Err(self.locked_error(account.id, now).await);
        };
        attempt.passed(self.s, client).await?;
        let token = crypto::new_token();
        self.s
            .store
            .insert_flow(
                FlowKind::SignIn,
                &self.s.keys.token_hash(token.expose()),
                Some(account.id),
                &subject,
                if temporary {
                    TEMPORARY_PATH
                } else {
                    "standard"
                },
                now,
                now + FLOW_SECONDS,
            )
            .await
            .map_err(internal)?;
        audit::record(
            self.s,
            Some(account.id),
            "signin.password.accepted",
            client,
            if temporary { "temporary" } else { "" },
        )
        .await;
        Ok(SignInToken(token))
    }

    /// The answer to the right password of a locked account: when it unlocks, or that only an
    /// administrator can unlock it.
    async fn locked_error(&self, account_id: i64, now: i64) -> AppError {
        let until = match self.s.store.account_by_id(account_id).await {
            Ok(Some(account)) => account.locked_at(now),
            Ok(None) => None,
            Err(e) => return internal(e),
        };
        match until {
            Some(until) if lockout::is_permanent(until) => AppError::LockedPermanently,
            Some(until) => AppError::LockedUntil(i18n::date_time(i18n::request_locale(), until)),
            None => AppError::Locked,
        }
    }

    /// Whether `password` is the account's live temporary password. Only input of that shape
    /// is tried, and then always with one verification (the dummy hash without such a
    /// password), so the time says nothing about the account.
    async fn temporary_matches(
        &self,
        account: Option<&Account>,
        password: &Secret,
        now: i64,
    ) -> Result<bool, AppError> {
        let Some(canonical) = temporary_password::canonical(password.expose()) else {
            return Ok(false);
        };
        if !self.s.config.email_reset {
            return Ok(false);
        }
        let hash = self
            .s
            .store
            .temporary_password(account.map_or(0, |a| a.id), now, false)
            .await
            .map_err(internal)?;
        Ok(self.s.hasher.verify(canonical, hash).await)
    }
}

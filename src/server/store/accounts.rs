//! Accounts: the row, creating and finding one, unlocking, the authenticator step it last
//! accepted, and the language its owner last proved themselves in.

use sqlx::FromRow;

use super::{map_unique, Store, StoreResult};

const ACCOUNT_COLUMNS: &str = "id, user_id, email, phone, password_hash, totp_secret, totp_last_step, \
     failed_attempts, failures_total, locked_until, must_change_password, password_changed_at, created_at, updated_at, \
     language";

#[derive(Clone, FromRow)]
pub struct Account {
    pub id: i64,
    pub user_id: String,
    pub email: String,
    pub phone: Option<String>,
    pub password_hash: Option<String>,
    /// Encrypted with the secret key (see `crypto::Keys::encrypt_totp`).
    pub totp_secret: Option<Vec<u8>>,
    pub totp_last_step: Option<i64>,
    pub failed_attempts: i64,
    /// Failures since the last completed flow, over any time (the hard cap counts these).
    pub failures_total: i64,
    pub locked_until: Option<i64>,
    pub must_change_password: i64,
    pub password_changed_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    /// The language the owner last used when they proved who they are (`en`, `de`), if ever.
    pub language: Option<String>,
}

impl std::fmt::Debug for Account {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Account")
            .field("id", &self.id)
            .field("user_id", &self.user_id)
            .finish_non_exhaustive()
    }
}

impl Account {
    pub fn locked_at(&self, now: i64) -> Option<i64> {
        self.locked_until.filter(|until| *until > now)
    }
}

/// An account about to be created. `Debug` shows the User ID only.
pub struct NewAccount {
    pub user_id: String,
    pub email: String,
    pub phone: Option<String>,
    pub password_hash: Option<String>,
    /// Already encrypted, bound to the User ID (see `crypto::Keys::encrypt_totp`).
    pub totp_secret: Option<Vec<u8>>,
    pub must_change_password: bool,
}

impl std::fmt::Debug for NewAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewAccount")
            .field("user_id", &self.user_id)
            .finish_non_exhaustive()
    }
}

impl Store {
    pub async fn insert_account(&self, new: &NewAccount, now: i64) -> StoreResult<i64> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO accounts (user_id, email, phone, password_hash, totp_secret, must_change_password, \
             password_changed_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
        )
        .bind(&new.user_id)
        .bind(&new.email)
        .bind(&new.phone)
        .bind(&new.password_hash)
        .bind(&new.totp_secret)
        .bind(new.must_change_password as i64)
        .bind(new.password_hash.as_ref().map(|_| now))
        .bind(now)
        .fetch_one(self.pool())
        .await
        .map_err(map_unique)?;
        Ok(id)
    }

    pub async fn find_account(&self, user_id: &str) -> StoreResult<Option<Account>> {
        Ok(sqlx::query_as::<_, Account>(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE user_id = $1"
        ))
        .bind(user_id)
        .fetch_optional(self.pool())
        .await?)
    }

    pub async fn account_by_id(&self, id: i64) -> StoreResult<Option<Account>> {
        Ok(sqlx::query_as::<_, Account>(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await?)
    }

    /// Records the language the owner has just used to prove who they are.
    pub async fn set_account_language(&self, account_id: i64, language: &str) -> StoreResult<()> {
        sqlx::query("UPDATE accounts SET language = $2 WHERE id = $1")
            .bind(account_id)
            .bind(language)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn count_accounts(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM accounts")
            .fetch_one(self.pool())
            .await?)
    }
    /// Accepts a TOTP time step at most once, ever: succeeds only for a step later than the
    /// last accepted one, and only while the account is not locked. Failures are left as they
    /// are: passing one factor does not end a run of guesses at another.
    pub async fn accept_totp_step(
        &self,
        account_id: i64,
        step: i64,
        now: i64,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE accounts SET totp_last_step = $2, updated_at = $3 \
             WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) \
               AND (locked_until IS NULL OR locked_until <= $3)",
        )
        .bind(account_id)
        .bind(step)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }
    /// Clears a lock (the hard cap's too) and every failure count. Returns false when there is
    /// no such account.
    pub async fn unlock_account(&self, user_id: &str, now: i64) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE accounts SET locked_until = NULL, failed_attempts = 0, failures_since = NULL, failures_total = 0, updated_at = $2 \
             WHERE user_id = $1",
        )
            .bind(user_id)
            .bind(now)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Sets (or with `None`, removes) the account's authenticator: the sealed secret and the
    /// step its confirming code used (so that code is not accepted again).
    pub async fn set_totp(
        &self,
        account_id: i64,
        sealed: Option<&[u8]>,
        last_step: Option<i64>,
        now: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE accounts SET totp_secret = $2, totp_last_step = $3, updated_at = $4 WHERE id = $1",
        )
        .bind(account_id)
        .bind(sealed)
        .bind(last_step)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Sets the account's email address and/or phone number (`None` leaves one as it is). A new
    /// email address voids, in the same transaction, any reset link or unused temporary password
    /// sent to the old one.
    pub async fn set_contact(
        &self,
        account_id: i64,
        email: Option<&str>,
        phone: Option<&str>,
        now: i64,
    ) -> StoreResult<()> {
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "UPDATE accounts SET email = COALESCE($2, email), phone = COALESCE($3, phone), updated_at = $4 \
             WHERE id = $1",
        )
        .bind(account_id)
        .bind(email)
        .bind(phone)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if email.is_some() {
            for sql in [
                "DELETE FROM reset_links WHERE account_id = $1",
                "DELETE FROM temporary_passwords WHERE account_id = $1 AND used_at IS NULL",
            ] {
                sqlx::query(sql).bind(account_id).execute(&mut *tx).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// Marks the account to change its password at the next sign-in. False: no such account.
    pub async fn require_password_change(&self, user_id: &str, now: i64) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE accounts SET must_change_password = 1, updated_at = $2 WHERE user_id = $1",
        )
        .bind(user_id)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }
}

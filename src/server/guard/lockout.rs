//! The lockout: failed guesses lock an account, and a User ID without an account alike (a
//! shadow counter keyed by the keyed hash of the ID), so that nobody can tell them apart by
//! how they lock.
//!
//! Every guess at a factor (a password, an authenticator or recovery code, a PIN) is claimed
//! with [`claim`] before it is compared, and then either [`Attempt::failed`] or
//! [`Attempt::passed`]. So a guess whose count cannot be written is never compared (a database
//! error fails closed), and racing guesses each take their own number.
//!
//! - Passing a factor does not end a run of failures: only a completed flow does (a password
//!   change, a full sign-in; `Store::clear_failures`), so holding one factor does not buy
//!   endless guesses at the other.
//! - `KEYTURN_LOCKOUT_THRESHOLD` failures in a run lock for `KEYTURN_LOCKOUT_SECONDS`;
//!   `KEYTURN_LOCKOUT_MAX_FAILURES` failures since the last completed flow, over any time and
//!   locks included, lock until an administrator unlocks.
//! - One client address may make `KEYTURN_CLIENT_FAILURES_PER_HOUR` wrong guesses an hour over
//!   all User IDs; beyond that its guesses are refused before they count against anyone.
//! - The owner is emailed about a lock at most once a day, and always about the hard lock.
//! - A wrong password given while locked (sign-in still compares it) counts toward the hard
//!   cap, so a lock never opens unlimited guessing.

use crate::domain::AppError;
use crate::server::delivery::messages;
use crate::server::state::AppState;
use crate::server::store::{Account, Claimed, LOCKED_UNTIL_UNLOCKED};

use super::audit;

/// Whose failures count: an account, or a User ID without one (by its subject hash).
#[derive(Clone, Copy, Debug)]
pub enum Who<'a> {
    Account(&'a Account),
    Unknown(&'a [u8]),
}

impl Who<'_> {
    fn account_id(&self) -> Option<i64> {
        match self {
            Who::Account(a) => Some(a.id),
            Who::Unknown(_) => None,
        }
    }
}

/// The window of the per-client count of wrong guesses.
const CLIENT_WINDOW_SECONDS: i64 = 3600;

fn internal<E: std::fmt::Display + 'static>(e: E) -> AppError {
    crate::server::failure::failed("lockout bookkeeping failed", e)
}

fn client_key(client: &str) -> String {
    format!("guesses:{client}")
}

/// Whether a lock is the hard cap's, which only an administrator lifts.
pub fn is_permanent(until: i64) -> bool {
    until >= LOCKED_UNTIL_UNLOCKED
}

/// Until when it is locked, if it is.
pub async fn locked_until(
    state: &AppState,
    who: Who<'_>,
    now: i64,
) -> Result<Option<i64>, AppError> {
    match who {
        Who::Account(account) => Ok(account.locked_at(now)),
        Who::Unknown(subject) => state
            .store
            .unknown_locked_until(subject, now)
            .await
            .map_err(internal),
    }
}

/// One claimed guess at a factor (`what`: "totp", "pin", "password", …), to be settled by
/// [`Attempt::failed`] or [`Attempt::passed`]. Dropping it unsettled leaves it counted.
#[must_use]
#[derive(Debug)]
pub struct Attempt<'a> {
    who: Who<'a>,
    what: &'a str,
    claimed: Claimed,
    now: i64,
}

/// Claims a guess before it is compared. `Err(Locked)` when it is locked (or this guess is
/// beyond the threshold because earlier ones race with it: they lock it now);
/// `Err(RateLimited)` when the client has made too many wrong guesses this hour;
/// `Err(Internal)` when the count cannot be written — the guess is then not compared at all.
pub async fn claim<'a>(
    state: &AppState,
    who: Who<'a>,
    client: &str,
    what: &'a str,
    now: i64,
) -> Result<Attempt<'a>, AppError> {
    let cfg = &state.config;
    let by_client = state
        .store
        .hit_counter(&client_key(client), now, CLIENT_WINDOW_SECONDS)
        .await
        .map_err(internal)?;
    if by_client > cfg.client_failures_per_hour {
        tracing::warn!(client, "too many wrong guesses from one client");
        return Err(AppError::RateLimited);
    }
    let claimed = match who {
        Who::Account(a) => {
            state
                .store
                .claim_account_guess(a.id, cfg.lockout_seconds, now)
                .await
        }
        Who::Unknown(subject) => {
            state
                .store
                .claim_unknown_guess(subject, cfg.lockout_seconds, now)
                .await
        }
    }
    .map_err(internal)?;
    let Some(claimed) = claimed else {
        // Locked: nothing is compared, so it is no guess of this client's either.
        unhit_client(state, client, now).await?;
        return Err(AppError::Locked);
    };
    let attempt = Attempt {
        who,
        what,
        claimed,
        now,
    };
    if claimed.run > cfg.lockout_threshold || claimed.total > cfg.lockout_max_failures {
        // Earlier guesses, still being compared, already reach a limit: this one is not
        // compared, and is given back. If they were wrong, the one that reached the limit locks;
        // if they were right, they give theirs back too. (If their lock could not be written,
        // the run stays over the limit and every guess is refused here until it lapses.)
        if let Who::Account(account) = who {
            state
                .store
                .refund_account_guess(account.id)
                .await
                .map_err(internal)?;
        }
        unhit_client(state, client, now).await?;
        return Err(AppError::Locked);
    }
    Ok(attempt)
}

/// A wrong password given while it is locked. Sign-in still compares it (so that a locked
/// account answers a wrong password exactly as an open one does), so it counts toward the hard
/// cap and the client's count: the lock bounds these guesses too, at
/// `KEYTURN_LOCKOUT_MAX_FAILURES` over any time.
pub async fn wrong_password_while_locked(
    state: &AppState,
    who: Who<'_>,
    client: &str,
    now: i64,
) -> Result<(), AppError> {
    let cfg = &state.config;
    state
        .store
        .hit_counter(&client_key(client), now, CLIENT_WINDOW_SECONDS)
        .await
        .map_err(internal)?;
    let total = match who {
        Who::Account(a) => state.store.count_locked_failure(a.id).await,
        Who::Unknown(subject) => state.store.count_locked_unknown_failure(subject).await,
    }
    .map_err(internal)?;
    state.metrics.factor("password", false);
    audit::record(
        state,
        who.account_id(),
        "factor.password.failed",
        client,
        "locked",
    )
    .await;
    if total >= cfg.lockout_max_failures {
        let attempt = Attempt {
            who,
            what: "password",
            claimed: Claimed { run: 0, total },
            now,
        };
        attempt.lock(state, client).await?;
    }
    Ok(())
}

/// Gives a client's claimed guess back (it was right, or never compared).
async fn unhit_client(state: &AppState, client: &str, now: i64) -> Result<(), AppError> {
    state
        .store
        .unhit_counter(&client_key(client), now, CLIENT_WINDOW_SECONDS)
        .await
        .map_err(internal)
}

impl Attempt<'_> {
    /// The guess was wrong: it stays counted. Returns the error to show: `wrong`, or `Locked`
    /// once a limit is reached (the owner is then told by email, in the background, so the
    /// response neither waits for nor reveals it).
    pub async fn failed(self, state: &AppState, client: &str, wrong: AppError) -> AppError {
        let cfg = &state.config;
        state.metrics.factor(self.what, false);
        let failed = format!("factor.{}.failed", self.what);
        audit::record(state, self.who.account_id(), &failed, client, "").await;
        if self.claimed.run < cfg.lockout_threshold && self.claimed.total < cfg.lockout_max_failures
        {
            return wrong;
        }
        match self.lock(state, client).await {
            Ok(()) => AppError::Locked,
            Err(e) => e,
        }
    }

    /// The guess was right: its claim is given back (the client's count too). The run of
    /// failures goes on until a flow is completed.
    pub async fn passed(self, state: &AppState, client: &str) -> Result<(), AppError> {
        state.metrics.factor(self.what, true);
        if let Who::Account(account) = self.who {
            state
                .store
                .refund_account_guess(account.id)
                .await
                .map_err(internal)?;
        }
        unhit_client(state, client, self.now).await
    }

    /// Sets the lock this attempt's counts call for (once: a lock already in place is left),
    /// audits it and tells the owner.
    async fn lock(&self, state: &AppState, client: &str) -> Result<(), AppError> {
        let cfg = &state.config;
        let permanent = self.claimed.total >= cfg.lockout_max_failures;
        let until = if permanent {
            LOCKED_UNTIL_UNLOCKED
        } else {
            self.now + cfg.lockout_seconds
        };
        let set = match self.who {
            Who::Account(a) => state.store.lock_account(a.id, until, self.now).await,
            Who::Unknown(subject) => state.store.lock_unknown(subject, until, self.now).await,
        }
        .map_err(internal)?;
        if !set {
            return Ok(());
        }
        state.metrics.locked(permanent);
        let account_id = self.who.account_id();
        let Who::Account(account) = self.who else {
            let detail = lock_detail(until, "none");
            audit::record(state, account_id, "account.locked", client, &detail).await;
            return Ok(());
        };
        tracing::warn!(
            account = account.id,
            permanent,
            "account locked after failed attempts"
        );
        let notify = state
            .store
            .claim_lock_notice(account.id, permanent, self.now)
            .await
            .unwrap_or_else(|e| {
                tracing::error!(error = %e, "recording a lock notice failed");
                false
            });
        let notice = if notify { "sent" } else { "suppressed" };
        audit::record(
            state,
            account_id,
            "account.locked",
            client,
            &lock_detail(until, notice),
        )
        .await;
        if notify {
            let locale = crate::i18n::owner_locale(account.language.as_deref());
            let message = messages::account_locked(
                locale,
                &account.email,
                &account.user_id,
                (!permanent).then_some(until),
                &cfg.support_contact_in(locale),
            );
            state.delivery.queue_notice(message, "lockout notification");
        }
        Ok(())
    }
}

/// The audit detail of a lock: until when (or `administrator`), and whether the owner was told.
fn lock_detail(until: i64, notice: &str) -> String {
    if is_permanent(until) {
        format!("until=administrator notice={notice}")
    } else {
        format!("until={until} notice={notice}")
    }
}

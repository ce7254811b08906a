//! The store: one façade over SQLite and Postgres.
//!
//! Both backends run through sqlx's `Any` driver with the same portable SQL: `$1` placeholders
//! (SQLite accepts them too), explicit column lists, integer unix-second times, 0/1 integers for
//! booleans, `RETURNING` and `ON CONFLICT` (both backends have them). Only the migrations differ,
//! one folder per dialect with the same numbers. Atomicity comes from single statements that
//! check and change at once (`UPDATE … WHERE … RETURNING`, rows-affected checks), never from a
//! read followed by a write.
//!
//! One file per table group; each adds its queries to [`Store`] and defines its row types.

mod accounts;
mod audit;
mod counters;
mod email_resets;
mod failures;
mod flows;
mod message_queue;
mod outbox;
mod passwords;
mod recovery_codes;
mod sessions;

pub use accounts::{Account, NewAccount};
pub use audit::AuditEvent;
pub use failures::{Claimed, LOCKED_UNTIL_UNLOCKED};
pub use flows::{FlowKind, FlowRow, PinRecord, Purged};
pub use message_queue::{NewQueuedMessage, QueuedMessage};
pub use outbox::OutboxRow;
pub use passwords::PasswordChange;
pub use sessions::{PendingContact, SessionRow, SessionSummary};

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("already exists")]
    Duplicate,
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

pub type StoreResult<T> = Result<T, StoreError>;

impl StoreError {
    /// The database is out of reach or busy rather than the query wrong: a lost or refused
    /// connection, a pool with no connection free in time, a server shutting down or not yet
    /// up, SQLite's lock still held after the busy timeout. The statement (or the
    /// transaction around it) did not happen, and the same request can be sent again.
    pub fn is_outage(&self) -> bool {
        let StoreError::Db(e) = self else {
            return false;
        };
        match e {
            sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed => true,
            sqlx::Error::Database(db) => {
                let sqlite = db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some();
                db.code().is_some_and(|code| outage_code(&code, sqlite))
            }
            _ => false,
        }
    }
}

/// SQLite's BUSY and LOCKED, extended codes included (the low byte is the primary code);
/// Postgres's SQLSTATE classes 08 (connection exception), 53 (insufficient resources) and 57P
/// (operator intervention: shutdown, crash, starting up).
fn outage_code(code: &str, sqlite: bool) -> bool {
    if sqlite {
        return code.parse::<i32>().is_ok_and(|c| matches!(c & 0xff, 5 | 6));
    }
    code.starts_with("08") || code.starts_with("53") || code.starts_with("57P")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

impl Store {
    /// Connects (creating a SQLite file and its folder when needed). Does not migrate.
    pub async fn connect(url: &str) -> StoreResult<Store> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            Backend::Postgres
        };
        let url = if backend == Backend::Sqlite {
            create_sqlite_parent_dir(url);
            sqlite_creating(url)
        } else {
            url.to_string()
        };
        let options = AnyConnectOptions::from_str(&url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 8 } else { 16 })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets readers run beside the writer; the busy timeout makes a
                        // writer wait for the lock instead of failing at once.
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA busy_timeout = 5000").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        Ok(Store { pool, backend })
    }

    /// Connects and applies pending migrations; any failure is returned, never skipped.
    pub async fn open(url: &str) -> StoreResult<Store> {
        let store = Store::connect(url).await?;
        store.migrate().await?;
        Ok(store)
    }

    pub async fn migrate(&self) -> StoreResult<()> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&self.pool).await?;
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// For `/healthz`: the database answers a query.
    pub async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

fn create_sqlite_parent_dir(url: &str) {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() || path == ":memory:" {
        return;
    }
    if let Some(parent) = std::path::Path::new(path).parent() {
        if !parent.as_os_str().is_empty() {
            let _ = std::fs::create_dir_all(parent);
        }
    }
}

/// A SQLite URL that creates its file when it does not exist yet, as the default one does: an
/// operator who names a new file (`sqlite:///var/lib/keyturn/k.db`) means a new database, and
/// SQLite's own "unable to open database file" reads like a permissions problem. A `mode` the
/// URL sets itself (`ro`, `rw`) is kept.
fn sqlite_creating(url: &str) -> String {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    if base.ends_with(":memory:") || query.split('&').any(|p| p.starts_with("mode=")) {
        return url.to_string();
    }
    if query.is_empty() {
        format!("{base}?mode=rwc")
    } else {
        format!("{base}?{query}&mode=rwc")
    }
}

pub(crate) fn map_unique(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Duplicate,
        _ => StoreError::Db(e),
    }
}

#[cfg(test)]
mod tests {
    use super::{outage_code, sqlite_creating};

    #[test]
    fn outage_codes_are_the_server_being_away_not_the_query_being_wrong() {
        for away in ["5", "517", "261", "6", "262"] {
            assert!(outage_code(away, true), "SQLite {away}");
        }
        for wrong in ["19", "2067", "1", "11"] {
            assert!(!outage_code(wrong, true), "SQLite {wrong}");
        }
        for away in ["08006", "08001", "57P01", "57P03", "53300"] {
            assert!(outage_code(away, false), "Postgres {away}");
        }
        for wrong in ["23505", "42P01", "22P02", "57014", "40001", "00005"] {
            assert!(!outage_code(wrong, false), "Postgres {wrong}");
        }
    }

    #[test]
    fn a_sqlite_url_creates_its_file_unless_it_says_otherwise() {
        assert_eq!(
            sqlite_creating("sqlite:///var/lib/k.db"),
            "sqlite:///var/lib/k.db?mode=rwc"
        );
        assert_eq!(
            sqlite_creating("sqlite://data/k.db?cache=shared"),
            "sqlite://data/k.db?cache=shared&mode=rwc"
        );
        for kept in [
            "sqlite://data/k.db?mode=rwc",
            "sqlite://k.db?mode=ro",
            "sqlite::memory:",
        ] {
            assert_eq!(sqlite_creating(kept), kept);
        }
    }
}

//! Fresh databases that remove themselves: a SQLite file in its own temporary folder, or a
//! Postgres database created on `KEYTURN_TEST_POSTGRES_URL`. Dropping the guard removes the
//! folder or drops the database, also when a test fails (the drop runs while unwinding).

use std::ops::Deref;
use std::path::PathBuf;

use super::{postgres_admin_url, random_suffix};

/// A fresh, empty database; reads as its URL (`&db` passes for a `&str`).
pub struct TestDatabase {
    url: String,
    place: Place,
}

enum Place {
    Sqlite { dir: PathBuf },
    Postgres { admin: String, name: String },
    Removed,
}

/// A fresh, empty database of the given backend ("sqlite" or "postgres").
pub async fn fresh_database(backend: &str) -> TestDatabase {
    match backend {
        "sqlite" => {
            let dir = std::env::temp_dir().join(format!("keyturn-test-{}", random_suffix()));
            std::fs::create_dir_all(&dir).unwrap();
            TestDatabase {
                url: format!("sqlite://{}?mode=rwc", dir.join("keyturn.db").display()),
                place: Place::Sqlite { dir },
            }
        }
        "postgres" => {
            let admin = postgres_admin_url().expect("KEYTURN_TEST_POSTGRES_URL");
            let name = format!("keyturn_test_{}", random_suffix());
            sqlx::any::install_default_drivers();
            let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin)
                .await
                .expect("connect to Postgres");
            sqlx::Executor::execute(&mut conn, format!("CREATE DATABASE {name}").as_str())
                .await
                .unwrap();
            let _ = sqlx::Connection::close(conn).await;
            let (base, _) = admin.rsplit_once('/').expect("a database in the URL");
            TestDatabase {
                url: format!("{base}/{name}"),
                place: Place::Postgres { admin, name },
            }
        }
        other => panic!("unknown backend {other}"),
    }
}

impl TestDatabase {
    pub fn url(&self) -> &str {
        &self.url
    }

    #[allow(dead_code, reason = "the benches use `url`")]
    pub fn as_str(&self) -> &str {
        &self.url
    }

    /// Removes the database now, from async code, instead of when the guard drops. Returns how
    /// many connections Postgres still listed for it just before (always 0 for SQLite); close
    /// the pools first to have none.
    #[allow(dead_code, reason = "the tests leave removal to Drop")]
    pub async fn remove(mut self) -> Result<u64, String> {
        match std::mem::replace(&mut self.place, Place::Removed) {
            Place::Removed => Ok(0),
            Place::Sqlite { dir } => {
                let _ = std::fs::remove_dir_all(dir);
                Ok(0)
            }
            Place::Postgres { admin, name } => drop_postgres(&admin, &name)
                .await
                .map_err(|e| format!("{name}: {e}")),
        }
    }
}

impl Deref for TestDatabase {
    type Target = str;

    fn deref(&self) -> &str {
        &self.url
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        match std::mem::replace(&mut self.place, Place::Removed) {
            Place::Removed => {}
            Place::Sqlite { dir } => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Place::Postgres { admin, name } => {
                // Drop mostly runs inside a test's runtime, which cannot block on a future: a
                // thread of its own with a small runtime works inside one and outside alike.
                let dropped = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .map_err(|e| format!("{name}: no runtime: {e}"))?;
                    runtime
                        .block_on(drop_postgres(&admin, &name))
                        .map(|_| ())
                        .map_err(|e| format!("{name}: {e}"))
                })
                .join();
                match dropped {
                    Ok(Ok(())) => {}
                    Ok(Err(e)) => eprintln!("could not drop the test database {e}"),
                    Err(_) => eprintln!("dropping a test database panicked"),
                }
            }
        }
    }
}

/// Drops the database `name` on the server of `admin`, ending any connections to it that remain
/// (`WITH (FORCE)`, Postgres 13+; plain `DROP DATABASE` before). Returns how many connections
/// Postgres listed for it just before.
async fn drop_postgres(admin: &str, name: &str) -> Result<u64, sqlx::Error> {
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(admin).await?;
    let lingering: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = $1")
            .bind(name)
            .fetch_one(&mut conn)
            .await?;
    let mut done = sqlx::Executor::execute(
        &mut conn,
        format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str(),
    )
    .await;
    if done.is_err() {
        // Before Postgres 13: no FORCE.
        done = sqlx::Executor::execute(
            &mut conn,
            format!("DROP DATABASE IF EXISTS {name}").as_str(),
        )
        .await;
    }
    let _ = sqlx::Connection::close(conn).await;
    done.map(|_| lingering.max(0) as u64)
}

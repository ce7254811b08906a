//! The harness shared by the integration tests (`tests/it`) and the benchmarks (`benches/`): a
//! Keyturn app on a fresh SQLite file or a fresh Postgres database, driven over HTTP with
//! `tower::ServiceExt::oneshot`, exactly as a browser's requests reach it.
//!
//! The test binary includes it as a module, each bench with
//! `#[path = "../tests/testkit/mod.rs"] mod testkit;`. What only the tests use (or only the
//! benches) sits in impl blocks and items of its own, each with a `dead_code` allow that says
//! why; the rest both use. The crate paths all go through [`paths`].

mod app;
mod client;
mod database;
pub mod paths;
#[allow(
    dead_code,
    reason = "only the tests send to a real SMTP server; the benches use the dev outbox"
)]
mod smtp;
#[allow(
    dead_code,
    reason = "only the fault tests break the database's connections"
)]
mod tcp_proxy;

pub use app::TestApp;
pub use client::{Client, Reply};
pub use database::{fresh_database, TestDatabase};
pub use paths::{admin, crypto, passwords, store, totp};
#[allow(unused_imports, reason = "the benches use the dev outbox")]
pub use smtp::{unreachable_smtp_url, Mail, SmtpSink};
#[allow(
    unused_imports,
    reason = "only the fault tests break the database's connections"
)]
pub use tcp_proxy::TcpProxy;

use std::collections::HashMap;

pub const TEST_KEY: &str = "8f1c2b7d4e6a09f3c5b1d2e4f6a8b0c1d3e5f7091a2b3c4d5e6f708192a3b4c5";
/// A 160-bit authenticator secret, base32.
pub const TOTP_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
pub const OLD_PASSWORD: &str = "the old password is long enough";
pub const NEW_PASSWORD: &str = "Vivid-otter-grazes-near-7-quiet-lakes";

pub fn postgres_admin_url() -> Option<String> {
    std::env::var("KEYTURN_TEST_POSTGRES_URL")
        .ok()
        .filter(|s| !s.is_empty())
}

pub fn random_suffix() -> String {
    use rand::Rng;
    let mut rng = rand::thread_rng();
    (0..12)
        .map(|_| (b'a' + rng.gen_range(0..26)) as char)
        .collect()
}

/// Settings for tests: dev mode (messages land in the outbox), generous rate limits unless a
/// test sets its own.
pub fn settings(database_url: &str, extra: &[(&str, &str)]) -> HashMap<String, String> {
    let mut vars: HashMap<String, String> = [
        ("KEYTURN_SECRET_KEY", TEST_KEY),
        ("KEYTURN_DEV", "1"),
        ("KEYTURN_DATABASE_URL", database_url),
        ("KEYTURN_PUBLIC_URL", "https://reset.example.org"),
        ("KEYTURN_MAIL_FROM", "Keyturn <no-reply@corp.example>"),
        ("KEYTURN_RATE_LIMIT_PER_MINUTE", "100000"),
        ("KEYTURN_SUPPORT_CONTACT", "the help desk on +1 555 0100"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (k, v) in extra {
        vars.insert(k.to_string(), v.to_string());
    }
    vars
}

/// Runs a test body against SQLite always and against Postgres when
/// `KEYTURN_TEST_POSTGRES_URL` is given.
#[macro_export]
macro_rules! on_both_backends {
    ($name:ident, $body:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn sqlite() {
                super::$body("sqlite").await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn postgres() {
                if $crate::testkit::postgres_admin_url().is_none() {
                    eprintln!("skipped: KEYTURN_TEST_POSTGRES_URL is not set");
                    return;
                }
                super::$body("postgres").await;
            }
        }
    };
}

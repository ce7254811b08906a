//! Keyturn's integration tests, one binary: every scenario on SQLite, and on Postgres too when
//! `KEYTURN_TEST_POSTGRES_URL` names a server whose user may create databases.

#![allow(
    unreachable_pub,
    reason = "a test binary has no public interface: `pub` marks what the testkit offers its users"
)]

#[macro_use]
#[path = "../testkit/mod.rs"]
mod testkit;

mod catalogues;
mod cli;
mod config;
mod email_reset;
mod fuzz;
mod languages;
mod layout;
mod pages;
mod reset;
mod signin;
mod store_story;

//! Everything that runs only on the server.
//!
//! - `flows/`: each flow's steps (today the reset wizard), one folder per flow;
//! - shared by every flow and owned by none: `guard/` (rate limits, lockout, audit),
//!   `factors/` (authenticator codes, PINs, password hashing and vetting), `session/` (the
//!   cookies binding a browser to its state), `delivery/` (mail, SMS, the dev outbox and every
//!   message's text), `store/` (the database, one file per table group);
//! - `admin/` (what the `keyturn user …` commands do), `config`, `state`, `clock`, `crypto`,
//!   `failure` (the error a person sees when the server side fails), `mask`, `metrics` (what `GET /metrics` shows on `KEYTURN_METRICS_ADDR`).
//!
//! The axum application (`crate::http`) and the binary (`crate::cli`) sit above the pages,
//! since they serve them.

pub mod admin;
pub mod clock;
pub mod config;
pub mod crypto;
pub mod delivery;
pub mod factors;
pub mod failure;
pub mod flows;
pub mod guard;
pub mod mask;
pub mod metrics;
pub mod session;
pub mod state;
pub mod store;

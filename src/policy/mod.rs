//! Password rules and strength estimation.
//!
//! Pure Rust without I/O, compiled into both the server and the browser bundle, so that the
//! rules ticked while typing are exactly the rules the server enforces.

pub mod common;
pub mod rules;
pub mod strength;

pub use common::CommonPasswords;
pub use rules::*;
pub use strength::{estimate, Strength};

//! The types both builds share and the wire carries: each flow's view types, the channel a PIN
//! goes over, the one error type (codes with data, never sentences), the secret string type of
//! server-function arguments, and the User ID's canonical form.
//!
//! Below everything but `policy` (the pure password rules, whose published policy and rule
//! kinds travel in these types): nothing here imports pages, components, server functions or
//! server code, so every layer may use it. Words for these codes live in `crate::i18n`.

pub mod channel;
pub mod error;
pub mod flows;
pub mod secret;
pub mod user_id;

pub use channel::Channel;
pub use error::{AppError, Field, InvalidInput};
pub use secret::Secret;

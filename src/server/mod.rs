//! Everything that runs only on the server: configuration, state, storage, cryptography,
//! delivery of messages, and the services that implement the flows.

pub mod cli;
pub mod clock;
pub mod config;
pub mod crypto;
pub mod delivery;
pub mod http;
pub mod mask;
pub mod passwords;
pub mod services;
pub mod state;
pub mod store;
pub mod totp;

//! Pages that exist in dev mode only.

pub mod gallery;
pub mod outbox;

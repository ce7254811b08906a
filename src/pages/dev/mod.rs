//! Pages that exist in dev mode only.

pub mod outbox;

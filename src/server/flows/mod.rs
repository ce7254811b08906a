//! Each flow's steps, one folder per flow, over the shared `guard`, `factors`, `session`,
//! `delivery` and `store` modules. A flow's functions take the state and return
//! [`crate::domain::AppError`]s that are safe to show.

pub mod account;
pub mod email_reset;
pub mod reset;
pub mod signin;

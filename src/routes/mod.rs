//! One module per page; the reset wizard has one file per step.

pub mod not_found;
pub mod outbox;
pub mod reset;
pub mod signin;

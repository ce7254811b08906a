//! The views, by flow: one folder per flow (the reset wizard has one file per step), plus the
//! dev-mode pages and the fallback.

pub mod dev;
pub mod not_found;
pub mod reset;
pub mod signin;

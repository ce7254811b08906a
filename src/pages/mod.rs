//! The views, by flow: one folder per flow (the reset wizard has one file per step; the
//! account has one file per tab and per menu item's page), plus the dev-mode pages and the
//! fallback. `islands` names each page's island: the part of it that hydrates in the browser.

pub mod account;
pub mod dev;
pub mod email_reset;
pub mod islands;
pub mod not_found;
pub mod reset;
pub mod signin;

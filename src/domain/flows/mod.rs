//! What the server sends each flow's pages: one module per flow.

pub mod account;
pub mod dev;
pub mod email_reset;
pub mod reset;
pub mod signin;

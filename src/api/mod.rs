//! Server functions: the only way the browser talks to the server.
//!
//! Each function is thin: parse the input, call a service from `crate::server`, map the error.
//! Their URLs are stable (`endpoint = …`) and listed in the README so operators can rate-limit
//! them at a proxy and other clients can call them.

mod error;
pub mod outbox;
pub mod reset;
pub mod signin;

pub use error::AppError;

#[cfg(feature = "ssr")]
mod context;
#[cfg(feature = "ssr")]
pub use context::*;

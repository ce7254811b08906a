//! Server functions, by flow: the only way the browser talks to the server.
//!
//! Each function is thin: parse the input, call the flow's logic in `crate::server::flows`,
//! map the result to a response. Their URLs are stable (`endpoint = …`, `/api/<flow>/<step>`)
//! and listed in the README so operators can rate-limit them at a proxy and other clients can
//! call them. In the client build each is a stub that posts to that URL.

pub mod dev;
pub mod policy;
pub mod reset;
pub mod signin;

#[cfg(feature = "ssr")]
mod request;

//! The cookies that bind a browser to its state on the server: today the reset flow's; the
//! signed-in session's joins it.

pub mod flow_cookie;

//! The cookies binding a browser to its state on the server (`cookies`), and signed-in
//! sessions: created at sign-in with a new id, checked for idle and absolute timeouts on every
//! request, ended by "Sign out", by a password change and by an administrator (`sessions`).

pub mod cookies;
pub mod sessions;

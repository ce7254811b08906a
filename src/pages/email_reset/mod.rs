//! The forgotten password by email (flow C): the request and its "Check your email"
//! (`request`), the emailed link's page and the page after its "Continue" (`link`). The sign-in
//! with the temporary password and the forced change are the sign-in's and the account's.

pub mod link;
pub mod request;

pub use link::{ResetLinkPage, TemporaryPasswordSentPage};
pub use request::{EmailResetPage, EmailResetSentPage};

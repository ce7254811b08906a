//! The forgotten password by email (flow C) as the server describes it to the page.

use serde::{Deserialize, Serialize};

/// What the page behind a reset link shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ResetLinkView {
    /// "Get a temporary password", with "Continue".
    Live,
    /// Expired, used, or replaced by a newer link: said plainly, with a way to ask again.
    Gone,
}

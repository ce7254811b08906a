//! The "Password locked or forgotten?" wizard as the server describes it to the page.

use serde::{Deserialize, Serialize};

use crate::domain::Channel;
use crate::policy::PasswordPolicy;

/// What the wizard shows now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WizardView {
    pub step: WizardStep,
    /// "Step `number` of `total`".
    pub number: u8,
    pub total: u8,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum WizardStep {
    /// No flow yet, or it expired (`expired` says so, to explain the restart).
    UserId {
        expired: bool,
    },
    Authenticator {
        /// Whether "Alternative Authentication" (PINs instead of the app) is offered.
        alternative: bool,
    },
    Pin(PinView),
    NewPassword(PasswordStepView),
    Done,
    Locked {
        /// When it unlocks, as "YYYY-MM-DD HH:MM UTC"; None when only an administrator can
        /// unlock it (after the most failures allowed since the last completed flow).
        until: Option<String>,
        support: String,
    },
}

/// Where a PIN went, as far as the page may say.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Destination {
    /// Before any factor has passed the page names no address, not even masked: that would
    /// show strangers part of a person's address, and unknown User IDs would need a fake.
    Registered,
    /// Masked ("•••• 4567", "j•••@example.com"), once a factor has passed.
    Masked(String),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PinView {
    pub channel: Channel,
    pub destination: Destination,
    /// Reference of the PIN now valid; `None` when no PIN could be sent yet.
    pub reference: Option<String>,
    /// Seconds until "Send a new PIN" is allowed.
    pub resend_in: u32,
    /// Whether "Alternative Authentication" (send by email instead) is offered.
    pub can_switch: bool,
    pub support: String,
    /// How long a PIN is valid.
    pub valid_minutes: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PasswordStepView {
    pub policy: PasswordPolicy,
    /// Personal information the new password must not contain (the person has proven both
    /// factors by now, so showing it back to them leaks nothing).
    pub user_id: String,
    pub email: String,
}

//! Signing in (flow B) as the server describes it to the page: the second-factor step after a
//! right password, and where the person goes once signed in.

use serde::{Deserialize, Serialize};

use crate::domain::Channel;

/// What the second-factor page shows now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SignInStep {
    /// No sign-in in progress (or it expired: `expired`): back to the sign-in page.
    Start { expired: bool },
    /// "Enter your authenticator code", with "Alternative Authentication" and "Use a recovery
    /// code" offered as the account allows.
    Authenticator(SecondFactorView),
    /// "Use a recovery code": one of the ten one-use codes, in place of the authenticator code.
    RecoveryCode(SecondFactorView),
    /// "Alternative Authentication": the PIN channels the account has.
    ChooseChannel(SecondFactorView),
    /// A PIN was sent (or could not be): "One-time PIN", "Continue", "Send a new PIN".
    Pin(SignInPinView),
    /// Signed in: the account page (or the forced change) comes next.
    Done,
}

/// The account's second factors, as far as the second-factor page offers them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondFactorView {
    /// The account has an authenticator app.
    pub authenticator: bool,
    /// Recovery codes left (the option shows only while there are some).
    pub recovery_codes: u32,
    /// The PIN channels the account has (email always; SMS with a phone).
    pub channels: Vec<Channel>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignInPinView {
    pub channel: Channel,
    /// Masked ("•••• 4567", "j•••@example.com"): the person has given the right password.
    pub destination: String,
    /// Reference of the PIN now valid; `None` when no PIN could be sent.
    pub reference: Option<String>,
    /// Seconds until "Send a new PIN" is allowed.
    pub resend_in: u32,
    pub valid_minutes: u32,
    pub factors: SecondFactorView,
}

/// What the sign-in page offers besides signing in (from the server's settings).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInOptions {
    /// "I've forgotten my password" (the forgotten password by email, `KEYTURN_EMAIL_RESET`).
    pub email_reset: bool,
}

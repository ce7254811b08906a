//! The account page (flow B) as the server describes it: the signed-in person's profile, their
//! authenticators, their recent security events, and the forms of each "⋮" menu item.

use serde::{Deserialize, Serialize};

use crate::policy::PasswordPolicy;

/// Everything the account page's tabs show, for the signed-in person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountView {
    pub user_id: String,
    /// Masked, as the page shows it.
    pub email: String,
    /// Masked; `None` without a phone.
    pub phone: Option<String>,
    /// When the password was last changed, "YYYY-MM-DD HH:MM UTC".
    pub password_changed: Option<String>,
    pub authenticator_app: bool,
    pub recovery_codes_left: u32,
    /// The password must be changed before anything else (temporary or administrator-set).
    pub must_change_password: bool,
    /// A recent re-authentication is still fresh: sensitive changes need no password now.
    pub recently_authenticated: bool,
    /// The password policy (for the change-password forms' live rules).
    pub policy: PasswordPolicy,
    /// The unmasked email, for the password rule "not containing your email" (the person is
    /// signed in: showing it back to them leaks nothing).
    pub email_for_rules: String,
}

/// One security event of the Activity tab.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityEntry {
    /// The event's code, e.g. "password.changed", "signin.succeeded" (words in `i18n`).
    pub event: String,
    /// "YYYY-MM-DD HH:MM:SS UTC".
    pub at: String,
    /// The client address it came from ("cli" for administrator commands).
    pub client: String,
}

/// A new authenticator secret waiting to be confirmed with a code.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthenticatorSetup {
    /// The QR code of `otpauth_uri`, an SVG document rendered on the server.
    pub qr_svg: String,
    /// The secret as text (base32), for typing into an app by hand.
    pub secret: String,
    pub otpauth_uri: String,
    /// Replacing an existing authenticator (rather than setting up the first).
    pub replacing: bool,
}

impl std::fmt::Debug for AuthenticatorSetup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthenticatorSetup")
            .field("replacing", &self.replacing)
            .finish_non_exhaustive()
    }
}

/// Freshly generated recovery codes: shown once, never again.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryCodes {
    pub codes: Vec<String>,
}

impl std::fmt::Debug for RecoveryCodes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecoveryCodes")
            .field("count", &self.codes.len())
            .finish()
    }
}

/// A change of phone number or email address waiting for the PIN sent to the new one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactChangeView {
    pub channel: crate::domain::Channel,
    /// The new destination, masked.
    pub destination: String,
    pub reference: Option<String>,
    pub resend_in: u32,
}

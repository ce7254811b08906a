//! The gallery's fixtures: every state of every page, as the data the server would send.
//!
//! Coverage is checked, not hoped for. [`covered!`] writes, from one list, a function that
//! names the kind of a value by an exhaustive `match` (a new variant of a view type does not
//! compile until it is named there) and the list of every kind; the tests below then fail
//! until some fixture shows each kind: each wizard step, each second-factor step, each state
//! of a reset link, each page of the gallery, and each error's alert.

use crate::domain::flows::account::{
    AccountView, ActivityEntry, AuthenticatorSetup, ContactChangeView, RecoveryCodes,
};
use crate::domain::flows::email_reset::ResetLinkView;
use crate::domain::flows::reset::{Destination, PasswordStepView, PinView, WizardStep, WizardView};
use crate::domain::flows::signin::{SecondFactorView, SignInPinView};
use crate::domain::{AppError, Channel, InvalidInput};
use crate::pages::signin::second_factor::Shown;
use crate::policy::{PasswordPolicy, RuleKind};

/// One state of one page: `id` is its address in the gallery (`/design?state=ID`).
#[derive(Clone, Debug)]
pub struct GalleryState {
    pub id: &'static str,
    /// The flow it belongs to, as the index groups them.
    pub flow: Flow,
    /// What a designer reads in the index.
    pub title: &'static str,
    pub scene: Scene,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    SignIn,
    Reset,
    Account,
    EmailReset,
}

impl Flow {
    pub const ALL: [Flow; 4] = [Flow::SignIn, Flow::Reset, Flow::Account, Flow::EmailReset];

    pub fn title(self) -> &'static str {
        match self {
            Flow::SignIn => "Sign in and the second factor",
            Flow::Reset => "Password locked or forgotten? (the reset wizard)",
            Flow::Account => "Your account",
            Flow::EmailReset => "Reset by email",
        }
    }
}

/// What a state draws, with the page's alert (`error`) where the page has one.
#[derive(Clone, Debug)]
pub enum Scene {
    SignIn {
        email_reset: bool,
        error: Option<AppError>,
    },
    SecondFactor {
        shown: Shown,
        error: Option<AppError>,
    },
    Wizard {
        view: WizardView,
        error: Option<AppError>,
        /// Typed into "New password" and "Confirm password".
        typed: Option<&'static str>,
        /// `?with=recovery`: the recovery code in place of the authenticator code.
        recovery: bool,
    },
    EmailResetRequest {
        error: Option<AppError>,
    },
    EmailResetSent,
    ResetLink {
        link: ResetLinkView,
        error: Option<AppError>,
    },
    TemporaryPasswordSent,
    Account {
        account: Result<AccountView, AppError>,
        page: AccountPage,
        error: Option<AppError>,
        typed: Option<&'static str>,
    },
}

/// The account pages (and the states inside one page that come from a second fetch).
#[derive(Clone, Debug)]
pub enum AccountPage {
    Profile,
    /// With the "⋮" menu of this row open.
    Authenticators(Option<&'static str>),
    Activity(Vec<ActivityEntry>),
    ChangePassword,
    ConfirmItsYou,
    PasswordChanged,
    AuthenticatorBegin,
    AuthenticatorPending(AuthenticatorSetup),
    RemoveAuthenticator,
    ContactNew(Channel),
    ContactPin(ContactChangeView),
    RecoveryCodesGenerate,
    RecoveryCodesShown(RecoveryCodes),
}

/// Writes `$name(&$type) -> &'static str` by an exhaustive match and `$all`, every name.
macro_rules! covered {
    ($name:ident, $all:ident, $type:ty { $($kind:literal => $pattern:pat,)+ }) => {
        pub fn $name(value: &$type) -> &'static str {
            match value {
                $($pattern => $kind,)+
            }
        }
        pub const $all: &[&str] = &[$($kind,)+];
    };
}

covered!(wizard_kind, WIZARD_KINDS, WizardStep {
    "user-id" => WizardStep::UserId { .. },
    "authenticator" => WizardStep::Authenticator { .. },
    "pin" => WizardStep::Pin(_),
    "new-password" => WizardStep::NewPassword(_),
    "done" => WizardStep::Done,
    "locked" => WizardStep::Locked { .. },
});

covered!(second_factor_kind, SECOND_FACTOR_KINDS, Shown {
    "start" => Shown::Start { .. },
    "authenticator" => Shown::Authenticator(_),
    "recovery" => Shown::Recovery(_),
    "channels" => Shown::Channels(_),
    "pin" => Shown::Pin(_),
    "done" => Shown::Done,
});

covered!(link_kind, LINK_KINDS, ResetLinkView {
    "live" => ResetLinkView::Live,
    "gone" => ResetLinkView::Gone,
});

covered!(account_page_kind, ACCOUNT_PAGE_KINDS, AccountPage {
    "profile" => AccountPage::Profile,
    "authenticators" => AccountPage::Authenticators(_),
    "activity" => AccountPage::Activity(_),
    "change-password" => AccountPage::ChangePassword,
    "confirm-its-you" => AccountPage::ConfirmItsYou,
    "password-changed" => AccountPage::PasswordChanged,
    "authenticator-begin" => AccountPage::AuthenticatorBegin,
    "authenticator-pending" => AccountPage::AuthenticatorPending(_),
    "remove-authenticator" => AccountPage::RemoveAuthenticator,
    "contact-new" => AccountPage::ContactNew(_),
    "contact-pin" => AccountPage::ContactPin(_),
    "recovery-codes-generate" => AccountPage::RecoveryCodesGenerate,
    "recovery-codes-shown" => AccountPage::RecoveryCodesShown(_),
});

covered!(scene_kind, SCENE_KINDS, Scene {
    "sign-in" => Scene::SignIn { .. },
    "second-factor" => Scene::SecondFactor { .. },
    "wizard" => Scene::Wizard { .. },
    "email-reset-request" => Scene::EmailResetRequest { .. },
    "email-reset-sent" => Scene::EmailResetSent,
    "reset-link" => Scene::ResetLink { .. },
    "temporary-password-sent" => Scene::TemporaryPasswordSent,
    "account" => Scene::Account { .. },
});

// Errors that only a crafted or broken request meets (a foreign site's form, a malformed
// post, a server fault) still have words, and the gallery shows them too.
covered!(error_kind, ERROR_KINDS, AppError {
    "wrong-code" => AppError::WrongCode,
    "wrong-pin" => AppError::WrongPin,
    "pin-expired" => AppError::PinExpired,
    "resend-too-soon" => AppError::ResendTooSoon(_),
    "send-quota-reached" => AppError::SendQuotaReached,
    "delivery-failed" => AppError::DeliveryFailed(_),
    "no-destination" => AppError::NoDestination(_),
    "locked" => AppError::Locked,
    "rate-limited" => AppError::RateLimited,
    "flow-expired" => AppError::FlowExpired,
    "out-of-order" => AppError::OutOfOrder,
    "password-rejected" => AppError::PasswordRejected(_),
    "invalid" => AppError::Invalid(_),
    "sign-in-failed" => AppError::SignInFailed,
    "locked-until" => AppError::LockedUntil(_),
    "locked-permanently" => AppError::LockedPermanently,
    "wrong-password" => AppError::WrongPassword,
    "wrong-recovery-code" => AppError::WrongRecoveryCode,
    "not-signed-in" => AppError::NotSignedIn,
    "password-change-required" => AppError::PasswordChangeRequired,
    "reauth-required" => AppError::ReauthRequired,
    "cross-site" => AppError::CrossSite,
    "link-gone" => AppError::LinkGone,
    "email-not-sent" => AppError::EmailNotSent,
    "not-found" => AppError::NotFound,
    "unavailable" => AppError::Unavailable,
    "internal" => AppError::Internal,
});

const SUPPORT: &str = "the IT help desk at +1 555 0100";
const UNLOCKS_AT: &str = "2026-12-03 16:05 UTC";
/// Typed passwords: weak (two rules unmet), fair (all rules met, guessable), strong.
pub const WEAK: &str = "summer2";
pub const FAIR: &str = "Summer2026!";
pub const STRONG: &str = "correct-Horse-battery-9-staple";

fn factors() -> SecondFactorView {
    SecondFactorView {
        authenticator: true,
        recovery_codes: 7,
        channels: vec![Channel::Sms, Channel::Email],
    }
}

fn account() -> AccountView {
    AccountView {
        user_id: "jdoe".into(),
        email: "j•••@example.com".into(),
        phone: Some("•••• 4567".into()),
        password_changed: Some("2026-11-02 09:14 UTC".into()),
        authenticator_app: true,
        recovery_codes_left: 7,
        must_change_password: false,
        recently_authenticated: true,
        policy: PasswordPolicy::default(),
        email_for_rules: "jane.doe@example.com".into(),
    }
}

fn wizard(number: u8, step: WizardStep) -> WizardView {
    WizardView {
        step,
        number,
        total: 4,
    }
}

fn pin(channel: Channel, destination: Destination, resend_in: u32) -> WizardStep {
    WizardStep::Pin(PinView {
        channel,
        destination,
        reference: Some("K7Q2".into()),
        resend_in,
        can_switch: channel == Channel::Sms,
        support: SUPPORT.into(),
        valid_minutes: 10,
    })
}

fn password_step() -> WizardStep {
    WizardStep::NewPassword(PasswordStepView {
        policy: PasswordPolicy::default(),
        user_id: "jdoe".into(),
        email: "jane.doe@example.com".into(),
    })
}

fn signin_pin(channel: Channel, reference: Option<&str>, resend_in: u32) -> Shown {
    Shown::Pin(SignInPinView {
        channel,
        destination: match channel {
            Channel::Sms => "•••• 4567".into(),
            Channel::Email => "j•••@example.com".into(),
        },
        reference: reference.map(Into::into),
        resend_in,
        valid_minutes: 10,
        factors: factors(),
    })
}

fn state(id: &'static str, flow: Flow, title: &'static str, scene: Scene) -> GalleryState {
    GalleryState {
        id,
        flow,
        title,
        scene,
    }
}

fn sign_in(
    id: &'static str,
    title: &'static str,
    email_reset: bool,
    error: Option<AppError>,
) -> GalleryState {
    state(
        id,
        Flow::SignIn,
        title,
        Scene::SignIn { email_reset, error },
    )
}

fn second(
    id: &'static str,
    title: &'static str,
    shown: Shown,
    error: Option<AppError>,
) -> GalleryState {
    state(
        id,
        Flow::SignIn,
        title,
        Scene::SecondFactor { shown, error },
    )
}

fn reset(
    id: &'static str,
    title: &'static str,
    view: WizardView,
    error: Option<AppError>,
) -> GalleryState {
    state(
        id,
        Flow::Reset,
        title,
        Scene::Wizard {
            view,
            error,
            typed: None,
            recovery: false,
        },
    )
}

fn typed(
    id: &'static str,
    title: &'static str,
    password: &'static str,
    error: Option<AppError>,
) -> GalleryState {
    state(
        id,
        Flow::Reset,
        title,
        Scene::Wizard {
            view: wizard(4, password_step()),
            error,
            typed: Some(password),
            recovery: false,
        },
    )
}

fn on_account(
    id: &'static str,
    title: &'static str,
    page: AccountPage,
    error: Option<AppError>,
) -> GalleryState {
    with_account(id, title, Ok(account()), page, error)
}

fn with_account(
    id: &'static str,
    title: &'static str,
    account: Result<AccountView, AppError>,
    page: AccountPage,
    error: Option<AppError>,
) -> GalleryState {
    state(
        id,
        Flow::Account,
        title,
        Scene::Account {
            account,
            page,
            error,
            typed: None,
        },
    )
}

fn by_email(id: &'static str, title: &'static str, scene: Scene) -> GalleryState {
    state(id, Flow::EmailReset, title, scene)
}

/// Every state, in the order of the index.
pub fn all() -> Vec<GalleryState> {
    use AppError as E;
    let f = factors;
    vec![
        // Sign in and the second factor.
        sign_in("sign-in", "Sign in, empty", true, None),
        sign_in(
            "sign-in-no-email-reset",
            "Sign in, without the reset by email",
            false,
            None,
        ),
        sign_in(
            "sign-in-failed",
            "Sign in, wrong User ID or password",
            true,
            Some(E::SignInFailed),
        ),
        sign_in(
            "sign-in-locked",
            "Sign in, locked with its time",
            true,
            Some(E::LockedUntil(UNLOCKS_AT.into())),
        ),
        sign_in(
            "sign-in-locked-permanently",
            "Sign in, locked for good",
            true,
            Some(E::LockedPermanently),
        ),
        sign_in(
            "sign-in-rate-limited",
            "Sign in, too many requests",
            true,
            Some(E::RateLimited),
        ),
        sign_in(
            "sign-in-cross-site",
            "Sign in, a form from another site",
            true,
            Some(E::CrossSite),
        ),
        sign_in(
            "sign-in-unavailable",
            "Sign in, the database out of reach",
            true,
            Some(E::Unavailable),
        ),
        sign_in(
            "sign-in-internal",
            "Sign in, a server fault",
            true,
            Some(E::Internal),
        ),
        second(
            "second-code",
            "Authenticator code",
            Shown::Authenticator(f()),
            None,
        ),
        second(
            "second-code-wrong",
            "Authenticator code, wrong code",
            Shown::Authenticator(f()),
            Some(E::WrongCode),
        ),
        second(
            "second-code-format",
            "Authenticator code, not 6 digits",
            Shown::Authenticator(f()),
            Some(E::Invalid(InvalidInput::CodeFormat)),
        ),
        second(
            "second-recovery",
            "Recovery code",
            Shown::Recovery(f()),
            None,
        ),
        second(
            "second-recovery-wrong",
            "Recovery code, wrong or used",
            Shown::Recovery(f()),
            Some(E::WrongRecoveryCode),
        ),
        second(
            "second-recovery-format",
            "Recovery code, malformed",
            Shown::Recovery(f()),
            Some(E::Invalid(InvalidInput::RecoveryCodeFormat)),
        ),
        second(
            "second-channels",
            "Alternative Authentication: choose SMS or email",
            Shown::Channels(f()),
            None,
        ),
        second(
            "second-pin-sms",
            "PIN sent by SMS, with its reference",
            signin_pin(Channel::Sms, Some("K7Q2"), 0),
            None,
        ),
        second(
            "second-pin-countdown",
            "PIN sent by email, resend counting down",
            signin_pin(Channel::Email, Some("M3X9"), 42),
            None,
        ),
        second(
            "second-pin-wrong",
            "PIN, wrong PIN",
            signin_pin(Channel::Sms, Some("K7Q2"), 0),
            Some(E::WrongPin),
        ),
        second(
            "second-pin-expired",
            "PIN, expired",
            signin_pin(Channel::Sms, Some("K7Q2"), 0),
            Some(E::PinExpired),
        ),
        second(
            "second-pin-failed",
            "PIN, delivery failed",
            signin_pin(Channel::Sms, None, 0),
            Some(E::DeliveryFailed(Channel::Sms)),
        ),
        second(
            "second-pin-quota",
            "PIN, too many sent",
            signin_pin(Channel::Email, Some("M3X9"), 0),
            Some(E::SendQuotaReached),
        ),
        second(
            "second-pin-too-soon",
            "PIN, asked again too soon",
            signin_pin(Channel::Email, Some("M3X9"), 20),
            Some(E::ResendTooSoon(20)),
        ),
        second(
            "second-pin-locked",
            "PIN, account locked by failed guesses",
            signin_pin(Channel::Sms, Some("K7Q2"), 0),
            Some(E::Locked),
        ),
        second(
            "second-start",
            "No sign-in in progress",
            Shown::Start { expired: false },
            None,
        ),
        second(
            "second-expired",
            "Sign-in expired",
            Shown::Start { expired: true },
            None,
        ),
        second("second-done", "Signed in already", Shown::Done, None),
        // The reset wizard.
        reset(
            "reset-user-id",
            "Step 1, empty",
            wizard(1, WizardStep::UserId { expired: false }),
            None,
        ),
        reset(
            "reset-user-id-expired",
            "Step 1 after the reset expired",
            wizard(1, WizardStep::UserId { expired: true }),
            Some(E::FlowExpired),
        ),
        reset(
            "reset-user-id-missing",
            "Step 1, no User ID",
            wizard(1, WizardStep::UserId { expired: false }),
            Some(E::Invalid(InvalidInput::UserIdMissing)),
        ),
        reset(
            "reset-user-id-invalid",
            "Step 1, not a User ID",
            wizard(1, WizardStep::UserId { expired: false }),
            Some(E::Invalid(InvalidInput::UserIdInvalid)),
        ),
        reset(
            "reset-code",
            "Step 2, authenticator code",
            wizard(2, WizardStep::Authenticator { alternative: true }),
            None,
        ),
        reset(
            "reset-code-wrong",
            "Step 2, wrong code",
            wizard(2, WizardStep::Authenticator { alternative: true }),
            Some(E::WrongCode),
        ),
        reset(
            "reset-code-no-alternative",
            "Step 2 without Alternative Authentication",
            wizard(2, WizardStep::Authenticator { alternative: false }),
            None,
        ),
        reset(
            "reset-code-out-of-order",
            "Step 2, a step skipped",
            wizard(2, WizardStep::Authenticator { alternative: true }),
            Some(E::OutOfOrder),
        ),
        state(
            "reset-recovery",
            Flow::Reset,
            "Step 2 with a recovery code",
            Scene::Wizard {
                view: wizard(2, WizardStep::Authenticator { alternative: true }),
                error: None,
                typed: None,
                recovery: true,
            },
        ),
        reset(
            "reset-pin-sms",
            "Step 3, PIN sent by SMS with its reference",
            wizard(
                3,
                pin(Channel::Sms, Destination::Masked("•••• 4567".into()), 0),
            ),
            None,
        ),
        reset(
            "reset-pin-countdown",
            "Step 3, resend counting down",
            wizard(
                3,
                pin(Channel::Sms, Destination::Masked("•••• 4567".into()), 42),
            ),
            None,
        ),
        reset(
            "reset-pin-email",
            "Step 3, PIN sent by email",
            wizard(
                3,
                pin(
                    Channel::Email,
                    Destination::Masked("j•••@example.com".into()),
                    0,
                ),
            ),
            None,
        ),
        reset(
            "reset-pin-registered",
            "Step 3 before any factor passed (no address shown)",
            wizard(3, pin(Channel::Email, Destination::Registered, 0)),
            None,
        ),
        reset(
            "reset-pin-wrong",
            "Step 3, wrong PIN",
            wizard(
                3,
                pin(Channel::Sms, Destination::Masked("•••• 4567".into()), 0),
            ),
            Some(E::WrongPin),
        ),
        reset(
            "reset-pin-format",
            "Step 3, PIN not 6 digits",
            wizard(
                3,
                pin(Channel::Sms, Destination::Masked("•••• 4567".into()), 0),
            ),
            Some(E::Invalid(InvalidInput::PinFormat)),
        ),
        reset(
            "reset-pin-failed",
            "Step 3, delivery failed",
            wizard(
                3,
                WizardStep::Pin(PinView {
                    channel: Channel::Sms,
                    destination: Destination::Masked("•••• 4567".into()),
                    reference: None,
                    resend_in: 0,
                    can_switch: true,
                    support: SUPPORT.into(),
                    valid_minutes: 10,
                }),
            ),
            Some(E::DeliveryFailed(Channel::Sms)),
        ),
        reset(
            "reset-pin-no-destination",
            "Step 3, no phone for the account",
            wizard(3, pin(Channel::Sms, Destination::Registered, 0)),
            Some(E::NoDestination(Channel::Sms)),
        ),
        reset(
            "reset-password",
            "Step 4, empty",
            wizard(4, password_step()),
            None,
        ),
        typed(
            "reset-password-weak",
            "Step 4, weak password (checklist half ticked)",
            WEAK,
            None,
        ),
        typed("reset-password-fair", "Step 4, fair password", FAIR, None),
        typed(
            "reset-password-strong",
            "Step 4, strong password",
            STRONG,
            None,
        ),
        typed(
            "reset-password-rejected",
            "Step 4, refused by the server",
            FAIR,
            Some(E::PasswordRejected(vec![
                RuleKind::NotRecent,
                RuleKind::Strength,
            ])),
        ),
        reset("reset-done", "Done", wizard(4, WizardStep::Done), None),
        reset(
            "reset-locked",
            "Locked with its time",
            wizard(
                2,
                WizardStep::Locked {
                    until: Some(UNLOCKS_AT.into()),
                    support: SUPPORT.into(),
                },
            ),
            None,
        ),
        reset(
            "reset-locked-permanently",
            "Locked until the help desk unlocks it",
            wizard(
                2,
                WizardStep::Locked {
                    until: None,
                    support: SUPPORT.into(),
                },
            ),
            None,
        ),
        // The account.
        on_account("account-profile", "Profile", AccountPage::Profile, None),
        with_account(
            "account-profile-no-phone",
            "Profile without a phone, never changed",
            Ok(AccountView {
                phone: None,
                password_changed: None,
                ..account()
            }),
            AccountPage::Profile,
            None,
        ),
        on_account(
            "account-authenticators",
            "Authenticators",
            AccountPage::Authenticators(None),
            None,
        ),
        on_account(
            "account-menu-password",
            "Authenticators, Password ⋮ open",
            AccountPage::Authenticators(Some("password")),
            None,
        ),
        on_account(
            "account-menu-app",
            "Authenticators, Authenticator app ⋮ open",
            AccountPage::Authenticators(Some("authenticator-app")),
            None,
        ),
        on_account(
            "account-menu-sms",
            "Authenticators, SMS ⋮ open",
            AccountPage::Authenticators(Some("sms")),
            None,
        ),
        on_account(
            "account-menu-email",
            "Authenticators, Email ⋮ open",
            AccountPage::Authenticators(Some("email")),
            None,
        ),
        on_account(
            "account-menu-recovery",
            "Authenticators, Recovery codes ⋮ open",
            AccountPage::Authenticators(Some("recovery-codes")),
            None,
        ),
        with_account(
            "account-authenticators-no-app",
            "Authenticators without an app or codes",
            Ok(AccountView {
                authenticator_app: false,
                recovery_codes_left: 0,
                phone: None,
                ..account()
            }),
            AccountPage::Authenticators(Some("authenticator-app")),
            None,
        ),
        on_account(
            "account-activity",
            "Activity",
            AccountPage::Activity(vec![
                ActivityEntry {
                    event: "password.changed".into(),
                    at: "2026-11-02 09:14:03 UTC".into(),
                    client: "203.0.113.7".into(),
                },
                ActivityEntry {
                    event: "signin.succeeded".into(),
                    at: "2026-11-02 09:12:40 UTC".into(),
                    client: "203.0.113.7".into(),
                },
                ActivityEntry {
                    event: "lockout.locked".into(),
                    at: "2026-10-28 17:55:12 UTC".into(),
                    client: "cli".into(),
                },
            ]),
            None,
        ),
        on_account(
            "account-activity-empty",
            "Activity, no events yet",
            AccountPage::Activity(Vec::new()),
            None,
        ),
        on_account(
            "account-password",
            "Change Password",
            AccountPage::ChangePassword,
            None,
        ),
        on_account(
            "account-password-wrong",
            "Change Password, wrong current password",
            AccountPage::ChangePassword,
            Some(E::WrongPassword),
        ),
        state(
            "account-password-weak",
            Flow::Account,
            "Change Password, weak new password",
            Scene::Account {
                account: Ok(account()),
                page: AccountPage::ChangePassword,
                error: None,
                typed: Some(WEAK),
            },
        ),
        on_account(
            "account-password-changed",
            "Password changed",
            AccountPage::PasswordChanged,
            None,
        ),
        with_account(
            "account-forced-change",
            "Forced change (temporary password)",
            Ok(AccountView {
                must_change_password: true,
                ..account()
            }),
            AccountPage::Profile,
            None,
        ),
        on_account(
            "account-confirm",
            "Confirm it's you",
            AccountPage::ConfirmItsYou,
            Some(E::ReauthRequired),
        ),
        with_account(
            "account-app-set-up",
            "Set up authenticator app",
            Ok(AccountView {
                authenticator_app: false,
                ..account()
            }),
            AccountPage::AuthenticatorBegin,
            None,
        ),
        on_account(
            "account-app-replace",
            "Replace authenticator app",
            AccountPage::AuthenticatorBegin,
            None,
        ),
        on_account(
            "account-app-pending",
            "Authenticator app, scan and confirm",
            AccountPage::AuthenticatorPending(setup()),
            None,
        ),
        on_account(
            "account-app-pending-wrong",
            "Authenticator app, wrong code",
            AccountPage::AuthenticatorPending(setup()),
            Some(E::WrongCode),
        ),
        on_account(
            "account-app-remove",
            "Remove authenticator app",
            AccountPage::RemoveAuthenticator,
            None,
        ),
        with_account(
            "account-app-remove-none",
            "Remove authenticator app, none set up",
            Ok(AccountView {
                authenticator_app: false,
                ..account()
            }),
            AccountPage::RemoveAuthenticator,
            None,
        ),
        on_account(
            "account-phone",
            "Change phone number",
            AccountPage::ContactNew(Channel::Sms),
            None,
        ),
        on_account(
            "account-phone-format",
            "Change phone number, not a number",
            AccountPage::ContactNew(Channel::Sms),
            Some(E::Invalid(InvalidInput::PhoneFormat)),
        ),
        on_account(
            "account-phone-pin",
            "Change phone number, PIN sent, resend counting down",
            AccountPage::ContactPin(ContactChangeView {
                channel: Channel::Sms,
                destination: "•••• 9876".into(),
                reference: Some("R4T8".into()),
                resend_in: 42,
            }),
            None,
        ),
        on_account(
            "account-email",
            "Change email address",
            AccountPage::ContactNew(Channel::Email),
            None,
        ),
        on_account(
            "account-email-format",
            "Change email address, not an address",
            AccountPage::ContactNew(Channel::Email),
            Some(E::Invalid(InvalidInput::EmailFormat)),
        ),
        on_account(
            "account-email-pin-failed",
            "Change email address, PIN could not be sent",
            AccountPage::ContactPin(ContactChangeView {
                channel: Channel::Email,
                destination: "n•••@example.org".into(),
                reference: None,
                resend_in: 0,
            }),
            Some(E::DeliveryFailed(Channel::Email)),
        ),
        on_account(
            "account-recovery-codes",
            "Generate recovery codes",
            AccountPage::RecoveryCodesGenerate,
            None,
        ),
        on_account(
            "account-recovery-codes-shown",
            "Recovery codes, shown once",
            AccountPage::RecoveryCodesShown(RecoveryCodes {
                codes: [
                    "4k7q-2m9x",
                    "8h3p-6t2w",
                    "c5n8-1r4v",
                    "9f2j-7k3m",
                    "x6d4-3q8b",
                    "2w7z-5h1c",
                    "m8r3-9p6t",
                    "t1v5-4c7n",
                    "7b9k-2x5d",
                    "q3h6-8j2f",
                ]
                .map(String::from)
                .to_vec(),
            }),
            None,
        ),
        with_account(
            "account-signed-out",
            "Not signed in",
            Err(E::NotSignedIn),
            AccountPage::Profile,
            None,
        ),
        with_account(
            "account-password-change-required",
            "Forced change before the account loads",
            Err(E::PasswordChangeRequired),
            AccountPage::Profile,
            None,
        ),
        with_account(
            "account-not-found",
            "A page that is not there",
            Err(E::NotFound),
            AccountPage::Profile,
            None,
        ),
        // Reset by email.
        by_email(
            "email-request",
            "Reset by email, empty",
            Scene::EmailResetRequest { error: None },
        ),
        by_email(
            "email-request-format",
            "Reset by email, not an address",
            Scene::EmailResetRequest {
                error: Some(E::Invalid(InvalidInput::EmailFormat)),
            },
        ),
        by_email(
            "email-request-malformed",
            "Reset by email, a malformed request",
            Scene::EmailResetRequest {
                error: Some(E::Invalid(InvalidInput::Malformed)),
            },
        ),
        by_email(
            "email-sent",
            "Check your email (link sent)",
            Scene::EmailResetSent,
        ),
        by_email(
            "email-link",
            "Get a temporary password",
            Scene::ResetLink {
                link: ResetLinkView::Live,
                error: None,
            },
        ),
        by_email(
            "email-link-not-sent",
            "Get a temporary password, email not sent",
            Scene::ResetLink {
                link: ResetLinkView::Live,
                error: Some(E::EmailNotSent),
            },
        ),
        by_email(
            "email-link-gone",
            "This link can no longer be used",
            Scene::ResetLink {
                link: ResetLinkView::Gone,
                error: Some(E::LinkGone),
            },
        ),
        by_email(
            "email-done",
            "Check your email (temporary password sent)",
            Scene::TemporaryPasswordSent,
        ),
    ]
}

fn setup() -> AuthenticatorSetup {
    // A fixed, made-up secret: the gallery draws the page, nothing can sign in with it.
    let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP".to_string();
    AuthenticatorSetup {
        qr_svg: QR_PLACEHOLDER.into(),
        otpauth_uri: format!("otpauth://totp/Keyturn:jdoe?secret={secret}&issuer=Keyturn"),
        secret,
        replacing: true,
    }
}

/// Stands in for the QR code the server draws (the QR encoder is a server-only dependency).
const QR_PLACEHOLDER: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 21 21" width="168" height="168"><rect width="21" height="21" fill="#fff"/><path d="M1 1h7v7H1zM13 1h7v7h-7zM1 13h7v7H1z" fill="none" stroke="#000" stroke-width="1"/><path d="M3 3h3v3H3zM15 3h3v3h-3zM3 15h3v3H3zM10 2h1v2h-1zM10 10h3v1h-3zM14 14h2v2h-2zM17 12h2v1h-2zM12 17h1v3h-1zM16 17h3v1h-3z" fill="#000"/></svg>"##;

/// The state with this id.
pub fn find(id: &str) -> Option<GalleryState> {
    all().into_iter().find(|s| s.id == id)
}

/// The error a state's alert shows (the account pages' own alert, or the page's).
pub fn error_of(scene: &Scene) -> Option<&AppError> {
    match scene {
        Scene::SignIn { error, .. }
        | Scene::SecondFactor { error, .. }
        | Scene::Wizard { error, .. }
        | Scene::EmailResetRequest { error }
        | Scene::ResetLink { error, .. }
        | Scene::Account { error, .. } => error.as_ref(),
        Scene::EmailResetSent | Scene::TemporaryPasswordSent => None,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn missing(all: &[&str], shown: impl IntoIterator<Item = &'static str>) -> Vec<String> {
        let shown: BTreeSet<&str> = shown.into_iter().collect();
        all.iter()
            .filter(|kind| !shown.contains(*kind))
            .map(|kind| kind.to_string())
            .collect()
    }

    #[test]
    fn every_page_has_a_state() {
        let states = all();
        assert_eq!(
            missing(SCENE_KINDS, states.iter().map(|s| scene_kind(&s.scene))),
            Vec::<String>::new()
        );
        let pages = states.iter().filter_map(|s| match &s.scene {
            Scene::Account {
                account: Ok(_),
                page,
                ..
            } => Some(account_page_kind(page)),
            _ => None,
        });
        assert_eq!(missing(ACCOUNT_PAGE_KINDS, pages), Vec::<String>::new());
    }

    #[test]
    fn every_step_has_a_state() {
        let states = all();
        let wizard = states.iter().filter_map(|s| match &s.scene {
            Scene::Wizard { view, .. } => Some(wizard_kind(&view.step)),
            _ => None,
        });
        assert_eq!(missing(WIZARD_KINDS, wizard), Vec::<String>::new());
        let second = states.iter().filter_map(|s| match &s.scene {
            Scene::SecondFactor { shown, .. } => Some(second_factor_kind(shown)),
            _ => None,
        });
        assert_eq!(missing(SECOND_FACTOR_KINDS, second), Vec::<String>::new());
        let links = states.iter().filter_map(|s| match &s.scene {
            Scene::ResetLink { link, .. } => Some(link_kind(link)),
            _ => None,
        });
        assert_eq!(missing(LINK_KINDS, links), Vec::<String>::new());
    }

    #[test]
    fn every_error_is_shown_by_some_state() {
        let states = all();
        let shown = states.iter().filter_map(|s| {
            let from_account = match &s.scene {
                Scene::Account {
                    account: Err(e), ..
                } => Some(e),
                _ => None,
            };
            error_of(&s.scene).or(from_account).map(error_kind)
        });
        assert_eq!(missing(ERROR_KINDS, shown), Vec::<String>::new());
    }

    #[test]
    fn ids_are_unique_and_fit_in_an_address() {
        let states = all();
        let mut seen = BTreeSet::new();
        for state in &states {
            assert!(seen.insert(state.id), "{} twice", state.id);
            assert!(
                state
                    .id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}",
                state.id
            );
        }
        assert!(Flow::ALL
            .iter()
            .all(|flow| states.iter().any(|s| s.flow == *flow)));
    }

    #[test]
    fn the_typed_passwords_are_weak_fair_and_strong() {
        use crate::policy::Subject;
        let policy = PasswordPolicy::default();
        let subject = Subject::new("jdoe", "jane.doe@example.com");
        let score = |p: &str| policy.check(p, p, &subject, None).strength.score;
        let weak = policy.check(WEAK, WEAK, &subject, None);
        assert!(weak.strength.score <= 1, "{}", weak.strength.score);
        assert!(
            weak.checks
                .iter()
                .any(|c| c.state == crate::policy::RuleState::Unmet)
                && weak
                    .checks
                    .iter()
                    .any(|c| c.state == crate::policy::RuleState::Met),
            "the weak one ticks some rules, not all"
        );
        assert_eq!(score(FAIR), 2);
        assert_eq!(score(STRONG), 4);
    }
}

//! The account page (flow B) and the pages of its "⋮" menus, all under `/account`.
//!
//! Every page is wrapped in [`SignedIn`]: it fetches the account ([`get_account`]) and shows
//! the page only to a live session, the forced password change instead while the account must
//! change its password, and a way back to the sign-in page without a session. The three tabs
//! (Profile, Authenticators, Activity) are pages of their own, linked as tabs; each change is
//! a `ServerForm` that works hydrated and as a plain form post alike.

pub mod activity;
pub mod authenticator_app;
pub mod authenticators;
pub mod contact;
pub mod password;
pub mod profile;
pub mod recovery_codes;

use leptos::prelude::*;

use crate::api::account::*;
use crate::api::signin::SignOut;
use crate::components::actions::{on_success, PageActions};
use crate::components::alert::{field_aria, provide_page_error, ActionAlert};
use crate::components::focus::refocus_when_lost;
use crate::components::navigation::go_to;
use crate::components::page_title::PageTitle;
use crate::components::password_rules::NewPasswordFields;
use crate::components::server_form::ServerForm;
use crate::components::tabs::{LinkTabs, Tab};
use crate::domain::flows::account::AccountView;
use crate::domain::{AppError, Field};
use crate::i18n::{self, current_locale, td, td_string, Locale};
use crate::policy::PasswordPolicy;

pub use activity::ActivityPage;
pub use authenticator_app::{AuthenticatorAppPage, RemoveAuthenticatorPage};
pub use authenticators::AuthenticatorsPage;
pub use contact::{EmailPage, PhonePage};
pub use password::{ChangePasswordPage, PasswordChangedPage};
pub use profile::ProfilePage;
pub use recovery_codes::RecoveryCodesPage;

/// The account page's tabs, in this order, named in `locale` (`LinkTabs` takes a `'static`
/// list: one is built per language, on first use).
pub fn tabs(locale: Locale) -> &'static [Tab] {
    static EN: std::sync::LazyLock<[Tab; 3]> = std::sync::LazyLock::new(|| tabs_in(Locale::en));
    static DE: std::sync::LazyLock<[Tab; 3]> = std::sync::LazyLock::new(|| tabs_in(Locale::de));
    match locale {
        Locale::en => &*EN,
        Locale::de => &*DE,
    }
}

fn tabs_in(locale: Locale) -> [Tab; 3] {
    [
        Tab {
            id: "profile",
            label: td_string!(locale, account.tabs.profile),
            href: ACCOUNT_PAGE,
        },
        Tab {
            id: "authenticators",
            label: td_string!(locale, account.tabs.authenticators),
            href: AUTHENTICATORS_PAGE,
        },
        Tab {
            id: "activity",
            label: td_string!(locale, account.tabs.activity),
            href: "/account/activity",
        },
    ]
}

/// Shows `page` for the signed-in account. `version` changes when the page's own actions
/// complete: the account is fetched again then (a change shows at once).
#[component]
pub fn SignedIn<F, V>(
    /// The document title.
    title: &'static str,
    #[prop(into, optional)] version: Signal<usize>,
    page: F,
) -> impl IntoView
where
    F: Fn(AccountView) -> V + Clone + Send + Sync + 'static,
    V: IntoView + Send + 'static,
{
    let sign_out = ServerAction::<SignOut>::new();
    let forced = ServerAction::<ChangeAccountPassword>::new();
    let account = Resource::new_serde_wb(
        move || (version.get(), forced.version().get()),
        |_| get_account(),
    );
    on_success(sign_out, || go_to("/"));
    on_success(forced, || go_to("/account/password/changed"));
    // New data replaces the page under the focus: put it on the new main heading.
    refocus_when_lost(move || account.track());
    let sign_out_error = Signal::derive(move || sign_out.value().get().and_then(|r| r.err()));
    let locale = current_locale();

    view! {
        <PageTitle text=title />
        <section class="card wide account">
            <ActionAlert error=sign_out_error />
            <Transition fallback=move || {
                view! { <p class="loading">{td_string!(locale, account.loading)}</p> }
            }>
                {move || {
                    let page = page.clone();
                    Suspend::new(async move {
                        view! { <AccountCard account=account.await sign_out forced page /> }
                    })
                }}
            </Transition>
        </section>
    }
}

/// What an account page shows inside its card for `account`: the page itself for a live session, the forced
/// change instead while the password must be changed, or the way back to signing in. The design
/// gallery draws it from fixtures.
#[component]
pub(crate) fn AccountCard<F, V>(
    account: Result<AccountView, AppError>,
    sign_out: ServerAction<SignOut>,
    forced: ServerAction<ChangeAccountPassword>,
    page: F,
) -> impl IntoView
where
    F: Fn(AccountView) -> V + Send + Sync + 'static,
    V: IntoView + Send + 'static,
{
    let locale = current_locale();
    match account {
        Ok(view) if view.must_change_password => {
            let user_id = view.user_id.clone();
            view! {
                <SessionBar user_id sign_out />
                <ForcedChange
                    action=forced
                    policy=view.policy
                    user_id=view.user_id
                    email=view.email_for_rules
                />
            }
            .into_any()
        }
        Ok(view) => {
            let user_id = view.user_id.clone();
            view! {
                <SessionBar user_id sign_out />
                {page(view).into_any()}
            }
            .into_any()
        }
        Err(AppError::PasswordChangeRequired) => view! {
            <SessionBar user_id=String::new() sign_out />
            <ForcedChange
                action=forced
                policy=PasswordPolicy::default()
                user_id=String::new()
                email=String::new()
            />
        }
        .into_any(),
        Err(AppError::NotSignedIn) => view! { <NotSignedIn /> }.into_any(),
        // The page keeps its heading when it cannot be drawn (a database out of reach, say),
        // so that a screen reader's list of headings still says where the person is.
        Err(e) => view! {
            <h1>{td_string!(locale, account.your_account)}</h1>
            <p role="alert">{i18n::error(i18n::current_locale(), &e, None)}</p>
        }
        .into_any(),
    }
}

/// Who is signed in, and "Sign out".
#[component]
pub(crate) fn SessionBar(user_id: String, sign_out: ServerAction<SignOut>) -> impl IntoView {
    let locale = current_locale();
    view! {
        <div class="session-bar">
            <p>
                {(!user_id.is_empty())
                    .then(|| {
                        let user_id = move || view! { <strong>{user_id.clone()}</strong> };
                        td!(locale, account.session.signed_in_as, user_id)
                    })}
            </p>
            <ServerForm action=sign_out>
                <button type="submit" class="secondary">
                    {td_string!(locale, account.session.sign_out)}
                </button>
            </ServerForm>
        </div>
    }
}

/// No session (never signed in, signed out, timed out, or ended by a password change).
#[component]
pub(crate) fn NotSignedIn() -> impl IntoView {
    let locale = current_locale();
    view! {
        <h1 tabindex="-1">{td_string!(locale, account.not_signed_in.heading)}</h1>
        <p>{i18n::error(i18n::current_locale(), &AppError::NotSignedIn, None)}</p>
        <p>
            <a class="button primary" href="/">
                {td_string!(locale, account.not_signed_in.sign_in)}
            </a>
        </p>
    }
}

/// The forced change: while the account must change its password, every account page shows
/// this and nothing else of the account.
#[component]
pub(crate) fn ForcedChange(
    action: ServerAction<ChangeAccountPassword>,
    policy: PasswordPolicy,
    user_id: String,
    email: String,
) -> impl IntoView {
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    provide_page_error(error);
    let rules_policy = policy.clone();
    let locale = current_locale();
    view! {
        <h1 tabindex="-1">{td_string!(locale, account.forced.heading)}</h1>
        <p>{td_string!(locale, account.forced.intro)}</p>
        <ActionAlert error policy=Signal::derive(move || Some(rules_policy.clone())) />
        <ServerForm action>
            <CurrentPasswordField />
            <NewPasswordFields policy user_id email />
            <button type="submit" class="primary">
                {td_string!(locale, account.change_password_button)}
            </button>
        </ServerForm>
    }
}

/// "Current password", for changing it and for "Confirm it's you".
#[component]
pub fn CurrentPasswordField() -> impl IntoView {
    let (invalid, described_by) = field_aria(Field::CurrentPassword, None);
    let locale = current_locale();
    view! {
        <div class="field">
            <label for="current_password">{td_string!(locale, account.current_password)}</label>
            <input
                id="current_password"
                name="current_password"
                type="password"
                autocomplete="current-password"
                required
                aria-invalid=invalid
                aria-describedby=described_by
            />
        </div>
    }
}

/// "Confirm it's you": a change to how the person signs in needs a recent proof. Once it
/// passes, the page shows its own form again (the account is fetched again).
#[component]
pub fn ConfirmItsYou(action: ServerAction<Reauthenticate>) -> impl IntoView {
    let locale = current_locale();
    view! {
        <h1 tabindex="-1">{td_string!(locale, account.confirm.heading)}</h1>
        <p>{td_string!(locale, account.confirm.intro)}</p>
        <ServerForm action>
            <CurrentPasswordField />
            <button type="submit" class="primary">
                {td_string!(locale, account.continue_button)}
            </button>
        </ServerForm>
        <BackToAccount />
    }
}

/// Whether a page must ask "Confirm it's you" before its form: the server asked for a fresh
/// proof (an action answered "ReauthRequired", hydrated or in the URL after a plain form post)
/// and none has been given since. Kept by the page, so a wrong password does not drop it.
#[derive(Clone, Copy)]
pub struct FreshProof {
    pub action: ServerAction<Reauthenticate>,
    asked: RwSignal<bool>,
}

impl std::fmt::Debug for FreshProof {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FreshProof").finish_non_exhaustive()
    }
}

impl FreshProof {
    /// `action` is one of `actions`; call this once every action of the page is counted.
    pub fn new(actions: PageActions, action: ServerAction<Reauthenticate>) -> Self {
        let required = move || actions.error() == Some(AppError::ReauthRequired);
        // Read once now too: effects do not run on the server, which must render it alike.
        let asked = RwSignal::new(untrack(required));
        Effect::new(move |_| {
            if required() {
                asked.set(true);
            }
        });
        on_success(action, move || asked.set(false));
        FreshProof { action, asked }
    }

    /// Changes whenever "Confirm it's you" completes (the account is fetched again then).
    pub fn version(&self) -> usize {
        self.action.version().get()
    }
}

/// Shows "Confirm it's you" instead of the page's form while a fresh proof is needed: the
/// account has none (`recent` is false), or the server asked for one.
#[component]
pub fn WithFreshProof(recent: bool, proof: FreshProof, children: ChildrenFn) -> impl IntoView {
    let needed = Memo::new(move |_| !recent || proof.asked.get());
    move || {
        if needed.get() {
            view! { <ConfirmItsYou action=proof.action /> }.into_any()
        } else {
            children().into_any()
        }
    }
}

/// The link back from a menu item's page.
#[component]
pub fn BackToAccount() -> impl IntoView {
    let locale = current_locale();
    view! {
        <p class="aside">
            <a href=AUTHENTICATORS_PAGE>{td_string!(locale, account.back_to_account)}</a>
        </p>
    }
}

/// "Your account" with its tabs; `current` is the selected tab's id.
#[component]
pub fn AccountTabs(current: &'static str, children: Children) -> impl IntoView {
    let locale = current_locale();
    view! {
        <h1 tabindex="-1">{td_string!(locale, account.your_account)}</h1>
        <LinkTabs tabs=tabs(locale) current label=td_string!(locale, account.your_account)>
            {children()}
        </LinkTabs>
    }
    .into_any()
}

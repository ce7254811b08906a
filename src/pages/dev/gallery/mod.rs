//! The design gallery, at `/design` (dev mode only: without `KEYTURN_DEV=1` the server answers
//! 404): every state of every page, drawn by the pages' own components from [`fixtures`], with
//! no database and no server function behind them. `?state=ID` shows one state, `?theme=light`
//! or `?theme=dark` overrides the system's colour scheme; without a state, the index.
//!
//! Each state is a document of its own (the links load it afresh), so nothing one state did
//! stays behind in the next, and a screenshot of the address is exactly that state.

pub mod fixtures;

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Html;

use self::fixtures::{AccountPage, Flow, GalleryState, Scene};
use crate::api::email_reset::{RedeemResetLink, RequestEmailReset};
use crate::api::signin::SignIn;
use crate::components::alert::{provide_page_error, ActionAlert};
use crate::components::language_switch::LanguageSwitch;
use crate::components::navigation::query_value;
use crate::components::page_title::PageTitle;
use crate::components::password_rules::TypedPassword;
use crate::domain::flows::account::AccountView;
use crate::domain::flows::reset::WizardStep;
use crate::domain::{AppError, Channel};
use crate::i18n::{current_locale, td_string};
use crate::pages::account::activity::{ActivityTab, ActivityTable};
use crate::pages::account::authenticator_app::{Begin, Pending, RemoveForm};
use crate::pages::account::authenticators::AuthenticatorsTab;
use crate::pages::account::contact::{EnterPin, NewValue};
use crate::pages::account::password::{ChangeForm, PasswordChanged};
use crate::pages::account::profile::Profile;
use crate::pages::account::recovery_codes::{Generate, NewCodes};
use crate::pages::account::{AccountCard, ConfirmItsYou};
use crate::pages::email_reset::link::{GoneLink, LiveLink};
use crate::pages::email_reset::request::RequestForm;
use crate::pages::email_reset::{EmailResetSentPage, TemporaryPasswordSentPage};
use crate::pages::reset::{self, WizardActions};
use crate::pages::signin::password::SignInCard;
use crate::pages::signin::second_factor;
use crate::pages::signin::shared::SignInActions;

pub const GALLERY_PAGE: &str = "/design";

/// The colour scheme a gallery page is drawn in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Theme {
    Light,
    Dark,
}

impl Theme {
    fn parse(text: &str) -> Option<Theme> {
        match text {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// The gallery's address for `state` (the index without one) in `theme`.
fn href(state: Option<&GalleryState>, theme: Option<Theme>) -> String {
    let mut query = Vec::new();
    if let Some(state) = state {
        query.push(format!("state={}", state.id));
        // The wizard's code step reads its own choice from the address.
        if matches!(state.scene, Scene::Wizard { recovery: true, .. }) {
            query.push("with=recovery".into());
        }
    }
    if let Some(theme) = theme {
        query.push(format!("theme={}", theme.as_str()));
    }
    if query.is_empty() {
        GALLERY_PAGE.into()
    } else {
        format!("{GALLERY_PAGE}?{}", query.join("&"))
    }
}

#[component]
pub fn GalleryPage() -> impl IntoView {
    let id = query_value("state");
    let theme = query_value("theme").as_deref().and_then(Theme::parse);
    let state = id.as_deref().and_then(fixtures::find);
    let body = match (&id, state.clone()) {
        (None, _) => view! { <Index theme /> }.into_any(),
        (Some(_), Some(state)) => scene(state.scene),
        (Some(id), None) => view! {
            <section class="card">
                <h1>"No such state"</h1>
                <p>"The gallery has no state called " <code>{id.clone()}</code> "."</p>
            </section>
        }
        .into_any(),
    };
    view! {
        <Html {..} data-theme=theme.map(Theme::as_str) />
        <PageTitle text="Design gallery" />
        <GalleryBar state theme />
        {body}
    }
}

/// The bar above every gallery page: back to the index, the theme switch and the language
/// switch (the site's own, which comes back to this state in the other language).
#[component]
fn GalleryBar(state: Option<GalleryState>, theme: Option<Theme>) -> impl IntoView {
    let switch = [
        (None, "System"),
        (Some(Theme::Light), "Light"),
        (Some(Theme::Dark), "Dark"),
    ]
    .into_iter()
    .map(|(choice, label)| {
        let current = (choice == theme).then_some("true");
        view! {
            <li>
                <a rel="external" href=href(state.as_ref(), choice) aria-current=current>
                    {label}
                </a>
            </li>
        }
    })
    .collect_view();
    let title = state.as_ref().map(|s| s.title);
    view! {
        <nav class="gallery-bar" aria-label="Design gallery">
            <a rel="external" href=href(None, theme)>
                "Design gallery"
            </a>
            {title.map(|t| view! { <span class="gallery-state">{t}</span> })}
            <span class="gallery-switch" id="gallery-theme">
                "Theme:"
            </span>
            <ul class="gallery-switch" aria-labelledby="gallery-theme">
                {switch}
            </ul>
            <LanguageSwitch />
        </nav>
    }
}

/// Every state, by flow, each in both themes.
#[component]
fn Index(theme: Option<Theme>) -> impl IntoView {
    let states = fixtures::all();
    let count = states.len();
    let flows = Flow::ALL
        .into_iter()
        .map(|flow| {
            let items = states
                .iter()
                .filter(|s| s.flow == flow)
                .map(|s| {
                    view! {
                        <li data-state=s.id>
                            <a rel="external" href=href(Some(s), theme)>
                                {s.title}
                            </a>
                            " · "
                            <a
                                rel="external"
                                href=href(Some(s), Some(Theme::Light))
                                aria-label=format!("{}, light", s.title)
                            >
                                "light"
                            </a>
                            " · "
                            <a
                                rel="external"
                                href=href(Some(s), Some(Theme::Dark))
                                aria-label=format!("{}, dark", s.title)
                            >
                                "dark"
                            </a>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <h2>{flow.title()}</h2>
                <ul class="gallery-index">{items}</ul>
            }
        })
        .collect_view();
    view! {
        <section class="card wide">
            <h1>"Design gallery"</h1>
            <p>
                {format!(
                    "{count} states of every page, drawn by the pages' own components from fixture data. ",
                )} "Nothing here reaches a database or a server function: the forms do not work."
            </p>
            {flows}
        </section>
    }
}

/// `action` as if it had just failed with `error`: the page's own alert and field marks follow.
fn fail<S>(action: ServerAction<S>, error: Option<AppError>)
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    if let Some(error) = error {
        action.value().set(Some(Err(error)));
    }
}

/// The page's alert and error for the field marks, for pages whose alert sits outside their
/// step's component.
fn page_error(error: Option<AppError>) -> Signal<Option<AppError>> {
    let error = Signal::stored(error);
    provide_page_error(error);
    error
}

fn scene(scene: Scene) -> AnyView {
    match scene {
        Scene::SignIn { email_reset, error } => {
            let sign_in = ServerAction::<SignIn>::new();
            fail(sign_in, error);
            let email_reset = Resource::new_serde_wb(|| (), move |_| async move { email_reset });
            view! { <SignInCard sign_in email_reset /> }.into_any()
        }
        Scene::SecondFactor { shown, error } => {
            let error = page_error(error);
            view! {
                <section class="card">
                    <ActionAlert error />
                    {second_factor::step_view(shown, SignInActions::new())}
                </section>
            }
            .into_any()
        }
        Scene::Wizard {
            view,
            error,
            typed,
            recovery: _,
        } => {
            if let Some(typed) = typed {
                provide_context(TypedPassword(typed));
            }
            let policy = match &view.step {
                WizardStep::NewPassword(step) => Some(step.policy.clone()),
                _ => None,
            };
            let error = page_error(error);
            view! {
                <section class="card wizard">
                    <ActionAlert error policy=Signal::stored(policy) />
                    {reset::step_view(view, WizardActions::new())}
                </section>
            }
            .into_any()
        }
        Scene::EmailResetRequest { error } => {
            let request = ServerAction::<RequestEmailReset>::new();
            fail(request, error);
            view! { <RequestForm request /> }.into_any()
        }
        Scene::EmailResetSent => view! { <EmailResetSentPage /> }.into_any(),
        Scene::ResetLink { link, error } => {
            let redeem = ServerAction::<RedeemResetLink>::new();
            let error = page_error(error);
            let page = match link {
                crate::domain::flows::email_reset::ResetLinkView::Live => {
                    view! { <LiveLink token="gallery-fixture".into() redeem /> }.into_any()
                }
                crate::domain::flows::email_reset::ResetLinkView::Gone => {
                    view! { <GoneLink /> }.into_any()
                }
            };
            view! {
                <section class="card">
                    <ActionAlert error />
                    {page}
                </section>
            }
            .into_any()
        }
        Scene::TemporaryPasswordSent => view! { <TemporaryPasswordSentPage /> }.into_any(),
        Scene::Account {
            account,
            page,
            error,
            typed,
        } => {
            if let Some(typed) = typed {
                provide_context(TypedPassword(typed));
            }
            let error = page_error(error);
            let page = StoredValue::new(page);
            view! {
                <section class="card wide account">
                    <ActionAlert error=Signal::stored(None) />
                    <AccountCard
                        account
                        sign_out=ServerAction::new()
                        forced=ServerAction::new()
                        page=move |view: AccountView| account_page(page.get_value(), view, error)
                    />
                </section>
            }
            .into_any()
        }
    }
}

fn account_page(page: AccountPage, view: AccountView, error: Signal<Option<AppError>>) -> AnyView {
    let locale = current_locale();
    let app_title = if view.authenticator_app {
        td_string!(locale, account.authenticator_app.replace)
    } else {
        td_string!(locale, account.authenticator_app.set_up)
    };
    let policy = Signal::stored(Some(view.policy.clone()));
    let alert = move || view! { <ActionAlert error policy /> };
    match page {
        AccountPage::Profile => view! { <Profile view /> }.into_any(),
        AccountPage::Authenticators(open) => {
            let open = RwSignal::new(open.map(String::from));
            view! { <AuthenticatorsTab view error open /> }.into_any()
        }
        AccountPage::Activity(entries) => view! {
            <ActivityTab>
                <ActivityTable entries />
            </ActivityTab>
        }
        .into_any(),
        AccountPage::ChangePassword => view! {
            {alert()}
            <ChangeForm view action=ServerAction::new() />
        }
        .into_any(),
        AccountPage::ConfirmItsYou => view! {
            {alert()}
            <ConfirmItsYou action=ServerAction::new() />
        }
        .into_any(),
        AccountPage::PasswordChanged => view! { <PasswordChanged /> }.into_any(),
        AccountPage::AuthenticatorBegin => view! {
            {alert()}
            <Begin title=app_title action=ServerAction::new() />
        }
        .into_any(),
        AccountPage::AuthenticatorPending(setup) => view! {
            {alert()}
            <Pending title=app_title setup action=ServerAction::new() />
        }
        .into_any(),
        AccountPage::RemoveAuthenticator => view! {
            {alert()}
            <RemoveForm has_app=view.authenticator_app action=ServerAction::new() />
        }
        .into_any(),
        AccountPage::ContactNew(channel) => {
            let current = match channel {
                Channel::Sms => view.phone.clone(),
                Channel::Email => Some(view.email.clone()),
            };
            view! {
                {alert()}
                <NewValue channel current action=ServerAction::new() />
            }
            .into_any()
        }
        AccountPage::ContactPin(change) => view! {
            {alert()}
            <EnterPin change begin=ServerAction::new() confirm=ServerAction::new() />
        }
        .into_any(),
        AccountPage::RecoveryCodesGenerate => view! {
            {alert()}
            <Generate left=view.recovery_codes_left action=ServerAction::new() />
        }
        .into_any(),
        AccountPage::RecoveryCodesShown(codes) => view! {
            {alert()}
            <NewCodes codes />
        }
        .into_any(),
    }
}

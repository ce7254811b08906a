//! The "Password locked or forgotten?" wizard, at `/reset`.
//!
//! The server says which step to show ([`get_reset_state`]); each step posts a form to its
//! server function. Hydrated, the forms are sent by script and the state is fetched again, so
//! the steps change without a page load; without JavaScript the same forms post normally and
//! the server sends the browser back here.

pub mod authenticator;
pub mod done;
pub mod locked;
pub mod new_password;
pub mod pin;
pub mod user_id;

use leptos::prelude::*;

use crate::api::reset::*;
use crate::components::alert::{provide_page_error, ActionAlert};
use crate::components::page_title::PageTitle;
use crate::components::server_form::ServerForm;
use crate::domain::flows::reset::{WizardStep, WizardView};
use crate::domain::AppError;
use crate::i18n::{self, current_locale, td_string};

/// The wizard's server actions. `Copy`, so every step can take it.
#[derive(Clone, Copy)]
pub struct WizardActions {
    pub start: ServerAction<StartReset>,
    pub code: ServerAction<VerifyAuthenticatorCode>,
    pub recovery: ServerAction<VerifyResetRecoveryCode>,
    pub alternative: ServerAction<UseAlternative>,
    pub pin: ServerAction<VerifyPin>,
    pub resend: ServerAction<ResendPin>,
    pub password: ServerAction<ChangePassword>,
    pub restart: ServerAction<RestartReset>,
    /// Which action finished last (its error is the one to show).
    last: RwSignal<Option<usize>>,
}

impl std::fmt::Debug for WizardActions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WizardActions").finish_non_exhaustive()
    }
}

impl WizardActions {
    pub(crate) fn new() -> Self {
        let actions = WizardActions {
            start: ServerAction::new(),
            code: ServerAction::new(),
            recovery: ServerAction::new(),
            alternative: ServerAction::new(),
            pin: ServerAction::new(),
            resend: ServerAction::new(),
            password: ServerAction::new(),
            restart: ServerAction::new(),
            last: RwSignal::new(None),
        };
        for (index, version) in actions.versions().into_iter().enumerate() {
            let last = actions.last;
            Effect::new(move |previous: Option<usize>| {
                let now = version.get();
                if previous.is_some_and(|p| p != now) {
                    last.set(Some(index));
                }
                now
            });
        }
        actions
    }

    fn versions(&self) -> [RwSignal<usize>; 8] {
        [
            self.start.version(),
            self.code.version(),
            self.recovery.version(),
            self.alternative.version(),
            self.pin.version(),
            self.resend.version(),
            self.password.version(),
            self.restart.version(),
        ]
    }

    /// Changes whenever any action completes: the wizard state is fetched again then.
    fn version(&self) -> usize {
        self.versions().iter().map(|v| v.get()).sum()
    }

    fn errors(&self) -> [Option<AppError>; 8] {
        macro_rules! err {
            ($action:expr) => {
                $action.value().get().and_then(|r| r.err())
            };
        }
        [
            err!(self.start),
            err!(self.code),
            err!(self.recovery),
            err!(self.alternative),
            err!(self.pin),
            err!(self.resend),
            err!(self.password),
            err!(self.restart),
        ]
    }

    /// The error of the last action, if it failed. Without JavaScript there is at most one
    /// (carried back in the URL by the form post), so the first one found is it.
    fn error(&self) -> Option<AppError> {
        let errors = self.errors();
        let error = match self.last.get() {
            Some(index) => errors[index].clone(),
            None => errors.into_iter().flatten().next(),
        };
        // A locked account gets its own page, not an alert on top of it.
        error.filter(|e| *e != AppError::Locked)
    }
}

#[component]
pub fn ResetPage() -> impl IntoView {
    let locale = current_locale();
    let actions = WizardActions::new();
    let state = Resource::new_serde_wb(move || actions.version(), |_| get_reset_state());
    let error = Signal::derive(move || actions.error());
    provide_page_error(error);
    // The policy the password step published, to name a rejected password's rules.
    let policy = Signal::derive(move || match state.get() {
        Some(Ok(WizardView {
            step: WizardStep::NewPassword(step),
            ..
        })) => Some(step.policy),
        _ => None,
    });

    // Move focus to the new step's heading when the step changes (not on first load), and when
    // the first step arrives after the wizard was opened from within the app (its state was
    // still loading: the link that had focus is gone, and focus with it).
    Effect::new(move |previous: Option<Option<(u8, bool)>>| {
        let key = state
            .get()
            .and_then(|r| r.ok())
            .map(|v| (v.number, matches!(v.step, WizardStep::Done)));
        if let (Some(before), Some(now)) = (previous, key) {
            if before != Some(now) {
                request_animation_frame(|| {
                    if let Ok(Some(heading)) = document().query_selector("main h1") {
                        use leptos::wasm_bindgen::JsCast;
                        if let Ok(heading) = heading.dyn_into::<leptos::web_sys::HtmlElement>() {
                            let _ = heading.focus();
                        }
                    }
                });
            }
        }
        key
    });

    view! {
        <PageTitle text=td_string!(locale, reset.title) />
        <section class="card wizard">
            <ActionAlert error policy />
            <Transition fallback=move || {
                view! { <p class="loading">{td_string!(locale, reset.loading)}</p> }
            }>
                {move || Suspend::new(async move {
                    match state.await {
                        Ok(view) => step_view(view, actions),
                        Err(e) => {
                            view! {
                                <p role="alert">{i18n::error(i18n::current_locale(), &e, None)}</p>
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

/// The step `view` describes (the design gallery draws it from fixtures the same way).
pub(crate) fn step_view(view: WizardView, actions: WizardActions) -> AnyView {
    use authenticator::AuthenticatorStep;
    use done::DoneStep;
    use locked::LockedStep;
    use new_password::NewPasswordStep;
    use pin::PinStep;
    use user_id::UserIdStep;

    let WizardView {
        step,
        number,
        total,
    } = view;
    match step {
        WizardStep::UserId { expired } => {
            view! { <UserIdStep number total expired actions /> }.into_any()
        }
        WizardStep::Authenticator { alternative } => {
            view! { <AuthenticatorStep number total alternative actions /> }.into_any()
        }
        WizardStep::Pin(pin) => view! { <PinStep number total pin actions /> }.into_any(),
        WizardStep::NewPassword(step) => {
            view! { <NewPasswordStep number total step actions /> }.into_any()
        }
        WizardStep::Done => view! { <DoneStep actions /> }.into_any(),
        WizardStep::Locked { until, support } => {
            view! { <LockedStep until support actions /> }.into_any()
        }
    }
}

/// "Start over": forget this flow and go back to the User ID step.
#[component]
fn StartOver(
    actions: WizardActions,
    /// The button's words; "Start over" when not given.
    #[prop(optional)]
    label: Option<&'static str>,
) -> impl IntoView {
    let locale = current_locale();
    let label = label.unwrap_or_else(|| td_string!(locale, reset.start_over));
    view! {
        <ServerForm action=actions.restart>
            <button type="submit" class="link-button">
                {label}
            </button>
        </ServerForm>
    }
}

//! The second factor, at `/signin`: whatever [`get_signin_state`] says, with the person's
//! choice of another way (`?with=alternative`: a PIN by SMS or email; `?with=recovery`: a
//! recovery code) where the server leaves the choice open.

use leptos::prelude::*;

use super::authenticator::AuthenticatorStep;
use super::channels::ChannelsStep;
use super::pin::PinStep;
use super::recovery::RecoveryStep;
use super::shared::SignInActions;
use crate::api::signin::*;
use crate::components::actions::on_success;
use crate::components::alert::{provide_page_error, ActionAlert};
use crate::components::focus::{focus_on_step_change, refocus_when_lost};
use crate::components::navigation::{go_to, query_value, show_address};
use crate::components::page_title::PageTitle;
use crate::domain::flows::signin::{SecondFactorView, SignInPinView, SignInStep};
use crate::i18n::{self, current_locale, td_string};

/// What the page shows: the server's step, or the other way the person chose on it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Shown {
    Start { expired: bool },
    Authenticator(SecondFactorView),
    Recovery(SecondFactorView),
    Channels(SecondFactorView),
    Pin(SignInPinView),
    Done,
}

impl Shown {
    fn new(step: SignInStep, with: Option<&str>) -> Shown {
        let choose = |factors: SecondFactorView, otherwise: Shown| match with {
            Some("alternative") if !factors.channels.is_empty() => Shown::Channels(factors),
            Some("recovery") if factors.recovery_codes > 0 => Shown::Recovery(factors),
            Some("authenticator") if factors.authenticator => Shown::Authenticator(factors),
            _ => otherwise,
        };
        match step {
            SignInStep::Start { expired } => Shown::Start { expired },
            SignInStep::Authenticator(f) => choose(f.clone(), Shown::Authenticator(f)),
            SignInStep::RecoveryCode(f) => choose(f.clone(), Shown::Recovery(f)),
            SignInStep::ChooseChannel(f) => choose(f.clone(), Shown::Channels(f)),
            SignInStep::Pin(pin) => choose(pin.factors.clone(), Shown::Pin(pin)),
            SignInStep::Done => Shown::Done,
        }
    }

    /// Which step this is, for moving focus when it changes.
    fn key(&self) -> String {
        match self {
            Shown::Start { .. } => "start".into(),
            Shown::Authenticator(_) => "authenticator".into(),
            Shown::Recovery(_) => "recovery".into(),
            Shown::Channels(_) => "channels".into(),
            Shown::Pin(pin) => format!("pin-{}", pin.channel.as_str()),
            Shown::Done => "done".into(),
        }
    }
}

#[component]
pub fn SecondFactorPage() -> impl IntoView {
    let locale = current_locale();
    let actions = SignInActions::new();
    // The other way chosen: `?with=…`, or, after a plain form post that failed, the step
    // that failed (the redirect back names its server function, not the choice).
    let with = RwSignal::new(query_value("with").or_else(|| {
        query_value("__path").and_then(|path| {
            if path == <VerifyRecoveryCode as leptos::server_fn::ServerFn>::PATH {
                Some("recovery".to_string())
            } else if path == <SendSigninPin as leptos::server_fn::ServerFn>::PATH {
                Some("alternative".to_string())
            } else {
                None
            }
        })
    }));
    // The choice travels with the state it was fetched for, so the page (and the focus)
    // changes only once the new step has arrived.
    let state = Resource::new_serde_wb(
        move || (actions.all.version(), with.get()),
        |(_, with)| async move {
            get_signin_state()
                .await
                .map(|step| Shown::new(step, with.as_deref()))
        },
    );
    let error = Signal::derive(move || actions.all.error());
    provide_page_error(error);

    // Hydrated, the browser moves on: a passed factor opens the account, a PIN sent shows its
    // step in place (the choice made in the URL is done with), "Back to sign in" the sign-in
    // page. Without JavaScript the server's redirects do the same.
    for_each_success(actions, with);

    // The same step drawn again (after a refused code) puts back the focus it replaced.
    refocus_when_lost(move || state.track());
    focus_on_step_change(move || state.get().and_then(|r| r.ok()).map(|shown| shown.key()));

    view! {
        <PageTitle text=td_string!(locale, signin.second_factor.title) />
        <section class="card">
            <ActionAlert error />
            <Transition fallback=move || {
                view! { <p class="loading">{td_string!(locale, signin.loading)}</p> }
            }>
                {move || Suspend::new(async move {
                    match state.await {
                        Ok(step) => step_view(step, actions),
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

fn for_each_success(actions: SignInActions, with: RwSignal<Option<String>>) {
    let go = |to: &'static str| move || go_to(to);
    on_success(actions.code, go(ACCOUNT_PAGE));
    on_success(actions.recovery, go(ACCOUNT_PAGE));
    on_success(actions.pin, go(ACCOUNT_PAGE));
    on_success(actions.send, move || {
        with.set(None);
        show_address(SIGNIN_PAGE);
    });
    on_success(actions.restart, go("/"));
}

/// The step `shown` describes (the design gallery draws it from fixtures the same way).
pub(crate) fn step_view(shown: Shown, actions: SignInActions) -> AnyView {
    match shown {
        Shown::Start { expired } => view! { <StartStep expired /> }.into_any(),
        Shown::Authenticator(factors) => view! { <AuthenticatorStep factors actions /> }.into_any(),
        Shown::Recovery(factors) => view! { <RecoveryStep factors actions /> }.into_any(),
        Shown::Channels(factors) => view! { <ChannelsStep factors actions /> }.into_any(),
        Shown::Pin(pin) => view! { <PinStep pin actions /> }.into_any(),
        Shown::Done => view! { <DoneStep /> }.into_any(),
    }
}

/// No sign-in in progress, or it expired: back to the sign-in page.
#[component]
fn StartStep(expired: bool) -> impl IntoView {
    let locale = current_locale();
    view! {
        <h1 tabindex="-1">
            {if expired {
                td_string!(locale, signin.second_factor.expired_heading)
            } else {
                td_string!(locale, signin.second_factor.start_heading)
            }}
        </h1>
        <p>
            {if expired {
                td_string!(locale, signin.second_factor.expired_text)
            } else {
                td_string!(locale, signin.second_factor.start_text)
            }}
        </p>
        <p>
            <a class="button primary" href="/">
                {td_string!(locale, signin.back_to_sign_in)}
            </a>
        </p>
    }
}

/// Already signed in (this page was opened again): the account is next.
#[component]
fn DoneStep() -> impl IntoView {
    let locale = current_locale();
    view! {
        <h1 tabindex="-1">{td_string!(locale, signin.second_factor.done_heading)}</h1>
        <p>
            <a class="button primary" href=ACCOUNT_PAGE>
                {td_string!(locale, signin.second_factor.go_to_account)}
            </a>
        </p>
    }
}

//! What the second-factor page and its steps share: the page's server actions, "Back to sign
//! in", and the links to the other ways of giving the second factor.

use leptos::prelude::*;

use crate::api::signin::*;
use crate::components::actions::PageActions;
use crate::components::server_form::ServerForm;
use crate::domain::flows::signin::SecondFactorView;
use crate::i18n::{current_locale, td_string};

/// The second-factor page's server actions. `Copy`, so every step can take it.
#[derive(Clone, Copy)]
pub struct SignInActions {
    pub code: ServerAction<VerifySigninCode>,
    pub recovery: ServerAction<VerifyRecoveryCode>,
    pub send: ServerAction<SendSigninPin>,
    pub resend: ServerAction<ResendSigninPin>,
    pub pin: ServerAction<VerifySigninPin>,
    pub restart: ServerAction<RestartSignin>,
    pub(super) all: PageActions,
}

impl std::fmt::Debug for SignInActions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignInActions").finish_non_exhaustive()
    }
}

impl SignInActions {
    pub(crate) fn new() -> Self {
        let all = PageActions::new();
        SignInActions {
            code: all.action(),
            recovery: all.action(),
            send: all.action(),
            resend: all.action(),
            pin: all.action(),
            restart: all.action(),
            all,
        }
    }
}

/// "Back to sign in": forgets the sign-in in progress.
#[component]
pub fn BackToSignIn(actions: SignInActions) -> impl IntoView {
    let locale = current_locale();
    view! {
        <ServerForm action=actions.restart>
            <button type="submit" class="link-button">
                {td_string!(locale, signin.back_to_sign_in)}
            </button>
        </ServerForm>
    }
}

/// The other ways to give the second factor, as links that keep working without JavaScript.
#[component]
pub fn OtherWays(factors: SecondFactorView, current: &'static str) -> impl IntoView {
    let locale = current_locale();
    let mut links = Vec::new();
    if current != "authenticator" && factors.authenticator {
        links.push((
            "/signin?with=authenticator",
            td_string!(locale, signin.other_ways.authenticator),
        ));
    }
    if current != "alternative" && !factors.channels.is_empty() {
        links.push((
            "/signin?with=alternative",
            td_string!(locale, signin.other_ways.alternative),
        ));
    }
    if current != "recovery" && factors.recovery_codes > 0 {
        links.push((
            "/signin?with=recovery",
            td_string!(locale, signin.other_ways.recovery),
        ));
    }
    (!links.is_empty()).then(|| {
        view! {
            <div class="alternative">
                <p>{td_string!(locale, signin.other_ways.intro)}</p>
                <ul class="other-ways">
                    {links
                        .into_iter()
                        .map(|(href, label)| {
                            view! {
                                <li>
                                    <a href=href>{label}</a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
        }
    })
}

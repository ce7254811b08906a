//! What the second-factor page and its steps share: the page's server actions, "Back to sign
//! in", and the links to the other ways of giving the second factor.

use leptos::prelude::*;

use crate::api::signin::*;
use crate::components::actions::PageActions;
use crate::domain::flows::signin::SecondFactorView;

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
    view! {
        <ActionForm action=actions.restart>
            <button type="submit" class="link-button">
                "Back to sign in"
            </button>
        </ActionForm>
    }
}

/// The other ways to give the second factor, as links that keep working without JavaScript.
#[component]
pub fn OtherWays(factors: SecondFactorView, current: &'static str) -> impl IntoView {
    let mut links = Vec::new();
    if current != "authenticator" && factors.authenticator {
        links.push(("/signin?with=authenticator", "Use your authenticator app"));
    }
    if current != "alternative" && !factors.channels.is_empty() {
        links.push(("/signin?with=alternative", "Alternative Authentication"));
    }
    if current != "recovery" && factors.recovery_codes > 0 {
        links.push(("/signin?with=recovery", "Use a recovery code"));
    }
    (!links.is_empty()).then(|| {
        view! {
            <div class="alternative">
                <p>"Can't use this way? Choose another:"</p>
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

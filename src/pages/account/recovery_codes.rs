//! "Generate recovery codes" (`/account/recovery-codes`): ten one-use codes, shown once.

use leptos::prelude::*;

use super::{BackToAccount, FreshProof, SignedIn, WithFreshProof};
use crate::api::account::*;
use crate::components::actions::PageActions;
use crate::components::alert::{provide_page_error, ActionAlert};
use crate::components::focus::refocus_when_lost;
use crate::domain::flows::account::{AccountView, RecoveryCodes};
use crate::i18n;

#[component]
pub fn RecoveryCodesPage() -> impl IntoView {
    let actions = PageActions::new();
    let reauth = actions.action::<Reauthenticate>();
    let generate = actions.action::<GenerateRecoveryCodes>();
    // Taken once: the server forgets them as it hands them over, so a reload shows none.
    let codes = Resource::new(move || actions.version(), |_| take_new_recovery_codes());
    let proof = FreshProof::new(actions, reauth);
    let error = Signal::derive(move || actions.error());
    provide_page_error(error);
    refocus_when_lost(move || codes.track());

    view! {
        <SignedIn
            title="Recovery codes"
            version=Signal::derive(move || generate.version().get() + proof.version())
            page=move |view: AccountView| {
                let left = view.recovery_codes_left;
                let recent = view.recently_authenticated;
                view! {
                    <ActionAlert error />
                    <Suspense fallback=|| {
                        view! { <p class="loading">"Loading…"</p> }
                    }>
                        {move || Suspend::new(async move {
                            match codes.await {
                                Ok(Some(codes)) => view! { <NewCodes codes /> }.into_any(),
                                Ok(None) => {
                                    view! {
                                        <WithFreshProof recent proof>
                                            <Generate left action=generate />
                                        </WithFreshProof>
                                    }
                                        .into_any()
                                }
                                Err(e) => {
                                    view! { <p role="alert">{i18n::error(i18n::current_locale(), &e, None)}</p> }.into_any()
                                }
                            }
                        })}
                    </Suspense>
                }
            }
        />
    }
}

#[component]
pub(crate) fn Generate(left: u32, action: ServerAction<GenerateRecoveryCodes>) -> impl IntoView {
    view! {
        <h1 tabindex="-1">"Generate recovery codes"</h1>
        <p>
            "A recovery code signs you in when you can't use your authenticator app or receive a PIN. You get 10 codes; each works once. "
            {match left {
                0 => "You have none left.".to_string(),
                1 => "You have 1 left: new codes replace it.".to_string(),
                n => format!("You have {n} left: new codes replace them."),
            }}
        </p>
        <ActionForm action>
            <button type="submit" class="primary">
                "Generate recovery codes"
            </button>
        </ActionForm>
        <BackToAccount />
    }
}

#[component]
pub(crate) fn NewCodes(codes: RecoveryCodes) -> impl IntoView {
    let count = codes.codes.len();
    let items = codes
        .codes
        .into_iter()
        .map(|code| {
            view! {
                <li>
                    <code>{code}</code>
                </li>
            }
        })
        .collect_view();
    view! {
        <h1 tabindex="-1">"Your new recovery codes"</h1>
        <p class="notice">
            <strong>"Save these codes now: they will not be shown again."</strong>
            " Keep them somewhere safe, apart from your phone. Each works once; any codes you had before no longer work."
        </p>
        <ol class="recovery-codes" aria-label=format!("{count} recovery codes")>
            {items}
        </ol>
        <p>
            <a class="button primary" href=AUTHENTICATORS_PAGE>
                "I have saved them"
            </a>
        </p>
    }
}

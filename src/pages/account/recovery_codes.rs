//! "Generate recovery codes" (`/account/recovery-codes`): ten one-use codes, shown once.

use leptos::prelude::*;

use super::{BackToAccount, FreshProof, SignedIn, WithFreshProof};
use crate::api::account::*;
use crate::components::actions::PageActions;
use crate::components::alert::{provide_page_error, ActionAlert};
use crate::components::focus::refocus_when_lost;
use crate::components::server_form::ServerForm;
use crate::domain::flows::account::{AccountView, RecoveryCodes};
use crate::i18n::{self, current_locale, td_string};

#[component]
pub fn RecoveryCodesPage() -> impl IntoView {
    let actions = PageActions::new();
    let reauth = actions.action::<Reauthenticate>();
    let generate = actions.action::<GenerateRecoveryCodes>();
    // Taken once: the server forgets them as it hands them over, so a reload shows none.
    let codes = Resource::new_serde_wb(move || actions.version(), |_| take_new_recovery_codes());
    let proof = FreshProof::new(actions, reauth);
    let error = Signal::derive(move || actions.error());
    provide_page_error(error);
    refocus_when_lost(move || codes.track());
    let locale = current_locale();

    view! {
        <SignedIn
            title=td_string!(locale, account.recovery_codes.title)
            version=Signal::derive(move || generate.version().get() + proof.version())
            page=move |view: AccountView| {
                let left = view.recovery_codes_left;
                let recent = view.recently_authenticated;
                view! {
                    <ActionAlert error />
                    <Suspense fallback=move || {
                        view! { <p class="loading">{td_string!(locale, account.loading)}</p> }
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
                                    view! {
                                        <p role="alert">
                                            {i18n::error(i18n::current_locale(), &e, None)}
                                        </p>
                                    }
                                        .into_any()
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
    let locale = current_locale();
    view! {
        <h1 tabindex="-1">{td_string!(locale, account.recovery_codes.generate)}</h1>
        <p>
            {td_string!(locale, account.recovery_codes.intro)}
            {match left {
                0 => td_string!(locale, account.recovery_codes.none_left).to_string(),
                1 => td_string!(locale, account.recovery_codes.one_left).to_string(),
                n => td_string!(locale, account.recovery_codes.n_left, n).to_string(),
            }}
        </p>
        <ServerForm action>
            <button type="submit" class="primary">
                {td_string!(locale, account.recovery_codes.generate)}
            </button>
        </ServerForm>
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
    let locale = current_locale();
    view! {
        <h1 tabindex="-1">{td_string!(locale, account.recovery_codes.new_heading)}</h1>
        <p class="notice">
            <strong>{td_string!(locale, account.recovery_codes.save)}</strong>
            {td_string!(locale, account.recovery_codes.keep)}
        </p>
        <ol
            class="recovery-codes"
            aria-label=td_string!(locale, account.recovery_codes.list_label, count).to_string()
        >
            {items}
        </ol>
        <p>
            <a class="button primary" href=AUTHENTICATORS_PAGE>
                {td_string!(locale, account.recovery_codes.saved)}
            </a>
        </p>
    }
}

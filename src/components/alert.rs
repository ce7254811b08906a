use leptos::prelude::*;

use crate::domain::AppError;
use crate::i18n;
use crate::policy::PasswordPolicy;

/// Announces the last action's error. The live region is always present (empty when there is
/// nothing to say) so that screen readers notice when a message appears. `policy`, where the
/// page has published one, names a rejected password's rules as the checklist does.
#[component]
pub fn ActionAlert(
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(optional, into)] policy: Signal<Option<PasswordPolicy>>,
) -> impl IntoView {
    view! {
        <div
            class="alert"
            role="alert"
            aria-live="assertive"
            aria-atomic="true"
            data-empty=move || error.with(Option::is_none).to_string()
        >
            {move || error.get().map(|e| view! { <p>{i18n::error(&e, policy.get().as_ref())}</p> })}
        </div>
    }
}

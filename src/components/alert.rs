use leptos::prelude::*;

use crate::domain::{AppError, Field};
use crate::i18n;
use crate::policy::PasswordPolicy;

/// The id of the message `ActionAlert` shows, which the field an error is about names in its
/// `aria-describedby`. It is set only while there is a message, so that a page with two
/// alerts still has unique ids.
pub const ACTION_ERROR_ID: &str = "action-error";

/// The last action's error as a page gives it to its fields (`provide_page_error`).
#[derive(Clone, Copy)]
struct PageError(Signal<Option<AppError>>);

/// Lets the fields of a page know its last action's error: call it in the page component, before
/// its view, with the same signal its `ActionAlert` shows.
pub fn provide_page_error(error: Signal<Option<AppError>>) {
    provide_context(PageError(error));
}

/// `aria-invalid` and `aria-describedby` for a field of kind `field`: while the page's error is
/// about it, it is invalid and described by the message too (after its own descriptions,
/// `described_by`). Without a page error, or for another field, only its own descriptions.
pub fn field_aria(
    field: Field,
    described_by: Option<&'static str>,
) -> (
    impl Fn() -> Option<&'static str> + Copy + Send + Sync + 'static,
    impl Fn() -> Option<String> + Copy + Send + Sync + 'static,
) {
    let error = use_context::<PageError>().map(|PageError(e)| e);
    let invalid = move || {
        error.is_some_and(|e| e.with(|e| e.as_ref().and_then(AppError::field) == Some(field)))
    };
    let aria_invalid = move || invalid().then_some("true");
    let aria_describedby = move || match (described_by, invalid()) {
        (Some(own), true) => Some(format!("{own} {ACTION_ERROR_ID}")),
        (None, true) => Some(ACTION_ERROR_ID.to_string()),
        (own, false) => own.map(str::to_string),
    };
    (aria_invalid, aria_describedby)
}

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
            id=move || error.with(Option::is_some).then_some(ACTION_ERROR_ID)
            role="alert"
            aria-live="assertive"
            aria-atomic="true"
            data-empty=move || error.with(Option::is_none).to_string()
        >
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <p>{i18n::error(i18n::current_locale(), &e, policy.get().as_ref())}</p>
                        }
                    })
            }}
        </div>
    }
}

use leptos::prelude::*;

use crate::api::AppError;

/// Announces the last action's error. The live region is always present (empty when there is
/// nothing to say) so that screen readers notice when a message appears.
#[component]
pub fn ActionAlert(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    view! {
        <div class="alert" role="alert" aria-live="assertive" aria-atomic="true" data-empty=move || error.with(Option::is_none).to_string()>
            {move || error.get().map(|e| view! { <p>{e.to_string()}</p> })}
        </div>
    }
}

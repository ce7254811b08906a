use leptos::prelude::*;

/// A field for a 6-digit code (authenticator code, one-time PIN): numeric keyboard on phones,
/// and the browser may offer a code it received (`one-time-code`). `name` is also the id.
#[component]
pub fn CodeField(name: &'static str, label: &'static str) -> impl IntoView {
    view! {
        <div class="field">
            <label for=name>{label}</label>
            <input
                id=name
                name=name
                type="text"
                inputmode="numeric"
                autocomplete="one-time-code"
                maxlength="8"
                class="code"
                required
            />
        </div>
    }
}

use leptos::html::Input;
use leptos::prelude::*;

use crate::components::alert::field_aria;
use crate::domain::Field;
use crate::i18n::{current_locale, td_string};

/// The "User ID" field of the sign-in page, the wizard's first step and the request by email:
/// a username for password managers, never capitalised or spell-checked. `value` pre-fills it
/// (the User ID typed on the sign-in page comes along); `on_input` hears every keystroke.
#[component]
pub fn UserIdField(
    #[prop(optional, into)] value: String,
    #[prop(optional)] node_ref: NodeRef<Input>,
    #[prop(optional, into)] on_input: Option<Callback<String>>,
) -> impl IntoView {
    let locale = current_locale();
    let (invalid, described_by) = field_aria(Field::UserId, None);
    view! {
        <div class="field">
            <label for="user_id">{td_string!(locale, components.user_id)}</label>
            <input
                id="user_id"
                name="user_id"
                type="text"
                autocomplete="username"
                autocapitalize="none"
                spellcheck="false"
                required
                aria-invalid=invalid
                aria-describedby=described_by
                value=value
                node_ref=node_ref
                on:input=move |ev| {
                    if let Some(on_input) = on_input {
                        on_input.run(event_target_value(&ev));
                    }
                }
            />
        </div>
    }
}

use leptos::prelude::*;

use crate::components::alert::field_aria;
use crate::domain::Field;
use crate::i18n::{current_locale, td_string};

/// A field for a 6-digit code (authenticator code, one-time PIN): numeric keyboard on phones,
/// and the browser may offer a code it received (`one-time-code`). `name` is also the id;
/// `field` says which errors are about it.
#[component]
pub fn CodeField(name: &'static str, label: &'static str, field: Field) -> impl IntoView {
    let (invalid, described_by) = field_aria(field, None);
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
                aria-invalid=invalid
                aria-describedby=described_by
            />
        </div>
    }
}

/// A field for a recovery code ("abcd-efgh-jkmn"), in place of the authenticator code: letters,
/// so no numeric keyboard, and nothing for the browser to remember.
#[component]
pub fn RecoveryCodeField() -> impl IntoView {
    let locale = current_locale();
    let (invalid, described_by) = field_aria(Field::RecoveryCode, None);
    view! {
        <div class="field">
            <label for="recovery_code">{td_string!(locale, components.recovery_code)}</label>
            <input
                id="recovery_code"
                name="code"
                type="text"
                autocomplete="off"
                autocapitalize="none"
                spellcheck="false"
                maxlength="32"
                class="code recovery"
                required
                aria-invalid=invalid
                aria-describedby=described_by
            />
        </div>
    }
}

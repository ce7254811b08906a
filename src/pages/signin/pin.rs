use leptos::prelude::*;

use super::shared::{BackToSignIn, OtherWays, SignInActions};
use crate::components::code_field::CodeField;
use crate::components::resend::ResendButton;
use crate::domain::flows::signin::SignInPinView;
use crate::domain::Field;
use crate::i18n;

#[component]
pub fn PinStep(pin: SignInPinView, actions: SignInActions) -> impl IntoView {
    let SignInPinView {
        channel,
        destination,
        reference,
        resend_in,
        valid_minutes,
        factors,
    } = pin;
    let sent = match reference {
        Some(reference) => view! {
            <p class="sent">
                "We sent a PIN by " {i18n::channel(i18n::current_locale(), channel)} " to " <strong>{destination}</strong>
                "."
            </p>
            <p class="reference">"Reference: " <strong>{reference}</strong></p>
        }
        .into_any(),
        None => view! {
            <p class="sent">
                "No PIN is active. Send a new PIN to get one by " {i18n::channel(i18n::current_locale(), channel)} "."
            </p>
        }
        .into_any(),
    };
    view! {
        <h1 tabindex="-1">"Enter the one-time PIN"</h1>
        {sent}
        <ActionForm action=actions.pin>
            <CodeField name="pin" field=Field::Pin label="One-time PIN" />
            <button type="submit" class="primary">
                "Continue"
            </button>
        </ActionForm>
        <ResendButton action=actions.resend seconds=resend_in />
        <p class="help">"The PIN is valid for " {valid_minutes} " minutes."</p>
        <OtherWays factors current="pin" />
        <BackToSignIn actions />
    }
}

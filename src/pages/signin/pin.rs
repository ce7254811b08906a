use leptos::prelude::*;

use super::shared::{BackToSignIn, OtherWays, SignInActions};
use crate::components::code_field::CodeField;
use crate::components::resend::ResendButton;
use crate::components::server_form::ServerForm;
use crate::domain::flows::signin::SignInPinView;
use crate::domain::Field;
use crate::i18n::{self, current_locale, td_string};

#[component]
pub fn PinStep(pin: SignInPinView, actions: SignInActions) -> impl IntoView {
    let locale = current_locale();
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
                {td_string!(locale, signin.pin.sent_by)}
                {i18n::channel(i18n::current_locale(), channel)}
                {td_string!(locale, signin.pin.sent_to)} <strong>{destination}</strong>
                {td_string!(locale, signin.pin.sent_end)}
            </p>
            <p class="reference">
                {td_string!(locale, signin.pin.reference)} <strong>{reference}</strong>
            </p>
        }
        .into_any(),
        None => view! {
            <p class="sent">
                {td_string!(locale, signin.pin.none_before)}
                {i18n::channel(i18n::current_locale(), channel)}
                {td_string!(locale, signin.pin.none_after)}
            </p>
        }
        .into_any(),
    };
    view! {
        <h1 tabindex="-1">{td_string!(locale, signin.pin.heading)}</h1>
        {sent}
        <ServerForm action=actions.pin>
            <CodeField name="pin" field=Field::Pin label=td_string!(locale, signin.pin.label) />
            <button type="submit" class="primary">
                {td_string!(locale, signin.continue_button)}
            </button>
        </ServerForm>
        <ResendButton action=actions.resend seconds=resend_in />
        <p class="help">
            {td_string!(locale, signin.pin.valid_before)} {valid_minutes}
            {td_string!(locale, signin.pin.valid_after)}
        </p>
        <OtherWays factors current="pin" />
        <BackToSignIn actions />
    }
}

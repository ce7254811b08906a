use leptos::prelude::*;

use super::shared::{BackToSignIn, OtherWays, SignInActions};
use crate::components::code_field::CodeField;
use crate::components::resend::ResendButton;
use crate::domain::flows::signin::SignInPinView;
use crate::domain::Field;
use crate::i18n::{self, t_string, use_i18n};

#[component]
pub fn PinStep(pin: SignInPinView, actions: SignInActions) -> impl IntoView {
    let i18n = use_i18n();
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
                {t_string!(i18n, signin.pin.sent_by)}
                {i18n::channel(i18n::current_locale(), channel)}
                {t_string!(i18n, signin.pin.sent_to)} <strong>{destination}</strong>
                {t_string!(i18n, signin.pin.sent_end)}
            </p>
            <p class="reference">
                {t_string!(i18n, signin.pin.reference)} <strong>{reference}</strong>
            </p>
        }
        .into_any(),
        None => view! {
            <p class="sent">
                {t_string!(i18n, signin.pin.none_before)}
                {i18n::channel(i18n::current_locale(), channel)}
                {t_string!(i18n, signin.pin.none_after)}
            </p>
        }
        .into_any(),
    };
    view! {
        <h1 tabindex="-1">{t_string!(i18n, signin.pin.heading)}</h1>
        {sent}
        <ActionForm action=actions.pin>
            <CodeField name="pin" field=Field::Pin label=t_string!(i18n, signin.pin.label) />
            <button type="submit" class="primary">
                {t_string!(i18n, signin.continue_button)}
            </button>
        </ActionForm>
        <ResendButton action=actions.resend seconds=resend_in />
        <p class="help">
            {t_string!(i18n, signin.pin.valid_before)} {valid_minutes}
            {t_string!(i18n, signin.pin.valid_after)}
        </p>
        <OtherWays factors current="pin" />
        <BackToSignIn actions />
    }
}

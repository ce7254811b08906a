use leptos::prelude::*;

use super::{StartOver, WizardActions};
use crate::components::code_field::CodeField;
use crate::components::resend::ResendButton;
use crate::components::step_header::StepHeader;
use crate::domain::flows::reset::PinView;
use crate::domain::{Channel, Field};
use crate::i18n;

#[component]
pub fn PinStep(number: u8, total: u8, pin: PinView, actions: WizardActions) -> impl IntoView {
    let PinView {
        channel,
        destination,
        reference,
        resend_in,
        can_switch,
        support,
        valid_minutes,
    } = pin;
    let sent = match reference {
        Some(reference) => view! {
            <p class="sent">
                "We sent a PIN by " {i18n::channel(i18n::current_locale(), channel)} " to "
                <strong>{i18n::destination(i18n::current_locale(), channel, &destination)}</strong> "."
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
        <StepHeader number total title="Enter the one-time PIN" />
        {sent}
        <ActionForm action=actions.pin>
            <CodeField name="pin" field=Field::Pin label="One-time PIN" />
            <button type="submit" class="primary">
                "Continue"
            </button>
        </ActionForm>
        <ResendButton action=actions.resend seconds=resend_in />
        {(can_switch && channel == Channel::Sms)
            .then(|| {
                view! {
                    <div class="alternative">
                        <p>"No SMS? We can send the PIN to your email address instead."</p>
                        <ActionForm action=actions.alternative>
                            <button type="submit" class="secondary">
                                "Alternative Authentication"
                            </button>
                        </ActionForm>
                    </div>
                }
            })}
        <p class="help">
            "The PIN is valid for " {valid_minutes} " minutes. No PIN arriving? Contact " {support}
            "."
        </p>
        <StartOver actions />
    }
}

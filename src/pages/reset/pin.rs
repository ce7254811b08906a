use leptos::prelude::*;

use super::{StartOver, WizardActions};
use crate::components::code_field::CodeField;
use crate::components::resend::ResendButton;
use crate::components::server_form::ServerForm;
use crate::components::step_header::StepHeader;
use crate::domain::flows::reset::PinView;
use crate::domain::{Channel, Field};
use crate::i18n::{self, current_locale, td, td_string};

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
    let locale = current_locale();
    let by = i18n::channel(i18n::current_locale(), channel);
    let sent = match reference {
        Some(reference) => {
            let to = i18n::destination(i18n::current_locale(), channel, &destination);
            let to = move || view! { <strong>{to.clone()}</strong> };
            let reference = move || view! { <strong>{reference.clone()}</strong> };
            view! {
                <p class="sent">{td!(locale, reset.pin.sent, channel = by, destination = to)}</p>
                <p class="reference">{td!(locale, reset.pin.reference, reference)}</p>
            }
            .into_any()
        }
        None => view! { <p class="sent">{td!(locale, reset.pin.none_active, channel = by)}</p> }
            .into_any(),
    };
    view! {
        <StepHeader number total title=td_string!(locale, reset.pin.heading) />
        {sent}
        <ServerForm action=actions.pin>
            <CodeField name="pin" field=Field::Pin label=td_string!(locale, reset.pin.label) />
            <button type="submit" class="primary">
                {td_string!(locale, reset.continue_button)}
            </button>
        </ServerForm>
        <ResendButton action=actions.resend seconds=resend_in />
        {(can_switch && channel == Channel::Sms)
            .then(|| {
                view! {
                    <div class="alternative">
                        <p>{td_string!(locale, reset.pin.no_sms)}</p>
                        <ServerForm action=actions.alternative>
                            <button type="submit" class="secondary">
                                {td_string!(locale, reset.alternative)}
                            </button>
                        </ServerForm>
                    </div>
                }
            })}
        <p class="help">{td!(locale, reset.pin.help, minutes = valid_minutes, support)}</p>
        <StartOver actions />
    }
}

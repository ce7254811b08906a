use leptos::prelude::*;

use super::shared::{BackToSignIn, OtherWays, SignInActions};
use crate::domain::flows::signin::SecondFactorView;
use crate::domain::Channel;

#[component]
pub fn ChannelsStep(factors: SecondFactorView, actions: SignInActions) -> impl IntoView {
    let buttons = factors
        .channels
        .clone()
        .into_iter()
        .map(|channel| {
            let label = match channel {
                Channel::Sms => "Send PIN by SMS",
                Channel::Email => "Send PIN by email",
            };
            view! {
                <ActionForm action=actions.send>
                    <input type="hidden" name="channel" value=channel.as_str() />
                    <button type="submit" class="secondary wide">
                        {label}
                    </button>
                </ActionForm>
            }
        })
        .collect_view();
    let none = factors.channels.is_empty();
    let intro = if none {
        "There is no other way to prove it is you for this sign-in. Contact support."
    } else if factors.authenticator {
        "Can't use your authenticator app? We can send a one-time PIN to your phone or your email address instead."
    } else {
        "We will send a one-time PIN to prove it is you. Choose where it should go."
    };
    view! {
        <h1 tabindex="-1">"Get a one-time PIN"</h1>
        <p>{intro}</p>
        <div class="channel-choice">{buttons}</div>
        <OtherWays factors current="alternative" />
        <BackToSignIn actions />
    }
}

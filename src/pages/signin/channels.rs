use leptos::prelude::*;

use super::shared::{BackToSignIn, OtherWays, SignInActions};
use crate::components::server_form::ServerForm;
use crate::domain::flows::signin::SecondFactorView;
use crate::domain::Channel;
use crate::i18n::{current_locale, td_string};

#[component]
pub fn ChannelsStep(factors: SecondFactorView, actions: SignInActions) -> impl IntoView {
    let locale = current_locale();
    let buttons = factors
        .channels
        .clone()
        .into_iter()
        .map(|channel| {
            let label = match channel {
                Channel::Sms => td_string!(locale, signin.channels.send_sms),
                Channel::Email => td_string!(locale, signin.channels.send_email),
            };
            view! {
                <ServerForm action=actions.send>
                    <input type="hidden" name="channel" value=channel.as_str() />
                    <button type="submit" class="secondary wide">
                        {label}
                    </button>
                </ServerForm>
            }
        })
        .collect_view();
    let none = factors.channels.is_empty();
    let intro = if none {
        td_string!(locale, signin.channels.intro_none)
    } else if factors.authenticator {
        td_string!(locale, signin.channels.intro_instead)
    } else {
        td_string!(locale, signin.channels.intro_choose)
    };
    view! {
        <h1 tabindex="-1">{td_string!(locale, signin.channels.heading)}</h1>
        <p>{intro}</p>
        <div class="channel-choice">{buttons}</div>
        <OtherWays factors current="alternative" />
        <BackToSignIn actions />
    }
}

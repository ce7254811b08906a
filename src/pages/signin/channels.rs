use leptos::prelude::*;

use super::shared::{BackToSignIn, OtherWays, SignInActions};
use crate::domain::flows::signin::SecondFactorView;
use crate::domain::Channel;
use crate::i18n::{t_string, use_i18n};

#[component]
pub fn ChannelsStep(factors: SecondFactorView, actions: SignInActions) -> impl IntoView {
    let i18n = use_i18n();
    let buttons = factors
        .channels
        .clone()
        .into_iter()
        .map(|channel| {
            let label = match channel {
                Channel::Sms => t_string!(i18n, signin.channels.send_sms),
                Channel::Email => t_string!(i18n, signin.channels.send_email),
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
        t_string!(i18n, signin.channels.intro_none)
    } else if factors.authenticator {
        t_string!(i18n, signin.channels.intro_instead)
    } else {
        t_string!(i18n, signin.channels.intro_choose)
    };
    view! {
        <h1 tabindex="-1">{t_string!(i18n, signin.channels.heading)}</h1>
        <p>{intro}</p>
        <div class="channel-choice">{buttons}</div>
        <OtherWays factors current="alternative" />
        <BackToSignIn actions />
    }
}

//! "Change phone number" (`/account/phone`) and "Change email address" (`/account/email`): a
//! PIN goes to the new destination, and the change is made once it comes back.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use super::{BackToAccount, FreshProof, SignedIn, WithFreshProof};
use crate::api::account::*;
use crate::components::actions::{on_success, PageActions};
use crate::components::alert::{field_aria, provide_page_error, ActionAlert};
use crate::components::code_field::CodeField;
use crate::components::focus::refocus_when_lost;
use crate::domain::flows::account::{AccountView, ContactChangeView};
use crate::domain::{Channel, Field};
use crate::i18n;

#[component]
pub fn PhonePage() -> impl IntoView {
    view! { <ContactPage channel=Channel::Sms /> }
}

#[component]
pub fn EmailPage() -> impl IntoView {
    view! { <ContactPage channel=Channel::Email /> }
}

/// The words of each channel's page.
struct Words {
    title: &'static str,
    field: &'static str,
    input_type: &'static str,
    autocomplete: &'static str,
    hint: &'static str,
}

fn words(channel: Channel) -> Words {
    match channel {
        Channel::Sms => Words {
            title: "Change phone number",
            field: "New phone number",
            input_type: "tel",
            autocomplete: "tel",
            hint: "With the country code, such as +15551234567. We will send a one-time PIN to it by SMS.",
        },
        Channel::Email => Words {
            title: "Change email address",
            field: "New email address",
            input_type: "email",
            autocomplete: "email",
            hint: "We will send a one-time PIN to it.",
        },
    }
}

#[component]
fn ContactPage(channel: Channel) -> impl IntoView {
    let actions = PageActions::new();
    let reauth = actions.action::<Reauthenticate>();
    let begin = actions.action::<BeginContactChange>();
    let confirm = actions.action::<ConfirmContactChange>();
    let proof = FreshProof::new(actions, reauth);
    let pending = Resource::new(move || actions.version(), |_| get_contact_change());
    let error = Signal::derive(move || actions.error());
    provide_page_error(error);
    let navigate = use_navigate();
    on_success(confirm, move || {
        navigate(AUTHENTICATORS_PAGE, NavigateOptions::default())
    });
    refocus_when_lost(move || pending.track());
    let title = words(channel).title;

    view! {
        <SignedIn
            title=title
            version=Signal::derive(move || proof.version())
            page=move |view: AccountView| {
                let current = StoredValue::new(
                    match channel {
                        Channel::Sms => view.phone.clone(),
                        Channel::Email => Some(view.email.clone()),
                    },
                );
                let recent = view.recently_authenticated;
                view! {
                    <ActionAlert error />
                    <Suspense fallback=|| {
                        view! { <p class="loading">"Loading…"</p> }
                    }>
                        {move || {
                            let current = current.get_value();
                            Suspend::new(async move {
                                match pending.await {
                                    Ok(Some(change)) if change.channel == channel => {
                                        // Confirming a pending change needs no fresh proof:
                                        // starting one did.
                                        view! {
                                            <WithFreshProof recent=true proof>
                                                <EnterPin change=change.clone() begin confirm />
                                            </WithFreshProof>
                                        }
                                            .into_any()
                                    }
                                    Ok(_) => {
                                        view! {
                                            <WithFreshProof recent proof>
                                                <NewValue channel current=current.clone() action=begin />
                                            </WithFreshProof>
                                        }
                                            .into_any()
                                    }
                                    Err(e) => {
                                        view! { <p role="alert">{i18n::error(i18n::current_locale(), &e, None)}</p> }
                                            .into_any()
                                    }
                                }
                            })
                        }}
                    </Suspense>
                }
            }
        />
    }
}

/// The form for the new phone number or email address.
#[component]
pub(crate) fn NewValue(
    channel: Channel,
    current: Option<String>,
    action: ServerAction<BeginContactChange>,
) -> impl IntoView {
    let w = words(channel);
    view! {
        <h1 tabindex="-1">{w.title}</h1>
        <p>
            {match current {
                Some(current) => format!("Now: {current}."),
                None => "There is no phone number on your account yet.".into(),
            }} " We will send a notice to your email address when it changes."
        </p>
        <ValueForm channel action button="Continue" />
        <BackToAccount />
    }
}

#[component]
fn ValueForm(
    channel: Channel,
    action: ServerAction<BeginContactChange>,
    button: &'static str,
) -> impl IntoView {
    let w = words(channel);
    let field = match channel {
        Channel::Sms => Field::Phone,
        Channel::Email => Field::Email,
    };
    let (invalid, described_by) = field_aria(field, Some("contact_hint"));
    view! {
        <ActionForm action>
            <input type="hidden" name="channel" value=channel.as_str() />
            <div class="field">
                <label for="contact_value">{w.field}</label>
                <input
                    id="contact_value"
                    name="value"
                    type=w.input_type
                    autocomplete=w.autocomplete
                    aria-describedby=described_by
                    aria-invalid=invalid
                    required
                />
                <p class="help" id="contact_hint">
                    {w.hint}
                </p>
            </div>
            <button type="submit" class="primary">
                {button}
            </button>
        </ActionForm>
    }
}

/// The PIN sent to the new destination.
#[component]
pub(crate) fn EnterPin(
    change: ContactChangeView,
    begin: ServerAction<BeginContactChange>,
    confirm: ServerAction<ConfirmContactChange>,
) -> impl IntoView {
    let ContactChangeView {
        channel,
        destination,
        reference,
        ..
    } = change;
    let w = words(channel);
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
                "No PIN could be sent to " <strong>{destination}</strong>
                ". Check it and enter it again below."
            </p>
        }
        .into_any(),
    };
    view! {
        <h1 tabindex="-1">{w.title}</h1>
        {sent}
        <ActionForm action=confirm>
            <input type="hidden" name="channel" value=channel.as_str() />
            <CodeField name="pin" field=Field::Pin label="One-time PIN" />
            <button type="submit" class="primary">
                "Continue"
            </button>
        </ActionForm>
        <details class="alternative">
            <summary>"Wrong address, or no PIN arrived? Enter it again"</summary>
            <ValueForm channel action=begin button="Send a new PIN" />
        </details>
        <BackToAccount />
    }
}

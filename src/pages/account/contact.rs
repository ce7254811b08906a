//! "Change phone number" (`/account/phone`) and "Change email address" (`/account/email`): a
//! PIN goes to the new destination, and the change is made once it comes back.

use leptos::prelude::*;

use super::{BackToAccount, FreshProof, SignedIn, WithFreshProof};
use crate::api::account::*;
use crate::components::actions::{on_success, PageActions};
use crate::components::alert::{field_aria, provide_page_error, ActionAlert};
use crate::components::code_field::CodeField;
use crate::components::focus::refocus_when_lost;
use crate::components::navigation::go_to;
use crate::components::server_form::ServerForm;
use crate::domain::flows::account::{AccountView, ContactChangeView};
use crate::domain::{Channel, Field};
use crate::i18n::{self, current_locale, td, td_string, Locale};

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

fn words(locale: Locale, channel: Channel) -> Words {
    match channel {
        Channel::Sms => Words {
            title: td_string!(locale, account.contact.phone_title),
            field: td_string!(locale, account.contact.phone_field),
            input_type: "tel",
            autocomplete: "tel",
            hint: td_string!(locale, account.contact.phone_hint),
        },
        Channel::Email => Words {
            title: td_string!(locale, account.contact.email_title),
            field: td_string!(locale, account.contact.email_field),
            input_type: "email",
            autocomplete: "email",
            hint: td_string!(locale, account.contact.email_hint),
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
    let pending = Resource::new_serde_wb(move || actions.version(), |_| get_contact_change());
    let error = Signal::derive(move || actions.error());
    provide_page_error(error);
    on_success(confirm, || go_to(AUTHENTICATORS_PAGE));
    refocus_when_lost(move || pending.track());
    let locale = current_locale();
    let title = words(locale, channel).title;

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
                    <Suspense fallback=move || {
                        view! { <p class="loading">{td_string!(locale, account.loading)}</p> }
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
                                        view! {
                                            <p role="alert">
                                                {i18n::error(i18n::current_locale(), &e, None)}
                                            </p>
                                        }
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
    let locale = current_locale();
    let w = words(locale, channel);
    view! {
        <h1 tabindex="-1">{w.title}</h1>
        <p>
            {match current {
                Some(current) => td_string!(locale, account.contact.now, current).to_string(),
                None => td_string!(locale, account.contact.no_phone).into(),
            }}
        </p>
        <ValueForm channel action button=td_string!(locale, account.continue_button) />
        <BackToAccount />
    }
}

#[component]
fn ValueForm(
    channel: Channel,
    action: ServerAction<BeginContactChange>,
    button: &'static str,
) -> impl IntoView {
    let w = words(current_locale(), channel);
    let field = match channel {
        Channel::Sms => Field::Phone,
        Channel::Email => Field::Email,
    };
    let (invalid, described_by) = field_aria(field, Some("contact_hint"));
    view! {
        <ServerForm action>
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
        </ServerForm>
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
    let locale = current_locale();
    let w = words(locale, channel);
    let destination = move || view! { <strong>{destination.clone()}</strong> };
    let sent = match reference {
        Some(reference) => {
            let channel = i18n::channel(i18n::current_locale(), channel);
            let reference = move || view! { <strong>{reference.clone()}</strong> };
            view! {
                <p class="sent">{td!(locale, account.contact.sent, channel, destination)}</p>
                <p class="reference">{td!(locale, account.contact.reference, reference)}</p>
            }
            .into_any()
        }
        None => view! { <p class="sent">{td!(locale, account.contact.not_sent, destination)}</p> }
            .into_any(),
    };
    view! {
        <h1 tabindex="-1">{w.title}</h1>
        {sent}
        <ServerForm action=confirm>
            <input type="hidden" name="channel" value=channel.as_str() />
            <CodeField
                name="pin"
                field=Field::Pin
                label=td_string!(locale, account.contact.pin_label)
            />
            <button type="submit" class="primary">
                {td_string!(locale, account.continue_button)}
            </button>
        </ServerForm>
        <details class="alternative">
            <summary>{td_string!(locale, account.contact.again)}</summary>
            <ValueForm channel action=begin button=td_string!(locale, account.contact.send_new) />
        </details>
        <BackToAccount />
    }
}

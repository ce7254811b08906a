//! The sign-in page, with the ways into the reset wizard and (where it is offered) the
//! forgotten password by email.

use leptos::prelude::*;
use leptos::server::codee::string::JsonSerdeWasmCodec;

use crate::api::email_reset::REQUEST_PAGE;
use crate::api::signin::{get_sign_in_options, SignIn, SIGNIN_PAGE};
use crate::components::actions::on_success;
use crate::components::alert::{provide_page_error, ActionAlert};
use crate::components::navigation::go_to;
use crate::components::page_title::PageTitle;
use crate::components::server_form::ServerForm;
use crate::components::user_id_field::UserIdField;
use crate::i18n::{current_locale, td_string};

/// Without JavaScript a link cannot carry what was typed: this second submit button of the
/// sign-in form posts the form to `reset/prefill`, which sends the browser on to the wizard
/// with the User ID filled in (the password, if typed, goes no further). Inside `<noscript>`
/// it exists only for browsers without scripts; it comes after "Sign in" so that Enter in a
/// field still signs in. `button` and `hint` are the words from the catalogue, escaped so a
/// translator's `&` or `<` stays text.
fn no_script_reset(button: &str, hint: &str) -> String {
    let button = html_escape::encode_text(button);
    let hint = html_escape::encode_text(hint);
    format!(
        r#"<p class="aside no-script-reset"><button type="submit" class="link-button" formaction="/api/reset/prefill" formnovalidate>{button}</button> {hint}</p>"#
    )
}

/// The wizard's address with the typed User ID, so it is not asked for twice.
fn reset_href(user_id: &str) -> String {
    with_user_id("/reset", user_id)
}

/// `page` with the typed User ID in its query.
fn with_user_id(page: &str, user_id: &str) -> String {
    let user_id = user_id.trim();
    if user_id.is_empty() {
        return page.into();
    }
    let mut href = format!("{page}?user_id=");
    for byte in user_id.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                href.push(byte as char)
            }
            _ => href.push_str(&format!("%{byte:02X}")),
        }
    }
    href
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let sign_in = ServerAction::<SignIn>::new();
    let email_reset = Resource::new_serde_wb(
        || (),
        |_| async { get_sign_in_options().await.is_ok_and(|o| o.email_reset) },
    );
    let locale = current_locale();
    view! {
        <PageTitle text=td_string!(locale, signin.password.title) />
        <SignInCard sign_in email_reset />
    }
}

/// The sign-in form. `email_reset` says whether "I've forgotten my password" is offered (the
/// design gallery passes a fixed answer).
#[component]
pub(crate) fn SignInCard(
    sign_in: ServerAction<SignIn>,
    email_reset: Resource<bool, JsonSerdeWasmCodec>,
) -> impl IntoView {
    let locale = current_locale();
    let no_script = no_script_reset(
        td_string!(locale, signin.password.reset),
        td_string!(locale, signin.password.reset_no_script_hint),
    );
    let show_password = RwSignal::new(false);
    let user_id = RwSignal::new(String::new());
    let user_id_input = NodeRef::<leptos::html::Input>::new();
    let error = Signal::derive(move || sign_in.value().get().and_then(|r| r.err()));
    provide_page_error(error);

    // Hydrated: the right password leads on to the second factor.
    on_success(sign_in, || go_to(SIGNIN_PAGE));
    // A refused password is not left in the field (as a page load without JavaScript would
    // not leave it either).
    let password_input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |previous: Option<usize>| {
        let now = sign_in.version().get();
        if previous.is_some_and(|p| p != now)
            && sign_in
                .value()
                .with_untracked(|v| matches!(v, Some(Err(_))))
        {
            if let Some(input) = password_input.get_untracked() {
                input.set_value("");
            }
        }
        now
    });

    // The links follow the field as the person types; at the click they read the field once
    // more, in case the browser filled it in without an input event.
    let follow_field = move |page: &'static str| {
        move |event: leptos::ev::MouseEvent| {
            let typed = user_id_input
                .get_untracked()
                .map(|input| input.value())
                .unwrap_or_default();
            if let Some(link) = event.current_target().and_then(|t| {
                leptos::wasm_bindgen::JsCast::dyn_into::<leptos::web_sys::Element>(t).ok()
            }) {
                let _ = link.set_attribute("href", &with_user_id(page, &typed));
            }
        }
    };

    view! {
        <section class="card">
            <h1 tabindex="-1">{td_string!(locale, signin.password.heading)}</h1>
            <ActionAlert error />
            <ServerForm action=sign_in>
                <UserIdField
                    node_ref=user_id_input
                    on_input=move |typed: String| user_id.set(typed)
                />
                <div class="field">
                    <label for="password">{td_string!(locale, signin.password.password)}</label>
                    <div class="input-with-button">
                        <input
                            id="password"
                            name="password"
                            type=move || if show_password.get() { "text" } else { "password" }
                            autocomplete="current-password"
                            required
                            node_ref=password_input
                        />
                        <button
                            type="button"
                            class="ghost"
                            aria-controls="password"
                            aria-pressed=move || show_password.get().to_string()
                            on:click=move |_| show_password.update(|s| *s = !*s)
                        >
                            {td_string!(locale, signin.password.show_password)}
                        </button>
                    </div>
                </div>
                <button type="submit" class="primary">
                    {td_string!(locale, signin.password.sign_in)}
                </button>
                <noscript inner_html=no_script></noscript>
            </ServerForm>
            <p class="aside">
                <a href=move || reset_href(&user_id.get()) on:click=follow_field("/reset")>
                    {td_string!(locale, signin.password.reset)}
                </a>
            </p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let offered = email_reset.await;
                    offered
                        .then(|| {
                            view! {
                                <p class="aside">
                                    <a
                                        href=move || with_user_id(REQUEST_PAGE, &user_id.get())
                                        on:click=follow_field(REQUEST_PAGE)
                                    >
                                        {td_string!(locale, signin.password.email_reset)}
                                    </a>
                                </p>
                            }
                        })
                })}
            </Suspense>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::reset_href;

    #[test]
    fn the_typed_user_id_travels_encoded() {
        assert_eq!(reset_href(""), "/reset");
        assert_eq!(reset_href("  "), "/reset");
        assert_eq!(reset_href("dana"), "/reset?user_id=dana");
        assert_eq!(reset_href("d a&b=é"), "/reset?user_id=d%20a%26b%3D%C3%A9");
    }
}

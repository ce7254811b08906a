//! The sign-in page, with the way into the reset wizard.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::signin::SignIn;
use crate::components::alert::ActionAlert;

#[component]
pub fn SignInPage() -> impl IntoView {
    let sign_in = ServerAction::<SignIn>::new();
    let show_password = RwSignal::new(false);
    let error = Signal::derive(move || sign_in.value().get().and_then(|r| r.err()));

    view! {
        <Title text="Sign in" />
        <section class="card">
            <h1>"Sign in"</h1>
            <ActionAlert error />
            <ActionForm action=sign_in>
                <div class="field">
                    <label for="user_id">"User ID"</label>
                    <input
                        id="user_id"
                        name="user_id"
                        type="text"
                        autocomplete="username"
                        autocapitalize="none"
                        spellcheck="false"
                        required
                    />
                </div>
                <div class="field">
                    <label for="password">"Password"</label>
                    <div class="input-with-button">
                        <input
                            id="password"
                            name="password"
                            type=move || if show_password.get() { "text" } else { "password" }
                            autocomplete="current-password"
                            required
                        />
                        <button
                            type="button"
                            class="ghost"
                            aria-controls="password"
                            aria-pressed=move || show_password.get().to_string()
                            on:click=move |_| show_password.update(|s| *s = !*s)
                        >
                            "Show password"
                        </button>
                    </div>
                </div>
                <button type="submit" class="primary">
                    "Sign in"
                </button>
            </ActionForm>
            <p class="aside">
                <a href="/reset">"Password locked or forgotten?"</a>
            </p>
        </section>
    }
}

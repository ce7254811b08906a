//! "Send a new PIN" with a live countdown until a resend is allowed. The server enforces the
//! same cooldown; the countdown only saves the person a refused request. One component for
//! every flow that sends PINs: it posts whichever server action it is given.

use leptos::prelude::*;

use crate::components::server_form::{FormFunction, ServerForm};
use crate::i18n::{current_locale, td_string};

#[component]
pub fn ResendButton<S>(
    /// The server action that sends a new PIN (it takes no fields).
    action: ServerAction<S>,
    /// Seconds until the server allows a new PIN.
    seconds: u32,
) -> impl IntoView
where
    S: FormFunction,
    S::Output: Send + Sync + 'static,
{
    let locale = current_locale();
    let remaining = RwSignal::new(seconds);
    // Only a hydrated page can enable the button again when the time is up, so only then is
    // it disabled; a page without JavaScript keeps it enabled and lets the server answer.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| {
        hydrated.set(true);
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            while remaining.get_untracked() > 0 {
                gloo_timers::future::TimeoutFuture::new(1_000).await;
                // The step may be gone (a new PIN, the next step): then stop.
                if remaining.try_update(|r| *r = r.saturating_sub(1)).is_none() {
                    break;
                }
            }
        });
    });
    let disabled = move || hydrated.get() && remaining.get() > 0;
    view! {
        <ServerForm action>
            <button type="submit" class="secondary" disabled=disabled>
                {td_string!(locale, components.resend.button)}
            </button>
        </ServerForm>
        <p class="countdown" aria-live="polite">
            {move || {
                let left = remaining.get();
                (left > 0)
                    .then(|| {
                        td_string!(locale, components.resend.countdown, seconds = left).to_string()
                    })
            }}
        </p>
    }
}

//! "Send a new PIN" with a live countdown until a resend is allowed. The server enforces the
//! same cooldown; the countdown only saves the person a refused request.

use leptos::prelude::*;

use crate::api::reset::ResendPin;

#[component]
pub fn ResendButton(action: ServerAction<ResendPin>, seconds: u32) -> impl IntoView {
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
        <ActionForm action>
            <button type="submit" class="secondary" disabled=disabled>
                "Send a new PIN"
            </button>
        </ActionForm>
        <p class="countdown" aria-live="polite">
            {move || {
                let left = remaining.get();
                (left > 0).then(|| format!("You can ask for a new PIN in {left} s"))
            }}
        </p>
    }
}

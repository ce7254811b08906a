use leptos::prelude::*;

#[component]
pub fn LockedStep(until: String, support: String) -> impl IntoView {
    view! {
        <h1 tabindex="-1">"Account locked"</h1>
        <p>"Too many failed attempts: this account is locked until " <strong>{until}</strong> ". You can try again after that time."</p>
        <p>"Need help sooner? Contact " {support} "."</p>
        <p class="aside">
            <a href="/">"Back to sign in"</a>
        </p>
    }
}

//! The new-password fields with the rules ticked live and a strength meter, computed in the
//! browser by the same policy code the server decides with (no request per keystroke).

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::alert::field_aria;
use crate::domain::Field;
use crate::i18n::{self, current_locale, td, td_string, Locale};
use crate::policy::{CommonPasswords, Evaluation, PasswordPolicy, RuleKind, RuleState, Subject};

/// Loads the common-password list for the live "Not a common or breached password" rule. Until
/// it arrives (and on the server, and without JavaScript) that rule shows as pending; the other
/// rules work at once. Loaded from an effect, not a resource, so that no `<Suspense>` waits for
/// it: server rendering must never block on something only the browser can fetch.
fn common_list() -> RwSignal<Option<Arc<CommonPasswords>>> {
    let list = RwSignal::new(None);
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            if let Some(loaded) = fetch_common_list().await {
                // The step may be gone by the time the list arrives.
                let _ = list.try_set(Some(loaded));
            }
        });
    });
    list
}

#[cfg(feature = "hydrate")]
async fn fetch_common_list() -> Option<Arc<CommonPasswords>> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let window = web_sys::window()?;
    let response: web_sys::Response =
        JsFuture::from(window.fetch_with_str("/common-passwords.txt"))
            .await
            .ok()?
            .dyn_into()
            .ok()?;
    if !response.ok() {
        return None;
    }
    let text = JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()?;
    Some(Arc::new(CommonPasswords::from_text(&text)))
}

#[cfg(not(feature = "hydrate"))]
async fn fetch_common_list() -> Option<Arc<CommonPasswords>> {
    None
}

fn state_text(
    locale: Locale,
    kind: RuleKind,
    state: RuleState,
) -> (&'static str, &'static str, &'static str) {
    // (data-state, icon, words): the words make the state clear without colour.
    match state {
        RuleState::Met => ("met", "✓", td_string!(locale, components.password.met)),
        RuleState::Unmet => (
            "unmet",
            "✗",
            td_string!(locale, components.password.not_met),
        ),
        // Only the server knows the password history.
        RuleState::Pending if kind == RuleKind::NotRecent => (
            "pending",
            "…",
            td_string!(locale, components.password.checked_on_submit),
        ),
        RuleState::Pending => (
            "pending",
            "…",
            td_string!(locale, components.password.not_checked),
        ),
    }
}

/// A password already typed into both fields, for the design gallery's weak, fair and strong
/// states. No real page provides one: there the fields start empty.
#[derive(Clone, Debug)]
pub struct TypedPassword(pub &'static str);

/// "New password" and "Confirm password" with the live checklist and the strength meter.
#[component]
pub fn NewPasswordFields(policy: PasswordPolicy, user_id: String, email: String) -> impl IntoView {
    let locale = current_locale();
    // The rules are named from the policy, in the page's language.
    let named = policy.clone();
    let typed = use_context::<TypedPassword>().map(|t| t.0);
    let password = RwSignal::new(typed.unwrap_or_default().to_string());
    let confirm = RwSignal::new(typed.unwrap_or_default().to_string());
    let common = common_list();
    let evaluation: Memo<Evaluation> = Memo::new(move |_| {
        let list = common.get();
        let subject = Subject::new(&user_id, &email);
        password.with(|p| confirm.with(|c| policy.check(p, c, &subject, list.as_deref())))
    });

    // Drawn once, one item per rule of the policy; each keystroke then changes only what
    // changed (a rule's state, the score, the hint), not the whole list: the memos below
    // notify only when their value differs.
    let rules = named
        .rules()
        .into_iter()
        .enumerate()
        .map(|(at, kind)| {
            let state = Memo::new(move |_| {
                evaluation.with(|e| e.checks.get(at).map_or(RuleState::Pending, |c| c.state))
            });
            let text = move || state_text(locale, kind, state.get());
            let named = named.clone();
            let label = move || i18n::rule_label(locale, &named, kind);
            view! {
                <li data-state=move || text().0>
                    <span class="icon" aria-hidden="true">
                        {move || text().1}
                    </span>
                    " "
                    <span class="rule">{label}</span>
                    " "
                    <span class="state">{move || text().2}</span>
                </li>
            }
        })
        .collect_view();
    let score = Memo::new(move |_| evaluation.with(|e| e.strength.score));
    let hint = Memo::new(move |_| evaluation.with(|e| e.strength.hint));
    let strength_label = move || i18n::strength_label(locale, score.get());
    let feedback = move || hint.get().map(|hint| i18n::strength_hint(locale, hint));
    let (new_invalid, new_described_by) =
        field_aria(Field::NewPassword, Some("password-rules strength"));
    let (confirm_invalid, confirm_described_by) = field_aria(Field::ConfirmPassword, None);

    view! {
        <div class="field">
            <label for="new_password">{td_string!(locale, components.password.new)}</label>
            <input
                id="new_password"
                name="new_password"
                type="password"
                autocomplete="new-password"
                value=typed
                aria-describedby=new_described_by
                aria-invalid=new_invalid
                required
                on:input=move |ev| password.set(event_target_value(&ev))
            />
        </div>
        <div class="field">
            <label for="confirm_password">{td_string!(locale, components.password.confirm)}</label>
            <input
                id="confirm_password"
                name="confirm_password"
                type="password"
                autocomplete="new-password"
                value=typed
                aria-invalid=confirm_invalid
                aria-describedby=confirm_described_by
                required
                on:input=move |ev| confirm.set(event_target_value(&ev))
            />
        </div>
        <div class="strength" id="strength" data-score=score>
            <div
                class="meter"
                role="meter"
                aria-label=td_string!(locale, components.password.strength_meter)
                aria-valuemin="0"
                aria-valuemax="4"
                aria-valuenow=score
                aria-valuetext=strength_label
            >
                // Its width follows `data-score` in the style sheet: the CSP allows no inline
                // style.
                <span class="bar"></span>
            </div>
            <p class="strength-label">
                {td!(locale, components.password.strength, label = strength_label)}
            </p>
            <p class="hint">{feedback}</p>
        </div>
        <ul
            id="password-rules"
            class="rules"
            aria-label=td_string!(locale, components.password.rules)
            aria-live="polite"
        >
            {rules}
        </ul>
    }
}

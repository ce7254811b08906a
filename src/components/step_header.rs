use leptos::prelude::*;

use crate::i18n::{current_locale, td_string};

/// "Step N of M", a progress bar, and the step's main heading. The heading takes focus when
/// the step changes (see the wizard page), so it is focusable from script but not tabbable.
#[component]
pub fn StepHeader(number: u8, total: u8, #[prop(into)] title: String) -> impl IntoView {
    let locale = current_locale();
    let steps = (1..=total)
        .map(|n| {
            let class = if n < number {
                "done"
            } else if n == number {
                "current"
            } else {
                "todo"
            };
            view! { <li class=class></li> }
        })
        .collect_view();
    view! {
        <p class="step-indicator">
            {td_string!(locale, components.step, number = number, total = total)}
        </p>
        <ol class="progress" aria-hidden="true">
            {steps}
        </ol>
        <h1 tabindex="-1">{title}</h1>
    }
}

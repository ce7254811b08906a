//! Tabs that are links: each tab has its own URL (so they work without JavaScript and can be
//! bookmarked), marked up as the WAI-ARIA tabs pattern. Hydrated, the arrow keys, Home and End
//! move between the tabs (only the selected one is in the tab order) and Enter opens one;
//! after a tab is opened in the app, focus stays on it (on the tab of the page it loads).

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{HtmlElement, KeyboardEvent};

/// One tab: its id (for the elements' ids), its name and its page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tab {
    pub id: &'static str,
    pub label: &'static str,
    pub href: &'static str,
}

fn tab_id(id: &str) -> String {
    format!("tab-{id}")
}

fn focus_tab(id: &str) {
    if let Some(element) = document().get_element_by_id(&tab_id(id)) {
        if let Ok(element) = element.dyn_into::<HtmlElement>() {
            let _ = element.focus();
        }
    }
}

#[component]
pub fn LinkTabs(
    tabs: &'static [Tab],
    /// The id of the selected tab.
    current: &'static str,
    /// The tab list's accessible name.
    label: &'static str,
    /// The selected tab's panel.
    children: Children,
) -> impl IntoView {
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));

    let on_keydown = move |event: KeyboardEvent| {
        let focused = document()
            .active_element()
            .map(|e| e.id())
            .and_then(|id| tabs.iter().position(|t| tab_id(t.id) == id));
        let Some(index) = focused else { return };
        let next = match event.key().as_str() {
            "ArrowRight" => (index + 1) % tabs.len(),
            "ArrowLeft" => (index + tabs.len() - 1) % tabs.len(),
            "Home" => 0,
            "End" => tabs.len() - 1,
            _ => return,
        };
        event.prevent_default();
        focus_tab(tabs[next].id);
    };

    let links = tabs
        .iter()
        .map(|tab| {
            let selected = tab.id == current;
            let id = tab.id;
            view! {
                <a
                    role="tab"
                    id=tab_id(tab.id)
                    href=tab.href
                    aria-selected=selected.to_string()
                    aria-controls=selected.then_some("tabpanel")
                    tabindex=move || (hydrated.get() && !selected).then_some("-1")
                    on:click=move |_| {
                        #[cfg(feature = "hydrate")]
                        if !selected {
                            crate::components::navigation::focus_on_next_page(
                                &format!("#{}", tab_id(id)),
                            );
                        }
                        #[cfg(not(feature = "hydrate"))]
                        let _ = (id, selected);
                    }
                >
                    {tab.label}
                </a>
            }
        })
        .collect_view();

    view! {
        <div role="tablist" class="tabs" aria-label=label on:keydown=on_keydown>
            {links}
        </div>
        <div
            role="tabpanel"
            class="tabpanel"
            id="tabpanel"
            tabindex="0"
            aria-labelledby=tab_id(current)
        >
            {children()}
        </div>
    }
    .into_any()
}

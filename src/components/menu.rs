//! The "⋮" actions menu of a table row, after the WAI-ARIA menu button pattern.
//!
//! Without JavaScript the button is a link to `?menu=ID`: the server renders that menu open,
//! and the open button links back to the page (closing it); the items are ordinary links.
//! Hydrated, the click is intercepted and toggles the menu in place, and the keyboard works as
//! the pattern says: Enter, Space or ArrowDown opens it and focuses the first item (ArrowUp the
//! last), ArrowUp/ArrowDown/Home/End move between items, Escape closes it and returns focus to
//! the button, Tab closes it and moves on from the button, a click elsewhere closes it.

use leptos::ev;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{HtmlElement, KeyboardEvent, MouseEvent, Node};

/// One item of a menu: a link to the page that does it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MenuItem {
    pub label: &'static str,
    pub href: &'static str,
}

/// Which menu of a group is open (one at a time), shared by the group's menus. Starts from
/// the page's `?menu=` so that the server and the hydrated page agree.
pub type OpenMenu = RwSignal<Option<String>>;

fn focus_by_id(id: &str) {
    if let Some(element) = document().get_element_by_id(id) {
        if let Ok(element) = element.dyn_into::<HtmlElement>() {
            let _ = element.focus();
        }
    }
}

/// Focuses item `index` of a menu once it is drawn (it may have just been un-hidden).
fn focus_item_later(menu_id: String, index: usize) {
    request_animation_frame(move || focus_by_id(&format!("{menu_id}-item-{index}")));
}

#[component]
pub fn ActionsMenu(
    /// Short, unique on the page ("password"): the `?menu=` value and the elements' ids.
    id: &'static str,
    /// The button's accessible name ("Actions for Password").
    label: String,
    /// The page the menu is on, for the links that open and close it without JavaScript.
    page: &'static str,
    open: OpenMenu,
    items: Vec<MenuItem>,
) -> impl IntoView {
    let button_id = format!("menu-button-{id}");
    let menu_id = format!("menu-{id}");
    let count = items.len();
    let is_open = move || open.with(|o| o.as_deref() == Some(id));
    // Only a hydrated page can move focus with the arrow keys, so only then do the items
    // leave the tab order (without JavaScript they are reached with Tab like any link).
    let hydrated = RwSignal::new(false);
    let wrapper = NodeRef::<leptos::html::Div>::new();

    Effect::new(move |_| hydrated.set(true));

    // A click outside the open menu closes it.
    Effect::new(move |_| {
        let handle = window_event_listener(ev::click, move |event: MouseEvent| {
            if !open.with_untracked(|o| o.as_deref() == Some(id)) {
                return;
            }
            let inside = match (wrapper.get_untracked(), event.target()) {
                (Some(wrapper), Some(target)) => target
                    .dyn_ref::<Node>()
                    .is_some_and(|node| wrapper.contains(Some(node))),
                _ => false,
            };
            if !inside {
                open.set(None);
            }
        });
        on_cleanup(move || handle.remove());
    });

    let open_and_focus = {
        let menu_id = menu_id.clone();
        move |index: usize| {
            open.set(Some(id.to_string()));
            focus_item_later(menu_id.clone(), index);
        }
    };
    let on_button_click = {
        let open_and_focus = open_and_focus.clone();
        move |event: MouseEvent| {
            // The link opens the menu without JavaScript; here the page does it in place.
            event.prevent_default();
            if is_open() {
                open.set(None);
            } else {
                open_and_focus(0);
            }
        }
    };
    let on_button_keydown = move |event: KeyboardEvent| match event.key().as_str() {
        "Enter" | " " | "ArrowDown" => {
            event.prevent_default();
            open_and_focus(0);
        }
        "ArrowUp" => {
            event.prevent_default();
            open_and_focus(count.saturating_sub(1));
        }
        "Escape" if is_open() => {
            event.prevent_default();
            open.set(None);
        }
        _ => {}
    };
    let on_menu_keydown = {
        let button_id = button_id.clone();
        let menu_id = menu_id.clone();
        move |event: KeyboardEvent| {
            let current = document()
                .active_element()
                .and_then(|e| e.id().rsplit_once("-item-").map(|(_, i)| i.to_string()))
                .and_then(|i| i.parse::<usize>().ok())
                .unwrap_or(0);
            let target = match event.key().as_str() {
                "ArrowDown" => Some((current + 1) % count.max(1)),
                "ArrowUp" => Some((current + count.max(1) - 1) % count.max(1)),
                "Home" => Some(0),
                "End" => Some(count.saturating_sub(1)),
                "Escape" => {
                    event.prevent_default();
                    open.set(None);
                    focus_by_id(&button_id);
                    None
                }
                "Tab" => {
                    // Focus goes back to the button first, so Tab moves on from there.
                    open.set(None);
                    focus_by_id(&button_id);
                    None
                }
                " " => {
                    // Space activates a menu item as Enter does.
                    event.prevent_default();
                    if let Some(item) = document()
                        .active_element()
                        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
                    {
                        item.click();
                    }
                    None
                }
                _ => None,
            };
            if let Some(index) = target {
                event.prevent_default();
                focus_by_id(&format!("{menu_id}-item-{index}"));
            }
        }
    };
    let on_item_click = move |_: MouseEvent| open.set(None);

    let items = items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            view! {
                <li role="none">
                    <a
                        role="menuitem"
                        id=format!("{menu_id}-item-{index}")
                        href=item.href
                        tabindex=move || hydrated.get().then_some("-1")
                        on:click=on_item_click
                    >
                        {item.label}
                    </a>
                </li>
            }
        })
        .collect_view();
    let open_href = format!("{page}?menu={id}");

    view! {
        <div class="menu" node_ref=wrapper>
            <a
                role="button"
                class="menu-button"
                id=button_id.clone()
                href=move || if is_open() { page.to_string() } else { open_href.clone() }
                aria-label=label
                aria-haspopup="menu"
                aria-expanded=move || is_open().to_string()
                aria-controls=menu_id.clone()
                on:click=on_button_click
                on:keydown=on_button_keydown
            >
                <span aria-hidden="true">"⋮"</span>
            </a>
            <ul
                role="menu"
                class="menu-popup"
                id=menu_id.clone()
                aria-labelledby=button_id
                hidden=move || !is_open()
                on:keydown=on_menu_keydown
            >
                {items}
            </ul>
        </div>
    }
    .into_any()
}

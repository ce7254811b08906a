//! Where keyboard focus goes when a page's content changes under it.

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::HtmlElement;

/// Moves focus to the page's main heading once the new content is drawn. Headings that take
/// focus this way carry `tabindex="-1"`: focusable from script, not in the tab order.
pub fn focus_main_heading() {
    focus_when_drawn("main h1");
}

/// Moves focus to the first element matching `selector` after the next frame.
pub fn focus_when_drawn(selector: &'static str) {
    // (after the next frame: the new content is in the document by then)
    request_animation_frame(move || {
        if let Ok(Some(element)) = document().query_selector(selector) {
            if let Ok(element) = element.dyn_into::<HtmlElement>() {
                let _ = element.focus();
            }
        }
    });
}

/// Focus follows the step: when `key` changes from one step to another, or when the first
/// step arrives after the page was opened from within the app (its state was still loading),
/// the main heading takes focus. On a page's first load focus stays where the browser put it.
pub fn focus_on_step_change<K>(key: impl Fn() -> Option<K> + 'static)
where
    K: PartialEq + Clone + 'static,
{
    Effect::new(move |previous: Option<Option<K>>| {
        let now = key();
        if let (Some(before), Some(now)) = (&previous, &now) {
            if before.as_ref() != Some(now) {
                focus_main_heading();
            }
        }
        now
    });
}

/// Whether keyboard focus is nowhere in particular: the element that had it was replaced (or,
/// on a page just loaded, nothing has taken it yet).
pub(crate) fn focus_lost() -> bool {
    let document = document();
    match document.active_element() {
        None => true,
        Some(active) => document.body().is_some_and(|body| {
            let body: &leptos::web_sys::Element = &body;
            body == &active
        }),
    }
}

/// When the content under the keyboard focus is replaced (`source` changed: new data was
/// drawn), the main heading takes the focus the replaced element had. Focus that is still
/// somewhere is left alone. Not on a page's first load.
pub fn refocus_when_lost<T>(source: impl Fn() -> T + 'static)
where
    T: 'static,
{
    Effect::new(move |previous: Option<()>| {
        let _ = source();
        if previous.is_some() {
            request_animation_frame(|| {
                if focus_lost() {
                    focus_main_heading_now();
                }
            });
        }
    });
}

fn focus_main_heading_now() {
    if let Ok(Some(element)) = document().query_selector("main h1") {
        if let Ok(element) = element.dyn_into::<HtmlElement>() {
            let _ = element.focus();
        }
    }
}

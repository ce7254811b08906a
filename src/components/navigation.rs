//! Moving from page to page. Every page is a document of its own: the server draws it, and in
//! the browser only its island hydrates, with no router (see `pages::islands`). So the app goes
//! on to a page by loading it, and a page reads its query from the address it was loaded at.
//!
//! A page opened from within the app (a link, or the way on after an action) replaces the
//! document that had the keyboard focus: the next Tab would start from the top again, and a
//! screen reader would not be told where the person now is. So the page that leads on says
//! where the focus goes on the next page (its main heading, unless it asks for a control such
//! as the tab just opened), and the next page, once hydrated, puts it there. The request is
//! kept in the tab's session storage, which outlives the page load and no other tab sees. On a
//! page's first load (typed, bookmarked, reloaded) there is no request, and focus stays where
//! the browser put it.

use leptos::prelude::*;

/// The session storage key of the focus request for the next page.
#[cfg(feature = "hydrate")]
const FOCUS_REQUEST: &str = "keyturn.focus";

/// What the next page focuses when nothing more particular was asked for.
#[cfg(feature = "hydrate")]
const MAIN_HEADING: &str = "main h1";

/// The value of `key` in the query of the page being drawn.
pub fn query_value(key: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let search = window().location().search().ok()?;
        leptos::web_sys::UrlSearchParams::new_with_str(&search)
            .ok()?
            .get(key)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        leptos_router::hooks::use_query_map().with_untracked(|query| query.get(key))
    }
}

/// The address of the page being drawn: its path, and its query when it has one.
pub fn page_address() -> String {
    #[cfg(feature = "hydrate")]
    {
        let location = window().location();
        format!(
            "{}{}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default()
        )
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let location = leptos_router::hooks::use_location();
        with_query(
            &location.pathname.get_untracked(),
            &location.search.get_untracked(),
        )
    }
}

/// `path` with `search`, the query as the router has it: without its `?`, so the `?` is put
/// back only when there is a query.
#[cfg(not(feature = "hydrate"))]
fn with_query(path: &str, search: &str) -> String {
    if search.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{search}")
    }
}

/// Goes on to `href` (a path of this site), its main heading focused once it has loaded. The
/// page being left stays in the history, as a link would leave it.
pub fn go_to(href: &str) {
    navigate(href, false);
}

/// As [`go_to`], but the page being left is taken out of the history (a reset link's page, so
/// that "Back" does not open the spent link again).
pub fn replace_with(href: &str) {
    navigate(href, true);
}

#[cfg(feature = "hydrate")]
fn navigate(href: &str, replace: bool) {
    let location = window().location();
    let here = page_address();
    // Already there: the page's own state changes in place (as a router would leave it).
    if here == href {
        return;
    }
    focus_on_next_page(MAIN_HEADING);
    let _ = if replace {
        location.replace(href)
    } else {
        location.assign(href)
    };
}

/// There is no page to go on to while the server draws one.
#[cfg(not(feature = "hydrate"))]
fn navigate(_href: &str, _replace: bool) {}

/// Shows `href` as the page's address without loading it: for a page whose state changed in
/// place to what that address shows. It replaces the address in the history rather than
/// adding one, as "Back" could not draw the state before again without a load.
pub fn show_address(href: &str) {
    #[cfg(feature = "hydrate")]
    if let Ok(history) = window().history() {
        let _ =
            history.replace_state_with_url(&leptos::wasm_bindgen::JsValue::NULL, "", Some(href));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = href;
}

/// Asks the next page loaded in this tab to focus the element `selector` finds.
#[cfg(feature = "hydrate")]
pub fn focus_on_next_page(selector: &str) {
    if let Ok(Some(storage)) = window().session_storage() {
        let _ = storage.set_item(FOCUS_REQUEST, selector);
    }
}

/// Links to other pages of the app ask for the next page's main heading: one listener on the
/// document, which a link's own click handler runs before (so a tab can ask for itself
/// first). A link to a place on the same page, one opened elsewhere (another window, a
/// download, a modifier key held) or one to another site asks for nothing.
#[cfg(feature = "hydrate")]
pub fn watch_links() {
    use leptos::wasm_bindgen::{closure::Closure, JsCast};
    use leptos::web_sys::{HtmlAnchorElement, MouseEvent};

    let on_click = Closure::<dyn Fn(MouseEvent)>::new(|event: MouseEvent| {
        if event.default_prevented()
            || event.button() != 0
            || event.ctrl_key()
            || event.meta_key()
            || event.shift_key()
            || event.alt_key()
        {
            return;
        }
        let Some(link) = event
            .target()
            .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten())
            .and_then(|e| e.dyn_into::<HtmlAnchorElement>().ok())
        else {
            return;
        };
        let location = window().location();
        let same_site = location
            .origin()
            .is_ok_and(|origin| link.origin() == origin);
        let same_page = location
            .pathname()
            .is_ok_and(|path| link.pathname() == path)
            && location
                .search()
                .is_ok_and(|search| link.search() == search);
        let elsewhere = !link.target().is_empty() && link.target() != "_self";
        if !same_site || same_page || elsewhere || link.has_attribute("download") {
            return;
        }
        let requested = window()
            .session_storage()
            .ok()
            .flatten()
            .and_then(|storage| storage.get_item(FOCUS_REQUEST).ok().flatten());
        if requested.is_none() {
            focus_on_next_page(MAIN_HEADING);
        }
    });
    let _ = document().add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    on_click.forget();
}

/// On a page just hydrated: focuses what the page before it asked for, if anything, and only
/// if the focus is nowhere in particular (a person who already clicked into a field keeps it).
#[cfg(feature = "hydrate")]
pub fn take_focus_request() {
    use leptos::wasm_bindgen::JsCast;

    let Some(storage) = window().session_storage().ok().flatten() else {
        return;
    };
    let Some(selector) = storage.get_item(FOCUS_REQUEST).ok().flatten() else {
        return;
    };
    let _ = storage.remove_item(FOCUS_REQUEST);
    if !super::focus::focus_lost() {
        return;
    }
    let document = document();
    let target = document
        .query_selector(&selector)
        .ok()
        .flatten()
        .or_else(|| document.query_selector(MAIN_HEADING).ok().flatten());
    if let Some(element) = target.and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok()) {
        let _ = element.focus();
    }
}

#[cfg(test)]
mod tests {
    use super::with_query;

    #[test]
    fn the_query_comes_back_with_its_question_mark() {
        assert_eq!(with_query("/reset", ""), "/reset");
        assert_eq!(
            with_query("/email-reset/link", "token=abc"),
            "/email-reset/link?token=abc"
        );
    }
}

//! A form that posts to a server function: without JavaScript a plain HTML form post, hydrated
//! the same arguments dispatched to the function's action. Leptos's `ActionForm` does the same
//! for functions with its own `PostUrl` encoding; this one is for the project's encodings
//! (`crate::api::wire`), which leave the form's parsing to the browser.

use leptos::prelude::*;
use leptos::server_fn::{Http, ServerFn};
use serde::de::DeserializeOwned;

use crate::api::wire;
use crate::domain::AppError;

/// A server function a [`ServerForm`] can post to: the project's encodings and error.
pub trait FormFunction:
    DeserializeOwned
    + ServerFn<Protocol = Http<wire::Form, wire::Json>, Error = AppError>
    + Clone
    + Send
    + Sync
    + 'static
{
}

impl<T> FormFunction for T where
    T: DeserializeOwned
        + ServerFn<Protocol = Http<wire::Form, wire::Json>, Error = AppError>
        + Clone
        + Send
        + Sync
        + 'static
{
}

#[component]
pub fn ServerForm<ServFn>(
    /// The action the form's arguments are dispatched to.
    action: ServerAction<ServFn>,
    children: Children,
) -> impl IntoView
where
    ServFn: FormFunction,
    ServFn::Output: Send + Sync + 'static,
{
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        if event.default_prevented() {
            return;
        }
        event.prevent_default();
        submit(action, &event);
    };
    view! {
        <form action=ServFn::url() method="post" on:submit=on_submit>
            {children()}
        </form>
    }
}

#[cfg(feature = "hydrate")]
fn submit<ServFn>(action: ServerAction<ServFn>, event: &leptos::ev::SubmitEvent)
where
    ServFn: DeserializeOwned + ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    ServFn::Output: Send + Sync + 'static,
{
    use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
    use leptos::wasm_bindgen::JsCast;

    // The form's fields only: unlike `ActionForm`, the pressed button's own name and value are
    // not added, as no form here names its buttons.
    let arguments = event
        .target()
        .and_then(|target| target.dyn_into::<leptos::web_sys::HtmlFormElement>().ok())
        .and_then(|form| leptos::web_sys::FormData::new_with_form(&form).ok())
        .ok_or_else(|| "no form".to_string())
        .and_then(|data| wire::from_form_data::<ServFn>(&data).map_err(|e| e.to_string()));
    match arguments {
        Ok(arguments) => {
            action.dispatch(arguments);
        }
        Err(error) => {
            // As Leptos's own form reports arguments it cannot read.
            let error = AppError::from_server_fn_error(ServerFnErrorErr::Serialization(error));
            action.value().set(Some(Err(error)));
            action.version().update(|n| *n += 1);
        }
    }
}

/// Submit events exist only in the browser.
#[cfg(not(feature = "hydrate"))]
fn submit<ServFn>(_action: ServerAction<ServFn>, _event: &leptos::ev::SubmitEvent)
where
    ServFn: ServerFn + Clone + Send + Sync + 'static,
    ServFn::Output: Send + Sync + 'static,
{
}

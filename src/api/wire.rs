//! How the server functions' arguments, results and errors travel: a URL-encoded form in, JSON
//! out, exactly as Leptos's own `PostUrl` and `Json` put them on the wire, so plain HTML form
//! posts, `curl` and the tests see no difference.
//!
//! What differs is who does the work in the browser. Leptos's encodings parse and write both
//! formats in WASM (`serde_qs`, `serde_json`, with their number formatting), and every page
//! that calls a server function downloads that code. Here the browser's own `JSON.parse`,
//! `JSON.stringify` and `URLSearchParams` do it, and `serde-wasm-bindgen` moves the values
//! between JavaScript and Rust. The server keeps `serde_qs` and `serde_json`.
//!
//! Arguments are flat records of text (every server function takes strings, secrets and
//! channels; a flag would travel as `true` or `false`): a field that is a number or a nested
//! record is refused in the browser rather than sent in a shape the server would read
//! differently.

use std::fmt;

use leptos::server_fn::codec::Post;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use leptos::server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::domain::{AppError, InvalidInput};

/// Arguments as the URL-encoded body of a `POST`, the shape an HTML form posts.
pub type Form = Post<FormCodec>;
/// Results (and errors) as JSON.
pub type Json = Post<JsonCodec>;

/// The one error type of every server function, as JSON like their results.
impl FromServerFnError for AppError {
    type Encoder = JsonCodec;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // A malformed request (missing or undecodable field, an error in the URL that does
            // not decode) is the client's mistake.
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::Deserialization(_)
            | ServerFnErrorErr::MissingArg(_) => AppError::Invalid(InvalidInput::Malformed),
            _ => AppError::Internal,
        }
    }
}

/// `application/x-www-form-urlencoded`.
#[derive(Debug)]
pub struct FormCodec;

/// `application/json`.
#[derive(Debug)]
pub struct JsonCodec;

impl ContentType for FormCodec {
    const CONTENT_TYPE: &'static str = "application/x-www-form-urlencoded";
}

impl FormatType for FormCodec {
    const FORMAT_TYPE: Format = Format::Text;
}

impl ContentType for JsonCodec {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for JsonCodec {
    const FORMAT_TYPE: Format = Format::Text;
}

/// Why a value could not be encoded or decoded (server functions report it as a malformed
/// request or response).
#[derive(Debug)]
pub struct CodecError(String);

impl fmt::Display for CodecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<T: Serialize> Encodes<T> for FormCodec {
    type Error = CodecError;

    fn encode(value: &T) -> Result<Bytes, CodecError> {
        imp::form_encode(value).map(Bytes::from)
    }
}

impl<T: DeserializeOwned> Decodes<T> for FormCodec {
    type Error = CodecError;

    fn decode(bytes: Bytes) -> Result<T, CodecError> {
        imp::form_decode(text(&bytes)?)
    }
}

impl<T: Serialize> Encodes<T> for JsonCodec {
    type Error = CodecError;

    fn encode(value: &T) -> Result<Bytes, CodecError> {
        imp::json_encode(value).map(Bytes::from)
    }
}

impl<T: DeserializeOwned> Decodes<T> for JsonCodec {
    type Error = CodecError;

    fn decode(bytes: Bytes) -> Result<T, CodecError> {
        imp::json_decode(text(&bytes)?)
    }
}

/// A server function's arguments from a submitted form, as the server reads the same form
/// posted without JavaScript.
#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
pub fn from_form_data<T: DeserializeOwned>(form: &web_sys::FormData) -> Result<T, CodecError> {
    imp::from_entries(form)
}

fn text(bytes: &[u8]) -> Result<&str, CodecError> {
    std::str::from_utf8(bytes).map_err(|_| CodecError("not UTF-8".into()))
}

/// The server: the same crates Leptos's `PostUrl` and `Json` use, with the same limits.
#[cfg(feature = "ssr")]
mod imp {
    use super::CodecError;
    use serde::de::DeserializeOwned;
    use serde::Serialize;

    fn error(e: impl std::fmt::Display) -> CodecError {
        CodecError(e.to_string())
    }

    pub(super) fn form_encode<T: Serialize>(value: &T) -> Result<String, CodecError> {
        serde_qs::to_string(value).map_err(error)
    }

    pub(super) fn form_decode<T: DeserializeOwned>(text: &str) -> Result<T, CodecError> {
        // Nesting depth 5, strict mode off: as `PostUrl` reads a form.
        serde_qs::Config::new(5, false)
            .deserialize_str(text)
            .map_err(error)
    }

    pub(super) fn json_encode<T: Serialize>(value: &T) -> Result<String, CodecError> {
        serde_json::to_string(value).map_err(error)
    }

    pub(super) fn json_decode<T: DeserializeOwned>(text: &str) -> Result<T, CodecError> {
        serde_json::from_str(text).map_err(error)
    }
}

/// The browser: its own parsers, with `serde-wasm-bindgen` between JavaScript values and Rust.
#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
mod imp {
    use super::CodecError;
    use js_sys::{Array, Object, JSON};
    use serde::de::DeserializeOwned;
    use serde::Serialize;
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::UrlSearchParams;

    /// A fixed message: formatting the JavaScript error would bring back the code this
    /// module exists to leave out.
    fn error(what: &str) -> impl Fn(JsValue) -> CodecError + '_ {
        move |_| CodecError(what.into())
    }

    pub(super) fn form_encode<T: Serialize>(value: &T) -> Result<String, CodecError> {
        let record = serde_wasm_bindgen::to_value(value).map_err(|e| CodecError(e.to_string()))?;
        let params = UrlSearchParams::new().map_err(error("no URLSearchParams"))?;
        // A function without arguments serializes to an empty record (or `undefined`).
        if let Some(record) = record.dyn_ref::<Object>() {
            for entry in Object::entries(record) {
                let entry: Array = entry.unchecked_into();
                let name = entry.get(0).as_string().unwrap_or_default();
                let value = entry.get(1);
                // `None` is left out, as `serde_qs` leaves it out.
                if value.is_undefined() || value.is_null() {
                    continue;
                }
                let text = match (value.as_string(), value.as_bool()) {
                    (Some(text), _) => text,
                    (None, Some(flag)) => if flag { "true" } else { "false" }.into(),
                    _ => return Err(CodecError(format!("{name}: not text"))),
                };
                params.append(&name, &text);
            }
        }
        Ok(params.to_string().into())
    }

    pub(super) fn form_decode<T: DeserializeOwned>(text: &str) -> Result<T, CodecError> {
        let params = UrlSearchParams::new_with_str(text).map_err(error("not a form"))?;
        from_entries(&params)
    }

    /// A record from name–value pairs (`URLSearchParams`, `FormData`); of a repeated name the
    /// last value counts.
    pub(super) fn from_entries<T: DeserializeOwned>(pairs: &JsValue) -> Result<T, CodecError> {
        let record = Object::from_entries(pairs).map_err(error("not a form"))?;
        serde_wasm_bindgen::from_value(record.into()).map_err(|e| CodecError(e.to_string()))
    }

    pub(super) fn json_encode<T: Serialize>(value: &T) -> Result<String, CodecError> {
        let value = value
            .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .map_err(|e| CodecError(e.to_string()))?;
        JSON::stringify(&value)
            .map(String::from)
            .map_err(error("not JSON"))
    }

    pub(super) fn json_decode<T: DeserializeOwned>(text: &str) -> Result<T, CodecError> {
        let value = JSON::parse(text).map_err(error("not JSON"))?;
        serde_wasm_bindgen::from_value(value).map_err(|e| CodecError(e.to_string()))
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use leptos::server_fn::codec::JsonEncoding;

    use serde::Deserialize;

    use super::*;
    use crate::domain::{Channel, Secret};

    /// Arguments shaped as the `#[server]` macro shapes them (`sign_in`, `send_signin_pin`).
    #[derive(Debug, Serialize, Deserialize)]
    struct SignIn {
        #[serde(default)]
        user_id: String,
        #[serde(default)]
        password: Secret,
    }

    #[derive(Debug, Serialize, Deserialize)]
    struct SendSigninPin {
        channel: Channel,
    }

    /// The wire is Leptos's own: a body these codecs write is byte for byte what `PostUrl`
    /// and `Json` wrote before, so other clients and plain form posts see no change.
    #[test]
    fn the_server_writes_what_leptos_wrote() {
        let error = AppError::DeliveryFailed(Channel::Sms);
        assert_eq!(
            <JsonCodec as Encodes<AppError>>::encode(&error).unwrap(),
            <JsonEncoding as Encodes<AppError>>::encode(&error).unwrap(),
        );
        assert_eq!(
            &<JsonCodec as Encodes<AppError>>::encode(&error).unwrap()[..],
            br#"{"DeliveryFailed":"sms"}"#
        );
        let arguments = SendSigninPin {
            channel: Channel::Email,
        };
        assert_eq!(
            &<FormCodec as Encodes<SendSigninPin>>::encode(&arguments).unwrap()[..],
            b"channel=email"
        );
    }

    #[test]
    fn a_plain_form_post_is_read_as_before() {
        let body = Bytes::from_static(b"user_id=d%20a%26b&password=Vivid+otter");
        let arguments: SignIn = FormCodec::decode(body).unwrap();
        assert_eq!(arguments.user_id, "d a&b");
        assert_eq!(arguments.password, Secret::from("Vivid otter"));
        // Missing fields take their defaults (the service then says what is missing).
        let empty: SignIn = FormCodec::decode(Bytes::new()).unwrap();
        assert_eq!(empty.user_id, "");
        // A value that is not one of ours is refused, not guessed at.
        assert!(
            <FormCodec as Decodes<SendSigninPin>>::decode(Bytes::from_static(b"channel=fax"))
                .is_err()
        );
        assert!(<FormCodec as Decodes<SignIn>>::decode(Bytes::from_static(b"\xff\xfe")).is_err());
    }

    #[test]
    fn errors_decode_only_to_our_codes() {
        let back: AppError =
            JsonCodec::decode(Bytes::from_static(br#"{"Invalid":"PinFormat"}"#)).unwrap();
        assert_eq!(back, AppError::Invalid(InvalidInput::PinFormat));
        assert!(<JsonCodec as Decodes<AppError>>::decode(Bytes::from_static(
            br#"{"Invalid":"Call +1 555 0100"}"#
        ))
        .is_err());
        // What server_fn itself reports about a request it cannot read is the client's mistake.
        assert_eq!(
            AppError::from_server_fn_error(ServerFnErrorErr::Deserialization("x".into())),
            AppError::Invalid(InvalidInput::Malformed)
        );
        assert_eq!(
            AppError::from_server_fn_error(ServerFnErrorErr::Request("x".into())),
            AppError::Internal
        );
    }
}

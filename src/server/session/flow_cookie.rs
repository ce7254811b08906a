//! The flow cookie: it carries the random token whose keyed hash finds a flow's row.

use axum::http::{header, HeaderMap};

/// Name of the cookie that binds a browser to its server-side reset flow.
pub const NAME: &str = "keyturn_reset";

/// Longest token value accepted; anything longer is not one of ours.
const MAX_VALUE_LEN: usize = 128;

/// The value of the flow cookie, if the request carries one.
pub fn read(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == NAME)
        .map(|(_, value)| value.to_string())
        .filter(|v| !v.is_empty() && v.len() <= MAX_VALUE_LEN)
}

/// The `Set-Cookie` value that sets the token (or, with `None`, clears it): HttpOnly,
/// SameSite=Strict, Secure when the public URL is https, living as long as a flow.
pub fn set_cookie(value: Option<&str>, max_age: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    match value {
        Some(v) => {
            format!("{NAME}={v}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}")
        }
        None => format!("{NAME}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}"),
    }
}

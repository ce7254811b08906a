//! The cookies that bind a browser to its state on the server. Each carries a random token
//! whose keyed hash finds a row; the token itself is never stored.
//!
//! On https every name takes the `__Host-` prefix (the browser then refuses the cookie unless it
//! is `Secure`, host-only and `Path=/`, so a sibling subdomain cannot plant one); on plain http
//! (a laptop in dev mode) browsers refuse such names, so the bare name is used.

use axum::http::{header, HeaderMap};

/// One kind of cookie.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CookieKind {
    name: &'static str,
    same_site: &'static str,
}

/// The reset wizard's flow.
pub const RESET_FLOW: CookieKind = CookieKind {
    name: "keyturn_reset",
    same_site: "Strict",
};

/// A sign-in between the right password and the second factor.
pub const SIGNIN_FLOW: CookieKind = CookieKind {
    name: "keyturn_signin",
    same_site: "Strict",
};

/// The signed-in session. Lax, so a link from elsewhere (an email) still finds the person
/// signed in; state changes are guarded by the origin check instead.
pub const SESSION: CookieKind = CookieKind {
    name: "keyturn_session",
    same_site: "Lax",
};

/// Longest token value accepted; anything longer is not one of ours.
const MAX_VALUE_LEN: usize = 128;

impl CookieKind {
    /// The name on the wire: `__Host-` prefixed on https.
    pub fn name(&self, secure: bool) -> String {
        if secure {
            format!("__Host-{}", self.name)
        } else {
            self.name.to_string()
        }
    }

    /// The token the request carries, if it carries exactly one cookie of this name. Two of
    /// the same name mean someone planted one: then neither counts.
    pub fn read(&self, headers: &HeaderMap, secure: bool) -> Option<String> {
        let name = self.name(secure);
        let mut found = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .filter(|(n, _)| *n == name)
            .map(|(_, value)| value.to_string());
        let first = found.next()?;
        if found.next().is_some() {
            return None;
        }
        Some(first).filter(|v| !v.is_empty() && v.len() <= MAX_VALUE_LEN)
    }

    /// The `Set-Cookie` value that sets the token (or, with `None`, clears it): HttpOnly,
    /// `Path=/`, Secure on https; `max_age` seconds, or a browser-session cookie with `None`.
    pub fn set_cookie(&self, value: Option<&str>, max_age: Option<i64>, secure: bool) -> String {
        let name = self.name(secure);
        let same_site = self.same_site;
        let secure = if secure { "; Secure" } else { "" };
        match value {
            Some(v) => {
                let max_age = max_age
                    .map(|s| format!("; Max-Age={s}"))
                    .unwrap_or_default();
                format!("{name}={v}; Path=/; HttpOnly; SameSite={same_site}{max_age}{secure}")
            }
            None => format!("{name}=; Path=/; HttpOnly; SameSite={same_site}; Max-Age=0{secure}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(cookie: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_str(cookie).unwrap());
        h
    }

    #[test]
    fn https_names_take_the_host_prefix() {
        assert_eq!(SESSION.name(true), "__Host-keyturn_session");
        assert_eq!(SESSION.name(false), "keyturn_session");
        let set = SESSION.set_cookie(Some("abc"), None, true);
        assert_eq!(
            set,
            "__Host-keyturn_session=abc; Path=/; HttpOnly; SameSite=Lax; Secure"
        );
    }

    #[test]
    fn a_duplicated_cookie_counts_as_none() {
        assert_eq!(
            RESET_FLOW
                .read(&headers("keyturn_reset=aa; other=1"), false)
                .as_deref(),
            Some("aa")
        );
        assert_eq!(
            RESET_FLOW.read(&headers("keyturn_reset=aa; keyturn_reset=bb"), false),
            None
        );
        // On https only the prefixed name counts: a plain one may come from a subdomain.
        assert_eq!(RESET_FLOW.read(&headers("keyturn_reset=aa"), true), None);
    }
}

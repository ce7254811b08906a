//! Request plumbing shared by the server functions of every flow: the application state, the
//! client's address, the flow cookie, and how a result becomes an HTTP response.

use axum::extract::ConnectInfo;
use axum::http::{header, request::Parts, HeaderValue, StatusCode};
use leptos::prelude::*;
use leptos::server_fn::error::ServerFnUrlError;
use leptos_axum::ResponseOptions;
use std::net::SocketAddr;

use crate::domain::AppError;
use crate::server::session::cookies::{self, CookieKind};
use crate::server::state::AppState;

/// One person usually has a whole IPv6 /64, so IPv6 clients are counted per /64.
fn rate_limit_key(ip: std::net::IpAddr) -> String {
    match ip {
        std::net::IpAddr::V6(v6) if v6.to_ipv4_mapped().is_none() => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        std::net::IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(|v4| v4.to_string())
            .unwrap_or_default(),
        std::net::IpAddr::V4(v4) => v4.to_string(),
    }
}

/// An address as proxies write it: `192.0.2.7`, `2001:db8::1`, with a port (`192.0.2.7:4711`,
/// `[2001:db8::1]:4711`) or bracketed without one.
fn parse_forwarded_address(text: &str) -> Option<std::net::IpAddr> {
    text.parse()
        .ok()
        .or_else(|| text.parse::<SocketAddr>().ok().map(|a| a.ip()))
        .or_else(|| {
            text.strip_prefix('[')
                .and_then(|t| t.strip_suffix(']'))
                .and_then(|t| t.parse().ok())
        })
}

pub(crate) fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the server function context");
        AppError::Internal
    })
}

fn parts() -> Option<Parts> {
    use_context::<Parts>()
}

/// The address rate limits are keyed on: the peer address, or the configured proxy header.
pub(crate) fn client_address(state: &AppState) -> String {
    let Some(parts) = parts() else {
        return "unknown".into();
    };
    if let Some(name) = &state.config.client_ip_header {
        // The last value is the one our own proxy appended; earlier ones are client-supplied.
        // It is parsed, so an IPv6 client gets its /64 as anywhere else; what is not an address
        // identifies nobody, and all such requests share one bucket (garbage cannot buy a
        // fresh rate-limit count).
        let last = parts
            .headers
            .get_all(name.as_str())
            .iter()
            .next_back()
            .and_then(|value| value.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim);
        return match last.and_then(parse_forwarded_address) {
            Some(ip) => rate_limit_key(ip),
            None => {
                tracing::warn!(header = %name, "the client address header holds no address");
                "invalid-forwarded-address".into()
            }
        };
    }
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| rate_limit_key(addr.ip()))
        .unwrap_or_else(|| "unknown".into())
}

/// Whether cookies are sent over https only (and so take the `__Host-` prefix).
fn secure(state: &AppState) -> bool {
    state.config.public_url.scheme() == "https"
}

/// The token of a cookie of this kind, if the request carries exactly one.
pub(crate) fn cookie(state: &AppState, kind: CookieKind) -> Option<String> {
    kind.read(&parts()?.headers, secure(state))
}

/// Sets (or with `None`, clears) a cookie of this kind.
pub(crate) fn set_cookie(
    state: &AppState,
    kind: CookieKind,
    value: Option<&str>,
    max_age: Option<i64>,
) {
    let Some(res) = use_context::<ResponseOptions>() else {
        return;
    };
    if let Ok(v) = HeaderValue::from_str(&kind.set_cookie(value, max_age, secure(state))) {
        res.append_header(header::SET_COOKIE, v);
    }
}

/// The reset wizard's flow cookie.
pub(crate) fn flow_cookie() -> Option<String> {
    cookie(&app_state().ok()?, cookies::RESET_FLOW)
}

/// Sets (or with `None`, clears) the reset wizard's flow cookie, living as long as a flow.
pub(crate) fn set_flow_cookie(state: &AppState, value: Option<&str>) {
    let max_age = crate::server::flows::reset::FLOW_SECONDS;
    set_cookie(state, cookies::RESET_FLOW, value, Some(max_age));
}

/// A plain HTML form post to a server function (no JavaScript): the browser asked for a page,
/// not for data. (A server function called while rendering a page is not one.)
pub(crate) fn is_form_post() -> bool {
    parts().is_some_and(|p| {
        p.method == axum::http::Method::POST
            && p.uri.path().starts_with("/api/")
            && p.headers
                .get(header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|s| s.contains("text/html"))
    })
}

/// Turns a service result into the server function's response. A plain form post is sent
/// back to `page` (errors travel in the URL, read by the page's actions); a programmatic
/// client gets a status code that says what happened.
pub(crate) fn respond<T>(result: Result<T, AppError>, page: &str) -> Result<T, AppError> {
    respond_to(result, page, page)
}

/// [`respond`] with a page for success and another for failure (a plain form post).
pub(crate) fn respond_to<T>(
    result: Result<T, AppError>,
    ok_page: &str,
    err_page: &str,
) -> Result<T, AppError> {
    let form_post = is_form_post();
    match &result {
        Ok(_) if form_post => leptos_axum::redirect(ok_page),
        Err(err) if form_post => {
            // Back to the page with the error in the URL, where the page's actions read it.
            // Built here rather than from the Referer header, which a browser may omit.
            let function = parts()
                .map(|p| p.uri.path().to_string())
                .unwrap_or_default();
            let base = url::Url::parse("http://page.invalid").and_then(|b| b.join(err_page));
            if let Ok(url) =
                base.and_then(|b| ServerFnUrlError::new(function, err.clone()).to_url(b.as_str()))
            {
                let relative = format!("{}?{}", url.path(), url.query().unwrap_or_default());
                leptos_axum::redirect(&relative);
            }
        }
        Err(err) => {
            if let Some(res) = use_context::<ResponseOptions>() {
                res.set_status(
                    StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                );
            }
        }
        _ => {}
    }
    result
}

#[cfg(test)]
mod tests {
    use super::{parse_forwarded_address, rate_limit_key};

    #[test]
    fn forwarded_addresses_are_parsed_or_refused() {
        for (text, ip) in [
            ("192.0.2.7", "192.0.2.7"),
            ("192.0.2.7:4711", "192.0.2.7"),
            ("2001:db8::1", "2001:db8::1"),
            ("[2001:db8::1]:4711", "2001:db8::1"),
            ("[2001:db8::1]", "2001:db8::1"),
        ] {
            assert_eq!(
                parse_forwarded_address(text),
                Some(ip.parse().unwrap()),
                "{text}"
            );
        }
        for text in ["", "unknown", "evil.example", "192.0.2.7; drop", "1.2.3"] {
            assert_eq!(parse_forwarded_address(text), None, "{text}");
        }
    }

    #[test]
    fn ipv6_clients_are_counted_per_64() {
        assert_eq!(
            rate_limit_key("2001:db8:1:2:aaaa::1".parse().unwrap()),
            "2001:db8:1:2::/64"
        );
        assert_eq!(
            rate_limit_key("2001:db8:1:2:bbbb::9".parse().unwrap()),
            rate_limit_key("2001:db8:1:2:aaaa::1".parse().unwrap())
        );
        assert_eq!(
            rate_limit_key("::ffff:192.0.2.7".parse().unwrap()),
            "192.0.2.7"
        );
        assert_eq!(rate_limit_key("192.0.2.7".parse().unwrap()), "192.0.2.7");
    }
}

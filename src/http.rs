//! The HTTP application: Leptos pages and server functions, plus a few plain routes.

use axum::extract::rejection::FormRejection;
use axum::extract::Extension;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};

use crate::app::{shell, App};
use crate::components::language_switch::LANGUAGE_PATH;
use crate::i18n::{Locale, LANGUAGE_COOKIE};
use crate::server::state::{AppState, COMMON_PASSWORDS_GZ};

/// Builds the whole application around a state (the server and the tests use this).
pub fn router(state: AppState, options: LeptosOptions) -> Router {
    let routes = route_list();
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    Router::new()
        .route("/healthz", get(healthz))
        .route("/common-passwords.txt", get(common_passwords))
        .route(LANGUAGE_PATH, post(set_language))
        .nest_service(
            &format!("/{}", options.site_pkg_dir),
            client_files(&options),
        )
        .leptos_routes_with_context(&options, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context(
            context, shell,
        ))
        .layer(axum::middleware::from_fn(only_offered_flows))
        .layer(axum::middleware::from_fn(malformed_is_bad_request))
        .layer(axum::middleware::from_fn(refuse_cross_site))
        // Outermost but for the state: every answer gets the headers, refusals included.
        .layer(axum::middleware::from_fn(security_headers))
        .layer(axum::middleware::from_fn(request_id))
        .layer(axum::middleware::from_fn(count_request))
        .layer(Extension(state))
        .with_state(options)
}

/// The app's routes, listed once per process. Listing them runs the app with resource loading
/// suppressed by a process-wide flag (leptos#4773): a page that another router in this process
/// (the tests and benches build many) starts rendering in that moment would wait forever for
/// its resources. Once listed, no later router lists them again.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The client (WASM, its JS glue, the style sheet) from the site's package folder: the build's
/// brotli or gzip file where the browser takes one (`cargo leptos build --precompress`), and
/// "304 Not Modified" to a browser that has the file already (`If-Modified-Since`). Leptos's
/// own file handler, the fallback for the rest of the site, passes on no conditional headers.
fn client_files(options: &LeptosOptions) -> tower_http::services::ServeDir {
    let dir = std::path::Path::new(&*options.site_root).join(&*options.site_pkg_dir);
    tower_http::services::ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
}

/// The metrics application, for its own address (`KEYTURN_METRICS_ADDR`): `GET /metrics`.
pub fn metrics_router(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(metrics))
        .layer(Extension(state))
}

async fn metrics(Extension(state): Extension<AppState>) -> Response {
    (
        [(header::CONTENT_TYPE, crate::server::metrics::CONTENT_TYPE)],
        state.metrics.render(),
    )
        .into_response()
}

/// Counts every answered request, by kind and status, and times it.
async fn count_request(
    Extension(state): Extension<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let started = std::time::Instant::now();
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    state
        .metrics
        .request(&path, response.status().as_u16(), started.elapsed());
    response
}

/// The request id header, on every response (and taken from a request that brings a
/// well-formed one, so a proxy's id carries through).
const REQUEST_ID: &str = "x-request-id";

/// Gives every request an id: every log line written while it is handled names it (a span
/// `request{id=…}`), and the response carries it in `X-Request-Id`, so a person's report of a
/// failure finds its log lines. A request's own id is kept only when it is 1 to 64 letters,
/// digits, `-`, `_` or `.` (nothing that could forge a log line); otherwise a new one is made.
async fn request_id(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    use tracing::Instrument;
    let given = request
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|id| {
            (1..=64).contains(&id.len())
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        })
        .map(str::to_string);
    let id = given.unwrap_or_else(|| {
        use rand::RngCore;
        let mut bytes = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        hex::encode(bytes)
    });
    let span = tracing::info_span!("request", id = %id);
    let mut response = next.run(request).instrument(span).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    response
}

/// `GET /healthz`: 200 "ok" when the database answers, 503 otherwise.
async fn healthz(Extension(state): Extension<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok\n").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response()
        }
    }
}

/// The common-password list for the browser's live checklist: the shipped gzip file as is,
/// which every browser decompresses on the fly.
async fn common_passwords() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CONTENT_ENCODING, "gzip"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        COMMON_PASSWORDS_GZ,
    )
        .into_response()
}

/// A request a server function cannot even decode (a duplicated field, a body over the size
/// limit) is answered with 500 before our code runs, though it is the client's mistake: the
/// body is then our `Invalid` error, and the status becomes 400.
async fn malformed_is_bad_request(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let path = request.uri().path();
    let server_function = path.starts_with("/api/") || path == LANGUAGE_PATH;
    let response = next.run(request).await;
    if !server_function || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024)
        .await
        .unwrap_or_default();
    if bytes.starts_with(br#"{"Invalid""#) {
        parts.status = StatusCode::BAD_REQUEST;
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

const UNKNOWN_LANGUAGE: &str = "Unknown language: use en or de.\n";

/// The language switch's form: `lang` (`en`, `de`) and `back`, the page it was on.
#[derive(serde::Deserialize)]
struct LanguageChoice {
    lang: String,
    #[serde(default)]
    back: String,
}

/// Keeps a person's choice of language for a year and sends them back to their page ("303 See
/// Other", so the browser fetches it again, now in that language). Only a path on this site is
/// followed: anything else (another host, `//host`, a backslash the browser would read as a
/// slash) goes to the sign-in page instead, so the form cannot be made an open redirect. An
/// unknown language is a clear 400 and sets nothing.
async fn set_language(
    Extension(state): Extension<AppState>,
    choice: Result<axum::extract::Form<LanguageChoice>, FormRejection>,
) -> Response {
    // A missing, repeated or undecodable field gets the same answer as an unknown language,
    // not the extractor's own wording.
    let Some(choice) = choice.ok().map(|form| form.0) else {
        return (StatusCode::BAD_REQUEST, UNKNOWN_LANGUAGE).into_response();
    };
    let Ok(locale) = choice.lang.parse::<Locale>() else {
        return (StatusCode::BAD_REQUEST, UNKNOWN_LANGUAGE).into_response();
    };
    let back = if is_local_path(&choice.back) {
        choice.back.as_str()
    } else {
        "/"
    };
    let secure = if state.config.public_url.scheme() == "https" {
        "; Secure"
    } else {
        ""
    };
    // HttpOnly: the server reads the cookie and writes the language into `<html lang>`,
    // where the client takes it from; no script needs to see it.
    let cookie = format!(
        "{LANGUAGE_COOKIE}={locale}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}"
    );
    let (Ok(cookie), Ok(location)) = (HeaderValue::from_str(&cookie), HeaderValue::from_str(back))
    else {
        return (StatusCode::BAD_REQUEST, "Malformed request.\n").into_response();
    };
    (
        StatusCode::SEE_OTHER,
        [(header::SET_COOKIE, cookie), (header::LOCATION, location)],
    )
        .into_response()
}

/// A path on this site: one leading slash, then no second slash or backslash right after it,
/// and nothing a header could not carry.
fn is_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && path.len() <= 2048
        && path.chars().all(|c| c.is_ascii_graphic())
}

/// Every server function changes state or reads a person's data, so one called from another
/// site (a form or script on another origin, a sibling subdomain included) is refused before it
/// runs, hydrated and plain form posts alike. Browsers say where a request comes from in
/// `Sec-Fetch-Site`; older ones only in `Origin`, which must then be `KEYTURN_PUBLIC_URL`'s. A
/// request with neither (a programmatic client, no browser involved) carries no ambient
/// credentials of a victim's and passes.
async fn refuse_cross_site(
    Extension(state): Extension<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let path = request.uri().path();
    let server_function = path.starts_with("/api/") || path == LANGUAGE_PATH;
    if server_function && request.method() != axum::http::Method::GET {
        let headers = request.headers();
        let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
        let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
        let public = state.config.public_url.origin().ascii_serialization();
        let allowed = match (fetch_site, origin) {
            (Some(site), _) => site == "same-origin" || site == "none",
            (None, Some(origin)) => origin == public,
            (None, None) => true,
        };
        if !allowed {
            tracing::warn!(path = %request.uri().path(), ?fetch_site, ?origin, "cross-site request refused");
            let body =
                serde_json::to_string(&crate::domain::AppError::CrossSite).unwrap_or_default();
            return (
                StatusCode::FORBIDDEN,
                [(header::CONTENT_TYPE, "application/json")],
                body,
            )
                .into_response();
        }
    }
    next.run(request).await
}

/// With `KEYTURN_EMAIL_RESET=false` the forgotten password by email does not exist: its pages
/// and server functions are not found (the sign-in page has no link to them either). The design
/// gallery exists only in dev mode (`KEYTURN_DEV=1`).
async fn only_offered_flows(
    Extension(state): Extension<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let path = request.uri().path();
    let email_reset = path == crate::api::email_reset::REQUEST_PAGE
        || path.starts_with("/email-reset/")
        || path.starts_with("/api/email-reset/");
    let gallery = path == crate::pages::dev::gallery::GALLERY_PAGE;
    if (email_reset && !state.config.email_reset) || (gallery && !state.config.dev) {
        return (StatusCode::NOT_FOUND, "Not found\n").into_response();
    }
    next.run(request).await
}

/// The Content-Security-Policy of a page: only the app's own scripts, styles and images, and
/// the inline scripts Leptos writes (its hydration script, streamed resources) by this
/// response's nonce; WebAssembly may be compiled; no plugins, no `<base>`, forms post only
/// here, never framed. The QR code's image is an inline SVG, so `data:` images are not needed.
fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// The largest page read to find its nonce (a page is tens of kilobytes).
const PAGE_LIMIT: usize = 4 * 1024 * 1024;

/// Gives a page its CSP, naming the nonce Leptos wrote on the page's own inline scripts (a
/// fresh one per response). It is read from the rendered page rather than passed through
/// Leptos's response options, which under load now and then reached the response without it,
/// leaving a page whose scripts the browser refused. Pages are rendered whole before they are
/// sent, so reading one costs no time to first byte. A page without a nonce (no scripts) gets
/// an unguessable one that matches nothing.
async fn with_page_csp(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, PAGE_LIMIT).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "page too large\n").into_response();
    };
    let nonce = page_nonce(&bytes).map(str::to_string).unwrap_or_else(|| {
        use rand::RngCore;
        let mut unguessable = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut unguessable);
        hex::encode(unguessable)
    });
    if let Ok(csp) = HeaderValue::from_str(&page_csp(&nonce)) {
        parts.headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// The nonce of a page's first `<script … nonce="…">` tag, if it is well formed. Text that
/// came from a request is HTML-escaped (no raw `"` or `<`), so it cannot forge one.
fn page_nonce(page: &[u8]) -> Option<&str> {
    const MARK: &[u8] = b" nonce=\"";
    let at = page.windows(MARK.len()).position(|w| w == MARK)?;
    let tag = page[..at].iter().rposition(|b| *b == b'<')?;
    if !page[tag..].starts_with(b"<script") {
        return None;
    }
    let start = at + MARK.len();
    let len = page[start..].iter().position(|b| *b == b'"')?;
    let nonce = std::str::from_utf8(&page[start..start + len]).ok()?;
    let well_formed = (16..=64).contains(&nonce.len())
        && nonce
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_+/=".contains(&b));
    well_formed.then_some(nonce)
}

/// The Content-Security-Policy of everything that is not a page (server functions, files).
const DEFAULT_CSP: &str =
    "default-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// HSTS on https: two years, subdomains of the portal's host included.
const HSTS: &str = "max-age=63072000; includeSubDomains";

/// Headers for a page that handles passwords: never framed, no referrer leaks, nothing cached
/// but the site's files (and those only when checked again), a strict CSP (a page's own, with its nonce, is set by the shell), and
/// HSTS when the portal is served on https. The forgotten password by email's pages (one holds
/// the reset link's token in its address) send no referrer at all.
async fn security_headers(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let path = request.uri().path();
    let referrer = if path.starts_with(crate::api::email_reset::REQUEST_PAGE) {
        "no-referrer"
    } else {
        "same-origin"
    };
    let https = request
        .extensions()
        .get::<AppState>()
        .is_some_and(|s| s.config.public_url.scheme() == "https");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static(referrer));
    let page = headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if page {
        response = with_page_csp(response).await;
    }
    let not_modified = response.status() == StatusCode::NOT_MODIFIED;
    let headers = response.headers_mut();
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(DEFAULT_CSP),
        );
    }
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    if !headers.contains_key(header::CACHE_CONTROL) {
        // A file of the site (the client, its style, the icon: the only answers that carry a
        // Last-Modified) may be kept, but is checked again on every use: its name stays the
        // same from one release to the next, and a stale client must never meet a newer
        // server. Checking is one round trip answered "304 Not Modified" without the body,
        // and that answer must say the same, or the browser would drop the file it kept.
        // Everything else (pages, server functions) is never stored.
        let file = headers.contains_key(header::LAST_MODIFIED) || not_modified;
        if file {
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        } else {
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            // A page's language and content follow `Accept-Language` and the cookies; say so,
            // so that a cache which ignored "no-store" still could not hand one person's page
            // to another. (An answer that sets its own caching, such as the common-password
            // list, is the same for everyone and keeps its own.)
            headers.append(
                header::VARY,
                HeaderValue::from_static("Accept-Language, Cookie"),
            );
        }
    }
    response
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_page_nonce_is_read_from_its_first_script_tag() {
        let page =
            br#"<html><head><script type="module" nonce="Q-CXA2hOSh9IREkym5LYGA">x</script>"#;
        assert_eq!(super::page_nonce(page), Some("Q-CXA2hOSh9IREkym5LYGA"));
        // Not a script's, too short, or not closed: none.
        let img = br#"<img nonce="Q-CXA2hOSh9IREkym5LYGA">"#;
        assert_eq!(super::page_nonce(img), None);
        assert_eq!(super::page_nonce(br#"<script nonce="short">"#), None);
        let open = br#"<script nonce="Q-CXA2hOSh9IREkym5LYGA"#;
        assert_eq!(super::page_nonce(open), None);
        assert_eq!(super::page_nonce(b"<p>no scripts</p>"), None);
    }
}

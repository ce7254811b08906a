//! `Client`: a browser driving the router with `tower::ServiceExt::oneshot`, keeping the flow
//! cookie between requests.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use tower::ServiceExt;

use super::TestApp;

/// How long a request may take to be answered in full, the slowest (fifty parallel password
/// hashes on two cores) included.
const ANSWER_WITHIN: std::time::Duration = std::time::Duration::from_secs(120);

/// A browser: keeps its cookies (the flow's, the sign-in's, the session's) between requests.
#[derive(Clone)]
pub struct Client {
    router: Router,
    /// name → value, as a browser's cookie jar holds them for this site.
    pub cookies: std::collections::BTreeMap<String, String>,
    addr: SocketAddr,
}

#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub body: String,
    #[allow(dead_code, reason = "the benches read status and body only")]
    pub headers: axum::http::HeaderMap,
}

#[allow(dead_code, reason = "the benches read status and body only")]
impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|_| panic!("not JSON: {}", self.body))
    }
}

impl Client {
    pub fn new(router: Router, addr: SocketAddr) -> Client {
        Client {
            router,
            cookies: Default::default(),
            addr,
        }
    }

    /// A server function call as the hydrated page makes it.
    pub async fn call(&mut self, function: &str, form: &[(&str, &str)]) -> Reply {
        self.request(
            "POST",
            &format!("/api/{function}"),
            form,
            "application/json",
        )
        .await
    }

    pub async fn request(
        &mut self,
        method: &str,
        path: &str,
        form: &[(&str, &str)],
        accept: &str,
    ) -> Reply {
        self.send(method, path, form, accept, &[]).await
    }

    async fn send(
        &mut self,
        method: &str,
        path: &str,
        form: &[(&str, &str)],
        accept: &str,
        headers: &[(&str, &str)],
    ) -> Reply {
        let body = form
            .iter()
            .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, accept);
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            req = req.header(header::COOKIE, jar.join("; "));
        }
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        let mut req = req.body(Body::from(body)).unwrap();
        req.extensions_mut().insert(ConnectInfo(self.addr));
        // An answer that never ends is a failure with its address, not a suite that hangs.
        tokio::time::timeout(ANSWER_WITHIN, self.answer(req))
            .await
            .unwrap_or_else(|_| panic!("{method} {path}: no whole answer within {ANSWER_WITHIN:?}"))
    }

    async fn answer(&mut self, req: Request<Body>) -> Reply {
        let res = self.router.clone().oneshot(req).await.unwrap();
        for value in res.headers().get_all(header::SET_COOKIE) {
            let text = value.to_str().unwrap();
            let pair = text.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if text.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_string(), value.to_string());
            }
        }
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            headers,
        }
    }
}

/// What only the tests use: the benches make server function calls and nothing else.
#[allow(dead_code, reason = "the benches make server function calls only")]
impl Client {
    /// Sends this browser's next requests to another instance (as a load balancer would).
    pub fn switch_to(&mut self, app: &TestApp) {
        self.router = app.router.clone();
    }

    /// A server function call with extra request headers.
    pub async fn request_with(
        &mut self,
        method: &str,
        path: &str,
        form: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Reply {
        self.send(method, path, form, "application/json", headers)
            .await
    }

    /// Replaces the whole jar with one cookie (a forged or planted one, say).
    pub fn set_only_cookie(&mut self, name: &str, value: &str) {
        self.cookies.clear();
        self.cookies.insert(name.into(), value.into());
    }

    /// The value of one cookie, if the jar has it.
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies.get(name).map(String::as_str)
    }

    pub async fn get(&mut self, path: &str) -> Reply {
        self.request("GET", path, &[], "text/html").await
    }

    pub async fn state(&mut self) -> serde_json::Value {
        let r = self.call("reset/state", &[]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.json()
    }

    /// The name of the current step ("UserId", "Authenticator", "Pin", …).
    pub async fn step(&mut self) -> String {
        let state = self.state().await;
        match &state["step"] {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Object(o) => o.keys().next().unwrap().clone(),
            other => panic!("unexpected step {other}"),
        }
    }
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

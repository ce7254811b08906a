//! The operator's numbers, in the Prometheus text format, served on their own address
//! (`KEYTURN_METRICS_ADDR`) so that they are never public: requests, factor outcomes, locks,
//! deliveries by result, messages waiting, hashes waiting for a core.
//!
//! Labels take values from small fixed sets only (a request's kind, a status code, a factor's
//! name), never a User ID, an address or a path, so a probe cannot grow the series without end.
//! The counters are per process; Prometheus sums them over instances.

use std::sync::Arc;
use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

/// The content type of [`Metrics::render`]'s text (OpenMetrics, which Prometheus reads).
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    /// `page`, `api` (server functions), `asset` or `other`.
    kind: &'static str,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct KindLabels {
    kind: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct FactorLabels {
    /// The lockout's name for it: `password`, `totp`, `pin`, `recovery_code`.
    factor: String,
    /// `passed` or `failed`.
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct LockLabels {
    /// `timed` (until KEYTURN_LOCKOUT_SECONDS pass) or `permanent` (until an administrator).
    kind: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct DeliveryLabels {
    channel: &'static str,
    /// `sent`, `failed` (the provider is down or refused us), `rejected` (this recipient
    /// only), `not_configured`, `expired` (a queued message that ran out of time unsent).
    result: &'static str,
}

/// Every metric of one process. Cheap to clone (each metric is shared).
#[derive(Clone)]
pub struct Metrics {
    registry: Arc<Registry>,
    requests: Family<RequestLabels, Counter>,
    request_seconds: Family<KindLabels, Histogram>,
    factors: Family<FactorLabels, Counter>,
    locks: Family<LockLabels, Counter>,
    deliveries: Family<DeliveryLabels, Counter>,
    /// Messages in the durable queue, not yet delivered (over all instances: they share the
    /// database), as this instance's worker last counted them.
    pub messages_waiting: Gauge,
    /// Password hashes waiting for a core (see `factors::passwords::Hasher`).
    pub hashes_waiting: Gauge,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

fn request_histogram() -> Histogram {
    // 1 ms to about 16 s: a page is milliseconds, a step with a hash hundreds of them.
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("keyturn");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by kind (page, api, asset, other) and status",
            requests.clone(),
        );
        let request_seconds =
            Family::<KindLabels, Histogram>::new_with_constructor(request_histogram as fn() -> _);
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request, by kind",
            request_seconds.clone(),
        );
        let factors = Family::<FactorLabels, Counter>::default();
        registry.register(
            "factor_outcomes",
            "Factors checked, by factor and outcome (passed, failed)",
            factors.clone(),
        );
        let locks = Family::<LockLabels, Counter>::default();
        registry.register(
            "locks",
            "Accounts and User IDs locked after failed attempts, by kind (timed, permanent)",
            locks.clone(),
        );
        let deliveries = Family::<DeliveryLabels, Counter>::default();
        registry.register(
            "deliveries",
            "Emails and SMS handed to their provider, by channel and result",
            deliveries.clone(),
        );
        let messages_waiting = Gauge::default();
        registry.register(
            "messages_waiting",
            "Messages in the queue, not yet delivered (all instances)",
            messages_waiting.clone(),
        );
        let hashes_waiting = Gauge::default();
        registry.register(
            "hashes_waiting",
            "Password hashes waiting for a core (one permit per core)",
            hashes_waiting.clone(),
        );
        Self {
            registry: Arc::new(registry),
            requests,
            request_seconds,
            factors,
            locks,
            deliveries,
            messages_waiting,
            hashes_waiting,
        }
    }

    /// One answered request. `path` only picks the kind; it is not a label.
    pub fn request(&self, path: &str, status: u16, took: Duration) {
        let kind = request_kind(path);
        self.requests
            .get_or_create(&RequestLabels { kind, status })
            .inc();
        self.request_seconds
            .get_or_create(&KindLabels { kind })
            .observe(took.as_secs_f64());
    }

    /// One guess at a factor (`password`, `authenticator`, `pin`, …) and how it ended.
    /// Every guess is claimed and settled by `guard::lockout`, which calls this.
    pub fn factor(&self, factor: &str, passed: bool) {
        self.factors
            .get_or_create(&FactorLabels {
                factor: factor.to_string(),
                outcome: if passed { "passed" } else { "failed" },
            })
            .inc();
    }

    /// A lock set: `permanent` when only an administrator lifts it.
    pub fn locked(&self, permanent: bool) {
        let kind = if permanent { "permanent" } else { "timed" };
        self.locks.get_or_create(&LockLabels { kind }).inc();
    }

    /// One message's delivery attempt and how it ended.
    pub fn delivery(&self, channel: &'static str, result: &'static str) {
        self.deliveries
            .get_or_create(&DeliveryLabels { channel, result })
            .inc();
    }

    /// Everything, in the text format ([`CONTENT_TYPE`]).
    pub fn render(&self) -> String {
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry)
            .expect("writing to a String cannot fail");
        text
    }
}

/// The kind of request a path is, for the request counters.
fn request_kind(path: &str) -> &'static str {
    if path.starts_with("/api/") {
        "api"
    } else if path.starts_with("/pkg/") || path == "/favicon.svg" || path == "/common-passwords.txt"
    {
        "asset"
    } else if path == "/healthz" {
        "other"
    } else {
        "page"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factor_outcomes_and_locks_are_counted() {
        let m = Metrics::new();
        m.factor("pin", false);
        m.factor("pin", false);
        m.factor("authenticator", true);
        m.locked(false);
        m.locked(true);
        let text = m.render();
        assert!(text.contains(r#"keyturn_factor_outcomes_total{factor="pin",outcome="failed"} 2"#));
        assert!(text.contains(
            r#"keyturn_factor_outcomes_total{factor="authenticator",outcome="passed"} 1"#
        ));
        assert!(text.contains(r#"keyturn_locks_total{kind="timed"} 1"#));
        assert!(text.contains(r#"keyturn_locks_total{kind="permanent"} 1"#));
    }

    #[test]
    fn paths_are_kinds_not_labels() {
        let m = Metrics::new();
        m.request("/api/reset_start", 200, Duration::from_millis(3));
        m.request("/some/probe/../path", 404, Duration::from_millis(1));
        m.request("/pkg/keyturn.wasm", 200, Duration::from_millis(1));
        let text = m.render();
        assert!(text.contains(r#"keyturn_http_requests_total{kind="api",status="200"} 1"#));
        assert!(text.contains(r#"keyturn_http_requests_total{kind="page",status="404"} 1"#));
        assert!(text.contains(r#"keyturn_http_requests_total{kind="asset",status="200"} 1"#));
        assert!(!text.contains("probe"));
        assert!(text.ends_with("# EOF\n"));
    }
}

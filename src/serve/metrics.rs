//! What the service counts, as `GET /metrics` serves it in the Prometheus text format
//! (OpenMetrics): requests by route and status, the seconds each render took, the documents
//! and pages rendered, and the jobs waiting for a worker.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// The labels of a request: the route's pattern (not the path, so the set stays bounded) and
/// the status code.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    /// The route, e.g. "/v1/render" or "/v1/dossiers/{*path}".
    pub route: String,
    /// The HTTP status code.
    pub status: u16,
}

/// The service's counters.
pub struct Metrics {
    registry: Registry,
    /// Requests answered, by route and status.
    pub requests: Family<RequestLabels, Counter>,
    /// Seconds per render (check, layout, export and packing), successful or not.
    pub render_seconds: Histogram,
    /// Documents rendered (the complete dossier counted).
    pub documents: Counter,
    /// Pages rendered.
    pub pages: Counter,
    /// Jobs waiting for a worker, as last seen.
    pub queue_depth: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("hoso");
        let requests = Family::<RequestLabels, Counter>::default();
        let render_seconds = Histogram::new(exponential_buckets(0.05, 2.0, 10));
        let (documents, pages, queue_depth) = (Counter::default(), Counter::default(), Gauge::default());
        registry.register("http_requests", "Requests answered, by route and status", requests.clone());
        registry.register("render_seconds", "Seconds per render request, check to archive", render_seconds.clone());
        registry.register("documents_rendered", "Documents rendered, the complete dossier counted", documents.clone());
        registry.register("pages_rendered", "Pages rendered", pages.clone());
        registry.register("queue_depth", "Jobs waiting for a worker", queue_depth.clone());
        Metrics { registry, requests, render_seconds, documents, pages, queue_depth }
    }
}

impl Metrics {
    /// The text `GET /metrics` answers.
    pub fn text(&self) -> String {
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry).expect("writing to a String");
        out
    }
}
